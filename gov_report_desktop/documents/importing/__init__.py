"""Import published reports (.docx, saved .html pages, PDFs with a text layer) into the report model.

    result = import_report(Path("淮安市2024年报.docx"))
    result.report   # the Report, numbers exactly as published (totals not recomputed)
    result.issues   # everything that was not understood, with its location and original text

A file that cannot be read at all raises `ReportImportError`, whose str() is the Chinese message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from gov_report_desktop.domain.editions import Edition, SectionKey, edition_for_year, get_edition
from gov_report_desktop.domain.model import Report, ReportMeta, StructureNote
from gov_report_desktop.domain.values import CellValue, Unreadable, format_value, parse_cell_text

from ..opening import imported_suffixes
from .docx_reader import read_docx
from .html_reader import read_html
from .pdf_reader import PdfNote, read_pdf
from .prose import Prose, read_prose
from .safety import ReportImportError
from .table_reader import Observation, TableReading, choose_edition, is_blank_marker, read_tables
from .tables import Block, Grid, Paragraph

log = logging.getLogger(__name__)
SUFFIXES = imported_suffixes()  # the formats list in documents/opening.py says what is read
IMPORT_SUFFIXES = tuple(SUFFIXES)
FIRST_YEAR, LAST_YEAR = 1990, 2200  # what ReportMeta accepts


@dataclass(frozen=True)
class ImportIssue:
    """Something in the file that was not understood or not taken over as printed."""

    where: str
    text: str
    message: str

    def __str__(self) -> str:
        text = f"「{self.text}」" if self.text else ""
        return f"{self.where}{text}：{self.message}"


@dataclass
class ImportResult:
    report: Report
    issues: list[ImportIssue]
    source_kind: str  # "docx" / "html" / "pdf"


_READERS = {"docx": read_docx, "html": read_html}


def source_kind(path: Path) -> str | None:
    return SUFFIXES.get(path.suffix.lower())


def import_report(path: Path) -> ImportResult:
    path = Path(path)
    kind = source_kind(path)
    if kind is None:
        raise ReportImportError(
            f"无法导入「{path.name}」：只支持 Word 文档（.docx）、网页（.html/.htm）和PDF（.pdf）。"
        )
    try:
        notes: list[PdfNote] = []
        blocks = _READERS[kind](path) if kind != "pdf" else read_pdf(path, notes)
        report, issues = _assemble(blocks, path.name)
        issues[:0] = [ImportIssue(note.where, note.text, note.message) for note in notes]
        return ImportResult(report, issues, source_kind=kind)
    except ReportImportError:
        raise
    except (RecursionError, MemoryError) as exc:
        log.warning("import of %s: %s", path, type(exc).__name__)
        raise ReportImportError(f"「{path.name}」结构过于复杂（嵌套过深或过大），无法导入。") from exc
    except Exception as exc:  # a file we did not foresee must still give the clerk a message, not a crash
        log.exception("unexpected error importing %s", path)
        raise ReportImportError(f"导入「{path.name}」时遇到无法处理的内容（{type(exc).__name__}），未能导入。") from exc


def _assemble(blocks: list[Block], name: str) -> tuple[Report, list[ImportIssue]]:
    issues: list[ImportIssue] = []
    prose = read_prose([b.text for b in blocks if isinstance(b, Paragraph)])
    grids = [b for b in blocks if isinstance(b, Grid)]
    reading = read_tables(grids)
    if not prose.texts and not reading.observations:
        raise ReportImportError(f"「{name}」中没有找到政府信息公开工作年度报告的章节或统计表格，无法导入。")
    year = _year(prose, issues, name)
    edition = get_edition(choose_edition(reading, edition_for_year(year).key)[0])
    _note_edition(edition, year, issues)
    meta = ReportMeta(
        agency=prose.agency,
        year=year,
        edition=edition.key,
        edition_explicit=edition.key != edition_for_year(year).key,
        preamble=prose.preamble,
    )
    report = Report(meta=meta)
    for key, text in prose.texts.items():
        report.texts[key] = text
    _note_prose(prose, issues)
    _fill_values(report, reading, issues)
    _note_missing_tables(report, reading, issues)
    return report, issues


def _year(prose: Prose, issues: list[ImportIssue], name: str) -> int:
    if prose.year is None:
        raise ReportImportError(f"「{name}」的标题和正文中都没有找到报告年度（如“2024年”），无法导入。")
    if not FIRST_YEAR <= prose.year <= LAST_YEAR:
        raise ReportImportError(f"「{name}」中识别出的报告年度 {prose.year} 年不合理，无法导入。")
    if prose.year_source != "title":
        how = "正文的统计期限" if prose.year_source == "period" else "正文中出现最多的年份"
        issues.append(ImportIssue("标题", prose.title, f"标题中没有年度，报告年度按{how}定为{prose.year}年，请核对。"))
    if not prose.agency:
        issues.append(ImportIssue("标题", prose.title, "没有从标题中识别出机关名称，请在报告信息中填写。"))
    return prose.year


def _note_edition(edition: Edition, year: int, issues: list[ImportIssue]) -> None:
    expected = edition_for_year(year)
    if expected.key != edition.key:
        issues.append(
            ImportIssue(
                "统计表格",
                "",
                f"表格按{edition.name}印制，但{year}年度应使用{expected.name}；已按表格实际格式导入，检查将报告此问题。",
            )
        )


def _note_prose(prose: Prose, issues: list[ImportIssue]) -> None:
    for key in (SectionKey.OVERVIEW, SectionKey.PROBLEMS, SectionKey.OTHER):
        if key not in prose.texts:
            issues.append(ImportIssue("正文", "", f"没有找到“{_HEADINGS[key]}”部分的标题，该部分内容为空。"))


_HEADINGS = {
    SectionKey.OVERVIEW: "一、总体情况",
    SectionKey.PROBLEMS: "五、存在的主要问题及改进情况",
    SectionKey.OTHER: "六、其他需要报告的事项",
}


def _fill_values(report: Report, reading: TableReading, issues: list[ImportIssue]) -> None:
    edition = report.edition
    foreign: dict[tuple[int, int], list[Observation]] = {}
    for observation in reading.observations:
        combos = observation.combos(edition.key)
        if not combos:
            foreign.setdefault((observation.table_number, observation.row_index), []).append(observation)
            continue
        _, table, row, column = combos[0]
        _store(report, edition.table(table).cell_id(row, column), observation, issues)
    for row_observations in foreign.values():
        _note_foreign_row(report, row_observations, issues)
    for skipped in reading.skipped:
        issues.append(ImportIssue(skipped.where, skipped.text, skipped.reason))


def _store(report: Report, cell_id: str, observation: Observation, issues: list[ImportIssue]) -> None:
    ref = report.edition.cell(cell_id)
    where = ref.describe()
    text = observation.text.strip()
    if is_blank_marker(text):
        issues.append(ImportIssue(where, text, "以符号代替数字，按未填写处理（没有补 0）。"))
        return
    parsed = parse_cell_text(text, ref.column)
    value: CellValue | None = parsed.value
    if not parsed.ok:
        value = Unreadable(raw=text)
        issues.append(ImportIssue(where, text, f"不是有效数字，已按原文保留：{parsed.error}"))
    if value is None:
        return
    previous = report.values.get(cell_id)
    if previous is not None:
        if previous != value:
            issues.append(
                ImportIssue(
                    where, text, f"该单元格在文件中出现多次且数值不同，保留先出现的「{format_value(previous)}」。"
                )
            )
        return
    report.values[cell_id] = value


def _note_foreign_row(report: Report, observations: list[Observation], issues: list[ImportIssue]) -> None:
    """A row of the other edition (2019's single （六）其他处理 in a 2021 report …): kept visible."""
    first = observations[0]
    other = sorted(first.editions())
    edition_names = "、".join(get_edition(e).name for e in other)
    printed = "、".join(o.text.strip() or "（空）" for o in observations)
    label = first.row_label or "（无行标签）"
    message = (
        f"本行按{edition_names}印制，{report.edition.name}没有对应的单元格；"
        f"印制的数值为：{printed}，未能导入，请按{report.edition.name}核对填写。"
    )
    report.structure_notes.append(StructureNote(where=f"统计表「{label}」行", message=message))
    issues.append(ImportIssue(first.where, printed, message))


def _note_missing_tables(report: Report, reading: TableReading, issues: list[ImportIssue]) -> None:
    seen = {combo[1] for o in reading.observations for combo in o.combos(report.edition.key)}
    seen |= {table for edition, table in reading.tables_seen if edition == report.edition.key}
    for table in report.edition.tables:
        if table.key not in seen:
            issues.append(ImportIssue(table.title, "", "文件中没有找到这张表格（或无法识别），相应数值为空。"))


__all__ = [
    "IMPORT_SUFFIXES",
    "ImportIssue",
    "ImportResult",
    "ReportImportError",
    "import_report",
    "source_kind",
]
