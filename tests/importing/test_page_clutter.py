"""The report cut out of the text lines of a page (any reader's lines: Word, web page, PDF)."""

from __future__ import annotations

import pytest

from gov_report_desktop.documents.importing.page_clutter import (
    is_site_text,
    split_title,
    title_from_page_title,
    trim_page,
)
from gov_report_desktop.documents.importing.prose import agency_from_opening, parse_title, read_prose
from gov_report_desktop.documents.importing.tables import Block, Paragraph, RawCell, build_grid

TITLE = "云溪县交通运输局2022年政府信息公开工作年度报告"
REPORT = [
    TITLE,
    "本报告由云溪县交通运输局根据《中华人民共和国政府信息公开条例》要求编制。",
    "一、总体情况",
    "2022年，我局认真贯彻落实政务公开工作要求。",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "（二）加强网站搜索功能建设",
    "六、其他需要报告的事项",
    "（一）优化网站搜索功能",
    "本年度未收取信息处理费。",
    "云溪县交通运输局",
    "2023年1月18日",
]


def _texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def _page(header: list[str], footer: list[str], report: list[str] = REPORT) -> list[Block]:
    return [Paragraph(line) for line in [*header, *report, *footer]]


def test_a_plain_report_is_left_as_it_is() -> None:
    trimmed = trim_page(_page([], []))
    assert (_texts(trimmed.blocks), trimmed.dropped) == (REPORT, 0)


def test_header_metadata_and_footer_lines_are_dropped_and_counted() -> None:
    header = [
        "无障碍",
        "长者模式",
        "首页",
        "政务公开",
        "办事服务",
        f"当前位置：首页 > 政府信息公开 > {TITLE}",  # names the report, and is still the site's
    ]
    meta = ["发布日期：2023-01-20", "【字体：大 中 小】【打印】"]
    footer = ["上一篇：关于公路养护的通知", "友情链接", "某某日报", "某某新闻网", "网站标识码：123 某ICP备000号"]
    report = [REPORT[0], *meta, *REPORT[1:]]
    trimmed = trim_page(_page(header, footer, report))
    assert _texts(trimmed.blocks) == REPORT
    assert trimmed.dropped == len(header) + len(meta) + len(footer)


def test_link_lines_after_the_signature_go_even_without_site_words() -> None:
    trimmed = trim_page(_page([], ["某某日报", "某某新闻网"]))
    assert _texts(trimmed.blocks) == REPORT
    assert trimmed.dropped == 2


def test_a_metadata_table_before_the_title_is_dropped() -> None:
    table = build_grid(
        [[RawCell("索引号"), RawCell("001-2023")], [RawCell("发布机构"), RawCell("云溪县交通运输局")]], 1
    )
    trimmed = trim_page([table, *_page(["首页"], [])])
    assert _texts(trimmed.blocks) == REPORT
    assert trimmed.dropped == 3


def test_title_run_into_the_opening_and_footer_run_into_the_last_line() -> None:
    flat = [
        f"{TITLE} 根据《中华人民共和国政府信息公开条例》要求编制本报告。",
        "一、总体情况",
        "全年主动公开信息120条。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。 附件下载 相关链接",
    ]
    trimmed = trim_page([Paragraph(line) for line in flat])
    assert _texts(trimmed.blocks) == [
        TITLE,
        "根据《中华人民共和国政府信息公开条例》要求编制本报告。",
        *flat[1:4],
        "本年度未收取信息处理费。",
    ]


def test_page_metadata_run_into_the_opening_paragraph() -> None:
    lines = [TITLE, "来源：某某县政府 时间：2023-01-20 分享到 相关链接： 根据《条例》编制本报告。", *REPORT[2:]]
    trimmed = trim_page([Paragraph(line) for line in lines])
    assert _texts(trimmed.blocks)[1] == "根据《条例》编制本报告。"


def test_a_site_name_above_a_title_is_no_agency() -> None:
    lines = ["云溪县人民政府门户网站", "2022年政府信息公开工作年度报告", *REPORT[1:]]
    prose = read_prose(_texts(trim_page([Paragraph(line) for line in lines]).blocks))
    assert prose.agency == "云溪县交通运输局"  # from 本报告由…编制


def test_agency_on_the_line_above_a_title_without_it() -> None:
    lines = ["首页", "信息公开", "云溪县交通运输局", "2022年政府信息公开工作年度报告", *REPORT[1:]]
    trimmed = trim_page([Paragraph(line) for line in lines])
    prose = read_prose(_texts(trimmed.blocks))
    assert (prose.agency, prose.year, trimmed.dropped) == ("云溪县交通运输局", 2022, 2)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (TITLE, (TITLE, "")),
        (
            "2019年上海市人民政府办公厅政府信息公开工作年度报告",
            ("2019年上海市人民政府办公厅政府信息公开工作年度报告", ""),
        ),
        (f"{TITLE}（全文）", (f"{TITLE}（全文）", "")),
        (f"{TITLE} 根据《条例》编制。", (TITLE, "根据《条例》编制。")),
        (f"当前位置：首页 > {TITLE}", None),
        ("本报告是根据《条例》编制的2022年政府信息公开工作年度报告。", None),
        ("关于报送年度报告的通知", None),
    ],
)
def test_split_title(line: str, expected: tuple[str, str] | None) -> None:
    assert split_title(line) == expected


def test_title_from_page_title() -> None:
    assert title_from_page_title(f"{TITLE}_云溪县人民政府门户网站") == TITLE
    assert title_from_page_title(f"云溪县政府网 - {TITLE}") == TITLE
    assert title_from_page_title("信息公开") == ""


@pytest.mark.parametrize(
    "line",
    ["（二）加强网站搜索功能建设", "本报告的电子版可在本机关门户网站下载，如有疑问请联系我们。", "2023年1月18日"],
)
def test_report_lines_are_not_site_text(line: str) -> None:
    assert not is_site_text(line)


def test_year_first_title_and_agency_from_the_opening() -> None:
    assert parse_title("2019年上海市人民政府办公厅政府信息公开工作年度报告") == ("上海市人民政府办公厅", 2019)
    assert agency_from_opening("本报告由云溪县交通运输局根据《条例》编制。") == "云溪县交通运输局"
    assert (
        agency_from_opening("云溪县交通运输局根据《中华人民共和国政府信息公开条例》要求编制本报告。")
        == "云溪县交通运输局"
    )
    assert agency_from_opening("本报告根据《条例》要求编制。") == ""


@pytest.mark.parametrize("head", ["云溪县交通运输局2022年", "云溪县交通运输局 2022 年度"])
def test_a_title_set_on_two_lines_is_one_title_and_nothing_is_dropped(head: str) -> None:
    """PDFs of the Word export (and many published reports) print "机关2022年" above "政府信息公开工作年度报告"."""
    report = [head, "政府信息公开工作年度报告", *REPORT[1:]]
    trimmed = trim_page(_page(["首页 政务公开 当前位置：信息公开年报"], [], report))
    texts = _texts(trimmed.blocks)
    assert trimmed.dropped == 1  # the breadcrumb only
    prose = read_prose(texts)
    assert prose.agency == "云溪县交通运输局"
    assert texts[0].startswith("云溪县交通运输局2022年")


def test_a_long_name_broken_inside_its_bracket_joins_the_title() -> None:
    report = ["某市人民政府（市政府办公室", "编制，全市汇总口径）2022年", "政府信息公开工作年度报告", *REPORT[1:]]
    trimmed = trim_page(_page(["网站首页"], [], report))
    assert read_prose(_texts(trimmed.blocks)).agency == "某市人民政府（市政府办公室编制，全市汇总口径）"
