"""The start page (起始页), as in WPS and Word: shown when the window starts without a file, and from
文件 → 起始页. 新建年报 with the year a clerk most likely means, the due date of the report type,
打开…, 从已发布的年报新建下一年度报告…, the recent files with 机关名称 and 报告年度, and the example.

It lives in a QStackedWidget with the section tabs; the window's own commands do the work (new, open,
next year, open a path), so the start page only chooses. Loaded only when shown: a start with a file
never imports this module (tests/ui/test_startup.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..domain.calendar import (
    REPORT_KINDS,
    ReportKind,
    chinese_date,
    days_left_text,
    due_date,
    report_year_for,
)
from ..domain.editions import edition_for_year
from ..resources import example_path
from .deadline import DeadlineSettings
from .first_paint import move_first_paint_hook
from .recent_files import RecentEntry, describe

if TYPE_CHECKING:
    from .main_window import MainWindow

TITLE = "起始页"
GREY = QColor("#8a8a8a")
EMPTY_RECENT = "（还没有最近打开的年报）"


def show_start_page(window: MainWindow, today: date | None = None) -> StartPage:
    """Show the start page in `window` (built the first time, on a stack with the section tabs)."""
    page = window.findChild(StartPage)
    if page is None:
        page = StartPage(window, today or date.today())
        stack = QStackedWidget()
        stack.setObjectName("start-stack")
        tabs = window.takeCentralWidget()  # the tabs stay the window's; the stack now holds them
        stack.addWidget(page)
        stack.addWidget(tabs)
        window.setCentralWidget(stack)
        stack.show()  # at once, not after the next turn of the event loop (the keys work right away)
        # At start-up the tabs stay hidden: the window's first paint is the start page's.
        move_first_paint_hook(window.tabs, page)
        window.after_first_paint(lambda: window.field_keys.watch(page))  # PageUp/PageDown leave the year alone
        window.documentReplaced.connect(page.leave)
    else:
        page.today = today or date.today()  # the window may have been open since yesterday
    page.enter()
    return page


class StartPage(QWidget):
    def __init__(self, window: MainWindow, today: date) -> None:
        super().__init__()
        self.setObjectName("start-page")
        self._window = window
        self.today = today
        self.deadline = DeadlineSettings(window.settings)
        self._dock_was_visible = False
        self._showing = False  # not the stack's current page: the first page added is current at once
        # At start-up (the window not shown yet) the tabs hold a blank report nobody asked for: there is
        # nothing to go back to until another report is opened or created.
        self._placeholder = None if window.isVisible() else window.document
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(self._heading())
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._new_box())
        left.addWidget(self._open_box())
        left.addStretch(1)
        columns.addLayout(left, 2)
        columns.addWidget(self._recent_box(), 3)
        layout.addLayout(columns, 1)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._back_if_possible)
        self._show_kind(self.deadline.kind())

    # -- building -----------------------------------------------------------------------------------

    def _heading(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel(APP_NAME)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        row.addWidget(title)
        row.addStretch(1)
        self.back_button = QPushButton("返回当前报告(&B)")
        self.back_button.setToolTip("回到正在编辑的年报（Esc）")
        self.back_button.clicked.connect(self.leave)
        row.addWidget(self.back_button)
        return row

    def _new_box(self) -> QGroupBox:
        box = QGroupBox("新建年报")
        form = QFormLayout(box)
        self.year = QSpinBox()
        self.year.setRange(2019, 2100)
        self.year.setSuffix(" 年度")
        self.year.setValue(report_year_for(self.today))
        self.year.valueChanged.connect(self._year_changed)
        form.addRow(_buddy("报告年度(&Y)：", self.year), self.year)
        self.edition_note = QLabel()
        self.edition_note.setWordWrap(True)
        form.addRow("格式版本：", self.edition_note)
        self.kind = QComboBox()
        for kind in REPORT_KINDS:
            self.kind.addItem(kind.due_label, kind.key)
            self.kind.setItemData(self.kind.count() - 1, kind.who, Qt.ItemDataRole.ToolTipRole)
        self.kind.activated.connect(lambda index: self._show_kind(REPORT_KINDS[index], remember=True))
        form.addRow(_buddy("报告类型(&T)：", self.kind), self.kind)
        self.due = QDateEdit()
        self.due.setDisplayFormat("yyyy年M月d日")
        self.due.setCalendarPopup(True)
        self.due.setToolTip("各地规定的报送期限可能不同，可在此修改；本机记住所改的月、日，以后各年度沿用。")
        self.due.dateChanged.connect(self._due_edited)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        self.reset_due = QPushButton("恢复规定期限(&L)")
        self.reset_due.clicked.connect(self._reset_due)
        due_row.addWidget(self.reset_due)
        due_row.addStretch(1)
        form.addRow(_buddy("报送期限(&D)：", self.due), due_row)
        self.days_left = QLabel()
        form.addRow("", self.days_left)
        self.new_button = QPushButton("新建年报(&N)")
        self.new_button.setAutoDefault(True)  # Enter on the focused button creates, as in a dialog
        self.new_button.setToolTip("按所选报告年度新建一份空白年报")
        self.new_button.clicked.connect(self.new_report)
        form.addRow("", self.new_button)
        self._show_edition()
        return box

    def _open_box(self) -> QGroupBox:
        box = QGroupBox("打开")
        column = QVBoxLayout(box)
        window = self._window
        self.open_button = _button(
            "打开年报(&O)…", window.open_dialog, "打开年报项目文件，或已发布的 Word、网页、PDF 年报"
        )
        self.next_year_button = _button(
            "从已发布的年报新建下一年度报告(&P)…",
            window.new_next_year_from_file,
            window.next_year_from_file_action.statusTip(),
        )
        example = describe(example_path())
        self.example_button = _button(
            "打开示例年报(&X)", lambda: self.open_file(example.path), f"{example.agency}{example.year}（示例）"
        )
        self.example_button.setEnabled(example.openable)
        for button in (self.open_button, self.next_year_button, self.example_button):
            column.addWidget(button)
        note = QLabel(f"示例：{example.agency}{example.year}")
        note.setStyleSheet("color: #555;")
        column.addWidget(note)
        return box

    def _recent_box(self) -> QGroupBox:
        box = QGroupBox("最近打开")
        column = QVBoxLayout(box)
        self.recent = QTreeWidget()
        self.recent.setObjectName("recent-files")
        self.recent.setHeaderLabels(["机关名称", "报告年度", "位置"])
        self.recent.setRootIsDecorated(False)
        self.recent.setUniformRowHeights(True)
        self.recent.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.recent.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 200)
        header.resizeSection(1, 110)
        self.recent.itemActivated.connect(lambda item, _column: self._open_item(item))
        label = _buddy("最近打开的年报(&R)（双击或按回车键打开）：", self.recent)
        column.addWidget(label)
        column.addWidget(self.recent, 1)
        return box

    # -- showing and leaving ------------------------------------------------------------------------

    @property
    def stack(self) -> QStackedWidget:
        parent = self.parentWidget()
        assert isinstance(parent, QStackedWidget)
        return parent

    @property
    def showing(self) -> bool:
        return self._showing

    def _document_actions(self) -> list[QAction]:
        """The commands about the open report: off while the start page shows."""
        w = self._window
        return [
            w.save_action,
            w.save_as_action,
            w.next_year_action,
            w.export_action,
            *w.publishing.actions,
            w.next_error_action,
            w.previous_error_action,
            w.edit_cell_action,
            w.ack_action,
            w.unack_action,
            w.blank_totals.action,
            w.findings.toggleViewAction(),
        ]

    def enter(self) -> None:
        window = self._window
        self.refresh()
        self._show_due()  # the days left, as of today
        if not self.showing:
            self._dock_was_visible = not window.findings.isHidden()
            window.findings.hide()
            for action in self._document_actions():
                action.setEnabled(False)
            self.stack.setCurrentWidget(self)
            self._showing = True
        self.back_button.setVisible(self.has_report_behind())
        window.setWindowTitle(f"{TITLE} — {APP_NAME}")
        self.new_button.setFocus()

    def leave(self) -> None:
        """Back to the section tabs (a report was opened or created, or 返回当前报告)."""
        if not self.showing:
            return
        window = self._window
        for action in self._document_actions():
            action.setEnabled(True)
        window.blank_totals.refresh()
        window.findings.setVisible(self._dock_was_visible)
        self.stack.setCurrentWidget(window.tabs)
        self._showing = False
        self._placeholder = None  # another report is behind now (or the one there was)
        window.update_title()
        window.tabs.currentWidget().setFocus()

    def has_report_behind(self) -> bool:
        """Whether the tabs hold a report worth returning to (not the blank one of a start without a file)."""
        return self._window.document is not self._placeholder

    def _back_if_possible(self) -> None:
        if self.has_report_behind():
            self.leave()

    def refresh(self) -> None:
        """The recent files as they are now (files come and go while the window is open)."""
        self.recent.clear()
        files = self._window._recent_files()
        for entry in (describe(Path(name)) for name in files):
            self.recent.addTopLevelItem(_recent_item(entry))
        if not files:
            empty = QTreeWidgetItem([EMPTY_RECENT, "", ""])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addTopLevelItem(empty)
        first = self.recent.topLevelItem(0)
        if first is not None and first.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.recent.setCurrentItem(first)

    # -- the new report and its due date ------------------------------------------------------------

    def new_report(self) -> bool:
        """新建年报: the chosen year (its edition follows from it); unsaved work is asked about first."""
        window = self._window
        if window.importing or not window.maybe_save():  # as 文件 → 新建, off while a report is read in
            return False
        window.create_report(self.year.value())
        return True

    def current_kind(self) -> ReportKind:
        return REPORT_KINDS[max(self.kind.currentIndex(), 0)]

    def due_day(self) -> date:
        return due_date(self.year.value(), self.deadline.due(self.current_kind()))

    def _show_kind(self, kind: ReportKind, *, remember: bool = False) -> None:
        if remember:
            self.deadline.set_kind(kind)
        self.kind.setCurrentIndex(REPORT_KINDS.index(kind))
        self._show_due()

    def _year_changed(self) -> None:
        self._show_edition()
        self._show_due()

    def _show_edition(self) -> None:
        self.edition_note.setText(edition_for_year(self.year.value()).name)

    def _show_due(self) -> None:
        """The date field, the note on whose day it is, and the days left."""
        kind, day = self.current_kind(), self.due_day()
        self.due.blockSignals(True)
        year = day.year
        self.due.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))  # the month and day are what is kept
        self.due.setDate(QDate(day.year, day.month, day.day))
        self.due.blockSignals(False)
        local = self.deadline.local_due(kind) is not None
        self.reset_due.setVisible(local)
        self.reset_due.setToolTip(f"恢复为{kind.due_label}")
        self.days_left.setText(days_left_text(day, self.today) + ("（本地规定的期限）" if local else ""))
        self.due.setAccessibleDescription(chinese_date(day))

    def _due_edited(self, value: QDate) -> None:
        self.deadline.set_due(self.current_kind(), (value.month(), value.day()))
        self._show_due()

    def _reset_due(self) -> None:
        self.deadline.set_due(self.current_kind(), None)
        self._show_due()
        self.due.setFocus()

    # -- opening ------------------------------------------------------------------------------------

    def open_file(self, path: Path) -> bool:
        return self._window.open_path(path)

    def _open_item(self, item: QTreeWidgetItem) -> None:
        name = item.data(0, Qt.ItemDataRole.UserRole)
        if name and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.open_file(Path(str(name)))


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _button(text: str, slot: object, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(True)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def _recent_item(entry: RecentEntry) -> QTreeWidgetItem:
    item = QTreeWidgetItem([entry.agency, entry.year, str(entry.path)])
    item.setData(0, Qt.ItemDataRole.UserRole, str(entry.path))
    for column in range(3):
        item.setToolTip(column, f"{entry.path}\n{entry.problem}" if entry.problem else str(entry.path))
    if not entry.openable:
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # greyed and skipped by the keyboard
    elif entry.problem:
        for column in range(3):
            item.setForeground(column, GREY)
    return item
