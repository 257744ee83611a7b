"""The bundled examples hold the whole published reports, and the Putuo report checks clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.rules import Severity, evaluate
from gov_report_desktop.domain.values import format_value
from gov_report_desktop.storage.projectfile import load_report
from tests.conftest import HUAIAN, PUTUO
from tests.support.shared_reports import REAL_DIR, report_from_shared_json

PUTUO_TEXT = Path(__file__).resolve().parents[3] / "shared" / "examples" / "putuo-minzheng-2020.txt"
needs_shared = pytest.mark.skipif(not PUTUO_TEXT.exists(), reason="../shared is not beside the checkout")


def _lines() -> list[str]:
    return [line.strip() for line in PUTUO_TEXT.read_text(encoding="utf-8").splitlines()]


def _between(lines: list[str], start: str, end: str) -> list[str]:
    i = lines.index(start)
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith(end))
    return [line for line in lines[i + 1 : j] if line]


def test_putuo_example_has_no_errors() -> None:
    report = load_report(PUTUO)
    assert report.meta.agency == "上海市普陀区民政局"
    assert (report.meta.year, report.meta.edition) == (2020, "2019")
    assert [f for f in evaluate(report) if f.severity is Severity.ERROR] == []


@needs_shared
def test_putuo_example_holds_every_paragraph() -> None:
    lines = _lines()
    report = load_report(PUTUO)
    assert report.text(SectionKey.OVERVIEW).split("\n") == _between(lines, "一、总体情况", "二、主动公开政府信息情况")
    assert report.text(SectionKey.PROBLEMS).split("\n") == _between(lines, "五、存在的主要问题及改进情况", "六、")
    assert report.text(SectionKey.OTHER) == "无"


@needs_shared
def test_putuo_example_holds_every_table_value_in_order() -> None:
    lines = _lines()
    report = load_report(PUTUO)
    edition = report.edition
    for start, end, table_keys in (
        ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", ["t2_1", "t2_5", "t2_6", "t2_8", "t2_9"]),
        ("三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", ["t3"]),
        ("四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", ["t4"]),
    ):
        published = [
            re.sub(r"\[bookmark: \w+\]", "", line)
            for line in _between(lines, start, end)
            if re.fullmatch(r"(\[bookmark: \w+\])?-?[\d.]+(万元)?", line)
        ]
        ours = [
            format_value(report.get(ref.cell_id), ref.column)
            for key in table_keys
            for ref in (edition.cell(cid) for cid in edition.table(key).cell_ids())
        ]
        assert ours == published, start


@pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")
def test_huaian_example_matches_the_published_numbers() -> None:
    example = load_report(HUAIAN)
    published = report_from_shared_json(REAL_DIR / "huaian-city-2024.json")
    assert example.values == published.values
    assert (example.meta.year, example.meta.edition) == (2024, "2021")
    assert "3940元" in example.text(SectionKey.OTHER)
    assert example.meta.preamble.startswith("本报告由淮安市人民政府办公室")
