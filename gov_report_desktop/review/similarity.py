"""雷同: how much of one unit's 五、存在的主要问题及改进情况 is another text's, by character n-grams.

Texts are compared without whitespace and punctuation, as sets of 4-character shingles. The score is
the share of the shorter text's shingles the other text also has (containment, not Jaccard: a 五 that
copies last year's and adds one sentence is still a copy). `THRESHOLD` was set on the real reports in
../shared/examples (see README: different units' and years' genuine texts score at most 0.063, a copy
with a few words changed scores above 0.8).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

N = 4
THRESHOLD = 0.5  # share of the shorter text's 4-grams found in the other one
MIN_SHINGLES = 20  # a 五 shorter than this (“无”, one sentence) is not compared
# A shingle shared by more texts than this is boilerplate (政府信息公开工作…) and proposes no pairs.
COMMON_SHINGLE_DOCS = 40

Tick = Callable[[], None]  # called now and then during long loops: progress and 取消 (may raise)
TICK_EVERY = 100
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[。；！？!?;\n])")


def normalised(text: str) -> str:
    return _NOISE.sub("", text)


def shingles(text: str, n: int = N) -> frozenset[str]:
    flat = normalised(text)
    return frozenset(flat[i : i + n] for i in range(len(flat) - n + 1))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def shared_sentences(text: str, other: str, limit: int = 3) -> list[str]:
    """Sentences of `text` (as written) whose 4-grams are mostly in `other`: what a warning quotes."""
    other_shingles = shingles(other)
    found: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        own = shingles(sentence)
        if len(own) >= 6 and len(own & other_shingles) / len(own) >= 0.8:
            found.append(sentence)
            if len(found) == limit:
                break
    return found


@dataclass(frozen=True)
class Similar:
    first: int  # indexes into the texts given to `similar_pairs`
    second: int
    score: float


def similar_pairs(texts: Sequence[str], threshold: float = THRESHOLD, tick: Tick | None = None) -> list[Similar]:
    """Every pair of texts at or above `threshold`, without comparing all n² pairs: identical texts are
    grouped by their normalised form, the rest paired through an inverted index of uncommon shingles."""
    tick = tick or (lambda: None)
    sets: list[frozenset[str]] = []
    for index, text in enumerate(texts):
        if index % TICK_EVERY == 0:
            tick()
        sets.append(shingles(text))
    found: dict[tuple[int, int], float] = {}
    for group in _identical_groups(texts, sets):
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                found[(first, second)] = 1.0
    for (first, second), common in _candidate_counts(sets, tick).items():
        if (first, second) in found:
            continue
        smaller = min(len(sets[first]), len(sets[second]))
        if common / smaller >= threshold * 0.5:  # only uncommon shingles were counted: confirm exactly
            score = containment(sets[first], sets[second])
            if score >= threshold:
                found[(first, second)] = score
    return [Similar(a, b, score) for (a, b), score in sorted(found.items())]


def _identical_groups(texts: Sequence[str], sets: Sequence[frozenset[str]]) -> Iterable[list[int]]:
    groups: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        if len(sets[index]) >= MIN_SHINGLES:
            groups.setdefault(normalised(text), []).append(index)
    return (group for group in groups.values() if len(group) > 1)


def _candidate_counts(sets: Sequence[frozenset[str]], tick: Tick) -> Counter[tuple[int, int]]:
    postings: dict[str, list[int]] = {}
    for index, own in enumerate(sets):
        if index % TICK_EVERY == 0:
            tick()
        if len(own) >= MIN_SHINGLES:
            for shingle in own:
                postings.setdefault(shingle, []).append(index)
    counts: Counter[tuple[int, int]] = Counter()
    tick()
    for docs in postings.values():
        if 1 < len(docs) <= COMMON_SHINGLE_DOCS:
            for i, first in enumerate(docs):
                for second in docs[i + 1 :]:
                    counts[(first, second)] += 1
    return counts
