"""Office monitors: at 1024×768 every table fits its width with the findings panel open, 表三's 总计 column
shows, and every tab label is readable; `--screenshot` takes any size and scale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.rules import Severity
from gov_report_desktop.ui.document import ReportDocument
from gov_report_desktop.ui.fit import panel_width
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.style import SEVERITY_BORDER
from gov_report_desktop.ui.table_view import ReportTableView
from tests.conftest import ROOT
from tests.ui import fit_checks
from tests.ui.conftest import blank_report
from tests.ui.test_app import run_app

SIZES = [(1024, 768), (1280, 800), (1920, 1080)]
# Laptops at Windows' default scaling, in logical pixels: 1536×864 at 125 % (1229×691), 1920×1080 at
# 150 % (1280×720), 1366×768 at 125 % (1093×614), and 1024×768 itself at 125 % and 150 %.
SCALED = [(1.25, 1229, 691), (1.5, 1280, 720), (1.25, 1093, 614), (1.25, 1024, 768), (1.5, 1024, 768)]


def show_at(qtbot, window: MainWindow, width: int, height: int) -> None:
    fit_checks.show_at(window, width, height)
    qtbot.waitExposed(window)
    assert (window.width(), window.height()) == (width, height)  # no minimum size forces it wider


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_table_fits_its_width_with_the_panel_open(qtbot, window: MainWindow, width: int, height: int) -> None:
    show_at(qtbot, window, width, height)
    assert window.findings.isVisible()
    assert window.findings.width() <= panel_width(width)
    assert fit_checks.table_problems(window) == []


def table_three_at(qtbot, window: MainWindow, width: int, height: int) -> ReportTableView:
    show_at(qtbot, window, width, height)
    window.tabs.setCurrentIndex(window.tab_for_section(SectionKey.REQUESTS))
    QApplication.processEvents()
    view = window.current_view()
    assert view is not None
    return view


def test_table_three_shows_its_total_column_at_1024_by_768(qtbot, window: MainWindow) -> None:
    show_at(qtbot, window, 1024, 768)
    # Squeezed, not shrunk to nothing: a five-digit number still fits every number column.
    assert fit_checks.total_column_problems(window) == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_tab_label_is_visible(qtbot, window: MainWindow, width: int, height: int) -> None:
    show_at(qtbot, window, width, height)
    assert fit_checks.tab_problems(window) == []


def test_counts_fold_into_colour_and_tooltip_when_the_labels_would_not_fit(qtbot, window: MainWindow) -> None:
    """A new report after an export attempt has warnings in every section: at 1024×768 each label keeps
    its key and name, in the warning colour (the tooltip says how many); at 1920 the counts and icons show."""
    window.set_document(ReportDocument(blank_report(2025)))
    window.document.check_for_export()
    window.refresh_panels()
    tabs, bar = window.tabs, window.tabs.tabBar()
    counted = [i for i in range(tabs.count()) if tabs.section_of(i) and "警告" in tabs.tabToolTip(i)]
    assert len(counted) >= 4
    show_at(qtbot, window, 1024, 768)
    assert fit_checks.tab_problems(window) == []
    for index in counted:
        assert "警告" not in tabs.tabText(index)
        assert tabs.tabIcon(index).isNull()
        assert bar.tabTextColor(index) == SEVERITY_BORDER[Severity.WARNING]
    show_at(qtbot, window, 1920, 1080)
    assert fit_checks.tab_problems(window) == []
    for index in counted:
        assert "警告" in tabs.tabText(index)
        assert not tabs.tabIcon(index).isNull()
        assert not bar.tabTextColor(index).isValid()


@pytest.mark.parametrize(("scale", "width", "height"), SCALED, ids=[f"{s:g}x-{w}x{h}" for s, w, h in SCALED])
def test_scaled_laptop_screens_fit(putuo_copy: Path, tmp_path: Path, scale: float, width: int, height: int) -> None:
    """At 125 % and 150 % (a fresh process: Qt reads the scale factor once, as `--scale` sets it) every
    table fits, 表三's 总计 shows and every tab label is whole."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=f"{scale:g}", PYTHONPATH=str(ROOT))
    env["GOV_REPORT_DATA_DIR"] = str(tmp_path / "d")
    command = [sys.executable, "-m", "tests.ui.fit_checks", str(putuo_copy), str(width), str(height)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.splitlines()[-1])
    assert shown["ratio"] == pytest.approx(scale)
    assert shown["size"] == [width, height]
    assert shown["picture"] == [round(width * scale), round(height * scale)]
    assert shown["problems"] == []


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
