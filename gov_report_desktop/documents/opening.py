"""One way to read any report file: a project file, or a published report imported on the fly.

    opened = open_report(Path("淮安市2024年报.docx"))
    opened.report   # the Report
    opened.issues   # what the import did not understand ([] for a project file)
    opened.kind     # "project", "docx", "html", "pdf"

The CLI (`check`, `export`), the window's 打开 and start-up, and the background import job all call
`open_report`, so they accept, refuse and explain the same files in the same words. `FORMATS` is the one
list of what is read and what is refused: adding a format is one entry here (plus, for a published
format, its block reader in `importing`). Cheap to import: the Word/HTML readers load on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..storage.projectfile import FILE_SUFFIX, ProjectFileError, load_report

if TYPE_CHECKING:
    from ..domain.model import Report
    from .importing import ImportIssue

PROJECT = "project"


@dataclass(frozen=True)
class FileFormat:
    kind: str  # "project", or the importer's source kind ("docx", "html" …)
    name: str  # how the clerk calls it, for dialogs and messages
    suffixes: tuple[str, ...]
    refusal: str = ""  # non-empty: a published format not read yet; {suffix} and {name} are filled in

    @property
    def readable(self) -> bool:
        return not self.refusal

    @property
    def imported(self) -> bool:
        """Read by the importer (a published report), as opposed to a project file."""
        return self.readable and self.kind != PROJECT

    @property
    def patterns(self) -> str:
        return " ".join(f"*{suffix}" for suffix in self.suffixes)


_SAVE_AS_FIRST = (
    "暂不支持直接读取 {suffix} 文件（“{name}”）。请先另存为 Word 文档（.docx）、网页（.html）或 PDF 后再打开或检查。"
)

FORMATS: tuple[FileFormat, ...] = (
    FileFormat(PROJECT, "年报项目文件", (FILE_SUFFIX,)),
    FileFormat("docx", "Word 文档", (".docx",)),
    FileFormat("html", "网页", (".html", ".htm", ".shtml", ".xhtml")),
    FileFormat("pdf", "PDF 文件", (".pdf",)),
    FileFormat("doc", "旧版 Word 或 WPS 文档", (".doc", ".wps"), refusal=_SAVE_AS_FIRST),
)
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}


def format_of(path: Path) -> FileFormat | None:
    """The format a file's name says it is; None for a name we do not know (read as a project file)."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def is_imported(path: Path) -> bool:
    """True for a published report the importer reads (worth reading off the UI thread)."""
    fmt = format_of(path)
    return fmt is not None and fmt.imported


def imported_suffixes() -> dict[str, str]:
    """Suffix → source kind of every published format the importer reads."""
    return {suffix: fmt.kind for fmt in FORMATS if fmt.imported for suffix in fmt.suffixes}


def published_patterns() -> str:
    """`*.docx *.html …`: the published reports a file dialog offers."""
    return " ".join(fmt.patterns for fmt in FORMATS if fmt.imported)


class ReportOpenError(ProjectFileError):
    """A file that cannot be read as a report; str() is the Chinese reason."""


@dataclass
class OpenedReport:
    report: Report
    issues: list[ImportIssue]
    kind: str

    @property
    def is_project(self) -> bool:
        return self.kind == PROJECT


def open_report(path: Path) -> OpenedReport:
    """Read `path` as whatever report file it is. Raises ReportOpenError (Chinese message): never a
    traceback for a damaged, hostile or unsupported file."""
    path = Path(path)
    fmt = format_of(path)
    if fmt is not None and not fmt.readable:
        raise ReportOpenError(fmt.refusal.format(suffix=path.suffix.lower(), name=path.name))
    if fmt is None or fmt.kind == PROJECT:  # an unknown name is tried as a project file: its reader explains
        try:
            return OpenedReport(load_report(path), [], PROJECT)
        except ProjectFileError as error:
            raise ReportOpenError(str(error)) from error
    try:
        from .importing import ReportImportError, import_report
    except ImportError as error:  # the importer is missing from this build
        raise ReportOpenError(f"本版本缺少导入已发布年报的功能：{error}") from error
    try:
        result = import_report(path)
    except ReportImportError as error:
        raise ReportOpenError(str(error)) from error
    return OpenedReport(result.report, result.issues, result.source_kind)
