"""`--self-test` run from the source tree: it passes, and it fails loudly (exit 1, Chinese reason) when broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_report_desktop.ui import selftest

# The offscreen platform warns once when a window is shown; that is Qt's, not ours.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def no_leftover_app(qapp):
    """selftest.run() reuses the test QApplication; make sure it leaves no window behind."""
    yield qapp
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()


def test_self_test_passes_from_source(no_leftover_app, capsys):
    assert selftest.run([]) == 0
    out = capsys.readouterr().out
    assert "自检通过" in out
    for step, _ in selftest.STEPS:
        assert f"✓ {step}" in out


def test_missing_example_fails_with_a_chinese_reason(no_leftover_app, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("gov_report_desktop.resources.example_path", lambda: tmp_path / "missing.govreport")
    assert selftest.run([]) == 1
    out = capsys.readouterr().out
    assert "找不到随程序安装的示例报告" in out
    assert "missing.govreport" in out
    assert "自检失败" in out


def test_export_without_table_three_is_caught(no_leftover_app, capsys, monkeypatch):
    import docx

    def export_without_tables(report: object, path: Path) -> None:
        document = docx.Document()
        document.add_paragraph("上海市普陀区民政局 2020 年政府信息公开工作年度报告")
        document.save(str(path))

    monkeypatch.setattr("gov_report_desktop.documents.export_docx.export_report", export_without_tables)
    assert selftest.run([]) == 1
    out = capsys.readouterr().out
    assert "✗ 核对导出的 Word 文件：导出的 Word 文件缺少表三的标签" in out


def test_a_wrong_number_in_table_three_is_caught(no_leftover_app, capsys, monkeypatch):
    from gov_report_desktop.documents import export_docx

    real_export = export_docx.export_report

    def export_with_changed_total(report, path: Path) -> None:
        changed = report.model_copy(deep=True)
        changed.values["t3.new.total"] = changed.number("t3.new.total") + 1
        real_export(changed, path)

    monkeypatch.setattr(export_docx, "export_report", export_with_changed_total)
    assert selftest.run([]) == 1
    assert "一行的数字与示例报告不一致" in capsys.readouterr().out


def test_the_log_file_keeps_the_report(no_leftover_app, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    selftest.run([])
    log = (tmp_path / selftest.LOG_NAME).read_text(encoding="utf-8")
    assert log == capsys.readouterr().out.split("（自检记录已保存到")[0]


def test_self_test_as_its_own_process_leaves_the_users_folders_untouched(tmp_path):
    """What IT runs after installing: nothing may appear in the clerk's home (settings, recent files, autosave)."""
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "gov_report_desktop.ui.selftest"],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "自检通过" in result.stdout
    assert sorted(path.relative_to(home) for path in home.rglob("*")) == []


@pytest.mark.parametrize("io_encoding", ["gbk", "cp1252"])
def test_self_test_output_survives_a_redirect_in_any_code_page(tmp_path, io_encoding):
    """`gov-report-desktop.exe --self-test > result.txt` on a Chinese (GBK) or Western (cp1252) Windows: the
    redirected stream gets the ANSI code page, which cannot encode "✓" (or, on cp1252, any Chinese). The
    output must come out whole, as UTF-8, never as an encoding error (which hangs a frozen windowed exe on
    PyInstaller's error dialog)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "PYTHONUTF8", "QT_"))}
    env.update(LANG="C", LC_ALL="C", PYTHONIOENCODING=io_encoding, TMPDIR=str(tmp_path), HOME=str(tmp_path))
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-m", "gov_report_desktop.ui.selftest"],
        cwd=root,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("utf-8")
    assert "✓ 中文字体" in out
    assert "自检通过" in out
    assert b"UnicodeEncodeError" not in result.stderr
