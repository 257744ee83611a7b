"""GOV_REPORT_WIDGET_MAP: the points the installed-app typing test clicks land on the widgets they name."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.meta_tab import MetaTab
from gov_report_desktop.ui.table_tab import TableSectionTab
from gov_report_desktop.ui.text_tab import TextSectionTab
from gov_report_desktop.ui.widget_map import ENV, install_widget_map, widget_points, write_widget_map


def widget_at(point: list[int]) -> QWidget | None:
    return QApplication.widgetAt(QPoint(*point))


def is_within(widget: QWidget | None, ancestor: QWidget) -> bool:
    return widget is not None and (widget is ancestor or ancestor.isAncestorOf(widget))


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)])
def test_points_land_on_the_named_widgets(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    window.move(0, 0)
    qtbot.waitExposed(window)
    points = widget_points(window)
    tabs = window.tabs
    assert tabs.section_of(tabs.currentIndex()) is None  # back on 基本信息, where the test starts
    meta = tabs.currentWidget()
    assert isinstance(meta, MetaTab)
    assert isinstance(widget_at(points["agency_field"]), QLineEdit)
    assert widget_at(points["agency_field"]) is meta.agency
    bar = tabs.tabBar()
    overview, requests = tabs.index_of_section(SectionKey.OVERVIEW), tabs.index_of_section(SectionKey.REQUESTS)
    assert bar.tabAt(bar.mapFromGlobal(QPoint(*points["overview_tab"]))) == overview
    assert bar.tabAt(bar.mapFromGlobal(QPoint(*points["requests_tab"]))) == requests
    tabs.setCurrentIndex(overview)
    QApplication.processEvents()
    text_tab = tabs.currentWidget()
    assert isinstance(text_tab, TextSectionTab)
    assert is_within(widget_at(points["overview_text"]), text_tab.editor)
    tabs.setCurrentIndex(requests)
    QApplication.processEvents()
    table_tab = tabs.currentWidget()
    assert isinstance(table_tab, TableSectionTab)
    view = table_tab.views[0]
    assert widget_at(points["requests_cell"]) is view.viewport()
    index = view.indexAt(view.viewport().mapFromGlobal(QPoint(*points["requests_cell"])))
    assert view.report_model.is_editable(index)
    spec = view.report_model.column_spec(index.column())
    assert spec is not None
    assert spec.path[-1] == "自然人"


def test_the_map_is_written_after_the_first_paint_only_when_asked(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.json"
    monkeypatch.delenv(ENV, raising=False)
    install_widget_map(window)
    monkeypatch.setenv(ENV, str(target))
    install_widget_map(window)
    qtbot.waitUntil(target.exists, timeout=5000)
    written = json.loads(target.read_text(encoding="utf-8"))
    assert set(written) == {"agency_field", "overview_tab", "overview_text", "requests_tab", "requests_cell"}
    assert all(len(point) == 2 and all(isinstance(v, int) for v in point) for point in written.values())


def typing_test_module() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "packaging" / "linux" / "typing_test.py"
    spec = importlib.util.spec_from_file_location("typing_test", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _RunningApp:
    returncode: int | None = None

    def poll(self) -> int | None:
        return self.returncode


def test_the_typing_test_reads_the_map_the_app_wrote(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typing_test = typing_test_module()
    target = tmp_path / "map.json"
    write_widget_map(window, target)
    points = typing_test.read_widget_map(target, _RunningApp())
    assert points == {key: tuple(value) for key, value in json.loads(target.read_text(encoding="utf-8")).items()}


def test_the_typing_test_fails_clearly_without_a_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    typing_test = typing_test_module()
    monkeypatch.setattr(typing_test, "WIDGET_MAP_SECONDS", 0.3)
    with pytest.raises(RuntimeError, match="wrote no widget map"):
        typing_test.read_widget_map(tmp_path / "never.json", _RunningApp())
    ended = _RunningApp()
    ended.returncode = 1
    with pytest.raises(RuntimeError, match="ended"):
        typing_test.read_widget_map(tmp_path / "never.json", ended)
