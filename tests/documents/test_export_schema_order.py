"""Every element of the exported parts in the child order the OOXML schema prescribes.

Word reports a file whose property elements are out of order as corrupt. The orders below are
written down from ECMA-376 Part 1 (wml.xsd: CT_RPr/EG_RPrBase, CT_PPrBase + CT_PPr, CT_TblPrBase,
CT_TcPrBase, CT_TrPrBase, CT_SectPr, CT_Style, CT_DocDefaults, CT_TblBorders, CT_TblCellMar, CT_Tbl,
CT_Row, CT_Tc) independently of the exporter's own table in `ooxml.py`. An element the list does not
know is also a failure: it is either misspelt or needs adding here after checking the schema.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

RPR = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath rPrChange"
)
PPR = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
TBLPR = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd "
    "tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
)
TCPR = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark "
    "headers cellIns cellDel cellMerge tcPrChange"
)
SECTPR = (
    "headerReference|footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType "
    "cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings sectPrChange"
)
STYLE = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat locked "
    "personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
)
# CT_TrPrBase is a repeating choice: any order, but only these elements.
TRPR_CHOICE = {
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
    "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
}  # fmt: skip


def ranks(sequence: str) -> dict[str, int]:
    """Each element name → its position; names joined by | share a position (a choice group)."""
    return {name: index for index, group in enumerate(sequence.split()) for name in group.split("|")}


ORDERS: dict[str, dict[str, int]] = {
    "rPr": ranks(RPR),
    "pPr": ranks(PPR),
    "tblPr": ranks(TBLPR),
    "tcPr": ranks(TCPR),
    "sectPr": ranks(SECTPR),
    "style": ranks(STYLE),
    "docDefaults": ranks("rPrDefault pPrDefault"),
    "tblBorders": ranks("top left|start bottom right|end insideH insideV tl2br tr2bl"),
    "tblCellMar": ranks("top left|start bottom right|end"),
    "tcBorders": ranks("top left|start bottom right|end insideH insideV tl2br tr2bl"),
}


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def w_children(element: etree._Element) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).namespace == W]


def order_problems(root: etree._Element, part: str) -> list[str]:
    problems: list[str] = []
    for element in root.iter(f"{{{W}}}*"):
        name = local(element)
        children = w_children(element)
        where = f"{part}: <w:{name}> (line {element.sourceline})"
        if name in ORDERS:
            order = ORDERS[name]
            last = -1
            for child in children:
                child_name = local(child)
                if child_name not in order:
                    problems.append(f"{where}: <w:{child_name}> is not allowed here")
                    continue
                if order[child_name] < last:
                    problems.append(f"{where}: <w:{child_name}> is out of schema order")
                last = max(last, order[child_name])
        elif name == "trPr":
            problems += [f"{where}: <w:{local(c)}> not allowed" for c in children if local(c) not in TRPR_CHOICE]
        elif name == "tbl":
            problems += structure_problems(where, [local(c) for c in children], ["tblPr", "tblGrid"], {"tr"})
        elif name == "tr":
            problems += structure_problems(where, [local(c) for c in children], ["tblPrEx?", "trPr?"], {"tc"})
        elif name == "tc":
            names = [local(c) for c in children]
            problems += structure_problems(where, names, ["tcPr?"], {"p", "tbl"})
            if "p" not in names:
                problems.append(f"{where}: a table cell needs at least one paragraph")
            elif names[-1] != "p":
                problems.append(f"{where}: a table cell must end with a paragraph")
        elif name in {"p", "r"}:
            properties = "pPr" if name == "p" else "rPr"
            names = [local(c) for c in children]
            if properties in names and names.index(properties) != 0:
                problems.append(f"{where}: <w:{properties}> must come first")
    return problems


def structure_problems(where: str, names: list[str], head: list[str], body: set[str]) -> list[str]:
    """`head` elements first in this order (`?` = optional), then only `body` elements."""
    index = 0
    for expected in head:
        optional = expected.endswith("?")
        expected = expected.rstrip("?")
        if index < len(names) and names[index] == expected:
            index += 1
        elif not optional:
            return [f"{where}: <w:{expected}> missing or misplaced"]
    misplaced = [n for n in names[index:] if n not in body and n not in {"bookmarkStart", "bookmarkEnd"}]
    return [f"{where}: <w:{n}> out of place" for n in misplaced]


def parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
        return {n: etree.fromstring(archive.read(n)) for n in names if "theme" not in n}


@pytest.mark.parametrize(
    "report",
    [load_report(PUTUO), load_report(HUAIAN), Report.new(2019, "某区"), Report.new(2026, "")],
    ids=["putuo", "huaian", "empty-2019", "empty-2026"],
)
def test_every_element_is_in_schema_order(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "年报.docx"
    export_report(report, path)
    problems = [p for part, root in parts(path).items() for p in order_problems(root, part)]
    assert problems == [], "\n".join(problems[:30])


def test_the_checker_catches_an_out_of_order_element() -> None:
    """The checker itself must fail on the mistakes the tech notes saw (sz before spacing, jc before snapToGrid)."""
    bad = etree.fromstring(
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:pPr><w:jc w:val="center"/><w:snapToGrid w:val="0"/></w:pPr>'
        '<w:r><w:rPr><w:sz w:val="32"/><w:spacing w:val="-5"/></w:rPr><w:t>x</w:t></w:r></w:p>'
        "<w:tbl><w:tblGrid/><w:tblPr/><w:tr><w:tc><w:tcPr><w:vAlign w:val='center'/><w:gridSpan w:val='2'/></w:tcPr>"
        "</w:tc></w:tr></w:tbl></w:body></w:document>"
    )
    problems = "\n".join(order_problems(bad, "test"))
    assert "<w:snapToGrid> is out of schema order" in problems
    assert "<w:spacing> is out of schema order" in problems
    assert "<w:gridSpan> is out of schema order" in problems
    assert "<w:tblPr> missing or misplaced" in problems
    assert "at least one paragraph" in problems
