"""审核意见: for each unit, a Word document in 公文 typography listing its problems — where each is
(table, row and column, or the section and the quoted sentences) and what the format requires — ready
to send back. One document per unit, or all units in one document (each on its own pages)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docx.document import Document

from ..documents.docx_package import finish_package
from ..documents.export_docx import (
    STYLE_HEADING1,
    STYLE_TITLE,
    add_official_paragraph,
    official_document,
    save_document,
)
from ..documents.ooxml import make
from ..domain.rules import Finding, Severity
from ..storage.atomic import suggested_name
from .assemble import DUPLICATE, MISSING, UNREADABLE, Review, ReviewRow
from .describe import location, requirement

_GROUPS = (
    (Severity.ERROR, "必须修改的错误"),
    (Severity.WARNING, "请核实并视情况修改的问题"),
)
_NUMERALS = "一二三四五六七八九十"
SALUTATION = "salutation"  # 主送机关: the body style flush left (GB/T 9704 顶格)
SIGNATURE = "signature"  # 落款 and date: the body style flush right


def opinion_lines(row: ReviewRow, year: int | None) -> list[tuple[str, str]]:
    """(style, text) paragraphs of one unit's opinion: the text the tests read and the document prints."""
    name = row.roster_name or row.unit
    title = f"关于{row.unit}{_year(row, year)}政府信息公开工作年度报告的审核意见"
    lines: list[tuple[str, str]] = [(STYLE_TITLE[0], title), (SALUTATION, f"{name}：")]
    if row.status == MISSING:
        lines.append(("Normal", f"截至审核时，未收到你单位{_year(row, year)}政府信息公开工作年度报告，请尽快报送。"))
        return lines
    file_name = row.path.name if row.path else ""
    if row.status == UNREADABLE:
        lines.append(
            ("Normal", f"你单位报送的文件“{file_name}”无法读取：{row.detail}请重新报送 Word 文档（.docx）或项目文件。")
        )
        return lines
    findings = [f for f in row.findings if f.severity is not Severity.INFO]
    if not findings:
        lines.append(("Normal", f"经审核，你单位报送的年度报告（文件“{file_name}”）未发现需要修改的问题。"))
        return lines
    lines.append(
        (
            "Normal",
            f"经审核，你单位报送的年度报告（文件“{file_name}”）有以下问题，请对照国务院办公厅政府信息公开"
            "工作年度报告统一格式修改后重新报送。",
        )
    )
    groups = [(label, [f for f in findings if f.severity is severity]) for severity, label in _GROUPS]
    for number, (label, items) in enumerate((g for g in groups if g[1]), start=0):
        lines.append((STYLE_HEADING1[0], f"{_NUMERALS[number]}、{label}（{len(items)}项）"))
        lines += [("Normal", _item(index, finding, row)) for index, finding in enumerate(items, start=1)]
    if row.status == DUPLICATE:
        lines.append(("Normal", f"另：{row.detail}。"))
    return lines


def _item(index: int, finding: Finding, row: ReviewRow) -> str:
    required = requirement(finding.rule)
    rule = f"（格式要求：{required}）" if required else ""
    return f"{index}. 位置：{location(finding, row.report)}。{finding.message}{rule}"


def _year(row: ReviewRow, year: int | None) -> str:
    shown = row.year or year
    return f"{shown}年度" if shown else ""


def opinion_document(rows: Sequence[ReviewRow], year: int | None, office: str = "") -> Document:
    document = official_document()
    for index, row in enumerate(rows):
        if index:
            paragraph = add_official_paragraph(document, "Normal", "")
            make("w:br", make("w:r", paragraph), type="page")
        today = date.today()
        signature = [(SIGNATURE, office)] if office else []
        signature.append((SIGNATURE, f"{today.year}年{today.month}月{today.day}日"))
        for style, text in [*opinion_lines(row, year), ("Normal", ""), *signature]:
            _paragraph(document, style, text)
    finish_package(document, company=office)
    return document


def _paragraph(document: Document, style: str, text: str) -> None:
    if style not in (SALUTATION, SIGNATURE):
        add_official_paragraph(document, style, text)
        return
    paragraph = add_official_paragraph(document, "Normal", text)
    properties = paragraph[0]  # the w:pPr add_official_paragraph made
    make("w:ind", properties, firstLine="0", firstLineChars="0")
    if style == SIGNATURE:
        make("w:jc", properties, val="right")


def write_opinions(review: Review, folder: Path, *, combined: bool = False, office: str = "") -> list[Path]:
    """The opinion documents for every unit of the review (未报送 and 无法读取 included; the older of
    two files is not sent). Raises documents.export_docx.ExportError with the Chinese reason."""
    rows = [row for row in review.rows if row.status != DUPLICATE]
    folder.mkdir(parents=True, exist_ok=True)
    if combined:
        path = folder / "审核意见（汇总）.docx"
        save_document(opinion_document(rows, review.year, office), path)
        return [path]
    written: list[Path] = []
    used: set[str] = set()
    for row in rows:
        name = suggested_name(f"{row.unit}审核意见", ".docx")
        while name in used:
            name = suggested_name(f"{row.unit}审核意见（{len(used)}）", ".docx")
        used.add(name)
        save_document(opinion_document([row], review.year, office), folder / name)
        written.append(folder / name)
    return written
