"""Where the program keeps its own files (recovery files, logs): no heavy imports, so the log can be
set up before the report model is loaded.

The base folder is platformdirs' user data dir; `GOV_REPORT_DATA_DIR` overrides it, and a test run
(`GOV_REPORT_TEST_MODE`) without that override uses a folder under the system temp dir.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

APP_DIR_NAME = "gov-report-desktop"
DATA_DIR_ENV = "GOV_REPORT_DATA_DIR"
TEST_MODE_ENV = "GOV_REPORT_TEST_MODE"


def data_dir() -> Path:
    """Base folder for recovery files, logs and settings (not created here)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if os.environ.get(TEST_MODE_ENV):
        return Path(tempfile.gettempdir()) / f"{APP_DIR_NAME}-test-{_user_tag()}"
    import platformdirs  # here: the window asks for the folder at start-up only when it is overridden

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def _user_tag() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else os.environ.get("USERNAME", "user")
