"""The PDF drawn with Qt's printing, read back with poppler: text, page size, margins, page numbers,
fonts, tables kept whole. A PNG of the first pages is kept under `test-artifacts/pdf/` for a look."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from gov_report_desktop.cli import main
from gov_report_desktop.documents.printed import MARGINS_MM, section_layouts, title_lines, value_text
from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.model import Report
from gov_report_desktop.publishing.pdf import export_pdf, pdf_bytes
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO, ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None, reason="poppler-utils is needed"
)

ARTIFACTS = ROOT / "test-artifacts" / "pdf"
SOURCES = {"putuo": PUTUO, "huaian": HUAIAN}
PT_PER_MM = 72 / 25.4
WHITESPACE = re.compile(r"\s+")
PAGE_NUMBER = re.compile(r"^— \d+ —$", re.MULTILINE)
LEFT, RIGHT = MARGINS_MM["left"] * PT_PER_MM, (210 - MARGINS_MM["right"]) * PT_PER_MM
TOP, BOTTOM = MARGINS_MM["top"] * PT_PER_MM, (297 - MARGINS_MM["bottom"]) * PT_PER_MM


@pytest.fixture(autouse=True)
def _application(qapp: object) -> None:
    """pytest-qt's QApplication first: the exporter would otherwise start a QGuiApplication."""


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def words(path: Path) -> list[Word]:
    done = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True)
    root = etree.fromstring(done.stdout, etree.HTMLParser(encoding="utf-8"))
    found = []
    for number, page in enumerate(root.iter("page"), start=1):
        for word in page.iter("word"):
            box = [float(word.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")]
            found.append(Word(number, word.text or "", *box))
    return found


def text_of(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    done = subprocess.run(["pdftotext", "-raw", *pages, str(path), "-"], capture_output=True, check=True)
    return PAGE_NUMBER.sub("", done.stdout.decode("utf-8"))  # a paragraph runs on across the page number


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    paths = {}
    for name, source in SOURCES.items():
        path = folder / f"{name}.pdf"
        export_pdf(load_report(source), path)
        paths[name] = path
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in paths.items():  # the first pages and the tables, for a human look
        subprocess.run(
            ["pdftoppm", "-r", "60", "-f", "1", "-l", "5", "-png", str(path), str(ARTIFACTS / name)], check=True
        )
    return paths


@pytest.mark.parametrize("name", SOURCES)
def test_every_label_and_number_is_in_the_text(name: str, exported: dict[str, Path]) -> None:
    report = load_report(SOURCES[name])
    edition = report.edition
    text = squeeze(text_of(exported[name]))
    assert squeeze("".join(title_lines(report.meta.agency, report.meta.year))) in text
    for section in edition.sections:
        assert section.heading in text
    for paragraph in [report.meta.preamble, *report.texts.values()]:
        assert squeeze(paragraph) in text
    numbers = re.findall(r"-?\d+(?:\.\d+)?(?:万元|元)?", text_of(exported[name]))
    for section in edition.sections:
        for layout in section_layouts(edition, section.key):
            for cell in layout.cells:
                if cell.cell_id is None:
                    assert squeeze(cell.text) in text, cell.text
            # Row by row, every printed value, in the template's order (a subsequence of all numbers).
            values = [value_text(report, edition, c.cell_id) for c in sorted(layout.cells, key=lambda c: (c.row, c.column)) if c.cell_id]  # fmt: skip
            remaining = iter(numbers)
            assert all(any(n == v for n in remaining) for v in values), section.heading


@pytest.mark.parametrize("name", SOURCES)
def test_text_is_unicode_not_radicals_and_never_twice(name: str, exported: dict[str, Path]) -> None:
    """Search and copy find 民 as 民 (not the radical ⺠ that shares its glyph), each line once."""
    text = text_of(exported[name])
    assert not [ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF]
    report = load_report(SOURCES[name])
    lines = [squeeze(line) for line in report.text(SectionKey.OVERVIEW).splitlines() if len(line) > 40]
    assert lines
    for line in lines:
        assert squeeze(text).count(line) == 1


@pytest.mark.parametrize("name", SOURCES)
def test_page_is_a4_and_text_stays_in_the_type_area(name: str, exported: dict[str, Path]) -> None:
    info = subprocess.run(["pdfinfo", str(exported[name])], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert abs(width - 210 * PT_PER_MM) < 1
    assert abs(height - 297 * PT_PER_MM) < 1
    found = words(exported[name])
    body = [w for w in found if w.y0 < BOTTOM]
    numbers = [w for w in found if w.y0 >= BOTTOM]
    assert min(w.x0 for w in body) >= LEFT - 0.5
    assert max(w.x1 for w in body) <= RIGHT + 1
    assert min(w.y0 for w in body) >= TOP - 3  # the 22 pt title line reaches a little above its grid line
    assert max(w.y1 for w in body) <= BOTTOM + 1
    # The type area is used to its edges: body lines start at the left margin and end at the right.
    assert abs(min(w.x0 for w in body) - LEFT) < 0.5
    assert abs(max(w.x1 for w in body) - RIGHT) < 1.5
    pages = max(w.page for w in found)
    assert {w.page for w in numbers} == set(range(1, pages + 1))
    for page in range(1, pages + 1):
        mine = [w for w in numbers if w.page == page]
        assert [w.text for w in mine] == ["—", str(page), "—"]
        assert abs(mine[0].y0 - (BOTTOM + 7 * PT_PER_MM)) < 1.5  # 7 mm below the type area
        if page % 2:  # outer side: odd pages right, even pages left, one 4号 character in
            assert abs(mine[-1].x1 - (RIGHT - 14)) < 1
        else:
            assert abs(mine[0].x0 - (LEFT + 14)) < 1


def test_body_lines_follow_the_22_line_grid_with_28_characters(exported: dict[str, Path]) -> None:
    # Continuation lines that start with a Chinese character (a digit's box is the Latin font's).
    body = [
        w
        for w in words(exported["putuo"])
        if w.page == 1 and w.y0 < BOTTOM and w.x0 < LEFT + 1 and w.text[0] >= "\u3000"
    ]
    pitch = 225 / 22 * PT_PER_MM
    for a, b in itertools.pairwise(body):  # continuation lines: whole grid lines apart
        lines = (b.y0 - a.y0) / pitch
        assert abs(lines - round(lines)) < 0.01
    full = [w.text for w in body if abs(w.x1 - RIGHT) < 1.5 and not re.search(r"[\d“”]", w.text)]
    assert full
    lengths = [len(line) for line in full]
    # 28 characters a line; 27 where the 28th may not end a line (it would push "，" to a line start).
    assert max(lengths) == 28
    assert min(lengths) >= 27
    assert lengths.count(28) > len(lengths) / 2


@pytest.mark.parametrize("name", SOURCES)
def test_no_table_group_is_split_across_pages(name: str, exported: dict[str, Path]) -> None:
    report = load_report(SOURCES[name])
    path = exported[name]
    pages = max(w.page for w in words(path))
    texts = [squeeze(text_of(path, page, page)) for page in range(1, pages + 1)]

    start = next(n for n, text in enumerate(texts, start=1) if "二、主动公开政府信息情况" in text)

    def page_of(label: str) -> set[int]:  # from 二、 on: the prose before may quote a label
        return {number for number, text in enumerate(texts, start=1) if label in text and number >= start}

    proactive = report.edition.tables_of(SectionKey.PROACTIVE)
    for table in proactive:  # 表二: each sub-table whole on one page, from its heading to its last row
        assert len(page_of(table.heading or "")) == 1
        assert page_of(table.heading or "") == page_of(table.rows[-1].label)
    # No section heading alone at the foot of a page: 二、 is on the page where 表二 starts.
    assert page_of("二、主动公开政府信息情况") == page_of(proactive[0].heading or "")
    # 表三 runs over pages; each of its pages starts it with the header rows again.
    requests = [n for n, text in enumerate(texts, start=1) if "结转下年度继续办理" in text or "予以公开" in text]
    for number in requests:
        assert "申请人情况" in texts[number - 1]


@pytest.mark.parametrize("name", SOURCES)
def test_fonts_are_embedded(name: str, exported: dict[str, Path]) -> None:
    listing = subprocess.run(["pdffonts", str(exported[name])], capture_output=True, text=True, check=True)
    rows = listing.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        emb, _sub, uni = row.split()[-5:-2]
        assert emb == "yes", row
        assert uni == "yes", row


def test_hostile_text_is_printed_as_text(tmp_path: Path) -> None:
    report = Report.new(2024, "A&B <局>")
    report.set_text(SectionKey.OTHER, "<script>alert(1)</script> & </td> 😀 \u202e右到左\u202c")
    path = tmp_path / "恶意.pdf"
    path.write_bytes(pdf_bytes(report))
    text = text_of(path)
    assert "<script>alert(1)</script>" in text
    assert "A&B<局>2024年" in squeeze(text)


def test_command_line_writes_the_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "年报.pdf"
    assert main(["export", str(PUTUO), "-o", str(out)]) == 0
    assert "已导出" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF-")


def test_unwritable_target_gives_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "没有这个文件夹" / "年报.pdf"
    assert main(["export", str(PUTUO), "-o", str(out)]) == 2
    assert "不存在" in capsys.readouterr().err


def test_a_printer_at_another_resolution_gets_the_same_pages(tmp_path: Path) -> None:
    """打印…: a 600 dpi printer is drawn on from the same 1200 dpi layout, scaled: same pages, same places."""
    from PySide6.QtPrintSupport import QPrinter

    from gov_report_desktop.publishing.pdf import fix_to_unicode, render

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(600)
    printer.setFullPage(True)
    path = tmp_path / "打印.pdf"
    printer.setOutputFileName(str(path))
    report = load_report(PUTUO)
    pages = render(report, printer)
    # Qt's own print-to-file has Qt's text maps (radicals for some characters); ours are fixed on export.
    path.write_bytes(fix_to_unicode(path.read_bytes()))
    reference = tmp_path / "参照.pdf"
    reference.write_bytes(pdf_bytes(report))
    printed, expected = words(path), words(reference)
    assert pages == max(w.page for w in expected)
    assert [w.text for w in printed] == [w.text for w in expected]
    for a, b in zip(printed, expected, strict=True):
        assert abs(a.x0 - b.x0) < 1
        assert abs(a.y0 - b.y0) < 1


def test_title_breaks_between_a_line_long_name_and_the_year(tmp_path: Path) -> None:
    """The PDF prints the same title lines as Word: the name whole, then 2026年政府信息公开工作年度报告."""
    target = tmp_path / "平潭.pdf"
    export_pdf(Report.new(2026, "福建省平潭综合实验区管理委员会办公室"), target)
    lines = [squeeze(line) for line in text_of(target, 1, 1).splitlines() if line.strip()]
    assert lines[:2] == ["福建省平潭综合实验区管理委员会办公室", "2026年政府信息公开工作年度报告"]
