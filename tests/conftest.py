"""Test set-up shared by every test: headless Qt, and dialogs that can never block."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session", autouse=True)
def _every_exported_word_file_is_valid() -> Iterator[None]:
    """Each .docx the tests export in this process is checked with an ECMA-376 validator as it is
    written (issue 14); session-wide, so exports in module- and session-scoped fixtures are too."""
    from gov_report_desktop.documents import export_docx
    from tests.support.ooxml_audit import audit_docx

    write = export_docx.replace_file

    def write_and_audit(path: Path, data: bytes, **options: Any) -> None:
        write(path, data, **options)
        if Path(path).suffix.lower() == ".docx":
            problems = audit_docx(Path(path))
            assert problems == [], f"{Path(path).name} 不是 Word 能直接打开的文件：{problems}"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export_docx, "replace_file", write_and_audit)
        yield
