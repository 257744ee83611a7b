"""Benchmark: importing a typical report published as PDF. Budget: ≤ 300 ms per 10-page report.

    python tests/benchmarks/bench_pdf_import.py [--runs N]

The PDFs are made once by LibreOffice (needs `soffice`, ~5 s) from the project's own Word export of
the bundled examples: 淮安市人民政府 2024 on B5 paper in 18 pt (11–12 pages, 表三 split over pages)
and 普陀区民政局 2020 on A4 (6 pages). The figure that counts is the median CPU
time per report, scaled to 10 pages for longer ones (the import is single-threaded, so on an idle
machine wall time equals CPU time; on a shared one CPU time is the stable figure). Wall times are
printed too; each
import is also checked to give every cell of the example and no issue, so a fast wrong reading
cannot pass.
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
from gov_report_desktop.storage.projectfile import load_report  # noqa: E402
from tests.importing.pdf_making import Look, convert, export_with_look  # noqa: E402

BUDGET_MS_PER_10_PAGES = 300.0
EXAMPLES = ROOT / "resources" / "examples"
DOCUMENTS = {
    "huaian-b5": (
        "huaian-city-2024.govreport",
        Look("b5", page_mm=(182, 257), margins_mm=(37, 26, 35, 28), body_pt=18),
    ),
    "putuo-a4": ("putuo-minzheng-2020.govreport", Look("a4")),
}


def _pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        docx = [
            export_with_look(load_report(EXAMPLES / name), work / f"{key}.docx", look)
            for key, (name, look) in DOCUMENTS.items()
        ]
        convert(docx, work, "serif")
        for document in docx:
            pdf = document.with_suffix(".pdf")
            result = import_report(pdf)  # warm-up: PDFium loaded, label index built
            expected = load_report(EXAMPLES / DOCUMENTS[document.stem][0])
            if result.issues or len(result.report.values) < len(expected.values):
                print(f"{pdf.name}: wrong reading: {[str(i) for i in result.issues]}")
                return 1
            wall, cpu = [], []
            for _ in range(args.runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                import_report(pdf)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            pages = _pages(pdf)
            # A shorter report must itself stay within the budget; a longer one is scaled to 10 pages.
            per_ten = statistics.median(cpu) * 10 / max(pages, 10)
            worst = max(worst, per_ten)
            print(
                f"{pdf.name:<14} {pages:2d} pages {pdf.stat().st_size / 1024:6.1f} KB  "
                f"wall median {statistics.median(wall):6.1f} ms (min {min(wall):6.1f})  "
                f"CPU median {statistics.median(cpu):6.1f} ms  → {per_ten:6.1f} ms per 10-page report"
            )
    verdict = "OK" if worst <= BUDGET_MS_PER_10_PAGES else "OVER BUDGET"
    print(f"budget: CPU median ≤ {BUDGET_MS_PER_10_PAGES:.0f} ms per 10-page report → worst {worst:.1f} ms: {verdict}")
    return 0 if worst <= BUDGET_MS_PER_10_PAGES else 1


if __name__ == "__main__":
    raise SystemExit(main())
