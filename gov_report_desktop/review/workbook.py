"""The review and the 明细 as Excel workbooks (openpyxl): frozen header, filters on, written safely."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..documents.writing import write_failure_message
from ..domain.rules import Severity
from ..domain.values import Money, Unreadable
from ..storage.atomic import AtomicWriteError, replace_file
from .assemble import Review
from .consolidate import Consolidation
from .describe import location, requirement

UNIT_HEADER = ("单位", "名单中的名称", "年度", "版本", "文件", "错误", "警告", "状态", "上年报告")
FINDING_HEADER = ("单位", "文件", "规则", "级别", "位置", "问题", "格式要求")


class WorkbookError(Exception):
    """The workbook could not be written; str() is the Chinese reason."""


def review_workbook(review: Review) -> Workbook:
    book = Workbook()
    units = book.active
    assert units is not None
    units.title = "单位"
    _write(units, UNIT_HEADER, [_unit_row(row) for row in review.rows], widths=(30, 24, 6, 6, 30, 6, 6, 40, 24))
    findings = book.create_sheet("问题")
    lines = [
        (
            row.unit,
            row.path.name if row.path else "",
            finding.rule,
            finding.severity.label,
            location(finding, row.report),
            finding.message,
            requirement(finding.rule),
        )
        for row in review.rows
        for finding in sorted(row.findings, key=lambda f: f.severity.rank)
    ]
    _write(findings, FINDING_HEADER, lines, widths=(30, 24, 6, 6, 36, 80, 40))
    return book


def _unit_row(row: Any) -> tuple[object, ...]:
    return (
        row.unit,
        row.roster_name,
        row.year or "",
        f"{row.edition}版" if row.edition else "",
        str(row.path) if row.path else "",
        row.count(Severity.ERROR) if row.report else "",
        row.count(Severity.WARNING) if row.report else "",
        row.status_text,
        row.previous_path.name if row.previous_path else "",
    )


def detail_workbook(consolidation: Consolidation) -> Workbook:
    """One row per unit, one column per table cell (as each unit published it), and the sum row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "明细"
    cells = consolidation.report.edition.all_cells()
    header = ("单位", *(ref.describe() for ref in cells))
    rows: list[Sequence[object]] = [
        (unit.name, *(_cell(unit.report.values.get(ref.cell_id)) for ref in cells)) for unit in consolidation.units
    ]
    rows.append(("合计", *(_cell(consolidation.report.values.get(ref.cell_id)) for ref in cells)))
    _write(sheet, header, rows, widths=(30, *([14] * len(cells))))
    sheet.cell(row=len(rows) + 1, column=1).font = Font(bold=True)
    ids = book.create_sheet("单元格编号")
    _write(ids, ("列", "单元格", "编号"), [(i + 2, ref.describe(), ref.cell_id) for i, ref in enumerate(cells)])
    return book


def _cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, Unreadable):
        return value.raw
    if isinstance(value, Money):
        return float(value.amount) if value.unit in ("", "万元") else f"{value.amount}{value.unit}"
    if isinstance(value, Decimal):
        return float(value)
    return value


def _write(
    sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[int] = ()
) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def save_workbook(book: Workbook, path: Path) -> None:
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        replace_file(Path(path), buffer.getvalue())
    except AtomicWriteError as error:
        raise WorkbookError(write_failure_message(error, " Excel 或 WPS ")) from error
