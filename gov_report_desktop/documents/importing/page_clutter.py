"""The report, not the web page around it: site menus, breadcrumbs, metadata and footers are cut away.

A saved web page (or a Word file made from one) carries the site around the report: menus, login
links, 当前位置 breadcrumbs, 索引号/发布时间 metadata, and after the report 附件下载, 友情链接,
网站标识码, ICP备 … The report itself has a shape every site keeps: a title ending in 年度报告, the
numbered sections 一 … 六, and after 六 only its text and perhaps a signature and a date. So the
report is found by that structure, helped by words that only site furniture uses, never by a site's
name. This works on the blocks any reader produces (Word, web page, PDF).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .prose import is_page_number, match_heading
from .tables import Block, Grid, PageTitle, Paragraph

MAX_TITLE_LENGTH = 80
MIN_AGENCY_LENGTH = 4  # "首页", "国务院", "省政府" are menu items, not the agency above a title
MAX_AGENCY_LENGTH = 40
REPORT_LINE_LENGTH = 25  # a line this long is text, not a link or a menu item

# Words only site furniture uses. Strong ones mark a line as the site's even inside a long line
# (a footer "主办：… 网站标识码：… ICP备…"); weak ones only a short line without a sentence.
# A breadcrumb's "›" separators stand between words, never inside markup a clerk typed ("<b>加粗</b>").
_STRONG_SITE_WORDS = re.compile(
    r"当前位置|您的位置|您现在的位置|现在位置|所在位置|网站首页|首页\s*[>＞»/]|[>＞»]\s*[^\s<>/]+\s*[>＞»]"
    r"|附件下载|相关附件|相关链接|相关文章|相关阅读|友情链接|网站标识码|ICP备|ICP证|公网安备|版权所有|Copyright|©"
    r"|主办单位|主办：|承办单位|承办：|技术支持[:：]|建议您使用|浏览器版本|分辨率|打印本页|【打印】|关闭窗口|【关闭】"
    r"|字体[:：]\s*【?大|字号[:：]\s*【?大|分享到|扫一扫|上一篇|下一篇|浏览次数|访问量|阅读次数|点击数"
    r"|发布时间[:：]|发布日期[:：]|来源[:：]|信息来源[:：]|索引号|发布机构[:：]|发文机关[:：]|生成日期|成文日期|主题分类",
    re.IGNORECASE,
)
_WEAK_SITE_WORDS = re.compile(
    r"^首页|登录|注册|退出|无障碍|适老|长者|关怀版|移动版|手机版|English|繁體|繁体|简体|网站地图|搜索|联系我们"
    r"|网站声明|隐私|浏览器|纠错|我要|打印$|关闭$|大\s*中\s*小|二维码|收藏|政务微博|政务微信|公众号|客户端|文号[:：]",
    re.IGNORECASE,
)
_AGENCY = re.compile(
    r"(人民政府|政府|办公厅|办公室|委员会|管委会|局|厅|委|院|署|办|中心|所|站|会|队|处|部|街道|镇|乡|区|县|市|州|盟|旗)$"
)
_SITE_NAME_ENDS = ("网站", "网", "平台", "专栏", "频道", "服务站")  # 某某市人民政府门户网站 is no agency
_TITLE_END = re.compile(r"年度报告|年报")
_TITLE_SUBJECT = ("信息公开", "政务公开")
_NOT_TITLE = ("本报告", "根据", "依据", "按照", "。", "；", "：", ":", "，")
_RUN_IN_BODY = re.compile(r"^\s*(本报告|根据|依据|按照|为|\d{4}\s*年)")
_DATE_LINE = re.compile(r"^\s*(19|20|二[〇○零])\S{2}\s*年\S{1,3}月\S{1,3}日\s*$")
_SENTENCE = re.compile(r"[。；！？，：]")
_ENUMERATION = re.compile(r"^\s*([（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[一二三四五六七八九十]+、)")


@dataclass
class Trimmed:
    blocks: list[Block]
    dropped: int  # lines of site text left out (paragraphs and table rows)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_site_text(text: str) -> bool:
    """A line only site furniture would print: a strong site word, or a weak one in a short line
    that is not a sentence; never a numbered line of the report (（二）加强网站搜索功能)."""
    line = text.strip()
    if not line or len(line) > 200 or _ENUMERATION.match(line):
        return False
    if _STRONG_SITE_WORDS.search(line):
        return not (line.endswith("。") and len(line) > 2 * REPORT_LINE_LENGTH)
    short = len(line) < REPORT_LINE_LENGTH or not _SENTENCE.search(line)
    return short and not line.endswith("。") and _WEAK_SITE_WORDS.search(line) is not None


def is_agency_line(text: str) -> bool:
    line = compact(text)
    return (
        MIN_AGENCY_LENGTH <= len(line) <= MAX_AGENCY_LENGTH
        and not any(ch.isdigit() for ch in line)
        and not _SENTENCE.search(line)
        and not is_site_text(line)
        and _AGENCY.search(line) is not None
        and not line.endswith(_SITE_NAME_ENDS)
    )


_TITLE_HEAD_YEAR = re.compile(r"\s*((?:19|20)\d{2})\s*(年度?)\s*$")


def is_title_head(text: str) -> bool:
    """The first line of a title set on two lines: the agency's name followed by the year ("某某局2024年度").
    The line below is the title's own wording, so the name itself is not judged (it may hold anything)."""
    line = text.strip()
    match = _TITLE_HEAD_YEAR.search(line)
    return (
        match is not None
        and 0 < match.start() <= MAX_TITLE_LENGTH
        and not line.endswith("。")
        and not is_site_text(line)
    )


def _opens_a_bracket(text: str) -> bool:
    line = text.strip()
    return 0 < len(line) <= MAX_TITLE_LENGTH and line.count("（") + line.count("(") > line.count("）") + line.count(")")


def joined_title_head(text: str) -> str:
    """The head line as the start of a one-line title: no spaces around its year."""
    return _TITLE_HEAD_YEAR.sub(r"\1\2", text.strip())


def split_title(text: str) -> tuple[str, str] | None:
    """(title, run-in text) when the line is a report title, maybe run into the first paragraph
    ("…工作年度报告 根据《条例》…"); None for anything else (a breadcrumb naming the report included)."""
    line = text.strip()
    match = _TITLE_END.search(line)
    if match is None or match.end() > MAX_TITLE_LENGTH or is_site_text(line[: match.end()]):
        return None
    head, rest = line[: match.end()], line[match.end() :]
    if not any(word in head for word in _TITLE_SUBJECT) or any(word in head for word in _NOT_TITLE):
        return None
    if not rest.strip() or re.fullmatch(r"\s*[（(][^）)]{0,12}[）)]\s*", rest):
        return line, ""
    if rest[:1].isspace() or _RUN_IN_BODY.match(rest):
        return head, rest.strip()
    return None


def title_from_page_title(text: str) -> str:
    """The report title out of a <title> such as "…年度报告_某某网" or "某某网 - …年度报告"."""
    for part in re.split(r"\s*[_|｜]\s*|\s+[-–—]+\s+", text):
        found = split_title(part)
        if found and not found[1]:
            return found[0]
    return ""


def _is_report_line(text: str) -> bool:
    line = text.strip()
    return (
        len(line) >= REPORT_LINE_LENGTH
        or _SENTENCE.search(line) is not None
        or _DATE_LINE.match(line) is not None
        or _ENUMERATION.match(line) is not None
        or is_agency_line(line)
    )


def _line_count(block: Block) -> int:
    if isinstance(block, Grid):
        return sum(1 for row in block.rows if any(cell.text.strip() for cell in row))
    if isinstance(block, Paragraph):  # a page number is no site text, and no report text either
        return 1 if block.text.strip() and not is_page_number(block.text) else 0
    return 0


def _grid_text(grid: Grid) -> str:
    return " ".join(dict.fromkeys(cell.text.strip() for row in grid.rows for cell in row if cell.text.strip()))


def _is_site_block(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return is_site_text(block.text)
    if isinstance(block, Grid):
        text = _grid_text(block)
        site = _STRONG_SITE_WORDS.search(text) or _WEAK_SITE_WORDS.search(text)
        return site is not None and not any(match_heading(cell.text, -1) for row in block.rows for cell in row)
    return True


class _Page:
    def __init__(self, blocks: list[Block]) -> None:
        self.page_title = next((b.text for b in blocks if isinstance(b, PageTitle)), "")
        self.blocks: list[Block] = [b for b in blocks if not isinstance(b, PageTitle)]
        self.headings = [
            (i, found[1])
            for i, b in enumerate(self.blocks)
            if isinstance(b, Paragraph) and (found := match_heading(b.text, -1)) is not None
        ]

    def text(self, index: int) -> str:
        block = self.blocks[index]
        return block.text if isinstance(block, Paragraph) else ""

    def title_at(self, end: int) -> int | None:
        """The last title line before `end` (the first section heading)."""
        for index in range(end - 1, -1, -1):
            if split_title(self.text(index)):
                return index
        return None

    def start(self, first_heading: int) -> tuple[int, int, list[Block]]:
        """(first block of the report, first block after its title, the title blocks): the title
        split from any run-in text, the agency line above it, or the page's <title> when the page
        shows no title of its own."""
        title = self.title_at(first_heading)
        if title is None:
            menu = [i for i in range(first_heading) if _is_site_block(self.blocks[i]) or not self._opening(i)]
            start = menu[-1] + 1 if menu else 0
            hint = title_from_page_title(self.page_title)
            hinted: list[Block] = [Paragraph(hint)] if hint else []
            return start, start, hinted
        head, rest = split_title(self.text(title)) or ("", "")
        opening: list[Block] = [Paragraph(head)]
        if rest:
            opening.append(Paragraph(rest))
        lacks_agency = re.match(r"^(\d{4}年度?|政府|信息公开|政务公开)", compact(head)) is not None
        if lacks_agency and title > 0 and is_agency_line(self.text(title - 1)):
            return title - 1, title + 1, [self.blocks[title - 1], *opening]
        if lacks_agency and title > 0 and is_title_head(self.text(title - 1)):
            # A title set on two lines ("某某局2024年" / "政府信息公开工作年度报告", as PDFs of the
            # Word export and many published reports print it) is one title; a long name broken
            # inside a bracket ("某某（某某" / "编制）2024年") brings its first part along.
            first = title - 1
            while first > 0 and _opens_a_bracket(self.text(first - 1)):
                first -= 1
            name = "".join(self.text(i).strip() for i in range(first, title - 1))
            joined = name + joined_title_head(self.text(title - 1)) + head
            return first, title + 1, [Paragraph(joined), *opening[1:]]
        return title, title + 1, opening

    def _opening(self, index: int) -> bool:
        return isinstance(self.blocks[index], Paragraph) and _is_report_line(self.text(index))

    def end(self) -> tuple[int, list[Block]]:
        """One past the report's last block (六's text, a signature, a date; not what follows), and
        the report text of a line the site's footer was run into."""
        last_heading = self.headings[-1][0]
        blocks = self.blocks
        end = next((i for i in range(last_heading + 1, len(blocks)) if _is_site_block(blocks[i])), len(blocks))
        while end > last_heading + 2 and not (isinstance(blocks[end - 1], Grid) or _is_report_line(self.text(end - 1))):
            end -= 1
        before_footer = _text_before_footer(self.text(end)) if end < len(blocks) else ""
        return end, [Paragraph(before_footer)] if before_footer else []


def trim_page(blocks: list[Block]) -> Trimmed:
    """The report's own blocks, with a count of the site lines left out. A document with no section
    heading at all is left as it is (there is no structure to trust)."""
    page = _Page(blocks)
    if not page.headings:
        return Trimmed(page.blocks, 0)
    first_heading = page.headings[0][0]
    start, after_title, opening = page.start(first_heading)
    end, last = page.end()
    kept: list[Block] = list(opening)
    dropped = sum(_line_count(b) for b in page.blocks[:start])
    for block in page.blocks[after_title:first_heading]:
        if isinstance(block, Paragraph) and (opening_text := _text_after_header(block.text)):
            kept.append(Paragraph(opening_text))
            dropped += 1
        elif _is_site_block(block):
            dropped += _line_count(block)
        else:
            kept.append(block)
    kept.extend(page.blocks[first_heading:end])
    kept.extend(last)
    dropped += sum(_line_count(b) for b in page.blocks[end:]) - len(last)
    return Trimmed(kept, dropped)


_OPENING_WORDS = re.compile(r"本报告|根据《|依据《|按照《")


def _text_after_header(text: str) -> str:
    """The opening paragraph of a line the page's metadata was run into ("来源：… 时间：… 相关链接：
    根据《条例》…"); "" when the line has no such header."""
    match = _OPENING_WORDS.search(text)
    if match is None or match.start() == 0:
        return ""
    header = text[: match.start()]
    return text[match.start() :] if "。" not in header and is_site_text(header) else ""


def _text_before_footer(text: str) -> str:
    """The report's sentence of a line the footer was run into ("…无收取信息处理费情况。 附件下载",
    a page flattened to text); "" when the line is all site text."""
    for match in _STRONG_SITE_WORDS.finditer(text):
        before = text[: match.start()].rstrip()
        if before.endswith(("。", "；", "！")):
            return before
    return ""
