"""The application log: one rotating file under the platform's log folder.

Errors that are caught and handled (a save that failed, an autosave that could not be written, a
file that could not be imported) are logged where they are caught, through module loggers under
`gov_report_desktop`; the crash handler writes into the same file. The window and the CLI call
`setup_logging` once; without it the package logs nowhere (a NullHandler), so a library user gets
no English warnings on the terminal.

The folder is platformdirs' user log dir (`~/.local/state/gov-report-desktop/log` on Linux,
`%LOCALAPPDATA%\\gov-report-desktop\\Logs` on Windows); `GOV_REPORT_DATA_DIR` and a test run put it
under the data folder instead (see `paths.data_dir`).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

from .paths import APP_DIR_NAME, DATA_DIR_ENV, TEST_MODE_ENV, data_dir

LOG_FILE_NAME = "gov-report.log"
MAX_LOG_BYTES = 1024 * 1024
LOG_BACKUPS = 3  # gov-report.log.1 … .3: a few weeks of a clerk's use, at most 4 MB
PACKAGE_LOGGER = "gov_report_desktop"
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    """Where the log lives; created when possible (a failure surfaces when writing)."""
    if os.environ.get(DATA_DIR_ENV) or os.environ.get(TEST_MODE_ENV):
        folder = data_dir() / "logs"
    else:
        folder = Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_file() -> Path:
    return log_dir() / LOG_FILE_NAME


def setup_logging(component: str) -> Path | None:
    """Send the package's log records (INFO and up) to the rotating file; the file's path, or None
    when it cannot be written (the program works on, unlogged). Safe to call again."""
    logger = logging.getLogger(PACKAGE_LOGGER)
    path = log_file()
    for handler in logger.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == path.absolute():
                return path
            logger.removeHandler(handler)  # the log folder moved (GOV_REPORT_DATA_DIR changed)
            handler.close()
    try:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # a host application's root handlers are not ours to feed
    logging.getLogger(f"{PACKAGE_LOGGER}.{component}").info("started")
    return path
