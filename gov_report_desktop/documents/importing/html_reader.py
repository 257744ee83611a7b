"""Read a saved web page into blocks: paragraphs and tables in document order.

Government sites serve UTF-8 and GBK alike, so the encoding comes from a BOM, the meta charset or
a strict UTF-8 attempt, with GB18030 (a superset of GBK/GB2312) as the fallback. Scripts, styles and
navigation are dropped; layout tables that hold the whole page are walked into, not read as data.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from .safety import ReportImportError, read_html_bytes
from .tables import Block, Grid, PageTitle, Paragraph, RawCell, build_grid

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
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


def decode_html(data: bytes, name: str) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    if b"\x00" in data[:8192]:
        raise ReportImportError(f"「{name}」不是网页文件（含有二进制数据），无法导入。")
    declared = _declared_charset(data)
    if declared and declared not in ("utf-8", "utf8"):
        encoding = "gb18030" if declared in _GB_FAMILY else declared
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:16384])
    return match.group(1).decode("ascii").lower() if match else None


def read_html(path: Path) -> list[Block]:
    text = decode_html(read_html_bytes(path), path.name)
    if "<" not in text:
        raise ReportImportError(f"「{path.name}」不是网页文件（没有找到任何 HTML 标记），无法导入。")
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReportImportError(f"网页「{path.name}」无法解析：{exc}") from exc
    page_title = root.findtext(".//title") or ""
    for element in list(root.iter(*_DROP)):
        parent = element.getparent()
        if parent is not None:
            _remove_keep_tail(element)
    walker = _Walker()
    walker.walk(root)
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

    def flush(self) -> None:
        text = "".join(self.buffer).strip()
        self.buffer.clear()
        if text:
            self.blocks.append(Paragraph(text))

    def walk(self, element: etree._Element) -> None:
        tag = _tag(element)
        if tag == "table" and not _is_layout_table(element):
            self.flush()
            self.tables += 1
            self.blocks.append(_table(element, self.tables))
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
    digits = re.match(r"\s*(\d+)", cell.get(name, "") or "")
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


def _table(table: etree._Element, number: int) -> Grid:
    rows = [
        [RawCell(_cell_text(c), colspan=_span(c, "colspan"), rowspan=_span(c, "rowspan")) for c in _own_cells(tr)]
        for tr in _own_rows(table)
    ]
    return build_grid(rows, number)
