"""The fault-trial script keeps working: a short run of its kill -9 trials (the full run takes minutes
and is run by hand, see README)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(sys.platform == "win32", reason="the kill trials fork")
def test_a_short_fault_trial_loses_nothing() -> None:
    script = ROOT / "tests" / "faults" / "fault_trial.py"
    done = subprocess.run(
        [sys.executable, str(script), "--trials", "5", "--seed", "1", "--no-disk-full"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(
        line.startswith("kill -9 保存中") and "目标文件完好 5/5，备份完好 5/5，残留临时文件 0" in line for line in lines
    )
    assert any(line.startswith("kill -9 导出中") and "目标文件完好 5/5" in line for line in lines)
    assert lines[-1] == "结果：全部完好。"
