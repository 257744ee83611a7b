"""The review's outputs read back: the workbook, the 审核意见, and 汇总 cell by cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.rules import Severity, evaluate
from gov_report_desktop.domain.values import Money, Unreadable
from gov_report_desktop.review.assemble import MISSING, Review, ReviewRow
from gov_report_desktop.review.consolidate import ConsolidationError, UnitReport, consolidate
from gov_report_desktop.review.opinions import opinion_lines, write_opinions
from gov_report_desktop.review.runner import ReviewRequest, run_review
from gov_report_desktop.review.workbook import detail_workbook, review_workbook, save_workbook
from tests.review.unitsets import PLACE, ROSTER, build_inbox
from tests.support.ooxml_audit import audit_docx
from tests.support.shared_reports import REAL_DIR, report_from_shared_json

pytestmark = pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Review:
    root = tmp_path_factory.mktemp("inbox")
    build_inbox(root)
    return run_review(ReviewRequest([root / "本年"], previous=[root / "上年"], roster=ROSTER, workers=1))


def _row(review: Review, name: str) -> ReviewRow:
    return next(row for row in review.rows if row.path is not None and row.path.name == name)


def test_review_workbook_reads_back(review: Review, tmp_path: Path) -> None:
    path = tmp_path / "审核.xlsx"
    save_workbook(review_workbook(review), path)
    book = load_workbook(path)
    units, findings = book["单位"], book["问题"]
    rows = list(units.iter_rows(values_only=True))
    assert rows[0] == ("单位", "名单中的名称", "年度", "版本", "文件", "错误", "警告", "状态", "上年报告")
    assert len(rows) == 1 + len(review.rows)
    finance = next(r for r in rows if r[0] == PLACE + "财政局")
    assert finance[2] == 2021
    assert finance[3] == "2021版"
    assert finance[5] == _row(review, "财政局.govreport").count(Severity.ERROR) > 0
    assert finance[8] == "财政局2020.govreport"
    missing = next(r for r in rows if r[7] == MISSING)
    assert missing[0] == "平潭综合实验区人社局"
    assert units.freeze_panes == "A2"
    assert units.auto_filter.ref == f"A1:I{len(rows)}"
    lines = list(findings.iter_rows(values_only=True))
    assert findings.freeze_panes == "A2"
    assert findings.auto_filter.ref
    assert len(lines) - 1 == sum(len(row.findings) for row in review.rows)
    similar = [line for line in lines if line[2] == "S1"]
    assert {line[0] for line in similar} == {PLACE + "民政局", PLACE + "卫生健康委员会"}
    assert all(line[4] == "五、存在的主要问题及改进情况" for line in similar)
    r2 = next(line for line in lines if line[0] == PLACE + "财政局" and line[2] == "R2")
    assert r2[3] == "错误"
    assert "表三「（七）总计」行" in r2[4]
    assert r2[6] == "表三每列：（七）总计 = （一）至（六）之和"


def test_opinion_text_lists_problems_with_location(review: Review) -> None:
    lines = [text for _, text in opinion_lines(_row(review, "财政局.govreport"), review.year)]
    assert lines[0] == f"关于{PLACE}财政局2021年度政府信息公开工作年度报告的审核意见"
    assert lines[1] == "平潭综合实验区财政局："
    assert lines[3].startswith("一、必须修改的错误（")
    r2 = next(line for line in lines if "（格式要求：表三每列：（七）总计 = （一）至（六）之和）" in line)
    assert (
        "位置：表三「（七）总计」行「自然人」列。表三「自然人」列：（七）总计为 68，但（一）至（六）各项之和为 63，相差 5。"
        in r2
    )
    assert any(line.startswith("二、请核实并视情况修改的问题") for line in lines)
    assert any("2020年度报告基本相同" in line for line in lines)
    missing = next(row for row in review.rows if row.status == MISSING)
    assert "未收到你单位2021年度政府信息公开工作年度报告" in opinion_lines(missing, review.year)[2][1]
    bad = opinion_lines(_row(review, "坏文件.docx"), review.year)
    assert "“坏文件.docx”无法读取" in bad[2][1]


def test_opinion_documents_are_written_per_unit_and_combined(review: Review, tmp_path: Path) -> None:
    written = write_opinions(review, tmp_path / "意见", office="平潭综合实验区政务公开办")
    assert len(written) == len(review.rows) - 1  # not the older duplicate
    health = tmp_path / "意见" / f"{PLACE}卫生健康委员会审核意见.docx"
    assert health in written
    document = docx.Document(str(health))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"关于{PLACE}卫生健康委员会2021年度政府信息公开工作年度报告的审核意见"
    assert document.paragraphs[0].style.name == "年报标题"
    assert any("的报告雷同" in text and "“政务公开质量水平有待提高" in text for text in texts)
    assert "平潭综合实验区政务公开办" in texts
    combined = write_opinions(review, tmp_path / "合并", combined=True)
    assert len(combined) == 1
    assert audit_docx(combined[0]) == []  # Word opens it without a repair prompt
    body = [p.text for p in docx.Document(str(combined[0])).paragraphs]
    assert sum(1 for text in body if text.endswith("的审核意见")) == len(written)


def _units() -> list[UnitReport]:
    first = report_from_shared_json(REAL_DIR / "pingtan-2021.json")
    second = report_from_shared_json(REAL_DIR / "pingtan-2021.json")
    second.meta = second.meta.model_copy(update={"agency": "乙"})
    for cell_id in ("t3.new.natural", "t3.open.natural"):
        value = second.values[cell_id]
        assert isinstance(value, int)
        second.values[cell_id] = value + 10
    second.derive_totals()
    return [UnitReport("甲", first), UnitReport("乙", second)]


def test_sum_cell_by_cell() -> None:
    units = _units()
    result = consolidate(units, agency="平潭综合实验区", scope="全区各单位")
    total = result.report
    assert total.meta.year == 2021
    assert total.meta.edition == "2021"
    for ref in total.edition.all_cells():
        parts = [u.report.values.get(ref.cell_id) for u in units]
        numbers = [p for p in parts if isinstance(p, int)]
        if numbers:
            assert total.values[ref.cell_id] == sum(numbers), ref.cell_id
    new_total = total.values["t3.new.total"]
    assert new_total == 2 * 70 + 10
    assert [e for e in evaluate(total) if e.severity is Severity.ERROR and e.rule.startswith("R")] == []
    overview = total.texts[next(iter(total.texts))]
    assert overview.startswith(f"2021年，全区各单位共收到政府信息公开申请{new_total}件")
    assert [name for name, _ in result.contributors("t3.new.natural")] == ["乙", "甲"]


def test_money_is_summed_in_its_unit() -> None:
    units = _units()
    units[0].report.values["t2_8.fees.amount"] = Money(amount=Decimal("1.5"), unit="万元")
    units[1].report.values["t2_8.fees.amount"] = Money(amount=Decimal("2.25"), unit="万元")
    assert consolidate(units).report.values["t2_8.fees.amount"] == Money(amount=Decimal("3.75"), unit="万元")
    units[1].report.values["t2_8.fees.amount"] = Money(amount=Decimal("5000"), unit="元")
    assert consolidate(units).report.values["t2_8.fees.amount"] == Money(amount=Decimal("2.0"), unit="万元")
    units[1].report.values["t2_8.fees.amount"] = Unreadable(raw="约五千")
    result = consolidate(units)
    assert result.report.values["t2_8.fees.amount"] == Money(amount=Decimal("1.5"), unit="万元")
    assert result.skipped == ["乙：表二第二十条第（八）项「行政事业性收费」行「本年收费金额（单位：万元）」列"]


def test_mixed_editions_are_refused_naming_the_odd_ones() -> None:
    units = _units()
    units.append(UnitReport("丙", report_from_shared_json(REAL_DIR / "pingtan-2020.json")))
    with pytest.raises(ConsolidationError, match="以下单位不同：“丙”（2020年度，2019版）"):
        consolidate(units)
    with pytest.raises(ConsolidationError, match="没有选择"):
        consolidate([])


def test_detail_workbook_has_a_row_per_unit_and_the_sum(tmp_path: Path) -> None:
    result = consolidate(_units())
    path = tmp_path / "明细.xlsx"
    save_workbook(detail_workbook(result), path)
    sheet = load_workbook(path)["明细"]
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows] == ["单位", "甲", "乙", "合计"]
    header = rows[0]
    column = header.index("表三「一、本年新收政府信息公开申请数量」行「自然人」列")
    assert rows[3][column] == rows[1][column] + rows[2][column]
    assert sheet.freeze_panes == "A2"
    cells = result.report.edition.all_cells()
    assert len(header) == 1 + len(cells)
    for index, ref in enumerate(cells, start=1):
        value = result.report.values.get(ref.cell_id)
        if isinstance(value, int):
            assert rows[3][index] == value, ref.cell_id


def test_an_empty_report_sums_to_nothing() -> None:
    empty = Report.new(2021, agency="空")
    assert consolidate([UnitReport("空", empty)]).report.values.get("t3.new.natural") is None
