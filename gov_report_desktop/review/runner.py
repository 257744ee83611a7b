"""Reading thousands of files on every core, with progress and cancellation.

Files go to a process pool in small batches (a docx takes ~20–50 ms to read and check), at most a few
batches per worker in flight, so 取消 stops within about one batch and memory stays bounded. Workers
are spawned, not forked: forking a process that runs Qt threads is unsafe, and spawn is what Windows
does anyway.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .assemble import Review, assemble
from .reading import ReadReport, find_report_files, read_batch, read_one

Progress = Callable[[int, int], None]  # (files done, files in all)
Cancelled = Callable[[], bool]

BATCH = 4
PROGRESS_INTERVAL = 0.25  # seconds between progress calls while files are being read
WORKER_NICENESS = 10  # added to the workers' niceness (Unix): the window comes first
SERIAL_BELOW = 24  # fewer files are read in this process: starting workers would cost more


log = logging.getLogger(__name__)


class ReviewCancelled(Exception):
    """The reviewer pressed 取消; nothing is returned."""


@dataclass(frozen=True)
class ReviewRequest:
    folders: Sequence[Path]
    previous: Sequence[Path] = ()
    roster: Sequence[str] | None = None
    workers: int | None = None  # None: one per core


def run_review(request: ReviewRequest, progress: Progress | None = None, cancelled: Cancelled | None = None) -> Review:
    files = find_report_files(request.folders)
    previous_files = find_report_files(request.previous) if request.previous else []
    reads = read_files([*files, *previous_files], progress, cancelled, request.workers)
    total = len(reads)
    last = [time.monotonic()]

    def tick() -> None:
        """Keeps the progress bar alive (and 取消 honoured) while the review is put together."""
        if cancelled is not None and cancelled():
            raise ReviewCancelled
        if progress is not None and time.monotonic() - last[0] >= PROGRESS_INTERVAL:
            last[0] = time.monotonic()
            progress(total, total)

    return assemble(reads[: len(files)], reads[len(files) :], request.roster, tick)


def read_files(
    paths: Sequence[Path],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    workers: int | None = None,
) -> list[ReadReport]:
    """Every file read and checked, in the order given. Raises ReviewCancelled."""
    report = progress or (lambda done, total: None)
    stop = cancelled or (lambda: False)
    workers = max(1, workers or os.cpu_count() or 1)
    if workers == 1 or len(paths) < SERIAL_BELOW:
        return _read_here(paths, report, stop)
    try:
        return _read_in_pool(paths, report, stop, workers)
    except BrokenProcessPool:  # a worker was killed (out of memory, antivirus): slower, but finished
        log.warning("review: the process pool broke; reading the files in this process")
        return _read_here(paths, report, stop)


def _read_here(paths: Sequence[Path], progress: Progress, cancelled: Cancelled) -> list[ReadReport]:
    reads: list[ReadReport] = []
    progress(0, len(paths))
    for path in paths:
        if cancelled():
            raise ReviewCancelled
        reads.append(read_one(path))
        progress(len(reads), len(paths))
    return reads


def _read_in_pool(paths: Sequence[Path], progress: Progress, cancelled: Cancelled, workers: int) -> list[ReadReport]:
    batches = [list(paths[i : i + BATCH]) for i in range(0, len(paths), BATCH)]
    results: list[list[ReadReport] | None] = [None] * len(batches)
    pool = worker_pool(workers)
    pending: dict[Future[list[ReadReport]], int] = {}
    next_batch = done = 0
    try:
        _start_workers(pool, progress, cancelled, len(paths))
        while next_batch < len(batches) or pending:
            while next_batch < len(batches) and len(pending) < workers * 3:
                pending[pool.submit(read_batch, batches[next_batch])] = next_batch
                next_batch += 1
            finished, _ = wait(pending, timeout=PROGRESS_INTERVAL, return_when=FIRST_COMPLETED)
            for future in finished:
                index = pending.pop(future)
                results[index] = [_compact(read) for read in future.result()]
                done += len(batches[index])
            if cancelled():
                raise ReviewCancelled
            progress(done, len(paths))
    finally:
        _stop(pool)
    return [read for batch in results if batch is not None for read in batch]


def worker_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_yield_to_the_window
    )


def _yield_to_the_window() -> None:
    """Workers run at a lower priority: with one per core they would otherwise take the CPU from the
    window's thread, and the clerk's typing would stutter while a review runs (bench_review.py (d)).
    The price: on a machine busy with other programs, the review yields to them too and takes longer."""
    if hasattr(os, "nice"):  # not on Windows, where the pool's processes keep normal priority
        try:
            os.nice(WORKER_NICENESS)
        except OSError:
            log.debug("review: the workers' priority could not be lowered", exc_info=True)


def _start_workers(pool: ProcessPoolExecutor, progress: Progress, cancelled: Cancelled, total: int) -> None:
    """Spawning the workers (a fresh interpreter each, importing the readers) takes a second or more on
    a busy machine, inside the first `submit`: done on a helper thread while this one keeps reporting
    progress and watching for 取消."""

    def start() -> None:
        try:
            pool.submit(os.getpid).result()
        except Exception:  # a broken pool shows again on the first real batch, which falls back
            log.warning("review: the workers did not start", exc_info=True)

    ready = threading.Thread(target=start, daemon=True)
    ready.start()
    while True:
        progress(0, total)
        ready.join(PROGRESS_INTERVAL)
        if not ready.is_alive():
            return
        if cancelled():
            raise ReviewCancelled


def _compact(read: ReadReport) -> ReadReport:
    """Cell ids arrive from a worker as new strings in every report; one shared copy of each keeps
    thousands of reports tens of megabytes smaller."""
    if read.report is not None:
        values = read.report.values
        read.report.values = {sys.intern(key): value for key, value in values.items()}
    return read


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool without waiting for a batch in progress (its result is not wanted)."""
    pool.shutdown(wait=False, cancel_futures=True)
