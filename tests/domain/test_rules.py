"""Each rule: a case that passes and a case that fails, with the message checked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.model import Report, StructureNote
from gov_report_desktop.domain.rules import CATALOGUE, Finding, Severity, evaluate, previous_from
from gov_report_desktop.domain.values import Money, Unreadable

from .factories import complete_report, requests


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_complete_consistent_report_has_no_findings() -> None:
    for year in (2020, 2024):
        report = complete_report(year)
        if year == 2020:
            report.set_text(SectionKey.OTHER, "无")
        assert evaluate(report) == []


def test_catalogue_ids_are_unique() -> None:
    ids = [rule.id for rule in CATALOGUE]
    assert len(ids) == len(set(ids))


# -- R1 -------------------------------------------------------------------------------------------


def test_r1_holds_when_received_equals_handled_plus_carried_forward() -> None:
    report = requests(complete_report(), new__natural=8, open__natural=6, carry_forward__natural=2)
    assert only(evaluate(report), "R1") == []


def test_r1_fails_with_both_sides_and_the_difference() -> None:
    report = requests(complete_report(), new__natural=8, open__natural=6, carry_forward__natural=1)
    findings = only(evaluate(report), "R1")
    assert [f.message for f in findings] == [
        "表三「自然人」列：第一项 8 + 第二项 0 = 8，但第三项（七）总计 6 + 第四项 1 = 7，相差 1。",
        "表三「总计」列：第一项 8 + 第二项 0 = 8，但第三项（七）总计 6 + 第四项 1 = 7，相差 1。",
    ]
    assert findings[0].severity is Severity.ERROR
    assert findings[0].cells == (
        "t3.new.natural",
        "t3.carried.natural",
        "t3.result_total.natural",
        "t3.carry_forward.natural",
    )


def test_r1_speaks_while_the_clerk_is_still_filling_in() -> None:
    report = requests(complete_report(), new__natural=3)
    del report.values["t3.carried.natural"]
    assert [f.cells[0] for f in only(evaluate(report), "R1")] == ["t3.new.natural", "t3.new.total"]


# -- R2 -------------------------------------------------------------------------------------------


def test_r2_holds_for_derived_totals() -> None:
    report = requests(complete_report(), new__natural=3, open__natural=1, partial__natural=1, other_3__natural=1)
    assert only(evaluate(report), "R2") == []


def test_r2_fails_when_a_result_row_is_left_out_of_the_total() -> None:
    report = requests(complete_report(), new__natural=7, open__natural=1, partial__natural=6)
    report.values["t3.result_total.natural"] = 1  # as published: （二）部分公开 left out
    findings = only(evaluate(report), "R2")
    assert [f.message for f in findings] == ["表三「自然人」列：（七）总计为 1，但（一）至（六）各项之和为 7，相差 6。"]
    assert findings[0].cells[0] == "t3.result_total.natural"
    assert "t3.partial.natural" in findings[0].cells


# -- R3 -------------------------------------------------------------------------------------------


def test_r3_fails_when_the_total_column_disagrees() -> None:
    report = requests(complete_report(), new__natural=2, new__legal=1, open__natural=2, open__legal=1)
    assert only(evaluate(report), "R3") == []
    report.values["t3.new.total"] = 4
    assert [f.message for f in only(evaluate(report), "R3")] == [
        "表三「一、本年新收政府信息公开申请数量」行：总计为 4，但自然人与法人或其他组织各项之和为 3，相差 1。"
    ]


# -- R4, R4a, R4b ---------------------------------------------------------------------------------


def test_r4_reports_unreadable_and_negative_values() -> None:
    report = complete_report()
    assert only(evaluate(report), "R4") == []
    report.values["t3.carried.research"] = Unreadable(raw="—")
    report.values["t4.cases.review_upheld"] = -1
    messages = [f.message for f in only(evaluate(report), "R4")]
    assert messages == [
        "表三「二、上年结转政府信息公开申请数量」行「科研机构」列填写的「—」不是有效数字。",
        "表四「行政复议／结果维持」为 -1，件数不能为负数。",
    ]


def test_r4a_reports_negative_money() -> None:
    report = complete_report()
    report.values["t2_8.fees.amount"] = Money(amount=Decimal("-1.5"), unit="万元")
    assert [f.message for f in only(evaluate(report), "R4a")] == [
        "表二第二十条第（八）项「行政事业性收费」行「本年收费金额（单位：万元）」列金额为 -1.5，不能为负数。"
    ]


def test_r4b_item_count_cannot_go_below_zero() -> None:
    report = complete_report(2020)
    report.set_value("t2_5.license.prev_items", 6)
    report.set_value("t2_5.license.change", -3)
    assert only(evaluate(report), "R4b") == []
    report.set_value("t2_5.license.change", -7)
    assert [f.message for f in only(evaluate(report), "R4b")] == [
        "表二第二十条第（五）项「行政许可」行：上一年项目数量 6 + 本年增/减 -7 = -1，项目数量不能减为负数。"
    ]


# -- R5 -------------------------------------------------------------------------------------------


def test_r5_appeals_totals() -> None:
    report = complete_report()
    report.set_value("t4.cases.review_upheld", 2)
    report.set_value("t4.cases.review_pending", 1)
    assert report.get("t4.cases.review_total") == 3
    assert only(evaluate(report), "R5") == []
    report.values["t4.cases.direct_total"] = 2
    assert [f.message for f in only(evaluate(report), "R5")] == [
        "表四「行政诉讼／未经复议直接起诉」：总计为 2，但结果维持、结果纠正、其他结果、尚未审结之和为 0，相差 2。"
    ]


# -- R6 -------------------------------------------------------------------------------------------


def test_r6_lists_blank_cells_per_table() -> None:
    report = complete_report()
    assert only(evaluate(report), "R6") == []
    del report.values["t4.cases.after_other"]
    del report.values["t4.cases.after_pending"]
    findings = only(evaluate(report), "R6")
    assert [f.message for f in findings] == [
        "表四「行政诉讼／复议后起诉／其他结果」等 2 个单元格未填写；没有数据请填 0（导出时空格按 0 输出）。"
    ]
    assert findings[0].cells == ("t4.cases.after_other", "t4.cases.after_pending")
    assert findings[0].severity is Severity.WARNING


def test_r6_while_filling_in_is_one_quiet_note_per_table_naming_no_cell() -> None:
    report = Report.new(2025, "某市某局")
    quiet = only(evaluate(report, quiet_blanks=True), "R6")
    loud = only(evaluate(report), "R6")
    assert len(quiet) == len(loud) == len(report.edition.tables)
    assert all(f.severity is Severity.INFO and f.cells == () for f in quiet)
    t3 = next(f for f in loud if f.cells[0].startswith("t3."))
    assert f"表三还有 {len(t3.cells)} 格未填写（没有数据请填 0）。" in [f.message for f in quiet]
    assert [f.section for f in quiet] == [f.section for f in loud]
    # Only R6 changes: every other rule reports the same either way.
    assert [f for f in evaluate(report, quiet_blanks=True) if f.rule != "R6"] == [
        f for f in evaluate(report) if f.rule != "R6"
    ]


# -- R7 -------------------------------------------------------------------------------------------


def test_r7_edition_must_match_the_year() -> None:
    assert only(evaluate(complete_report(2021)), "R7") == []
    report = complete_report(2021, edition="2019")
    assert report.meta.edition_explicit
    findings = only(evaluate(report), "R7")
    assert [f.message for f in findings] == [
        "2021年度报告应使用2021版（国办公开办函〔2021〕30号），但本报告使用的是2019版（国办公开办函〔2019〕60号）。"
    ]
    assert findings[0].severity is Severity.ERROR


def test_r7_is_lenient_for_the_first_year() -> None:
    report = complete_report(2019, edition="2021")
    assert [f.severity for f in only(evaluate(report), "R7")] == [Severity.WARNING]


def test_r7_reports_structure_notes_from_an_import() -> None:
    report = complete_report(2022)
    report.structure_notes.append(StructureNote(where="表三", message="（六）其他处理只有一行，是2019版格式"))
    assert [f.message for f in only(evaluate(report), "R7")] == ["表三：（六）其他处理只有一行，是2019版格式"]


# -- P1, P2 (need last year's report) --------------------------------------------------------------


def test_p1_carried_over_equals_last_years_carry_forward() -> None:
    last = requests(complete_report(2023), new__natural=5, open__natural=4, carry_forward__natural=1)
    this = requests(complete_report(2024), carried__natural=1, open__natural=1)
    assert only(evaluate(this, previous_from(last)), "P1") == []
    this = requests(complete_report(2024))
    findings = only(evaluate(this, previous_from(last)), "P1")
    assert [f.message for f in findings] == [
        "表三「自然人」列：本年“二、上年结转政府信息公开申请数量”为 0，但2023年度报告“四、结转下年度继续办理”为 1，相差 1。",
        "表三「总计」列：本年“二、上年结转政府信息公开申请数量”为 0，但2023年度报告“四、结转下年度继续办理”为 1，相差 1。",
    ]
    assert only(evaluate(this), "P1") == []  # no previous report, no P1


def test_p1_says_when_the_previous_report_is_not_last_years() -> None:
    findings = only(evaluate(complete_report(2024), previous_from(complete_report(2021))), "P1")
    assert [f.severity for f in findings] == [Severity.INFO]


def test_p2_in_force_chain_2021_edition() -> None:
    last = complete_report(2023)
    last.set_value("t2_1.normative.in_force", 66)
    this = complete_report(2024)
    for column, value in (("issued", 8), ("repealed", 26), ("in_force", 48)):
        this.set_value(f"t2_1.normative.{column}", value)
    assert only(evaluate(this, previous_from(last)), "P2") == []
    this.set_value("t2_1.normative.in_force", 66)
    assert [f.message for f in only(evaluate(this, previous_from(last)), "P2")] == [
        "表二第二十条第（一）项「行政规范性文件」行：上年现行有效件数 66 + 本年制发件数 8 − 本年废止件数 26 = 48，"
        "但本年现行有效件数为 66，相差 18（如有修改、失效等情况请在正文说明）。"
    ]


def test_p2_item_chain_2019_edition() -> None:
    last = complete_report(2019)
    last.set_value("t2_5.license.prev_items", 396)
    last.set_value("t2_5.license.change", 4)
    this = complete_report(2020)
    this.set_value("t2_5.license.prev_items", 400)
    assert only(evaluate(this, previous_from(last)), "P2") == []
    this.set_value("t2_5.license.prev_items", 396)
    assert [f.message for f in only(evaluate(this, previous_from(last)), "P2")] == [
        "表二第二十条第（五）项「行政许可」行：上年报告上一年项目数量 396 + 本年增/减 4 = 400，但本年上一年项目数量为 396，相差 4。"
    ]


# -- P3 -------------------------------------------------------------------------------------------


def test_p3_issued_not_more_than_in_force() -> None:
    report = complete_report(2024)
    report.set_value("t2_1.rules.issued", 1)
    report.set_value("t2_1.rules.in_force", 11)
    assert only(evaluate(report), "P3") == []
    report.set_value("t2_1.rules.in_force", 0)
    assert [f.message for f in only(evaluate(report), "P3")] == [
        "表二第二十条第（一）项「规章」行：本年制发件数 1 大于现行有效件数 0，请核对。"
    ]


def test_p3_2019_published_not_more_than_made() -> None:
    report = complete_report(2020)
    report.set_value("t2_1.normative.published", 2)
    report.set_value("t2_1.normative.made", 2)
    report.set_value("t2_1.normative.public_total", 2)
    assert only(evaluate(report), "P3") == []
    report.set_value("t2_1.normative.made", 1)
    assert [f.message for f in only(evaluate(report), "P3")] == [
        "表二第二十条第（一）项「规范性文件」行：本年新公开数量 2 大于本年新制作数量 1，请核对。"
    ]


# -- P4 -------------------------------------------------------------------------------------------


def _with_overview(text: str, **cells: int):
    report = requests(complete_report(2024), **cells)
    report.set_text(SectionKey.OVERVIEW, text)
    return report


def test_p4_request_count_in_the_prose_matches() -> None:
    report = _with_overview("2024年度共受理政府信息公开申请6件，均按时答复。", new__natural=6, open__natural=6)
    assert only(evaluate(report), "P4") == []


def test_p4_request_count_in_the_prose_differs() -> None:
    report = _with_overview("2024年度共受理政府信息公开申请6件，均按时答复。", new__natural=5, open__natural=5)
    assert [f.message for f in only(evaluate(report), "P4")] == [
        "一、总体情况写“2024年度共受理政府信息公开申请6件”（本年新收政府信息公开申请 6 件），"
        "但表三「一、本年新收政府信息公开申请数量」行「总计」列为 5，相差 1。"
    ]


def test_p4_reads_chinese_numerals() -> None:
    ok = _with_overview("全年共收到二十一件申请。", new__natural=21, open__natural=21)
    assert only(evaluate(ok), "P4") == []
    wrong = _with_overview("全年共收到六件申请。", new__natural=21, open__natural=21)
    assert [f.cells for f in only(evaluate(wrong), "P4")] == [("t3.new.total",)]


def test_p4_accepts_received_including_carried_over() -> None:
    report = _with_overview(
        "共受理政府信息公开申请7件（含上年结转1件）。", new__natural=6, carried__natural=1, open__natural=7
    )
    assert only(evaluate(report), "P4") == []


def test_p4_carried_and_carry_forward_counts() -> None:
    text = "答复3050件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复）"
    ok = _with_overview(text, new__natural=3119, carried__natural=34, open__natural=3050, carry_forward__natural=103)
    assert only(evaluate(ok), "P4") == []
    wrong = _with_overview(text, new__natural=3119, carried__natural=30, open__natural=3046, carry_forward__natural=103)
    # “答复3050件” is the （七）总计 (3046 here), “上年度结转申请 34 件” the carried-over count (30 here).
    assert [f.cells for f in only(evaluate(wrong), "P4")] == [("t3.result_total.total",), ("t3.carried.total",)]


def test_p4_appeal_counts_and_none_statements() -> None:
    report = _with_overview("本年度未发生行政复议、行政诉讼案件。")
    assert only(evaluate(report), "P4") == []
    report.set_value("t4.cases.review_upheld", 1)
    report.set_value("t4.cases.direct_other", 2)
    assert [f.cells for f in only(evaluate(report), "P4")] == [
        ("t4.cases.review_total",),
        ("t4.cases.direct_total", "t4.cases.after_total"),
    ]
    counted = _with_overview("政府信息公开行政复议 1 件；行政诉讼 2 件。")
    counted.set_value("t4.cases.review_upheld", 1)
    counted.set_value("t4.cases.direct_other", 1)
    counted.set_value("t4.cases.after_other", 1)
    assert only(evaluate(counted), "P4") == []


def test_p4_normative_documents_but_not_policy_documents() -> None:
    report = _with_overview("全年新增公开市政府规章 1 件、市政府办政策性文件 11 件，制发行政规范性文件 8 件。")
    report.set_value("t2_1.rules.issued", 1)
    report.set_value("t2_1.normative.issued", 8)
    report.set_value("t2_1.rules.in_force", 1)
    report.set_value("t2_1.normative.in_force", 8)
    assert only(evaluate(report), "P4") == []
    report.set_value("t2_1.normative.issued", 7)
    assert [f.cells for f in only(evaluate(report), "P4")] == [("t2_1.normative.issued",)]


def test_p4_none_issued_statement() -> None:
    report = _with_overview("本年度未新增行政规范性文件。")
    assert only(evaluate(report), "P4") == []
    report.set_value("t2_1.normative.issued", 2)
    report.set_value("t2_1.normative.in_force", 2)
    assert len(only(evaluate(report), "P4")) == 1


# -- P5 -------------------------------------------------------------------------------------------


def test_p5_handled_equals_sum_of_results() -> None:
    report = requests(complete_report(), new__natural=7, open__natural=1, partial__natural=6)
    assert only(evaluate(report), "P5") == []
    report.values["t3.result_total.total"] = Unreadable(raw="——")  # R1 and R2 cannot check this column
    report.values["t3.carry_forward.total"] = 6
    assert only(evaluate(report), "R1") == []
    assert [f.message for f in only(evaluate(report), "P5")] == [
        "表三「总计」列：第一项 7 + 第二项 0 − 第四项 6 = 1 件已办结，但各办理结果（一）至（六）之和为 7，相差 6。"
    ]


def test_p5_does_not_repeat_r1_or_r2_on_the_total_column() -> None:
    """One problem, one entry: a wrong 第四项 total is R1's error; a wrong （七）总计 is R2's."""
    report = requests(complete_report(), new__natural=7, open__natural=1, partial__natural=6)
    report.values["t3.carry_forward.total"] = 6  # 7 + 0 ≠ 7 + 6
    findings = evaluate(report)
    assert [f.cells for f in only(findings, "R1") if "t3.new.total" in f.cells]
    assert only(findings, "P5") == []
    report.values["t3.carry_forward.total"] = 0
    report.values["t3.result_total.total"] = 1  # its parts add up to 7
    findings = evaluate(report)
    assert only(findings, "R2")
    assert only(findings, "P5") == []


# -- T1–T6 ----------------------------------------------------------------------------------------


def test_t1_overview_length_limit_only_in_2021_edition() -> None:
    long_text = "政" * 1001
    report = complete_report(2024)
    report.set_text(SectionKey.OVERVIEW, long_text)
    assert [f.message for f in only(evaluate(report), "T1")] == [
        "一、总体情况共 1001 字，超过通知要求的“篇幅原则上不超过一千字”1 字。"
    ]
    report.set_text(SectionKey.OVERVIEW, "政" * 1000 + "\n \n")
    assert only(evaluate(report), "T1") == []
    old = complete_report(2020)
    old.set_text(SectionKey.OVERVIEW, long_text)
    assert only(evaluate(old), "T1") == []


def test_t2_problems_must_be_specific() -> None:
    report = complete_report()
    assert only(evaluate(report), "T2") == []
    for text, what in (("", "未填写"), ("无", "只写了“无”"), ("工作还有不足，将继续努力。", "只有一句话")):
        report.set_text(SectionKey.PROBLEMS, text)
        assert [f.message for f in only(evaluate(report), "T2")] == [
            f"五、存在的主要问题及改进情况{what}。通知要求“实事求是、明确具体，避免笼统模糊、泛泛而谈”，请写明存在的问题和改进举措。"
        ]


def test_t3_fee_report_in_section_six() -> None:
    report = complete_report(2024)
    assert only(evaluate(report), "T3") == []
    report.set_text(SectionKey.OTHER, "无")
    assert [f.section for f in only(evaluate(report), "T3")] == [SectionKey.OTHER]
    old = complete_report(2020)
    old.set_text(SectionKey.OTHER, "无")
    assert only(evaluate(old), "T3") == []


def test_t4_other_handling_share() -> None:
    report = requests(complete_report(2020), new__natural=10, open__natural=8, other__natural=2)
    assert only(evaluate(report), "T4") == []
    report = requests(complete_report(2020), new__natural=6, open__natural=3, other__natural=3)
    assert [f.message for f in only(evaluate(report), "T4")] == [
        "表三（六）其他处理共 3 件，占（七）总计 6 件的 50%。通知要求原则上所有申请都按法定方式处理，“其他处理”数量偏高会被重点关注，请核对或在正文中说明。"
    ]
    report_2021 = requests(
        complete_report(2024), new__natural=4, open__natural=1, other_1__natural=1, other_3__natural=2
    )
    assert only(evaluate(report_2021), "T4")[0].cells == (
        "t3.other_1.total",
        "t3.other_2.total",
        "t3.other_3.total",
        "t3.result_total.total",
    )


def test_t5_years_other_than_this_and_next() -> None:
    report = complete_report(2024)
    report.set_text(SectionKey.OVERVIEW, "2024年工作扎实推进，2025年将继续努力；依据国办公开办函〔2021〕30号。")
    assert only(evaluate(report), "T5") == []
    report.set_text(SectionKey.PROBLEMS, "2023年存在的问题仍未解决。下一步将加强整改。")
    findings = only(evaluate(report), "T5")
    assert [f.message for f in findings] == [
        "五、存在的主要问题及改进情况提到了2023年，本报告为2024年度。请确认不是沿用往年的文字。"
    ]
    assert findings[0].severity is Severity.INFO


def test_t6_problems_copied_from_last_year() -> None:
    last = complete_report(2023)
    this = complete_report(2024)
    assert [f.message for f in only(evaluate(this, previous_from(last)), "T6")] == [
        "五、存在的主要问题及改进情况与2023年度报告完全相同。通知要求“不得出现敷衍了事甚至年年雷同现象”。"
    ]
    this.set_text(SectionKey.PROBLEMS, "一是新问题。二是新举措。")
    assert only(evaluate(this, previous_from(last)), "T6") == []


def test_previous_stored_in_the_report_is_used() -> None:
    last = requests(complete_report(2023), new__natural=1, carry_forward__natural=1)
    this = complete_report(2024)
    this.previous = previous_from(last)
    assert len(only(evaluate(this), "P1")) == 2


def test_a_misspelled_cell_id_raises_instead_of_reading_as_zero() -> None:
    from gov_report_desktop.domain.rules.context import RuleContext, UnknownCellError

    ctx = RuleContext(complete_report(2024), None)
    assert ctx.number("t3.new.natural") == 0
    with pytest.raises(UnknownCellError, match=r"t3\.new\.naturel"):
        ctx.number("t3.new.naturel")
    with pytest.raises(UnknownCellError):
        ctx.number_or_zero("t3.result_totl.total")


def test_totals_of_a_new_edition_are_checked_from_its_data_alone() -> None:
    """R2/R3/R5 read the edition's TotalSpecs: an edition that declares a total gets its check, in its words."""
    from dataclasses import replace

    from gov_report_desktop.domain import editions as editions_module
    from gov_report_desktop.domain.editions import TotalSpec
    from gov_report_desktop.domain.rules.arithmetic import sum_rule
    from gov_report_desktop.domain.rules.context import RuleContext

    base = editions_module.get_edition("2021")
    t2 = base.table("t2_1")
    extra = TotalSpec(
        "t2_1.normative.in_force",
        ("t2_1.normative.issued", "t2_1.rules.issued"),
        rule="R3",
        where="表二「测试」行",
        total_name="合计",
        parts_name="两项",
        derives=False,
    )
    edition = replace(
        base, key="2021", tables=tuple(replace(t, totals=(*t.totals, extra)) if t is t2 else t for t in base.tables)
    )
    report = complete_report(2024)
    report.values["t2_1.normative.issued"] = 2
    report.values["t2_1.rules.issued"] = 1
    report.values["t2_1.normative.in_force"] = 5

    class Ctx(RuleContext):
        @property
        def edition(self):  # the report model knows only the built-in editions
            return edition

    findings = [f for f in sum_rule("R3")(Ctx(report, None)) if f.cells[0].startswith("t2_1")]
    assert [f.message for f in findings] == ["表二「测试」行：合计为 5，但两项之和为 3，相差 2。"]
