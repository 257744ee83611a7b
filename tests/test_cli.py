"""The `gov-report` command line: new, check (text and JSON), exit codes, Chinese messages."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gov_report_desktop import __version__
from gov_report_desktop.cli import COMMANDS, build_parser, main
from gov_report_desktop.cli.common import display_width, format_table, translate_argparse_message
from gov_report_desktop.documents.opening import open_report
from gov_report_desktop.domain.model import Acknowledgement
from gov_report_desktop.storage.projectfile import ProjectFileError, load_report, save_report
from tests.conftest import HUAIAN, PUTUO, ROOT


@pytest.fixture
def r1_error_file(tmp_path: Path) -> Path:
    """Putuo with one more 新收 application by a natural person: 表三's R1 no longer balances."""
    report = load_report(PUTUO)
    natural = report.get("t3.new.natural")
    assert isinstance(natural, int)
    report.set_value("t3.new.natural", natural + 1)
    path = tmp_path / "r1-错误.govreport"
    save_report(report, path)
    return path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]], str]:
    code = main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


# -- check ---------------------------------------------------------------------------------------


def test_putuo_example_has_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(PUTUO)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "上海市普陀区民政局 2020年度，2019版" in out
    assert "错误 " not in out
    assert "结果：0 个错误" in out
    assert "未发现错误" in out
    assert "汇总" not in out  # one file: no summary table


def test_r1_error_gives_exit_1_and_json_names_r1(capsys: pytest.CaptureFixture[str], r1_error_file: Path) -> None:
    code, rows, err = run_json(capsys, str(r1_error_file))
    assert code == 1
    assert err == ""
    # The natural-person column and the derived 总计 column both stop balancing.
    r1 = [row for row in rows if row["rule"] == "R1"]
    assert [row["cells"][0] for row in r1] == ["t3.new.natural", "t3.new.total"]  # type: ignore[index]
    assert r1[0] == {
        "file": str(r1_error_file),
        "rule": "R1",
        "severity": "error",
        "cells": ["t3.new.natural", "t3.carried.natural", "t3.result_total.natural", "t3.carry_forward.natural"],
        "message": r1[0]["message"],
    }
    assert "表三「自然人」列" in str(r1[0]["message"])
    assert all(set(row) == {"file", "rule", "severity", "cells", "message"} for row in rows)
    assert {row["severity"] for row in rows} <= {"error", "warning", "info"}


def test_text_output_labels_severities_in_chinese(capsys: pytest.CaptureFixture[str], r1_error_file: Path) -> None:
    assert main(["check", str(r1_error_file)]) == 1
    out = capsys.readouterr().out
    error_lines = [line for line in out.splitlines() if line.startswith("  错误 R1")]
    assert len(error_lines) == 2
    assert "表三「自然人」列：第一项" in error_lines[0]
    assert error_lines[0].endswith("相差 1。")
    assert "有错误，需修改" in out
    # errors come before warnings
    assert out.index("  错误 ") < out.index("  警告 ")


def test_unreadable_file_gives_exit_2_and_the_others_are_still_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, r1_error_file: Path
) -> None:
    broken = tmp_path / "损坏.govreport"
    broken.write_bytes(PUTUO.read_bytes()[:1000])
    before = broken.read_bytes()
    code = main(["check", str(broken), str(PUTUO), str(r1_error_file)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "gov-report：文件“损坏.govreport”已损坏或不完整" in err
    assert "Traceback" not in err
    assert "上海市普陀区民政局 2020年度" in out
    assert "错误 R1" in out
    assert broken.read_bytes() == before


def test_missing_file_in_json_mode_keeps_stdout_valid_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, rows, err = run_json(capsys, str(tmp_path / "不存在.govreport"), str(PUTUO))
    assert code == 2
    assert "找不到文件“不存在.govreport”" in err
    assert rows
    assert {row["file"] for row in rows} == {str(PUTUO)}


def test_summary_table_for_several_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "缺失.govreport"
    assert main(["check", str(PUTUO), str(HUAIAN), str(missing)]) == 2
    out = capsys.readouterr().out
    summary = out[out.index("\n汇总\n") :].splitlines()[2:]
    assert summary[0].split() == ["文件", "机关名称", "年度", "格式版本", "错误", "警告"]
    assert summary[1].split()[:5] == ["putuo-minzheng-2020.govreport", "上海市普陀区民政局", "2020", "2019版", "0"]
    assert summary[2].split()[:4] == ["huaian-city-2024.govreport", "淮安市人民政府", "2024", "2021版"]
    assert summary[3].split() == ["缺失.govreport", "（无法读取）"]
    # The columns line up in a terminal although the agency names differ in length.
    year_columns = {display_width(line[: re.search(r"\s20\d\d\s", line).end() - 5]) for line in summary[1:3]}  # type: ignore[union-attr]
    assert len(year_columns) == 1


def test_previous_year_report_triggers_p1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    last_year = load_report(PUTUO)
    last_year.meta.year = 2019
    carry = last_year.get("t3.carry_forward.natural")
    assert isinstance(carry, int)
    last_year.values["t3.carry_forward.natural"] = carry + 5
    previous = tmp_path / "2019.govreport"
    save_report(last_year, previous)
    code, rows, _ = run_json(capsys, str(PUTUO), "--previous", str(previous))
    p1 = [row for row in rows if row["rule"] == "P1"]
    assert len(p1) == 1
    assert p1[0]["severity"] == "warning"
    assert p1[0]["cells"] == ["t3.carried.natural"]
    assert "相差 5" in str(p1[0]["message"])
    assert code == 0  # a warning is not an error
    _, without, _ = run_json(capsys, str(PUTUO))
    assert not [row for row in without if row["rule"] == "P1"]


def test_unreadable_previous_report_gives_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["check", str(PUTUO), "--previous", str(tmp_path / "无.govreport")]) == 2
    err = capsys.readouterr().err
    assert "无法读取上年年报：找不到文件“无.govreport”" in err


def test_acknowledged_warning_shows_the_clerks_note(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = load_report(PUTUO)
    main(["check", "--format", "json", str(PUTUO)])
    [t4] = [row for row in json.loads(capsys.readouterr().out) if row["rule"] == "T4"]
    cells = tuple(str(c) for c in t4["cells"])  # type: ignore[attr-defined]
    report.acknowledgements.append(Acknowledgement(rule="T4", cells=cells, note="均为重复申请，已在正文说明"))
    path = tmp_path / "已说明.govreport"
    save_report(report, path)
    assert main(["check", str(path)]) == 0
    assert "（已说明：均为重复申请，已在正文说明）" in capsys.readouterr().out


def test_doc_is_refused_with_a_chinese_reason(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "年报.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["check", str(doc)]) == 2
    assert "暂不支持直接读取 .doc 文件" in capsys.readouterr().err
    with pytest.raises(ProjectFileError, match=re.escape("“年报.doc”")):
        open_report(doc)


def test_a_broken_pdf_is_unreadable_not_a_crash(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf = tmp_path / "年报.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    assert main(["check", str(pdf)]) == 2
    assert "无法读取PDF「年报.pdf」" in capsys.readouterr().err
    with pytest.raises(ProjectFileError, match=re.escape("「年报.pdf」")):
        open_report(pdf)


def test_a_broken_docx_is_unreadable_not_a_crash(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    docx = tmp_path / "年报.docx"
    docx.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["check", str(docx), str(PUTUO)]) == 2
    out, err = capsys.readouterr()
    assert "年报.docx" in err
    assert re.search(r"[\u4e00-\u9fff]", err)
    assert "Traceback" not in err
    assert "上海市普陀区民政局" in out


# -- new -----------------------------------------------------------------------------------------


def test_new_creates_a_checkable_report_with_the_years_edition(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "普陀2026.govreport"
    assert main(["new", "--year", "2026", "--agency", "上海市普陀区民政局", "-o", str(output)]) == 0
    out, err = capsys.readouterr()
    assert f"已创建“{output}”：上海市普陀区民政局 2026年度，2021版" in out
    assert err == ""
    report = load_report(output)
    assert (report.meta.year, report.meta.agency, report.meta.edition) == (2026, "上海市普陀区民政局", "2021")
    assert not report.meta.edition_explicit
    assert report.values == {}
    assert main(["check", str(output)]) in (0, 1)


def test_new_with_an_explicit_edition_records_it_and_warns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "a.govreport"
    assert main(["new", "--year", "2026", "--edition", "2019", "-o", str(output)]) == 0
    _, err = capsys.readouterr()
    assert "2026年度的年报通常使用2021版" in err
    report = load_report(output)
    assert report.meta.edition == "2019"
    assert report.meta.edition_explicit


def test_new_refuses_to_overwrite_without_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "已有.govreport"
    shutil.copy(PUTUO, output)
    before = output.read_bytes()
    assert main(["new", "--year", "2026", "-o", str(output)]) == 2  # one scheme: nothing written → 2
    assert "已存在，未作任何改动。如确需覆盖，请加上 --force" in capsys.readouterr().err
    assert output.read_bytes() == before
    assert main(["new", "--year", "2026", "-o", str(output), "--force"]) == 0
    assert load_report(output).meta.year == 2026
    assert output.with_name("已有.govreport.bak").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1800"], "报告年度“1800”无效，应为 1990 至 2200 之间的年份"),
        (["--year", "二〇二六"], "参数 --year 应为整数，收到 '二〇二六'"),
        (["--year", "2026", "--edition", "2020"], "参数 --edition 的值 '2020' 无效"),
        ([], "缺少必需的参数：--year"),
    ],
)
def test_new_rejects_bad_arguments_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    output = tmp_path / "x.govreport"
    code = main(["new", *args, "-o", str(output)])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_new_into_a_missing_folder_or_onto_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["new", "--year", "2026", "-o", str(tmp_path / "无此目录" / "a.govreport")]) == 2
    err = capsys.readouterr().err
    assert "无法保存文件“a.govreport”：文件夹" in err
    assert "不存在" in err
    assert main(["new", "--year", "2026", "-o", str(tmp_path)]) == 2
    assert "是一个文件夹" in capsys.readouterr().err


# -- the parser ----------------------------------------------------------------------------------


def test_version_and_chinese_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"gov-report {__version__}"
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：gov-report")
    assert "显示本帮助并退出" in out
    assert "\n选项：\n" in out
    assert "\n子命令：\n" in out
    assert "options" not in out
    assert "新建年报项目文件" in out
    assert "按统一格式检查年报" in out
    assert main(["check", "--help"]) == 0
    assert "退出码：0 = 没有错误" in capsys.readouterr().out


def test_no_subcommand_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "用法：gov-report" in capsys.readouterr().err


def test_every_command_module_registers_a_handler() -> None:
    parser = build_parser()
    assert COMMANDS[:2] == ("new", "check")
    assert parser.parse_args(["check", "a.govreport"]).handler.__module__ == "gov_report_desktop.cli.check"
    assert parser.parse_args(["new", "--year", "2026", "-o", "a"]).handler.__module__ == "gov_report_desktop.cli.new"


def test_translate_argparse_message_keeps_unknown_messages() -> None:
    assert translate_argparse_message("unrecognized arguments: --x") == "无法识别的参数：--x"
    assert translate_argparse_message("something new") == "something new"


def test_format_table_aligns_double_width_text() -> None:
    lines = format_table(("甲", "b"), [("上海市", "1"), ("ab", "2")])
    assert [display_width(line[: line.rindex(" ") + 1]) for line in lines] == [8, 8, 8]


# -- as a real process ---------------------------------------------------------------------------


def run_process(*args: str, io_encoding: str = "") -> subprocess.CompletedProcess[bytes]:
    """A fresh interpreter under the C locale, optionally with a non-UTF-8 console encoding forced."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "PYTHONUTF8"))}
    env.update(LC_ALL="C", LANG="C", PYTHONIOENCODING=io_encoding, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "gov_report_desktop.cli", *args], capture_output=True, env=env, cwd=ROOT, timeout=60
    )


@pytest.mark.parametrize("io_encoding", ["", "latin-1", "gbk"])
def test_real_process_check_prints_utf8_whatever_the_console_encoding(io_encoding: str) -> None:
    done = run_process("check", str(PUTUO), io_encoding=io_encoding)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    out = done.stdout.decode("utf-8")
    assert "上海市普陀区民政局" in out
    assert done.stderr == b""


def test_real_process_json_and_exit_codes(tmp_path: Path, r1_error_file: Path) -> None:
    done = run_process("check", "--format", "json", str(r1_error_file), str(tmp_path / "缺.govreport"))
    assert done.returncode == 2
    assert "R1" in {row["rule"] for row in json.loads(done.stdout.decode("utf-8"))}
    assert "找不到文件“缺.govreport”" in done.stderr.decode("utf-8")
    assert b"Traceback" not in done.stderr


def test_installed_entry_point_if_present() -> None:
    script = Path(sys.executable).with_name("gov-report")
    if not script.exists():
        pytest.skip("gov-report is not installed in this environment")
    done = subprocess.run([str(script), "check", str(PUTUO)], capture_output=True, timeout=60)
    assert done.returncode == 0
    assert "上海市普陀区民政局" in done.stdout.decode("utf-8")


@pytest.mark.parametrize("command", ["check", "export", "import"])
def test_every_subcommand_exits_2_when_its_input_cannot_be_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    """One exit-code scheme (cli/common.py ExitCode): 2 = a file could not be read or written."""
    missing = tmp_path / "无此文件.docx"
    args = {"check": [str(missing)], "export": [str(missing), "-o", str(tmp_path / "x.docx")]}
    code = main([command, *args.get(command, [str(missing), "-o", str(tmp_path / "x.govreport")])])
    assert code == 2
    assert "无此文件.docx" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["new", "check", "import", "export"])
def test_every_subcommand_documents_the_exit_codes(capsys: pytest.CaptureFixture[str], command: str) -> None:
    assert main([command, "--help"]) == 0
    out = re.sub(r"\s+", "", capsys.readouterr().out)  # argparse wraps the description anywhere
    assert "退出码：0=" in out
    assert "2=" in out
