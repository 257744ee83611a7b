"""Build realistic .docx and .html reports from the shared real reports, with injected variants.

The official merged layout is derived from the edition's row/column paths (consecutive equal
prefixes merge; the last element of a shorter path spans the remaining levels), as the template
does. Word tables are written as raw OOXML (gridSpan, vMerge restart/continue) so the importer sees
what Word writes; web pages use rowspan/colspan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import parse_xml

from gov_report_desktop.domain.editions import Edition, SectionKey, TableSpec, get_edition
from tests.support.shared_reports import _published_cells, load_json

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class Variants:
    """Which of the deviations real documents show are injected."""

    enum_comma: bool = False  # 1. → 1、
    half_width_brackets: bool = False  # （一） → (一)
    drop_partial_note: bool = False  # （二）部分公开 without （区分处理的…）
    label_breaks: bool = False  # line breaks inside long labels
    typo: bool = False  # one character dropped from a long label
    split_t3_at: int | None = None  # 表三 continues in a second table after this data row
    repeat_header: bool = False  # the continuation repeats the header rows
    full_width_digits: bool = False
    thousands: bool = False  # 3,119
    fields: bool = False  # numbers inside Word fields (docx only)
    textbox_value: bool = False  # one number inside a text box (docx only)
    spaced_heading: bool = False  # 第二十条 第（一）项
    title_style: int = 0  # 0: one line; 1: two lines; 2: 年度; 3: no year in the title
    layout_table: bool = False  # html: the report sits inside a page-layout table
    blank_cells: dict[str, str] = field(default_factory=dict)  # cell id → printed marker


@dataclass(frozen=True)
class SitePage:
    """The web site around a report (see site_pages.py): menus before the title, metadata between
    the title and the text, a signature after 六 (report text), and the site's footer."""

    page_title: str = "政府信息公开年报"
    header: tuple[tuple[str, ...], ...] = ()  # menus: one <ul>/<div> each, items as links
    meta: tuple[str, ...] = ()  # 发布时间 … lines under the title
    meta_table: tuple[tuple[str, str], ...] = ()  # 索引号 | … table above the title
    closing: tuple[str, ...] = ()  # signature and date after 六 (kept as report text)
    footer: tuple[tuple[str, ...], ...] = ()
    title: tuple[str, ...] | None = None  # replaces the title lines
    headings: dict[SectionKey, str] = field(default_factory=dict)  # printed instead of the official
    menu_as_list: bool = True  # html: <ul><li><a> menus (else links side by side in a <div>)
    menu_per_line: bool = True  # docx: one paragraph per menu item (else one per menu)


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    value: bool = False


@dataclass
class Source:
    """What the built document holds, and what an import must give back."""

    data: dict[str, Any]
    edition: Edition
    values: dict[str, str]  # cell id → printed text
    agency: str
    year: int
    preamble: list[str]
    texts: dict[SectionKey, list[str]]


_PAGE = re.compile(r"^[\s\-—]*\d+[\s\-—]*$")
# The stored page text runs the site's metadata into the opening and its footer into 六.
_SITE_HEAD = re.compile(r"^来源：.*?-->\s*")
_SITE_TAIL = re.compile(r"\s*附件下载\s*$")
_SECTION_OF = {
    "一、总体情况": SectionKey.OVERVIEW,
    "五、存在的主要问题及改进情况": SectionKey.PROBLEMS,
    "六、其他需要报告的事项": SectionKey.OTHER,
}


def load_source(json_path: Path) -> Source:
    data = load_json(json_path)
    edition = get_edition(data["edition"])
    values = {cell_id: str(v) for cell_id, v in _published_cells(data["tables"], edition)}
    agency = re.sub(r"（[^）]*）$", "", data["agency"])
    sections = data.get("sections_text")
    texts: dict[SectionKey, list[str]] = {}
    preamble: list[str] = ["本报告所列数据的统计期限自{0}年1月1日起至{0}年12月31日止。".format(data["year"])]
    if isinstance(sections, dict):
        for heading, key in _SECTION_OF.items():
            body = sections.get(heading, "")
            body = body[len(heading) :] if body.startswith(heading) else body
            lines = [_SITE_TAIL.sub("", line).strip() for line in body.split("\n")]
            texts[key] = [line for line in lines if line and not _PAGE.match(line)]
        intro = sections.get("（引言）", "")
        after = intro.split("年度报告", 1)[-1]
        lines = [_SITE_HEAD.sub("", line.strip()) for line in after.split("\n")]
        lines = [line for line in lines if line and not _PAGE.match(line)]
        if lines and "统计期限" in "".join(lines):
            preamble = lines
    return Source(data, edition, values, agency, data["year"], preamble, texts)


# -- labels with variants ----------------------------------------------------------------------


def _label(text: str, v: Variants) -> str:
    if v.drop_partial_note:
        text = re.sub(r"（区分处理的[^）]*）", "", text)
    if v.enum_comma:
        text = re.sub(r"^(\d)\.", r"\1、", text)
    if v.half_width_brackets:
        text = text.replace("（", "(").replace("）", ")")
    if v.typo and text.startswith("2.没有现成信息"):
        text = text.replace("需要", "需")
    if v.spaced_heading and text.startswith("第二十条"):
        text = text.replace("条第", "条 第")
    if v.label_breaks and len(text) > 12:
        text = text[: len(text) // 2] + "\n" + text[len(text) // 2 :]
    return text


def _value_text(cell_id: str, source: Source, v: Variants) -> str:
    if cell_id in v.blank_cells:
        return v.blank_cells[cell_id]
    text = source.values.get(cell_id, "")
    if v.thousands and re.fullmatch(r"\d{4,}", text):
        text = f"{int(text):,}"
    if v.full_width_digits:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


# -- official layouts --------------------------------------------------------------------------


def _header_rows(table: TableSpec, label_columns: int, v: Variants) -> list[list[Cell]]:
    depth = table.header_depth
    rows: list[list[Cell]] = [[] for _ in range(depth)]
    if label_columns:
        rows[0].append(Cell(_label(table.corner or "", v), colspan=label_columns, rowspan=depth))
    columns = table.columns
    for level in range(depth):
        index = 0
        while index < len(columns):
            path = columns[index].path
            if len(path) <= level:
                index += 1
                continue
            span = 1
            while index + span < len(columns) and columns[index + span].path[: level + 1] == path[: level + 1]:
                span += 1
            rowspan = depth - level if level == len(path) - 1 else 1
            rows[level].append(Cell(_label(path[level], v), colspan=span, rowspan=rowspan))
            index += span
    return rows


def _data_rows(table: TableSpec, source: Source, v: Variants, depth: int | None = None) -> list[list[Cell]]:
    depth = table.label_depth if depth is None else depth
    rows: list[list[Cell]] = []
    for r, row in enumerate(table.rows):
        cells: list[Cell] = []
        for level in range(depth):
            if len(row.path) <= level:
                continue
            prefix = row.path[: level + 1]
            if r > 0 and table.rows[r - 1].path[: level + 1] == prefix:
                continue
            span = 1
            while r + span < len(table.rows) and table.rows[r + span].path[: level + 1] == prefix:
                span += 1
            colspan = depth - level if level == len(row.path) - 1 else 1
            cells.append(Cell(_label(row.path[level], v), colspan=colspan, rowspan=span))
        for column in table.columns:
            cells.append(Cell(_value_text(table.cell_id(row.key, column.key), source, v), value=True))
        rows.append(cells)
    return rows


def proactive_rows(source: Source, v: Variants) -> list[list[Cell]]:
    """表二 as one table of 4 grid columns (as TPL2021.docx): single value cells span 3."""
    rows: list[list[Cell]] = []
    for table in source.edition.tables_of(SectionKey.PROACTIVE):
        spans = _spread(len(table.columns), 3)
        rows.append([Cell(_label(table.heading or "", v), colspan=4)])
        rows.append(
            [Cell("信息内容")]
            + [Cell(_label(c.label, v), colspan=s) for c, s in zip(table.columns, spans, strict=True)]
        )
        for row in table.rows:
            cells = [Cell(_label(row.label, v))]
            for column, span in zip(table.columns, spans, strict=True):
                text = _value_text(table.cell_id(row.key, column.key), source, v)
                cells.append(Cell(text, colspan=span, value=True))
            rows.append(cells)
    return rows


def _spread(count: int, width: int) -> list[int]:
    spans = [width // count] * count
    spans[-1] += width - sum(spans)
    return spans


def table_blocks(source: Source, v: Variants) -> dict[SectionKey, list[list[list[Cell]]]]:
    """Per table section, the tables (one or more when split) as rows of cells."""
    t3 = source.edition.table("t3")
    t4 = source.edition.table("t4")
    header3 = _header_rows(t3, t3.label_depth, v)
    data3 = _data_rows(t3, source, v)
    if v.split_t3_at is not None:
        cut = v.split_t3_at
        # Rows whose vertical merge would cross the cut are started again in the continuation.
        first = header3 + data3[:cut]
        rest = _restart_merges(data3, cut, t3, source, v)
        requests = [first, (header3 if v.repeat_header else []) + rest]
    else:
        requests = [header3 + data3]
    return {
        SectionKey.PROACTIVE: [proactive_rows(source, v)],
        SectionKey.REQUESTS: requests,
        SectionKey.APPEALS: [_header_rows(t4, 0, v) + _data_rows(t4, source, v)],
    }


def _restart_merges(
    data: list[list[Cell]], cut: int, table: TableSpec, source: Source, v: Variants
) -> list[list[Cell]]:
    """The rows after `cut` laid out as a table of their own (merges restart after a page break)."""
    sub = TableSpec(table.key, table.section, table.title, table.rows[cut:], table.columns, table.corner)
    return _data_rows(sub, source, v, depth=table.label_depth)


# -- Word --------------------------------------------------------------------------------------


def _w_text(text: str) -> str:
    parts = text.split("\n")
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in parts)
    return f"<w:r>{runs}</w:r>"


def _w_value(text: str, v: Variants, index: int) -> str:
    if not text:
        return ""
    if v.fields and index % 3 == 0:
        return f'<w:fldSimple w:instr=" = {escape(text)} "><w:r><w:t>{escape(text)}</w:t></w:r></w:fldSimple>'
    if v.fields and index % 3 == 1:
        return (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> = 999 </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{escape(text)}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
    if v.textbox_value and index == 5:
        box = f"<w:txbxContent><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:txbxContent>"
        return (
            '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f'<mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">{box}</wps:txbx></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:textbox xmlns:v="urn:schemas-microsoft-com:vml">{box}</v:textbox></w:pict></mc:Fallback>'
            "</mc:AlternateContent></w:r>"
        )
    return _w_text(text)


def _docx_table(rows: list[list[Cell]], v: Variants) -> str:
    """Rows with rowspans → Word's vMerge restart/continue cells on a full grid."""
    width = sum(c.colspan for c in rows[0]) if rows else 0
    for row in rows:
        width = max(width, sum(c.colspan for c in row))
    pending: dict[int, tuple[int, int]] = {}  # column → (rows left, colspan) of a vertical merge
    xml_rows: list[str] = []
    counter = 0
    for row in rows:
        cells_xml: list[str] = []
        column = 0
        queue = list(row)
        while column < width:
            if column in pending:
                left, span = pending[column]
                cells_xml.append(_tc("", span, "continue"))
                pending[column] = (left - 1, span) if left > 1 else (0, span)
                if left <= 1:
                    del pending[column]
                column += span
                continue
            if not queue:
                cells_xml.append(_tc("", 1, None))
                column += 1
                continue
            cell = queue.pop(0)
            if cell.rowspan > 1:
                pending[column] = (cell.rowspan - 1, cell.colspan)
            content = _w_value(cell.text, v, counter) if cell.value else _w_text(cell.text)
            counter += cell.value
            cells_xml.append(_tc(content, cell.colspan, "restart" if cell.rowspan > 1 else None, raw=True))
            column += cell.colspan
        xml_rows.append(f"<w:tr>{''.join(cells_xml)}</w:tr>")
    grid = "".join('<w:gridCol w:w="800"/>' for _ in range(width))
    return (
        f'<w:tbl {W_NS}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(xml_rows)}</w:tbl>"
    )


def _tc(content: str, span: int, merge: str | None, raw: bool = False) -> str:
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{content if raw else ''}</w:p></w:tc>"


def _title_lines(source: Source, v: Variants) -> list[str]:
    year = source.year
    return [
        [f"{source.agency} {year}年政府信息公开工作年度报告"],
        [source.agency, f"{year}年政府信息公开工作年度报告"],
        [f"{source.agency}{year}年度政府信息公开工作年度报告"],
        [source.agency, "政府信息公开工作年度报告"],
    ][v.title_style]


SECTION_ORDER = (
    (SectionKey.OVERVIEW, "一、总体情况"),
    (SectionKey.PROACTIVE, "二、主动公开政府信息情况"),
    (SectionKey.REQUESTS, "三、收到和处理政府信息公开申请情况"),
    (SectionKey.APPEALS, "四、政府信息公开行政复议、行政诉讼情况"),
    (SectionKey.PROBLEMS, "五、存在的主要问题及改进情况"),
    (SectionKey.OTHER, "六、其他需要报告的事项"),
)


Tables = dict[SectionKey, list[list[list[Cell]]]]


def build_docx(
    source: Source, path: Path, v: Variants = Variants(), tables: Tables | None = None, site: SitePage | None = None
) -> Path:
    """`tables` replaces the tables built from `source` (to print another edition's layout); `site`
    wraps the report in a web site's text, as a Word file converted from a web page has it."""
    site = site or SitePage()
    document = Document()
    body = document.element.body
    for menu in site.header:
        for line in menu if site.menu_per_line else ("  ".join(menu),):
            document.add_paragraph(line)
    if site.meta_table:
        body.sectPr.addprevious(parse_xml(_docx_table([[Cell(k), Cell(v_)] for k, v_ in site.meta_table], v)))
    for line in site.title or _title_lines(source, v):
        document.add_paragraph(line)
    for line in (*site.meta, *source.preamble):
        document.add_paragraph(line)
    tables = tables if tables is not None else table_blocks(source, v)
    for key, heading in SECTION_ORDER:
        document.add_paragraph(site.headings.get(key, heading))
        for line in source.texts.get(key, []):
            document.add_paragraph(line)
        for rows in tables.get(key, []):
            body.sectPr.addprevious(parse_xml(_docx_table(rows, v)))
            document.add_paragraph("")
    for line in site.closing:
        document.add_paragraph(line)
    for menu in site.footer:
        for line in menu if site.menu_per_line else ("  ".join(menu),):
            document.add_paragraph(line)
    document.save(str(path))
    return path


# -- web page ----------------------------------------------------------------------------------


def _html_text(text: str) -> str:
    return "<br>".join(escape(p) for p in text.split("\n"))


def _html_table(rows: list[list[Cell]], v: Variants) -> str:
    out = ['<table border="1" cellspacing="0" style="border-collapse:collapse">']
    for index, row in enumerate(rows):
        out.append("<tr>")
        for cell in row:
            tag = "th" if index == 0 and not cell.value else "td"
            attrs = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            )
            out.append(f'<{tag}{attrs}><p style="text-align:center"><span>{_html_text(cell.text)}</span></p></{tag}>')
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def _html_menu(items: tuple[str, ...], as_list: bool) -> str:
    if as_list:
        return "<ul class='menu'>" + "".join(f"<li><a href='#'>{escape(i)}</a></li>" for i in items) + "</ul>"
    return "<div class='bar'>" + " | ".join(f"<a href='#'>{escape(i)}</a>" for i in items) + "</div>"


def build_html(
    source: Source,
    path: Path,
    v: Variants = Variants(),
    encoding: str = "utf-8",
    tables: Tables | None = None,
    site: SitePage | None = None,
) -> Path:
    site = site or SitePage()
    charset = "gb2312" if encoding in ("gbk", "gb18030", "gb2312") else encoding
    parts = [
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{escape(site.page_title)}</title><style>p{{margin:0}}</style>"
        "<script>var x='一、总体情况';</script></head><body>",
        "<nav><a href='/'>首页</a> 政务公开 政府信息公开年报</nav>",
        "<div class='header'>",
        *(_html_menu(menu, site.menu_as_list) for menu in site.header),
        "</div>",
    ]
    if site.meta_table:
        cells = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v_)}</td></tr>" for k, v_ in site.meta_table)
        parts.append(f"<table class='info'>{cells}</table>")
    if v.layout_table:
        parts.append('<table width="100%"><tr><td class="content">')
    parts.append('<div class="article">')
    for line in site.title or _title_lines(source, v):
        parts.append(f'<h1 style="text-align:center">{escape(line)}</h1>')
    for line in site.meta:
        parts.append(f"<div class='info'>{escape(line)}</div>")
    for line in source.preamble:
        parts.append(f"<p>{escape(line)}</p>")
    tables = tables if tables is not None else table_blocks(source, v)
    for key, heading in SECTION_ORDER:
        parts.append(f"<p><strong>{escape(site.headings.get(key, heading))}</strong></p>")
        for line in source.texts.get(key, []):
            parts.append(f"<p>　　{escape(line)}</p>")
        for rows in tables.get(key, []):
            parts.append(_html_table(rows, v))
    for line in site.closing:
        parts.append(f'<p style="text-align:right">{escape(line)}</p>')
    parts.append("</div>")
    if v.layout_table:
        parts.append("</td></tr></table>")
    parts.extend(f"<div class='footer'>{_html_menu(menu, site.menu_as_list)}</div>" for menu in site.footer)
    parts.append("<div class='footer'><script>document.write('x')</script></div></body></html>")
    path.write_bytes("\n".join(parts).encode("gb18030" if charset == "gb2312" else encoding))
    return path
