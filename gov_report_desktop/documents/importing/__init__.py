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

from gov_report_desktop.domain.editions import EDITIONS, Edition, SectionKey, edition_for_year, get_edition
from gov_report_desktop.domain.model import Report, ReportMeta, StructureNote
from gov_report_desktop.domain.values import CellValue, Unreadable, format_value, parse_cell_text

from ..opening import imported_suffixes
from .docx_reader import read_docx
from .html_reader import read_html
from .page_clutter import trim_page
from .pdf_reader import PdfNote, read_pdf
from .prose import Prose, heading_key, read_prose
from .safety import ReportImportError
from .table_reader import Counterpart, Observation, TableReading, choose_edition, is_blank_marker, read_tables
from .tables import Block, Grid, Paragraph

log = logging.getLogger(__name__)
SUFFIXES = imported_suffixes()  # the formats list in documents/opening.py says what is read
IMPORT_SUFFIXES = tuple(SUFFIXES)
FIRST_YEAR, LAST_YEAR = 1990, 2200  # what ReportMeta accepts
LATEST_EDITION = max(EDITIONS)  # a report without a year and without telling tables is a new one


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
    trimmed = trim_page(blocks)
    blocks = trimmed.blocks
    if trimmed.dropped:
        issues.append(ImportIssue("网页", "", f"已忽略网页导航、页脚等 {trimmed.dropped} 行（不属于报告正文）。"))
    prose = read_prose([b.text for b in blocks if isinstance(b, Paragraph)])
    grids = [b for b in blocks if isinstance(b, Grid)]
    reading = read_tables(grids)
    if not prose.texts and not reading.observations:
        raise ReportImportError(f"「{name}」中没有找到政府信息公开工作年度报告的章节或统计表格，无法导入。")
    year = _year(prose, issues, name)
    default_edition = edition_for_year(year).key if year is not None else LATEST_EDITION
    edition = get_edition(choose_edition(reading, default_edition)[0])
    if year is None:
        year = edition.first_year  # a placeholder: year_stated=False says so everywhere
        issues.append(ImportIssue("标题", prose.title, _NO_YEAR.format(edition=edition.name, year=year)))
    else:
        _note_edition(edition, year, issues)
    meta = ReportMeta(
        agency=prose.agency,
        year=year,
        edition=edition.key,
        edition_explicit=edition.key != edition_for_year(year).key,
        preamble=prose.preamble,
        year_stated=prose.year is not None,
    )
    report = Report(meta=meta)
    for key, text in prose.texts.items():
        report.texts[key] = text
    _note_prose(prose, issues)
    _note_headings(prose, edition, issues)
    _fill_values(report, reading, issues)
    _note_missing_tables(report, reading, issues)
    return report, issues


_NO_YEAR = (
    "未写明报告年度（标题和正文中都没有“2024年”这样的年度）：已按表格格式（{edition}）导入，"
    "年度暂记为 {year} 年，请在报告信息中填写报告年度。"
)


def _year(prose: Prose, issues: list[ImportIssue], name: str) -> int | None:
    """The report year, or None for a document that names none (a blank template, a draft)."""
    if not prose.agency:
        issues.append(ImportIssue("标题", prose.title, "没有从标题中识别出机关名称，请在报告信息中填写。"))
    if prose.year is None:
        return None
    if not FIRST_YEAR <= prose.year <= LAST_YEAR:
        raise ReportImportError(f"「{name}」中识别出的报告年度 {prose.year} 年不合理，无法导入。")
    if prose.year_source != "title":
        how = "正文的统计期限" if prose.year_source == "period" else "正文中出现最多的年份"
        issues.append(ImportIssue("标题", prose.title, f"标题中没有年度，报告年度按{how}定为{prose.year}年，请核对。"))
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


def _note_headings(prose: Prose, edition: Edition, issues: list[ImportIssue]) -> None:
    """Headings are printed in the official wording on export: each one worded otherwise is listed."""
    for section in edition.sections:
        printed = prose.headings.get(section.key)
        if printed is not None and heading_key(printed) != heading_key(section.heading):
            message = f"标题与统一格式不同，已按统一格式改为「{section.heading}」。"
            issues.append(ImportIssue("章节标题", printed, message))


_HEADINGS = {
    SectionKey.OVERVIEW: "一、总体情况",
    SectionKey.PROBLEMS: "五、存在的主要问题及改进情况",
    SectionKey.OTHER: "六、其他需要报告的事项",
}


def _fill_values(report: Report, reading: TableReading, issues: list[ImportIssue]) -> None:
    edition = report.edition
    foreign: dict[tuple[int, int], list[Observation]] = {}
    borrowed: set[tuple[str, str, str]] = set()
    for observation in reading.observations:
        combos = observation.combos(edition.key)
        counterparts = [] if combos else observation.counterparts(edition.key)
        if counterparts:
            _store(report, counterparts[0].cell_id, observation, issues)
            _note_borrowed_label(report, observation, counterparts[0], borrowed, issues)
        elif not combos:
            foreign.setdefault((observation.table_number, observation.row_index), []).append(observation)
        else:
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


def _note_borrowed_label(
    report: Report,
    observation: Observation,
    counterpart: Counterpart,
    noted: set[tuple[str, str, str]],
    issues: list[ImportIssue],
) -> None:
    """Once per label: the value went into the row/column the other edition names that way."""
    ref = report.edition.cell(counterpart.cell_id)
    spec = ref.row if counterpart.kind == "row" else ref.column
    official = spec.label
    printed = _printed_label(counterpart, observation)
    key = (ref.table.key, counterpart.kind, spec.key)
    if key in noted:
        return
    noted.add(key)
    other = get_edition(counterpart.label_edition).name
    name = "行" if counterpart.kind == "row" else "列"
    message = (
        f"印制的{name}标签「{printed}」是{other}的名称，{report.edition.name}为「{official}」；"
        f"已按「{official}」{name}导入，请核对。"
    )
    report.structure_notes.append(StructureNote(where=f"{ref.table.title}「{official}」{name}", message=message))
    issues.append(ImportIssue(observation.where, printed if counterpart.kind == "column" else "", message))


def _printed_label(counterpart: Counterpart, observation: Observation) -> str:
    if counterpart.kind == "row":
        return observation.row_label
    table_key, _, column_key = counterpart.cell_id.split(".")
    columns = get_edition(counterpart.label_edition).table(table_key).columns
    return next(c.label for c in columns if c.key == column_key)


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
