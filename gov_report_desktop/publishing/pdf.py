"""Draw the report on pages with Qt's own printing: a PDF (QPdfWriter) or a printer (QPrinter).

The layout is the Word export's (GB/T 9704, format-spec.md §6): A4, margins 37/35/28/26 mm, a
22-line grid of 3号 仿宋 with 28 characters a line, the title in 2号 小标宋, 一、 headings in 黑体,
（一） headings in 楷体, tables in 5号 with repeated header rows and 表二's sub-tables kept whole
on one page, "— n —" in 4号 宋体 on the outer side 7 mm below the type area. Content comes from
`documents.printed`, the same source as the Word and web exports.

A QTextDocument lays the pages out. Tables are cut here into page-sized pieces at row boundaries,
each with the header rows again; 表二's sub-tables and section headings move to the next page whole.
Each page is then drawn through a clip of the type area, each line of text once, and the page number
beside it. Qt embeds subsets of the fonts and writes the text as Unicode (radicals corrected, see
`fix_to_unicode`), so the PDF is searchable and copyable.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QRawFont,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextOption,
    QTextTable,
    QTextTableCellFormat,
    QTextTableFormat,
)

from ..documents.docx_layout import (
    MIN_ROWS_UNDER_HEADER,
    GridCell,
    TableLayout,
    column_widths,
    combined_layout,
    table_layout,
)
from ..documents.printed import (
    MARGINS_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    TEXT_WIDTH,
    Prose,
    prose_of,
    title_lines,
    value_text,
)
from ..domain.editions import Edition, SectionKey
from ..domain.model import Report
from ..storage.atomic import AtomicWriteError, replace_file
from . import fonts

__all__ = ["PdfExportError", "export_pdf", "pdf_bytes", "render"]


class PdfExportError(Exception):
    """The PDF could not be produced or written; `str()` is the message for the clerk."""


DPI = 1200  # device units of the PDF writer: fine enough that rounding never shifts a line
BODY_PT, TITLE_PT, TABLE_PT, PAGE_NUMBER_PT = 16.0, 22.0, 10.5, 14.0
LINES_PER_PAGE = 22
CHAR_SPACING_PT = -0.5  # 28 characters of 15.5 pt fill the 156 mm line, as in the Word export
NUMBER_GAP_MM = 7.0  # the "— n —" line's top edge below the type area
BORDER_PT = 0.5
CELL_PADDING_MM = 1.0
MM_PER_INCH = 25.4


def mm(value: float) -> float:
    """Millimetres in device units."""
    return value * DPI / MM_PER_INCH


def pt(value: float) -> float:
    """Points in device units."""
    return value * DPI / 72


def fmt(value: float) -> float:
    """Device units as QTextFormat lengths, which the layout scales from 96 dpi to the device."""
    return value * 96 / DPI


TYPE_WIDTH = mm(PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"])
TYPE_HEIGHT = mm(PAGE_HEIGHT_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"])
LINE_PITCH = TYPE_HEIGHT / LINES_PER_PAGE


# --- public API ---------------------------------------------------------------------------------


def ensure_application() -> QGuiApplication:
    """Fonts need a QGuiApplication; the command line has none, so start one that opens no window."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    if sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no X or Wayland needed for a PDF
    return QGuiApplication(["gov-report"])


def pdf_bytes(report: Report) -> bytes:
    ensure_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setCreator("政府信息公开年报助手")
    writer.setTitle("".join(title_lines(report.meta.agency, report.meta.year)))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    render(report, writer)
    buffer.close()
    return fix_to_unicode(bytes(data.data()))


def export_pdf(report: Report, path: os.PathLike[str] | str) -> None:
    """Build the PDF and write it to `path` safely (temp file in the same folder + replace)."""
    from pathlib import Path

    from ..documents.writing import write_failure_message

    try:
        data = pdf_bytes(report)
    except Exception as error:  # a bug must still reach the clerk as a message, not a crash
        raise PdfExportError(f"生成PDF时出错：{error}。报告内容未受影响，请将此信息反馈给技术支持。") from error
    try:
        replace_file(Path(path), data)
    except AtomicWriteError as error:
        raise PdfExportError(write_failure_message(error, " PDF 阅读器或其他程序")) from None


def render(report: Report, device: QPagedPaintDevice) -> int:
    """Lay the report out and draw every page on `device` (a QPdfWriter or QPrinter). Returns the page count."""
    # Laid out at our resolution whatever the printer's, then drawn scaled: the pages are the PDF's.
    reference = device if device.logicalDpiX() == DPI else _reference_device()
    document = build_document(report, reference)
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(device):
        raise PdfExportError("无法开始打印或写入PDF（打印机不可用或文件无法创建）。")
    try:
        scale = device.logicalDpiX() / DPI  # a printer may print at another resolution than ours
        painter.scale(scale, scale)
        origin = device.pageLayout().paintRectPixels(device.logicalDpiX()).topLeft()
        painter.translate(-origin.x() / scale, -origin.y() / scale)
        for page in range(pages):
            if page:
                device.newPage()
            _draw_page(painter, document, page, device.logicalDpiY())
    finally:
        painter.end()
    return pages


# --- searchable text ----------------------------------------------------------------------------

# CJK fonts map radicals (⺠ U+2EA0, ⼯ U+2F2F) and the everyday characters (民, 工) to one glyph. Qt
# writes each glyph's text as the lowest code point that uses it, so 民 would be searched and copied
# as ⺠. Each radical has its equivalent character (the one sharing its glyph in the font); the
# ToUnicode maps are plain text in Qt's PDFs, and four hex digits replace four, so no offset moves.
_RADICALS = "".join(chr(code) for code in range(0x2E80, 0x2FE0))
_IDEOGRAPHS = "".join(chr(code) for code in range(0x4E00, 0xA000))
_CMAP = re.compile(rb"begincmap.*?endcmap", re.DOTALL)
_HEX4 = re.compile(rb"<(2[EF][0-9A-F]{2})>")


@cache
def _equivalents(family: str) -> dict[int, int]:
    """Radical → the ideograph drawn with the same glyph in `family`."""
    raw = QRawFont.fromFont(QFont(family))
    by_glyph: dict[int, int] = {}
    for char, glyph in zip(_IDEOGRAPHS, raw.glyphIndexesForString(_IDEOGRAPHS), strict=True):
        if glyph:
            by_glyph.setdefault(glyph, ord(char))
    radicals = raw.glyphIndexesForString(_RADICALS)
    return {ord(r): by_glyph[g] for r, g in zip(_RADICALS, radicals, strict=True) if g and g in by_glyph}


def _radical_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for role in fonts.CANDIDATES:
        family = fonts.choose(role).cjk
        if family:
            for radical, ideograph in _equivalents(family).items():
                table.setdefault(radical, ideograph)
    return table


def fix_to_unicode(data: bytes) -> bytes:
    table = _radical_table()

    def character(match: re.Match[bytes]) -> bytes:
        code = int(match.group(1), 16)
        return b"<%04X>" % table.get(code, code)

    return _CMAP.sub(lambda cmap: _HEX4.sub(character, cmap.group(0)), data)


def _reference_device() -> QPdfWriter:
    """A paint device at our resolution to lay out pages for a printer with another one."""
    buffer = QBuffer()
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    buffer.setParent(writer)  # never written to; lives as long as the writer
    return writer


# --- pages --------------------------------------------------------------------------------------


def _draw_page(painter: QPainter, document: QTextDocument, page: int, dpi: int) -> None:
    """Everything laid out on `page`, each line of text exactly once.

    Qt's own document drawing draws a whole paragraph wherever any part of it shows, relying on the
    clip to hide the rest; in a PDF the hidden lines would still be there as text, and searching or
    copying would find them twice. So the paragraphs that run over a page break are drawn line by line
    here, and Qt draws the rest of the page, in a band that leaves those paragraphs out.
    """
    top, bottom = page * TYPE_HEIGHT, (page + 1) * TYPE_HEIGHT
    painter.save()
    painter.translate(mm(MARGINS_MM["left"]), mm(MARGINS_MM["top"]) - top)
    painter.setClipRect(QRectF(0, top, TYPE_WIDTH, TYPE_HEIGHT))
    painter.setPen(QColor(0, 0, 0))
    layout = document.documentLayout()
    band_top, band_bottom = top, bottom
    split = _split_paragraphs(document, top, bottom)
    # In reading order (the order copying and screen readers follow): the paragraph coming over from
    # the previous page, the rest of the page, the paragraph going on to the next.
    for block, box in split:
        if box.top() < top:
            band_top = max(band_top, box.bottom())
            _draw_lines(painter, block, box, top, bottom)
    for _block, box in split:
        if box.bottom() > bottom:
            band_bottom = min(band_bottom, box.top())
    if band_bottom - band_top > 2:
        context = QAbstractTextDocumentLayout.PaintContext()
        # PySide6's stubs lack PaintContext's fields
        context.clip = QRectF(0, band_top + 1, TYPE_WIDTH, band_bottom - band_top - 2)  # type: ignore[attr-defined]
        context.palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)  # type: ignore[attr-defined]
        layout.draw(painter, context)
    for block, box in split:
        if box.top() >= top and box.bottom() > bottom:
            _draw_lines(painter, block, box, top, bottom)
    painter.restore()
    _draw_page_number(painter, page + 1, dpi)


def _split_paragraphs(document: QTextDocument, top: float, bottom: float) -> list[tuple[QTextBlock, QRectF]]:
    """The paragraphs outside tables that run over the top or bottom edge of this page."""
    layout = document.documentLayout()
    found = []
    block = document.begin()
    while block.isValid():
        box = _extent(block, layout.blockBoundingRect(block))
        if box.top() >= bottom:
            break
        crosses = box.top() < top < box.bottom() or box.top() < bottom < box.bottom()
        if crosses and QTextCursor(block).currentTable() is None:
            found.append((block, box))
        block = block.next()
    return found


def _extent(block: QTextBlock, box: QRectF) -> QRectF:
    """Where the block's lines really are: with a fixed line height Qt's block rectangle is shorter
    than its last line, and Qt draws a block wherever its lines reach."""
    text = block.layout()
    if not text.lineCount():
        return box
    first, last = text.lineAt(0), text.lineAt(text.lineCount() - 1)
    return QRectF(box.left(), box.top(), box.width(), max(box.height(), last.y() + last.height() - min(0, first.y())))


def _draw_lines(painter: QPainter, block: QTextBlock, box: QRectF, top: float, bottom: float) -> None:
    text = block.layout()
    for index in range(text.lineCount()):
        line = text.lineAt(index)
        middle = box.top() + line.y() + line.height() / 2
        if top <= middle < bottom:
            line.draw(painter, box.topLeft())


def _draw_page_number(painter: QPainter, number: int, dpi: int) -> None:
    """ "— n —": odd pages right, even pages left, one character in from the type area's edge.

    The painter's font is sized for the device (`dpi`) while the painter is scaled from ours."""
    font = _font("songti", PAGE_NUMBER_PT * DPI / dpi)
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor(0, 0, 0))
    indent = pt(PAGE_NUMBER_PT)
    top = mm(MARGINS_MM["top"]) + TYPE_HEIGHT + mm(NUMBER_GAP_MM)
    box = QRectF(mm(MARGINS_MM["left"]) + indent, top, TYPE_WIDTH - 2 * indent, pt(PAGE_NUMBER_PT) * 1.5)
    side = Qt.AlignmentFlag.AlignRight if number % 2 else Qt.AlignmentFlag.AlignLeft
    painter.drawText(box, side | Qt.AlignmentFlag.AlignTop, f"— {number} —")
    painter.restore()


# --- the document -------------------------------------------------------------------------------


def _font(role: str, size: float) -> QFont:
    font = QFont()
    font.setFamilies(fonts.choose(role).families)
    font.setPointSizeF(size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def build_document(report: Report, device: QPagedPaintDevice) -> QTextDocument:
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(QSizeF(TYPE_WIDTH, TYPE_HEIGHT))
    document.setDocumentMargin(0)
    option = QTextOption()
    option.setUseDesignMetrics(True)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setDefaultFont(_font("fangsong", BODY_PT))
    writer = _Writer(document, report)
    writer.write()
    return document


class _Writer:
    def __init__(self, document: QTextDocument, report: Report) -> None:
        self.document = document
        self.report = report
        self.cursor = QTextCursor(document)
        self.first = True
        self.heading: QTextBlock | None = None  # a section heading not yet followed by anything
        # Made once per document (a module-level cache would keep QFonts alive past the QApplication).
        self.cell_format = _cell_format()
        self.table_char = _char("fangsong", TABLE_PT, spacing=0)
        self.tops: dict[int, list[float]] = {}  # id(layout) → its row tops, measured once

    def write(self) -> None:
        report, edition = self.report, self.report.edition
        self._title()
        for paragraph in prose_of(report.meta.preamble):
            self._prose(paragraph)
        for section in edition.sections:
            self.cursor.beginEditBlock()  # the section's text laid out once, not after each paragraph
            self._paragraph(section.heading, _body_format(), _char("heiti", BODY_PT))
            self.heading = self.cursor.block()
            for paragraph in prose_of(report.text(section.key)):
                self._prose(paragraph)
                self.heading = None
            self.cursor.endEditBlock()
            self._tables(edition, section.key)
            self.heading = None

    # -- paragraphs

    def _new_block(self, block: QTextBlockFormat, char: QTextCharFormat) -> None:
        if self.first:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
            self.first = False
        else:
            self.cursor.insertBlock(block, char)

    def _paragraph(self, text: str, block: QTextBlockFormat, char: QTextCharFormat) -> None:
        self._new_block(block, char)
        self.cursor.insertText(text, char)

    def _title(self) -> None:
        block = _grid_format(indent=False)
        block.setAlignment(Qt.AlignmentFlag.AlignCenter)
        char = _char("title", TITLE_PT, spacing=0)
        for line in title_lines(self.report.meta.agency, self.report.meta.year):
            self._paragraph(line, block, char)
        self._paragraph("", block, char)  # one empty grid line below the title

    def _prose(self, paragraph: Prose) -> None:
        body = _char("fangsong", BODY_PT)
        if paragraph.kind == "inline2":
            self._paragraph(paragraph.head, _body_format(), _char("kaiti", BODY_PT))
            self.cursor.insertText(paragraph.text, body)
            return
        role = "kaiti" if paragraph.kind == "heading2" else "fangsong"
        self._paragraph(paragraph.text, _body_format(), _char(role, BODY_PT))

    # -- tables

    def _tables(self, edition: Edition, section: SectionKey) -> None:
        tables = edition.tables_of(section)
        if not tables:
            return
        if all(t.heading for t in tables):
            # 表二: one table in Word; here one table per sub-table, drawn edge to edge, so that each
            # can be moved to the next page as a whole (Word's keep-with-next on every row).
            for table in tables:
                self._whole(combined_layout([table]))
            return
        for table in tables:
            self._pieces(table_layout(table))

    def _whole(self, layout: TableLayout) -> None:
        """A table that is never split: on the next page when it does not fit on this one."""
        heading = self.heading
        self._new_block(_table_gap_format(), _char("fangsong", 1))
        gap = self.cursor.block()
        table = self._table(layout, gap=False)
        box = self.document.documentLayout().frameBoundingRect(table)
        if _page(box.top()) != _page(box.bottom() - 1):
            _break_before(heading if heading is not None else gap)
        else:
            self._keep_heading(heading, box.top())

    def _keep_heading(self, heading: QTextBlock | None, table_top: float) -> None:
        """A section heading never stays alone at the foot of a page when its table went on to the next."""
        if heading is not None:
            heading_top = self.document.documentLayout().blockBoundingRect(heading).top()
            if _page(heading_top) != _page(table_top):
                _break_before(heading)

    def _pieces(self, layout: TableLayout) -> None:
        """A table as page-sized pieces, each with the header rows again (Word's repeated header rows).
        Qt could break the table itself, but draws merged cells across the break over the repeated
        header; pieces cut at row boundaries have no such cells."""
        start = layout.header_rows
        while start < layout.rows:
            self._new_block(_table_gap_format(), _char("fangsong", 1))
            end = self._rows_that_fit(layout, start, self._room())
            # As in the Word export: a header never sits at a page foot with fewer rows under it.
            if end - start < min(MIN_ROWS_UNDER_HEADER, layout.rows - start):  # the piece starts the next page
                end = max(self._rows_that_fit(layout, start, TYPE_HEIGHT), start + 1)
                self._break_before_gap()
            heading = self.heading
            table = self._table(rows_slice(layout, start, end), gap=False)
            self._keep_heading(heading, self.document.documentLayout().frameBoundingRect(table).top())
            start = end

    def _room(self) -> float:
        used = self.document.documentLayout().blockBoundingRect(self.cursor.block()).bottom() % TYPE_HEIGHT
        return TYPE_HEIGHT - used

    def _rows_that_fit(self, layout: TableLayout, start: int, room: float) -> int:
        """The largest `end` whose piece rows[start:end] (with the header rows) fits in `room`.

        Estimated from the row positions of the whole table, then checked by laying the piece out:
        a merged label cut short may need more height in the piece than its rows had in the whole.
        """
        tops = self._row_tops(layout)
        end = start
        while end < layout.rows and tops[layout.header_rows] + tops[end + 1] - tops[start] <= room - 2:
            end += 1

        def fits(stop: int) -> bool:
            return _measure(self.report, rows_slice(layout, start, stop), self.document)[0] <= room - 2

        if end == start or fits(end):  # the estimate holds unless a merged label cut short needs more room
            return end
        low, high = start, end - 1  # rows[start:low] fits (none at all: low == start); rows[start:high] may not
        while low < high:
            middle = (low + high + 1) // 2
            if fits(middle):
                low = middle
            else:
                high = middle - 1
        return low

    def _row_tops(self, layout: TableLayout) -> list[float]:
        key = id(layout)
        if key not in self.tops:
            self.tops[key] = _measure(self.report, layout, self.document)[1]
        return self.tops[key]

    def _break_before_gap(self) -> None:
        """Start the next page here, or at the section heading just above, which must not stay behind."""
        _break_before(self.heading if self.heading is not None else self.cursor.block())

    def _table(self, layout: TableLayout, *, gap: bool = True) -> QTextTable:
        if gap:
            self._new_block(_table_gap_format(), _char("fangsong", 1))
        # One edit block: Qt lays the table out once at its end, not after each of its cells.
        self.cursor.beginEditBlock()
        table = self.cursor.insertTable(layout.rows, layout.columns, _table_format(layout))
        for cell in layout.cells:
            if cell.width > 1 or cell.height > 1:
                table.mergeCells(cell.row, cell.column, cell.height, cell.width)
            self._fill(table, cell)
        self.cursor.endEditBlock()
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.heading = None
        return table

    def _fill(self, table: QTextTable, cell: GridCell) -> None:
        target = table.cellAt(cell.row, cell.column)
        target.setFormat(self.cell_format)
        cursor = target.firstCursorPosition()
        block = QTextBlockFormat()
        block.setAlignment(Qt.AlignmentFlag.AlignLeft if cell.leaf else Qt.AlignmentFlag.AlignHCenter)
        cursor.setBlockFormat(block)
        edition = self.report.edition
        text = value_text(self.report, edition, cell.cell_id) if cell.cell_id else cell.text
        cursor.insertText(text, self.table_char)


# --- formats ------------------------------------------------------------------------------------


def _char(role: str, size: float, spacing: float = CHAR_SPACING_PT) -> QTextCharFormat:
    char = QTextCharFormat()
    font = _font(role, size)
    if spacing:
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, fmt(pt(spacing)))
    char.setFont(font)
    return char


def _grid_format(indent: bool = True) -> QTextBlockFormat:
    """Every line of body text on the 22-line grid."""
    block = QTextBlockFormat()
    block.setLineHeight(fmt(LINE_PITCH), QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    block.setTopMargin(0)
    block.setBottomMargin(0)
    if indent:
        # "左空二字"; unlike the other lengths, Qt takes the indent in device units
        block.setTextIndent(2 * pt(BODY_PT + CHAR_SPACING_PT))
    return block


def _body_format() -> QTextBlockFormat:
    block = _grid_format()
    block.setAlignment(Qt.AlignmentFlag.AlignJustify)
    return block


def _table_gap_format() -> QTextBlockFormat:
    """The empty block Qt needs before a table: as thin as possible so sub-tables meet edge to edge."""
    block = QTextBlockFormat()
    block.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    return block


def _table_format(layout: TableLayout) -> QTextTableFormat:
    table = QTextTableFormat()
    table.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    widths = column_widths(layout, TEXT_WIDTH)
    total = sum(widths)
    table.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, 100 * w / total) for w in widths])
    table.setBorder(fmt(pt(BORDER_PT)))
    table.setBorderBrush(QBrush(QColor(0, 0, 0)))
    table.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    table.setBorderCollapse(True)
    table.setCellSpacing(0)
    table.setCellPadding(0)
    table.setMargin(0)
    return table


def _cell_format(top: bool = False) -> QTextTableCellFormat:
    cell = QTextTableCellFormat()
    padding = fmt(mm(CELL_PADDING_MM))
    cell.setLeftPadding(padding)
    cell.setRightPadding(padding)
    cell.setTopPadding(fmt(pt(1)))
    cell.setBottomPadding(fmt(pt(1)))
    middle = QTextCharFormat.VerticalAlignment.AlignMiddle
    cell.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignTop if top else middle)
    cell.setBorder(fmt(pt(BORDER_PT)))
    cell.setBorderBrush(QBrush(QColor(0, 0, 0)))
    cell.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    return cell


def _measure(report: Report, layout: TableLayout, like: QTextDocument) -> tuple[float, list[float]]:
    """The height of `layout` drawn as one table across the type area, and where each of its rows
    starts (relative to the table's top; one more entry: the bottom)."""
    scratch = QTextDocument()
    scratch.setUndoRedoEnabled(False)
    scratch.documentLayout().setPaintDevice(like.documentLayout().paintDevice())
    scratch.setPageSize(QSizeF(TYPE_WIDTH, 1e9))
    scratch.setDocumentMargin(0)
    scratch.setDefaultTextOption(like.defaultTextOption())
    writer = _Writer(scratch, report)
    writer.cell_format = _cell_format(top=True)  # a value cell's text then sits at its row's top
    table = writer._table(layout, gap=False)
    geometry = scratch.documentLayout()
    box = geometry.frameBoundingRect(table)
    first_value: dict[int, GridCell] = {}
    for cell in layout.cells:
        if cell.role == "value":
            first_value.setdefault(cell.row, cell)
    tops = [0.0] * (layout.rows + 1)
    inset = fmt(pt(1))  # the top padding
    for row, cell in first_value.items():
        block = table.cellAt(row, cell.column).firstCursorPosition().block()
        tops[row] = geometry.blockBoundingRect(block).top() - box.top() - inset
    tops[layout.rows] = box.height()
    return float(box.height()), tops


def rows_slice(layout: TableLayout, start: int, end: int) -> TableLayout:
    """The header rows and rows[start:end] as a table of their own; merged cells cut to the range
    keep their text, so a piece on a new page still says which rows it continues."""
    header = layout.header_rows
    cells = [cell for cell in layout.cells if cell.row < header]
    for cell in layout.cells:
        first, last = max(cell.row, start), min(cell.row + cell.height, end)
        if cell.row >= header and first < last:
            cells.append(replace(cell, row=header + first - start, height=last - first))
    return TableLayout(
        rows=header + end - start, columns=layout.columns, label_columns=layout.label_columns, cells=tuple(cells),
        header_rows=header,
    )  # fmt: skip


def _page(y: float) -> int:
    return int(y // TYPE_HEIGHT)


def _break_before(block: QTextBlock) -> None:
    moved = block.blockFormat()
    moved.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(moved)
