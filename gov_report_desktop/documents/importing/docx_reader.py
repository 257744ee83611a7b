"""Read a Word file's body into blocks: paragraphs and tables in document order.

word/document.xml is read with a hardened lxml parser (see safety.py), not through python-docx,
so merged cells are resolved from gridSpan / vMerge directly and fields, text boxes and line breaks
are read the way Word shows them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .safety import ReportImportError, parse_word_xml, read_docx_document
from .tables import (
    MAX_GRID_COLUMNS,
    MAX_GRID_ROWS,
    Block,
    CellBudget,
    Grid,
    Paragraph,
    RawCell,
    TooManyCells,
    build_grid,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, T, BR, CR, TAB = (_q(t) for t in ("p", "tbl", "tr", "tc", "t", "br", "cr", "tab"))
TXBX = _q("txbxContent")
SDT, SDT_CONTENT = _q("sdt"), _q("sdtContent")
FALLBACK = f"{{{MC}}}Fallback"
VAL = _q("val")


def read_docx(path: Path) -> list[Block]:
    root = parse_word_xml(read_docx_document(path), path.name)
    body = root.find(_q("body"))
    if body is None:
        return []
    try:
        return _blocks(body)
    except TooManyCells:
        raise ReportImportError(
            f"Word 文档「{path.name}」的表格合并单元格多得异常，不像是年度报告，已拒绝读取。"
        ) from None


def _blocks(body: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    tables = 0
    budget = CellBudget()
    for element in _body_children(body):
        if element.tag == P:
            blocks.extend(Paragraph(text) for text in _textbox_paragraphs(element))
            blocks.append(Paragraph(_paragraph_text(element)))
        elif element.tag == TBL:
            tables += 1
            blocks.append(_table(element, tables, budget))
    return blocks


def _body_children(parent: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables in order, looking inside content controls (w:sdt)."""
    for child in parent:
        if child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _body_children(content)
        elif child.tag in (P, TBL):
            yield child


def _run_text(element: etree._Element, skip_textboxes: bool) -> str:
    """Visible text: w:t (field results included, field codes are w:instrText and skipped)."""
    parts: list[str] = []
    for node in element.iter(T, BR, CR, TAB, TXBX, FALLBACK):
        if _inside_skipped(node, element, skip_textboxes):
            continue
        if node.tag == T:
            parts.append(node.text or "")
        elif node.tag in (BR, CR):
            parts.append("\n")
        elif node.tag == TAB:
            parts.append(" ")
    return "".join(parts)


def _inside_skipped(node: etree._Element, top: etree._Element, skip_textboxes: bool) -> bool:
    """mc:Fallback repeats a text box's content for old Word versions: read it once."""
    for ancestor in node.iterancestors():
        if ancestor is top:
            return False
        if ancestor.tag == FALLBACK or (skip_textboxes and ancestor.tag == TXBX):
            return True
    return False


def _paragraph_text(p: etree._Element) -> str:
    return _run_text(p, skip_textboxes=True)


def _textbox_paragraphs(p: etree._Element) -> list[str]:
    texts: list[str] = []
    for box in p.iter(TXBX):
        if any(a.tag == FALLBACK for a in box.iterancestors()):
            continue
        texts.extend(_paragraph_text(inner) for inner in box.iter(P))
    return texts


def _cell_text(tc: etree._Element) -> str:
    """Paragraphs of a cell (text boxes and nested tables included) joined by line breaks."""
    paragraphs = (p for p in tc.iter(P) if not _inside_skipped(p, tc, skip_textboxes=False))
    return "\n".join(_run_text(p, skip_textboxes=True) for p in paragraphs)


def _int_attr(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(VAL, default))
    except ValueError:
        return default


def _table(tbl: etree._Element, number: int, budget: CellBudget) -> Grid:
    """Rows and cells past the grid's limits are not even read: their text would be thrown away."""
    rows: list[list[RawCell]] = []
    truncated = False
    for tr in tbl.iterchildren(TR):
        if len(rows) == MAX_GRID_ROWS:
            truncated = True
            break
        tr_pr = tr.find(_q("trPr"))
        before = _int_attr(tr_pr.find(_q("gridBefore")) if tr_pr is not None else None, 0)
        row = [RawCell("", colspan=before)] if before > 0 else []
        for tc in _row_cells(tr):
            if len(row) == MAX_GRID_COLUMNS:
                break
            row.append(_raw_cell(tc))
        rows.append(row)
    return build_grid(rows, number, budget, truncated=truncated)


def _row_cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == TC:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from content.iterchildren(TC)


def _raw_cell(tc: etree._Element) -> RawCell:
    tc_pr = tc.find(_q("tcPr"))
    span = 1
    continues = False
    if tc_pr is not None:
        span = _int_attr(tc_pr.find(_q("gridSpan")), 1)
        v_merge = tc_pr.find(_q("vMerge"))
        continues = v_merge is not None and v_merge.get(VAL, "continue") == "continue"
    return RawCell(_cell_text(tc), colspan=span, continues_above=continues)
