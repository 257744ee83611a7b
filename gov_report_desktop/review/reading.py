"""Finding the report files under folders and reading one of them (run in a worker process).

What a worker sends back is a `ReadReport`: the report (pydantic, pickles) and its findings without
last year's checks, or the Chinese reason the file could not be read. Formats come from
documents/opening.py's FORMATS only, so a format the app learns to read (PDF) is reviewed too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..documents.opening import FORMATS, PROJECT, ReportOpenError, open_report
from ..domain.model import Report
from ..domain.rules import Finding, evaluate

# Rules that compare with last year: re-run in the parent once last year's report is matched.
YEAR_RULES = ("P1", "P2", "T6")


def report_suffixes() -> frozenset[str]:
    """Suffixes of every readable format (unreadable ones such as .doc are still listed, to say why)."""
    return frozenset(suffix for fmt in FORMATS for suffix in fmt.suffixes)


def readable_suffixes() -> frozenset[str]:
    """Suffixes of the formats the app reads (what a reviewer may drop onto the review window)."""
    return frozenset(suffix for fmt in FORMATS if fmt.readable for suffix in fmt.suffixes)


def sort_dropped(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(reviewed, refused): folders and files of a readable format are reviewed; any other file, or a
    path that no longer exists, is refused so the reviewer is told which ones were left out."""
    suffixes = readable_suffixes()
    reviewed: list[Path] = []
    refused: list[Path] = []
    for path in paths:
        fits = path.is_dir() or (path.is_file() and path.suffix.lower() in suffixes)
        (reviewed if fits else refused).append(path)
    return reviewed, refused


def refusal_text(refused: Sequence[Path]) -> str:
    """Which dropped files were left out, and what can be reviewed (from FORMATS)."""
    names = "、".join(f"“{path.name}”" for path in refused[:5])
    if len(refused) > 5:
        names += f"等 {len(refused)} 个文件"
    kinds = "、".join(f"{fmt.name}（{'、'.join(fmt.suffixes)}）" for fmt in FORMATS if fmt.readable)
    return f"以下文件不是可审核的年报，未加入审核：{names}。可审核的是{kinds}，以及包含这些文件的文件夹。"


def find_report_files(paths: Iterable[Path]) -> list[Path]:
    """Files given directly, and every report file under the folders given (sub-folders included),
    sorted so a review reads in the same order each time. Hidden files and Office lock files (~$x.docx)
    are skipped."""
    suffixes = report_suffixes()
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += (p for p in _walk(path) if p.suffix.lower() in suffixes)
        else:
            found.append(path)
    return sorted(dict.fromkeys(found), key=lambda p: str(p))


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith((".", "~$")):
                yield Path(root, name)


@dataclass
class ReadReport:
    path: Path
    modified: float  # mtime, to tell which of two files for one unit is newer
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    kind: str = ""
    reason: str = ""  # why the file could not be read

    @property
    def ok(self) -> bool:
        return self.report is not None


def read_one(path: Path) -> ReadReport:
    """Read and check one file; never raises (a worker must not die on a hostile file)."""
    try:
        modified = path.stat().st_mtime
    except OSError:
        modified = 0.0
    try:
        opened = open_report(path)
    except ReportOpenError as error:
        return ReadReport(path, modified, reason=str(error))
    except Exception as error:  # one bad file must not stop a review of thousands
        return ReadReport(path, modified, reason=f"读取时出现意外错误（{type(error).__name__}）")
    report = opened.report
    return ReadReport(path, modified, report, evaluate(report), opened.kind)


def read_batch(paths: list[Path]) -> list[ReadReport]:
    return [read_one(path) for path in paths]


def is_project(read: ReadReport) -> bool:
    return read.kind == PROJECT
