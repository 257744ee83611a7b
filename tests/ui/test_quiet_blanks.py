"""A report being filled in is not a wall of yellow: its blank cells are one quiet note per table
("表三还有 175 格未填写") until the clerk asks to export; from then on they are the R6 warnings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.rules import Finding, Severity, evaluate
from gov_report_desktop.ui.document import ReportDocument
from gov_report_desktop.ui.findings_dock import FINDING_ROLE
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.table_model import SEVERITY_ROLE
from tests.ui.conftest import blank_report


@pytest.fixture
def fresh(window: MainWindow) -> MainWindow:
    """The window on a brand-new, empty report (as 新建年报 leaves it)."""
    window.set_document(ReportDocument(blank_report(2025)))
    window.refresh_panels()
    return window


def listed(window: MainWindow) -> list[Finding]:
    return [item.data(0, FINDING_ROLE) for item in window.findings.items()]


def marked_blank_cells(window: MainWindow) -> int:
    """Blank cells of 表三 painted with a finding's severity (the ⚠ marks)."""
    model = window.table_view("t3").report_model
    return sum(
        1
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        if model.data(model.index(row, column), SEVERITY_ROLE) is not None
    )


def test_a_new_report_lists_one_quiet_line_per_table(fresh: MainWindow) -> None:
    fresh.findings.show_all(True)
    blanks = [f for f in listed(fresh) if f.rule == "R6"]
    tables = fresh.document.edition.tables
    assert len(blanks) == len(tables)
    assert all(f.severity is Severity.INFO and f.cells == () for f in blanks)
    t3_cells = sum(1 for c in fresh.document.edition.table("t3").cell_ids())
    assert f"表三还有 {t3_cells} 格未填写（没有数据请填 0）。" in [f.message for f in blanks]
    assert marked_blank_cells(fresh) == 0
    requests = fresh.tab_for_section(SectionKey.REQUESTS)
    assert "警告" not in fresh.tabs.tabToolTip(requests)  # the counts (the label may fold them)
    # The CLI and the batch review still see the warnings: only the window is quiet.
    assert any(f.rule == "R6" and f.severity is Severity.WARNING for f in evaluate(fresh.document.report))


def test_a_filled_cell_shrinks_the_count(fresh: MainWindow) -> None:
    model = fresh.table_view("t3").report_model
    before = next(f.message for f in fresh.document.findings if f.rule == "R6" and "表三" in f.message)
    assert model.setData(model.index_of("t3.new.natural"), "0")
    after = next(f.message for f in fresh.document.findings if f.rule == "R6" and "表三" in f.message)
    assert before != after
    assert marked_blank_cells(fresh) == 0


def _export_word(window: MainWindow) -> object:
    return window.export_word()


def _export_html(window: MainWindow) -> object:
    return window.publishing.export_html()


def _export_pdf(window: MainWindow) -> object:
    return window.publishing.export_pdf()


def _copy_html(window: MainWindow) -> object:
    return window.publishing.copy_html()


def _print_preview(window: MainWindow) -> object:
    dialog = window.publishing.make_preview()  # not shown: building it is the request
    dialog.deleteLater()
    return dialog


def _print(window: MainWindow) -> object:
    return window.publishing.print_report()  # the print dialog answers "cancel" (see the test)


ASKS = [_export_word, _export_html, _export_pdf, _copy_html, _print_preview, _print]


@pytest.mark.parametrize("ask", ASKS, ids=lambda f: f.__name__)
def test_asking_to_export_turns_blanks_into_warnings(
    fresh: MainWindow, ask: Callable[[MainWindow], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Rejected)
    ask(fresh)  # the file dialogs answer "cancel": the request alone is enough
    fresh.refresh_panels()
    blanks = [f for f in fresh.document.findings if f.rule == "R6"]
    assert blanks
    assert all(f.severity is Severity.WARNING and f.cells for f in blanks)
    assert marked_blank_cells(fresh) > 0
    assert "警告" in fresh.tabs.tabToolTip(fresh.tab_for_section(SectionKey.REQUESTS))
    # …for the rest of this report's session: filling a cell does not make them quiet again.
    model = fresh.table_view("t3").report_model
    assert model.setData(model.index_of("t3.new.natural"), "0")
    assert all(f.severity is Severity.WARNING for f in fresh.document.findings if f.rule == "R6")


def test_the_next_report_starts_quiet_again(fresh: MainWindow) -> None:
    fresh.export_word()
    assert not fresh.document.quiet_blanks
    fresh.set_document(ReportDocument(blank_report(2025)))
    assert all(f.severity is Severity.INFO for f in fresh.document.findings if f.rule == "R6")


def test_the_quiet_line_is_shown_with_the_notes(fresh: MainWindow) -> None:
    fresh.findings.show_all(True)
    items = [i for i in fresh.findings.items() if i.data(0, FINDING_ROLE).rule == "R6"]
    assert items
    for item in items:
        assert item.parent().text(0).startswith("提示（")
        assert "格未填写" in item.data(0, Qt.ItemDataRole.ToolTipRole)


def test_choosing_the_quiet_line_shows_its_table(fresh: MainWindow) -> None:
    note = next(f for f in fresh.document.findings if f.rule == "R6" and f.message.startswith("表三"))
    fresh.tabs.setCurrentIndex(0)
    fresh.go_to_finding(note)
    assert fresh.tabs.currentIndex() == fresh.tab_for_section(SectionKey.REQUESTS)
    assert "表三还有" in fresh.statusBar().currentMessage()
    # …on its first blank cell, where the clerk types next; no cell is outlined for it.
    view = fresh.table_view("t3")
    assert note.cells == ()
    assert view.report_model.cell_id(view.currentIndex()) == note.focus[0]
    assert note.focus[0] not in fresh.document.report.values


def test_the_quiet_line_goes_to_the_first_cell_still_blank(fresh: MainWindow) -> None:
    model = fresh.table_view("t3").report_model
    first = model.cell_id(
        next(
            model.index(r, c)
            for r in range(model.rowCount())
            for c in range(model.columnCount())
            if model.is_editable(model.index(r, c))
        )
    )
    assert model.setData(model.index_of(first), "0")
    fresh.document.ensure_checked()
    note = next(f for f in fresh.document.findings if f.rule == "R6" and f.message.startswith("表三"))
    assert note.focus[0] != first
    assert note.focus[0] not in fresh.document.report.values
