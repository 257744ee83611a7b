"""基本信息: 机关名称, 报告年度, the edition (changeable, with a warning) and the opening paragraph."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.editions import EDITIONS, edition_for_year
from .commands import SetMetaCommand
from .deadline import DeadlineSettings
from .document import ReportDocument
from .text_tab import SyncedTextEdit

PREAMBLE_PLACEHOLDER = (
    "（开篇段落，可选）例如：本报告由××根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室"
    "有关要求编制。报告所列数据的统计期限自×年1月1日起至×年12月31日止。如对本报告有疑问，请与××联系"
    "（地址：……；邮编：……；电话：……）。"
)


class MetaTab(QWidget):
    editionChangeRequested = Signal(str)  # the window asks for confirmation, then rebuilds

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        form = QFormLayout()
        self.agency = QLineEdit()
        self.agency.setPlaceholderText("如：上海市普陀区民政局")
        self.agency.editingFinished.connect(self._agency_edited)
        form.addRow("机关名称(&A)：", self.agency)
        self.year = QSpinBox()
        self.year.setRange(2019, 2100)
        self.year.setSuffix(" 年度")
        self.year.editingFinished.connect(self._year_edited)
        form.addRow("报告年度(&Y)：", self.year)
        self.edition = QComboBox()
        for edition in EDITIONS.values():
            self.edition.addItem(edition.name, edition.key)
        self.edition.activated.connect(self._edition_chosen)
        form.addRow("格式版本(&E)：", self.edition)
        self.edition_note = QLabel()
        self.edition_note.setWordWrap(True)
        form.addRow("", self.edition_note)
        self.due = QLabel()
        self.due.setToolTip("报告类型和本地规定的报送期限可在“文件 → 起始页”中修改。")
        form.addRow("报送期限：", self.due)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("开篇段落（编制依据、统计期限、联系方式等）："))
        self.preamble = SyncedTextEdit(self._preamble_edited)
        self.preamble.setPlaceholderText(PREAMBLE_PLACEHOLDER)
        layout.addWidget(self.preamble, 1)
        document.metaChanged.connect(self.refresh)
        document.reportReplaced.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        meta = self.document.report.meta
        if self.agency.text() != meta.agency:
            self.agency.setText(meta.agency)
        self.year.blockSignals(True)
        self.year.setValue(meta.year)
        self.year.blockSignals(False)
        self.edition.setCurrentIndex(self.edition.findData(meta.edition))
        self.preamble.show_text(meta.preamble)
        self._show_due()
        expected = edition_for_year(meta.year)
        if not meta.year_stated:
            self.edition_note.setText("⚠ 导入的文件未写明报告年度，请填写报告年度。")
            self.edition_note.setStyleSheet("color: #b07800;")
        elif expected.key != meta.edition:
            self.edition_note.setText(f"⚠ {meta.year}年度的年报应使用{expected.name}。")
            self.edition_note.setStyleSheet("color: #b07800;")
        else:
            self.edition_note.setText(f"{meta.year}年度的年报使用此版本（{expected.notice}）。")
            self.edition_note.setStyleSheet("color: #555;")

    def _show_due(self) -> None:
        meta = self.document.report.meta
        self.due.setText(DeadlineSettings(QSettings()).due_line(meta.year, date.today()) if meta.year_stated else "")

    def showEvent(self, event: QShowEvent) -> None:
        self._show_due()  # the days left, and a due date changed on the start page meanwhile
        super().showEvent(event)

    def set_read_only(self, read_only: bool) -> None:
        self.agency.setReadOnly(read_only)
        self.year.setReadOnly(read_only)
        self.edition.setEnabled(not read_only)
        self.preamble.setReadOnly(read_only)

    def _agency_edited(self) -> None:
        text = self.agency.text().strip()
        if text != self.document.report.meta.agency:
            self.document.undo_stack.push(SetMetaCommand(self.document, "agency", text, "修改机关名称"))

    def _year_edited(self) -> None:
        """Editing the year also settles a year the imported file did not state (one undo step)."""
        year, meta, stack = self.year.value(), self.document.report.meta, self.document.undo_stack
        if year == meta.year and meta.year_stated:
            return
        stack.beginMacro("修改报告年度")
        if year != meta.year:
            stack.push(SetMetaCommand(self.document, "year", year, "修改报告年度"))
        if not meta.year_stated:
            stack.push(SetMetaCommand(self.document, "year_stated", True, "填写报告年度"))
        stack.endMacro()

    def _preamble_edited(self, text: str) -> None:
        if text != self.document.report.meta.preamble:
            self.document.undo_stack.push(SetMetaCommand(self.document, "preamble", text, "编辑开篇段落"))

    def _edition_chosen(self, _index: int) -> None:
        key = str(self.edition.currentData())
        if key != self.document.report.meta.edition:
            self.edition.setCurrentIndex(self.edition.findData(self.document.report.meta.edition))
            self.editionChangeRequested.emit(key)
