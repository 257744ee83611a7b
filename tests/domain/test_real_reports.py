"""The shared real published reports: our findings match each file's `consistency` block."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.rules import Finding, evaluate, previous_from
from tests.support.shared_reports import REAL_DIR, load_json, real_report_files, report_from_shared_json

pytestmark = pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")

# The consistency blocks name some checks per table; ours are one rule over all tables.
RULE_SCOPES: dict[str, tuple[set[str], tuple[str, ...]]] = {
    "R1": ({"R1"}, ("t3",)),
    "R2": ({"R2"}, ("t3",)),
    "R3": ({"R3"}, ("t3",)),
    "R4": ({"R4"}, ("t3",)),
    "R4-t4": ({"R4"}, ("t4",)),
    "R4-t2": ({"R4", "R4a", "R4b"}, ("t2_",)),
    "R5": ({"R5"}, ("t4",)),
    "R6": ({"R6"}, ("t3",)),
    "R6-t4": ({"R6"}, ("t4",)),
    "R7": ({"R7"}, ()),
    "P3": ({"P3"}, ("t2_",)),
}


def _matching(findings: list[Finding], check_id: str) -> list[Finding]:
    rules, tables = RULE_SCOPES[check_id]
    return [f for f in findings if f.rule in rules and (not tables or any(c.startswith(tables) for c in f.cells))]


def _checked(path: Path) -> list[tuple[str, str]]:
    block = load_json(path)["consistency"]
    return [(r["id"], r["result"]) for r in block["rules_checked"] if r["result"] in ("holds", "fails")]


CASES = [(path, check, result) for path in real_report_files() for check, result in _checked(path)]


@pytest.mark.parametrize(("path", "check", "result"), CASES, ids=[f"{p.stem}-{c}-{r}" for p, c, r in CASES])
def test_findings_match_the_consistency_block(path: Path, check: str, result: str) -> None:
    findings = _matching(evaluate(report_from_shared_json(path)), check)
    if result == "holds":
        assert findings == []
    else:
        assert findings, f"{check} should fail for {path.stem}"


def test_every_shared_report_is_covered() -> None:
    assert len(real_report_files()) >= 5
    assert {check for _, check, _ in CASES} <= set(RULE_SCOPES)


def test_pingtan_2020_fails_r2_while_r1_holds() -> None:
    findings = evaluate(report_from_shared_json(REAL_DIR / "pingtan-2020.json"))
    assert [f for f in findings if f.rule == "R1"] == []
    messages = [f.message for f in findings if f.rule == "R2"]
    assert messages == [
        "表三「自然人」列：（七）总计为 20，但（一）至（六）各项之和为 26，相差 6。",
        "表三「总计」列：（七）总计为 21，但（一）至（六）各项之和为 27，相差 6。",
    ]


@pytest.mark.parametrize(("last", "this"), [("pingtan-2019", "pingtan-2020"), ("pingtan-2020", "pingtan-2021")])
def test_cross_year_carry_over_holds(last: str, this: str) -> None:
    previous = previous_from(report_from_shared_json(REAL_DIR / f"{last}.json"))
    findings = evaluate(report_from_shared_json(REAL_DIR / f"{this}.json"), previous)
    assert [f for f in findings if f.rule in ("P1", "P2")] == []


def test_signed_change_with_plus_sign_is_read() -> None:
    report = report_from_shared_json(REAL_DIR / "wuhai-industry-bureau-2020.json")
    assert report.get("t2_5.other_services.change") == 2
    assert report.get("t2_6.penalty.change") == -1


def test_prose_numbers_of_real_reports_agree_with_their_tables() -> None:
    # The consistency blocks record that these reports' prose numbers hold (text_vs_table).
    for name in ("pingtan-2020", "pingtan-2021", "huaian-city-2024"):
        data = load_json(REAL_DIR / f"{name}.json")
        report = report_from_shared_json(REAL_DIR / f"{name}.json")
        report.set_text(SectionKey.OVERVIEW, data["sections_text"]["一、总体情况"])
        assert [f.message for f in evaluate(report) if f.rule == "P4"] == [], name
