"""Export a report as the Word file the clerk publishes: official layout, 公文 typography.

Page, fonts and sizes follow GB/T 9704-2012 as format-spec.md §6 describes: A4, margins
37/35/28/26 mm, a 22-line grid of 3号 仿宋_GB2312 with 28 characters a line, title 2号 方正小标宋简体,
一、 headings 黑体, （一） headings 楷体_GB2312, digits in Times New Roman, page numbers "— n —"
in 4号 宋体 on the outer side. Tables come from the edition data (see docx_layout).

Thread-safe: every call builds its own document; nothing global is touched.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from .. import APP_NAME
from ..domain.editions import Edition, SectionKey
from ..domain.model import Report
from ..storage.atomic import AtomicWriteError, replace_file
from .docx_layout import (
    CELL_MARGIN,
    SIDE_LABEL_MARGIN,
    GridCell,
    TableLayout,
    ValueFit,
    column_widths,
    covered_by,
    fit_values,
    is_side_label,
    rows_kept_with_next,
)
from .docx_package import finish_package, limit_property
from .ooxml import (
    add_page_field,
    add_text_run,
    clark,
    ensure_child,
    make,
    remove_children,
    set_fonts,
    set_size,
    strip_theme_fonts,
    xml_safe,
)
from .printed import (
    MARGINS_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    TEXT_WIDTH,
    TITLE_MAX_LINE,
    Prose,
    printed_year,
    prose_of,
    section_layouts,
    title_lines,
    value_text,
)
from .writing import write_failure_message

__all__ = [
    "TITLE_MAX_LINE",
    "ExportError",
    "add_official_paragraph",
    "build_document",
    "export_report",
    "official_document",
    "save_document",
    "title_lines",
]


class ExportError(Exception):
    """The Word file could not be produced or written; `str()` is the message for the clerk."""


# --- typography (format-spec.md §6) -----------------------------------------------------------

LATIN = "Times New Roman"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
SONGTI = "宋体"

BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
PAGE_NUMBER_PT = 14.0  # 4号
TABLE_PT = 10.5  # 5号: 表三 has ten columns in 156 mm
LINE_PITCH = 579  # twips: 22 lines in the 225 mm type area
# Twentieths of a point. 28 characters of 16 − 0.5 pt fill 156 mm (434 of 442 pt) and a 29th does not
# fit. With only −0.25 pt (tech-notes §4.2) the 1 pt left over makes LibreOffice squeeze a line-end
# "，" into it, and the comma disappears from the page.
CHAR_SPACING = -10
SPACE_AFTER_TABLE = LINE_PITCH // 2
INDENT_CHARS = 200  # hundredths of a character: "左空二字"
INDENT_TWIPS = 620  # the same two characters (2 × 15.5 pt) for readers that ignore firstLineChars (LibreOffice)
PAGE_NUMBER_INDENT = 280  # "居右空一字" / "居左空一字" at 14 pt

FOOTER_DISTANCE_MM = 23  # the "— n —" line sits about 7 mm below the type area

log = logging.getLogger(__name__)

# Style ids (ASCII, so every Word/WPS version resolves them) and the names the clerk sees.
STYLE_TITLE = ("GovTitle", "年报标题")
STYLE_HEADING1 = ("GovHeading1", "年报一级标题")
STYLE_HEADING2 = ("GovHeading2", "年报二级标题")
STYLE_HEADING3 = ("GovHeading3", "年报三级标题")
STYLE_HEADING2_CHAR = ("GovHeading2Char", "年报二级标题字符")
STYLE_TABLE = ("GovTable", "年报表格文字")
STYLE_PAGE_NUMBER = ("GovPageNumber", "年报页码")
_OUR_STYLES = (
    STYLE_TITLE, STYLE_HEADING1, STYLE_HEADING2, STYLE_HEADING3, STYLE_HEADING2_CHAR, STYLE_TABLE, STYLE_PAGE_NUMBER,
)  # fmt: skip


# --- public API ---------------------------------------------------------------------------------


def build_document(report: Report) -> Document:
    """The whole report as a python-docx document (not saved)."""
    try:
        return _build(report)
    except ExportError:
        raise
    except Exception as error:  # a bug must still reach the clerk as a message, not a crash
        log.exception("unexpected error building the Word document")
        raise ExportError(
            f"生成Word文档时出错（{type(error).__name__}）。报告内容未受影响；详情已写入日志"
            "（帮助 → 打开日志文件夹），请将日志反馈给技术支持。"
        ) from error


def export_report(report: Report, path: Path) -> None:
    """Build the document and write it to `path` safely (temp file in the same folder + replace)."""
    save_document(build_document(report), path)


def save_document(document: Document, path: Path) -> None:
    """Write a built document to `path` safely (temp file in the same folder + replace)."""
    path = Path(path)
    buffer = io.BytesIO()
    document.save(buffer)
    try:
        replace_file(path, buffer.getvalue())
    except AtomicWriteError as error:
        log.warning("writing %s failed: %s", path, error)
        raise ExportError(write_failure_message(error, " Word 或 WPS ")) from None


# --- building -----------------------------------------------------------------------------------


def official_document() -> Document:
    """An empty document in 公文 typography (page, styles, "— n —" page numbers): the report export and
    the review's 审核意见 share it."""
    document = docx.Document()
    _remove_template_body(document)
    _set_up_page(document)
    _set_up_styles(document)
    _set_up_footers(document)
    return document


def add_official_paragraph(document: Document, style_id: str, text: str) -> etree._Element:
    """A paragraph of one of the official styles (STYLE_TITLE[0], STYLE_HEADING1[0] …, or "Normal")."""
    return _add_paragraph(document, style_id, text)


def _build(report: Report) -> Document:
    document = official_document()
    _set_properties(document, report)
    edition = report.edition
    _add_title(document, report)
    for paragraph in prose_of(report.meta.preamble):
        _add_prose(document, paragraph)
    for section in edition.sections:
        heading = _add_paragraph(document, STYLE_HEADING1[0], section.heading)
        if _follows_table(heading):
            # Off the table's bottom rule by half a line, as a heading after text is by its leading.
            ensure_child(heading[0], "w:spacing", before=str(SPACE_AFTER_TABLE))
        for paragraph in prose_of(report.text(section.key)):
            _add_prose(document, paragraph)
        _add_tables(document, report, edition, section.key)
    finish_package(document, company=report.meta.agency)
    return document


def _remove_template_body(document: Document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _set_up_page(document: Document) -> None:
    section = document.sections[0]
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.header_distance = Mm(15)
    section.gutter = Mm(0)
    sect_pr = section._sectPr
    remove_children(sect_pr, "w:docGrid")
    # A line grid only. Measured with LibreOffice 7.4: a linesAndChars grid with any negative
    # charSpace (28 characters need −848) sets each 16 pt character in two grid cells, 14 a line;
    # charSpace ≥ 0 gives 26–27. The 28 characters come from −0.5 pt character spacing instead.
    ensure_child(sect_pr, "w:docGrid", type="lines", linePitch=str(LINE_PITCH))


def _set_up_styles(document: Document) -> None:
    styles_root = document.styles.element
    _remove_unused_styles(styles_root)  # first: add_style scans every style by name
    strip_theme_fonts(styles_root)
    _set_up_defaults(styles_root)
    normal = document.styles["Normal"].element
    _body_paragraph_properties(ensure_child(normal, "w:pPr"))
    rpr = ensure_child(normal, "w:rPr")
    set_fonts(rpr, latin=LATIN, east_asia=FANGSONG, hint_east_asia=True)
    ensure_child(rpr, "w:spacing", val=str(CHAR_SPACING))
    set_size(rpr, BODY_PT)

    title = _paragraph_style(document, STYLE_TITLE, TITLE_FONT, TITLE_PT)
    title_ppr = ensure_child(title, "w:pPr")
    # Off the grid, or LibreOffice gives each 22 pt title line two grid lines; the exact pitch keeps
    # every title line on one line of the 22-line grid, as in Word.
    ensure_child(title_ppr, "w:snapToGrid", val="0")
    ensure_child(title_ppr, "w:spacing", before="0", after=str(LINE_PITCH), line=str(LINE_PITCH), lineRule="exact")
    ensure_child(title_ppr, "w:ind", firstLineChars="0", firstLine="0")
    ensure_child(title_ppr, "w:jc", val="center")
    ensure_child(ensure_child(title, "w:rPr"), "w:spacing", val="0")

    heading1 = _paragraph_style(document, STYLE_HEADING1, HEITI, BODY_PT, outline_level=0)
    ensure_child(ensure_child(heading1, "w:pPr"), "w:keepNext")
    heading2 = _paragraph_style(document, STYLE_HEADING2, KAITI, BODY_PT, outline_level=1)
    ensure_child(ensure_child(heading2, "w:pPr"), "w:keepNext")  # never alone at the foot of a page
    _paragraph_style(document, STYLE_HEADING3, FANGSONG, BODY_PT)
    _character_style(document, STYLE_HEADING2_CHAR, KAITI)

    table = _paragraph_style(document, STYLE_TABLE, FANGSONG, TABLE_PT)
    _compact_paragraph_properties(ensure_child(table, "w:pPr"), align="center")
    ensure_child(ensure_child(table, "w:rPr"), "w:spacing", val="0")

    page_number = _paragraph_style(document, STYLE_PAGE_NUMBER, SONGTI, PAGE_NUMBER_PT, latin=SONGTI)
    _compact_paragraph_properties(ensure_child(page_number, "w:pPr"), align="right")
    ensure_child(ensure_child(page_number, "w:rPr"), "w:spacing", val="0")


def _remove_unused_styles(styles_root: etree._Element) -> None:
    """Drop the template's ~160 unused styles (Heading 1–9, coloured table styles, all with theme
    fonts and colours): the clerk's style list then shows only what this report uses."""
    ours = {style[0] for style in _OUR_STYLES}
    for style in styles_root.findall(qn("w:style")):
        if style.get(qn("w:default")) != "1" and style.get(qn("w:styleId")) not in ours:
            styles_root.remove(style)


def _set_up_defaults(styles_root: etree._Element) -> None:
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles_root.makeelement(clark("w:docDefaults"))
        styles_root.insert(0, defaults)  # docDefaults comes first in w:styles
    rpr = ensure_child(ensure_child(defaults, "w:rPrDefault"), "w:rPr")
    set_fonts(rpr, latin=LATIN, east_asia=FANGSONG)
    set_size(rpr, BODY_PT)  # LibreOffice sizes the document grid from the default font size
    ensure_child(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = ensure_child(ensure_child(defaults, "w:pPrDefault"), "w:pPr")
    ensure_child(ppr, "w:spacing", before="0", after="0", line=str(LINE_PITCH), lineRule="exact")


def _body_paragraph_properties(ppr: etree._Element) -> None:
    # Widow control would leave a line of the 22-line grid empty at the foot of a page.
    ensure_child(ppr, "w:widowControl", val="0")
    # No punctuation hanging into the margin: LibreOffice drops a hanging "，" from the page.
    ensure_child(ppr, "w:overflowPunct", val="0")
    ensure_child(ppr, "w:spacing", before="0", after="0", line=str(LINE_PITCH), lineRule="exact")
    ensure_child(ppr, "w:ind", firstLineChars=str(INDENT_CHARS), firstLine=str(INDENT_TWIPS))
    ensure_child(ppr, "w:jc", val="both")


def _compact_paragraph_properties(ppr: etree._Element, align: str) -> None:
    """Table cells and footers: single spacing, off the 29 pt grid, no indent."""
    ensure_child(ppr, "w:snapToGrid", val="0")
    ensure_child(ppr, "w:spacing", before="0", after="0", line="240", lineRule="auto")
    ensure_child(ppr, "w:ind", firstLineChars="0", firstLine="0")
    ensure_child(ppr, "w:jc", val=align)


def _paragraph_style(
    document: Document,
    style: tuple[str, str],
    east_asia: str,
    size: float,
    *,
    latin: str = LATIN,
    outline_level: int | None = None,
) -> etree._Element:
    style_id, name = style
    added = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    added.base_style = document.styles["Normal"]
    added.quick_style = True
    element: etree._Element = added.element
    element.set(qn("w:styleId"), style_id)
    ensure_child(element, "w:next", val="Normal")
    if outline_level is not None:
        ensure_child(ensure_child(element, "w:pPr"), "w:outlineLvl", val=str(outline_level))
    rpr = ensure_child(element, "w:rPr")
    set_fonts(rpr, latin=latin, east_asia=east_asia, hint_east_asia=True)
    set_size(rpr, size)
    return element


def _character_style(document: Document, style: tuple[str, str], east_asia: str) -> None:
    style_id, name = style
    added = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    added.element.set(qn("w:styleId"), style_id)
    set_fonts(ensure_child(added.element, "w:rPr"), latin=LATIN, east_asia=east_asia, hint_east_asia=True)


def _set_up_footers(document: Document) -> None:
    """ "— n —" in 4号 宋体: odd pages right, even pages left, one character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    _set_chinese_theme_language(document)
    section = document.sections[0]
    for footer, align, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]._p
        for child in list(paragraph):
            paragraph.remove(child)
        ppr = ensure_child(paragraph, "w:pPr")
        ensure_child(ppr, "w:pStyle", val=STYLE_PAGE_NUMBER[0])
        ensure_child(ppr, "w:ind", **{side: str(PAGE_NUMBER_INDENT)})
        ensure_child(ppr, "w:jc", val=align)
        add_text_run(paragraph, "— ")
        add_page_field(paragraph, None)
        add_text_run(paragraph, " —")


def _set_chinese_theme_language(document: Document) -> None:
    """The template says Japanese for East Asian text; Word then picks Japanese fallbacks and line rules."""
    language = document.settings.element.find(clark("w:themeFontLang"))
    if language is not None:
        language.set(clark("w:eastAsia"), "zh-CN")


def _set_properties(document: Document, report: Report) -> None:
    properties = document.core_properties
    properties.title = limit_property(xml_safe("".join(title_lines(report.meta.agency, printed_year(report)))))
    properties.author = limit_property(xml_safe(report.meta.agency))
    properties.last_modified_by = APP_NAME
    properties.comments = ""
    properties.subject = "政府信息公开工作年度报告"
    properties.keywords = f"{report.meta.year}年度,政府信息公开" if report.meta.year_stated else "政府信息公开"
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    properties.created = now
    properties.modified = now
    properties.revision = 1


# --- text ---------------------------------------------------------------------------------------


def _add_paragraph(document: Document, style_id: str, text: str) -> etree._Element:
    paragraph = _new_block(document, "w:p")
    make("w:pStyle", make("w:pPr", paragraph), val=style_id)
    if text:
        add_text_run(paragraph, text)
    return paragraph


def _new_block(document: Document, tag: str) -> etree._Element:
    """A new paragraph or table at the end of the body, before the final section properties.

    Created inside the body so it shares the document's namespace declarations.
    """
    body = document.element.body
    block = make(tag, body)
    sect_pr = body.find(clark("w:sectPr"))
    if sect_pr is not None:
        sect_pr.addprevious(block)
    return block


def _follows_table(paragraph: etree._Element) -> bool:
    previous = paragraph.getprevious()
    return previous is not None and previous.tag == clark("w:tbl")


def _add_title(document: Document, report: Report) -> None:
    paragraph = _add_paragraph(document, STYLE_TITLE[0], "")
    for index, line in enumerate(title_lines(report.meta.agency, printed_year(report))):
        if index:
            make("w:br", make("w:r", paragraph))
        add_text_run(paragraph, line)


def _add_prose(document: Document, text: Prose) -> None:
    """A paragraph of the clerk's text; （一） and 1. openings become the 公文 heading levels."""
    if text.kind == "inline2":
        # "（一）主动公开情况。2024年，…": the heading in 楷体, the rest of the paragraph in 仿宋.
        paragraph = _add_paragraph(document, "Normal", "")
        heading = add_text_run(paragraph, text.head)
        make("w:rStyle", ensure_child(heading, "w:rPr"), val=STYLE_HEADING2_CHAR[0])
        add_text_run(paragraph, text.text)
        return
    styles = {"heading2": STYLE_HEADING2[0], "heading3": STYLE_HEADING3[0], "body": "Normal"}
    _add_paragraph(document, styles[text.kind], text.text)


# --- tables -------------------------------------------------------------------------------------


def _add_tables(document: Document, report: Report, edition: Edition, section: SectionKey) -> None:
    # 表二: one Word table with the sub-table headings inside it; 表三 and 表四 one table each.
    for layout in section_layouts(edition, section):
        _fill_table(_new_block(document, "w:tbl"), layout, report)


@dataclass(frozen=True)
class _TablePlan:
    """Everything decided about one table before its rows are written."""

    layout: TableLayout
    widths: list[int]
    covering: dict[tuple[int, int], GridCell]
    texts: dict[GridCell, str]  # value cells → printed text
    fit: ValueFit
    kept: frozenset[int]  # rows kept on the page of the row below


def _fill_table(table: etree._Element, layout: TableLayout, report: Report) -> None:
    """tblPr, tblGrid, then the rows, written in schema order straight into `table`.

    The grid positions come from one `covered_by` snapshot: python-docx's Table.cell() rebuilds the
    whole grid per call and makes a report take seconds (tech-notes §4.1).
    """
    widths = column_widths(layout, TEXT_WIDTH)
    edition = report.edition
    texts = {cell: value_text(report, edition, cell.cell_id) for cell in layout.cells if cell.cell_id}
    plan = _TablePlan(
        layout=layout,
        widths=widths,
        covering=covered_by(layout),
        texts=texts,
        fit=fit_values(((text, _span(widths, cell)) for cell, text in texts.items()), TABLE_PT),
        kept=rows_kept_with_next(layout, widths, TABLE_PT),
    )
    _add_table_properties(table)
    grid = make("w:tblGrid", table)
    for width in widths:
        make("w:gridCol", grid, w=str(width))
    for row in range(layout.rows):
        _add_row(table, plan, row)


def _add_row(table: etree._Element, plan: _TablePlan, row: int) -> None:
    tr = make("w:tr", table)
    tr_pr = make("w:trPr", tr)
    make("w:cantSplit", tr_pr)
    if row < plan.layout.header_rows:
        make("w:tblHeader", tr_pr)
    column = 0
    while column < plan.layout.columns:
        cell = plan.covering[(row, column)]
        is_value = cell in plan.texts
        margin = plan.fit.margin if is_value else (SIDE_LABEL_MARGIN if is_side_label(cell) else CELL_MARGIN)
        paragraph = _add_cell(tr, cell, row, plan.widths, margin)
        if row in plan.kept:
            make("w:keepNext", paragraph[0])
        if cell.leaf:
            ensure_child(paragraph[0], "w:jc", val="left")
        if row == cell.row:  # the continuation of a vertical merge carries no text
            _add_cell_text(paragraph, plan.texts.get(cell, cell.text), plan.fit.size_pt if is_value else TABLE_PT)
        column += cell.width


def _span(widths: list[int], cell: GridCell) -> int:
    return sum(widths[cell.column : cell.column + cell.width])


def _add_table_properties(table: etree._Element) -> None:
    tbl_pr = make("w:tblPr", table)
    make("w:tblW", tbl_pr, w=str(TEXT_WIDTH), type="dxa")
    make("w:jc", tbl_pr, val="center")
    borders = make("w:tblBorders", tbl_pr)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        make(f"w:{edge}", borders, val="single", sz="4", space="0", color="000000")
    make("w:tblLayout", tbl_pr, type="fixed")
    margins = make("w:tblCellMar", tbl_pr)
    for edge in ("left", "right"):
        make(f"w:{edge}", margins, w=str(CELL_MARGIN), type="dxa")
    make("w:tblLook", tbl_pr, val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0", noHBand="1", noVBand="1")  # fmt: skip


def _add_cell(tr: etree._Element, cell: GridCell, row: int, widths: list[int], margin: int) -> etree._Element:
    """One <w:tc> (tcW, gridSpan, vMerge, tcMar, vAlign in schema order) and its empty paragraph."""
    tc = make("w:tc", tr)
    tc_pr = make("w:tcPr", tc)
    make("w:tcW", tc_pr, w=str(_span(widths, cell)), type="dxa")
    if cell.width > 1:
        make("w:gridSpan", tc_pr, val=str(cell.width))
    if cell.height > 1:
        if row == cell.row:
            make("w:vMerge", tc_pr, val="restart")
        else:
            make("w:vMerge", tc_pr)
    if margin != CELL_MARGIN:
        margins = make("w:tcMar", tc_pr)
        for edge in ("left", "right"):
            make(f"w:{edge}", margins, w=str(margin), type="dxa")
    # A side label from the top, so its text sits in its first rows, which are kept on one page.
    make("w:vAlign", tc_pr, val="top" if is_side_label(cell) else "center")
    paragraph = make("w:p", tc)
    make("w:pStyle", make("w:pPr", paragraph), val=STYLE_TABLE[0])
    return paragraph


def _add_cell_text(paragraph: etree._Element, text: str, size_pt: float) -> None:
    if not text:
        return
    properties = None
    if size_pt != TABLE_PT:  # a number too wide for its column at the table's size
        properties = make("w:rPr")
        set_size(properties, size_pt)
    add_text_run(paragraph, text, properties)
