"""Invented government web sites to wrap the shared real reports in, as saved pages have them.

Every name here is made up (no site of the shared examples): the importer must find the report by
its structure and by the kind of words site furniture uses, never by a site it has seen. A seed
picks one of many combinations: which menus, breadcrumbs, metadata, footers, title order.
"""

from __future__ import annotations

import random

from tests.importing.builders import SitePage, Source

_PLACES = ("青禾市", "云溪县", "北岭区", "临川湾新区", "东篱镇", "石门州")
_SITE_KINDS = ("人民政府门户网站", "政府网", "政务公开网")
_TOP_BARS = (
    ("国务院", "省政府", "移动版", "无障碍", "长者模式", "登录", "注册"),
    ("English", "繁體", "手机版", "政务微博", "政务微信"),
    ("关怀版", "网站地图", "站内搜索"),
)
_MENUS = (
    ("首页", "政务公开", "政务服务", "互动交流", "走进{place}"),
    ("首页", "新闻中心", "信息公开", "办事服务", "公众参与", "数据开放"),
)
_CRUMBS = (
    "当前位置：首页 > 政务公开 > 政府信息公开年报",
    "您现在的位置：首页 » 信息公开 » 年度报告",
    "首页 / 政府信息公开 / 政府信息公开年报",
)
_META = (
    "发布时间：{year1}-01-2{d} 10:3{d}  来源：{place}政务公开办  浏览次数：1{d}3",
    "【字体：大 中 小】 【打印本页】 【关闭窗口】",
    "分享到：",
    "发布日期：{year1}-02-0{d}    信息来源：{place}人民政府办公室",
)
_FOOTERS = (
    ("附件下载",),
    ("上一篇：关于印发{place}政务公开工作要点的通知", "下一篇：{place}{year}年法治政府建设情况报告"),
    ("友情链接", "人民网", "新华网", "中国政府网", "{place}融媒体中心"),
    (
        "主办：{place}人民政府办公室  承办：{place}大数据中心",
        "网站标识码：350{d}000012  某ICP备0501{d}345号-1  某公网安备 350{d}0002000123号",
    ),
    ("建议您使用以下浏览器版本：IE9及以上、Chrome、Firefox，分辨率1366×768",),
    ("扫一扫在手机打开当前页", "打印", "关闭"),
    ("联系我们", "网站声明", "纠错"),
)


def site_page(source: Source, seed: int, year_first: bool = False) -> SitePage:
    """A made-up site around `source` (its title in the order asked), varied by `seed`."""
    rng = random.Random(seed)
    place = rng.choice(_PLACES)
    fields = {"place": place, "year": source.year, "year1": source.year + 1, "d": rng.randrange(10)}

    def fill(lines: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(line.format(**fields) for line in lines)

    title = (
        f"{source.year}年{source.agency}政府信息公开工作年度报告"
        if year_first
        else f"{source.agency}{source.year}年度政府信息公开工作年度报告"
    )
    header = [fill(rng.choice(_TOP_BARS)), (f"{place}{rng.choice(_SITE_KINDS)}",), fill(rng.choice(_MENUS))]
    header.append((rng.choice(_CRUMBS),))
    footers = rng.sample(_FOOTERS, k=rng.randint(3, len(_FOOTERS)))
    return SitePage(
        page_title=rng.choice((f"{title}_{place}{rng.choice(_SITE_KINDS)}", f"{place}政府 - {title}", "信息公开")),
        header=tuple(header),
        meta=fill(tuple(rng.sample(_META, k=rng.randint(1, 3)))),
        meta_table=(("索引号", f"00{seed}-{source.year}-0012"), ("发布机构", source.agency), ("名称", title))
        if rng.random() < 0.5
        else (),
        closing=(source.agency, f"{source.year + 1}年1月{rng.randint(10, 28)}日") if rng.random() < 0.7 else (),
        footer=tuple(fill(f) for f in footers),
        title=(title,),
        menu_as_list=rng.random() < 0.5,
        menu_per_line=rng.random() < 0.5,
    )


def site_words(site: SitePage) -> list[str]:
    """Every line of site text, to check none of it reached the report."""
    lines = [*site.meta, *(i for menu in (*site.header, *site.footer) for i in menu)]
    lines += [f"{k}{v}" for k, v in site.meta_table if k != "名称" and k != "发布机构"]
    return [line for line in lines if line.strip()]
