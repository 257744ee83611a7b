"""Benchmark: importing a typical report (.docx and .html). Budget: median ≤ 100 ms per file.

    python tests/benchmarks/bench_import.py [--runs N]

The typical report is 淮安市人民政府 2024 (../shared/examples/real), built as a Word file and as a
GBK web page with the template's merged cells and its full prose, plus the Word export of the
bundled example when the exporter is present.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gov_report_desktop.documents.importing import import_report  # noqa: E402
from tests.importing.builders import Variants, build_docx, build_html, load_source  # noqa: E402
from tests.support.shared_reports import REAL_DIR  # noqa: E402

BUDGET_MS = 100.0


def _files(folder: Path) -> dict[str, Path]:
    source = load_source(REAL_DIR / "huaian-city-2024.json")
    variants = Variants(label_breaks=True, split_t3_at=12, repeat_header=True)
    files = {
        "docx (built, split 表三)": build_docx(source, folder / "huaian.docx", variants),
        "html (built, GBK)": build_html(source, folder / "huaian.html", variants, "gbk"),
    }
    try:
        from gov_report_desktop.documents.export_docx import export_report
        from gov_report_desktop.storage.projectfile import load_report

        exported = folder / "exported.docx"
        export_report(load_report(ROOT / "resources" / "examples" / "huaian-city-2024.govreport"), exported)
        files["docx (exported example)"] = exported
    except ImportError:
        pass
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name, path in _files(Path(folder)).items():
            import_report(path)  # warm-up: imports, label index, caches
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                import_report(path)
                times.append((time.perf_counter() - started) * 1000)
            median = statistics.median(times)
            worst = max(worst, median)
            size = path.stat().st_size / 1024
            print(f"{name:<26} {size:7.1f} KB  median {median:6.1f} ms  min {min(times):6.1f}  max {max(times):6.1f}")
    verdict = "OK" if worst <= BUDGET_MS else "OVER BUDGET"
    print(f"budget: median ≤ {BUDGET_MS:.0f} ms per file → worst median {worst:.1f} ms: {verdict}")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
