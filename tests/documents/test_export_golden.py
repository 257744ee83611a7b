"""Golden files: word/document.xml and word/styles.xml of both examples' exports (2019 edition: Putuo
2020; 2021 edition: Huai'an 2024), so any change is a visible diff.

After an intended change to the output, regenerate and review the diff in git:

    UPDATE_GOLDEN=1 /work/venv/bin/python -m pytest tests/documents/test_export_golden.py
"""

from __future__ import annotations

import difflib
import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from gov_report_desktop.documents.export_docx import export_report
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO, ROOT

GOLDEN = ROOT / "tests" / "golden"
SOURCES = {"putuo-2020": PUTUO, "huaian-2024": HUAIAN}
PARTS = {"word/document.xml": "document.xml", "word/styles.xml": "styles.xml"}
# Revision ids identify editing sessions, not content; python-docx's template carries some.
VOLATILE_ATTRIBUTE = re.compile(r"^\{[^}]+\}rsid")


def normalise(xml: bytes) -> str:
    """One element per line, attributes in a stable order, volatile attributes dropped."""
    root = etree.fromstring(xml)
    for element in root.iter():
        for name in [a for a in element.attrib if VOLATILE_ATTRIBUTE.match(a)]:
            del element.attrib[name]
        if isinstance(element.tag, str) and element.text is not None and not element.text.strip() and len(element):
            element.text = None
        element.tail = None
    canonical = etree.tostring(root, method="c14n")
    return etree.tostring(etree.fromstring(canonical), pretty_print=True, encoding="unicode")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("golden")
    paths = {}
    for name, source in SOURCES.items():
        paths[name] = folder / f"{name}.docx"
        export_report(load_report(source), paths[name])
    return paths


@pytest.mark.parametrize("source", list(SOURCES))
@pytest.mark.parametrize("part", list(PARTS))
def test_part_matches_golden_file(exported: dict[str, Path], source: str, part: str) -> None:
    with zipfile.ZipFile(exported[source]) as archive:
        actual = normalise(archive.read(part))
    golden = GOLDEN / f"{source}.{PARTS[part]}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        pytest.skip(f"golden file {golden.name} rewritten")
    assert golden.exists(), f"{golden} is missing; create it with UPDATE_GOLDEN=1 (see this module's docstring)"
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), f"golden/{golden.name}", f"exported {part}", lineterm="", n=2
        )
        shown = list(diff)[:80]
        pytest.fail(
            f"{part} differs from tests/golden/{golden.name} (first {len(shown)} diff lines below).\n"
            "If the change is intended, regenerate with UPDATE_GOLDEN=1 and review the diff in git.\n"
            + "\n".join(shown)
        )


def test_normalise_is_stable_and_drops_only_volatile_parts() -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    a = f'<w:p xmlns:w="{w}" w:rsidR="00AB"><w:r><w:t xml:space="preserve"> 1 </w:t></w:r></w:p>'.encode()
    b = f'<w:p xmlns:w="{w}" w:rsidR="00CD">\n  <w:r><w:t xml:space="preserve"> 1 </w:t></w:r></w:p>'.encode()
    assert normalise(a) == normalise(b)
    assert "> 1 <" in normalise(a)  # text content, spaces included, is never normalised away
    c = f'<w:p xmlns:w="{w}"><w:r><w:t>2</w:t></w:r></w:p>'.encode()
    assert normalise(a) != normalise(c)
