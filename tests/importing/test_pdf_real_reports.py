"""The shared real reports saved as PDF in several looks, imported back: every 表二/表三/表四 cell,
the prose and the preamble equal what the Word file held.

Two sources of Word files: the project's own exporter (official layout, repeated header rows,
page numbers in the footer), restyled in page size, margins, fonts and font size so that 表三 breaks
at different rows; and the test builders (a 表三 split into two Word tables with or without a
repeated header, full-width digits, labels broken inside cells, blank markers).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from gov_report_desktop.documents.importing import ImportResult, import_report
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.values import format_value
from tests.importing.builders import Source, Variants, build_docx, load_source
from tests.importing.pdf_making import LOOKS, SOFFICE, Look, convert, export_with_look, exported_report, restyle
from tests.support.shared_reports import REAL_DIR, real_report_files, report_from_shared_json

REAL = real_report_files()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not REAL, reason="../shared/examples/real is not available"),
    pytest.mark.skipif(
        SOFFICE is None or shutil.which("pdftotext") is None,
        reason="LibreOffice (soffice) and poppler-utils are needed to make and read back the PDFs",
    ),
]
IDS = [p.stem for p in REAL]

# Builder documents: (json, variants). 表三 is cut after different rows, with and without a
# repeated header, so both continuation kinds are read from a PDF.
BUILT = {
    "huaian-split5-header": ("huaian-city-2024", Variants(split_t3_at=5, repeat_header=True, label_breaks=True)),
    "pingtan2019-split11": ("pingtan-2019", Variants(split_t3_at=11, full_width_digits=True)),
    "pingtan2021-split17-blank": (
        "pingtan-2021",
        Variants(
            split_t3_at=17, blank_cells={"t3.new.research": "", "t3.new.other_org": "—", "t4.cases.review_pending": ""}
        ),
    ),
    "wuhai-split2-header": ("wuhai-industry-bureau-2020", Variants(split_t3_at=2, repeat_header=True, enum_comma=True)),
}


def drawn_text(pdf: Path) -> str:
    """What poppler reads from the PDF, without whitespace and page numbers: the independent oracle."""
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", re.sub(r"—\s*\d+\s*—", "", raw))


def as_drawn(text: str, drawn: str) -> str:
    """`text` less the punctuation LibreOffice leaves out of the PDF: a full-width comma or colon
    that would hang past the right margin of a justified line is neither drawn nor in the text
    layer (poppler does not see it either), so no reader can return it."""
    kept = []
    for i, char in enumerate(text):
        before, after = text[max(0, i - 3) : i], text[i + 1 : i + 4]
        lost = char in _HANGING and before + char + after not in drawn and before + after in drawn
        if not lost:
            kept.append(char)
    return "".join(kept)


_HANGING = frozenset("，、：；。")

BUILT_LOOK = Look("built", margins_mm=(25, 8, 25, 8))


@dataclass
class Made:
    report: Report  # what the Word file holds
    pdf: Path
    source: Source


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Made]:
    folder = tmp_path_factory.mktemp("pdf-real")
    documents: dict[str, Made] = {}
    by_fonts: dict[str, list[Path]] = {}
    for index, json_path in enumerate(REAL):
        source = load_source(json_path)
        report = exported_report(json_path, source)
        for look in _looks_for(index):
            docx = export_with_look(report, folder / f"{json_path.stem}-{look.name}.docx", look)
            documents[f"{json_path.stem}-{look.name}"] = Made(report, docx.with_suffix(".pdf"), source)
            by_fonts.setdefault(look.fonts, []).append(docx)
    for name, (stem, variants) in BUILT.items():
        source = load_source(REAL_DIR / f"{stem}.json")
        docx = build_docx(source, folder / f"{name}.docx", variants)
        restyle(docx, BUILT_LOOK)  # the builders' 表四 is wider than Word's default text area
        documents[name] = Made(report_from_shared_json(REAL_DIR / f"{stem}.json"), docx.with_suffix(".pdf"), source)
        by_fonts.setdefault("serif", []).append(docx)
    for fonts, docs in by_fonts.items():
        convert(docs, folder, fonts)
    return documents


def _looks_for(index: int) -> list[Look]:
    """Every report in the standard look and two others, so each look is met by several reports."""
    return [LOOKS[0], LOOKS[1 + index % 3], LOOKS[1 + (index + 1) % 3]]


EXPORTED = [f"{stem}-{look.name}" for index, stem in enumerate(IDS) for look in _looks_for(index)]


def _printed(report: Report, cell_id: str) -> str:
    """What the exporter printed in a cell: an empty cell prints as 0."""
    value = report.get(cell_id)
    return format_value(value, report.edition.cell(cell_id).column) if value is not None else "0"


def _cell_differences(expected: dict[str, str], result: ImportResult) -> dict[str, tuple[str, str]]:
    got = result.report
    return {
        cell_id: (text, format_value(got.get(cell_id), got.edition.cell(cell_id).column))
        for cell_id, text in expected.items()
        if format_value(got.get(cell_id), got.edition.cell(cell_id).column) != text
    }


@pytest.mark.parametrize("name", EXPORTED)
def test_exported_pdf_imports_every_cell_and_the_prose(made: dict[str, Made], name: str) -> None:
    document = made[name]
    result = import_report(document.pdf)
    report = document.report
    assert result.source_kind == "pdf"
    assert result.report.meta.edition == report.meta.edition
    assert result.report.meta.year == report.meta.year
    assert result.report.meta.agency == report.meta.agency
    cells = {cell for table in report.edition.tables for cell in table.cell_ids()}
    assert _cell_differences({c: _printed(report, c) for c in cells}, result) == {}
    drawn = drawn_text(document.pdf)
    assert result.report.meta.preamble == as_drawn(report.meta.preamble, drawn)
    for key, text in report.texts.items():
        assert result.report.texts.get(key, "") == as_drawn(text, drawn), key
    assert [str(i) for i in result.issues] == []


def test_the_looks_break_table_three_at_different_rows(made: dict[str, Made]) -> None:
    """The page sizes and shifts really move 表三's page break (else the split is not tested)."""
    from gov_report_desktop.documents.importing.pdf_reader import read_pdf
    from gov_report_desktop.documents.importing.tables import Grid

    first_parts = set()
    for name in EXPORTED:
        grids = [b for b in read_pdf(made[name].pdf) if isinstance(b, Grid)]
        t3 = [g for g in grids if any("本年新收" in cell.text for row in g.rows for cell in row)]
        following = grids[grids.index(t3[0]) + 1] if t3 and t3[0] is not grids[-1] else None
        if following is not None and "行政复议" not in following.rows[0][0].text:
            first_parts.add(len(t3[0].rows))
    assert len(first_parts) >= 3, first_parts


@pytest.mark.parametrize("name", list(BUILT))
def test_built_pdf_imports_every_cell(made: dict[str, Made], name: str) -> None:
    document = made[name]
    variants = BUILT[name][1]
    result = import_report(document.pdf)
    expected = {
        cell: format_value(value, document.report.edition.cell(cell).column)
        for cell, value in document.report.values.items()
    }
    for blank in variants.blank_cells:
        expected[blank] = ""  # blank or a dash: stays empty, never 0
    assert _cell_differences(expected, result) == {}
    assert all(result.report.get(blank) is None for blank in variants.blank_cells)
    # The builders write the published text line by line, each line a paragraph without indent:
    # where those paragraphs end cannot be seen in the PDF, so only the text itself is compared.
    for key, lines in document.source.texts.items():
        got = result.report.texts.get(key, "")
        assert squeezed(got) == squeezed(as_drawn("".join(lines), drawn_text(document.pdf))), key


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_cli_imports_and_checks_a_pdf(
    made: dict[str, Made], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gov_report_desktop.cli import main
    from gov_report_desktop.storage.projectfile import load_report

    document = made[EXPORTED[0]]
    output = tmp_path / "导入.govreport"
    assert main(["import", str(document.pdf), "-o", str(output)]) == 0
    assert "已导入" in capsys.readouterr().out
    assert load_report(output).values == import_report(document.pdf).report.values
    assert main(["check", str(document.pdf)]) in (0, 1)  # 1: the published numbers break a rule
    out, err = capsys.readouterr()
    assert document.pdf.name in out
    assert err == ""
