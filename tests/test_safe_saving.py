"""Saving never loses the backup, never leaves temporaries behind, and copes with long names.

The kill -9 and disk-full trials that prove the same under real faults are in tests/faults/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage import atomic
from gov_report_desktop.storage.atomic import fit_file_name, suggested_name, temp_name_for
from gov_report_desktop.storage.lock import ProjectLock
from gov_report_desktop.storage.projectfile import ProjectFileError, backup_path, dumps_report, save_report


def report(agency: str = "某局") -> Report:
    return Report.new(2021, agency)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def saved_twice(tmp_path: Path) -> Path:
    """A project file with a .bak: the old version in the file, an older one in the backup."""
    path = tmp_path / "年报.govreport"
    save_report(report("更旧的局"), path)
    save_report(report("旧局"), path)
    return path


def test_the_backup_is_replaced_through_a_temporary(saved_twice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The .bak is never written in place: a kill mid-copy would leave half of it."""
    replaced: list[tuple[str, str]] = []
    real_replace = os.replace

    def record(source: str | Path, target: str | Path) -> None:
        replaced.append((Path(source).name, Path(target).name))
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", record)
    save_report(report("新局"), saved_twice)
    assert [target for _, target in replaced] == ["年报.govreport.bak", "年报.govreport"]
    assert all(source.startswith(".~年报") for source, _ in replaced)
    assert all(source.endswith(".tmp") for source, _ in replaced)
    assert backup_path(saved_twice).read_bytes() == dumps_report(report("旧局"))


def test_a_backup_that_cannot_be_written_stops_the_save(saved_twice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while copying the backup: old file and old backup untouched, the clerk told why."""
    old, old_backup = saved_twice.read_bytes(), backup_path(saved_twice).read_bytes()
    real_fdopen = os.fdopen
    opened: list[int] = []

    class FullDisk:
        def __init__(self, handle: int) -> None:
            self.file = real_fdopen(handle, "wb")

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *_exc: object) -> None:
            self.file.close()

        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

    def fdopen(handle: int, mode: str) -> object:
        opened.append(handle)
        return real_fdopen(handle, mode) if len(opened) == 1 else FullDisk(handle)  # the second: the backup

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)
    with pytest.raises(ProjectFileError) as caught:
        save_report(report("新局"), saved_twice)
    assert str(caught.value) == (
        "无法保存文件“年报.govreport”：备份文件（.bak）写不进去（磁盘空间不足）。"
        "原文件和原备份均未改动，请先腾出磁盘空间或另存到其他位置。"
    )
    assert saved_twice.read_bytes() == old
    assert backup_path(saved_twice).read_bytes() == old_backup
    assert temporaries(saved_twice.parent) == []


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporaries_are_removed_on_the_next_save(saved_twice: Path) -> None:
    folder = saved_twice.parent
    dead = f".~年报.govreport.{dead_pid():x}-abcd.tmp"
    dead_backup = f".~年报.govreport.bak.{dead_pid():x}-0123.tmp"
    live = f".~年报.govreport.{os.getpid():x}-beef.tmp"  # a save of a running process: not ours to remove
    other = f".~其他.govreport.{dead_pid():x}-abcd.tmp"  # another file's: left to its own next save
    foreign = ".~年报.govreport.notours.tmp"
    for name in (dead, dead_backup, live, other, foreign):
        (folder / name).write_bytes(b"x" * 100)
    save_report(report("新局"), saved_twice)
    assert temporaries(folder) == sorted([live, other, foreign])


def test_stale_temporaries_are_removed_when_the_window_opens_the_file(saved_twice: Path) -> None:
    stale = saved_twice.parent / f".~年报.govreport.{dead_pid():x}-abcd.tmp"
    stale.write_bytes(b"half a save")
    lock = ProjectLock()
    lock.try_acquire(saved_twice)
    try:
        assert not stale.exists()
    finally:
        lock.release()


@pytest.mark.parametrize("name", ["a.govreport", "年报.govreport", "年" * 81 + ".govreport", "x" * 245 + ".govreport"])
def test_temporary_names_are_never_longer_than_the_target(name: str) -> None:
    temp = temp_name_for(Path("/tmp") / name)
    assert len(temp.encode()) <= max(len(name.encode()), 24)
    assert temp.startswith(".~")
    assert temp.endswith(".tmp")


def test_names_of_up_to_255_bytes_save_and_export_in_place(tmp_path: Path) -> None:
    project = tmp_path / ("年" * 81 + "x.govreport")  # 254 bytes: no room for ".bak" after it
    docx = tmp_path / ("报" * 83 + ".docx")  # 254 bytes
    save_report(report("旧局"), project)
    save_report(report("新局"), project)
    export_report(report(), docx)
    export_report(report("新局"), docx)
    assert project.read_bytes() == dumps_report(report("新局"))
    backup = backup_path(project)
    assert backup.read_bytes() == dumps_report(report("旧局"))
    assert backup.name.endswith(".bak")
    assert len(backup.name.encode()) <= 255
    assert temporaries(tmp_path) == []


def test_names_past_the_limit_get_a_chinese_message(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError) as caught:
        save_report(report(), tmp_path / ("年" * 90 + ".govreport"))
    assert str(caught.value) == (
        f"无法保存文件“{'年' * 90}.govreport”：文件名或路径过长，系统不允许。请换一个较短的文件名或文件夹。"
    )
    deep = tmp_path.joinpath(*["目录" * 30] * 30) / "a.govreport"
    with pytest.raises(ProjectFileError) as caught:
        save_report(report(), deep)
    assert "文件名或路径过长" in str(caught.value)


def test_suggested_names_fit_and_hold_no_forbidden_characters() -> None:
    agency = "上海市/普陀区:民政局*" + "某" * 100
    name = suggested_name(f"{agency}2021年政府信息公开工作年度报告", ".docx")
    assert len(name.encode()) <= 255
    assert name.startswith("上海市_普陀区_民政局_某")
    assert name.endswith(".docx")
    assert fit_file_name("年" * 10, ".docx") == "年" * 10 + ".docx"


def test_cli_new_and_export_with_over_long_names_answer_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gov_report_desktop.cli import main

    long_name = tmp_path / ("年" * 90 + ".govreport")
    deep = tmp_path.joinpath(*["目录" * 30] * 30) / "a.docx"
    assert (
        main(["new", "--year", "2024", "-o", str(long_name)]) == 2
    )  # the one exit-code scheme: a file that cannot be written
    assert capsys.readouterr().err == (
        f"gov-report：文件名或路径过长（“{'年' * 40}…”），系统不允许。请换一个较短的文件名或文件夹。\n"
    )
    source = tmp_path / "a.govreport"
    save_report(report(), source)
    assert main(["export", str(source), "-o", str(deep)]) == 2
    assert capsys.readouterr().err.endswith(
        "gov-report：无法导出文件“a.docx”：文件名或路径过长，系统不允许。请换一个较短的文件名或文件夹。\n"
    )
