"""Reading an exported .docx back: merged-cell grids of its tables and its paragraphs.

Imported by the other test_export_* modules; it holds no tests itself.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class ReadCell:
    row: int
    column: int
    text: str
    width: int = 1
    height: int = 1


@dataclass
class ReadTable:
    rows: int
    columns: int
    cells: dict[tuple[int, int], ReadCell] = field(default_factory=dict)  # origin → merged cell
    header_rows: list[bool] = field(default_factory=list)
    cant_split: list[bool] = field(default_factory=list)
    grid_widths: list[int] = field(default_factory=list)

    def at(self, row: int, column: int) -> ReadCell:
        """The merged cell covering (row, column)."""
        for cell in self.cells.values():
            if cell.row <= row < cell.row + cell.height and cell.column <= column < cell.column + cell.width:
                return cell
        raise KeyError((row, column))

    def texts(self) -> list[str]:
        return [c.text for c in self.cells.values()]

    def find(self, text: str) -> ReadCell:
        matches = [c for c in self.cells.values() if c.text == text]
        assert len(matches) == 1, f"「{text}」出现 {len(matches)} 次"
        return matches[0]


def cell_text(element: etree._Element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in element.iter(qn("w:p")))


def read_table(tbl: etree._Element) -> ReadTable:
    """Rebuild the merged-cell grid from gridSpan and vMerge, as Word does."""
    widths = [int(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    table = ReadTable(rows=0, columns=len(widths), grid_widths=widths)
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        table.rows = r + 1
        tr_pr = tr.find(qn("w:trPr"))
        table.header_rows.append(tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None)
        table.cant_split.append(tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None)
        column = 0
        for tc in tr.findall(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            span_element = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
            span = int(span_element.get(qn("w:val"))) if span_element is not None else 1
            merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            continues = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            if continues:
                origin = owner[(r - 1, column)]
                cell = table.cells[origin]
                assert cell.width == span, f"第{r + 1}行第{column + 1}列：纵向合并的宽度不一致"
                assert cell_text(tc) == "", "纵向合并的续格不应有文字"
                cell.height = r - cell.row + 1
            else:
                origin = (r, column)
                table.cells[origin] = ReadCell(r, column, cell_text(tc), width=span)
            for c in range(column, column + span):
                owner[(r, c)] = origin
            column += span
        assert column == table.columns, f"第{r + 1}行共 {column} 格，网格为 {table.columns} 列"
    return table


def document_xml(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def body_tables(path: Path) -> list[ReadTable]:
    body = document_xml(path).find(qn("w:body"))
    return [read_table(t) for t in body.findall(qn("w:tbl"))]


def body_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style id, text) of each top-level paragraph of the body."""
    body = document_xml(path).find(qn("w:body"))
    result = []
    for p in body.findall(qn("w:p")):
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if any(True for _ in p.iter(qn("w:br"))):
            text = "\n".join("".join(t.text or "" for t in r.iter(qn("w:t"))) for r in _br_groups(p))
        result.append((style.get(qn("w:val")) if style is not None else "Normal", text))
    return result


def _br_groups(p: etree._Element) -> list[etree._Element]:
    """Split a paragraph's runs at line breaks into pseudo-elements holding the runs of each line."""
    groups: list[etree._Element] = [etree.Element("line")]
    for run in p.findall(qn("w:r")):
        if run.find(qn("w:br")) is not None:
            groups.append(etree.Element("line"))
        else:
            groups[-1].append(etree.fromstring(etree.tostring(run)))
    return groups
