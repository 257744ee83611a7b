"""Acknowledgements that stay true: a confirmed 警告 shows again once the data it quoted has changed,
in the window's model and in `gov-report check` on the saved file alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gov_report_desktop.cli import main
from gov_report_desktop.domain.acknowledgements import (
    AckState,
    acknowledgement_of,
    is_acknowledged,
    state_of,
)
from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.domain.model import Report
from gov_report_desktop.domain.rules import Finding, evaluate
from gov_report_desktop.storage.projectfile import load_report, save_report

from .factories import complete_report, requests


def _p4_report() -> tuple[Report, Finding]:
    """The issue's case: the prose says 100 requests, 表三 says 1256."""
    report = requests(complete_report(2024), new__natural=1256, open__natural=1256)
    report.set_text(SectionKey.OVERVIEW, "全年共收到政府信息公开申请100件。")
    [finding] = [f for f in evaluate(report) if f.rule == "P4"]
    report.acknowledgements.append(acknowledgement_of(report, finding, "含另一口径的统计，已核实"))
    return report, finding


def _p4(report: Report) -> Finding:
    [finding] = [f for f in evaluate(report) if f.rule == "P4"]
    return finding


def test_an_acknowledgement_records_what_it_acknowledged() -> None:
    report, finding = _p4_report()
    [ack] = report.acknowledgements
    assert ack.values == (("t3.new.total", "1256"),)
    assert ack.quoted == ("全年共收到政府信息公开申请100件",)
    assert ack.message == finding.message
    assert state_of(report, finding) is AckState.CURRENT


def test_changed_numbers_show_the_warning_again() -> None:
    report, _ = _p4_report()
    requests(report, new__natural=1257, open__natural=1257)
    finding = _p4(report)
    assert "相差 1157" in finding.message
    assert state_of(report, finding) is AckState.CHANGED
    assert not is_acknowledged(report, finding)


def test_changed_quoted_text_shows_the_warning_again() -> None:
    report, _ = _p4_report()
    report.set_text(SectionKey.OVERVIEW, "全年共收到政府信息公开申请120件。")
    assert state_of(report, _p4(report)) is AckState.CHANGED


def test_an_old_acknowledgement_without_a_record_loads_and_still_holds(tmp_path: Path) -> None:
    report, finding = _p4_report()
    path = tmp_path / "旧.govreport"
    save_report(report, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    for ack in document["report"]["acknowledgements"]:  # as files saved before the record existed
        for key in ("values", "quoted", "message"):
            del ack[key]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    old = load_report(path)
    assert old.acknowledgements[0].values is None
    assert state_of(old, finding) is AckState.CURRENT


@pytest.mark.parametrize("changed", [False, True])
def test_check_on_the_saved_file_agrees(changed: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report, _ = _p4_report()
    if changed:
        requests(report, new__natural=1257, open__natural=1257)
    path = tmp_path / "年报.govreport"
    save_report(report, path)
    main(["check", str(path)])
    out = capsys.readouterr().out
    if changed:
        assert "确认后数据已改变" in out
        assert "确认时说明：含另一口径的统计，已核实" in out
    else:
        assert "（已说明：含另一口径的统计，已核实）" in out
    main(["check", "--format", "json", str(path)])
    [row] = [r for r in json.loads(capsys.readouterr().out) if r["rule"] == "P4"]
    assert row["acknowledgement"] == ("changed" if changed else "current")
