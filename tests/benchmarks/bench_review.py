"""Benchmark: the 政务公开办's review of 3,000 unit reports (a third each .govreport, .docx, .html).
Budget: ≤ 60 s wall on a 2-core machine, peak memory ≤ 500 MB (the process and its workers together),
a progress call at least every second, 取消 honoured within 1 s.

    python tests/benchmarks/bench_review.py [--files 3000] [--workers N] [--keep DIR]

Each unit gets its own name and its own 五 (text drawn from the real reports' characters, so
4-grams rarely repeat), plus 1 % of units that copied another's 五 (the 雷同 path). Reports are
generated from the shared real reports (not timed), then reviewed in this process by
`review.runner.run_review` exactly as the window and `gov-report review` call it. A second run is
cancelled a third of the way through to time 取消.

(d) The editor's keystroke budget while a review runs: the same folder reviewed by the review window
(its QThread and process pool, as the reviewer starts it) while an editor window in the same
QApplication takes a keystroke every 60 ms in 表三; each keystroke → commit → rules → repaint is timed
(budget p95 ≤ 16 ms, as bench_ui.py (b)), and the longest the event loop was busy between keystrokes
(progress, the finished table) is reported beside it. `--ui-only` runs just this part.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gov_report_desktop.domain.editions import SectionKey  # noqa: E402
from gov_report_desktop.review.runner import ReviewCancelled, ReviewRequest, run_review  # noqa: E402
from gov_report_desktop.storage.projectfile import save_report  # noqa: E402
from tests.importing.builders import build_docx, build_html, load_source  # noqa: E402
from tests.support.shared_reports import REAL_DIR, report_from_shared_json  # noqa: E402

KEYSTROKE_BUDGET_MS = 16.0  # as bench_ui.py (b)

BUDGET_S, BUDGET_MB, BUDGET_PROGRESS_S, BUDGET_CANCEL_S = 60.0, 500.0, 1.0, 1.0
BASE = "pingtan-2021"


def _problems(rng: random.Random, pool: str) -> str:
    return "。".join("".join(rng.choice(pool) for _ in range(rng.randint(20, 40))) for _ in range(8)) + "。"


def generate(folder: Path, count: int) -> None:
    rng = random.Random(15)
    source = load_source(REAL_DIR / f"{BASE}.json")
    pool = "".join(
        sorted({ch for lines in source.texts.values() for line in lines for ch in line if "\u4e00" <= ch <= "\u9fff"})
    )
    project = report_from_shared_json(REAL_DIR / f"{BASE}.json")
    texts: list[str] = []
    for number in range(count):
        agency = f"测试市第{number:04d}号单位"
        text = texts[rng.randrange(len(texts))] if texts and rng.random() < 0.01 else _problems(rng, pool)
        texts.append(text)
        target = folder / f"{number // 500:02d}" / f"{number:04d}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if number % 3 == 0:
            project.meta = project.meta.model_copy(update={"agency": agency})
            project.set_text(SectionKey.PROBLEMS, text)
            save_report(project, target.with_suffix(".govreport"), keep_backup=False)
            continue
        source.agency = agency
        source.texts = {**source.texts, SectionKey.PROBLEMS: [text]}
        if number % 3 == 1:
            build_docx(source, target.with_suffix(".docx"))
        else:
            build_html(source, target.with_suffix(".html"))


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return found


class MemorySampler(threading.Thread):
    """Peak of (this process + its worker processes) RSS, sampled every 0.2 s from /proc (Linux).
    getrusage's RUSAGE_CHILDREN is not used: a spawned child's max RSS counts the parent's pages it
    held between fork and exec, so it reports the parent's size, not the worker's."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.wait(0.2):
            self.peak = max(self.peak, _rss_mb(me) + sum(_rss_mb(child) for child in _children(me)))


class Progress:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.dones: list[int] = []
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        self.times.append(time.perf_counter())
        self.dones.append(done)
        self.done = done

    def longest_gap(self, started: float, ended: float) -> float:
        marks = [started, *self.times, ended]
        gaps = [(b - a, index) for index, (a, b) in enumerate(itertools.pairwise(marks))]
        gap, index = max(gaps)
        before = self.dones[index - 1] if index > 0 else "start"
        print(f"longest gap {gap:.2f} s after progress call {index} (files done: {before})")
        return gap


def timed_review(folder: Path, workers: int | None) -> tuple[float, float, int]:
    progress = Progress()
    started = time.perf_counter()
    review = run_review(ReviewRequest([folder], workers=workers), progress=progress)
    ended = time.perf_counter()
    similar = sum(1 for row in review.rows for f in row.findings if f.rule == "S1")
    print(f"rows {len(review.rows)}; statuses {review.counts()}; 雷同 warnings {similar}")
    return ended - started, progress.longest_gap(started, ended), len(review.rows)


def cancel_latency(folder: Path, workers: int | None, total: int) -> float:
    progress = Progress()
    pressed = threading.Event()
    pressed_at: list[float] = []

    def cancelled() -> bool:
        if not pressed.is_set() and progress.done >= total // 3:
            pressed.set()
            pressed_at.append(time.perf_counter())
        return pressed.is_set()

    try:
        run_review(ReviewRequest([folder], workers=workers), progress=progress, cancelled=cancelled)
    except ReviewCancelled:
        return time.perf_counter() - pressed_at[0]
    raise SystemExit("the review was not cancelled")


TYPING_PACE_S = 0.06  # a keystroke every 60 ms: faster than anyone types


def keystrokes_while_reviewing(folder: Path, workers: int | None) -> bool:
    """(d): True when the keystroke budget held while the review window reviewed `folder`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GOV_REPORT_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-review-ui-")
    from bench_ui import editor_on_table3, keystroke_line, p95, type_once
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gov_report_desktop.ui.review_window import ReviewWindow

    app = QApplication.instance() or QApplication([])
    # A failed review says so in a message box: printed here, where nobody could close it.
    QMessageBox.warning = staticmethod(lambda *args, **_: print("message box:", *args[1:3]))  # type: ignore[method-assign]
    editor = editor_on_table3()
    reviewer = ReviewWindow(workers=workers)
    reviewer.folders = [folder]
    reviewer.show()
    idle = [type_once(app, editor, edit) for edit in range(100)]  # warm-up, and the figure without a review
    updates: list[float] = []
    reviewer.progress.valueChanged.connect(lambda _: updates.append(time.perf_counter()))
    started = time.perf_counter()
    if not reviewer.start():
        raise SystemExit("the review window did not start the review")
    typed: list[float] = []
    busiest = 0.0  # the longest single pass of the event loop between keystrokes
    while reviewer.running:
        typed.append(type_once(app, editor, len(typed)))
        pause_until = time.perf_counter() + TYPING_PACE_S
        while time.perf_counter() < pause_until:
            began = time.perf_counter()
            app.processEvents()
            busiest = max(busiest, time.perf_counter() - began)
            time.sleep(0.002)
    wall = time.perf_counter() - started
    rows = reviewer.model.rowCount()
    moved = f"the progress bar moved {len(updates)} times ({len(updates) / wall:.1f} per second)"
    print(f"(d) review of {rows} reports in the review window: {wall:.1f} s; {moved}")
    print(f"    editor keystroke → commit → rules → repaint, no review running ({len(idle)}): {keystroke_line(idle)}")
    print(f"    the same while the review ran ({len(typed)} keystrokes): {keystroke_line(typed)}")
    print(f"    longest event-loop pass between keystrokes while the review ran: {busiest * 1000:.0f} ms")
    editor.document.undo_stack.setClean()
    reviewer.close()
    editor.close()
    return bool(typed) and rows > 0 and p95(typed) <= KEYSTROKE_BUDGET_MS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep the files")
    parser.add_argument("--ui-only", action="store_true", help="only (d): keystrokes in the editor during a review")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="review-"))
    try:
        if not any(folder.rglob("*.*")):
            started = time.perf_counter()
            generate(folder, args.files)
            print(f"generated {args.files} reports in {time.perf_counter() - started:.0f} s (not timed)")
        ok = True if args.ui_only else review_budgets(folder, args.workers)
        typing_ok = keystrokes_while_reviewing(folder, args.workers)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok and typing_ok else 1


def review_budgets(folder: Path, workers: int | None) -> bool:
    """Wall, memory, progress and 取消 of `run_review` alone (no window)."""
    sampler = MemorySampler()
    sampler.start()
    wall, gap, rows = timed_review(folder, workers)
    sampler.stopped.set()
    peak_mb = sampler.peak
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    latency = cancel_latency(folder, workers, rows)
    print(f"wall {wall:.1f} s ({wall / rows * 1000:.1f} ms per file)")
    print(
        f"peak RSS, this process and its {workers or os.cpu_count() or 1} workers together (sampled): {peak_mb:.0f} MB; "
        f"this process alone {self_mb:.0f} MB"
    )
    print(f"longest gap between progress calls {gap:.2f} s; cancel latency {latency:.2f} s")
    ok = wall <= BUDGET_S and peak_mb <= BUDGET_MB and gap <= BUDGET_PROGRESS_S and latency <= BUDGET_CANCEL_S
    print(
        f"budget: ≤ {BUDGET_S:.0f} s, ≤ {BUDGET_MB:.0f} MB, progress ≤ {BUDGET_PROGRESS_S:.0f} s, "
        f"取消 ≤ {BUDGET_CANCEL_S:.0f} s → {'OK' if ok else 'OVER BUDGET'}"
    )
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
