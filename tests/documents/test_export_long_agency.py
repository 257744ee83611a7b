"""Any agency name the model accepts exports: document properties capped, the title wrapped."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest

from gov_report_desktop.documents.export_docx import TITLE_MAX_LINE, export_report, title_lines
from gov_report_desktop.documents.export_html import build_html
from gov_report_desktop.domain.model import Report


@pytest.mark.parametrize("length", [66, 240, 300, 5_000])
def test_long_agency_names_export(tmp_path: Path, length: int) -> None:
    agency = ("上海市普陀区民政局" * (length // 9 + 1))[:length]
    target = tmp_path / "长名称.docx"
    export_report(Report.new(2021, agency), target)
    properties = docx.Document(str(target)).core_properties
    assert len(properties.title) <= 255
    assert len(properties.author) <= 255
    assert properties.author.startswith(agency[:200])
    lines = title_lines(agency, 2021)
    assert "".join(lines) == f"{agency}2021年政府信息公开工作年度报告"
    assert max(len(line) for line in lines) <= TITLE_MAX_LINE


def test_a_million_character_agency_name_wraps_in_linear_time() -> None:
    agency = "某" * 1_000_000
    started = time.perf_counter()
    lines = title_lines(agency, 2021)  # was: "maximum recursion depth exceeded" after 5.8 s and 2 GB
    assert time.perf_counter() - started < 10  # the budget for any input; ~0.1 s when idle
    assert "".join(lines) == f"{agency}2021年政府信息公开工作年度报告"
    assert max(len(line) for line in lines) <= TITLE_MAX_LINE


PINGTAN = "福建省平潭综合实验区管理委员会办公室"


def test_word_title_breaks_between_the_name_and_the_year(tmp_path: Path) -> None:
    target = tmp_path / "平潭.docx"
    export_report(Report.new(2026, PINGTAN), target)
    title = docx.Document(str(target)).paragraphs[0]
    assert title.text == f"{PINGTAN}\n2026年政府信息公开工作年度报告"


def test_web_page_title_breaks_between_the_name_and_the_year() -> None:
    page = build_html(Report.new(2026, PINGTAN))
    assert f">{PINGTAN}<br>2026年政府信息公开工作年度报告</h1>" in page
