"""Raw WordprocessingML helpers for what python-docx has no API for.

Word calls a file corrupt when child elements appear out of the order the schema prescribes, so
every child this module adds goes through `ensure_child`, which inserts it at its schema position
(ECMA-376 Part 1, transitional `wml.xsd`). Only the parents this exporter touches are listed.
"""

from __future__ import annotations

import copy
import re
from functools import cache

from docx.oxml.ns import qn
from lxml import etree


def _sequence(names: str) -> tuple[str, ...]:
    return tuple(f"w:{name}" for name in names.split())


# Child sequences of the complex types we write into (ECMA-376 transitional, wml.xsd).
SCHEMA_SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:rPr": _sequence(
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
        "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ),
    "w:pPr": _sequence(
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
        "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ),
    "w:tblPr": _sequence(
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription "
        "tblPrChange"
    ),
    "w:tcPr": _sequence(
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
        "hideMark headers cellIns cellDel cellMerge tcPrChange"
    ),
    "w:sectPr": _sequence(
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
        "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
        "printerSettings sectPrChange"
    ),
    "w:style": _sequence(
        "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
        "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
    ),
    "w:docDefaults": _sequence("rPrDefault pPrDefault"),
    # Containers whose properties element comes before any content.
    "w:p": _sequence("pPr"),
    "w:r": _sequence("rPr"),
    "w:tbl": _sequence("tblPr tblGrid"),
    "w:tr": _sequence("tblPrEx trPr"),
    "w:tc": _sequence("tcPr"),
    "w:rPrDefault": _sequence("rPr"),
    "w:pPrDefault": _sequence("pPr"),
}
# The header/footer references form one group at the start of sectPr (a choice, any order).
_SAME_RANK = {"w:footerReference": "w:headerReference"}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TWIPS_PER_MM = 1440 / 25.4


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def half_points(pt: float) -> str:
    return str(round(pt * 2))


@cache
def clark(tag: str) -> str:
    """`w:val` → `{namespace}val` (cached: the exporter asks for the same few names thousands of times)."""
    return qn(tag)


def make(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    """A new `w:` element, appended to `parent` when given; attribute names without prefix (`val="x"`).

    Building in place (SubElement) is several times faster than python-docx's OxmlElement and needs no
    namespace declaration of its own; a standalone element declares `w:` itself.
    """
    name = clark(tag)
    element = etree.Element(name, nsmap={"w": _W}) if parent is None else etree.SubElement(parent, name)
    for name, value in attrs.items():
        element.set(clark(f"w:{name}"), value)
    return element


def _rank(parent_tag: str, tag: str) -> int:
    """Position in the parent's sequence; content that is not a listed property element comes last."""
    sequence = SCHEMA_SEQUENCES[parent_tag]
    tag = _SAME_RANK.get(tag, tag)
    return sequence.index(tag) if tag in sequence else len(sequence)


def _prefixed(element: etree._Element) -> str:
    name = etree.QName(element)
    return ("w:" if name.namespace == _W else "{other}") + name.localname


def ensure_child(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """The existing `tag` child of `parent`, or a new one at its schema position; sets `attrs`."""
    child = parent.find(clark(tag))
    if child is None:
        child = parent.makeelement(clark(tag))
        parent_tag = _prefixed(parent)
        rank = _rank(parent_tag, tag)
        successor = next(
            (
                sibling
                for sibling in parent
                if isinstance(sibling.tag, str) and _rank(parent_tag, _prefixed(sibling)) > rank
            ),
            None,
        )
        if successor is None:
            parent.append(child)
        else:
            successor.addprevious(child)
    for name, value in attrs.items():
        child.set(clark(f"w:{name}"), value)
    return child


def remove_children(parent: etree._Element, tag: str) -> None:
    for child in parent.findall(qn(tag)):
        parent.remove(child)


def set_fonts(rpr: etree._Element, *, latin: str, east_asia: str, hint_east_asia: bool = False) -> None:
    """Name the font in every slot; theme attributes would override the explicit names."""
    fonts = ensure_child(rpr, "w:rFonts")
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    if hint_east_asia:
        # Quotes “” and similar ambiguous characters then take the Chinese font, as in WPS.
        fonts.set(qn("w:hint"), "eastAsia")
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def set_size(rpr: etree._Element, pt: float) -> None:
    ensure_child(rpr, "w:sz", val=half_points(pt))
    ensure_child(rpr, "w:szCs", val=half_points(pt))


def strip_theme_fonts(root: etree._Element) -> int:
    """Remove every `*Theme` font attribute below `root`; returns how many were removed."""
    removed = 0
    for fonts in root.iter(qn("w:rFonts")):
        for attribute in list(fonts.attrib):
            if etree.QName(attribute).localname.lower().endswith("theme"):
                del fonts.attrib[attribute]
                removed += 1
    return removed


def add_page_field(paragraph: etree._Element, run_properties: etree._Element | None) -> None:
    """Append the runs of a PAGE field (begin, instruction, separate, placeholder, end)."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = make("w:r", paragraph)
        if run_properties is not None:
            run.append(copy.deepcopy(run_properties))
        if kind is not None:
            make("w:fldChar", run, fldCharType=kind)
        elif text == " PAGE ":
            instruction = make("w:instrText", run)
            instruction.set(_XML_SPACE, "preserve")
            instruction.text = text
        else:
            make("w:t", run).text = text


# XML 1.0 cannot hold C0 control characters (except tab, LF, CR), lone surrogates or U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML cannot store (all invisible: pasted control codes)."""
    return _NOT_XML.sub("", text)


def add_text_run(paragraph: etree._Element, text: str, run_properties: etree._Element | None = None) -> etree._Element:
    run = make("w:r", paragraph)
    if run_properties is not None:
        run.append(copy.deepcopy(run_properties))
    t = make("w:t", run)
    text = xml_safe(text)
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")
    t.text = text
    return run
