"""文件 → 审核一批年报…: the 政务公开办's review window.

Reports come from a chosen folder or from files and folders dropped onto the window. The review itself
(gov_report_desktop/review) runs on a QThread, which in turn reads the files in a
process pool, so the window stays responsive; 取消 is polled by the pool loop every 0.25 s. The table
(sortable, filterable, counts on top) opens a report read-only on its first problem on double-click;
the buttons export the workbook and the 审核意见, and sum the selected units (汇总).
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, QSortFilterProxyModel, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..review.assemble import Review, ReviewRow
from ..review.reading import refusal_text, sort_dropped
from ..review.runner import ReviewCancelled, ReviewRequest, run_review
from .review_model import SORT_ROLE, PreparedRow, ReviewTableModel, prepare_rows
from .review_sum import SumDialog, save_workbook_as

log = logging.getLogger(__name__)


SHARED_SWITCH_INTERVAL = 0.0005  # s; Python's default is 0.005
ROWS_PER_PASS = 200  # rows added to the table per pass of the event loop: each pass stays short
PROGRESS_EVERY = 0.2  # s: the bar is redrawn at most 5 times a second
SIZED_ROWS = 50  # columns are fitted to the first rows' contents, not to thousands

NO_SOURCES = "请选择各单位年报所在的文件夹（含子文件夹），或把年报文件、文件夹拖到这个窗口。"


def _listed(paths: list[Path], most: int = 3) -> str:
    """The first few paths, then how many more (a drop may bring hundreds of files)."""
    shown = "；".join(map(str, paths[:most]))
    return f"{shown} 等 {len(paths)} 项" if len(paths) > most else shown


class ReviewThread(QThread):
    """Runs the review, then prepares the table's rows, off the window's thread."""

    progressed = Signal(int, int)
    reviewed = Signal(object, object)  # Review, list[PreparedRow]
    failed = Signal(str)  # Chinese message; "" when cancelled

    def __init__(self, request: ReviewRequest) -> None:
        super().__init__()
        self.request = request
        self.stop = threading.Event()

    def run(self) -> None:
        switching = sys.getswitchinterval()
        # This thread's Python (putting thousands of reports together, 雷同) and the window's share one
        # interpreter lock: handed over more often, the window waits less for it at every keystroke.
        sys.setswitchinterval(SHARED_SWITCH_INTERVAL)
        # The reports read pile up as long-lived objects, so Python's full garbage collections (each
        # scanning all of them, ~0.1 s with 3,000 reports, the window frozen meanwhile) would come
        # every second or so. None run during the review; afterwards what it built is frozen out of
        # future collections, as app.resume_garbage_collection does with start-up's objects (the reports
        # are still freed by reference counting once the review is closed; not unfrozen then, which
        # would hand start-up's objects back to every collection too).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._review()
        finally:
            sys.setswitchinterval(switching)
            gc.freeze()
            if collecting:
                gc.enable()

    def _review(self) -> None:
        try:
            review = run_review(self.request, progress=self.progressed.emit, cancelled=self.stop.is_set)
            prepared = prepare_rows(review.rows)
        except ReviewCancelled:
            self.failed.emit("")
        except Exception as error:  # the window must survive anything a folder holds
            log.exception("review failed")
            self.failed.emit(f"审核时出现意外错误（{type(error).__name__}），详情已写入日志。")
        else:
            self.reviewed.emit(review, prepared)


class ReviewWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None, workers: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("审核一批年报")
        self.workers = workers
        self.folders: list[Path] = []
        self.previous: list[Path] = []
        self.roster: list[str] | None = None
        self.roster_path: Path | None = None
        self.review: Review | None = None
        self.job: ReviewThread | None = None  # the review running, if any
        self.arriving: list[PreparedRow] = []  # rows of a finished review not yet in the table
        self.progress_shown = 0.0  # when the progress bar was last moved
        self.opened: list[QMainWindow] = []  # report windows opened from the table (kept alive)
        self.model = ReviewTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._build()
        self.setAcceptDrops(True)
        self.resize(1100, 700)

    # -- layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        choose = QHBoxLayout()
        self.folder_button = self._button("选择年报文件夹…", self.choose_folder, choose)
        self.previous_button = self._button("上年年报文件夹…", self.choose_previous, choose)
        self.roster_button = self._button("应报送单位名单…", self.choose_roster, choose)
        self.start_button = self._button("开始审核", self.start, choose)
        self.cancel_button = self._button("取消", self.cancel, choose)
        self.cancel_button.setEnabled(False)
        choose.addStretch(1)
        layout.addLayout(choose)
        self.sources = QLabel(NO_SOURCES)
        self.sources.setWordWrap(True)
        layout.addWidget(self.sources)
        self.notice = QLabel("")  # what a drop left out, and why
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b3261e;")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.progress = QProgressBar()
        self.progress.setFormat("已读取 %v / %m 个文件")
        self.progress.hide()
        layout.addWidget(self.progress)
        top = QHBoxLayout()
        self.counts = QLabel("")
        top.addWidget(self.counts, 1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选：单位、文件或状态中的文字")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAcceptDrops(False)  # files dropped on it join the review, not the filter text
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        top.addWidget(self.filter)
        layout.addLayout(top)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(SIZED_ROWS)
        self.table.doubleClicked.connect(self.open_row)
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.excel_button = self._button("导出审核结果（Excel）…", self.export_excel, actions)
        self.opinions_button = self._button("生成审核意见（Word）…", self.export_opinions, actions)
        self.combined = QCheckBox("合为一个文档")
        actions.addWidget(self.combined)
        self.sum_button = self._button("汇总所选单位…", self.sum_selected, actions)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.setCentralWidget(central)
        self._set_results_enabled(False)

    def _button(self, text: str, slot: object, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    def _set_results_enabled(self, enabled: bool) -> None:
        for button in (self.excel_button, self.opinions_button, self.sum_button):
            button.setEnabled(enabled)

    def _show_sources(self) -> None:
        parts = [f"年报：{_listed(self.folders)}" if self.folders else "尚未选择年报文件夹"]
        if self.previous:
            parts.append("上年：" + "；".join(map(str, self.previous)))
        if self.roster_path is not None and self.roster is not None:
            parts.append(f"名单：{self.roster_path.name}（{len(self.roster)} 个单位）")
        self.sources.setText("　".join(parts))

    # -- choosing -----------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择各单位年报所在的文件夹")
        if folder:
            self.folders = [Path(folder)]
            self._tell("")
            self._show_sources()

    def add_sources(self, paths: list[Path]) -> None:
        """Files and folders dropped onto the window join the reports to review."""
        self.folders = list(dict.fromkeys([*self.folders, *paths]))
        self._show_sources()

    def _tell(self, notice: str) -> None:
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    # -- dropping -----------------------------------------------------------------------------------

    def _dropped(self, mime: QMimeData) -> tuple[list[Path], list[Path]]:
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
        return sort_dropped(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        reviewed, refused = self._dropped(event.mimeData())
        if reviewed and self.job is None:
            event.acceptProposedAction()
            return
        event.ignore()
        if self.job is not None and (reviewed or refused):
            self.statusBar().showMessage("正在审核，请等审核完成或取消后再添加文件。", 10_000)
        elif refused:
            self.statusBar().showMessage(refusal_text(refused), 15_000)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()  # only reached when dragEnterEvent accepted

    def dropEvent(self, event: QDropEvent) -> None:
        reviewed, refused = self._dropped(event.mimeData())
        if self.job is not None or not reviewed:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_sources(reviewed)
        self._tell(refusal_text(refused) if refused else "")

    def choose_previous(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择上一年度年报所在的文件夹")
        if folder:
            self.previous = [Path(folder)]
            self._show_sources()

    def choose_roster(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择应报送单位名单", "", "名单 (*.txt *.csv *.xlsx)")
        if path:
            self.set_roster(Path(path))

    def set_roster(self, path: Path) -> bool:
        from ..review.roster import RosterError, read_roster

        try:
            self.roster = read_roster(path)
        except RosterError as error:
            QMessageBox.warning(self, "名单无法读取", str(error))
            return False
        self.roster_path = path
        self._show_sources()
        return True

    # -- running ------------------------------------------------------------------------------------

    def start(self) -> bool:
        if self.running:
            return False
        if not self.folders:
            self.choose_folder()
            if not self.folders:
                return False
        self.job = ReviewThread(ReviewRequest(self.folders, self.previous, self.roster, self.workers))
        self.job.progressed.connect(self._progressed)
        self.job.reviewed.connect(self._reviewed)
        self.job.failed.connect(self._failed)
        self.job.finished.connect(self._thread_done)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.counts.setText("正在读取和检查……")
        self.job.start()
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.stop.set()
            self.counts.setText("正在取消……")

    @property
    def running(self) -> bool:
        """A review is being read and checked, or its rows are still being added to the table."""
        return self.job is not None or bool(self.arriving)

    def _progressed(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.progress_shown < PROGRESS_EVERY and done < total:
            return
        self.progress_shown = now
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _reviewed(self, review: Review, prepared: list[PreparedRow]) -> None:
        self.review = review
        self.model.set_rows([])
        self._set_results_enabled(False)
        self.arriving = prepared
        self.counts.setText(f"正在列出 {len(prepared)} 行……")
        self.table.setUpdatesEnabled(False)  # drawn once when all are in, not once per slice (~20 ms each)
        self._add_arriving()

    def _add_arriving(self) -> None:
        """A slice of the finished review's rows into the table, then back to the event loop (typing in
        an editor window goes on) until all are in."""
        first = self.model.rowCount() == 0
        rows, self.arriving = self.arriving[:ROWS_PER_PASS], self.arriving[ROWS_PER_PASS:]
        self.model.append_rows(rows)
        if first:  # the columns fit the first rows, not thousands (and do not jump as more arrive)
            self.table.resizeColumnsToContents()
        if self.arriving:
            QTimer.singleShot(0, self._add_arriving)
            return
        self.table.setUpdatesEnabled(True)
        if self.review is not None:
            self.counts.setText(self.counts_text(self.review))
            self._set_results_enabled(bool(self.review.rows))

    def _failed(self, message: str) -> None:
        self.counts.setText(message or "已取消审核。")
        if message:
            QMessageBox.warning(self, "审核未完成", message)

    def _thread_done(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.deleteLater()
        self.progress.hide()
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    @staticmethod
    def counts_text(review: Review) -> str:
        from ..domain.rules import Severity

        errors = sum(1 for row in review.rows if row.count(Severity.ERROR))
        statuses = "，".join(f"{status} {count}" for status, count in review.counts().items())
        year = f"{review.year}年度，" if review.year else ""
        return f"{year}共 {len(review.rows)} 行：{statuses}；有错误的报告 {errors} 份。"

    def closeEvent(self, event: object) -> None:
        self.arriving = []
        self.table.setUpdatesEnabled(True)
        if self.job is not None:
            self.job.stop.set()
            self.job.wait(2000)
        super().closeEvent(event)  # type: ignore[arg-type]

    # -- rows ---------------------------------------------------------------------------------------

    def selected_rows(self) -> list[ReviewRow]:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [self.model.row_at(self.proxy.mapToSource(index).row()) for index in indexes]

    def open_row(self, index: QModelIndex) -> QMainWindow | None:
        """The report in an editor window, read-only, on its first problem (errors before warnings)."""
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        if row.report is None:
            self.statusBar().showMessage(f"{row.unit}：{row.status_text}", 15_000)
            return None
        from .main_window import MainWindow

        window = MainWindow(row.report.model_copy(deep=True))
        window.session.read_only = True
        window.session.read_only_reason = "审核时以只读方式打开；如需修改，请另存为。"
        window.document.imported_from = row.path.name if row.path else None
        window.tabs.apply_read_only()
        window.update_title()
        window.show()
        problems = sorted(row.findings, key=lambda f: f.severity.rank)
        if problems:
            window.go_to_finding(problems[0])
        self.opened.append(window)
        return window

    # -- outputs ------------------------------------------------------------------------------------

    def export_excel(self, path: Path | None = None) -> bool:
        from ..review.workbook import review_workbook

        review = self.review
        if review is None:
            return False
        written = save_workbook_as(self, "导出审核结果", "审核结果.xlsx", lambda: review_workbook(review), path)
        if written is None:
            return False
        self.statusBar().showMessage(f"已导出：{written}", 10_000)
        return True

    def export_opinions(self, folder: Path | None = None) -> list[Path]:
        from ..documents.export_docx import ExportError
        from ..review.opinions import write_opinions

        if self.review is None:
            return []
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "选择保存审核意见的文件夹")
            if not chosen:
                return []
            folder = Path(chosen)
        try:
            written = write_opinions(self.review, folder, combined=self.combined.isChecked())
        except (ExportError, OSError) as error:
            QMessageBox.warning(self, "无法生成审核意见", str(error))
            return []
        self.statusBar().showMessage(f"已生成 {len(written)} 份审核意见：{folder}", 10_000)
        return written

    def sum_selected(self) -> SumDialog | None:
        from ..review.consolidate import ConsolidationError, UnitReport, consolidate

        rows = [row for row in self.selected_rows() if row.used and row.report is not None]
        if not rows:
            self.statusBar().showMessage("请先在表中选择要汇总的单位（可按住 Ctrl 或 Shift 多选）。", 15_000)
            return None
        try:
            result = consolidate([UnitReport(row.unit, row.report) for row in rows if row.report is not None])
        except ConsolidationError as error:
            QMessageBox.warning(self, "无法汇总", str(error))
            return None
        dialog = SumDialog(result, self)
        dialog.show()
        return dialog
