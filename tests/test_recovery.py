"""Recovery files: autosave never touches the clerk's file; pending work survives a crash."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage.projectfile import ProjectFileError, dumps_report, load_report
from gov_report_desktop.storage.recovery import RecoveryStore, data_dir, log_dir, new_session_id, recovery_dir
from tests.conftest import PUTUO

pytestmark = pytest.mark.usefixtures("private_data_dir")


@pytest.fixture
def report() -> Report:
    return load_report(PUTUO)


def rewrite(path: Path, **fields: object) -> None:
    document = json.loads(path.read_bytes())
    document.update(fields)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def test_folders_follow_the_environment_override(private_data_dir: Path) -> None:
    assert data_dir() == private_data_dir
    assert recovery_dir() == private_data_dir / "recovery"
    assert RecoveryStore().folder == private_data_dir / "recovery"
    logs = log_dir()
    assert logs == private_data_dir / "logs"
    assert logs.is_dir()


def test_test_mode_without_override_stays_out_of_the_users_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOV_REPORT_DATA_DIR")
    monkeypatch.setenv("GOV_REPORT_TEST_MODE", "1")
    assert data_dir().parent == Path(tempfile.gettempdir())
    assert data_dir().name.startswith("gov-report-desktop-test-")
    monkeypatch.delenv("GOV_REPORT_TEST_MODE")
    assert data_dir().name == "gov-report-desktop"


def test_save_then_pending_then_load_gives_back_the_report(tmp_path: Path, report: Report) -> None:
    source = tmp_path / "普陀.govreport"
    shutil.copy(PUTUO, source)
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    report.set_text(SectionKey.OVERVIEW, "尚未保存的修改 😀\n第二行")
    store = RecoveryStore()
    session = new_session_id()
    path = store.save(session, report, source)
    assert path.parent == recovery_dir()
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    assert not list(tmp_path.glob("*.bak"))
    [entry] = store.pending()
    assert entry.session_id == session
    assert entry.source == source
    assert (entry.agency, entry.year) == ("上海市普陀区民政局", 2020)
    assert entry.saved_at.tzinfo is not None
    assert "上海市普陀区民政局 2020年度（普陀.govreport）" in entry.describe()
    restored = store.load(entry)
    assert dumps_report(restored) == dumps_report(report)


def test_saving_again_replaces_the_session_file_and_leaves_no_temp_files(report: Report) -> None:
    store = RecoveryStore()
    store.save("s1", report, None)
    report.meta.agency = "改过的机关"
    store.save("s1", report, None)
    assert [p.name for p in store.folder.iterdir()] == ["s1.govrecover"]
    [entry] = store.pending()
    assert entry.agency == "改过的机关"
    assert entry.source is None
    assert "尚未保存过的新年报" in entry.describe()


def test_pending_lists_newest_first(report: Report) -> None:
    store = RecoveryStore()
    for session, stamp in (("old", "2026-01-01T08:00:00+08:00"), ("new", "2026-03-01T08:00:00+08:00")):
        rewrite(store.save(session, report, None), saved_at=stamp)
    store.save("middle", report, None)
    rewrite(store.path_for("middle"), saved_at="2026-02-01T08:00:00+08:00")
    assert [e.session_id for e in store.pending()] == ["new", "middle", "old"]


def test_discard_and_discard_session(report: Report) -> None:
    store = RecoveryStore()
    store.save("a", report, None)
    store.save("b", report, None)
    entry = next(e for e in store.pending() if e.session_id == "a")
    store.discard(entry)
    store.discard(entry)  # twice is harmless
    assert [e.session_id for e in store.pending()] == ["b"]
    store.discard_session("b")
    store.discard_session("b")
    assert store.pending() == []


def test_corrupt_recovery_files_are_skipped_but_kept(report: Report) -> None:
    store = RecoveryStore()
    store.save("good", report, None)
    damaged = {
        "empty": b"",
        "junk": b"\xff\xd8\xff\xe0 not json",
        "half": store.path_for("good").read_bytes()[:500],
        "array": b"[]",
        "other": json.dumps({"format": "something-else", "schema_version": 1, "project": {}}).encode(),
        "newer": json.dumps({"format": "gov-report-desktop-recovery", "schema_version": 99, "project": {}}).encode(),
        "nodate": json.dumps({"format": "gov-report-desktop-recovery", "schema_version": 1, "project": {}}).encode(),
    }
    for name, data in damaged.items():
        store.path_for(name).write_bytes(data)
    assert [e.session_id for e in store.pending()] == ["good"]
    assert sorted(p.stem for p in store.unreadable()) == sorted(damaged)
    assert all(store.path_for(name).exists() for name in damaged)


def test_loading_a_recovery_file_whose_report_is_invalid_gives_a_chinese_error(report: Report) -> None:
    store = RecoveryStore()
    path = store.save("s", report, None)
    document = json.loads(path.read_bytes())
    document["project"]["report"]["values"]["t3.new.natural"] = "abc"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    [entry] = store.pending()
    with pytest.raises(ProjectFileError, match=re.escape("自动保存文件“s.govrecover”内容不符合年报格式")):
        store.load(entry)
    path.write_bytes(b"garbage")
    with pytest.raises(ProjectFileError, match="已损坏，无法恢复"):
        store.load(entry)
    assert path.read_bytes() == b"garbage"


def test_files_of_another_running_instance_are_not_offered(report: Report) -> None:
    store = RecoveryStore()
    path = store.save("live", report, None)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        rewrite(path, pid=sleeper.pid, host=socket.gethostname())
        assert store.pending() == []
    finally:
        sleeper.kill()
        sleeper.wait()
    assert [e.session_id for e in store.pending()] == ["live"]


def test_session_ids_must_be_safe_file_names(report: Report) -> None:
    store = RecoveryStore()
    for bad in ("", "../escape", "a/b", "名字", "x" * 65):
        with pytest.raises(ValueError, match="invalid recovery session id"):
            store.save(bad, report, None)
    assert new_session_id() != new_session_id()


def test_unwritable_recovery_folder_gives_a_chinese_error(tmp_path: Path, report: Report) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder should be")
    store = RecoveryStore(blocker / "recovery")
    with pytest.raises(ProjectFileError, match="无法创建自动保存文件夹"):
        store.save("s", report, None)


def test_missing_folder_means_nothing_pending(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "never-created")
    assert store.pending() == []
    assert store.unreadable() == []


def test_text_with_a_lone_surrogate_is_saved_and_recovered(report: Report) -> None:
    """A `\\udc00` escape in a loaded file becomes a lone surrogate; autosave must not crash on it."""
    report.set_text(SectionKey.OTHER, "坏字符 \udc00 之后")
    report.meta.agency = "机关\ud800"
    store = RecoveryStore()
    store.save("s", report, None)
    [entry] = store.pending()
    assert entry.agency == "机关\ud800"
    assert store.load(entry) == report
