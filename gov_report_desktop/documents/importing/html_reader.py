"""Read a saved web page into blocks: paragraphs and tables in document order.

Government sites serve UTF-8 and GBK alike, so the encoding comes from a BOM, a strict UTF-8
attempt (a page declared GBK is often UTF-8 after all), the declared charset when it is a real text
encoding, with GB18030 (a superset of GBK/GB2312) as the fallback. Scripts, styles and navigation
are dropped; layout tables that hold the whole page are walked into, not read as data.

Hostile pages stay bounded: the element count is capped before parsing (the tree costs memory per
element), spans are capped before the grid is expanded, and a DOCTYPE with an internal subset is
removed rather than shown as text.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from .safety import ReportImportError, read_html_bytes
from .tables import (
    MAX_GRID_COLUMNS,
    MAX_GRID_ROWS,
    Block,
    CellBudget,
    Grid,
    PageTitle,
    Paragraph,
    RawCell,
    TooManyCells,
    build_grid,
)

_DROP = ("script", "style", "noscript", "nav", "iframe", "object", "embed", "template", "select", "button", "head")
_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "blockquote",
        "pre",
        "center",
        "dd",
        "dt",
        "dl",
        "form",
        "tr",
        "td",
        "th",
        "caption",
        "body",
    ]
)
_CHARSET = re.compile(rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# Real text encodings a Chinese government page may be in, by Python's canonical codec name. Any
# other codec named in a page (punycode, rot13, zlib, uu …) is ignored: some are not text
# encodings at all, and some take minutes on a large page.
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "hz"})
_TEXT_ENCODINGS = _GB_FAMILY | {
    "big5",
    "big5hkscs",
    "cp950",
    "latin-1",
    "iso8859-1",
    "cp1252",
    "ascii",
    "shift_jis",
    "euc_jp",
    "euc_kr",
}
# Tags a page may hold before it is refused: a saved report page has a few thousand, a whole
# portal page with its navigation some tens of thousands; the parsed tree costs ~0.3 KB per element.
MAX_HTML_TAGS = 200_000
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[[^\]]*\]\s*>", re.IGNORECASE)


def decode_html(data: bytes, name: str) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    if b"\x00" in data[:8192]:
        raise ReportImportError(f"「{name}」不是网页文件（含有二进制数据），无法导入。")
    try:
        return data.decode("utf-8")  # Chinese text in GBK practically never passes a strict UTF-8 decode
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    encoding = "gb18030" if declared is None or declared in _GB_FAMILY else declared
    return data.decode(encoding, errors="replace")


def _declared_charset(data: bytes) -> str | None:
    """The declared encoding's canonical name, when it is one of the real text encodings."""
    match = _CHARSET.search(data[:16384])
    if match is None:
        return None
    try:
        canonical = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return canonical if canonical in _TEXT_ENCODINGS else None


def _markup(text: str, name: str) -> str:
    """The page ready for lxml.html: no XML declaration (lxml refuses one in a str), no DOCTYPE
    internal subset (the HTML parser would show its "]>" as text), a bounded element count."""
    if "<" not in text:
        raise ReportImportError(f"「{name}」不是网页文件（没有找到任何 HTML 标记），无法导入。")
    if text.count("<") > MAX_HTML_TAGS * 2:
        raise ReportImportError(
            f"网页「{name}」的标记多得异常（超过 {MAX_HTML_TAGS * 2} 个），不像是年度报告，已拒绝读取。"
        )
    head, rest = text[:65536], text[65536:]
    head = _DOCTYPE_SUBSET.sub("", _XML_DECLARATION.sub("", head, count=1), count=1)
    return head + rest


MAX_PAGE_TITLE = 500  # a <title> is one line; a hostile one is cut, not carried around


def read_html(path: Path) -> list[Block]:
    text = _markup(decode_html(read_html_bytes(path), path.name), path.name)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReportImportError(f"网页「{path.name}」无法解析，文件可能已损坏或不是网页。") from exc
    del text  # the tree holds the page now; the string is as large again
    page_title = (root.findtext(".//title") or "")[:MAX_PAGE_TITLE]
    for element in list(root.iter(*_DROP)):
        parent = element.getparent()
        if parent is not None:
            _remove_keep_tail(element)
    walker = _Walker()
    try:
        walker.walk(root)
    except TooManyCells:
        raise ReportImportError(f"网页「{path.name}」的表格合并单元格多得异常，不像是年度报告，已拒绝读取。") from None
    walker.flush()
    return [PageTitle(page_title.strip()), *walker.blocks] if page_title.strip() else walker.blocks


def _remove_keep_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


class _Walker:
    """Collects inline text into paragraphs, flushing at block boundaries and <br>."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.tables = 0
        self.budget = CellBudget()

    def flush(self) -> None:
        if not self.buffer:  # most block boundaries follow another one: nothing to collect
            return
        text = "".join(self.buffer).strip()
        self.buffer.clear()
        if text:
            self.blocks.append(Paragraph(text))

    def walk(self, element: etree._Element) -> None:
        tag = _tag(element)
        if tag == "table" and not _is_layout_table(element):
            self.flush()
            self.tables += 1
            self.blocks.append(_table(element, self.tables, self.budget))
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if element.text and tag:
            self.buffer.append(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)
        if block:
            self.flush()


def _own_rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _own_cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _is_layout_table(table: etree._Element) -> bool:
    """A table used for page layout wraps other tables; read what is inside instead."""
    return any(_tag(d) == "table" for d in table.iterdescendants())


def _span(cell: etree._Element, name: str) -> int:
    digits = re.match(r"\s*(\d{1,6})", cell.get(name, "") or "")  # six digits: far past any span cap
    return int(digits.group(1)) if digits else 1


def _cell_text(cell: etree._Element) -> str:
    parts: list[str] = []

    def visit(element: etree._Element) -> None:
        tag = _tag(element)
        if tag == "br" or (tag in ("p", "div") and parts):
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(cell)
    return "".join(parts)


def _table(table: etree._Element, number: int, budget: CellBudget) -> Grid:
    """Rows and cells past the grid's limits are not even read: their text would be thrown away."""
    own_rows = _own_rows(table)
    rows = [
        [
            RawCell(_cell_text(c), colspan=_span(c, "colspan"), rowspan=_span(c, "rowspan"))
            for c in _own_cells(tr)[:MAX_GRID_COLUMNS]
        ]
        for tr in own_rows[:MAX_GRID_ROWS]
    ]
    return build_grid(rows, number, budget, truncated=len(own_rows) > MAX_GRID_ROWS)
