"""Reading a published report (.docx / .html / .pdf) off the UI thread: a QRunnable reporting back by signal."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from ..documents.opening import ReportOpenError, open_report

log = logging.getLogger(__name__)


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
            log.info("import of %s refused: %s", self.source, error)
            self.signals.finished.emit(str(self.source), None, str(error))
        except Exception as error:  # never a crash for a file we did not foresee
            log.exception("unexpected error importing %s", self.source)
            message = f"导入「{self.source.name}」时发生意外错误（{type(error).__name__}），详情已写入日志（帮助 → 打开日志文件夹）。"
            self.signals.finished.emit(str(self.source), None, message)
        else:
            self.signals.finished.emit(str(self.source), opened, "")
