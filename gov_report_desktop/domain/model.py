"""The report as a typed model (pydantic, no Qt).

Values live in one dict keyed by stable cell ids (`t3.new.natural`); an absent key is an unfilled
cell, distinct from 0. Totals are stored like any other cell: `set_value` re-derives the totals a
part feeds while the clerk edits, but a report that arrives with published totals (an import)
keeps them as they are, and the rules report any disagreement. Nothing is silently changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from .editions import Edition, SectionKey, ValueKind, edition_for_year, get_edition
from .values import CellValue, Money, Unreadable, numeric

EditionKey = Literal["2019", "2021"]
Year = Annotated[int, Field(ge=1990, le=2200)]


# Default factories are functions of ours, not the builtins `dict` and `list`: pydantic inspects each
# factory's signature, and a builtin's is parsed from its text signature with the tokenize module, whose
# large regular expression then compiles at start-up (~5 ms before the first paint).
def _no_values() -> dict[str, CellValue]:
    return {}


def _no_notes() -> list[StructureNote]:
    return []


def _no_acknowledgements() -> list[Acknowledgement]:
    return []


class ReportMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    agency: str = ""  # 机关名称
    year: Year  # 报告年度
    edition: EditionKey
    # True when the clerk chose the edition instead of letting the year decide (recorded, and R7
    # reports it when it differs from the year's edition).
    edition_explicit: bool = False
    preamble: str = ""  # the opening paragraph: who compiled it, the period, contact
    # False when an imported document named no year (a blank template, a draft): `year` is then only
    # a placeholder (the edition's first year), R7 reports 未写明报告年度, the checks that compare
    # years wait, and exports leave the year blank. Written only when False, so the files of reports
    # with a year stay as before (readable by earlier versions); files without it read as True.
    year_stated: bool = True

    @model_serializer(mode="wrap")
    def _omit_stated_year(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if self.year_stated:
            data.pop("year_stated", None)
        return data

    @property
    def year_label(self) -> str:
        """The year as shown: "2024年度", or what to show while the year is unknown."""
        return f"{self.year}年度" if self.year_stated else "年度未写明"


class Acknowledgement(BaseModel):
    """A 警告 the clerk has looked at and explained; saved, never printed in the report.

    It records what was acknowledged — the values of the finding's cells and the text its message
    quoted — so that when they change the warning shows again (domain/acknowledgements.py). Files
    saved before this record existed have `values` None: such an acknowledgement stays as it was.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    cells: tuple[str, ...] = ()
    note: str
    at: datetime = Field(default_factory=lambda: datetime.now().replace(microsecond=0))
    values: tuple[tuple[str, str], ...] | None = None  # (cell id, value as shown; "" when blank)
    quoted: tuple[str, ...] = ()  # the text the message quoted in “…”
    message: str = ""  # the finding's message when acknowledged, kept for reference

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.rule, self.cells)


class StructureNote(BaseModel):
    """A way the published document deviates from its edition's structure (found by an importer)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    where: str
    message: str


class PreviousYear(BaseModel):
    """What the year-over-year checks (P1, P2, T6) need of last year's report."""

    model_config = ConfigDict(extra="forbid")

    agency: str = ""
    year: Year
    edition: EditionKey
    values: dict[str, CellValue] = Field(default_factory=_no_values)
    problems: str = ""  # 五、存在的主要问题及改进情况, to spot a text copied year after year


def _empty_texts() -> dict[SectionKey, str]:
    return dict.fromkeys(SectionKey, "")


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    meta: ReportMeta
    texts: dict[SectionKey, str] = Field(default_factory=_empty_texts)
    values: dict[str, CellValue] = Field(default_factory=_no_values)
    structure_notes: list[StructureNote] = Field(default_factory=_no_notes)
    acknowledgements: list[Acknowledgement] = Field(default_factory=_no_acknowledgements)
    previous: PreviousYear | None = None

    @model_validator(mode="after")
    def _check_cells(self) -> Report:
        edition = self.edition
        for cell_id, value in self.values.items():
            if not edition.has_cell(cell_id):
                raise ValueError(f"单元格「{cell_id}」不属于{edition.name}")
            _check_kind(cell_id, value, edition)
        for key in SectionKey:
            self.texts.setdefault(key, "")
        return self

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def new(cls, year: int, agency: str = "", edition: str | None = None) -> Report:
        chosen = get_edition(edition) if edition else edition_for_year(year)
        explicit = edition is not None and chosen.key != edition_for_year(year).key
        meta = ReportMeta(agency=agency, year=year, edition=chosen.key, edition_explicit=explicit)
        return cls(meta=meta)

    # -- reading ------------------------------------------------------------------------------

    @property
    def edition(self) -> Edition:
        return get_edition(self.meta.edition)

    def get(self, cell_id: str) -> CellValue | None:
        return self.values.get(cell_id)

    def number(self, cell_id: str) -> int | Decimal | None:
        return numeric(self.values.get(cell_id))

    def text(self, section: SectionKey) -> str:
        return self.texts.get(section, "")

    # -- editing ------------------------------------------------------------------------------

    def set_value(self, cell_id: str, value: CellValue | None) -> list[str]:
        """Set one input cell and re-derive the totals it feeds. Returns every cell that changed."""
        edition = self.edition
        if cell_id in edition.derived_cells:
            raise ValueError(f"「{edition.cell(cell_id).describe()}」为自动计算的合计，不能直接填写")
        if value is not None:
            _check_kind(cell_id, value, edition)
        changed = [cell_id] if self.values.get(cell_id) != value else []
        self._store(cell_id, value)
        changed += self._derive(affected_by={cell_id})
        return changed

    def derive_totals(self) -> list[str]:
        """Recompute every total from its parts (a new report, or the clerk asks to)."""
        return self._derive(affected_by=None)

    def _store(self, cell_id: str, value: CellValue | None) -> None:
        if value is None:
            self.values.pop(cell_id, None)
        else:
            self.values[cell_id] = value

    def _derive(self, affected_by: set[str] | None) -> list[str]:
        changed: list[str] = []
        dirty = set(affected_by) if affected_by is not None else None
        for table in self.edition.tables:
            for total in table.totals:
                if not total.derives or (dirty is not None and dirty.isdisjoint(total.parts)):
                    continue
                new = _sum_of(self.values.get(p) for p in total.parts)
                if self.values.get(total.target) != new:
                    self._store(total.target, new)
                    changed.append(total.target)
                if dirty is not None:
                    dirty.add(total.target)
        return changed

    def set_text(self, section: SectionKey, text: str) -> None:
        self.texts[section] = text


def _sum_of(values: Iterable[CellValue | None]) -> int | None:
    """Sum of the filled parts; None while no part is filled; None if a part is unreadable."""
    total = 0
    filled = False
    for value in values:
        if value is None:
            continue
        if not isinstance(value, int):
            return None
        total += value
        filled = True
    return total if filled else None


def _check_kind(cell_id: str, value: CellValue, edition: Edition) -> None:
    kind = edition.cell(cell_id).kind
    if isinstance(value, Unreadable):
        return
    if kind is ValueKind.MONEY and not isinstance(value, Money):
        raise ValueError(f"单元格「{cell_id}」应为金额")
    if kind is not ValueKind.MONEY and not isinstance(value, int):
        raise ValueError(f"单元格「{cell_id}」应为整数")
