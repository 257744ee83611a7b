"""Limits that keep a hostile or broken file from hanging the app or exhausting memory.

Every refusal is a `ReportImportError` whose text is the Chinese message shown to the clerk.
Nothing here touches the network: XML and HTML parsers are built with network access, DTD loading
and entity expansion switched off, and a Word file must not declare a DTD at all (Word never does).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

MAX_HTML_BYTES = 20 * 1024 * 1024  # a saved report page is well under 2 MB
MAX_DOCX_BYTES = 50 * 1024 * 1024  # the file on disk (images included)
MAX_PART_BYTES = 30 * 1024 * 1024  # one XML part once uncompressed (a real report: < 1 MB)
MAX_RATIO = 100  # real document.xml compresses 5–20 times; a zip bomb, thousands of times
DOCUMENT_PART = "word/document.xml"

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class ReportImportError(Exception):
    """A file that cannot be imported; str() is the Chinese message for the clerk."""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_file(path: Path, limit: int, kind: str) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportImportError(f"无法读取文件「{path.name}」：{exc.strerror or exc}") from exc
    if not path.is_file():
        raise ReportImportError(f"「{path.name}」不是文件。")
    if size == 0:
        raise ReportImportError(f"文件「{path.name}」是空文件。")
    if size > limit:
        raise ReportImportError(
            f"文件「{path.name}」有 {_mb(size)}，超过{kind}导入上限 {_mb(limit)}，不像是年度报告，已拒绝读取。"
        )
    return size


def read_html_bytes(path: Path) -> bytes:
    check_file(path, MAX_HTML_BYTES, "网页")
    with path.open("rb") as stream:
        data = stream.read(MAX_HTML_BYTES + 1)  # the file may grow after stat()
    if len(data) > MAX_HTML_BYTES:
        raise ReportImportError(f"文件「{path.name}」超过网页导入上限 {_mb(MAX_HTML_BYTES)}，已拒绝读取。")
    return data


def read_docx_document(path: Path) -> bytes:
    """The bytes of word/document.xml, after checking the zip container is sane."""
    check_file(path, MAX_DOCX_BYTES, "Word 文档")
    name = path.name
    if not zipfile.is_zipfile(path):
        raise ReportImportError(f"「{name}」不是有效的 Word 文档（.docx）：文件格式不对或已损坏。")
    try:
        with zipfile.ZipFile(path) as archive:
            info = _document_info(archive, name)
            with archive.open(info) as stream:
                data = stream.read(MAX_PART_BYTES + 1)
    except ReportImportError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise ReportImportError(f"Word 文档「{name}」已损坏或不完整（{type(exc).__name__}），无法读取。") from exc
    if len(data) > MAX_PART_BYTES:
        raise ReportImportError(
            f"Word 文档「{name}」的正文解压后超过 {_mb(MAX_PART_BYTES)}，可能是恶意文件，已拒绝读取。"
        )
    return data


def _document_info(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    try:
        info = archive.getinfo(DOCUMENT_PART)
    except KeyError:
        raise ReportImportError(f"「{name}」不是 Word 文档（.docx）：缺少正文部分 {DOCUMENT_PART}。") from None
    if info.file_size > MAX_PART_BYTES:
        raise ReportImportError(
            f"Word 文档「{name}」的正文解压后有 {_mb(info.file_size)}，超过上限，可能是恶意文件（压缩炸弹），已拒绝读取。"
        )
    if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ReportImportError(f"Word 文档「{name}」的压缩比异常，可能是恶意文件（压缩炸弹），已拒绝读取。")
    return info


def parse_word_xml(data: bytes, name: str) -> etree._Element:
    if _DTD.search(data):
        raise ReportImportError(
            f"Word 文档「{name}」含有 DTD 或实体声明（Word 从不这样写），可能是恶意文件，已拒绝读取。"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReportImportError(f"Word 文档「{name}」的正文已损坏，无法解析（{exc.msg}）。") from exc
