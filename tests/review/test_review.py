"""The review of a unit set built from the shared real reports (tests/review/unitsets.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gov_report_desktop.domain.rules import Severity
from gov_report_desktop.review.assemble import DUPLICATE, MISSING, NOT_CONTINUOUS, READ, UNREADABLE, Review, ReviewRow
from gov_report_desktop.review.runner import ReviewRequest, run_review
from tests.review.unitsets import PLACE, ROSTER, build_inbox
from tests.support.shared_reports import REAL_DIR

pytestmark = pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("inbox")
    return root, build_inbox(root)


@pytest.fixture(scope="module")
def review(inbox: tuple[Path, dict[str, Path]]) -> Review:
    root, _ = inbox
    return run_review(ReviewRequest([root / "本年"], previous=[root / "上年"], roster=ROSTER, workers=1))


def _row(review: Review, file_name: str) -> ReviewRow:
    return next(row for row in review.rows if row.path is not None and row.path.name == file_name)


def test_one_row_per_file_and_per_missing_unit(review: Review) -> None:
    names = sorted(row.path.name if row.path else f"({row.unit})" for row in review.rows)
    assert names == sorted(
        [
            "民政局.docx",
            "教育局.html",
            "卫健委.docx",
            "财政局.govreport",
            "教育局（旧）.govreport",
            "坏文件.docx",
            "(平潭综合实验区人社局)",
        ]
    )
    assert review.year == 2021
    assert review.counts() == {READ: 3, NOT_CONTINUOUS: 1, DUPLICATE: 1, UNREADABLE: 1, MISSING: 1}


def test_roster_matches_short_names_and_punctuation(review: Review) -> None:
    assert _row(review, "民政局.docx").roster_name == "平潭综合实验区民政局。"
    assert _row(review, "教育局.html").roster_name == "教育局"
    assert _row(review, "卫健委.docx").roster_name == "平潭综合实验区卫健委"
    assert _row(review, "卫健委.docx").unit == PLACE + "卫生健康委员会"
    missing = [row for row in review.rows if row.status == MISSING]
    assert [row.unit for row in missing] == ["平潭综合实验区人社局"]


def test_duplicate_uses_the_newer_file(review: Review) -> None:
    older = _row(review, "教育局（旧）.govreport")
    assert older.status == DUPLICATE
    assert "教育局.html" in older.detail
    assert _row(review, "教育局.html").status == READ


def test_unreadable_file_says_why(review: Review) -> None:
    bad = _row(review, "坏文件.docx")
    assert bad.status == UNREADABLE
    assert bad.detail
    assert bad.findings == []


def test_injected_error_is_counted(review: Review) -> None:
    finance = _row(review, "财政局.govreport")
    errors = [f for f in finance.findings if f.severity is Severity.ERROR]
    assert {f.rule for f in errors} >= {"R2"}
    assert finance.count(Severity.ERROR) == len(errors) > 0
    assert _row(review, "民政局.docx").count(Severity.ERROR) == 0


def test_last_year_is_matched_by_agency(review: Review) -> None:
    civil = _row(review, "民政局.docx")
    assert civil.status == NOT_CONTINUOUS
    assert civil.previous_path is not None
    assert civil.previous_path.name == "民政局2020.govreport"
    p1 = [f for f in civil.findings if f.rule == "P1"]
    assert len(p1) == 1
    assert "为 0" in p1[0].message
    assert "为 7" in p1[0].message


def test_nearly_same_as_last_year_quotes_the_sentences(review: Review) -> None:
    t6 = [f for f in _row(review, "财政局.govreport").findings if f.rule == "T6"]
    assert len(t6) == 1
    assert "2020年度报告基本相同" in t6[0].message
    assert "个别部门对政府信息公开工作主动性和自觉性仍待提高" in t6[0].message


def test_copied_problems_between_units_warn_both(review: Review) -> None:
    civil = [f for f in _row(review, "民政局.docx").findings if f.rule == "S1"]
    health = [f for f in _row(review, "卫健委.docx").findings if f.rule == "S1"]
    assert len(civil) == len(health) == 1
    assert f"“{PLACE}卫生健康委员会”的报告雷同" in civil[0].message
    assert f"“{PLACE}民政局”的报告雷同" in health[0].message
    assert "“政务公开质量水平有待提高，政务公开渠道有限" in health[0].message  # a shared sentence is quoted
    assert civil[0].severity is Severity.WARNING
    education = _row(review, "教育局.html")
    assert not [f for f in education.findings if f.rule == "S1"]


def test_last_year_mixed_into_the_same_folder(inbox: tuple[Path, dict[str, Path]]) -> None:
    root, _ = inbox
    mixed = run_review(ReviewRequest([root], workers=1))
    assert mixed.year == 2021
    assert {read.path.name for read in mixed.previous} == {"民政局2020.govreport", "财政局2020.govreport"}
    assert all(row.year != 2020 for row in mixed.rows)
    assert _row(mixed, "民政局.docx").status == NOT_CONTINUOUS


def test_the_process_pool_reads_the_same(inbox: tuple[Path, dict[str, Path]], review: Review) -> None:
    from gov_report_desktop.review.reading import find_report_files
    from gov_report_desktop.review.runner import read_files

    root, _ = inbox
    files = find_report_files([root])
    seen: list[tuple[int, int]] = []
    pooled = read_files(files * 4, progress=lambda d, t: seen.append((d, t)), workers=2)
    assert [r.path for r in pooled] == files * 4
    assert seen[-1] == (len(files) * 4, len(files) * 4)
    serial = {r.path: len(r.findings) for r in read_files(files, workers=1)}
    assert {r.path: len(r.findings) for r in pooled} == serial


def test_cancelling_stops_the_pool(inbox: tuple[Path, dict[str, Path]]) -> None:
    from gov_report_desktop.review.reading import find_report_files
    from gov_report_desktop.review.runner import ReviewCancelled, read_files

    root, _ = inbox
    files = find_report_files([root]) * 20
    calls: list[int] = []
    with pytest.raises(ReviewCancelled):
        read_files(files, progress=lambda d, t: calls.append(d), cancelled=lambda: len(calls) >= 2, workers=2)
    assert calls[-1] < len(files)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="process priority is Unix's niceness here")
def test_workers_leave_the_cpu_to_the_window_first() -> None:
    from gov_report_desktop.review.runner import WORKER_NICENESS, worker_pool

    pool = worker_pool(1)
    try:
        assert pool.submit(os.nice, 0).result(timeout=60) == min(os.nice(0) + WORKER_NICENESS, 19)
    finally:
        pool.shutdown()
