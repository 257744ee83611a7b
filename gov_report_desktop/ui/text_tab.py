"""Prose sections (一、五、六) and the opening paragraph: plain text with a live character count."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..domain.editions import SectionKey, SectionSpec
from .commands import SetTextCommand
from .document import ReportDocument


def count_characters(text: str) -> int:
    """Characters as the notice counts them: everything but whitespace."""
    return sum(1 for ch in text if not ch.isspace())


class SyncedTextEdit(QPlainTextEdit):
    """A QPlainTextEdit whose edits become undo commands; `show_text` updates it without echoing."""

    def __init__(self, on_edit: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_edit = on_edit
        self._updating = False
        self.setUndoRedoEnabled(False)  # the document's one QUndoStack undoes text too
        self.textChanged.connect(self._changed)

    def show_text(self, text: str) -> None:
        if text == self.toPlainText():
            return
        self._updating = True
        position = self.textCursor().position()
        self.setPlainText(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        cursor.movePosition(QTextCursor.MoveOperation.NoMove)
        self.setTextCursor(cursor)
        self._updating = False

    def _changed(self) -> None:
        if not self._updating:
            self._on_edit(self.toPlainText())


class TextSectionTab(QWidget):
    def __init__(self, document: ReportDocument, section: SectionSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.section = section
        layout = QVBoxLayout(self)
        title = QLabel(section.heading)
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        title.setFont(title_font)
        layout.addWidget(title)
        hint = QLabel(section.help)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.editor = SyncedTextEdit(self._edited)
        self.editor.setPlaceholderText(section.placeholder or "（文字描述）")
        self.editor.setPlainText(document.report.text(section.key))
        layout.addWidget(self.editor, 1)
        self.counter = QLabel()
        layout.addWidget(self.counter)
        document.textChanged.connect(self._document_text_changed)
        self._update_counter()

    @property
    def key(self) -> SectionKey:
        return self.section.key

    def _edited(self, text: str) -> None:
        old = self.document.report.text(self.key)
        if text != old:
            self.document.undo_stack.push(SetTextCommand(self.document, self.key, old, text))

    def _document_text_changed(self, section: SectionKey) -> None:
        if section == self.key:
            self.editor.show_text(self.document.report.text(self.key))
            self._update_counter()

    def _update_counter(self) -> None:
        count = count_characters(self.document.report.text(self.key))
        limit = self.document.edition.overview_char_limit if self.key == SectionKey.OVERVIEW else None
        if limit is None:
            self.counter.setText(f"字数：{count}")
            self.counter.setStyleSheet("color: #555;")
        elif count > limit:
            self.counter.setText(f"字数：{count} / {limit}　已超出 {count - limit} 字（通知要求原则上不超过一千字）")
            self.counter.setStyleSheet("color: #c0261b; font-weight: bold;")
        else:
            self.counter.setText(f"字数：{count} / {limit}")
            self.counter.setStyleSheet("color: #555;")

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
