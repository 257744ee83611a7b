"""`gov-report review` and `gov-report sum` end to end, outputs read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from gov_report_desktop.cli import main
from gov_report_desktop.cli.common import ExitCode
from gov_report_desktop.storage.projectfile import load_report
from tests.review.unitsets import PLACE, ROSTER, build_inbox
from tests.support.shared_reports import REAL_DIR

pytestmark = pytest.mark.skipif(not REAL_DIR.exists(), reason="../shared is not beside the checkout")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inbox")
    build_inbox(root)
    (root / "名单.txt").write_text("\n".join(ROSTER), encoding="utf-8")
    return root


def test_review_writes_the_workbook_and_opinions(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "审核.xlsx"
    code = main(
        [
            "review",
            str(inbox / "本年"),
            "--roster",
            str(inbox / "名单.txt"),
            "--previous",
            str(inbox / "上年"),
            "-o",
            str(out),
            "--opinions",
            str(tmp_path / "意见"),
            "--office",
            "平潭综合实验区政务公开办",
        ]
    )
    assert code == ExitCode.REPORT_ERRORS  # 财政局 has 错误, 坏文件 cannot be read
    printed = capsys.readouterr().out
    assert "共 7 行" in printed
    assert "未报送 1" in printed
    rows = list(load_workbook(out)["单位"].iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} >= {PLACE + "民政局", "平潭综合实验区人社局"}
    assert len(list((tmp_path / "意见").glob("*.docx"))) == 6
    assert main(["review", str(inbox / "本年"), "-o", str(out)]) == ExitCode.FAILED  # exists, no --force
    assert "已存在" in capsys.readouterr().err


def test_review_refuses_bad_arguments(inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(inbox), "-o", str(tmp_path / "审核.txt")]) == ExitCode.FAILED
    assert ".xlsx" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "没有"), "-o", str(tmp_path / "a.xlsx")]) == ExitCode.FAILED
    assert "找不到" in capsys.readouterr().err
    (tmp_path / "空名单.txt").write_text("", encoding="utf-8")
    args = ["review", str(inbox), "--roster", str(tmp_path / "空名单.txt"), "-o", str(tmp_path / "b.xlsx")]
    assert main(args) == ExitCode.FAILED
    assert "没有单位名称" in capsys.readouterr().err
    (tmp_path / "空").mkdir()
    assert main(["review", str(tmp_path / "空"), "-o", str(tmp_path / "c.xlsx")]) == ExitCode.FAILED
    assert "没有找到年报文件" in capsys.readouterr().err


def test_sum_writes_the_report_and_the_detail(inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [
        inbox / "本年" / "民政局.docx",
        inbox / "本年" / "财政局.govreport",
        inbox / "本年" / "区直部门" / "卫健委.docx",
    ]
    out, detail = tmp_path / "汇总.govreport", tmp_path / "明细.xlsx"
    code = main(
        [
            "sum",
            *map(str, files),
            "-o",
            str(out),
            "--detail",
            str(detail),
            "--agency",
            "平潭综合实验区",
            "--scope",
            "全区各单位",
        ]
    )
    assert code == ExitCode.OK
    total = load_report(out)
    assert total.meta.agency == "平潭综合实验区"
    sheet = list(load_workbook(detail)["明细"].iter_rows(values_only=True))
    assert [row[0] for row in sheet] == ["单位", PLACE + "民政局", PLACE + "财政局", PLACE + "卫生健康委员会", "合计"]
    column = sheet[0].index("表三「一、本年新收政府信息公开申请数量」行「总计」列")
    assert sheet[-1][column] == sum(row[column] for row in sheet[1:-1]) == total.values["t3.new.total"]
    assert "已汇总 3 个单位" in capsys.readouterr().out


def test_sum_refuses_mixed_years(inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [inbox / "本年" / "财政局.govreport", inbox / "上年" / "财政局2020.govreport"]
    assert main(["sum", *map(str, files), "-o", str(tmp_path / "x.govreport")]) == ExitCode.FAILED
    assert "同一年度、同一格式版本" in capsys.readouterr().err
    assert not (tmp_path / "x.govreport").exists()
