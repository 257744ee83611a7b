"""`GOV_REPORT_WIDGET_MAP=PATH`: after the first paint the window writes where its main widgets are on the screen.

The installed-app typing test (packaging/linux/typing_test.py) clicks into 机关名称, the tabs 一 and 三,
一、总体情况's text and a cell of 表三 with xdotool. It reads the points from this file instead of fixed pixel
positions, so a change of the window's layout (a toolbar, a wider panel) cannot make it click the wrong place.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget

from ..domain.editions import SectionKey
from ..storage.atomic import replace_file
from .table_tab import TableSectionTab

if TYPE_CHECKING:
    from .main_window import MainWindow

ENV = "GOV_REPORT_WIDGET_MAP"


def _centre(widget: QWidget) -> list[int]:
    point = widget.mapToGlobal(widget.rect().center())
    return [point.x(), point.y()]


def _shown(window: MainWindow, index: int) -> QWidget:
    """The tab at `index`, current and laid out (a hidden page's widgets have no final geometry yet)."""
    window.tabs.setCurrentIndex(index)
    tab = window.tabs.ensure_built(index) or window.tabs.widget(index)
    for _ in range(3):
        QApplication.processEvents()
    return tab


def _first_editable_cell(tab: TableSectionTab) -> list[int]:
    """The centre of the table's first editable cell (表三: 自然人 in its first value row)."""
    view = tab.views[0]
    model = view.report_model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if model.is_editable(index):
                view.scrollTo(index)
                point = view.viewport().mapToGlobal(view.visualRect(index).center())
                return [point.x(), point.y()]
    raise LookupError(f"{model.table.title}: no editable cell")


def widget_points(window: MainWindow) -> dict[str, list[int]]:
    """Global centre points: agency field, the tabs 一 and 三, the overview editor, a 表三 value cell.

    Each tab is shown while it is measured; the tab that was current is shown again at the end."""
    from .meta_tab import MetaTab  # tabs not on screen load after the first paint (start-up time)
    from .text_tab import TextSectionTab

    tabs, bar = window.tabs, window.tabs.tabBar()
    current = tabs.currentIndex()
    overview = tabs.index_of_section(SectionKey.OVERVIEW)
    requests = tabs.index_of_section(SectionKey.REQUESTS)
    meta = next(i for i in range(tabs.count()) if tabs.section_of(i) is None)

    def tab_centre(index: int) -> list[int]:
        point: QPoint = bar.mapToGlobal(bar.tabRect(index).center())
        return [point.x(), point.y()]

    text_tab = _shown(window, overview)
    assert isinstance(text_tab, TextSectionTab)
    overview_text = _centre(text_tab.editor)
    table_tab = _shown(window, requests)
    assert isinstance(table_tab, TableSectionTab)
    cell = _first_editable_cell(table_tab)
    meta_tab = _shown(window, meta)  # last: the window starts on 基本信息, and the test clicks there first
    assert isinstance(meta_tab, MetaTab)
    points = {
        "agency_field": _centre(meta_tab.agency),
        "overview_tab": tab_centre(overview),
        "overview_text": overview_text,
        "requests_tab": tab_centre(requests),
        "requests_cell": cell,
    }
    _shown(window, current)
    return points


def write_widget_map(window: MainWindow, path: Path) -> None:
    data = json.dumps(widget_points(window), ensure_ascii=False, indent=1)
    replace_file(path, data.encode("utf-8"))  # the reader polls: never a half-written file


def install_widget_map(window: MainWindow) -> None:
    """Honour GOV_REPORT_WIDGET_MAP (unset in normal use: then nothing happens)."""
    target = os.environ.get(ENV)
    if target:
        window.after_first_paint(lambda: write_widget_map(window, Path(target)))
