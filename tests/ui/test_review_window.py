"""文件 → 审核一批年报…: the review window on the unit set of tests/review/unitsets.py."""

from __future__ import annotations

import gc
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QWidget

from gov_report_desktop.review.assemble import MISSING
from gov_report_desktop.ui import review_window as review_window_module
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.review_model import ReviewTableModel
from gov_report_desktop.ui.review_window import ReviewWindow
from tests.review.unitsets import PLACE, ROSTER, add_pdfs, build_inbox
from tests.support.shared_reports import REAL_DIR

pytestmark = pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    build_inbox(tmp_path / "inbox")
    (tmp_path / "名单.txt").write_text("\n".join(ROSTER), encoding="utf-8")
    return tmp_path


@pytest.fixture
def review_window(qtbot: Any, inbox: Path) -> ReviewWindow:
    window = ReviewWindow(workers=1)
    qtbot.addWidget(window)
    QAbstractItemModelTester(window.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(window.proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    window.folders = [inbox / "inbox" / "本年"]
    window.previous = [inbox / "inbox" / "上年"]
    assert window.set_roster(inbox / "名单.txt")
    window.show()
    assert window.start()
    qtbot.waitUntil(lambda: not window.running, timeout=30_000)
    return window


def _row_named(window: ReviewWindow, file_name: str) -> int:
    for row in range(window.proxy.rowCount()):
        if window.proxy.index(row, 3).data() == file_name:
            return row
    raise AssertionError(file_name)


def test_review_fills_the_table_with_counts_on_top(review_window: ReviewWindow) -> None:
    assert review_window.model.rowCount() == 7
    text = review_window.counts.text()
    assert text.startswith("2021年度，共 7 行：")
    assert "未报送 1" in text
    assert "重复 1" in text
    assert "有错误的报告 1 份" in text
    assert review_window.excel_button.isEnabled()


def test_sorting_and_filtering(review_window: ReviewWindow) -> None:
    window = review_window
    window.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # 错误, as numbers
    assert window.proxy.index(0, 0).data() == PLACE + "财政局"
    window.filter.setText(MISSING)
    assert window.proxy.rowCount() == 1
    assert window.proxy.index(0, 0).data() == "平潭综合实验区人社局"
    window.filter.clear()
    assert window.proxy.rowCount() == 7


def test_double_click_opens_read_only_on_the_first_problem(review_window: ReviewWindow) -> None:
    index = review_window.proxy.index(_row_named(review_window, "财政局.govreport"), 0)
    opened = review_window.open_row(index)
    assert isinstance(opened, MainWindow)
    assert opened.document.read_only
    assert opened.document.report.meta.agency == PLACE + "财政局"
    assert "R" in opened.statusBar().currentMessage()  # an error of the R rules is shown first
    assert opened.statusBar().currentMessage().startswith("错误")
    opened.close()


def test_exports_and_sum_with_tooltips(review_window: ReviewWindow, tmp_path: Path) -> None:
    window = review_window
    assert window.export_excel(tmp_path / "审核.xlsx")
    assert load_workbook(tmp_path / "审核.xlsx")["单位"].max_row == 8
    assert len(window.export_opinions(tmp_path / "意见")) == 6
    selection = window.table.selectionModel()
    for name in ("民政局.docx", "卫健委.docx"):
        selection.select(
            window.proxy.index(_row_named(window, name), 0),
            selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
        )
    dialog = window.sum_selected()
    assert dialog is not None
    assert len(dialog.consolidation.units) == 2
    tip = dialog.contributors_text("t3.new.total")
    assert tip.startswith("贡献最多的单位：")
    assert f"{PLACE}民政局：70" in tip
    row = next(
        r
        for r in range(dialog.table.rowCount())
        if "一、本年新收" in dialog.table.item(r, 0).text() and "总计" in dialog.table.item(r, 0).text()
    )
    assert dialog.table.item(row, 1).text() == "140"
    assert dialog.table.item(row, 1).toolTip() == tip
    assert dialog.save_report(tmp_path / "汇总.govreport")
    assert dialog.save_detail(tmp_path / "明细.xlsx")
    dialog.close()


def test_cancel_stops_the_review(qtbot: Any, inbox: Path) -> None:
    many = inbox / "many"
    many.mkdir()
    source = inbox / "inbox" / "本年" / "财政局.govreport"
    for number in range(300):
        shutil.copyfile(source, many / f"{number:03d}.govreport")
    window = ReviewWindow(workers=1)
    qtbot.addWidget(window)
    window.folders = [many]
    assert window.start()
    window.cancel()
    qtbot.waitUntil(lambda: not window.running, timeout=5_000)
    assert window.counts.text() == "已取消审核。"
    assert window.model.rowCount() == 0
    assert window.start_button.isEnabled()


def test_the_file_menu_opens_the_review_window(window: MainWindow) -> None:
    assert window.review_action.text() == "审核一批年报(&V)…"
    window.review_action.trigger()
    assert isinstance(window.review_window, ReviewWindow)
    assert window.review_window.isVisible()
    window.review_window.close()


def test_model_alone_is_sound() -> None:
    model = ReviewTableModel([])
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert model.rowCount() == 0
    assert model.headerData(6, Qt.Orientation.Horizontal) == "状态"


# -- dropping files and folders ---------------------------------------------------------------------


def _urls(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    mime.setText("\n".join(map(str, paths)))  # file managers offer the paths as text too
    return mime


def _drag_enter(window: QWidget, mime: QMimeData) -> bool:
    event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, NO_KEYS)
    QCoreApplication.sendEvent(window, event)
    return event.isAccepted()


def _drop(window: QWidget, mime: QMimeData) -> bool:
    """A drag entering the window, then the drop (Qt delivers a drop only where the drag was accepted)."""
    _drag_enter(window, mime)
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, NO_KEYS)
    QCoreApplication.sendEvent(window, event)
    return event.isAccepted()


NO_KEYS = Qt.KeyboardModifier.NoModifier


def test_dropped_folders_and_files_are_reviewed_and_others_named(qtbot: Any, inbox: Path) -> None:
    window = ReviewWindow(workers=1)
    qtbot.addWidget(window)
    window.show()
    this_year = inbox / "inbox" / "本年"
    departments = this_year / "区直部门"  # a folder: its reports are found as when it is chosen
    civil = this_year / "民政局.docx"  # a single file
    sheet = inbox / "汇总表.xlsx"
    sheet.write_bytes(b"PK")
    assert window.acceptDrops()
    assert _drag_enter(window, _urls(departments, civil, sheet))
    assert window.folders == []  # entering is not dropping
    assert _drop(window, _urls(departments, civil, sheet))
    assert window.folders == [departments, civil]
    assert "等" not in window.sources.text()
    assert str(departments) in window.sources.text()
    assert window.notice.isVisible()
    assert window.notice.text().startswith("以下文件不是可审核的年报，未加入审核：“汇总表.xlsx”。")
    assert ".pdf" in window.notice.text()
    assert _drop(window.filter, _urls(civil))  # dropped again, on the filter box: the window takes it, once
    assert window.folders == [departments, civil]
    assert window.filter.text() == ""
    assert not window.notice.isVisible()
    assert window.start()
    qtbot.waitUntil(lambda: not window.running, timeout=30_000)
    files = sorted(window.model.index(row, 3).data() for row in range(window.model.rowCount()))
    assert files == ["卫健委.docx", "教育局.html", "民政局.docx"]


def test_drags_without_reviewable_files_are_refused(qtbot: Any, inbox: Path) -> None:
    window = ReviewWindow(workers=1)
    qtbot.addWidget(window)
    window.show()
    notes = inbox / "说明.txt"
    notes.write_text("不是年报", encoding="utf-8")
    assert not _drag_enter(window, _urls(notes, inbox / "已删除.docx"))
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("以下文件不是可审核的年报，未加入审核：“说明.txt”、“已删除.docx”")
    )
    text = QMimeData()
    text.setText("平潭综合实验区民政局")
    assert not _drag_enter(window, text)
    web = QMimeData()
    web.setUrls([QUrl("https://www.example.gov.cn/2021年报.docx")])
    assert not _drag_enter(window, web)
    assert not _drop(window, _urls(notes))
    assert window.folders == []
    assert window.sources.text().startswith("请选择各单位年报所在的文件夹")


def test_no_drops_while_a_review_runs(qtbot: Any, inbox: Path) -> None:
    window = ReviewWindow(workers=1)
    qtbot.addWidget(window)
    window.folders = [inbox / "inbox" / "本年"]
    assert window.start()
    extra = inbox / "inbox" / "上年"
    assert not _drag_enter(window, _urls(extra))
    assert window.statusBar().currentMessage().startswith("正在审核")
    assert not _drop(window, _urls(extra))
    assert window.folders == [inbox / "inbox" / "本年"]
    qtbot.waitUntil(lambda: not window.running, timeout=30_000)


# -- double-click on a row of every format ----------------------------------------------------------


@pytest.fixture
def four_formats(qtbot: Any, tmp_path: Path) -> ReviewWindow:
    """The unit set with 司法局's PDF beside it, reviewed in the window."""
    build_inbox(tmp_path / "inbox")
    add_pdfs(tmp_path / "inbox" / "本年")
    window = ReviewWindow(workers=1)
    qtbot.addWidget(window)
    window.folders = [tmp_path / "inbox" / "本年"]
    window.previous = [tmp_path / "inbox" / "上年"]
    window.resize(1100, 900)
    window.show()
    assert window.start()
    qtbot.waitUntil(lambda: not window.running, timeout=30_000)
    return window


@pytest.mark.parametrize(
    ("file_name", "agency", "kind"),
    [
        ("财政局.govreport", PLACE + "财政局", "project"),
        ("民政局.docx", PLACE + "民政局", "docx"),
        ("教育局.html", PLACE + "教育局", "html"),
        ("司法局.pdf", PLACE + "司法局", "pdf"),
    ],
)
def test_double_click_opens_every_format_read_only_on_its_first_problem(
    qtbot: Any, four_formats: ReviewWindow, file_name: str, agency: str, kind: str
) -> None:
    window = four_formats
    row = window.model.row_at(window.proxy.mapToSource(window.proxy.index(_row_named(window, file_name), 0)).row())
    assert row.read is not None
    assert row.read.kind == kind
    first = sorted(row.findings, key=lambda f: f.severity.rank)[0]
    index = window.proxy.index(_row_named(window, file_name), 0)
    window.table.scrollTo(index)
    place = window.table.visualRect(index).center()
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=place)
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=place)
    assert len(window.opened) == 1
    opened = window.opened[0]
    qtbot.addWidget(opened)
    assert isinstance(opened, MainWindow)
    assert opened.isVisible()
    assert opened.document.read_only
    assert opened.document.report.meta.agency == agency
    assert opened.statusBar().currentMessage() == f"{first.severity.label}［{first.rule}］{first.message}"
    assert opened.tabs.currentIndex() == opened.tab_for_section(opened.document.section_of(first))
    if first.cells:  # a table's finding: its cell is selected, and cannot be typed into
        view = opened.tabs.currentWidget().views[0]
        current = view.selectionModel().currentIndex()
        assert view.report_model.cell_id(current) in first.cells
        assert not view.report_model.flags(current) & Qt.ItemFlag.ItemIsEditable
    else:  # a section's finding: its text is shown, read-only
        assert opened.tabs.currentWidget().editor.isReadOnly()
    opened.close()


# -- staying out of the way of typing -----------------------------------------------------------------


def test_rows_arrive_in_slices_and_the_review_runs_until_all_are_in(
    qtbot: Any, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_window_module, "ROWS_PER_PASS", 2)
    window = ReviewWindow(workers=1)
    qtbot.addWidget(window)
    QAbstractItemModelTester(window.proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    window.folders = [inbox / "inbox" / "本年"]
    window.show()
    seen: list[int] = []
    window.model.rowsInserted.connect(lambda *_: seen.append(window.model.rowCount()))
    assert window.start()
    qtbot.waitUntil(lambda: window.job is None, timeout=30_000)  # read and checked …
    while window.arriving:  # … the rows still coming, a slice per pass of the event loop
        assert window.running
        assert not window.start()
        assert not window.table.updatesEnabled()  # drawn once at the end, not per slice
        assert window.counts.text() == "正在列出 6 行……"
        qtbot.wait(1)
    assert seen == [2, 4, 6]
    assert not window.running
    assert window.table.updatesEnabled()
    assert window.counts.text().startswith("2021年度，共 6 行：")
    assert window.excel_button.isEnabled()


def test_the_review_thread_leaves_the_interpreter_as_it_found_it(
    qtbot: Any, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    switching, collecting = sys.getswitchinterval(), gc.isenabled()
    gc.unfreeze()  # tests before may have frozen objects, or left the collector paused (app.main does at start)
    gc.enable()
    during: list[tuple[bool, float]] = []
    run_review = review_window_module.run_review

    def watched(*args: Any, **kwargs: Any) -> Any:
        during.append((gc.isenabled(), sys.getswitchinterval()))
        return run_review(*args, **kwargs)

    monkeypatch.setattr(review_window_module, "run_review", watched)
    window = ReviewWindow(workers=1)
    qtbot.addWidget(window)
    window.folders = [inbox / "inbox" / "本年"]
    try:
        assert window.start()
        qtbot.waitUntil(lambda: not window.running, timeout=30_000)
        assert during == [(False, review_window_module.SHARED_SWITCH_INTERVAL)]  # no collections, quick hand-overs
        assert gc.isenabled()
        assert sys.getswitchinterval() == switching
        assert gc.get_freeze_count() > 0  # what the review built is left out of later collections
    finally:
        if not collecting:
            gc.disable()


def test_progress_is_drawn_at_most_five_times_a_second(qtbot: Any) -> None:
    window = ReviewWindow(workers=1)
    qtbot.addWidget(window)
    drawn: list[int] = []
    window.progress.valueChanged.connect(drawn.append)
    for done in range(1, 101):  # a hundred progress calls at once: the first and the last are drawn
        window._progressed(done, 100)
    assert drawn == [1, 100]


def test_saving_a_workbook_asks_where_and_explains_a_failure(qtbot: Any, tmp_path: Path, dialogs: Any) -> None:
    """save_workbook_as (the review's Excel and the 汇总 明细): the chosen file, a cancel, an unwritable target."""
    from openpyxl import Workbook

    from gov_report_desktop.ui.review_sum import save_workbook_as

    parent = QWidget()
    qtbot.addWidget(parent)
    built: list[int] = []

    def build() -> Workbook:
        built.append(1)
        return Workbook()

    dialogs.file_answers.append(str(tmp_path / "选的.xlsx"))
    assert save_workbook_as(parent, "导出", "默认.xlsx", build) == tmp_path / "选的.xlsx"
    assert load_workbook(tmp_path / "选的.xlsx").sheetnames
    assert save_workbook_as(parent, "导出", "默认.xlsx", build) is None  # cancelled: nothing is built
    assert built == [1]
    assert save_workbook_as(parent, "导出", "默认.xlsx", build, tmp_path / "无此文件夹" / "x.xlsx") is None
    assert dialogs.shown[-1][0] == "无法导出"
