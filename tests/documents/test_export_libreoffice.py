"""Render the exported reports with LibreOffice and read the PDF back (skipped without soffice/poppler).

Each document is converted once per session (~2 s per LibreOffice start) with a private profile and
a fontconfig file that stands the 公文 fonts in with free ones (tech-notes §4.5), so line breaks are
close to a clerk's PC. PDFs and a PNG of every page are kept under `test-artifacts/export/` for a
person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from gov_report_desktop.documents.export_docx import export_report, title_lines
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.values import format_value
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO, ROOT
from tests.documents.libreoffice import (
    RENDERING_TOOLS_MISSING,
    Line,
    convert_to_pdf,
    page_lines,
    pdf_text,
    squeeze,
    without_page_numbers,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(RENDERING_TOOLS_MISSING, reason="LibreOffice (soffice) and poppler-utils are needed"),
]

ARTIFACTS = ROOT / "test-artifacts" / "export"
SOURCES = {"putuo": PUTUO, "huaian": HUAIAN}
# Pages with the substitute fonts; a change means the layout moved: look at the PNGs, then update.
EXPECTED_PAGES = {"putuo": 6, "huaian": 5}
LINE_PITCH_PT = 579 / 20


@dataclass
class Rendered:
    report: Report
    docx: Path
    pdf: Path


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    work = tmp_path_factory.mktemp("libreoffice")
    documents: dict[str, Rendered] = {}
    for name, source in SOURCES.items():
        report = load_report(source)
        docx_path = work / f"{name}.docx"
        export_report(report, docx_path)
        documents[name] = Rendered(report, docx_path, work / f"{name}.pdf")
    convert_to_pdf([d.docx for d in documents.values()], work)
    keep_artifacts(documents)
    return documents


def keep_artifacts(documents: dict[str, Rendered]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, document in documents.items():
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink()
        shutil.copy(document.pdf, ARTIFACTS / f"{name}.pdf")
        shutil.copy(document.docx, ARTIFACTS / f"{name}.docx")
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(document.pdf), str(ARTIFACTS / name)], check=True)


# --- content ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SOURCES))
def test_pdf_contains_every_label_heading_and_the_title(rendered: dict[str, Rendered], name: str) -> None:
    document = rendered[name]
    text = squeeze(pdf_text(document.pdf, "-raw"))
    edition = document.report.edition
    expected = [*title_lines(document.report.meta.agency, document.report.meta.year)]
    expected += [section.heading for section in edition.sections]
    for table in edition.tables:
        expected += [label for column in table.columns for label in column.path]
        if table.corner is not None:
            expected += [label for row in table.rows for label in row.path] + [table.corner]
        if table.heading:
            expected.append(table.heading)
    missing = [label for label in dict.fromkeys(expected) if squeeze(label) not in text]
    assert missing == []


@pytest.mark.parametrize("name", list(SOURCES))
def test_pdf_contains_every_number_in_table_order(rendered: dict[str, Rendered], name: str) -> None:
    """Reading the PDF in content order, the value cells appear row by row as in the report."""
    document = rendered[name]
    text = squeeze(without_page_numbers(pdf_text(document.pdf, "-raw")))
    edition = document.report.edition
    position = 0
    for table in edition.tables:
        for row in table.rows:
            cells = [format_value(document.report.get(table.cell_id(row.key, c.key)), c) or "0" for c in table.columns]
            row_text = "".join(cells)
            found = text.find(row_text, position)
            assert found >= 0, f"{table.title}「{row.label}」行的数字 {cells} 未按顺序出现在PDF中"
            position = found + len(row_text)


@pytest.mark.parametrize("name", list(SOURCES))
def test_pdf_contains_all_the_prose(rendered: dict[str, Rendered], name: str) -> None:
    document = rendered[name]
    text = squeeze(without_page_numbers(pdf_text(document.pdf, "-raw")))
    for source in [document.report.meta.preamble, *document.report.texts.values()]:
        for paragraph in source.splitlines():
            assert squeeze(paragraph) in text


# --- page layout --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SOURCES))
def test_page_count_is_stable(rendered: dict[str, Rendered], name: str) -> None:
    info = subprocess.run(["pdfinfo", str(rendered[name].pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert pages == EXPECTED_PAGES[name]
    assert len(list(ARTIFACTS.glob(f"{name}-*.png"))) == pages


def body_lines(lines: list[Line]) -> list[Line]:
    """Lines of the type area: the footer's "— n —" sits below it."""
    bottom_of_type_area = (297 - 35) / 25.4 * 72
    return [line for line in lines if line.y_min < bottom_of_type_area and line.text.strip()]


def assert_on_the_grid(lines: list[Line]) -> None:
    steps = [b.y_min - a.y_min for a, b in pairwise(lines)]
    off_grid = [
        s for s in steps if abs(s / LINE_PITCH_PT - round(s / LINE_PITCH_PT)) > 0.05 or round(s / LINE_PITCH_PT) == 0
    ]
    assert off_grid == [], f"line steps not multiples of {LINE_PITCH_PT} pt: {off_grid}"


def test_page_of_body_text_has_22_lines_of_28_characters(rendered: dict[str, Rendered]) -> None:
    """Page 2 of the Putuo report is pure body text: the GB/T 9704 grid of 22 lines × 28 characters."""
    lines = body_lines(page_lines(rendered["putuo"].pdf, 2))
    assert len(lines) == 22
    assert_on_the_grid(lines)
    chinese_only = [
        line.text for line in lines if all(unicodedata.east_asian_width(ch) in "WF" or ch in "“”‘’" for ch in line.text)
    ]
    assert chinese_only, "no line of Chinese characters only on page 2"
    # Adjacent punctuation（》，）may be set closer, so a line can take 29; the usual full line is 28.
    lengths = Counter(len(text) for text in chinese_only)
    assert lengths.most_common(1)[0][0] == 28, lengths


def test_page_1_is_on_the_same_22_line_grid(rendered: dict[str, Rendered]) -> None:
    """Two title lines, one empty line, then 19 body lines: the first page fills the same 22 lines."""
    lines = body_lines(page_lines(rendered["putuo"].pdf, 1))
    title, body = lines[:2], lines[2:]
    assert [squeeze(line.text) for line in title] == title_lines("上海市普陀区民政局", 2020)
    assert len(body) == 22 - 2 - 1
    assert_on_the_grid(body)
    assert abs((body[0].y_min - title[1].y_min) / LINE_PITCH_PT - 2) < 0.3  # one empty line after the title


def test_page_numbers_alternate_sides(rendered: dict[str, Rendered]) -> None:
    page_width = 595.3
    for page in (1, 2, 3):
        footer = [
            line for line in page_lines(rendered["putuo"].pdf, page) if re.fullmatch(r"—\d+—", squeeze(line.text))
        ]
        assert len(footer) == 1
        assert squeeze(footer[0].text) == f"—{page}—"
        if page % 2:
            assert footer[0].x_min > page_width / 2  # odd pages: right
        else:
            assert footer[0].x_max < page_width / 2  # even pages: left
