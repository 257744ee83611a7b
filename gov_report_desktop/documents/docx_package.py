"""The parts around document.xml that Word and WPS read first: fonts, settings, properties.

python-docx starts from a Word 2010 template for the Mac and keeps its leftovers: a
stylesWithEffects part describing 156 styles the document no longer has (Word then "repairs" the
file), compatibility mode 14 ("[兼容模式]" in the title bar), a font table of Western and Japanese
fonts, "Microsoft Macintosh Word" in app.xml, a blank thumbnail, a bibliography part and the same
w14:docId in every file. `finish_package` replaces all of it with what a document made in current
Word carries.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from .. import APP_NAME, __version__
from .ooxml import clark, ensure_child, make, xml_safe

__all__ = ["FONTS", "FontInfo", "finish_package", "fonts_used", "limit_property"]

_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_APP_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_FONT_TABLE_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
# Word's limit for a core property it shows in 文件 → 信息 (the OPC schema has none, Word refuses more).
PROPERTY_LIMIT = 255
COMPATIBILITY_MODE = "15"  # Word 2013 and later: no "[兼容模式]"


@dataclass(frozen=True)
class FontInfo:
    """What Word and WPS need to pick a substitute when the font is not installed.

    `alt_name` is the first choice (仿宋_GB2312 → 仿宋, shipped with every Chinese Windows); the
    charset (86 = GB2312), PANOSE class and family guide the choice when that is missing too.
    """

    alt_name: str | None
    panose: str
    charset: str
    family: str
    pitch: str
    sig: tuple[str, str, str, str, str, str]


# Code-page bit 18 (csb0 00040000) = Simplified Chinese; the Unicode ranges are those the fonts
# themselves declare (CJK ideographs, full-width forms).
_GB2312_SIG = ("00000001", "080E0000", "00000010", "00000000", "00040000", "00000000")
FONTS: dict[str, FontInfo] = {
    "Times New Roman": FontInfo(
        None, "02020603050405020304", "00", "roman", "variable",
        ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000"),
    ),
    "仿宋_GB2312": FontInfo("仿宋", "02010609030101010101", "86", "modern", "fixed", _GB2312_SIG),
    "楷体_GB2312": FontInfo("楷体", "02010609030101010101", "86", "modern", "fixed", _GB2312_SIG),
    # No metric-compatible free 小标宋 exists; a Song face is what a clerk's PC falls back to.
    "方正小标宋简体": FontInfo("宋体", "02010600030101010101", "86", "auto", "variable", _GB2312_SIG),
    "黑体": FontInfo(
        "SimHei", "02010609060101010101", "86", "modern", "fixed",
        ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000"),
    ),
    "宋体": FontInfo(
        "SimSun", "02010600030101010101", "86", "auto", "variable",
        ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000"),
    ),
}  # fmt: skip

_FONT_ATTRIBUTES = tuple(clark(f"w:{name}") for name in ("ascii", "hAnsi", "eastAsia", "cs"))
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_LATIN_WORD = re.compile(r"[^\s\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def limit_property(text: str) -> str:
    """A core property within Word's 255 characters (longer agency names are cut, never refused)."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"


def finish_package(document: Document, *, company: str) -> None:
    """Drop the template's leftovers and write our own font table, settings and app.xml."""
    _drop_leftover_parts(document)
    _set_compatibility(document)
    _replace_part(document, RT.FONT_TABLE, "/word/fontTable.xml", _FONT_TABLE_CONTENT_TYPE, font_table(document))
    app = app_properties(document, company=company)
    _replace_package_part(document, RT.EXTENDED_PROPERTIES, "/docProps/app.xml", _APP_CONTENT_TYPE, app)


def _drop_leftover_parts(document: Document) -> None:
    """A part no relationship points to is not saved, and its content type goes with it."""
    part = document.part
    unused = {_STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.NUMBERING}
    for r_id in [r_id for r_id, rel in part.rels.items() if rel.reltype in unused]:
        del part.rels[r_id]
    package_rels = part.package.rels
    for r_id in [r_id for r_id, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[r_id]


def _set_compatibility(document: Document) -> None:
    settings = document.settings.element
    # The template's editing-session ids and its "spelling and grammar checked" claim are not ours.
    for leftover in ("w:rsids", "w:proofState"):
        for element in settings.findall(clark(leftover)):
            settings.remove(element)
    compat = settings.find(clark("w:compat"))
    if compat is None:
        compat = ensure_child(settings, "w:compat")
    for setting in compat.findall(clark("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), COMPATIBILITY_MODE)
            break
    else:
        make("w:compatSetting", compat, name="compatibilityMode", uri="http://schemas.microsoft.com/office/word",
             val=COMPATIBILITY_MODE)  # fmt: skip
    # Word identifies a document (for comparing and merging) by this id: every export is a new one.
    doc_id = settings.find(f"{{{_W14}}}docId")
    if doc_id is not None:
        doc_id.set(f"{{{_W14}}}val", f"{secrets.randbits(31) + 1:08X}")


def fonts_used(document: Document) -> list[str]:
    """Every font named in styles, body and footers, in order of first use."""
    roots = [document.styles.element, document.element]
    roots += [
        footer.part.element for section in document.sections for footer in (section.footer, section.even_page_footer)
    ]
    names: dict[str, None] = {}
    for root in roots:
        for fonts in root.iter(clark("w:rFonts")):
            for attribute in _FONT_ATTRIBUTES:
                name = fonts.get(attribute)
                if name:
                    names[name] = None
    return list(names)


def font_table(document: Document) -> bytes:
    root = make("w:fonts")
    for name in fonts_used(document):
        info = FONTS.get(name)
        if info is None:
            raise ValueError(f"字体“{name}”没有替换信息（docx_package.FONTS）")
        font = make("w:font", root, name=name)
        if info.alt_name:
            make("w:altName", font, val=info.alt_name)
        make("w:panose1", font, val=info.panose)
        make("w:charset", font, val=info.charset)
        make("w:family", font, val=info.family)
        make("w:pitch", font, val=info.pitch)
        keys = ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1")
        make("w:sig", font, **dict(zip(keys, info.sig, strict=True)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _body_text(document: Document) -> list[str]:
    body = document.element.body
    return ["".join(t.text or "" for t in p.iter(clark("w:t"))) for p in body.iter(clark("w:p"))]


def app_properties(document: Document, *, company: str) -> bytes:
    """docProps/app.xml: this program, its version, the agency, and the counts Word shows in 字数统计."""
    paragraphs = [text for text in _body_text(document) if text]
    text = "".join(paragraphs)
    characters = len(re.sub(r"\s", "", text))
    # Word counts each Chinese character as a word, and each run of other non-space characters as one.
    words = len(_CJK.findall(text)) + len(_LATIN_WORD.findall(text))
    major, minor, patch = ([*(int(p) for p in __version__.split(".")[:3] if p.isdigit()), 0, 0, 0])[:3]
    namespace = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.fromstring(f'<Properties xmlns="{namespace}"/>')
    for name, value in (
        ("TotalTime", "0"),
        ("Words", str(words)),
        ("Characters", str(characters)),
        ("Application", APP_NAME),
        ("DocSecurity", "0"),
        ("Paragraphs", str(len(paragraphs))),
        ("ScaleCrop", "false"),
        ("Company", limit_property(xml_safe(company))),
        ("LinksUpToDate", "false"),
        ("CharactersWithSpaces", str(len(text))),
        ("SharedDoc", "false"),
        ("HyperlinksChanged", "false"),
        # "XX.YYYY", as Office writes it: 0.1.0 → 00.0100.
        ("AppVersion", f"{major:02d}.{minor:02d}{patch:02d}"),
    ):
        etree.SubElement(root, f"{{{namespace}}}{name}").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _replace_part(document: Document, reltype: str, name: str, content_type: str, blob: bytes) -> None:
    part = document.part
    for r_id in [r_id for r_id, rel in part.rels.items() if rel.reltype == reltype]:
        del part.rels[r_id]
    part.relate_to(Part(PackURI(name), content_type, blob, part.package), reltype)


def _replace_package_part(document: Document, reltype: str, name: str, content_type: str, blob: bytes) -> None:
    package = document.part.package
    for r_id in [r_id for r_id, rel in package.rels.items() if rel.reltype == reltype]:
        del package.rels[r_id]
    package.relate_to(Part(PackURI(name), content_type, blob, package), reltype)
