"""Export a report as the web page published on a government website (or pasted into its editor).

One self-contained UTF-8 HTML5 file: inline styles only (site editors drop <style> blocks), no
scripts, no external resources. The tables are the official ones with their merged cells (from the
edition data, like the Word export); each sits in a box that scrolls sideways on a phone. Every piece
of the clerk's text is escaped, and characters HTML forbids (control codes, lone surrogates,
non-characters) are dropped, so the page is always well-formed and text never becomes markup.

Thread-safe: pure functions of the report.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..domain.editions import Edition
from ..domain.model import Report
from ..storage.atomic import AtomicWriteError, replace_file
from .docx_layout import GridCell, TableLayout, column_widths, covered_by
from .printed import TEXT_WIDTH, Prose, prose_of, section_layouts, title_lines, value_text
from .writing import write_failure_message

__all__ = ["HtmlExportError", "build_html", "export_html", "html_fragment", "plain_text"]


class HtmlExportError(Exception):
    """The page could not be written; `str()` is the message for the clerk."""


# Fonts: the 公文 fonts on office PCs first, then what phones and Macs have.
_FANGSONG = "'仿宋_GB2312','仿宋',FangSong,STFangsong,'Noto Serif CJK SC',serif"
_TITLE = "'方正小标宋简体','方正小标宋_GBK','华文中宋',STZhongsong,'宋体',SimSun,'Noto Serif CJK SC',serif"
_HEITI = "'黑体',SimHei,STHeiti,'Noto Sans CJK SC',sans-serif"
_KAITI = "'楷体_GB2312','楷体',KaiTi,STKaiti,serif"

_BODY = f"margin:0;padding:12px;background:#fff;color:#000;font-family:{_FANGSONG};font-size:16pt;line-height:1.75"
_PAGE = "max-width:820px;margin:0 auto"
_H1 = f"font-family:{_TITLE};font-size:22pt;font-weight:normal;text-align:center;line-height:1.5;margin:0.5em 0 1em"
_H2 = f"font-family:{_HEITI};font-size:16pt;font-weight:normal;text-indent:2em;margin:0.4em 0"
_P = "text-indent:2em;margin:0 0 0.2em;text-align:justify"
_HEADING2 = f"font-family:{_KAITI}"
_SCROLL = "overflow-x:auto;max-width:100%;margin:0.6em 0 1em"
_TABLE = "border-collapse:collapse;width:100%;min-width:640px;font-size:10.5pt;line-height:1.4"
_CELL = "border:1px solid #000;padding:3px 4px;vertical-align:middle"
_ALIGN = {"heading": "center", "corner": "center", "header": "center", "label": "center", "value": "right"}

# What HTML5 forbids in text: C0/C1 controls other than whitespace, DEL, lone surrogates and the
# non-characters (U+FDD0–U+FDEF and every plane's U+xFFFE/U+xFFFF).
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


def text(value: str) -> str:
    """The clerk's text as HTML character data: escaped, forbidden characters dropped."""
    return html.escape(_FORBIDDEN.sub("", value), quote=True)


# --- public API ---------------------------------------------------------------------------------


def build_html(report: Report) -> str:
    """The complete page (a UTF-8 HTML5 document)."""
    title = text("".join(title_lines(report.meta.agency, report.meta.year)))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="政府信息公开年报助手">\n'
        f"<title>{title}</title>\n</head>\n"
        f'<body style="{_BODY}">\n<div style="{_PAGE}">\n{html_fragment(report)}</div>\n</body>\n</html>\n'
    )


def html_fragment(report: Report) -> str:
    """The report itself without the page around it: what goes on the clipboard for a site editor."""
    edition = report.edition
    parts = [_title(report)]
    parts += [_paragraph(p) for p in prose_of(report.meta.preamble)]
    for section in edition.sections:
        parts.append(f'<h2 style="{_H2}">{text(section.heading)}</h2>')
        parts += [_paragraph(p) for p in prose_of(report.text(section.key))]
        parts += [_table(layout, report, edition) for layout in section_layouts(edition, section.key)]
    return "\n".join(parts) + "\n"


def plain_text(report: Report) -> str:
    """The report as plain text (the clipboard's fallback): paragraphs, tables as tab-separated rows."""
    edition = report.edition
    lines = ["".join(title_lines(report.meta.agency, report.meta.year)), ""]
    lines += [_plain(p) for p in prose_of(report.meta.preamble)]
    for section in edition.sections:
        lines.append(section.heading)
        lines += [_plain(p) for p in prose_of(report.text(section.key))]
        for layout in section_layouts(edition, section.key):
            lines += _plain_rows(layout, report, edition)
    return "\n".join(lines) + "\n"


def export_html(report: Report, path: Path) -> None:
    """Write the page to `path` safely (temp file in the same folder + replace)."""
    try:
        replace_file(Path(path), build_html(report).encode("utf-8"))
    except AtomicWriteError as error:
        raise HtmlExportError(write_failure_message(error, "浏览器或其他程序")) from None


# --- pieces -------------------------------------------------------------------------------------


def _title(report: Report) -> str:
    lines = "<br>".join(text(line) for line in title_lines(report.meta.agency, report.meta.year))
    return f'<h1 style="{_H1}">{lines}</h1>'


def _paragraph(paragraph: Prose) -> str:
    if paragraph.kind == "inline2":
        return f'<p style="{_P}"><span style="{_HEADING2}">{text(paragraph.head)}</span>{text(paragraph.text)}</p>'
    style = {"heading2": f"{_P};{_HEADING2}", "heading3": _P, "body": _P}[paragraph.kind]
    return f'<p style="{style}">{text(paragraph.text)}</p>'


def _plain(paragraph: Prose) -> str:
    return paragraph.head + paragraph.text


def _table(layout: TableLayout, report: Report, edition: Edition) -> str:
    """The grid as <table>: each merged cell once, at its top-left position, with its spans."""
    widths = column_widths(layout, TEXT_WIDTH)
    total = sum(widths)
    columns = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in widths)
    starts: dict[int, list[GridCell]] = {}
    for cell in sorted(layout.cells, key=lambda c: (c.row, c.column)):
        starts.setdefault(cell.row, []).append(cell)
    rows = [f"<tr>{''.join(_cell(c, report, edition) for c in starts.get(r, []))}</tr>" for r in range(layout.rows)]
    head, body = rows[: layout.header_rows], rows[layout.header_rows :]
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    table = f'<table style="{_TABLE}"><colgroup>{columns}</colgroup>{thead}<tbody>{"".join(body)}</tbody></table>'
    return f'<div style="{_SCROLL}">{table}</div>'


def _cell(cell: GridCell, report: Report, edition: Edition) -> str:
    tag = "td" if cell.role == "value" else "th"
    spans = (f' colspan="{cell.width}"' if cell.width > 1 else "") + (
        f' rowspan="{cell.height}"' if cell.height > 1 else ""
    )
    align = "left" if cell.leaf else _ALIGN[cell.role]
    weight = ";font-weight:normal" if tag == "th" else ""
    content = value_text(report, edition, cell.cell_id) if cell.cell_id else cell.text
    return f'<{tag}{spans} style="{_CELL};text-align:{align}{weight}">{text(content)}</{tag}>'


def _plain_rows(layout: TableLayout, report: Report, edition: Edition) -> list[str]:
    covering = covered_by(layout)
    lines = []
    for row in range(layout.rows):
        shown: list[str] = []
        column = 0
        while column < layout.columns:
            cell = covering[(row, column)]
            first = cell.row == row and cell.column == column
            content = value_text(report, edition, cell.cell_id) if cell.cell_id else cell.text
            shown.append(content if first else "")
            column += cell.width
        lines.append("\t".join(shown).rstrip("\t"))
    return lines
