"""Uncaught exceptions: save the work to the recovery file, write a log, tell the clerk."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

_handling = False


def write_crash_log(text: str) -> Path | None:
    """Write `text` into the application log (the same rotating file as every other record);
    the log file's path, or None when it cannot be written."""
    from ..storage.applog import setup_logging  # imported here: the crash hook is installed before the first paint

    path = setup_logging("ui")
    if path is None:
        return None
    logging.getLogger(__name__).critical("uncaught exception\n%s", text)
    for handler in logging.getLogger("gov_report_desktop").handlers:
        handler.flush()
    return path


def install(emergency_save: Callable[[], Path | None]) -> None:
    """Route uncaught exceptions (also those raised in Qt slots) through `handle`."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        handle(kind, error, tb, emergency_save)

    sys.excepthook = hook


def handle(
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
    emergency_save: Callable[[], Path | None],
) -> None:
    global _handling
    if issubclass(kind, KeyboardInterrupt) or _handling:
        sys.__excepthook__(kind, error, tb)
        return
    _handling = True
    try:
        saved = emergency_save()  # first: the clerk's work
        details = "".join(traceback.format_exception(kind, error, tb))
        log = write_crash_log(details)
        sys.stderr.write(details)
        lines = ["程序发生了意外错误。"]
        lines.append(
            f"您的工作已自动保存，下次启动时可以恢复（{saved}）。" if saved else "未能自动保存，请尽快另存为。"
        )
        lines.append(f"错误记录：{log}" if log else "错误记录未能写入文件。")
        lines.append("可以继续使用，但建议先保存并重新启动程序。")
        if QApplication.instance() is not None:
            # Imported here: the hook is installed before the first paint, and PySide builds QMessageBox's
            # many enums on import
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "意外错误", "\n".join(lines) + f"\n\n{kind.__name__}: {error}")
    finally:
        _handling = False
