"""The prose of a report: title → 机关名称 and 年度, the opening paragraph, the six sections.

Section headings are recognised by their numeral and their key words, in order, so the common
variants (“五、政府信息公开工作存在的主要问题及改进情况”, “四、因政府信息公开申请行政复议、提起行政诉讼的情况”)
are accepted, and a “一、…” inside a section's own text is not mistaken for a new section.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from gov_report_desktop.domain.editions import SectionKey

# (numeral, section, words one of which the heading must contain)
SECTION_HEADINGS: tuple[tuple[str, SectionKey, tuple[str, ...]], ...] = (
    ("一", SectionKey.OVERVIEW, ("总体情况", "概述", "基本情况")),
    ("二", SectionKey.PROACTIVE, ("主动公开",)),
    ("三", SectionKey.REQUESTS, ("申请",)),
    ("四", SectionKey.APPEALS, ("复议", "诉讼")),
    ("五", SectionKey.PROBLEMS, ("问题", "改进")),
    ("六", SectionKey.OTHER, ("其他需要报告", "其他事项", "其他需报告")),
)
MAX_HEADING_LENGTH = 40
_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．,，]\s*(.*)$", re.DOTALL)
_PAGE_NUMBER = re.compile(r"^[\s\-—–－―一]*\d{1,3}[\s\-—–－―一]*$")
_TITLE_END = re.compile(r"(工作)?年度?报告$|年报$")
_TITLE_YEAR = re.compile(r"^(?P<agency>.*?)(?P<year>(19|20)\d{2})\s*年度?\s*(?P<rest>.*)$")
_PERIOD_YEAR = re.compile(r"统计(期限|时间|区间|期间|周期)[^0-9]{0,12}((19|20)\d{2})\s*年")
_ANY_YEAR = re.compile(r"((19|20)\d{2})\s*年")
_PLACEHOLDERS = frozenset({"（文字描述）", "(文字描述)", "（文字描述，收取信息处理费情况在此处报告。）"})
_TITLE_STOP = re.compile(r"政府信息公开(工作)?年度报告$")


@dataclass
class Prose:
    agency: str = ""
    year: int | None = None
    year_source: str = ""  # "title" / "period" / "frequent" / ""
    title: str = ""
    preamble: str = ""
    texts: dict[SectionKey, str] = field(default_factory=dict)
    headings: dict[SectionKey, str] = field(default_factory=dict)


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _clean(text: str) -> str:
    """Outer whitespace only: the clerk's own characters (full-width brackets …) are kept."""
    return text.strip()


def heading_key(text: str) -> str:
    """A heading without the differences nobody reads as wording: width, spaces, 、 vs ．."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"^([一二三四五六])[、.,，]", r"\1、", compact)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip())) and any(ch.isdigit() for ch in text)


def match_heading(text: str, after: int) -> tuple[int, SectionKey, str] | None:
    """(index, section, body text after the heading) when `text` starts a section later than `after`."""
    match = _HEADING.match(text)
    if not match:
        return None
    numeral, rest = match.group(1), match.group(2)
    for index, (expected, key, words) in enumerate(SECTION_HEADINGS):
        if expected != numeral or index <= after:
            continue
        head = rest[:MAX_HEADING_LENGTH]
        if not any(w in head for w in words):
            return None
        return index, key, _body_after_heading(rest, len(text.strip()) <= MAX_HEADING_LENGTH)
    return None


def _body_after_heading(rest: str, short: bool) -> str:
    """A heading run into its first paragraph (web pages often lose the break): split after the
    first 情况/事项. Without such an ending a long line is kept whole, so no text is lost."""
    ends = [(position, end) for end in ("情况", "事项") if 0 <= (position := rest.find(end)) < MAX_HEADING_LENGTH]
    if not ends:
        return "" if short else rest
    position, end = min(ends)
    body = rest[position + len(end) :].strip()
    for placeholder in sorted(_PLACEHOLDERS, key=len, reverse=True):
        body = body.removeprefix(placeholder).strip()
    return body


def _title_lines(lines: list[str]) -> tuple[str, int]:
    """The title, possibly on several lines, ending with 年度报告; and how many lines it took."""
    for count in range(1, min(4, len(lines)) + 1):
        candidate = "".join(lines[:count])
        if _TITLE_END.search(candidate.replace(" ", "")) and len(candidate) <= 80:
            return candidate, count
        if len(candidate) > 80:
            break
    return "", 0


def parse_title(title: str) -> tuple[str, int | None]:
    """(机关名称, 年度) from `淮安市人民政府 2024年政府信息公开工作年度报告`-like titles."""
    compact = re.sub(r"\s+", "", title).translate(_FULL_WIDTH_DIGITS)
    match = _TITLE_YEAR.match(compact)
    if match:
        agency = match.group("agency").strip()
        if not agency:  # 2019年上海市人民政府办公厅政府信息公开工作年度报告: the agency follows the year
            agency = _TITLE_STOP.sub("", match.group("rest"))
            agency = "" if agency == match.group("rest") else agency
        return agency, int(match.group("year"))
    agency = _TITLE_STOP.sub("", compact)
    return (agency if agency != compact else ""), None


_COMPILED_BY = (
    re.compile(r"本报告(?:是)?由(?P<agency>[^，,。；《]{2,40}?)(?:根据|依据|按照|依照|编制|负责|组织|汇总)"),
    re.compile(
        r"^(?P<agency>[^，,。；《]{2,40}?)(?:根据|依据|按照|依照)《[^》]{2,40}》[^。]{0,60}?(?:要求|规定)[^。]{0,8}编制"
    ),
)


def agency_from_opening(preamble: str) -> str:
    """ "本报告由XX编制" / "XX根据《条例》要求编制本报告": the agency the title did not name."""
    text = re.sub(r"\s+", "", preamble)
    for pattern in _COMPILED_BY:
        match = pattern.search(text)
        if match and not any(word in match.group("agency") for word in ("本报告", "本机关", "我")):
            return match.group("agency")
    return ""


def year_from_text(text: str) -> tuple[int | None, str]:
    period = _PERIOD_YEAR.search(text)
    if period:
        return int(period.group(2)), "period"
    years = Counter(int(m.group(1)) for m in _ANY_YEAR.finditer(text))
    if years:
        return years.most_common(1)[0][0], "frequent"
    return None, ""


def read_prose(paragraphs: list[str]) -> Prose:
    lines = [_clean(p) for p in paragraphs]
    lines = [line for line in lines if line and not is_page_number(line)]
    prose = Prose()
    first_heading = next((i for i, line in enumerate(lines) if match_heading(line, -1)), len(lines))
    title, used = _title_lines(lines[:first_heading])
    prose.title = title
    if title:
        prose.agency, prose.year = parse_title(title)
        prose.year_source = "title" if prose.year else ""
    preamble = lines[used:first_heading]
    prose.preamble = "\n".join(preamble)
    if not prose.agency:
        prose.agency = agency_from_opening(prose.preamble)
    if prose.year is None:
        prose.year, prose.year_source = year_from_text("\n".join(lines))
    _split_sections(lines[first_heading:], prose)
    return prose


def _split_sections(lines: list[str], prose: Prose) -> None:
    current: SectionKey | None = None
    index = -1
    collected: dict[SectionKey, list[str]] = {}
    for line in lines:
        heading = match_heading(line, index)
        if heading:
            index, current, body = heading
            prose.headings[current] = line if not body else line[: len(line) - len(body)].strip()
            collected[current] = [body] if body else []
            continue
        if current is not None and line not in _PLACEHOLDERS:
            collected[current].append(line)
    prose.texts = {key: "\n".join(value) for key, value in collected.items()}
