"""Every change to the report is one of these QUndoCommands on the document's single QUndoStack."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..domain.editions import SectionKey
from ..domain.model import Acknowledgement, Report
from .document import CellValues, ReportDocument

TEXT_MERGE_ID = 1001


class SetCellsCommand(QUndoCommand):
    """Typing, paste, clear: input cells to new values; undo restores every changed cell exactly."""

    def __init__(self, document: ReportDocument, values: CellValues, description: str) -> None:
        super().__init__(description)
        self._document = document
        self._values = dict(values)
        self._previous: CellValues = {}

    def redo(self) -> None:
        self._previous = self._document.apply_values(self._values)

    def undo(self) -> None:
        self._document.restore_values(self._previous)


class SetTextCommand(QUndoCommand):
    """A prose section's text; consecutive keystrokes in the same section merge into one step."""

    def __init__(self, document: ReportDocument, section: SectionKey, old: str, new: str) -> None:
        super().__init__(f"编辑「{document.edition.section(section).heading}」")
        self._document = document
        self.section = section
        self._old = old
        self._new = new

    def id(self) -> int:
        return TEXT_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetTextCommand) or other.section != self.section:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        self._document.apply_text(self.section, self._new)

    def undo(self) -> None:
        self._document.apply_text(self.section, self._old)


class SetMetaCommand(QUndoCommand):
    """机关名称, 报告年度 or the opening paragraph."""

    def __init__(self, document: ReportDocument, field: str, new: object, description: str) -> None:
        super().__init__(description)
        self._document = document
        self._field = field
        self._old = getattr(document.report.meta, field)
        self._new = new

    def id(self) -> int:
        return TEXT_MERGE_ID + 1 if self._field == "preamble" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetMetaCommand) or other._field != self._field:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        self._document.apply_meta(self._field, self._new)

    def undo(self) -> None:
        self._document.apply_meta(self._field, self._old)


class SetAcknowledgementsCommand(QUndoCommand):
    """Acknowledge or un-acknowledge a 警告 (the whole list is swapped, so undo is exact)."""

    def __init__(self, document: ReportDocument, new: list[Acknowledgement], description: str) -> None:
        super().__init__(description)
        self._document = document
        self._old = list(document.report.acknowledgements)
        self._new = list(new)

    def redo(self) -> None:
        self._document.set_acknowledgements(self._new)

    def undo(self) -> None:
        self._document.set_acknowledgements(self._old)


class ReplaceReportCommand(QUndoCommand):
    """A change of edition: the report is rebuilt; undo brings the exact previous report back."""

    def __init__(self, document: ReportDocument, new: Report, description: str) -> None:
        super().__init__(description)
        self._document = document
        self._old = document.report.model_copy(deep=True)
        self._new = new

    def redo(self) -> None:
        self._document.replace_report(self._new.model_copy(deep=True))

    def undo(self) -> None:
        self._document.replace_report(self._old.model_copy(deep=True))
