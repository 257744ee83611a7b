"""The main window: one tab per part of the report, the findings dock, menus, files and safety nets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QWidget,
)

from ..domain.acknowledgements import acknowledgement_of
from ..domain.editions import SectionKey, SectionSpec, get_edition
from ..domain.model import Report
from ..domain.rules import Finding, Severity
from ..storage.projectfile import FILE_SUFFIX, ProjectFileError, load_report, save_report
from .commands import ReplaceReportCommand, SetAcknowledgementsCommand
from .document import ReportDocument
from .findings_dock import FindingsDock
from .import_worker import PUBLISHED_FILTER, ImportJob, is_published_report
from .meta_tab import MetaTab
from .startup_trace import mark
from .style import icon
from .table_tab import TableSectionTab
from .table_view import ReportTableView
from .text_tab import TextSectionTab

if TYPE_CHECKING:  # imported when first used: locking and autosave start after the first paint, dialogs and
    # workers when the clerk asks for them
    from ..documents.importing import ImportResult
    from ..storage.lock import ProjectLock
    from ..storage.recovery import RecoveryEntry, RecoveryStore
    from .autosave import Autosaver
    from .import_issues import ImportIssuesDialog

APP_NAME = "政府信息公开年报助手"
FILE_FILTER = f"年报项目文件 (*{FILE_SUFFIX});;所有文件 (*)"
OPEN_FILTER = (
    f"年报项目文件和已发布的年报 (*{FILE_SUFFIX} *.docx *.html *.htm);;年报项目文件 (*{FILE_SUFFIX});;"
    f"{PUBLISHED_FILTER};;所有文件 (*)"
)
NEXT_YEAR_FILTER = f"{PUBLISHED_FILTER};;年报项目文件 (*{FILE_SUFFIX});;所有文件 (*)"
MAX_RECENT = 8
# The cells repaint at once after an edit; the findings list and tab titles follow this much later, so
# a burst of typing or a long paste does not relayout the panel on every keystroke.
PANEL_DELAY_MS = 120
SectionTab = MetaTab | TextSectionTab | TableSectionTab
# Tab labels must fit seven tabs beside the findings panel; each tab page shows the full heading.
SHORT_TAB_NAMES = {
    SectionKey.OVERVIEW: "总体情况",
    SectionKey.PROACTIVE: "主动公开",
    SectionKey.REQUESTS: "依申请公开",
    SectionKey.APPEALS: "复议、诉讼",
    SectionKey.PROBLEMS: "问题及改进",
    SectionKey.OTHER: "其他事项",
}


class PendingTab(QWidget):
    """Stands in for a section's tab until it is first needed: start-up builds only what is on screen."""

    def __init__(self, section: SectionSpec) -> None:
        super().__init__()
        self.section = section

    @property
    def key(self) -> SectionKey:
        return self.section.key


class PendingMetaTab(QWidget):
    """Stands in for 基本信息 when the window starts on another tab."""


# After the first paint of the tab area the rest of the window (table viewports, dock) still paints;
# services and hidden tabs start a little later so they never delay what the clerk is about to see.
AFTER_PAINT_DELAY_MS = 100


class _FirstPaintHook(QObject):
    """Calls `callback` once, as the watched widget starts its first paint."""

    def __init__(self, watched: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(watched)
        self._callback = callback
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._callback()
        return False


def _in_two_turns(receiver: QObject, callback: Callable[[], object]) -> None:
    """Run `callback` from the event loop after everything already queued, and what that queues at once
    (the rest of the window's first paint, the start-up benchmark's timestamp)."""
    QTimer.singleShot(0, receiver, lambda: QTimer.singleShot(0, receiver, callback))


class MainWindow(QMainWindow):
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
        # Lock, recovery store and autosave timer are created on first use or right after the first paint.
        self._lock: ProjectLock | None = None
        self._recovery: RecoveryStore | None = None
        self._autosaver: Autosaver | None = None
        self._autosave_request = autosave
        self._painted = False
        self._after_paint: list[Callable[[], object]] = []
        self._claim_lock_for: Path | None = path
        self._start_section = start_section
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self._ensure_built)
        self.setCentralWidget(self.tabs)
        _FirstPaintHook(self.tabs, self._first_paint_started)
        self.findings = FindingsDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.findings)
        self.findings.findingActivated.connect(self.go_to_finding)
        self.findings.acknowledgeRequested.connect(self.acknowledge)
        self.findings.unacknowledgeRequested.connect(self.unacknowledge)
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
        self.document: ReportDocument = ReportDocument(
            report or Report.new(date.today().year - 1), path, check_now=not check_after_paint
        )
        self._build_actions()
        self._attach(self.document)
        self.resize(1280, 800)

    # -- services started after the first paint ---------------------------------------------------

    @property
    def lock(self) -> ProjectLock:
        if self._lock is None:
            from ..storage.lock import ProjectLock

            self._lock = ProjectLock()
        return self._lock

    @lock.setter
    def lock(self, lock: ProjectLock) -> None:
        self._lock = lock

    @property
    def recovery(self) -> RecoveryStore:
        if self._recovery is None:
            from ..storage.recovery import RecoveryStore

            self._recovery = RecoveryStore()
        return self._recovery

    @property
    def autosaver(self) -> Autosaver:
        """The autosave timer; it starts when first asked for (at the latest right after the first paint)."""
        if self._autosaver is None:
            from .autosave import Autosaver, autosave_seconds

            self._autosaver = Autosaver(self.recovery, autosave_seconds(self._autosave_request), self)
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
        _in_two_turns(self, self._check_after_paint)
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
        self._build_pending_tabs()
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
        elif self._recovery is not None:
            self._recovery.discard_session(self.document.session_id)

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
        self.quit_action = self._action("退出(&Q)", self.close, QKeySequence(keys.Quit))
        self.recent_menu_title = "最近打开(&R)"
        file_menu = self.menuBar().addMenu("文件(&F)")
        for action in (self.new_action, self.open_action):
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu(self.recent_menu_title)
        file_menu.addSeparator()
        for action in (self.save_action, self.save_as_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.next_year_action)
        file_menu.addAction(self.next_year_from_file_action)
        file_menu.addAction(self.export_action)
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

        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self._action("填报说明(&H)", self.show_help, QKeySequence(keys.HelpContents)))
        help_menu.addAction(self._action("关于(&A)", self.show_about))
        self._refresh_recent_menu()

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
        self._discard_recovery()
        self._claim_lock_for = None
        self._attach(document)
        old.deleteLater()

    def rebuild_tabs(self) -> None:
        """New tabs for the document: the visible one at once, the others when first shown or needed."""
        current = max(self.tabs.currentIndex(), 0)
        keys = [section.key for section in self.document.edition.sections]
        if self._start_section in keys:
            current = 1 + keys.index(self._start_section)
        self._start_section = None
        self.tabs.blockSignals(True)
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        self.tabs.addTab(PendingMetaTab() if current else self._make_meta_tab(), "基本信息")
        for section in self.document.edition.sections:
            self.tabs.addTab(PendingTab(section), section.heading)
        self.tabs.setCurrentIndex(min(current, self.tabs.count() - 1))
        self.tabs.blockSignals(False)
        self._ensure_built(self.tabs.currentIndex())
        self.update_tab_titles()
        if self._painted:
            self._build_pending_tabs()

    def _make_meta_tab(self) -> MetaTab:
        meta = MetaTab(self.document)
        meta.editionChangeRequested.connect(self.change_edition)
        meta.set_read_only(self.document.read_only)
        return meta

    def _make_tab(self, section: SectionSpec) -> TextSectionTab | TableSectionTab:
        tab: TextSectionTab | TableSectionTab
        if section.is_prose:
            tab = TextSectionTab(self.document, section)
        else:
            tab = TableSectionTab(self.document, section)
            for view in tab.views:
                self._connect_view(view)
        tab.set_read_only(self.document.read_only)
        return tab

    def _ensure_built(self, index: int) -> QWidget | None:
        """The real tab at `index`, built now if it was still pending."""
        pending = self.tabs.widget(index)
        tab: QWidget
        if isinstance(pending, PendingTab):
            tab = self._make_tab(pending.section)
        elif isinstance(pending, PendingMetaTab):
            tab = self._make_meta_tab()
        else:
            return pending
        current = self.tabs.currentIndex()
        text, tip, tab_icon = self.tabs.tabText(index), self.tabs.tabToolTip(index), self.tabs.tabIcon(index)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, tab, tab_icon, text)
        self.tabs.setTabToolTip(index, tip)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        pending.deleteLater()
        return tab

    def _build_pending_tabs(self) -> None:
        """After the first paint: build the hidden tabs one per event-loop turn, so input stays responsive."""
        pending = (i for i in range(self.tabs.count()) if isinstance(self.tabs.widget(i), PendingTab | PendingMetaTab))
        index = next(pending, -1)
        if index >= 0:
            self._ensure_built(index)
            QTimer.singleShot(0, self, self._build_pending_tabs)

    def _apply_read_only(self) -> None:
        for widget in self.section_tabs():
            if isinstance(widget, SectionTab):
                widget.set_read_only(self.document.read_only)
        self.update_title()

    def _connect_view(self, view: ReportTableView) -> None:
        view.editRejected.connect(self.show_refusal)
        view.pasteRejected.connect(lambda message: QMessageBox.warning(self, "粘贴未执行", message))
        view.helpRequested.connect(self.show_help_text)

    def section_tabs(self) -> list[QWidget]:
        """Every tab, built (pending ones are built now)."""
        return [self._ensure_built(i) or self.tabs.widget(i) for i in range(self.tabs.count())]

    def tab_for_section(self, key: object) -> int:
        """Index of the section's tab (built now if it was pending); -1 when the edition has no such section."""
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if isinstance(widget, TextSectionTab | TableSectionTab | PendingTab) and widget.key == key:
                self._ensure_built(index)
                return index
        return -1

    def table_view(self, table_key: str) -> ReportTableView:
        for widget in self.section_tabs():
            if isinstance(widget, TableSectionTab):
                for view in widget.views:
                    if view.report_model.table.key == table_key:
                        return view
        raise KeyError(table_key)

    def current_view(self) -> ReportTableView | None:
        widget = self.tabs.currentWidget()
        if isinstance(widget, TableSectionTab):
            focused = next((v for v in widget.views if v.hasFocus()), None)
            return focused or (widget.views[0] if widget.views else None)
        return None

    # -- titles -------------------------------------------------------------------------------------

    def display_name(self) -> str:
        if self.document.path is not None:
            return self.document.path.name
        if self.document.imported_from:
            return f"未命名（导入自 {self.document.imported_from}）"
        agency = self.document.report.meta.agency
        return f"{agency}{self.document.report.meta.year}年度（未保存）" if agency else "未命名年报"

    def update_title(self) -> None:
        if not shiboken6.isValid(self.document.undo_stack):
            return
        modified = "*" if self.document.is_modified else ""
        read_only = "（只读）" if self.document.read_only else ""
        self.setWindowTitle(f"{self.display_name()}{modified}{read_only} — {APP_NAME}")
        self.save_action.setEnabled(not self.document.read_only)

    def refresh_panels(self) -> None:
        """Bring the findings list and the tab titles up to date now (also what the timer does)."""
        self._panel_timer.stop()
        self.findings.refresh()
        self.update_tab_titles()

    def update_tab_titles(self) -> None:
        """Short titles with the open findings of each tab (counts only once the rules have run)."""
        checked = self.document.checked
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if not isinstance(widget, TextSectionTab | TableSectionTab | PendingTab):
                continue
            counts = self.document.counts_for_section(widget.key) if checked else dict.fromkeys(Severity, 0)
            marks = [f"{s.label}{counts[s]}" for s in (Severity.ERROR, Severity.WARNING) if counts[s]]
            heading = widget.section.heading
            short = f"{heading.split('、', 1)[0]}、{SHORT_TAB_NAMES.get(widget.key, heading)}"
            self.tabs.setTabText(index, f"{short}（{' '.join(marks)}）" if marks else short)
            self.tabs.setTabToolTip(index, heading + ("：" + "，".join(marks) if marks else "：未发现问题"))
            worst = Severity.ERROR if counts[Severity.ERROR] else Severity.WARNING if counts[Severity.WARNING] else None
            self.tabs.setTabIcon(index, icon(worst.value) if worst else QIcon())

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

    # -- findings -----------------------------------------------------------------------------------

    def go_to_finding(self, finding: Finding) -> None:
        section = self.document.section_of(finding)
        index = self.tab_for_section(section)
        if index >= 0:
            self.tabs.setCurrentIndex(index)
        widget = self.tabs.widget(index) if index >= 0 else None
        if isinstance(widget, TableSectionTab):
            first_view = None
            for view in widget.views:
                if view.select_cells(list(finding.cells)) and first_view is None:
                    first_view = view
            if first_view is not None:
                first_view.setFocus()
        elif isinstance(widget, TextSectionTab):
            widget.editor.setFocus()
        self.statusBar().showMessage(f"{finding.severity.label}［{finding.rule}］{finding.message}", 15_000)

    def _dock_request(self, handler: object) -> None:
        finding = self.findings.current_finding()
        if finding is not None and callable(handler):
            handler(finding)

    def acknowledge(self, finding: Finding) -> None:
        if finding.severity is Severity.ERROR or self.document.read_only:
            QMessageBox.information(self, "不能确认", "错误必须改正，不能确认；只有警告和提示可以确认。")
            return
        note, ok = QInputDialog.getText(
            self,
            "确认警告",
            f"{finding.message}\n\n请简要说明为何无需修改（保存在项目文件中，不会印在年报里）：",
        )
        note = note.strip()
        if not ok:
            return
        if not note:
            QMessageBox.information(self, "需要说明", "请写一句说明，便于日后核对为何确认此警告。")
            return
        acknowledgements = [a for a in self.document.report.acknowledgements if a.key != finding.key]
        acknowledgements.append(acknowledgement_of(self.document.report, finding, note))
        self.document.undo_stack.push(
            SetAcknowledgementsCommand(self.document, acknowledgements, f"确认警告［{finding.rule}］")
        )

    def unacknowledge(self, finding: Finding) -> None:
        remaining = [a for a in self.document.report.acknowledgements if a.key != finding.key]
        if len(remaining) != len(self.document.report.acknowledgements):
            self.document.undo_stack.push(
                SetAcknowledgementsCommand(self.document, remaining, f"取消确认［{finding.rule}］")
            )

    # -- editing ------------------------------------------------------------------------------------

    def edit_current_cell(self) -> None:
        view = self.current_view()
        if view is not None and view.currentIndex().isValid():
            view.edit(view.currentIndex())

    def change_edition(self, key: str) -> None:
        edition = get_edition(key)
        report = self.document.report
        dropped = [c for c in report.values if not edition.has_cell(c)]
        lines = [f"将格式版本改为 {edition.name}。", "表格的行列将按新版本重新排列。"]
        if dropped:
            names = "、".join(report.edition.cell(c).describe() for c in dropped[:8])
            more = f"等 {len(dropped)} 个" if len(dropped) > 8 else ""
            lines.append(f"新版本没有以下单元格，其中的数字将被移除（可撤销）：{names}{more}。")
        lines.append("确定要更改吗？")
        answer = QMessageBox.warning(
            self,
            "更改格式版本",
            "\n".join(lines),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        data = report.model_dump()
        data["values"] = {c: v for c, v in report.values.items() if edition.has_cell(c)}
        data["meta"]["edition"] = key
        data["meta"]["edition_explicit"] = True
        new = Report.model_validate(data)
        new.derive_totals()
        self.document.undo_stack.push(ReplaceReportCommand(self.document, new, f"更改格式版本为{edition.name}"))

    # -- files --------------------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document (saved, discarded or unchanged)."""
        if not self.document.is_modified:
            return True
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Question,
            APP_NAME,
            f"“{self.display_name()}”有未保存的修改。是否保存？",
            buttons.Save | buttons.Discard | buttons.Cancel,
            self,
        )
        box.setDefaultButton(buttons.Save)
        # Qt's own translation says 丢弃; clerks know the Office wording 保存 / 不保存 / 取消. Set all
        # three, so the question reads right even where Qt's translation file is missing.
        for button, text in ((buttons.Save, "保存(&S)"), (buttons.Discard, "不保存(&N)"), (buttons.Cancel, "取消")):
            box.button(button).setText(text)
        result = box.exec()
        clicked = box.clickedButton()
        answer = box.standardButton(clicked) if clicked is not None else buttons(result)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_report(self) -> bool:
        if not self.maybe_save():
            return False
        year, ok = QInputDialog.getInt(
            self, "新建年报", "报告年度（格式版本随年度确定）：", date.today().year - 1, 2019, 2100
        )
        if not ok:
            return False
        self._replace(ReportDocument(Report.new(year, self.document.report.meta.agency)))
        self.tabs.setCurrentIndex(0)
        return True

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
        self._replace(document)
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
        if is_published_report(path):
            return self.start_import(path, purpose="next_year")
        try:
            report = load_report(path)
        except ProjectFileError as error:
            QMessageBox.warning(self, "无法打开", str(error))
            return False
        self._start_next_year(report)
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        folder = str(self.settings.value("lastFolder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "打开年报", folder, OPEN_FILTER)
        return self.open_path(Path(path), ask_to_save=False) if path else False

    def open_path(self, path: Path | str, *, ask_to_save: bool = True) -> bool:
        """Open a project file, or import a published report (.docx/.html) into a new unsaved project
        (in the background: True means the import started; `importing` is False again when it is done)."""
        path = Path(path)
        if ask_to_save and not self.maybe_save():
            return False
        if path.suffix.lower() != FILE_SUFFIX and is_published_report(path):
            return self.start_import(path, purpose="open")
        try:
            report = load_report(path)
        except ProjectFileError as error:
            QMessageBox.warning(self, "无法打开", str(error))
            return False
        reopening = path == self.document.path
        claimed = self._claim_lock(path, reopening=reopening)
        if claimed is None:
            return False
        lock, read_only = claimed
        document = ReportDocument(report, path)
        document.read_only = read_only
        self._replace(document, lock)
        self._remember(path)
        return True

    def _claim_lock(self, path: Path, *, reopening: bool) -> tuple[ProjectLock, bool] | None:
        """Lock `path` for this window: (lock, open read-only?), or None when the clerk cancelled."""
        from ..storage.lock import LockState, ProjectLock

        if reopening:
            self.lock.release()  # reopening our own file: our lock is not someone else's
        lock = ProjectLock()
        read_only = False
        outcome = lock.try_acquire(path)
        if outcome.state is LockState.HELD_ELSEWHERE:
            choice = self._ask_about_lock(outcome.message or "此文件正被其他人打开。")
            if choice is None:
                if reopening and not self.document.read_only:
                    self.lock.try_acquire(path)
                return None
            if choice == "force":
                lock.try_acquire(path, force=True)
            read_only = choice == "read_only"
        elif outcome.state is LockState.UNAVAILABLE and outcome.message:
            self.statusBar().showMessage(outcome.message, 15_000)
        return lock, read_only

    def _claim_initial_lock(self, path: Path) -> None:
        """Right after the first paint: lock the file the window was started with; if someone else
        holds it, the clerk chooses then (read-only, edit anyway, or close it)."""
        self._claim_lock_for = None
        if self.document.path != path:
            return
        claimed = self._claim_lock(path, reopening=False)
        if claimed is None:  # the clerk chose not to work on a file someone else holds
            self._replace(ReportDocument(Report.new(date.today().year - 1)))
            return
        lock, read_only = claimed
        self._replace_lock(lock)
        if read_only:
            self.document.read_only = True
            self._apply_read_only()
        self._remember(path)

    def _ask_about_lock(self, message: str) -> str | None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("文件已被打开")
        box.setText(f"{message}\n\n两人同时修改同一文件，后保存的会覆盖先保存的内容。")
        read_only = box.addButton("以只读方式打开(&R)", QMessageBox.ButtonRole.AcceptRole)
        force = box.addButton("仍然编辑(&E)", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        box.exec()
        clicked = box.clickedButton()
        if clicked is read_only:
            return "read_only"
        if clicked is force:
            return "force"
        return None

    def _replace(self, document: ReportDocument, lock: ProjectLock | None = None) -> None:
        """Show another document; `lock` is the new document's lock (the old one is released)."""
        self._replace_lock(lock)
        self.set_document(document)

    def _replace_lock(self, lock: ProjectLock | None) -> None:
        if lock is not None and lock is self._lock:
            return
        if self._lock is not None:
            self._lock.release()
        self._lock = lock  # None: an empty lock is made when first needed

    def save(self) -> bool:
        if self.document.read_only:
            return self.save_as()
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        folder = Path(str(self.settings.value("lastFolder", str(Path.home()))))
        meta = self.document.report.meta
        suggested = (
            self.document.path.name if self.document.path else f"{meta.agency or '年报'}{meta.year}{FILE_SUFFIX}"
        )
        path, _ = QFileDialog.getSaveFileName(self, "另存为", str(folder / suggested), FILE_FILTER)
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != FILE_SUFFIX:
            target = target.with_name(target.name + FILE_SUFFIX)
        if target != self.document.path:
            from ..storage.lock import LockState, ProjectLock

            lock = ProjectLock()
            outcome = lock.try_acquire(target)
            if outcome.state is LockState.HELD_ELSEWHERE:
                QMessageBox.warning(self, "无法保存", f"{outcome.message}\n请换一个文件名保存。")
                return False
            if not self.save_to(target):
                lock.release()
                return False
            self.lock.release()
            self.lock = lock
            return True
        return self.save_to(target)

    def save_to(self, path: Path) -> bool:
        try:
            save_report(self.document.report, path)
        except ProjectFileError as error:
            QMessageBox.warning(self, "保存失败", f"{error}\n\n您的修改仍在窗口中，没有丢失。")
            return False
        self.document.path = path
        self.document.read_only = False
        self.document.undo_stack.setClean()
        self._discard_recovery()
        self._claim_lock_for = None
        self._remember(path)
        self.update_title()
        self.statusBar().showMessage(f"已保存到 {path}", 8_000)
        return True

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
        return [e for e in self.recovery.pending() if e.session_id != self.document.session_id]

    def offer_recovery(self) -> bool:
        """After a crash or power cut: offer to restore the newest unsaved work. True when restored."""
        for entry in self.pending_recoveries():
            answer = QMessageBox.question(
                self,
                "恢复未保存的工作",
                f"上次没有正常退出，发现自动保存的工作：\n\n{entry.describe()}\n\n是否恢复？"
                "（选“否”将删除这份自动保存。）",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Yes,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.No:
                self.recovery.discard(entry)
                continue
            return self.restore(entry)
        return False

    def restore(self, entry: RecoveryEntry) -> bool:
        try:
            report = self.recovery.load(entry)
        except ProjectFileError as error:
            QMessageBox.warning(self, "无法恢复", str(error))
            return False
        document = ReportDocument(report, entry.source)
        document.undo_stack.resetClean()  # restored work is unsaved work
        from ..storage.lock import LockState, ProjectLock

        lock = ProjectLock()
        if entry.source is not None and entry.source.exists():
            outcome = lock.try_acquire(entry.source)
            document.read_only = outcome.state is LockState.HELD_ELSEWHERE
        self._replace(document, lock)
        self.autosaver.save_now()  # safe under this session before the old file goes
        self.recovery.discard(entry)
        self.statusBar().showMessage(f"已恢复 {entry.saved_at:%Y-%m-%d %H:%M} 自动保存的工作，请及时保存。", 20_000)
        return True

    def emergency_save(self) -> Path | None:
        """Called by the crash handler: the work in memory goes to the recovery file first."""
        try:
            return self.recovery.save(self.document.session_id, self.document.report, self.document.path)
        except Exception:
            return None

    # -- import of published reports ----------------------------------------------------------------

    def start_import(self, source: Path, *, purpose: str) -> bool:
        """Read `source` off the UI thread; `purpose` "open" (a new unsaved project) or "next_year"."""
        if self.importing:
            return False
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

    def _import_finished(self, source: str, result: ImportResult | None, error: str) -> None:
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
            self._replace(document)
            self.tabs.setCurrentIndex(0)
            self.statusBar().showMessage(
                f"已从「{path.name}」导入为新的未保存项目：数字均按原文导入，请查看检查结果，并另存为项目文件。", 20_000
            )
        self._remember(path)
        self.show_import_issues(path.name, result)

    def show_import_issues(self, source_name: str, result: ImportResult) -> None:
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

    # -- export -------------------------------------------------------------------------------------

    def export_word(self) -> bool:
        if self.exporting:
            return False
        errors = [f for f in self.document.open_findings() if f.severity is Severity.ERROR]
        if errors and not self._confirm_export_with_errors(errors):
            return False
        folder = Path(str(self.settings.value("exportFolder", self.settings.value("lastFolder", str(Path.home())))))
        meta = self.document.report.meta
        name = f"{meta.agency}{meta.year}年政府信息公开工作年度报告.docx"
        path, _ = QFileDialog.getSaveFileName(self, "导出Word", str(folder / name), "Word 文档 (*.docx)")
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
        self.settings.setValue("exportFolder", str(target.parent))
        self.start_export(target)
        return True

    def _confirm_export_with_errors(self, errors: list[Finding]) -> bool:
        listed = "\n".join(f"• ［{f.rule}］{f.message}" for f in errors[:10])
        more = f"\n……另有 {len(errors) - 10} 个错误" if len(errors) > 10 else ""
        answer = QMessageBox.warning(
            self,
            "报告中还有错误",
            f"检查发现 {len(errors)} 个错误，按统一格式公开前应当改正：\n\n{listed}{more}\n\n仍要导出吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def start_export(self, target: Path) -> None:
        from .export_worker import ExportJob

        job = ExportJob(self.document.report.model_copy(deep=True), target)
        job.signals.finished.connect(self._export_finished)
        self.exporting = True
        self.export_action.setEnabled(False)
        self.busy.show()
        self.statusBar().showMessage(f"正在导出 {target.name}……")
        QThreadPool.globalInstance().start(job)

    def _export_finished(self, target: str, error: str) -> None:
        self.exporting = False
        self.export_action.setEnabled(True)
        self.busy.setVisible(self.importing)
        if error:
            self.statusBar().showMessage("导出失败", 10_000)
            QMessageBox.warning(self, "导出失败", error)
        else:
            self.statusBar().showMessage(f"已导出到 {target}", 15_000)

    # -- help ---------------------------------------------------------------------------------------

    def show_help(self) -> None:
        view = self.current_view()
        if view is not None and view.currentIndex().isValid():
            view.request_help()
            return
        widget = self.tabs.currentWidget()
        if isinstance(widget, TextSectionTab | TableSectionTab):
            self.show_help_text(widget.section.heading, widget.section.help or "（无说明）")
        else:
            self.show_help_text("填报说明", f"格式版本：{self.document.edition.name}\n{self.document.edition.notice}")

    def show_help_text(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Close, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"关于{APP_NAME}",
            f"{APP_NAME}\n按国务院办公厅统一格式填写、检查、导出政府信息公开工作年度报告。",
        )

    # -- closing ------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        if self.exporting or self.importing:
            QThreadPool.globalInstance().waitForDone(30_000)
        self._discard_recovery()
        if self._lock is not None:
            self._lock.release()
        event.accept()
