"""`gov-report export`: exports, lists 错误 on stderr, --strict refuses, exit codes."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from gov_report_desktop.cli import main
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.rules import Severity, evaluate
from gov_report_desktop.storage.projectfile import save_report
from tests.conftest import PUTUO


def report_with_errors(tmp_path: Path) -> Path:
    report = Report.new(2023, "某县人民政府办公室")
    report.set_value("t3.new.natural", 5)  # nothing handled, nothing carried forward: R1 fails
    assert any(f.severity is Severity.ERROR for f in evaluate(report))
    path = tmp_path / "有错误.govreport"
    save_report(report, path)
    return path


def test_exports_a_clean_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "年报.docx"
    assert main(["export", str(PUTUO), "-o", str(out)]) == 0
    assert zipfile.is_zipfile(out)
    captured = capsys.readouterr()
    assert "已导出" in captured.out
    assert captured.err == ""


def test_errors_go_to_stderr_and_the_file_is_exported_anyway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "草稿.docx"
    assert main(["export", str(report_with_errors(tmp_path)), "-o", str(out)]) == 0
    assert out.exists()
    captured = capsys.readouterr()
    assert "错误 R1" in captured.err
    assert "个错误" in captured.out


def test_strict_refuses_a_report_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "不应生成.docx"
    assert main(["export", str(report_with_errors(tmp_path)), "-o", str(out), "--strict"]) == 1
    assert not out.exists()
    assert "未导出" in capsys.readouterr().err


def test_strict_exports_a_report_without_errors(tmp_path: Path) -> None:
    out = tmp_path / "年报.docx"
    assert main(["export", str(PUTUO), "-o", str(out), "--strict"]) == 0
    assert out.exists()


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "坏.govreport"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["export", str(broken), "-o", str(tmp_path / "x.docx")]) == 2
    assert "gov-report：" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_write_error_exits_2_with_a_chinese_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "没有这个文件夹" / "年报.docx"
    assert main(["export", str(PUTUO), "-o", str(out)]) == 2
    assert "不存在" in capsys.readouterr().err


def test_refuses_an_output_that_is_not_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "年报.govreport"
    copy.write_bytes(PUTUO.read_bytes())
    assert main(["export", str(copy), "-o", str(copy)]) == 2
    assert copy.read_bytes() == PUTUO.read_bytes()
    assert ".docx" in capsys.readouterr().err


def test_cli_export_does_not_import_qt(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from gov_report_desktop.cli import main; "
        f"rc = main(['export', {str(PUTUO)!r}, '-o', {str(tmp_path / 'a.docx')!r}]); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; sys.exit(rc)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
