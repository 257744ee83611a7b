"""PDF reports in a review: read through documents/opening.py like every other format, in this process
and in the process pool, and from the command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gov_report_desktop.cli import main
from gov_report_desktop.cli.common import ExitCode
from gov_report_desktop.domain.rules import Severity, evaluate
from gov_report_desktop.review.assemble import READ, UNREADABLE, Review, ReviewRow
from gov_report_desktop.review.runner import ReviewRequest, read_files, run_review
from tests.review.unitsets import PDF_UNIT, PLACE, add_pdfs, build_inbox, pdf_project
from tests.support.shared_reports import REAL_DIR

pytestmark = pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")
CHINESE = re.compile(r"[\u4e00-\u9fff]{4}")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> Path:
    """The usual unit set, with 司法局's PDF and two unreadable PDFs in a sub-folder of this year's."""
    root = tmp_path_factory.mktemp("inbox")
    build_inbox(root)
    add_pdfs(root / "本年" / "PDF报送")
    return root


@pytest.fixture(scope="module")
def review(inbox: Path) -> Review:
    return run_review(ReviewRequest([inbox / "本年"], previous=[inbox / "上年"], workers=1))


def _row(review: Review, file_name: str) -> ReviewRow:
    return next(row for row in review.rows if row.path is not None and row.path.name == file_name)


def test_a_pdf_report_gets_its_row(review: Review) -> None:
    row = _row(review, "司法局.pdf")
    assert row.status == READ
    assert row.read is not None
    assert row.read.kind == "pdf"
    assert (row.unit, row.year, row.edition) == (PLACE + PDF_UNIT, 2021, "2021")
    published = evaluate(pdf_project())  # what the report held before it became a PDF
    errors = [f for f in published if f.severity is Severity.ERROR]
    assert errors
    assert {f.rule for f in errors} >= {"R2"}
    assert row.count(Severity.ERROR) == len(errors)
    assert row.count(Severity.WARNING) == sum(1 for f in published if f.severity is Severity.WARNING)
    assert {(f.rule, f.cells) for f in row.findings if f.severity is Severity.ERROR} == {
        (f.rule, f.cells) for f in errors
    }


@pytest.mark.parametrize(("name", "why"), [("扫描件.pdf", "扫描"), ("损坏.pdf", "PDF")])
def test_an_unreadable_pdf_says_why_in_chinese(review: Review, name: str, why: str) -> None:
    row = _row(review, name)
    assert row.status == UNREADABLE
    assert row.findings == []
    assert why in row.detail
    assert CHINESE.search(row.detail)
    assert "Traceback" not in row.detail
    assert "Error" not in row.detail
    assert row.status_text == f"{UNREADABLE}：{row.detail}"


def test_the_other_formats_beside_the_pdfs_are_unchanged(review: Review) -> None:
    assert len(review.rows) == 9  # the six files of build_inbox and three PDFs
    assert review.counts()[UNREADABLE] == 3
    assert _row(review, "民政局.docx").previous_path is not None


def test_the_process_pool_reads_pdfs(inbox: Path) -> None:
    folder = inbox / "本年" / "PDF报送"
    files = sorted(folder.glob("*.pdf")) * 8  # enough for the pool (runner.SERIAL_BELOW)
    reads = read_files(files, workers=2)
    assert [read.path for read in reads] == files
    readable = [read for read in reads if read.ok]
    assert len(readable) == 8
    assert {read.report.meta.agency for read in readable if read.report} == {PLACE + PDF_UNIT}
    assert all(not read.ok and CHINESE.search(read.reason) for read in reads if read.path.name != "司法局.pdf")


def test_the_command_line_reviews_pdfs(inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "审核.xlsx"
    folder = inbox / "本年" / "PDF报送"
    assert main(["review", str(folder), "-o", str(out), "--opinions", str(tmp_path / "意见")]) == ExitCode.REPORT_ERRORS
    assert "共 3 行" in capsys.readouterr().out
    units = {
        row[4].rsplit("/", 1)[-1]: row for row in load_workbook(out)["单位"].iter_rows(min_row=2, values_only=True)
    }
    assert set(units) == {"司法局.pdf", "扫描件.pdf", "损坏.pdf"}
    pdf = units["司法局.pdf"]
    assert pdf[:4] == (PLACE + PDF_UNIT, None, 2021, "2021版")
    assert pdf[5] == sum(1 for f in evaluate(pdf_project()) if f.severity is Severity.ERROR)
    assert str(units["损坏.pdf"][7]).startswith(UNREADABLE + "：")
    problems = [
        row for row in load_workbook(out)["问题"].iter_rows(min_row=2, values_only=True) if row[1] == "司法局.pdf"
    ]
    assert {row[2] for row in problems} >= {"R2"}
    opinions = sorted(p.name for p in (tmp_path / "意见").glob("*.docx"))  # the senders of bad files are told too
    assert opinions == [f"{PLACE}{PDF_UNIT}审核意见.docx", "扫描件审核意见.docx", "损坏审核意见.docx"]
    single = tmp_path / "单个.xlsx"
    assert main(["review", str(folder / "司法局.pdf"), "-o", str(single)]) == ExitCode.REPORT_ERRORS
