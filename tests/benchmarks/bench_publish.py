"""Benchmark: PDF export of the Putuo example in process (budget: median ≤ 500 ms), and the web page.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_publish.py [--runs N]

Measures `export_pdf` end to end (lay out, draw every page through QPdfWriter, fix the text maps,
temp file, replace) after one warm-up run that pays for the imports, the font look-up and the radical
table; then `build_html` for the page. Exit status 1 when the PDF median exceeds the budget.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# The timing helpers of the Word-export benchmark beside this file (a script's folder is on sys.path).
from bench_export import times_ms, timing_line  # noqa: E402

from gov_report_desktop.documents.export_html import build_html  # noqa: E402
from gov_report_desktop.publishing.pdf import ensure_application, export_pdf  # noqa: E402
from gov_report_desktop.storage.projectfile import load_report  # noqa: E402

BUDGET_MS = 500.0
PUTUO = ROOT / "resources" / "examples" / "putuo-minzheng-2020.govreport"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    runs = max(args.runs, 5)
    ensure_application()
    report = load_report(PUTUO)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "普陀.pdf"
        cpu: list[float] = []
        pdf_times = times_ms(lambda: export_pdf(report, target), runs, cpu)
        size = target.stat().st_size
    html_times = times_ms(lambda: build_html(report), runs)
    median = statistics.median(pdf_times)
    print(timing_line("export_pdf (Putuo 2020)", pdf_times))
    print(timing_line("  CPU time of export_pdf", cpu))
    print(timing_line("build_html (Putuo 2020)", html_times))
    print(f"PDF size {size / 1024:.1f} KB; budget {BUDGET_MS:.0f} ms: {'OK' if median <= BUDGET_MS else 'OVER'}")
    return 0 if median <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
