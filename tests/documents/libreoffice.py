"""Render exported Word files with LibreOffice and read the PDFs back with poppler.

LibreOffice runs with a private profile and a fontconfig file that stands the 公文 fonts in with free
ones (tech-notes §4.5), so line and page breaks are close to a clerk's PC. One `soffice` start
converts a whole batch (about 2 s to start, then a fraction of a second per document).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

RENDERING_TOOLS_MISSING = any(shutil.which(tool) is None for tool in ("soffice", "pdftotext", "pdftoppm"))
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  {aliases}
</fontconfig>
"""
ALIASES = {
    "仿宋_GB2312": "AR PL UMing CN",
    "楷体_GB2312": "AR PL UKai CN",
    "黑体": "Noto Sans CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "Times New Roman": "Liberation Serif",
}


def write_fontconfig(folder: Path, aliases: dict[str, str] = ALIASES) -> Path:
    entries = "\n  ".join(
        f'<alias binding="same"><family>{name}</family><prefer><family>{alias}</family></prefer></alias>'
        for name, alias in aliases.items()
    )
    path = folder / "fonts.conf"
    path.write_text(FONTS_CONF.format(aliases=entries), encoding="utf-8")
    return path


def convert_to_pdf(documents: Sequence[Path], work: Path, aliases: dict[str, str] = ALIASES) -> list[Path]:
    """PDFs of `documents` (written to `work`), converted in one LibreOffice run; `aliases` stand in for the
    公文 fonts."""
    env = {**os.environ, "FONTCONFIG_FILE": str(write_fontconfig(work, aliases)), "HOME": str(work)}
    command = [
        shutil.which("soffice") or "soffice",
        f"-env:UserInstallation=file://{work / 'profile'}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        *(str(document) for document in documents),
    ]
    timeout = 120 + 10 * len(documents)
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, check=False)
    pdfs = [work / f"{document.stem}.pdf" for document in documents]
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    assert missing == [], f"LibreOffice did not convert {missing}: {result.stderr}"
    return pdfs


def pdf_text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@dataclass
class Line:
    text: str
    x_min: float
    x_max: float
    y_min: float


def page_lines(pdf: Path, page: int) -> list[Line]:
    """Text lines of one page with their positions (pdftotext -bbox-layout)."""
    xhtml = pdf_text(pdf, "-f", str(page), "-l", str(page), "-bbox-layout").encode("utf-8")
    root = etree.fromstring(xhtml, etree.XMLParser(recover=True))
    lines = []
    for line in root.iter("{*}line"):
        words = "".join(w.text or "" for w in line.iter("{*}word"))
        lines.append(Line(words, float(line.get("xMin")), float(line.get("xMax")), float(line.get("yMin"))))
    return sorted(lines, key=lambda line: line.y_min)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def without_page_numbers(text: str) -> str:
    return re.sub(r"—\s*\d+\s*—", "", text)
