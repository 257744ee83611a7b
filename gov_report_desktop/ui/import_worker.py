"""Reading a published report (.docx / .html / .pdf) off the UI thread: a QRunnable reporting back by signal."""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

# What 打开 offers besides project files; the importer itself decides what it can read (`source_kind`).
PUBLISHED_FILTER = "已发布的年报 (*.docx *.html *.htm *.pdf)"


def is_published_report(path: Path) -> bool:
    """True for a file the importer reads (Word, web page or PDF), judged by its name as the importer does."""
    from ..documents.importing import source_kind

    return source_kind(path) is not None


class ImportSignals(QObject):
    # source path, ImportResult (None on failure), error message ("" when it worked)
    finished = Signal(str, object, str)


class ImportJob(QRunnable):
    def __init__(self, source: Path) -> None:
        super().__init__()
        self.source = source
        self.signals = ImportSignals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            from ..documents.importing import ReportImportError, import_report
        except ImportError as error:  # the importer is missing from this build
            self.signals.finished.emit(str(self.source), None, f"本版本缺少导入已发布年报的功能：{error}")
            return
        try:
            result = import_report(self.source)
        except ReportImportError as error:
            self.signals.finished.emit(str(self.source), None, str(error))
        except Exception as error:  # never a crash for a file we did not foresee
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            self.signals.finished.emit(str(self.source), None, f"导入「{self.source.name}」时发生意外错误：{detail}")
        else:
            self.signals.finished.emit(str(self.source), result, "")
