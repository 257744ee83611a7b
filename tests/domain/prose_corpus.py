"""The prose corpus: real sentences from published reports, each with the claims it makes.

`tests/domain/prose_corpus.jsonl` holds one sentence a line: its source (a shared real report, a
published page found with the search tool, or the issue that quoted it), the text, the claims a careful
reader finds in it (quantity and number; an empty list is “no claim”) and, where it speaks of fees,
whether it reports how 信息处理费 were charged (T3).

Run `python -m tests.domain.prose_corpus` for the figures (found / missed / false per quantity).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from gov_report_desktop.domain.rules.prose import reports_fees
from gov_report_desktop.domain.rules.prose_claims import claims_in

CORPUS = Path(__file__).with_name("prose_corpus.jsonl")

ClaimKey = tuple[str, Decimal]


def load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(quantity: str, number: object) -> ClaimKey:
    return quantity, Decimal(str(number)).normalize()


@dataclass
class Figures:
    found: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    false: Counter[str] = field(default_factory=Counter)
    false_sentences: list[tuple[str, list[ClaimKey]]] = field(default_factory=list)


def measure(items: list[dict[str, Any]] | None = None) -> Figures:
    figures = Figures()
    for item in items if items is not None else load():
        expected = Counter(_key(c["quantity"], c["n"]) for c in item["claims"])
        read = Counter(_key(q, n) for q, n in claims_in(item["text"]))
        for (quantity, _), count in (expected & read).items():
            figures.found[quantity] += count
        for (quantity, _), count in (expected - read).items():
            figures.missed[quantity] += count
        wrong = read - expected
        for (quantity, _), count in wrong.items():
            figures.false[quantity] += count
        if wrong:
            figures.false_sentences.append((item["text"], sorted(wrong)))
        if "fee_statement" in item:
            said, seen = item["fee_statement"], reports_fees(item["text"])
            bucket = figures.found if said and seen else figures.missed if said else figures.false if seen else None
            if bucket is not None:
                bucket["T3 信息处理费"] += 1
    return figures


def table(figures: Figures) -> list[str]:
    names = sorted(figures.found.keys() | figures.missed.keys() | figures.false.keys())
    lines = [f"{'quantity':<22}{'found':>7}{'missed':>8}{'false':>7}"]
    for name in names:
        lines.append(f"{name:<22}{figures.found[name]:>7}{figures.missed[name]:>8}{figures.false[name]:>7}")
    total = [sum(c.values()) for c in (figures.found, figures.missed, figures.false)]
    lines.append(f"{'total':<22}{total[0]:>7}{total[1]:>8}{total[2]:>7}")
    return lines


def main() -> None:
    items = load()
    figures = measure(items)
    print(f"{len(items)} sentences, {sum(1 for i in items if i['claims'])} with claims")
    print("\n".join(table(figures)))
    for text, wrong in figures.false_sentences:
        print(f"FALSE {wrong}: {text}")


if __name__ == "__main__":
    main()
