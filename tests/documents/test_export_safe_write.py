"""Writing the .docx: temp file + replace; a locked, read-only or missing target leaves everything as it was.

Windows refuses `os.replace` onto a file Word or WPS holds open (PermissionError); that is simulated
by making `os.replace` raise. Real read-only files and folders are used where the test does not run
as root (root may write anyway); a simulated refusal covers the same path everywhere.
"""

from __future__ import annotations

import os
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from gov_report_desktop.documents import export_docx
from gov_report_desktop.documents.export_docx import ExportError, export_report
from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO

OLD = b"the clerk's previous export"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(PUTUO)


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_a_valid_docx_and_replaces_an_old_one(tmp_path: Path, report: Report) -> None:
    target = tmp_path / "年报.docx"
    target.write_bytes(OLD)
    export_report(report, target)
    assert zipfile.is_zipfile(target)
    assert folder_listing(tmp_path) == ["年报.docx"]  # no temp file, no backup clutter


def test_locked_target_gives_the_chinese_message_and_keeps_the_old_file(
    tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "年报.docx"
    target.write_bytes(OLD)

    def locked(source: object, destination: object) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as caught:
        export_report(report, target)
    message = str(caught.value)
    assert "文件“年报.docx”正在被 Word 或 WPS 打开，或为只读。请关闭后重试，或另存为其他文件名。" in message
    assert target.read_bytes() == OLD
    assert folder_listing(tmp_path) == ["年报.docx"]


@pytest.mark.skipif(IS_ROOT or os.name != "posix", reason="root may write read-only files")
def test_read_only_target_file(tmp_path: Path, report: Report) -> None:
    target = tmp_path / "年报.docx"
    target.write_bytes(OLD)
    target.chmod(stat.S_IRUSR)
    try:
        with pytest.raises(ExportError, match="只读"):
            export_report(report, target)
        assert target.read_bytes() == OLD
        assert folder_listing(tmp_path) == ["年报.docx"]
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_target_reported_read_only(tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "年报.docx"
    target.write_bytes(OLD)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == target else real_access(p, mode))
    with pytest.raises(ExportError, match="或为只读"):
        export_report(report, target)
    assert target.read_bytes() == OLD
    assert folder_listing(tmp_path) == ["年报.docx"]


@pytest.mark.skipif(IS_ROOT or os.name != "posix", reason="root may write into read-only folders")
def test_read_only_folder(tmp_path: Path, report: Report) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    (folder / "年报.docx").write_bytes(OLD)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError, match="没有写入文件夹"):
            export_report(report, folder / "年报.docx")
        assert (folder / "年报.docx").read_bytes() == OLD
    finally:
        folder.chmod(stat.S_IRWXU)
    assert folder_listing(folder) == ["年报.docx"]


def test_folder_refusing_new_files(tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse_new_files(path: object, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_new_files)
    with pytest.raises(ExportError, match="没有写入文件夹"):
        export_report(report, tmp_path / "年报.docx")
    assert folder_listing(tmp_path) == []


def test_missing_folder(tmp_path: Path, report: Report) -> None:
    with pytest.raises(ExportError, match="不存在"):
        export_report(report, tmp_path / "不存在的文件夹" / "年报.docx")
    assert folder_listing(tmp_path) == []


def test_target_is_a_folder(tmp_path: Path, report: Report) -> None:
    (tmp_path / "年报.docx").mkdir()
    with pytest.raises(ExportError, match="是一个文件夹"):
        export_report(report, tmp_path / "年报.docx")


def test_disk_full_while_writing_removes_the_temp_file(
    tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "年报.docx"
    target.write_bytes(OLD)

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="原有文件未改动"):
        export_report(report, target)
    assert target.read_bytes() == OLD
    assert folder_listing(tmp_path) == ["年报.docx"]


def test_a_failure_while_building_leaves_the_target_untouched(
    tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "年报.docx"
    target.write_bytes(OLD)

    def broken(report: Report) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(export_docx, "_build", broken)
    with pytest.raises(ExportError, match="生成Word文档时出错"):
        export_report(report, target)
    assert target.read_bytes() == OLD
    assert folder_listing(tmp_path) == ["年报.docx"]


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_new_file_gets_ordinary_permissions(tmp_path: Path, report: Report) -> None:
    target = tmp_path / "年报.docx"
    export_report(report, target)
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_exports_in_parallel_threads_do_not_interfere(tmp_path: Path) -> None:
    """The window exports off the UI thread; two exports at once must both succeed intact."""
    reports = [load_report(PUTUO), load_report(HUAIAN)] * 2
    errors: list[BaseException] = []

    def run(index: int, item: Report) -> None:
        try:
            export_report(item, tmp_path / f"{index}.docx")
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(reports)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for index, item in enumerate(reports):
        with zipfile.ZipFile(tmp_path / f"{index}.docx") as archive:
            assert item.meta.agency in archive.read("word/document.xml").decode("utf-8")
