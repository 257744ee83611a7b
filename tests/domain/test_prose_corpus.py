"""The prose checks on real sentences: no false claim on the corpus, and P4/T3 on real shapes."""

from __future__ import annotations

from collections import Counter

import pytest

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.rules import Finding, evaluate

from . import prose_corpus
from .factories import complete_report, requests


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_the_corpus_is_real_and_large_enough() -> None:
    items = prose_corpus.load()
    assert len(items) >= 150
    assert sum(1 for i in items if i["claims"]) >= 30
    sources = Counter(i["source"].split("/")[0] for i in items)
    assert sources["shared"] >= 150  # the shared real reports
    assert sum(n for s, n in sources.items() if s.startswith("http")) >= 20  # published pages


def test_no_false_claim_on_the_corpus() -> None:
    """Precision first: a claim read where the sentence makes none is a wrong warning to a clerk."""
    figures = prose_corpus.measure()
    assert figures.false_sentences == []
    assert sum(figures.false.values()) == 0


def test_coverage_does_not_fall_back() -> None:
    figures = prose_corpus.measure()
    found, missed = sum(figures.found.values()), sum(figures.missed.values())
    assert found / (found + missed) >= 0.85, prose_corpus.table(figures)


def _with_overview(text: str, **cells: int) -> Report:
    report = requests(complete_report(2024), **cells)
    report.set_text(SectionKey.OVERVIEW, text)
    return report


def test_p4_result_categories_and_their_sums() -> None:
    text = (
        "其中，予以公开及部分公开258件；不予公开35件；因本机关不掌握等原因无法提供265件；不予处理158件；其他处理0件。"
    )
    cells = {
        "new__natural": 716,
        "open__natural": 200,
        "partial__natural": 58,
        "withheld_4__natural": 30,
        "withheld_6__natural": 5,
        "unavailable_1__natural": 260,
        "unavailable_3__natural": 5,
        "unprocessed_2__natural": 158,
    }
    assert only(evaluate(_with_overview(text, **cells)), "P4") == []
    wrong = _with_overview(text, **{**cells, "unavailable_1__natural": 250, "new__natural": 706})
    messages = [f.message for f in only(evaluate(wrong), "P4")]
    assert messages == [
        "一、总体情况写“因本机关不掌握等原因无法提供265件”（无法提供 265 件），"
        "但表三「（四）无法提供」各项「总计」列之和为 255，相差 10。"
    ]


def test_p4_percentage_against_the_counts() -> None:
    cells = {"new__natural": 270, "open__natural": 100, "partial__natural": 40, "other_3__natural": 130}
    ok = _with_overview("予以公开及部分公开140件，占51.85%。", **cells)
    assert only(evaluate(ok), "P4") == []
    wrong = _with_overview("予以公开及部分公开140件，占61.85%。", **cells)
    assert [f.message for f in only(evaluate(wrong), "P4")] == [
        "一、总体情况写“予以公开及部分公开140件占61.85%”，但予以公开及部分公开 140 件占表三（七）总计 270 件的 51.85%。"
    ]


def test_p4_a_negation_speaks_only_of_what_it_negates() -> None:
    report = _with_overview("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。")
    report.set_value("t4.cases.review_upheld", 50)
    report.set_value("t4.cases.review_other", 5)
    assert only(evaluate(report), "P4") == []
    report.set_value("t4.cases.review_corrected", 2)
    assert [f.cells for f in only(evaluate(report), "P4")] == [("t4.cases.review_corrected",)]


def test_p4_reads_a_blank_table_as_the_zero_it_prints() -> None:
    report = _with_overview("本年度收到行政复议2件。")
    for cell in [c for c in report.values if c.startswith("t4.")]:
        del report.values[cell]
    assert [f.message for f in only(evaluate(report), "P4")] == [
        "一、总体情况写“本年度收到行政复议2件”（政府信息公开行政复议案件 2 件），但表四「行政复议／总计」为 0，相差 2。"
    ]


def test_p4_in_force_and_decisions() -> None:
    report = _with_overview("清理并集中发布现行有效行政规范性文件393件。全年作出行政许可决定1200件。")
    report.set_value("t2_1.normative.in_force", 470)
    report.set_value("t2_5.license.decisions", 1200)
    assert [f.cells for f in only(evaluate(report), "P4")] == [("t2_1.normative.in_force",)]


def test_p4_bare_total_of_requests() -> None:
    report = _with_overview("全年政府信息公开申请共计100件。", new__natural=96, open__natural=96)
    assert [f.cells for f in only(evaluate(report), "P4")] == [("t3.new.total",)]


@pytest.mark.parametrize(
    "text",
    [
        "本年度未收取信息处理费。",
        "2021年，无收取信息处理费情况。",
        "本机关未收取信息公开处理费。",
        "政府信息公开未发生收费情况。",
        "本局2024年度及历年政府信息公开均未收取任何费用。",
        "全年收取政府信息公开信息处理费 3940 元。",
    ],
)
def test_t3_recognises_how_reports_say_it(text: str) -> None:
    report = complete_report(2024)
    report.set_text(SectionKey.OTHER, text)
    assert only(evaluate(report), "T3") == []


@pytest.mark.parametrize("text", ["无其他需要报告的事项。", "要求各单位依法落实信息处理费有关规定。"])
def test_t3_still_warns_when_nothing_is_said_about_charges(text: str) -> None:
    report = complete_report(2024)
    report.set_text(SectionKey.OTHER, text)
    assert len(only(evaluate(report), "T3")) == 1


def test_t5_accepts_last_years_accounts_published_this_year() -> None:
    report = complete_report(2020)
    report.set_text(SectionKey.OVERVIEW, "在政府门户网站开设专题专栏，公开2020年政府预算、2019年政府决算。")
    assert only(evaluate(report), "T5") == []
    report.set_text(SectionKey.OVERVIEW, "2019年，我局认真贯彻《条例》。")
    assert [f.message for f in only(evaluate(report), "T5")] == [
        "一、总体情况提到了2019年，本报告为2020年度。请确认不是沿用往年的文字。"
    ]


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("本年度没有收到政府信息公开申请。", [("new", 0)]),
        ("全年没有发生行政复议案件。", [("review", 0)]),
        ("本年度未收到政府信息公开申请，未发生行政复议、行政诉讼。", [("new", 0), ("review", 0), ("litigation", 0)]),
        (
            "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
            [("review_corrected", 0), ("litigation_corrected", 0)],
        ),
        ("未收到行政许可申请。", []),
    ],
)
def test_negations_read_only_what_they_negate(text: str, claims: list[tuple[str, int]]) -> None:
    from gov_report_desktop.domain.rules.prose_claims import claims_in

    assert list(claims_in(text)) == claims
