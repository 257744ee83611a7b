"""Build reports from the shared real examples (`../shared/examples/real/<id>.json`).

The JSON files key every published number by its template labels; this maps them onto the
edition's cells the same way for every file, so the examples are test data, not special cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gov_report_desktop.domain.editions import Edition, get_edition
from gov_report_desktop.domain.model import Report, ReportMeta
from gov_report_desktop.domain.values import Unreadable, parse_cell_text

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REAL_DIR = SHARED / "examples" / "real"


def real_report_files() -> list[Path]:
    return sorted(REAL_DIR.glob("*.json"))


def load_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def report_from_shared_json(path: Path) -> Report:
    data = load_json(path)
    edition = get_edition(data["edition"])
    meta = ReportMeta(agency=data["agency"], year=data["year"], edition=edition.key)  # type: ignore[arg-type]
    report = Report(meta=meta)
    for cell_id, published in _published_cells(data["tables"], edition):
        report.values[cell_id] = _value(edition, cell_id, published)
    return report


def _value(edition: Edition, cell_id: str, published: object) -> Any:
    result = parse_cell_text(str(published), edition.cell(cell_id).column)
    return result.value if result.ok else Unreadable(raw=str(published))


def _published_cells(tables: dict[str, Any], edition: Edition) -> list[tuple[str, object]]:
    cells: list[tuple[str, object]] = []
    for block_heading, rows in tables.get("二、主动公开政府信息情况", {}).items():
        table = next(t for t in edition.tables if t.heading == block_heading)
        for row_label, columns in rows.items():
            row = next(r for r in table.rows if r.label == row_label)
            for column_label, value in columns.items():
                column = next(c for c in table.columns if c.label == column_label)
                cells.append((table.cell_id(row.key, column.key), value))
    requests = tables.get("三、收到和处理政府信息公开申请情况")
    if requests:
        table = edition.table("t3")
        for row_path, columns in requests["rows"].items():
            row = next(r for r in table.rows if "/".join(r.path) == row_path)
            for column_label, value in columns.items():
                column = next(c for c in table.columns if c.label == column_label)
                cells.append((table.cell_id(row.key, column.key), value))
    appeals = tables.get("四、政府信息公开行政复议、行政诉讼情况")
    if appeals:
        table = edition.table("t4")
        for group, columns in appeals["rows"].items():
            for column_label, value in columns.items():
                path = (*group.split("/"), column_label)
                column = next(c for c in table.columns if c.path == path)
                cells.append((table.cell_id("cases", column.key), value))
    return cells
