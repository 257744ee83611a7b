"""Benchmark of the core without a window: rules, project file, and `gov-report check` as a process.

    python tests/benchmarks/bench_core.py [--rule-runs N] [--file-runs N] [--process-runs N]

Budgets (issue 2):
  full rule evaluation of the Putuo example   median ≤ 1 ms    (≥ 200 runs)
  project-file save (atomic, fsync, backup)   median ≤ 20 ms
  project-file load (read, parse, validate)   median ≤ 20 ms
  `gov-report check` on one file, whole process   median ≤ 300 ms (≥ 10 runs), shown beside
  `python -c pass` measured in the same run, so a slow machine is visible as such.
Prints PASS/FAIL per budget; exit status 1 when any budget fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gov_report_desktop.domain.rules import evaluate  # noqa: E402
from gov_report_desktop.storage.projectfile import load_report, save_report  # noqa: E402

PUTUO = ROOT / "resources" / "examples" / "putuo-minzheng-2020.govreport"


@dataclass(frozen=True)
class Result:
    name: str
    times_ms: list[float]
    budget_ms: float | None

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def passed(self) -> bool:
        return self.budget_ms is None or self.median <= self.budget_ms

    def line(self) -> str:
        verdict = "" if self.budget_ms is None else f"budget {self.budget_ms:g} ms  {'PASS' if self.passed else 'FAIL'}"
        return (
            f"{self.name:<40} median {self.median:8.3f} ms  min {min(self.times_ms):8.3f}  "
            f"max {max(self.times_ms):8.3f}  ({len(self.times_ms)} runs)  {verdict}"
        )


def timed(action: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def process(arguments: list[str]) -> Callable[[], object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run() -> None:
        done = subprocess.run(arguments, cwd=ROOT, env=env, capture_output=True, check=False)
        if done.returncode not in (0, 1):
            raise SystemExit(
                f"{' '.join(arguments)} failed ({done.returncode}): {done.stderr.decode(errors='replace')}"
            )

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rule-runs", type=int, default=500)
    parser.add_argument("--file-runs", type=int, default=50)
    parser.add_argument("--process-runs", type=int, default=15)
    args = parser.parse_args()

    report = load_report(PUTUO)
    findings = evaluate(report)
    results = [Result("rule evaluation (Putuo 2020)", timed(lambda: evaluate(report), max(args.rule_runs, 200)), 1.0)]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "普陀.govreport"
        save_report(report, target)
        file_runs = max(args.file_runs, 20)
        results.append(
            Result("project file save (with .bak, fsync)", timed(lambda: save_report(report, target), file_runs), 20.0)
        )
        results.append(Result("project file load", timed(lambda: load_report(target), file_runs), 20.0))
    process_runs = max(args.process_runs, 10)
    check = [sys.executable, "-m", "gov_report_desktop.cli", "check", str(PUTUO)]
    results.append(Result("gov-report check (whole process)", timed(process(check), process_runs, warmup=2), 300.0))
    results.append(
        Result(
            "python -c pass (same machine, baseline)",
            timed(process([sys.executable, "-c", "pass"]), process_runs, warmup=2),
            None,
        )
    )
    imports = [
        sys.executable,
        "-c",
        "import gov_report_desktop.cli.check, gov_report_desktop.domain.rules, gov_report_desktop.storage.projectfile",
    ]
    results.append(Result("  of which: python + imports only", timed(process(imports), process_runs, warmup=2), None))

    print(
        f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs; Putuo example: {len(findings)} findings"
    )
    for result in results:
        print(result.line())
    failed = [r.name for r in results if not r.passed]
    print("ALL PASS" if not failed else f"FAIL: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
