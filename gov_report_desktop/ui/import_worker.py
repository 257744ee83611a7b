"""Reading a published report (.docx / .html) off the UI thread: a QRunnable reporting back by signal."""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from ..documents.opening import ReportOpenError, open_report


class ImportSignals(QObject):
    # source path, OpenedReport (None on failure), error message ("" when it worked)
    finished = Signal(str, object, str)


class ImportJob(QRunnable):
    def __init__(self, source: Path) -> None:
        super().__init__()
        self.source = source
        self.signals = ImportSignals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            opened = open_report(self.source)
        except ReportOpenError as error:
            self.signals.finished.emit(str(self.source), None, str(error))
        except Exception as error:  # never a crash for a file we did not foresee
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            self.signals.finished.emit(str(self.source), None, f"导入「{self.source.name}」时发生意外错误：{detail}")
        else:
            self.signals.finished.emit(str(self.source), opened, "")
