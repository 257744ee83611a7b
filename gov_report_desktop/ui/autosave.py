"""Timer-driven autosave to a recovery file (never over the clerk's own file)."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, QTimer, Signal

from ..storage.projectfile import ProjectFileError
from .document import ReportDocument

log = logging.getLogger(__name__)

DEFAULT_SECONDS = 60
SECONDS_ENV = "GOV_REPORT_AUTOSAVE_SECONDS"


def autosave_seconds(requested: float | None = None) -> float:
    if requested is not None:
        return requested
    try:
        return float(os.environ.get(SECONDS_ENV, DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS


class Autosaver(QObject):
    failed = Signal(str)
    saved = Signal(str)

    def __init__(self, seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: ReportDocument | None = None
        self._saved_revision = -1
        self.timer = QTimer(self)
        self.timer.setInterval(max(int(seconds * 1000), 200))
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    def watch(self, document: ReportDocument) -> None:
        self.document = document
        self._saved_revision = document.revision if not document.is_modified else -1

    def save_now(self) -> bool:
        """Write the recovery file if anything changed since the last one; True when written."""
        document = self.document
        if document is None or not document.is_modified or document.revision == self._saved_revision:
            return False
        try:
            path = document.session.autosave(document.report)
        except (ProjectFileError, OSError) as error:
            log.warning("autosave of session %s failed: %s", document.session_id, error)
            self.failed.emit(f"自动保存失败：{error}")
            return False
        self._saved_revision = document.revision
        self.saved.emit(str(path))
        return True

    def discard(self) -> None:
        """The work is safely in the clerk's file (or deliberately thrown away)."""
        if self.document is not None:
            self.document.session.discard_recovery()
            self._saved_revision = self.document.revision
