"""Benchmark: `gov-report check` on 1,000 report files (a mix of .govreport, .docx and .html).
Budget: ≤ 60 s wall on a 2-core machine, peak memory ≤ 500 MB.

    python tests/benchmarks/bench_check_many.py [--files N] [--keep DIR]

Files are generated from the shared real reports (Word files and GBK/UTF-8 web pages with the
template's merged cells) and the bundled example projects, then checked by ONE `gov-report check`
process, as a supervising office would run it. Wall time is measured around the process; peak
memory is the child's max RSS (getrusage RUSAGE_CHILDREN).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gov_report_desktop.storage.projectfile import load_report, save_report  # noqa: E402
from tests.importing.builders import Variants, build_docx, build_html, load_source  # noqa: E402
from tests.support.shared_reports import real_report_files  # noqa: E402

BUDGET_S = 60.0
BUDGET_MB = 500.0


def _templates(folder: Path) -> list[Path]:
    templates: list[Path] = []
    for index, json_path in enumerate(real_report_files()):
        source = load_source(json_path)
        variants = Variants(label_breaks=index % 2 == 0, split_t3_at=8 + index, repeat_header=index % 2 == 1)
        templates.append(build_docx(source, folder / f"{json_path.stem}.docx", variants))
        encoding = "gbk" if index % 2 else "utf-8"
        templates.append(build_html(source, folder / f"{json_path.stem}.html", variants, encoding))
    for example in sorted((ROOT / "resources" / "examples").glob("*.govreport")):
        report = load_report(example)
        target = folder / example.name
        save_report(report, target)
        templates.append(target)
    return templates


def generate(folder: Path, count: int) -> list[Path]:
    templates = _templates(folder / "templates")
    by_kind: dict[str, list[Path]] = {}
    for template in templates:
        by_kind.setdefault(template.suffix, []).append(template)
    kinds = sorted(by_kind)
    files: list[Path] = []
    for number in range(count):
        kind = kinds[number % len(kinds)]  # an even mix of the three kinds
        template = by_kind[kind][(number // len(kinds)) % len(by_kind[kind])]
        target = folder / "reports" / f"{number:04d}-{template.name}"
        shutil.copyfile(template, target)
        files.append(target)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep the files")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="check-many-"))
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    try:
        files = generate(folder, args.files)
        mix = {s: sum(f.suffix == s for f in files) for s in sorted({f.suffix for f in files})}
        print(f"{len(files)} files: " + ", ".join(f"{n} {s}" for s, n in mix.items()))
        command = [sys.executable, "-m", "gov_report_desktop.cli", "check", *map(str, files)]
        started = time.perf_counter()
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    summary_rows = completed.stdout.count("\n") and completed.stdout.split("汇总", 1)[-1].count("\n") - 2
    print(
        f"exit code {completed.returncode}; summary table rows {summary_rows}; stderr lines {completed.stderr.count(chr(10))}"
    )
    print(f"wall {wall:.1f} s ({wall / len(files) * 1000:.1f} ms per file); peak RSS {peak_mb:.0f} MB")
    ok = wall <= BUDGET_S and peak_mb <= BUDGET_MB and completed.returncode in (0, 1)
    print(f"budget: ≤ {BUDGET_S:.0f} s and ≤ {BUDGET_MB:.0f} MB → {'OK' if ok else 'OVER BUDGET / FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
