"""Read a PDF with a text layer into blocks: paragraphs and tables in reading order.

PDFium (through pypdfium2's raw bindings) gives each character with its box and each path with its
segments; `pdf_layout` turns them into lines, paragraphs and table grids. Generated characters
(spaces and line ends PDFium infers from gaps) are skipped: the layout decides where lines and
cells end, and Chinese text must not gain spaces where the page only had wider spacing.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from .pdf_layout import (
    Char,
    Line,
    PageContent,
    PageLayout,
    Rule,
    body_margins,
    drop_headers_and_footers,
    join_split_row,
    page_layout,
    paragraphs,
    thin_rule,
)
from .pdf_safety import MAX_PAGES, Deadline, check_inflation, read_pdf_bytes
from .safety import ReportImportError
from .tables import Block, Grid, Paragraph, RawCell, build_grid

SCANNED_MESSAGE = "这是扫描件，没有可读取的文字；请使用原始 Word 文档或网页"
MIN_TEXT_CHARS = 20  # fewer characters than this on every page: there is no text layer
MAX_FORM_DEPTH = 4  # form XObjects inside form XObjects (a real report: 0 or 1)
MAX_OBJECTS_PER_PAGE = 50_000  # drawing objects, those inside forms included (a table page: ~500)
MAX_SEGMENTS_PER_PAGE = 50_000  # path segments taken apart to find rules (a table page: ~2 000)
MAX_CHARS = 100_000  # all pages together; a 20-page report has about 20 000 characters

# PDFium is not thread-safe; the window imports on a worker thread while a check may run.
_PDFIUM_LOCK = threading.Lock()


@dataclass
class PdfNote:
    """Something on a page that could not be read (a scanned page inside a text PDF …)."""

    where: str
    text: str
    message: str


@dataclass
class PdfReading:
    blocks: list[Block] = field(default_factory=list)
    notes: list[PdfNote] = field(default_factory=list)


def read_pdf(path: Path, notes: list[PdfNote] | None = None) -> list[Block]:
    """The blocks of a PDF, like `read_docx` / `read_html`; page-level problems go to `notes`."""
    reading = read_pdf_reading(path)
    if notes is not None:
        notes.extend(reading.notes)
    return reading.blocks


def read_pdf_reading(path: Path) -> PdfReading:
    data = read_pdf_bytes(path)
    check_inflation(data, path.name)
    with _PDFIUM_LOCK:
        contents = _page_contents(data, path.name)
    return _assemble(contents, path.name)


# --- PDFium ------------------------------------------------------------------------------------

_LOAD_ERRORS = {
    2: "文件无法打开或读取",
    3: "不是有效的PDF文件或已损坏",
    4: "PDF已加密（设有打开密码），请提供未加密的文件",
    5: "PDF使用了不支持的安全设置",
    6: "PDF中的页面已损坏",
}


def _pdfium() -> Any:
    """PDFium's C API, loaded with the first PDF rather than at start-up."""
    import pypdfium2.raw as pdfium

    return pdfium


def _page_contents(data: bytes, name: str) -> list[PageContent]:
    api = _pdfium()
    buffer = ctypes.create_string_buffer(data, len(data))
    document = api.FPDF_LoadMemDocument64(buffer, len(data), None)
    if not document:
        reason = _LOAD_ERRORS.get(api.FPDF_GetLastError(), "PDF已损坏，无法解析")
        raise ReportImportError(f"无法读取PDF「{name}」：{reason}。")
    try:
        count = api.FPDF_GetPageCount(document)
        if count < 1:
            raise ReportImportError(f"PDF「{name}」中没有任何页面，无法导入。")
        if count > MAX_PAGES:
            raise ReportImportError(
                f"PDF「{name}」有 {count} 页，超过上限 {MAX_PAGES} 页，不像是年度报告，已拒绝读取。"
            )
        deadline = Deadline(name)
        contents: list[PageContent] = []
        for index in range(count):
            deadline.check()
            budget = MAX_CHARS - sum(len(c.chars) for c in contents)
            contents.append(_read_page(api, document, index, name, budget))
        return contents
    finally:
        api.FPDF_CloseDocument(document)


def _read_page(api: Any, document: Any, index: int, name: str, char_budget: int) -> PageContent:
    page = api.FPDF_LoadPage(document, index)
    if not page:
        raise ReportImportError(f"PDF「{name}」的第{index + 1}页已损坏，无法读取。")
    try:
        height = api.FPDF_GetPageHeightF(page)
        content = PageContent(api.FPDF_GetPageWidthF(page), height, [], [])
        work = _PageWork(name, index)
        count = api.FPDFPage_CountObjects(page)
        work.objects(count)
        _walk_objects(api, [api.FPDFPage_GetObject(page, i) for i in range(count)], height, content, work, 0)
        _read_chars(api, page, height, content, char_budget, name)
        return content
    finally:
        api.FPDF_ClosePage(page)


def _read_chars(api: Any, page: Any, height: float, content: PageContent, budget: int, name: str) -> None:
    text_page = api.FPDFText_LoadPage(page)
    if not text_page:
        return
    try:
        count = api.FPDFText_CountChars(text_page)
        if count > budget:  # counted before any is read: building them is what would take the time
            raise ReportImportError(f"PDF「{name}」的文字超过 {MAX_CHARS} 个，不像是年度报告，已拒绝读取。")
        if count <= 0:
            return
        # The page's text in one call (UTF-16, one unit per character index), then one call per
        # character for its box: the per-character calls are what the time goes into.
        buffer = ctypes.create_string_buffer((count + 1) * 2)
        api.FPDFText_GetText(text_page, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        units = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
        if len(units) != count:  # characters outside the BMP: fall back to one lookup each
            units = "".join(chr(api.FPDFText_GetUnicode(text_page, i) or 0xFFFD) for i in range(count))
        loose_box, is_generated = api.FPDFText_GetLooseCharBox, api.FPDFText_IsGenerated
        box = api.FS_RECTF()
        chars = content.chars
        for i, character in enumerate(units):
            if character in _SKIPPED or (character == " " and is_generated(text_page, i) == 1):
                continue
            if loose_box(text_page, i, box):
                chars.append(Char(character, box.left, height - box.top, box.right, height - box.bottom))
    finally:
        api.FPDFText_ClosePage(text_page)


_SKIPPED = frozenset("\r\n\x00\ufffe\uffff\x02")  # line ends PDFium adds; \x02 is its soft hyphen mark


class _PageWork:
    """What one page may cost: objects visited (forms can nest and repeat) and path segments decoded."""

    def __init__(self, name: str, index: int) -> None:
        self.name, self.index = name, index
        self.object_count = self.segment_count = 0

    def objects(self, count: int) -> None:
        self.object_count += count
        if self.object_count > MAX_OBJECTS_PER_PAGE:
            self._refuse("图形对象")

    def segments(self, count: int) -> None:
        self.segment_count += count
        if self.segment_count > MAX_SEGMENTS_PER_PAGE:
            self._refuse("线条")

    def _refuse(self, what: str) -> None:
        raise ReportImportError(
            f"PDF「{self.name}」的第{self.index + 1}页含有过多的{what}，不像是年度报告，已拒绝读取。"
        )


def _walk_objects(
    api: Any, objects: list[Any], height: float, content: PageContent, work: _PageWork, depth: int
) -> None:
    for obj in objects:
        kind = api.FPDFPageObj_GetType(obj)
        if kind == api.FPDF_PAGEOBJ_PATH:
            content.rules.extend(_path_rules(api, obj, height, work))
        elif kind == api.FPDF_PAGEOBJ_IMAGE:
            content.images += 1
        elif kind == api.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            count = api.FPDFFormObj_CountObjects(obj)
            work.objects(count)
            inner = [api.FPDFFormObj_GetObject(obj, i) for i in range(count)]
            _walk_objects(api, inner, height, content, work, depth + 1)


def _path_rules(api: Any, obj: Any, height: float, work: _PageWork) -> list[Rule]:
    """Rules a path draws: a thin bar (its bounds) or the straight segments of a stroked path."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not api.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return []
    thin = thin_rule(left.value, height - top.value, right.value, height - bottom.value)
    if thin is not None:
        return [thin]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not api.FPDFPath_GetDrawMode(obj, fill, stroke) or not stroke.value:
        return []  # a filled area (cell shading) is not a rule
    count = api.FPDFPath_CountSegments(obj)
    work.segments(count)
    return _stroked_segments(api, obj, height, count)


def _stroked_segments(api: Any, obj: Any, height: float, count: int) -> list[Rule]:
    """Cell borders drawn as rectangles or polylines: each straight axis-parallel segment."""
    matrix = api.FS_MATRIX()
    if not api.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    points: list[tuple[float, float, bool]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(count):
        segment = api.FPDFPath_GetPathSegment(obj, i)
        if not api.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        px = matrix.a * x.value + matrix.c * y.value + matrix.e
        py = height - (matrix.b * x.value + matrix.d * y.value + matrix.f)
        points.append((px, py, api.FPDFPathSegment_GetType(segment) == api.FPDF_SEGMENT_MOVETO))
        if api.FPDFPathSegment_GetClose(segment):
            first = next((q for q in reversed(points) if q[2]), points[0])
            points.append((first[0], first[1], False))
    rules: list[Rule] = []
    for (ax, ay, _), (bx, by, move) in pairwise(points):
        rule = None if move else thin_rule(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        if rule is not None:
            rules.append(rule)
    return rules


# --- pages → blocks ----------------------------------------------------------------------------


def _assemble(contents: list[PageContent], name: str) -> PdfReading:
    reading = PdfReading()
    if all(_text_count(c) < MIN_TEXT_CHARS for c in contents):
        if any(c.images for c in contents):
            raise ReportImportError(f"无法导入「{name}」：{SCANNED_MESSAGE}。")
        raise ReportImportError(f"PDF「{name}」中没有可读取的文字（文字可能已转为图形），无法导入。")
    for number, content in enumerate(contents, start=1):
        if _text_count(content) < MIN_TEXT_CHARS and content.images:
            reading.notes.append(PdfNote(f"第{number}页", "", "该页是扫描图像，没有可读取的文字，该页内容未导入。"))
    layouts = [page_layout(content, number) for number, content in enumerate(contents, start=1)]
    drop_headers_and_footers(layouts, [c.height for c in contents])
    reading.blocks = _blocks(layouts)
    return reading


def _text_count(content: PageContent) -> int:
    return sum(1 for ch in content.chars if not ch.text.isspace())


def _blocks(layouts: list[PageLayout]) -> list[Block]:
    """Paragraphs and tables in reading order; running text continues across page breaks, and a
    table split over pages arrives as consecutive tables, as Word's own split tables do."""
    margins = body_margins(layouts)
    blocks: list[Block] = []
    pending: list[Line] = []
    for layout in layouts:
        items: list[tuple[float, Line | list[list[RawCell]]]] = [(line.y0, line) for line in layout.lines]
        items += layout.tables
        for position, (_, item) in enumerate(sorted(items, key=lambda pair: pair[0])):
            if isinstance(item, Line):
                pending.append(item)
                continue
            blocks.extend(Paragraph(text) for text in paragraphs(pending, margins))
            pending = []
            grid = build_grid(item, sum(isinstance(b, Grid) for b in blocks) + 1)
            if position == 0 and blocks and isinstance(blocks[-1], Grid):  # the table goes on from the last page
                blocks[-1], grid = join_split_row(blocks[-1], grid)
            blocks.append(grid)
    blocks.extend(Paragraph(text) for text in paragraphs(pending, margins))
    return blocks


__all__ = ["SCANNED_MESSAGE", "Grid", "PdfNote", "read_pdf"]
