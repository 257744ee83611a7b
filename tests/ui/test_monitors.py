"""Office monitors: at 1024×768 every table fits its width with the findings panel open, 表三's 总计 column
shows, and every tab label is readable; `--screenshot` takes any size and scale."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.ui.fit import panel_width
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.table_view import ReportTableView
from tests.ui.test_app import run_app

SIZES = [(1024, 768), (1280, 800), (1920, 1080)]


def show_at(qtbot, window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.build_pending()
    for _ in range(3):
        QApplication.processEvents()
    assert (window.width(), window.height()) == (width, height)  # no minimum size forces it wider


def column_fully_visible(view: ReportTableView, column: int) -> bool:
    left = view.columnViewportPosition(column)
    return left >= 0 and left + view.columnWidth(column) <= view.viewport().width()


def all_tables(window: MainWindow) -> list[tuple[int, ReportTableView]]:
    found = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        tab = window.tabs.ensure_built(index)
        found += [(index, view) for view in getattr(tab, "views", [])]
    return found


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_table_fits_its_width_with_the_panel_open(qtbot, window: MainWindow, width: int, height: int) -> None:
    show_at(qtbot, window, width, height)
    assert window.findings.isVisible()
    assert window.findings.width() <= panel_width(width)
    for index, view in all_tables(window):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        last = view.report_model.columnCount() - 1
        assert not view.horizontalScrollBar().isVisible(), view.report_model.table.title
        assert column_fully_visible(view, last), view.report_model.table.title
        # The table itself is not cut off by the tab either.
        right = view.mapTo(window, view.rect().topRight()).x()
        assert right <= window.tabs.geometry().right(), view.report_model.table.title


def table_three_at(qtbot, window: MainWindow, width: int, height: int) -> ReportTableView:
    show_at(qtbot, window, width, height)
    window.tabs.setCurrentIndex(window.tab_for_section(SectionKey.REQUESTS))
    QApplication.processEvents()
    view = window.current_view()
    assert view is not None
    return view


def test_table_three_shows_its_total_column_at_1024_by_768(qtbot, window: MainWindow) -> None:
    view = table_three_at(qtbot, window, 1024, 768)
    model = view.report_model
    total = model.columnCount() - 1
    assert model.table.columns[-1].label == "总计"
    assert column_fully_visible(view, total)
    # Squeezed, not shrunk to nothing: a five-digit number still fits every number column.
    digits = view.fontMetrics().horizontalAdvance("00000")
    assert all(view.columnWidth(c) > digits for c in range(model.label_columns, total + 1))


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_tab_label_is_visible(qtbot, window: MainWindow, width: int, height: int) -> None:
    show_at(qtbot, window, width, height)
    bar = window.tabs.tabBar()
    visible = QRect(0, 0, bar.width(), bar.height())
    for index in range(bar.count()):
        rect = bar.tabRect(index)
        assert visible.contains(rect), bar.tabText(index)
        text_width = bar.fontMetrics().horizontalAdvance(bar.tabText(index).replace("&", ""))
        assert rect.width() >= text_width, bar.tabText(index)


def test_a_wider_window_gives_the_columns_back(qtbot, window: MainWindow) -> None:
    view = table_three_at(qtbot, window, 1024, 768)
    narrow = view.columnWidth(0)
    show_at(qtbot, window, 1920, 1080)
    assert view.columnWidth(0) > narrow


@pytest.mark.parametrize(
    ("size", "scale", "pixels"), [("1024x768", None, (1024, 768)), ("1024x768", "1.5", (1536, 1152))]
)
def test_screenshot_takes_a_size_and_a_scale(putuo_copy: Path, tmp_path: Path, size, scale, pixels) -> None:
    out = tmp_path / "s.png"
    extra = ["--scale", scale] if scale else []
    done = run_app([str(putuo_copy), "--screenshot", str(out), "--tab", "3", "--size", size, *extra], tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == pixels


def test_a_bad_size_is_refused_with_a_message(putuo_copy: Path, tmp_path: Path) -> None:
    done = run_app([str(putuo_copy), "--screenshot", str(tmp_path / "s.png"), "--size", "big"], tmp_path)
    assert done.returncode == 2
    assert "--size" in done.stderr
