"""Limits that keep a hostile or broken file from hanging the app or exhausting memory.

Every refusal is a `ReportImportError` whose text is the Chinese message shown to the clerk.
Nothing here touches the network: XML and HTML parsers are built with network access, DTD loading
and entity expansion switched off, and a Word file must not declare a DTD at all (Word never does).
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

from lxml import etree

from ...storage.atomic import name_too_long
from ...storage.oserrors import os_message

MAX_HTML_BYTES = 20 * 1024 * 1024  # a saved report page is well under 2 MB
MAX_DOCX_BYTES = 50 * 1024 * 1024  # the file on disk (images included)
# One XML part once inflated (a real report: < 1 MB). The inflated size is what costs memory, so it
# is limited directly; a compression ratio would refuse legitimate files of many similar tables.
MAX_PART_BYTES = 24 * 1024 * 1024
# Elements one part may hold: a real report has ~30 000; each costs parse and walk time.
MAX_XML_ELEMENTS = 300_000
DOCUMENT_PART = "word/document.xml"

_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class ReportImportError(Exception):
    """A file that cannot be imported; str() is the Chinese message for the clerk."""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_file(path: Path, limit: int, kind: str) -> int:
    if name_too_long(path):
        raise ReportImportError(f"无法读取文件「{path.name}」：文件名或路径过长。")
    try:
        size = path.stat().st_size
        is_file = path.is_file()
    except OSError as exc:
        raise ReportImportError(f"无法读取文件「{path.name}」：{os_message(exc)}。") from exc
    if not is_file:
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
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_HTML_BYTES + 1)  # the file may grow after stat()
    except OSError as exc:
        raise ReportImportError(f"无法读取文件「{path.name}」：{os_message(exc)}。") from exc
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
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise ReportImportError(f"Word 文档「{name}」已损坏或不完整（{_zip_problem(exc)}），无法读取。") from exc
    except OSError as exc:
        raise ReportImportError(f"无法读取 Word 文档「{name}」：{os_message(exc)}。") from exc
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
    return info


def _zip_problem(error: Exception) -> str:
    """zipfile speaks English: say in Chinese what kind of damage it found."""
    if isinstance(error, NotImplementedError):
        return "使用了不支持的压缩方式或加密"
    if isinstance(error, EOFError):
        return "文件被截断"
    text = str(error).lower()
    if "crc" in text:
        return "校验和不符"
    if "password" in text or "encrypt" in text:
        return "文件已加密"
    return "压缩包结构损坏"


def _xml_head_text(data: bytes) -> str:
    """The start of an XML part as text, whatever its encoding (UTF-8, UTF-16/32 with or without a
    BOM), for the DTD check: a pattern over UTF-8 bytes misses `<\0!\0D\0…` in UTF-16."""
    head = data[: 64 * 1024]
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    if head[:4] == b"<\0\0\0":
        return head.decode("utf-32-le", errors="ignore")
    if head[:4] == b"\0\0\0<":
        return head.decode("utf-32-be", errors="ignore")
    if head[:2] == b"<\0":
        return head.decode("utf-16-le", errors="ignore")
    if head[:2] == b"\0<":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("utf-8", errors="ignore")


def _refuse_dtd(name: str) -> ReportImportError:
    return ReportImportError(f"Word 文档「{name}」含有 DTD 或实体声明（Word 从不这样写），可能是恶意文件，已拒绝读取。")


def parse_word_xml(data: bytes, name: str) -> etree._Element:
    """Parse an OOXML part with DTDs refused in any encoding, nothing loaded or expanded, and a
    bounded number of elements; every failure is a Chinese message."""
    if _DTD.search(_xml_head_text(data)):
        raise _refuse_dtd(name)
    if data.count(b"<") > MAX_XML_ELEMENTS * 2 or data.count(b"<\0") > MAX_XML_ELEMENTS * 2:
        raise ReportImportError(f"Word 文档「{name}」的正文元素多得异常，不像是年度报告，已拒绝读取。")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReportImportError(f"Word 文档「{name}」的正文已损坏，无法解析（第 {exc.lineno} 行附近）。") from exc
    except (ValueError, LookupError) as exc:  # an encoding lxml does not know
        raise ReportImportError(f"Word 文档「{name}」的正文编码无法识别，无法解析。") from exc
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:  # whatever slipped past the text check
        raise _refuse_dtd(name)
    return root
