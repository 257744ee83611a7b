"""名单 matching and the 雷同 measure, the latter on the shared real reports' own 五."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from openpyxl import Workbook

from gov_report_desktop.review.roster import RosterError, match_roster, name_score, read_roster
from gov_report_desktop.review.similarity import THRESHOLD, containment, shared_sentences, shingles, similar_pairs
from tests.review.unitsets import problems_text
from tests.support.shared_reports import REAL_DIR


@pytest.mark.parametrize(
    ("roster", "agency"),
    [
        ("普陀区民政局", "上海市普陀区民政局"),
        ("区发改委", "区发展和改革委员会"),
        ("市人社局", "市人力资源和社会保障局"),
        ("平潭综合实验区（管委会）", "平潭综合实验区"),
        ("乌海市工业和信息化局。", "乌海市 工业和信息化局"),
        ("淮安市人民政府", "淮安市人民政府"),
    ],
)
def test_names_that_mean_the_same_unit_match(roster: str, agency: str) -> None:
    assert name_score(roster, agency) >= 85


@pytest.mark.parametrize(("a", "b"), [("普陀区民政局", "普陀区财政局"), ("市教育局", "市体育局"), ("局", "民政局")])
def test_different_units_do_not_match(a: str, b: str) -> None:
    assert name_score(a, b) < 85


def test_each_report_goes_to_one_name() -> None:
    matches = match_roster(["民政局", "上海市普陀区民政局", "财政局"], ["上海市普陀区民政局", "普陀区财政局"])
    assert [(m.name, m.report) for m in matches] == [("民政局", None), ("上海市普陀区民政局", 0), ("财政局", 1)]


def test_roster_files(tmp_path: Path) -> None:
    txt = tmp_path / "名单.txt"
    txt.write_text("民政局\n\n财政局\n民政局\n", encoding="gb18030")
    assert read_roster(txt) == ["民政局", "财政局"]
    csv_file = tmp_path / "名单.csv"
    csv_file.write_text("序号,单位名称,联系人\n1,民政局,张三\n2,财政局,李四\n", encoding="utf-8-sig")
    assert read_roster(csv_file) == ["民政局", "财政局"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["单位", "备注"], ["教育局", ""], [None, ""], ["卫健委", "x"]):
        sheet.append(row)
    book.save(tmp_path / "名单.xlsx")
    assert read_roster(tmp_path / "名单.xlsx") == ["教育局", "卫健委"]
    (tmp_path / "空.txt").write_text("\n \n", encoding="utf-8")
    with pytest.raises(RosterError, match="没有单位名称"):
        read_roster(tmp_path / "空.txt")
    (tmp_path / "坏.xlsx").write_bytes(b"PK garbage")
    with pytest.raises(RosterError, match="不是有效的 Excel"):
        read_roster(tmp_path / "坏.xlsx")


REAL_PROBLEMS = ["pingtan-2019", "pingtan-2020", "pingtan-2021", "huaian-city-2024"]


@pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")
def test_threshold_separates_genuine_texts_from_copies() -> None:
    """The README's figures: genuine 五 of different years and places score ≤ 0.07, a copy with a few
    words changed ≥ 0.8, so THRESHOLD (0.5) sits well between them."""
    texts = [problems_text(name) for name in REAL_PROBLEMS]
    genuine = [containment(shingles(a), shingles(b)) for a, b in itertools.combinations(texts, 2)]
    assert max(genuine) < 0.07 < THRESHOLD
    edited = texts[2].replace("政策解读形式不够丰富", "政策解读方式不够多样").replace("一是", "第一，")
    assert containment(shingles(texts[2]), shingles(edited)) > 0.8
    pairs = similar_pairs([*texts, edited])
    assert [(p.first, p.second) for p in pairs] == [(2, 4)]


def test_identical_texts_in_many_units_are_all_paired() -> None:
    text = "我单位信息公开工作仍存在一些不足：一是主动公开的深度不够，二是政策解读形式单一。下一步将加强培训。"
    pairs = similar_pairs([text] * 60 + ["完全不同的一段文字，讲的是另外的事情，没有任何相同的句子可言，长度也足够。"])
    assert len(pairs) == 60 * 59 // 2
    assert all(p.score == 1.0 for p in pairs)


def test_short_texts_are_not_compared() -> None:
    assert similar_pairs(["无。", "无。"]) == []


def test_shared_sentences_are_quoted_as_written() -> None:
    text = "一是公开不够及时，部分信息更新滞后。二是解读不够深入。"
    other = "我们发现：一是公开不够及时，部分信息更新滞后。此外还有别的。"
    assert shared_sentences(text, other) == ["一是公开不够及时，部分信息更新滞后。"]


def test_long_comparisons_tick_for_progress_and_cancel() -> None:
    texts = [f"第{i}个单位的问题：" + "一二三四五六七八九十" * 3 + str(i) * 30 for i in range(250)]
    ticks: list[int] = []
    similar_pairs(texts, tick=lambda: ticks.append(1))
    assert len(ticks) >= 5

    class Stop(Exception):
        pass

    def stop() -> None:
        raise Stop

    with pytest.raises(Stop):
        similar_pairs(texts, tick=stop)
