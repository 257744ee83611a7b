"""Make PDFs the way agencies do: a Word file saved as PDF (here LibreOffice's writer_pdf_Export).

The Word files come from the shared real reports, written by the project's own exporter or by the
test builders, then changed the way real documents differ: page size, margins, fonts and font size,
and empty paragraphs before 表三 so the page break falls at another row. All documents of one font
set are converted by a single LibreOffice start (~3 s).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.domain.model import Report
from tests.documents.libreoffice import ALIASES, convert_to_pdf
from tests.importing.builders import Source
from tests.support.shared_reports import report_from_shared_json

SOFFICE = shutil.which("soffice")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) +| +(?=[\u3000-\u9fff\uff00-\uffef])")
T3_MARKER = "本年新收政府信息公开申请数量"

# Font sets: the 公文 font names the exporter writes, each stood in for by a free font.
FONT_SETS: dict[str, dict[str, str]] = {
    "serif": ALIASES,  # the export tests' stand-ins
    "sans": {
        "仿宋_GB2312": "Noto Sans CJK SC",
        "楷体_GB2312": "AR PL UKai CN",
        "黑体": "Noto Serif CJK SC",
        "方正小标宋简体": "Noto Sans CJK SC",
        "宋体": "AR PL UMing CN",
        "Times New Roman": "Liberation Sans",
    },
}


@dataclass(frozen=True)
class Look:
    """How one PDF differs from the exported Word file."""

    name: str
    fonts: str = "serif"
    page_mm: tuple[float, float] | None = None  # (width, height)
    margins_mm: tuple[float, float, float, float] | None = None  # top, right, bottom, left
    body_pt: float | None = None  # font size of every run
    gap_before_t3: int = 0  # empty paragraphs pushed in before 表三


LOOKS = (
    Look("a4-standard"),
    Look("letter-narrow", fonts="sans", page_mm=(215.9, 279.4), margins_mm=(20, 20, 20, 22), body_pt=14),
    Look("b5-shifted", page_mm=(182, 257), margins_mm=(25, 12, 22, 12), body_pt=12, gap_before_t3=3),
    Look("a4-wide-margins", fonts="sans", margins_mm=(45, 26, 40, 28), gap_before_t3=7),
)


def exported_report(json_path: Path, source: Source) -> Report:
    """The shared report with its published prose, as the app would hold it. The spaces the
    published text shows between Chinese and digits (“2024 年”) came from the text extraction of
    the original PDF, not from the report: they are left out, as a clerk's Word file has them."""
    report = report_from_shared_json(json_path)
    preamble = "\n".join(rejoined(source.preamble))
    report.meta = report.meta.model_copy(update={"agency": source.agency, "preamble": preamble})
    for key, lines in source.texts.items():
        report.texts[key] = "\n".join(rejoined(lines))
    return report


def rejoined(lines: list[str]) -> list[str]:
    """The published text comes line by line as the original PDF wrapped it; paragraphs end at a
    full stop or colon, and a short line (a subheading) stands alone."""
    paragraphs: list[str] = []
    current = ""
    for line in (unspaced(line) for line in lines):
        current += line
        if line.endswith(("。", "：", ":", "；")) or len(line) < 16:
            paragraphs.append(current)
            current = ""
    return [*paragraphs, current] if current else paragraphs


def unspaced(text: str) -> str:
    return _CJK_SPACE.sub("", text)


def export_with_look(report: Report, path: Path, look: Look) -> Path:
    export_report(report, path)
    restyle(path, look)
    return path


def restyle(path: Path, look: Look) -> None:
    document = Document(str(path))
    section = document.sections[0]
    if look.page_mm:
        section.page_width, section.page_height = Mm(look.page_mm[0]), Mm(look.page_mm[1])
    if look.margins_mm:
        top, right, bottom, left = look.margins_mm
        section.top_margin, section.right_margin = Mm(top), Mm(right)
        section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    if look.body_pt:
        for size in document.element.iter(qn("w:sz"), qn("w:szCs")):
            size.set(qn("w:val"), str(int(look.body_pt * 2)))
        for style in document.styles:
            font = getattr(style, "font", None)
            if font is not None and font.size is not None:
                font.size = Pt(look.body_pt)
        _indent_two_characters(document, look.body_pt)
    if look.gap_before_t3:
        _push_table_down(document, look.gap_before_t3)
    document.save(str(path))


def _indent_two_characters(document: object, body_pt: float) -> None:
    """Keep the first-line indent two characters of the new size (LibreOffice drops a
    firstLineChars indent when the run size changes)."""
    roots = [document.element, document.styles.element]  # type: ignore[attr-defined]
    for root in roots:
        for indent in root.iter(qn("w:ind")):
            if indent.get(qn("w:firstLineChars"), "0") != "0":
                del indent.attrib[qn("w:firstLineChars")]
                indent.set(qn("w:firstLine"), str(round(2 * body_pt * 20)))


def _push_table_down(document: object, count: int) -> None:
    for table in document.tables:  # type: ignore[attr-defined]
        if T3_MARKER in "".join(table._tbl.itertext()):
            for _ in range(count):
                table._tbl.addprevious(document.add_paragraph("")._p)  # type: ignore[attr-defined]
            return


def convert(documents: list[Path], folder: Path, fonts: str) -> None:
    """Word → PDF next to each document (all in `folder`), with the font set `fonts`."""
    if documents:
        convert_to_pdf(documents, folder, FONT_SETS[fonts])
