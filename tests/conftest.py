"""Test set-up shared by every test: headless Qt, and dialogs that can never block."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep user settings, recovery files and logs of test runs away from the real user's folders.
os.environ.setdefault("GOV_REPORT_TEST_MODE", "1")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXAMPLES = ROOT / "resources" / "examples"
PUTUO = EXAMPLES / "putuo-minzheng-2020.govreport"
HUAIAN = EXAMPLES / "huaian-city-2024.govreport"


@pytest.fixture
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recovery files and logs of this test in its own folder."""
    base = tmp_path / "data"
    monkeypatch.setenv("GOV_REPORT_DATA_DIR", str(base))
    return base
