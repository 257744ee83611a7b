"""Word export off the UI thread: a QRunnable on the global pool, reporting back by signal."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from ..domain.model import Report

log = logging.getLogger(__name__)


class ExportSignals(QObject):
    finished = Signal(str, str)  # target path, error message ("" when it worked)


class ExportJob(QRunnable):
    def __init__(self, report: Report, target: Path) -> None:
        super().__init__()
        self.report = report  # a private copy: the clerk may keep editing meanwhile
        self.target = target
        self.signals = ExportSignals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            from ..documents.export_docx import ExportError, export_report
        except ImportError as error:  # the Word export is missing from this build
            self.signals.finished.emit(str(self.target), f"本版本缺少导出Word的功能：{error}")
            return
        try:
            export_report(self.report, self.target)
        except ExportError as error:
            log.warning("export to %s failed: %s", self.target, error)
            self.signals.finished.emit(str(self.target), str(error))
        except Exception as error:
            log.exception("unexpected error exporting to %s", self.target)
            self.signals.finished.emit(
                str(self.target),
                f"导出时发生意外错误（{type(error).__name__}），详情已写入日志（帮助 → 打开日志文件夹）。",
            )
        else:
            self.signals.finished.emit(str(self.target), "")
