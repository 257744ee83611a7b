"""`gov-report import` and `gov-report check` on published .docx/.html files."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_report_desktop.cli import main
from gov_report_desktop.storage.projectfile import load_report
from tests.importing.builders import Variants, build_docx, build_html, load_source
from tests.support.shared_reports import REAL_DIR, report_from_shared_json

pytestmark = pytest.mark.skipif(not REAL_DIR.is_dir(), reason="../shared/examples/real is not available")


def test_import_writes_a_project_file_and_lists_issues(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = load_source(REAL_DIR / "huaian-city-2024.json")
    document = build_docx(source, tmp_path / "淮安.docx", Variants(blank_cells={"t3.new.research": "—"}))
    output = tmp_path / "淮安.govreport"
    assert main(["import", str(document), "-o", str(output)]) == 0
    out, err = capsys.readouterr()
    assert "已导入" in out
    assert "淮安市人民政府 2024年度" in out
    assert "表三「一、本年新收政府信息公开申请数量」行「科研机构」列「—」" in err
    report = load_report(output)
    expected = report_from_shared_json(REAL_DIR / "huaian-city-2024.json").values
    expected.pop("t3.new.research")
    assert report.values == expected


def test_import_refuses_to_overwrite_and_reports_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "out.govreport"
    output.write_text("keep me", encoding="utf-8")
    source = load_source(REAL_DIR / "pingtan-2020.json")
    page = build_html(source, tmp_path / "p.html")
    assert main(["import", str(page), "-o", str(output)]) == 2  # one exit-code scheme: not written → 2
    assert output.read_text(encoding="utf-8") == "keep me"
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"\x00" * 100)
    assert main(["import", str(junk), "-o", str(tmp_path / "new.govreport")]) == 2
    assert "不是有效的 Word 文档" in capsys.readouterr().err
    assert not (tmp_path / "new.govreport").exists()


def test_check_reads_published_files_directly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    huaian = build_html(load_source(REAL_DIR / "huaian-city-2024.json"), tmp_path / "huaian.htm", encoding="gbk")
    pingtan = build_docx(load_source(REAL_DIR / "pingtan-2020.json"), tmp_path / "pingtan.docx")
    assert main(["check", str(huaian), str(pingtan)]) == 1  # 平潭 2020 published an R2 error
    out = capsys.readouterr().out
    assert "R2" in out
    assert "huaian.htm" in out
    assert "pingtan.docx" in out
    assert "汇总" in out
    assert main(["check", str(huaian)]) == 0


def test_the_importer_never_loads_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, gov_report_desktop.documents.importing, gov_report_desktop.cli.import_;"
        "assert not [m for m in sys.modules if m.startswith('PySide6')]"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)
