"""The main window: one tab per part of the report, the findings dock, menus, files and safety nets."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QProgressBar,
)

from .. import APP_NAME
from ..documents.opening import FORMATS, PROJECT, ReportOpenError, is_imported, open_report, published_patterns
from ..domain.editions import SectionKey
from ..domain.model import Report
from ..storage.atomic import suggested_name
from ..storage.projectfile import FILE_SUFFIX, ProjectFileError
from ..storage.session import LockChoice, OpenState, ProjectSession, ReadOnlyError
from .blank_totals import BlankTotalsOffer
from .commands import ReplaceReportCommand
from .document import ReportDocument
from .error_keys import error_actions
from .export_actions import ExportActions
from .findings_actions import FindingsActions
from .findings_dock import FindingsDock
from .first_paint import AFTER_PAINT_DELAY_MS, FirstPaintHook, in_two_turns
from .fit import PanelFit
from .help_actions import HelpActions
from .keys import FieldKeys, section_actions
from .publish_actions import PublishActions
from .questions import ask_about_lock, ask_to_restore, ask_to_save, confirm_edition_change, offer_save_as, save_failed
from .section_tabs import SectionTabs
from .startup_trace import mark
from .style import icon
from .toolbar import build_toolbar

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # imported when first used: locking and autosave start after the first paint, dialogs and
    # workers when the clerk asks for them
    from ..documents.opening import OpenedReport
    from ..storage.recovery import RecoveryEntry, RecoveryStore
    from .autosave import Autosaver
    from .import_issues import ImportIssuesDialog
    from .table_view import ReportTableView

FILE_FILTER = f"政府信息公开年报项目文件 (*{FILE_SUFFIX});;所有文件 (*)"
PUBLISHED_FILTER = f"已发布的年报 ({published_patterns()})"
PROJECT_FILTER = next(f"{f.name} ({f.patterns})" for f in FORMATS if f.kind == PROJECT)
OPEN_FILTER = f"年报项目文件和已发布的年报 (*{FILE_SUFFIX} {published_patterns()});;{PROJECT_FILTER};;{PUBLISHED_FILTER};;所有文件 (*)"
NEXT_YEAR_FILTER = f"{PUBLISHED_FILTER};;{PROJECT_FILTER};;所有文件 (*)"
MAX_RECENT = 8
# The cells repaint at once after an edit; the findings list and tab titles follow this much later, so
# a burst of typing or a long paste does not relayout the panel on every keystroke.
PANEL_DELAY_MS = 120


def this_report_year() -> int:
    """The year whose report is due now; the calendar module is imported when a new report is made."""
    from ..domain.calendar import report_year_for

    return report_year_for(date.today())


class MainWindow(ExportActions, FindingsActions, HelpActions):
    documentReplaced = Signal()  # another report is shown (opened, new, imported, restored)

    def __init__(
        self,
        report: Report | None = None,
        *,
        path: Path | None = None,
        autosave: float | None = None,
        check_after_paint: bool = False,
        start_section: SectionKey | None = None,
    ) -> None:
        """A window showing `report` (a new blank one if None). `path` is the file it was loaded from:
        the window shows it at once and claims the file's lock right after the first paint (start-up).
        `check_after_paint`: the rules first run right after the first paint (start-up), so the report
        shows without waiting for them; their markers, the findings list and the tab counts follow.
        `start_section`: the tab shown first (基本信息 if None); only that tab is built before the first paint."""
        super().__init__()
        self.setWindowIcon(icon("app"))
        self.settings = QSettings()
        # The autosave timer starts right after the first paint; the file's lock is claimed then too.
        self._autosaver: Autosaver | None = None
        self._autosave_request = autosave
        self._painted = False
        self._after_paint: list[Callable[[], object]] = []
        self._claim_lock_for: Path | None = path
        self._start_section = start_section
        self.document: ReportDocument = ReportDocument(
            report or Report.new(this_report_year()), path, check_now=not check_after_paint
        )
        self.tabs = SectionTabs(self.document)
        self.tabs.editionChangeRequested.connect(self.change_edition)
        self.tabs.viewCreated.connect(self._connect_view)
        self.field_keys = FieldKeys(self)  # watches the tabs from the first paint on, then each one built
        self.tabs.tabBuilt.connect(self.field_keys.watch)
        self.after_first_paint(lambda: self.field_keys.start(self.tabs))
        section_actions(self)
        self.setCentralWidget(self.tabs)
        FirstPaintHook(self.tabs, self._first_paint_started)
        self.findings = FindingsDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.findings)
        self.findings.findingActivated.connect(self.go_to_finding)
        self.findings.acknowledgeRequested.connect(self.acknowledge)
        self.findings.unacknowledgeRequested.connect(self.unacknowledge)
        PanelFit(self, self.findings)
        self.tabs.currentChanged.connect(lambda i: self.findings.set_section(self.tabs.section_key(i)))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self.exporting = False
        self.importing = False
        self._import_purpose = ""  # "open" or "next_year" while an import runs
        self._import_revision = 0  # the document's revision when the import started
        self.import_issues_dialog: ImportIssuesDialog | None = None
        self._panel_timer = QTimer(self)
        self._panel_timer.setSingleShot(True)
        self._panel_timer.setInterval(PANEL_DELAY_MS)
        self._panel_timer.timeout.connect(self.refresh_panels)
        self._build_actions()
        self._attach(self.document)
        self.resize(1280, 800)

    # -- services started after the first paint ---------------------------------------------------

    @property
    def session(self) -> ProjectSession:
        """The open report's file, lock, read-only state and recovery id (storage/session.py)."""
        return self.document.session

    @property
    def recovery(self) -> RecoveryStore:
        return self.session.recovery

    @property
    def autosaver(self) -> Autosaver:
        """The autosave timer; it starts when first asked for (at the latest right after the first paint)."""
        if self._autosaver is None:
            from .autosave import Autosaver, autosave_seconds

            self._autosaver = Autosaver(autosave_seconds(self._autosave_request), self)
            self._autosaver.failed.connect(lambda message: self.statusBar().showMessage(message, 10_000))
            self._autosaver.watch(self.document)
        return self._autosaver

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the window has shown the report (at once if it already has)."""
        if self._painted:
            QTimer.singleShot(0, self, callback)
        else:
            self._after_paint.append(callback)

    def _first_paint_started(self) -> None:
        mark("tab area painted")
        in_two_turns(self, self._check_after_paint)
        QTimer.singleShot(AFTER_PAINT_DELAY_MS, self, self._first_painted)

    def _check_after_paint(self) -> None:
        """The deferred first run of the rules: markers, findings list and tab counts appear now."""
        if not self.document.checked:
            self.document.ensure_checked()
            self.refresh_panels()
            mark("findings shown")

    def _first_painted(self) -> None:
        self._painted = True
        self.autosaver  # noqa: B018 - starts the autosave timer
        self.tabs.build_pending()
        if self._claim_lock_for is not None:
            self._claim_initial_lock(self._claim_lock_for)
        callbacks, self._after_paint = self._after_paint, []
        for callback in callbacks:
            callback()
        mark("services started, hidden tabs queued")

    def _discard_recovery(self) -> None:
        """The work is in the clerk's file or deliberately dropped: its recovery file goes."""
        if self._autosaver is not None:
            self._autosaver.discard()
        else:
            self.session.discard_recovery()

    # -- actions and menus --------------------------------------------------------------------------

    def _action(self, text: str, slot: object, shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action("新建(&N)…", self.new_report, QKeySequence(keys.New), "新建一份年报")
        self.open_action = self._action("打开(&O)…", self.open_dialog, QKeySequence(keys.Open))
        self.save_action = self._action("保存(&S)", self.save, QKeySequence(keys.Save))
        self.save_as_action = self._action("另存为(&A)…", self.save_as, "Ctrl+Shift+S")
        self.next_year_action = self._action(
            "新建下一年度报告(&X)…", self.new_next_year, tip="以本年报告为基础开始下一年度：沿用机关名称，结转申请数"
        )
        self.next_year_from_file_action = self._action(
            "从已发布的年报新建下一年度报告(&P)…",
            self.new_next_year_from_file,
            tip="选择上一年度已发布的年报（Word 或网页）或项目文件，以它为基础开始下一年度",
        )
        self.export_action = self._action("导出Word(&W)…", self.export_word, "Ctrl+E", "按国办统一格式导出 Word 文件")
        self.review_action = self._action(
            "审核一批年报(&V)…",
            self.open_review,
            tip="政务公开办：审核一个文件夹中各单位的年报，生成审核意见，汇总数据",
        )
        self.start_page_action = self._action(
            "起始页(&T)", lambda: self.show_start_page(), tip="新建、打开或最近打开的年报"
        )
        self.quit_action = self._action("退出(&Q)", self.close, QKeySequence(keys.Quit))
        self.recent_menu_title = "最近打开(&R)"
        file_menu = self.menuBar().addMenu("文件(&F)")
        for action in (self.new_action, self.open_action):
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu(self.recent_menu_title)
        file_menu.addAction(self.start_page_action)
        file_menu.addSeparator()
        for action in (self.save_action, self.save_as_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.next_year_action)
        file_menu.addAction(self.next_year_from_file_action)
        file_menu.addAction(self.export_action)
        self.publishing = PublishActions(self)  # 导出网页, 复制网页内容, 导出PDF, 打印预览, 打印
        file_menu.addActions(self.publishing.actions)
        file_menu.addAction(self.review_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.undo_action = self._action("撤销(&U)", lambda: self.document.undo_stack.undo(), QKeySequence(keys.Undo))
        self.redo_action = self._action("重做(&R)", lambda: self.document.undo_stack.redo(), "Ctrl+Y")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(keys.Redo)])
        self.edit_cell_action = self._action("编辑单元格(&E)", self.edit_current_cell, "F2")
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        for action in (self.undo_action, self.redo_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.edit_cell_action)

        check_menu = self.menuBar().addMenu("检查(&C)")
        self.ack_action = self._action("确认选中的警告(&K)…", lambda: self._dock_request(self.acknowledge))
        self.unack_action = self._action("取消确认(&U)", lambda: self._dock_request(self.unacknowledge))
        check_menu.addAction(self.findings.toggleViewAction())
        self.findings.toggleViewAction().setText("检查结果面板(&P)")
        check_menu.addAction(self.ack_action)
        check_menu.addAction(self.unack_action)
        self.next_error_action, self.previous_error_action = error_actions(self)
        check_menu.addActions([self.next_error_action, self.previous_error_action])
        self.blank_totals = BlankTotalsOffer(self)
        check_menu.addAction(self.blank_totals.action)

        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self._action("填报说明(&H)", self.show_help, QKeySequence(keys.HelpContents)))
        help_menu.addAction(self._action("打开日志文件夹(&L)", self.open_log_folder))
        help_menu.addAction(self._action("关于(&A)", self.show_about))
        self._refresh_recent_menu()
        self.toolbar = build_toolbar(self)  # 新建 … 下一个错误: the same actions as the menus

    # -- the document -------------------------------------------------------------------------------

    def _attach(self, document: ReportDocument) -> None:
        """Show `document`: rebuild the tabs and connect its signals."""
        self.document = document
        document.undo_stack.cleanChanged.connect(self.update_title)
        document.undo_stack.indexChanged.connect(self._update_undo_actions)
        document.findingsUpdated.connect(self._panel_timer.start)
        document.reportReplaced.connect(self.rebuild_tabs)
        document.metaChanged.connect(self.update_title)
        self.findings.set_document(document)
        if self._autosaver is not None:
            self._autosaver.watch(document)
        self.rebuild_tabs()
        self.update_title()
        self._update_undo_actions()

    def set_document(self, document: ReportDocument) -> None:
        old = self.document
        old.undo_stack.cleanChanged.disconnect(self.update_title)
        old.undo_stack.indexChanged.disconnect(self._update_undo_actions)
        old.findingsUpdated.disconnect(self._panel_timer.start)
        old.reportReplaced.disconnect(self.rebuild_tabs)
        old.metaChanged.disconnect(self.update_title)
        if old.session is not document.session:
            old.session.close()  # its lock goes, unless the new session took it over
        self._claim_lock_for = None
        self.statusBar().clearMessage()  # a note about the report that goes (已从…导入…) would mislead now
        self._attach(document)
        old.deleteLater()
        self.documentReplaced.emit()

    def rebuild_tabs(self) -> None:
        """New tabs for the document: the visible one at once, the others when first shown or needed."""
        self.tabs.show_document(self.document, self._start_section)
        self._start_section = None
        self.field_keys.watch(self.tabs)  # tabs built while the tab widget's signals were blocked

    def _apply_read_only(self) -> None:
        self.tabs.apply_read_only()
        self.update_title()

    def _connect_view(self, view: ReportTableView) -> None:
        view.editRejected.connect(self.show_refusal)
        view.pasteRejected.connect(lambda message: QMessageBox.warning(self, "粘贴未执行", message))
        view.helpRequested.connect(self.show_help_text)

    def table_view(self, table_key: str) -> ReportTableView:
        return self.tabs.table_view(table_key)

    # -- titles -------------------------------------------------------------------------------------

    def display_name(self, *, mark_unsaved: bool = True) -> str:
        """The report's name for the title; without （未保存） where the text says so itself."""
        if self.document.path is not None:
            return self.document.path.name
        if self.document.imported_from:
            return f"未命名（导入自 {self.document.imported_from}）"
        agency = self.document.report.meta.agency
        unsaved = "（未保存）" if mark_unsaved else ""
        return f"{agency}{self.document.report.meta.year}年度{unsaved}" if agency else "未命名年报"

    def update_title(self) -> None:
        if not shiboken6.isValid(self.document.undo_stack):
            return
        modified = "*" if self.document.is_modified else ""
        read_only = "（只读）" if self.document.read_only else ""
        self.setWindowTitle(f"{self.display_name()}{modified}{read_only} — {APP_NAME}")

    def refresh_panels(self) -> None:
        """Bring the findings list and the tab titles up to date now (also what the timer does)."""
        self._panel_timer.stop()
        self.findings.refresh()
        self.tabs.update_titles()
        self.blank_totals.refresh()

    def _update_undo_actions(self) -> None:
        stack = self.document.undo_stack
        if not shiboken6.isValid(stack):  # the stack emits while being destroyed at exit
            return
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_action.setText(f"撤销 {stack.undoText()}(&U)" if stack.canUndo() else "撤销(&U)")
        self.redo_action.setText(f"重做 {stack.redoText()}(&R)" if stack.canRedo() else "重做(&R)")

    def show_refusal(self, message: str) -> None:
        self.statusBar().showMessage(f"未填入：{message}", 15_000)

    def open_review(self) -> None:
        """文件 → 审核一批年报…: the review window (gov_report_desktop/ui/review_window.py)."""
        from .review_window import ReviewWindow

        self.review_window = ReviewWindow(self)
        self.review_window.show()

    # -- editing ------------------------------------------------------------------------------------

    def edit_current_cell(self) -> None:
        view = self.current_view()
        if view is not None and view.currentIndex().isValid():
            view.edit(view.currentIndex())

    def change_edition(self, key: str) -> None:
        from ..domain.editing import change_edition  # only when asked: start-up does not need it

        change = change_edition(self.document.report, key)
        if confirm_edition_change(self, change, self.document.edition):
            description = f"更改格式版本为{change.report.edition.name}"
            self.document.undo_stack.push(ReplaceReportCommand(self.document, change.report, description))

    # -- files --------------------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded or unchanged)."""
        if not self.document.is_modified:
            return True
        answer = ask_to_save(self, APP_NAME, self.display_name(mark_unsaved=False))  # it says 有未保存的修改
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_report(self) -> bool:
        if not self.maybe_save():
            return False
        year, ok = QInputDialog.getInt(
            self, "新建年报", "报告年度（格式版本随年度确定）：", this_report_year(), 2019, 2100
        )
        if not ok:
            return False
        self.create_report(year)
        return True

    def create_report(self, year: int) -> None:
        """A blank report of `year` (its edition follows from the year), for the same agency."""
        self.set_document(ReportDocument(Report.new(year, self.document.report.meta.agency)))
        self.tabs.setCurrentIndex(0)

    def show_start_page(self, today: date | None = None) -> None:
        """文件 → 起始页, and a start without a file (app.py); `today` decides the year it suggests."""
        from .start_page import show_start_page  # loaded when first shown: a start with a file never needs it

        show_start_page(self, today)

    def new_next_year(self) -> bool:
        if not self.maybe_save():
            return False
        self._start_next_year(self.document.report)
        return True

    def _start_next_year(self, current: Report) -> None:
        from ..domain.next_year import next_year_report

        report = next_year_report(current)
        document = ReportDocument(report)
        document.undo_stack.resetClean()
        self.set_document(document)
        self.statusBar().showMessage(
            f"已新建{report.meta.year}年度报告：沿用机关名称和开篇段落（请核对其中的年份），"
            "表三“上年结转”已按上年“结转下年度继续办理”填入。",
            20_000,
        )

    def new_next_year_from_file(self) -> bool:
        """新建下一年度报告 from last year's published report (Word or web page) or project file."""
        if self.importing or not self.maybe_save():
            return False
        folder = str(self.settings.value("lastFolder", str(Path.home())))
        name, _ = QFileDialog.getOpenFileName(self, "选择上一年度的年报", folder, NEXT_YEAR_FILTER)
        if not name:
            return False
        path = Path(name)
        if is_imported(path):
            return self.start_import(path, purpose="next_year")
        opened = self._open_now(path)
        if opened is None:
            return False
        self._start_next_year(opened.report)
        return True

    def _open_now(self, path: Path) -> OpenedReport | None:
        """A project file (or a refused one) read at once; None after telling the clerk why not."""
        try:
            return open_report(path)
        except ReportOpenError as error:
            QMessageBox.warning(self, "无法打开", str(error))
            return None

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        folder = str(self.settings.value("lastFolder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "打开年报", folder, OPEN_FILTER)
        return self.open_path(Path(path), ask_to_save=False) if path else False

    def open_path(self, path: Path | str, *, ask_to_save: bool = True) -> bool:
        """Open a project file, or import a published report (.docx/.html/.pdf) into a new unsaved project
        (in the background: True means the import started; `importing` is False again when it is done)."""
        path = Path(path)
        if ask_to_save and not self.maybe_save():
            return False
        if is_imported(path):
            return self.start_import(path, purpose="open")
        opened = self._open_now(path)
        if opened is None:
            return False
        session = ProjectSession()
        if not self._claim(session, path):
            return False
        self.set_document(ReportDocument(opened.report, session=session))
        self._remember(path)
        return True

    def _claim(self, session: ProjectSession, path: Path, *, cancel: LockChoice | None = None) -> bool:
        """Open `path` in `session`; when someone else holds it the clerk chooses (read-only, edit anyway,
        cancel). `cancel`: what cancelling means instead of not opening. False when not opened."""
        outcome = session.open(path, current=self.session)
        if outcome.state is OpenState.HELD_ELSEWHERE:
            choice = ask_about_lock(self, outcome.message) or cancel
            if choice is None:
                return False
            outcome = session.open(path, choice, current=self.session)
        if outcome.message and not session.read_only:
            self.statusBar().showMessage(outcome.message, 15_000)
        return True

    def _claim_initial_lock(self, path: Path) -> None:
        """Right after the first paint: lock the file the window was started with; if someone else
        holds it, the clerk chooses then (read-only, edit anyway, or close it)."""
        self._claim_lock_for = None
        if self.document.path != path:
            return
        if not self._claim(self.session, path):  # the clerk chose not to work on a file someone else holds
            self.set_document(ReportDocument(Report.new(this_report_year())))
            self.show_start_page()  # as at a start without a file: new, open, recent files
            return
        self._apply_read_only()
        self._remember(path)

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        try:
            path = self.session.save(self.document.report)
        except ReadOnlyError as error:
            return offer_save_as(self, str(error)) and self.save_as()
        except ProjectFileError as error:
            return save_failed(self, str(error))
        self._saved(path)
        return True

    def save_as(self) -> bool:
        folder = Path(str(self.settings.value("lastFolder", str(Path.home()))))
        meta = self.document.report.meta
        suggested = (
            self.document.path.name
            if self.document.path
            else suggested_name(f"{meta.agency or '年报'}{meta.year}", FILE_SUFFIX)
        )
        path, _ = QFileDialog.getSaveFileName(self, "另存为", str(folder / suggested), FILE_FILTER)
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != FILE_SUFFIX:
            target = target.with_name(target.name + FILE_SUFFIX)
        try:
            outcome = self.session.save_as(self.document.report, target)
        except ProjectFileError as error:
            return save_failed(self, str(error))
        if not outcome.opened:
            QMessageBox.warning(self, "无法保存", outcome.message)
            return False
        self._saved(target)
        return True

    def _saved(self, path: Path) -> None:
        self.document.undo_stack.setClean()
        self._discard_recovery()
        self._claim_lock_for = None
        self._remember(path)
        self._apply_read_only()
        self.statusBar().showMessage(f"已保存到 {path}", 8_000)

    def _remember(self, path: Path) -> None:
        self.settings.setValue("lastFolder", str(path.parent))
        recent = [str(path)] + [p for p in self._recent_files() if p != str(path)]
        self.settings.setValue("recentFiles", recent[:MAX_RECENT])
        self._refresh_recent_menu()

    def _recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self._recent_files()
        for number, name in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{number} {name}")
            action.triggered.connect(lambda _checked=False, p=name: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(files))

    # -- recovery -----------------------------------------------------------------------------------

    def pending_recoveries(self) -> list[RecoveryEntry]:
        return self.session.pending_recoveries()

    def offer_recovery(self) -> bool:
        """After a crash or power cut: offer to restore the newest unsaved work. True when restored."""
        for entry in self.pending_recoveries():
            answer = ask_to_restore(self, entry.describe())
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.No:
                self.recovery.discard(entry)
                continue
            return self.restore(entry)
        return False

    def restore(self, entry: RecoveryEntry) -> bool:
        session = ProjectSession(recovery=self.recovery)
        try:
            report, outcome = session.restore(entry, current=self.session)
        except ProjectFileError as error:
            QMessageBox.warning(self, "无法恢复", str(error))
            return False
        if not outcome.opened and entry.source is not None:  # someone else has the file: the work stays visible
            self._claim(session, entry.source, cancel=LockChoice.READ_ONLY)
        document = ReportDocument(report, session=session)
        document.undo_stack.resetClean()  # restored work is unsaved work
        self.set_document(document)
        self.autosaver.save_now()  # the recovery file now carries this process: no other start offers it
        self.statusBar().showMessage(f"已恢复 {entry.saved_at:%Y-%m-%d %H:%M} 自动保存的工作，请及时保存。", 20_000)
        return True

    def emergency_save(self) -> Path | None:
        """Called by the crash handler: the work in memory goes to the recovery file first."""
        try:
            return self.session.autosave(self.document.report)
        except Exception:
            log.exception("emergency save failed")
            return None

    # -- import of published reports ----------------------------------------------------------------

    def start_import(self, source: Path, *, purpose: str) -> bool:
        """Read `source` off the UI thread; `purpose` "open" (a new unsaved project) or "next_year"."""
        if self.importing:
            return False
        from .import_worker import ImportJob

        job = ImportJob(source)
        job.signals.finished.connect(self._import_finished)
        self.importing = True
        self._import_purpose = purpose
        self._import_revision = self.document.revision
        self._set_import_busy(True)
        self.statusBar().showMessage(f"正在读取 {source.name}……")
        QThreadPool.globalInstance().start(job)
        return True

    def _set_import_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy or self.exporting)
        for action in (self.open_action, self.next_year_from_file_action, self.new_action):
            action.setEnabled(not busy)

    def _import_finished(self, source: str, result: OpenedReport | None, error: str) -> None:
        self.importing = False
        self._set_import_busy(False)
        path = Path(source)
        if result is None:
            self.statusBar().showMessage("导入失败", 10_000)
            QMessageBox.warning(self, "无法导入", error or f"未能导入「{path.name}」。")
            return
        if self.document.revision != self._import_revision and not self.maybe_save():
            self.statusBar().showMessage(f"未打开「{path.name}」：当前报告有未保存的修改。", 15_000)
            return
        if self._import_purpose == "next_year":
            self._start_next_year(result.report)
        else:
            document = ReportDocument(result.report)
            document.imported_from = path.name
            document.undo_stack.resetClean()  # an import is unsaved work: 保存 asks for a project file
            self.set_document(document)
            self.tabs.setCurrentIndex(0)
            self.statusBar().showMessage(
                f"已从「{path.name}」导入为新的未保存项目：数字均按原文导入，请查看检查结果，并另存为项目文件。", 20_000
            )
        self._remember(path)
        self.show_import_issues(path.name, result)

    def show_import_issues(self, source_name: str, result: OpenedReport) -> None:
        """Everything the import did not understand, in a window that does not block the work."""
        if self.import_issues_dialog is not None and shiboken6.isValid(self.import_issues_dialog):
            self.import_issues_dialog.close()
        self.import_issues_dialog = None
        if not result.issues:
            return
        from .import_issues import ImportIssuesDialog

        dialog = ImportIssuesDialog(source_name, result.issues, self)
        self.import_issues_dialog = dialog
        dialog.show()

    # -- closing ------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        if self.exporting or self.importing:
            QThreadPool.globalInstance().waitForDone(30_000)
        self.session.close()
        event.accept()
