"""Cells with findings are outlined in the table (red 错误, yellow 警告, dashed grey when acknowledged)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from gov_report_desktop.domain.rules import Severity
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.style import ACKNOWLEDGED_BORDER, SEVERITY_BORDER
from gov_report_desktop.ui.table_view import ReportTableView


def left_edge_colours(image: QImage, rect: QRect, scale: float) -> set[str]:
    """The colours one pixel inside the cell's left edge, down its middle third."""
    x = int((rect.left() + 1) * scale)
    ys = range(int((rect.top() + rect.height() // 3) * scale), int((rect.bottom() - rect.height() // 3) * scale))
    return {QColor(image.pixel(x, y)).name() for y in ys}


def grab(view: ReportTableView, row: int, column: int) -> tuple[QImage, float]:
    view.scrollTo(view.report_model.index(row, column))
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    return image, image.devicePixelRatio()


def test_error_cells_are_outlined_in_red_and_others_are_not(qtbot, window: MainWindow) -> None:
    view = window.table_view("t3")
    model = view.report_model
    window.tabs.setCurrentIndex(window.tab_for_section(model.table.section))
    assert model.setData(model.index_of("t3.new.natural"), "987")  # 一 no longer equals 三 + 四: R1
    qtbot.waitUntil(lambda: any(severity == Severity.ERROR for _, _, severity in model.markers()))
    marked = {(row, column): severity for row, column, severity in model.markers()}
    row, column = next(position for position, severity in marked.items() if severity == Severity.ERROR)
    image, scale = grab(view, row, column)
    red = SEVERITY_BORDER[Severity.ERROR].name()
    assert red in left_edge_colours(image, view.visualRect(model.index(row, column)), scale)
    clean = next(
        (r, c)
        for r in range(model.rowCount())
        for c in range(model.label_columns, model.columnCount())
        if (r, c) not in marked and view.viewport().rect().contains(view.visualRect(model.index(r, c)))
    )
    assert red not in left_edge_colours(image, view.visualRect(model.index(*clean)), scale)


def test_a_cell_whose_findings_are_all_acknowledged_is_outlined_dashed(qtbot, window: MainWindow, dialogs) -> None:
    view = window.table_view("t3")
    model = view.report_model
    window.tabs.setCurrentIndex(window.tab_for_section(model.table.section))
    window.document.ensure_checked()
    warning = next(f for f in window.document.findings if f.severity == Severity.WARNING and f.cells)
    dialogs.text_answers.append(("已核实", True))
    window.acknowledge(warning)
    qtbot.waitUntil(lambda: any(severity is None for _, _, severity in model.markers()))
    row, column = next((r, c) for r, c, severity in model.markers() if severity is None)
    image, scale = grab(view, row, column)
    colours = left_edge_colours(image, view.visualRect(model.index(row, column)), scale)
    assert ACKNOWLEDGED_BORDER.name() in colours
    assert SEVERITY_BORDER[Severity.WARNING].name() not in colours
