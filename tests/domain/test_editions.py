"""Every label of both editions is verbatim from format-spec.md, and the layout is as printed."""

import re
from pathlib import Path

import pytest

from gov_report_desktop.domain.editions import (
    EDITION_2019,
    EDITION_2021,
    EDITIONS,
    Edition,
    ValueKind,
    edition_for_year,
)

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "format-spec.md"


def _labels(edition: Edition) -> set[str]:
    labels = {s.heading for s in edition.sections}
    for table in edition.tables:
        labels |= {part for row in table.rows for part in row.path if table.corner is not None}
        labels |= {part for column in table.columns for part in column.path}
        labels |= {t for t in (table.corner, table.heading) if t}
    return labels


@pytest.mark.skipif(not SPEC.exists(), reason="../shared is not beside the checkout")
@pytest.mark.parametrize("edition", list(EDITIONS.values()), ids=lambda e: e.key)
def test_every_label_appears_verbatim_in_the_spec(edition: Edition) -> None:
    spec = SPEC.read_text(encoding="utf-8")
    missing = sorted(label for label in _labels(edition) if label not in spec)
    assert missing == []


def test_character_details() -> None:
    labels = _labels(EDITION_2021)
    assert "3.危及\u201c三安全一稳定\u201d" in labels
    assert all("1、" not in label for label in labels)
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert EDITION_2021.table("t3").corner == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_request_table_shapes() -> None:
    t19, t21 = EDITION_2019.table("t3"), EDITION_2021.table("t3")
    assert (len(t19.rows), len(t19.columns)) == (23, 7)
    assert (len(t21.rows), len(t21.columns)) == (25, 7)
    # 三、本年度办理结果 spans 20 rows (2019) and 22 rows (2021).
    assert sum(r.path[0] == "三、本年度办理结果" for r in t19.rows) == 20
    assert sum(r.path[0] == "三、本年度办理结果" for r in t21.rows) == 22
    assert t21.label_depth == 3
    assert t21.header_depth == 3
    assert [c.label for c in t21.columns] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]


def test_appeals_table_has_fifteen_numbers_under_three_header_rows() -> None:
    t4 = EDITION_2021.table("t4")
    assert len(t4.columns) == 15
    assert t4.header_depth == 3
    assert t4.label_depth == 0
    assert [c.path for c in t4.columns[:2]] == [("行政复议", "结果维持"), ("行政复议", "结果纠正")]
    assert t4.columns[5].path == ("行政诉讼", "未经复议直接起诉", "结果维持")
    assert t4.columns[14].path == ("行政诉讼", "复议后起诉", "总计")


def test_proactive_blocks_differ_between_editions() -> None:
    assert [t.heading for t in EDITION_2019.tables_of(EDITION_2019.sections[1].key)] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "第二十条第（九）项",
    ]
    assert "第二十条第（九）项" not in {t.heading for t in EDITION_2021.tables}
    assert EDITION_2021.cell("t2_8.fees.amount").column.unit == "万元"
    assert EDITION_2021.cell("t2_8.fees.amount").kind is ValueKind.MONEY
    assert EDITION_2019.cell("t2_5.license.change").kind is ValueKind.SIGNED
    assert EDITION_2019.cell("t2_9.procurement.amount").column.unit is None


@pytest.mark.parametrize(("year", "key"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2026, "2021")])
def test_year_selects_edition(year: int, key: str) -> None:
    assert edition_for_year(year).key == key


def test_cell_ids_are_unique_and_stable() -> None:
    for edition in EDITIONS.values():
        ids = [ref.cell_id for ref in edition.all_cells()]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(r"t[234](_\d)?\.[a-z_0-9]+\.[a-z_0-9]+", i) for i in ids)


def test_every_row_and_column_has_help() -> None:
    for edition in EDITIONS.values():
        for table in edition.tables:
            assert all(r.help for r in table.rows), table.key
            assert all(c.help for c in table.columns), table.key


def test_describe_uses_the_templates_words() -> None:
    assert EDITION_2021.cell("t3.result_total.natural").describe() == "表三「（七）总计」行「自然人」列"
    assert EDITION_2021.cell("t4.cases.after_total").describe() == "表四「行政诉讼／复议后起诉／总计」"
    assert (
        EDITION_2021.cell("t2_1.normative.in_force").describe()
        == "表二第二十条第（一）项「行政规范性文件」行「现行有效件数」列"
    )


def test_new_reports_never_share_their_containers() -> None:
    """The models' default factories (functions of ours, for start-up time) give each report its own."""
    from gov_report_desktop.domain.model import PreviousYear, Report

    first, second = Report.new(2024), Report.new(2024)
    first.values["t3.new.natural"] = 1
    assert second.values == {}
    assert first.values is not second.values
    assert first.structure_notes is not second.structure_notes
    assert first.acknowledgements is not second.acknowledgements
    assert PreviousYear(year=2023, edition="2021").values is not PreviousYear(year=2023, edition="2021").values
