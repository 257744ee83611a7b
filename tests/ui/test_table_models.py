"""Every table model of both editions passes Qt's model tester and lays out the template's labels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from gov_report_desktop.domain.editions import EDITIONS
from gov_report_desktop.storage.projectfile import load_report
from gov_report_desktop.ui.document import ReportDocument
from gov_report_desktop.ui.layout import column_header_blocks, row_label_blocks
from gov_report_desktop.ui.table_model import SEVERITY_ROLE, ReportTableModel
from tests.conftest import HUAIAN, PUTUO
from tests.ui.conftest import blank_report

TABLES = [(edition, table.key) for edition in EDITIONS for table in EDITIONS[edition].tables]


@pytest.mark.parametrize(("edition", "table_key"), TABLES)
def test_model_passes_qt_model_tester(qtbot, edition: str, table_key: str) -> None:
    report = blank_report(2020 if edition == "2019" else 2022)
    document = ReportDocument(report)
    model = ReportTableModel(document, document.edition.table(table_key))
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    first_value = model.index(0, model.label_columns)
    assert model.setData(first_value, "12", Qt.ItemDataRole.EditRole)
    assert first_value.data() == "12"
    document.undo_stack.undo()
    assert first_value.data() == ""


@pytest.mark.parametrize("path", [PUTUO, HUAIAN])
def test_examples_show_every_value(qtbot, path) -> None:
    document = ReportDocument(load_report(path))
    for table in document.edition.tables:
        model = ReportTableModel(document, table)
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        for cell_id in table.cell_ids():
            value = document.report.get(cell_id)
            shown = model.index_of(cell_id).data()
            assert (value is None and shown == "") or shown.replace("万元", "").replace("元", "") in str(value)


def test_request_table_row_labels_nest_as_in_template() -> None:
    table = EDITIONS["2021"].table("t3")
    blocks = {(b.text, b.level): b for b in row_label_blocks(table)}
    results = blocks[("三、本年度办理结果", 0)]
    withheld = blocks[("（三）不予公开", 1)]
    secret = blocks[("1.属于国家秘密", 2)]
    assert (results.first, results.last) == (2, len(table.rows) - 2)
    assert (withheld.first, withheld.last) == (secret.first, secret.first + 7)
    assert blocks[("一、本年新收政府信息公开申请数量", 0)].depth == 3  # spans all three label columns
    assert blocks[("（一）予以公开", 1)].depth == 2


def test_request_table_header_groups_as_in_template() -> None:
    table = EDITIONS["2019"].table("t3")
    blocks = {b.text: b for b in column_header_blocks(table)}
    assert blocks["申请人情况"].span == 7
    assert blocks["法人或其他组织"].span == 5
    assert blocks["自然人"].depth == 2
    assert blocks["总计"].depth == 2
    assert blocks[table.corner].span == 3
    assert blocks[table.corner].depth == 3


def test_proactive_table_heading_spans_the_table() -> None:
    table = EDITIONS["2021"].table("t2_1")
    heading = column_header_blocks(table)[0]
    assert heading.text == "第二十条第（一）项"
    assert (heading.first, heading.last) == (0, len(table.columns))


def test_bad_text_is_refused_with_message_and_not_stored(qtbot) -> None:
    document = ReportDocument(blank_report())
    model = ReportTableModel(document, document.edition.table("t3"))
    index = model.index_of("t3.new.natural")
    for bad, expected in (("abc", "不是数字"), ("-3", "不能为负数"), ("2.5", "整数"), ("99999999", "超出合理范围")):
        with qtbot.waitSignal(model.editRejected) as blocker:
            assert not model.setData(index, bad, Qt.ItemDataRole.EditRole)
        assert expected in blocker.args[0]
        assert "表三" in blocker.args[0]
    assert document.report.get("t3.new.natural") is None
    assert document.undo_stack.count() == 0


def test_derived_cells_are_read_only_and_marked(qtbot) -> None:
    document = ReportDocument(load_report(PUTUO))
    model = ReportTableModel(document, document.edition.table("t3"))
    total = model.index_of("t3.new.total")
    assert not (model.flags(total) & Qt.ItemFlag.ItemIsEditable)
    assert not model.setData(total, "5", Qt.ItemDataRole.EditRole)
    assert total.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert total.data(Qt.ItemDataRole.FontRole).bold()
    assert model.index_of("t3.other.total").data(SEVERITY_ROLE) is not None  # T4 on the example


def test_one_edit_repaints_each_changed_cell_once(qtbot) -> None:
    document = ReportDocument(load_report(PUTUO))
    model = ReportTableModel(document, document.edition.table("t3"))
    repainted: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, _roles=(): repainted.append((top.row(), top.column())))
    index = model.index_of("t3.new.natural")
    assert model.setData(index, str(int(document.report.get("t3.new.natural") or 0) + 1))
    assert (index.row(), index.column()) in repainted
    assert len(repainted) == len(set(repainted))  # the cell, its totals, its findings: each once
