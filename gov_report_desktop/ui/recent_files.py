"""The start page's recent files: 机关名称 and 报告年度 of each, read cheaply and never failing.

The list itself is the 文件 → 最近打开 list (QSettings "recentFiles", kept by the main window); here each
entry is described for the start page. A project file's meta is read without validating the report
(storage.projectfile.read_meta, well under a millisecond for a 30 KB file); a published report (Word,
web page, PDF) is named by its format, since reading it would mean importing it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..documents.opening import PROJECT, format_of
from ..storage.projectfile import ProjectFileError, read_meta

MISSING = "文件不存在"
UNREADABLE = "无法读取"


@dataclass(frozen=True)
class RecentEntry:
    path: Path
    agency: str  # 机关名称, or the file's name when it cannot be read
    year: str  # "2020年度", a published report's format, or the problem (MISSING / UNREADABLE)
    problem: str = ""

    @property
    def openable(self) -> bool:
        """A missing file cannot be opened; an unreadable one can be tried (the reason is then shown)."""
        return self.problem != MISSING


def describe(path: Path) -> RecentEntry:
    try:
        present = path.is_file()
    except OSError:  # a path the system refuses to look at (too long, bad characters) is as good as gone
        present = False
    if not present:
        return RecentEntry(path, path.name, MISSING, MISSING)
    fmt = format_of(path)
    if fmt is not None and fmt.kind != PROJECT:
        return RecentEntry(path, path.stem, f"已发布的年报（{fmt.name}）")
    try:
        meta = read_meta(path)
    except ProjectFileError:
        return RecentEntry(path, path.name, UNREADABLE, UNREADABLE)
    year = f"{meta.year}年度" if meta.year_stated else "年度未写明"
    return RecentEntry(path, meta.agency or f"（未填写机关名称）{path.name}", year)
