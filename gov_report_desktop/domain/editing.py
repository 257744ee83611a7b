"""Edits the window offers, as domain operations (no Qt): typed text, a pasted block, another edition.

The table view and the window only map screen positions to cell ids and ask the clerk; what an edit
means — how text is read, what a paste would change and what it would break, which cells survive a
change of edition — is decided here, and tested without a window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .editions import Edition, get_edition
from .model import Report
from .values import CellValue, ParseResult, parse_cell_text

CellValues = dict[str, CellValue | None]


def parse_for_cell(edition: Edition, cell_id: str, text: str) -> ParseResult:
    """What `text` typed into `cell_id` means; an error names the cell (行／列) and what is allowed."""
    ref = edition.cell(cell_id)
    result = parse_cell_text(text, ref.column)
    if result.error is not None:
        return ParseResult(error=f"{ref.describe()}：{result.error}")
    return result


@dataclass(frozen=True)
class PastedText:
    """One cell of a pasted block: its place in the block (1-based) and the table cell it lands on."""

    row: int
    column: int
    text: str
    cell_id: str | None  # None: the block reaches past the table


@dataclass
class PasteCheck:
    values: CellValues = field(default_factory=dict)  # input cells the paste sets
    problems: list[str] = field(default_factory=list)  # why it must not be applied (Chinese)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_paste(report: Report, pasted: Iterable[PastedText]) -> PasteCheck:
    """What pasting would change, and what it would break. Any problem refuses the whole block: a
    bad value, a cell outside the table, or a pasted total that differs from the sum of the pasted
    parts (the block is then not trusted)."""
    edition = report.edition
    check = PasteCheck()
    totals: CellValues = {}
    for cell in pasted:
        if cell.cell_id is None:
            check.problems.append(
                f"第{cell.row}行第{cell.column}列「{cell.text.strip()}」：超出表格范围（粘贴区域比表格大）。"
            )
            continue
        result = parse_for_cell(edition, cell.cell_id, cell.text)
        if result.error is not None:
            check.problems.append(result.error)
        elif cell.cell_id in edition.derived_cells:
            totals[cell.cell_id] = result.value
        else:
            check.values[cell.cell_id] = result.value
    check.problems += _total_mismatches(report, check.values, totals)
    if not check.problems and not check.values and totals:
        check.problems.append(f"{edition.cell(next(iter(totals))).describe()}：合计为自动计算，不能直接填写。")
    return check


def _total_mismatches(report: Report, values: CellValues, totals: CellValues) -> list[str]:
    if not totals:
        return []
    trial = report.model_copy(deep=True)
    for cell_id, value in values.items():
        trial.set_value(cell_id, value)
    problems = []
    for cell_id, pasted in totals.items():
        computed = trial.get(cell_id)
        if pasted is not None and computed != pasted:
            problems.append(
                f"{trial.edition.cell(cell_id).describe()}：粘贴的合计 {pasted} 与各项之和 "
                f"{computed if computed is not None else '（空）'} 不一致。"
            )
    return problems


@dataclass(frozen=True)
class EditionChange:
    report: Report  # the report in the new edition (the original is unchanged)
    dropped: list[str]  # cells of the old edition the new one has not: their values are not carried


def change_edition(report: Report, key: str) -> EditionChange:
    """The report re-laid in edition `key`, chosen explicitly by the clerk; totals re-derived."""
    edition = get_edition(key)
    dropped = [cell_id for cell_id in report.values if not edition.has_cell(cell_id)]
    data = report.model_dump()
    data["values"] = {c: v for c, v in report.values.items() if edition.has_cell(c)}
    data["meta"]["edition"] = key
    data["meta"]["edition_explicit"] = True
    new = Report.model_validate(data)
    new.derive_totals()
    return EditionChange(new, dropped)
