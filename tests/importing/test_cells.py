"""How single cells, rows and headings of real documents are read: markers, units, signs,
unreadable text, published totals, the other edition's rows, titles and section headings."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from gov_report_desktop.documents.importing import import_report
from gov_report_desktop.documents.importing.labels import match_column_label, match_row_label
from gov_report_desktop.documents.importing.prose import match_heading, parse_title, read_prose
from gov_report_desktop.documents.importing.tables import RawCell, build_grid
from gov_report_desktop.domain.editions import EDITION_2019, EDITION_2021, SectionKey
from gov_report_desktop.domain.rules import evaluate
from gov_report_desktop.domain.values import Money, Unreadable
from tests.importing.builders import Source, Variants, build_docx, build_html, load_source, table_blocks
from tests.support.shared_reports import REAL_DIR

pytestmark = pytest.mark.skipif(not REAL_DIR.is_dir(), reason="../shared/examples/real is not available")
KINDS = ["docx", "html"]


PLAIN = Variants()


def _build(source: Source, kind: str, path: Path, variants: Variants = PLAIN, **kwargs: object) -> Path:
    target = path / f"report.{kind}"
    if kind == "docx":
        return build_docx(source, target, variants, **kwargs)  # type: ignore[arg-type]
    return build_html(source, target, variants, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def huaian() -> Source:
    return load_source(REAL_DIR / "huaian-city-2024.json")


@pytest.fixture
def pingtan_2020() -> Source:
    return load_source(REAL_DIR / "pingtan-2020.json")


@pytest.mark.parametrize("kind", KINDS)
def test_blank_markers_become_empty_cells_and_are_listed(huaian: Source, kind: str, tmp_path: Path) -> None:
    markers = {
        "t3.new.research": "—",
        "t3.carried.nonprofit": "-",
        "t3.open.research": "/",
        "t4.cases.review_other": "无",
    }
    result = import_report(_build(huaian, kind, tmp_path, Variants(blank_cells=markers)))
    for cell_id in markers:
        assert cell_id not in result.report.values  # never an invented 0
    listed = {issue.where: issue for issue in result.issues}
    where = EDITION_2021.cell("t3.new.research").describe()
    assert listed[where].text == "—"
    assert "按未填写处理" in listed[where].message
    assert EDITION_2021.cell("t4.cases.review_other").describe() in listed


@pytest.mark.parametrize("kind", KINDS)
def test_unreadable_cell_is_kept_with_its_text_and_located(huaian: Source, kind: str, tmp_path: Path) -> None:
    result = import_report(_build(huaian, kind, tmp_path, Variants(blank_cells={"t3.new.natural": "约3千"})))
    assert result.report.values["t3.new.natural"] == Unreadable(raw="约3千")
    [issue] = [i for i in result.issues if i.text == "约3千"]
    assert issue.where == "表三「一、本年新收政府信息公开申请数量」行「自然人」列"
    assert any(f.rule == "R4" and f.cells == ("t3.new.natural",) for f in evaluate(result.report))


@pytest.mark.parametrize("kind", KINDS)
def test_units_signs_and_separators_in_cells(pingtan_2020: Source, huaian: Source, kind: str, tmp_path: Path) -> None:
    pingtan_2020.values.update({"t2_9.procurement.amount": "251000元", "t2_5.other_services.change": "+2"})
    pingtan_2020.values["t3.new.total"] = "2,1"  # not a proper thousands group: must not become 21
    result = import_report(_build(pingtan_2020, kind, tmp_path))
    values = result.report.values
    assert values["t2_9.procurement.amount"] == Money(amount=Decimal("251000"), unit="元")
    assert values["t2_5.other_services.change"] == 2
    assert values["t3.new.total"] == Unreadable(raw="2,1")

    huaian.values["t2_8.fees.amount"] = "287.54万元"
    (tmp_path / "h").mkdir()
    fees = import_report(_build(huaian, kind, tmp_path / "h")).report.values["t2_8.fees.amount"]
    assert fees == Money(amount=Decimal("287.54"), unit="万元")


@pytest.mark.parametrize("kind", KINDS)
def test_published_totals_are_kept_as_published(pingtan_2020: Source, kind: str, tmp_path: Path) -> None:
    pingtan_2020.values["t3.new.total"] = "999"
    report = import_report(_build(pingtan_2020, kind, tmp_path)).report
    assert report.values["t3.new.total"] == 999
    assert any(f.rule == "R3" and "t3.new.total" in f.cells for f in evaluate(report))


@pytest.mark.parametrize("kind", KINDS)
def test_2019_single_other_row_in_a_2021_report_is_reported(
    huaian: Source, pingtan_2020: Source, kind: str, tmp_path: Path
) -> None:
    tables = table_blocks(huaian, Variants())
    tables[SectionKey.REQUESTS] = table_blocks(pingtan_2020, Variants())[SectionKey.REQUESTS]
    result = import_report(_build(huaian, kind, tmp_path, tables=tables))
    report = result.report
    assert report.meta.edition == "2021"  # 表二 and 表四 follow 2021, only （六） is the old one
    assert report.values["t3.open.natural"] == 6  # the rest of 表三 is read as published
    assert not any(c.startswith("t3.other_") for c in report.values)
    [note] = report.structure_notes
    assert "（六）其他处理" in note.where
    assert "4、0、0、0、0、0、4" in note.message  # the printed numbers stay visible
    assert any(f.rule == "R7" and "（六）其他处理" in f.message for f in evaluate(report))
    assert any("（六）其他处理" in i.where for i in result.issues)


@pytest.mark.parametrize("kind", KINDS)
def test_old_tables_in_a_2021_report_are_read_as_the_2019_edition(
    pingtan_2020: Source, kind: str, tmp_path: Path
) -> None:
    source = replace(pingtan_2020, year=2021)
    result = import_report(_build(source, kind, tmp_path, Variants(title_style=0)))
    report = result.report
    assert (report.meta.year, report.meta.edition, report.meta.edition_explicit) == (2021, "2019", True)
    assert report.values["t2_9.procurement.amount"] == Money(amount=Decimal("73802895.90"), unit="元")
    assert any(f.rule == "R7" for f in evaluate(report))
    assert any("2019版" in i.message and "2021年度" in i.message for i in result.issues)


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_nobody_knows_is_reported_not_dropped(huaian: Source, kind: str, tmp_path: Path) -> None:
    from tests.importing.builders import Cell

    tables = table_blocks(huaian, Variants())
    t3 = tables[SectionKey.REQUESTS][0]
    t3.insert(5, [Cell("（八）自定义的办理结果", colspan=3)] + [Cell("7", value=True) for _ in range(7)])
    result = import_report(_build(huaian, kind, tmp_path, tables=tables))
    [issue] = [i for i in result.issues if "自定义" in i.text]
    assert "未导入" in issue.message
    assert issue.where.startswith("第2个表格")


def test_grid_resolves_rowspan_colspan_and_word_continuation() -> None:
    grid = build_grid(
        [
            [RawCell("A", rowspan=2), RawCell("B", colspan=2)],
            [RawCell("C"), RawCell("D")],
            [RawCell("E", colspan=2), RawCell("F")],
            [RawCell("", colspan=2, continues_above=True), RawCell("G")],
        ]
    )
    texts = [[c.text for c in row] for row in grid.rows]
    assert texts == [["A", "B", "B"], ["A", "C", "D"], ["E", "E", "F"], ["E", "E", "G"]]
    assert grid.rows[1][0].origin == (0, 0)
    assert grid.rows[3][1].origin == (2, 0)


def test_hostile_spans_are_clamped() -> None:
    grid = build_grid([[RawCell("x", colspan=10**9, rowspan=10**9)], [RawCell("y")]])
    assert grid.width <= 200
    assert len(grid.rows) == 2


@pytest.mark.parametrize(
    ("printed", "row"),
    [
        ("1、属于国家秘密", "withheld_1"),
        ("（二）部分公开", "partial"),
        ("(二)部分公开（区分处理的，只计这一情\n形，不计其他情形）", "partial"),
        ("2.没有现成信息需另行制作", "unavailable_2"),  # a typo
        ("5.要求行政机关确认或重新出\n具已获取信息", "unprocessed_5"),
        ("3、其他", "other_3"),
    ],
)
def test_row_label_variants(printed: str, row: str) -> None:
    assert row in {m.row for m in match_row_label(printed)}


def test_close_labels_are_not_confused() -> None:
    assert {m.row for m in match_row_label("规范性文件")} == {"normative"}
    assert {m.edition for m in match_row_label("规范性文件")} == {"2019"}
    assert {m.edition for m in match_row_label("行政规范性文件")} == {"2021"}
    assert match_row_label("其他") == ()  # too short to guess
    assert {m.column for m in match_column_label("本年新\n制作数量")} == {"made"}


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("淮安市人民政府 2024年政府信息公开工作年度报告", "淮安市人民政府", 2024),
        ("平潭综合实验区2021年度政府信息公开工作年度报告", "平潭综合实验区", 2021),
        ("上海市普陀区民政局２０２０年政府信息公开工作年度报告", "上海市普陀区民政局", 2020),
        ("乌海市工业和信息化局政府信息公开工作年度报告", "乌海市工业和信息化局", None),
    ],
)
def test_titles(title: str, agency: str, year: int | None) -> None:
    assert parse_title(title) == (agency, year)


def test_title_without_year_takes_the_statistics_period() -> None:
    prose = read_prose(
        [
            "乌海市工业和信息化局",
            "政府信息公开工作年度报告",
            "根据乌海市2021年政务公开工作要点编制。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日。",
            "一、总体情况",
            "2020年度主动公开政府信息总数2942条。",
        ]
    )
    assert (prose.agency, prose.year, prose.year_source) == ("乌海市工业和信息化局", 2020, "period")


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("五、政府信息公开工作存在的主要问题及改进情况", SectionKey.PROBLEMS),
        ("四、因政府信息公开申请行政复议、提起行政诉讼的情况", SectionKey.APPEALS),
        ("四、政府信息公开行政复议、行政诉讼情况", SectionKey.APPEALS),
        ("三、收到和处理政府信息公开申请情况", SectionKey.REQUESTS),
        ("六．其他需要报告的事项", SectionKey.OTHER),
    ],
)
def test_section_heading_variants(line: str, key: SectionKey) -> None:
    found = match_heading(line, -1 if key is not SectionKey.PROBLEMS else 3)
    assert found is not None
    assert found[1] is key


def test_sections_keep_the_clerks_text_and_sub_headings() -> None:
    prose = read_prose(
        [
            "某区人民政府2020年政府信息公开工作年度报告",
            "本报告由某区人民政府办公室编制。",
            "一、总体情况",
            "（一）主动公开情况",
            "2020年，一、二、三类信息均已公开。",
            "- 2 -",
            "五、存在的主要问题及改进情况（一）存在的问题：人员不足。",
            "六、其他需要报告的事项",
            "（文字描述）",
        ]
    )
    assert prose.preamble == "本报告由某区人民政府办公室编制。"
    assert prose.texts[SectionKey.OVERVIEW] == "（一）主动公开情况\n2020年，一、二、三类信息均已公开。"
    assert prose.texts[SectionKey.PROBLEMS] == "（一）存在的问题：人员不足。"
    assert prose.texts[SectionKey.OTHER] == ""


def test_a_2019_edition_is_detected_from_its_tables(pingtan_2020: Source, tmp_path: Path) -> None:
    assert EDITION_2019.key == import_report(_build(pingtan_2020, "docx", tmp_path)).report.meta.edition


@pytest.mark.parametrize("kind", KINDS)
def test_empty_tables_are_found_and_stay_empty(huaian: Source, kind: str, tmp_path: Path) -> None:
    huaian.values.clear()
    result = import_report(_build(huaian, kind, tmp_path))
    assert result.report.values == {}
    assert not [i for i in result.issues if "没有找到这张表格" in i.message]
    assert any(f.rule == "R6" for f in evaluate(result.report))
