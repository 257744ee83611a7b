"""Data types that describe one edition of the official report format.

An edition is pure data: sections, tables, rows, columns, labels and value kinds. The UI headers,
the Word tables, the importers' label matching and the rules all read the same objects, so a new
edition of the format is a new data module, not edits scattered through the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class ValueKind(str, Enum):
    """What a cell may hold."""

    COUNT = "count"  # integer >= 0 (件, 数量)
    SIGNED = "signed"  # signed integer (2019 本年增/减)
    MONEY = "money"  # Decimal >= 0 with a unit (元 / 万元)


class SectionKey(str, Enum):
    OVERVIEW = "overview"  # 一、总体情况
    PROACTIVE = "proactive"  # 二、主动公开政府信息情况
    REQUESTS = "requests"  # 三、收到和处理政府信息公开申请情况
    APPEALS = "appeals"  # 四、政府信息公开行政复议、行政诉讼情况
    PROBLEMS = "problems"  # 五、存在的主要问题及改进情况
    OTHER = "other"  # 六、其他需要报告的事项


@dataclass(frozen=True)
class SectionSpec:
    key: SectionKey
    heading: str  # verbatim, e.g. "一、总体情况"
    placeholder: str  # the template's "（文字描述）" note, shown as a hint only
    is_prose: bool
    help: str = ""


@dataclass(frozen=True)
class ColumnSpec:
    """One value column. `path` is the chain of header labels from the top header row down."""

    key: str
    path: tuple[str, ...]
    kind: ValueKind = ValueKind.COUNT
    unit: str | None = None  # fixed unit printed in the header (万元), None when free or 件
    help: str = ""
    # Anything above this is refused at the editor as implausible (a typo, not a count).
    maximum: int = 999_999_999

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class RowSpec:
    """One data row. `path` is the chain of row labels from the outermost merged cell inwards."""

    key: str
    path: tuple[str, ...]
    help: str = ""

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class TotalSpec:
    """`target` is the sum of `parts` (all cell ids of the same table): a derived cell, and the rule
    `rule` (R2, R3, R5 …) checks a stored total against it in the template's words:
    "{where}：{total_name}为 X，但{parts_name}之和为 Y，相差 Z。" A third edition declares its totals here
    and needs no rule code for them. `derives=False`: a sum that is only checked (its target is derived
    by another TotalSpec, e.g. 表三's corner cell as a row sum, checked as a column sum too)."""

    target: str
    parts: tuple[str, ...]
    rule: str = ""
    where: str = ""  # 表三「自然人」列
    total_name: str = ""  # （七）总计
    parts_name: str = ""  # （一）至（六）各项
    derives: bool = True


@dataclass(frozen=True)
class TableSpec:
    key: str
    section: SectionKey
    title: str  # what the clerk calls it: 表二（第二十条第（一）项） / 表三 / 表四
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    # Text of the top-left header cell (表三's note, 表二's 信息内容); None when the table has no
    # row-label columns (表四).
    corner: str | None = None
    # A heading row printed above the table spanning all columns (表二's 第二十条第（一）项).
    heading: str | None = None
    totals: tuple[TotalSpec, ...] = ()
    # (smaller, larger) column keys: in every row the first should not exceed the second (P3).
    orderings: tuple[tuple[str, str], ...] = ()

    def cell_id(self, row_key: str, column_key: str) -> str:
        return f"{self.key}.{row_key}.{column_key}"

    @property
    def label_depth(self) -> int:
        """How many label columns the official layout needs for the row labels."""
        return max((len(r.path) for r in self.rows), default=0) if self.corner is not None else 0

    @property
    def header_depth(self) -> int:
        return max(len(c.path) for c in self.columns)

    def cell_ids(self) -> list[str]:
        return [self.cell_id(r.key, c.key) for r in self.rows for c in self.columns]


@dataclass(frozen=True)
class Edition:
    key: str  # "2019" / "2021"
    name: str  # 2019版（国办公开办函〔2019〕60号）
    notice: str
    first_year: int
    last_year: int | None
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    overview_char_limit: int | None = None
    requires_fee_report: bool = False
    # 表二 第（一）项's columns of documents issued and repealed this year, which 一、总体情况 quotes (P4).
    issued_column: str = ""
    repealed_column: str = ""
    _cells: dict[str, CellRef] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for table in self.tables:
            for r_index, row in enumerate(table.rows):
                for c_index, column in enumerate(table.columns):
                    ref = CellRef(table, row, column, r_index, c_index)
                    self._cells[ref.cell_id] = ref

    def section(self, key: SectionKey) -> SectionSpec:
        return next(s for s in self.sections if s.key == key)

    def table(self, key: str) -> TableSpec:
        return next(t for t in self.tables if t.key == key)

    def tables_of(self, section: SectionKey) -> tuple[TableSpec, ...]:
        return tuple(t for t in self.tables if t.section == section)

    def cell(self, cell_id: str) -> CellRef:
        return self._cells[cell_id]

    def has_cell(self, cell_id: str) -> bool:
        return cell_id in self._cells

    def all_cells(self) -> list[CellRef]:
        return list(self._cells.values())

    @property
    def derived_cells(self) -> frozenset[str]:
        return frozenset(t.target for table in self.tables for t in table.totals if t.derives)


@dataclass(frozen=True)
class CellRef:
    table: TableSpec
    row: RowSpec
    column: ColumnSpec
    row_index: int
    column_index: int

    @property
    def cell_id(self) -> str:
        return self.table.cell_id(self.row.key, self.column.key)

    @property
    def kind(self) -> ValueKind:
        return self.column.kind

    def describe(self) -> str:
        """The cell in the template's own words: 表三「（七）总计」行「自然人」列."""
        if self.table.corner is None:  # 表四 has a single unlabelled row of 15 numbers
            return f"{self.table.title}「{'／'.join(self.column.path)}」"
        return f"{self.table.title}「{self.row.label}」行「{self.column.label}」列"
