"""Fault trials: kill -9 during saves and exports, and saves on a full disk. Nothing may be lost.

    .venv/bin/python tests/faults/fault_trial.py [--trials 200] [--seed S] [--folder DIR]

Kill trials: a forked child saves a ~3 MB report in a loop (two alternating versions, keeping the
`.bak`), or exports the Putuo example to Word in a loop, and is killed with SIGKILL at a random
moment (uniform over three save durations, so every phase is hit). After each kill the target must be
one complete known version, the `.bak` one complete known version, and the next save must leave no
temporary file behind.

Disk-full trials (Linux, as root): a small tmpfs is mounted, filled to leave 0, 4, 8, … 96 KB free,
and a 12 KB report is saved over a 30 KB one whose `.bak` holds 8 or 30 KB, and a Word file exported
over an older one. Each save either succeeds completely (target new, `.bak` the old target) or fails
with a Chinese message leaving target and `.bak` exactly as they were; no temporary file may remain.
Skipped, with the reason, where tmpfs cannot be mounted.

Prints one line per kind: trials, target intact, backup intact, orphans left. Exit status 1 when any
trial lost something. Takes a few minutes; not part of the default test run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gov_report_desktop.documents.export_docx import ExportError, export_report  # noqa: E402
from gov_report_desktop.domain.editions import SectionKey  # noqa: E402
from gov_report_desktop.domain.model import Report  # noqa: E402
from gov_report_desktop.storage.projectfile import (  # noqa: E402
    ProjectFileError,
    backup_path,
    dumps_report,
    load_report,
    save_report,
)

PUTUO = ROOT / "resources" / "examples" / "putuo-minzheng-2020.govreport"


@dataclass
class Tally:
    kind: str
    trials: int = 0
    target_intact: int = 0
    backup_intact: int = 0
    backup_applies: bool = True
    orphans_seen: int = 0  # temporaries counted right after each kill, summed
    orphans_left: int = 0  # temporaries still there after the next save
    refused: int = 0  # disk full: saves that raised
    failures_reported: int = 0  # … of which with the Chinese "disk full" message

    def ok(self) -> bool:
        backup_ok = not self.backup_applies or self.backup_intact == self.trials
        all_told = self.failures_reported == self.refused
        return (
            self.trials > 0 and self.target_intact == self.trials and backup_ok and self.orphans_left == 0 and all_told
        )

    def line(self) -> str:
        backup = f"{self.backup_intact}/{self.trials}" if self.backup_applies else "—（导出不留备份）"
        if self.refused:
            extra = f"；{self.refused} 次拒绝保存（{self.failures_reported} 次提示“磁盘空间不足”），其余保存成功"
        else:
            extra = f"（每次杀死后数到的临时文件合计 {self.orphans_seen} 个，最后一次保存后剩余的才算残留）"
        return (
            f"{self.kind}：试验 {self.trials} 次，目标文件完好 {self.target_intact}/{self.trials}，"
            f"备份完好 {backup}，残留临时文件 {self.orphans_left}{extra}"
        )


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".~") and p.name.endswith(".tmp")]


def big_report(marker: str, megabytes: float = 3.0) -> Report:
    report = Report.new(2021, f"试验局{marker}")
    line = f"{marker}这是用于断电试验的一段很长的正文，用来让保存花上足够的时间。\n"
    report.texts[SectionKey.OVERVIEW] = line * int(megabytes * 1024 * 1024 / len(line.encode("utf-8")))
    return report


# -- kill -9 trials ------------------------------------------------------------------------------


def kill_during(loop: Callable[[], None], window: float, rng: random.Random) -> None:
    """Fork a child running `loop` forever, SIGKILL it after a random time, reap it."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            loop()
        finally:
            os._exit(0)
    time.sleep(rng.uniform(0.0, window))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)  # reaped: its pid no longer counts as a live process


def save_trials(folder: Path, trials: int, rng: random.Random) -> Tally:
    tally = Tally("kill -9 保存中（3 MB 项目文件）")
    target = folder / "断电试验.govreport"
    versions = [big_report("甲"), big_report("乙")]
    known = {dumps_report(v) for v in versions}
    save_report(versions[0], target)
    save_report(versions[1], target)  # now the .bak exists as well
    started = time.perf_counter()
    save_report(versions[0], target)
    window = 3 * (time.perf_counter() - started)

    def loop() -> None:
        while True:
            for version in versions:
                save_report(version, target)

    for _ in range(trials):
        kill_during(loop, window, rng)
        tally.trials += 1
        tally.target_intact += target.read_bytes() in known
        tally.backup_intact += backup_path(target).read_bytes() in known
        tally.orphans_seen += len(temporaries(folder))
    save_report(versions[0], target)  # the next save cleans up after the killed ones
    tally.orphans_left = len(temporaries(folder))
    return tally


def docx_marker(path: Path) -> str | None:
    """The marker in the exported agency name, when `path` is a complete Word file."""
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                return None
            body = archive.read("word/document.xml").decode("utf-8")
    except (OSError, zipfile.BadZipFile, KeyError, EOFError, UnicodeDecodeError):
        return None
    return next((marker for marker in ("甲", "乙") if f"试验局{marker}" in body), None)


def export_trials(folder: Path, trials: int, rng: random.Random) -> Tally:
    tally = Tally("kill -9 导出中（普陀区民政局年报）", backup_applies=False)
    target = folder / "断电试验.docx"
    versions = []
    for marker in ("甲", "乙"):
        report = load_report(PUTUO)
        report.meta.agency = f"试验局{marker}"
        versions.append(report)
    export_report(versions[0], target)
    started = time.perf_counter()
    export_report(versions[1], target)
    window = 3 * (time.perf_counter() - started)

    def loop() -> None:
        while True:
            for version in versions:
                export_report(version, target)

    for _ in range(trials):
        kill_during(loop, window, rng)
        tally.trials += 1
        tally.target_intact += docx_marker(target) is not None
        tally.orphans_seen += len(temporaries(folder))
    export_report(versions[0], target)
    tally.orphans_left = len(temporaries(folder))
    return tally


# -- disk full -----------------------------------------------------------------------------------


def mount_tmpfs(size_kb: int) -> tuple[Path | None, str]:
    """A fresh tmpfs of `size_kb`, or None and the reason it could not be mounted."""
    if not sys.platform.startswith("linux"):
        return None, "只在 Linux 上试验"
    if os.geteuid() != 0:
        return None, "需要 root 权限才能挂载 tmpfs"
    mount_point = Path(tempfile.mkdtemp(prefix="fault-tmpfs-"))
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        mount_point.rmdir()
        return None, f"无法挂载 tmpfs（{result.stderr.strip() or result.returncode}）"
    return mount_point, ""


def unmount(mount_point: Path) -> None:
    subprocess.run(["umount", str(mount_point)], check=False)
    with contextlib.suppress(OSError):
        mount_point.rmdir()


def fill_leaving(folder: Path, free_kb: int) -> None:
    """Fill the file system so that about `free_kb` KB stay free."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        with contextlib.suppress(OSError):  # unbuffered: the write that finds the disk full just fails
            while True:
                os.write(handle, b"\0" * 4096)
        stat = os.statvfs(folder)
        free = stat.f_bavail * stat.f_frsize
        os.ftruncate(handle, max(0, os.fstat(handle).st_size - free_kb * 1024 + free))
    finally:
        os.close(handle)


def report_of_size(kilobytes: int, marker: str) -> Report:
    return big_report(marker, kilobytes / 1024)


def disk_full_save(mount_point: Path, free_kb: int, tally: Tally, backup_kb: int) -> None:
    old, older, new = report_of_size(30, "旧"), report_of_size(backup_kb, "更旧"), report_of_size(12, "新")
    target = mount_point / "磁盘已满.govreport"
    save_report(older, target)
    save_report(old, target)  # the .bak now holds `older`
    old_bytes, backup_bytes = target.read_bytes(), backup_path(target).read_bytes()
    fill_leaving(mount_point, free_kb)
    tally.trials += 1
    try:
        save_report(new, target)
    except ProjectFileError as error:
        tally.refused += 1
        tally.failures_reported += "磁盘空间不足" in str(error)
        tally.target_intact += target.read_bytes() == old_bytes
        tally.backup_intact += backup_path(target).read_bytes() == backup_bytes
    else:
        tally.target_intact += target.read_bytes() == dumps_report(new)
        tally.backup_intact += backup_path(target).read_bytes() == old_bytes
    tally.orphans_left += len(temporaries(mount_point))


def disk_full_export(mount_point: Path, free_kb: int, tally: Tally) -> None:
    report = load_report(PUTUO)
    target = mount_point / "磁盘已满.docx"
    report.meta.agency = "试验局甲"
    export_report(report, target)
    fill_leaving(mount_point, free_kb)
    report.meta.agency = "试验局乙"
    tally.trials += 1
    try:
        export_report(report, target)
    except ExportError as error:
        tally.refused += 1
        tally.failures_reported += "磁盘空间不足" in str(error)
        tally.target_intact += docx_marker(target) == "甲"
    else:
        tally.target_intact += docx_marker(target) == "乙"
    tally.orphans_left += len(temporaries(mount_point))


def disk_full_trials() -> list[Tally] | str:
    save_tally = Tally("磁盘已满时保存（30 KB 项目覆盖为 12 KB，原备份 8 或 30 KB，剩余 0–96 KB）")
    export_tally = Tally("磁盘已满时导出（剩余 0–96 KB）", backup_applies=False)
    trials: list[Callable[[Path, int], None]] = [
        lambda folder, free: disk_full_save(folder, free, save_tally, backup_kb=8),
        lambda folder, free: disk_full_save(folder, free, save_tally, backup_kb=30),
        lambda folder, free: disk_full_export(folder, free, export_tally),
    ]
    for free_kb in range(0, 97, 4):
        for trial in trials:
            mount_point, reason = mount_tmpfs(256)
            if mount_point is None:
                return reason
            try:
                trial(mount_point, free_kb)
            finally:
                unmount(mount_point)
    return [save_tally, export_tally]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--trials", type=int, default=200, help="kill -9 trials per kind (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--folder", type=Path, default=None, help="where to run the kill trials (default: a temp dir)")
    parser.add_argument(
        "--no-disk-full", action="store_true", help="skip the disk-full trials (the test suite's smoke run)"
    )
    args = parser.parse_args()
    if not hasattr(os, "fork"):
        print("kill -9 试验需要 os.fork（Linux/macOS）。", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    print(f"随机种子 {seed}")
    tallies: list[Tally] = []
    with tempfile.TemporaryDirectory(dir=args.folder) as temp:
        folder = Path(temp)
        for trials in (save_trials, export_trials):
            tallies.append(trials(folder, args.trials, rng))
            print(tallies[-1].line(), flush=True)
    disk = "按 --no-disk-full 跳过" if args.no_disk_full else disk_full_trials()
    if isinstance(disk, str):
        print(f"磁盘已满试验：跳过（{disk}）")
    else:
        for tally in disk:
            tallies.append(tally)
            print(tally.line())
    failed = [t.kind for t in tallies if not t.ok()]
    print("结果：" + ("全部完好。" if not failed else "有损失：" + "、".join(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
