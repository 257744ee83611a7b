"""Limits for PDF files, checked before and while PDFium reads them.

PDFium (Chrome's PDF engine) is hardened against malformed files and limits nesting depth itself;
what it does not limit is how much a compressed stream may expand or how many pages a file may
have. So before PDFium sees the file, every Flate-compressed stream that text extraction would
decode (content streams, fonts, object streams; images are never decoded here) is inflated into
nothing with a running budget, and a file over the budget is refused as a decompression bomb.
Reading then stops at a page limit and a time limit.
"""

from __future__ import annotations

import re
import time
import zlib
from pathlib import Path

from .safety import ReportImportError, check_file

MAX_PDF_BYTES = 60 * 1024 * 1024  # a report with photos of seals: a few MB
MAX_PAGES = 300  # a report has 5–20 pages
MAX_INFLATED_BYTES = 96 * 1024 * 1024  # all non-image streams decoded (a real report: 1–5 MB; a fully
# embedded CJK font alone can be 20 MB)
MAX_DRAWING_BYTES = 24 * 1024 * 1024  # of which page content, forms and object streams (a page: 20–200 KB):
# PDFium parses these operator by operator, so they bound its time
TIME_LIMIT_S = 8.0  # the whole read, leaving room under the 10 s promise
_CHUNK = 1024 * 1024

_STREAM = re.compile(rb"stream\r?\n")
_DICT_START = re.compile(rb"\d+\s+\d+\s+obj\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FLATE = re.compile(rb"/(FlateDecode|Fl)\b")
_FONT_PROGRAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(Type1C|CIDFontType0C|OpenType)\b")


def read_pdf_bytes(path: Path) -> bytes:
    check_file(path, MAX_PDF_BYTES, "PDF")
    with path.open("rb") as stream:
        data = stream.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        raise ReportImportError(f"文件「{path.name}」超过PDF导入上限，已拒绝读取。")
    if b"%PDF-" not in data[:1024]:  # readers accept up to 1 KB of junk before the header
        raise ReportImportError(f"「{path.name}」不是PDF文件（文件开头没有 %PDF 标记），无法导入。")
    return data


def check_inflation(data: bytes, name: str) -> None:
    """Refuse a file whose compressed streams expand beyond any real report (zip-bomb style)."""
    budget, drawing = MAX_INFLATED_BYTES, MAX_DRAWING_BYTES
    deadline = time.monotonic() + TIME_LIMIT_S / 2
    for match in _STREAM.finditer(data):
        head = _stream_dictionary(data, match.start())
        if _IMAGE.search(head) or not _FLATE.search(head):
            continue
        font = _FONT_PROGRAM.search(head) is not None
        size = _inflated_size(data, match.end(), (budget if font else min(budget, drawing)) + 1)
        budget -= size
        drawing -= 0 if font else size
        if budget < 0 or drawing < 0:
            limit = MAX_INFLATED_BYTES if budget < 0 else MAX_DRAWING_BYTES
            raise ReportImportError(
                f"PDF「{name}」中的压缩数据解压后超过 {limit // 1024 // 1024} MB，可能是恶意文件（压缩炸弹），已拒绝读取。"
            )
        if time.monotonic() > deadline:
            raise ReportImportError(f"PDF「{name}」的结构异常复杂，检查超时，已拒绝读取。")


def _stream_dictionary(data: bytes, stream_at: int) -> bytes:
    """The object header before a `stream` keyword (its dictionary), at most 4 KB back."""
    window = data[max(0, stream_at - 4096) : stream_at]
    starts = list(_DICT_START.finditer(window))
    return window[starts[-1].start() :] if starts else window


def _inflated_size(data: bytes, start: int, limit: int) -> int:
    """How many bytes the stream at `start` inflates to, counting no further than `limit`."""
    inflater = zlib.decompressobj()
    size = 0
    position = start
    pending = b""
    try:
        while size < limit:
            if not pending:
                if inflater.eof or position >= len(data):
                    break
                pending = data[position : position + _CHUNK]
                position += _CHUNK
            out = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            size += len(out)
            if inflater.eof:
                break
    except zlib.error:
        pass  # a damaged stream: PDFium decides what it can read of it
    return size


class Deadline:
    """The time limit of one read; checked between pages (a PDFium call itself is not interrupted)."""

    def __init__(self, name: str, seconds: float = TIME_LIMIT_S) -> None:
        self.name = name
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise ReportImportError(
                f"读取PDF「{self.name}」超时（超过 {TIME_LIMIT_S:.0f} 秒），文件可能异常，已停止读取。"
            )
