"""Label normalisation and matching against the editions' row and column labels.

Published reports print the template labels with small differences: `1、` for `1.`, half-width
brackets, line breaks inside a cell, a missing `（区分处理的…）`, an extra space, a typo. Both the
printed label and the template label go through the same `normalise_label`, then an exact match is
tried before a similarity match, so `规范性文件` never fuzzily becomes `行政规范性文件`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from gov_report_desktop.domain.editions import EDITIONS, ColumnSpec, Edition, RowSpec, TableSpec

SIMILARITY_THRESHOLD = 0.84
MIN_FUZZY_LENGTH = 4  # "3.其他" and "其他" are too short to guess at

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_ENUM_COMMA = re.compile(r"^(\d+)[、,，．]")  # 1、 1， 1． → 1.
_PARTIAL_NOTE = re.compile(r"\(区分处理的[^)]*\)?")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "「": '"', "」": '"'})


def normalise_label(text: str) -> str:
    """A comparable form of a printed label (NFKC, no spaces, `1.` numbering, no 区分处理 note)."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub("", text).translate(_QUOTES)
    text = _ENUM_COMMA.sub(r"\1.", text)
    text = _PARTIAL_NOTE.sub("", text)
    return text.rstrip(":：")


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class RowMatch:
    edition: str
    table: str
    row: str


@dataclass(frozen=True)
class ColumnMatch:
    edition: str
    table: str
    column: str
    path: tuple[str, ...]  # normalised header path, used to choose among equal leaf labels


@dataclass(frozen=True)
class LabelIndex:
    rows: dict[str, tuple[RowMatch, ...]]
    columns: dict[str, tuple[ColumnMatch, ...]]
    parents: frozenset[str]  # labels that only group rows (三、本年度办理结果, （三）不予公开 …)
    headers: frozenset[str]  # labels of header cells above the leaf column labels


def _table_rows(edition: Edition, table: TableSpec) -> list[tuple[str, RowMatch]]:
    if table.corner is None:  # 表四: the only row has no printed label
        return []
    return [(normalise_label(r.label), RowMatch(edition.key, table.key, r.key)) for r in table.rows]


def _table_columns(edition: Edition, table: TableSpec) -> list[tuple[str, ColumnMatch]]:
    return [(normalise_label(c.label), _column_match(edition, table, c)) for c in table.columns]


def _column_match(edition: Edition, table: TableSpec, column: ColumnSpec) -> ColumnMatch:
    path = tuple(normalise_label(p) for p in column.path)
    return ColumnMatch(edition.key, table.key, column.key, path)


def _row_parents(row: RowSpec) -> list[str]:
    return [normalise_label(p) for p in row.path[:-1]]


@lru_cache(maxsize=1)
def label_index() -> LabelIndex:
    rows: dict[str, list[RowMatch]] = {}
    columns: dict[str, list[ColumnMatch]] = {}
    parents: set[str] = set()
    headers: set[str] = set()
    for edition in EDITIONS.values():
        for table in edition.tables:
            for label, row_match in _table_rows(edition, table):
                rows.setdefault(label, []).append(row_match)
            for label, column_match in _table_columns(edition, table):
                columns.setdefault(label, []).append(column_match)
                headers.update(column_match.path[:-1])
            for row in table.rows:
                parents.update(_row_parents(row))
            if table.corner:
                headers.add(normalise_label(table.corner))
            if table.heading:
                headers.add(normalise_label(table.heading))
    parents -= set(rows)  # （六）其他处理 is a row in 2019 and a parent in 2021: it stays a row
    return LabelIndex(
        {k: tuple(v) for k, v in rows.items()},
        {k: tuple(v) for k, v in columns.items()},
        frozenset(parents),
        frozenset(headers),
    )


def _best_fuzzy(label: str, candidates: list[str]) -> str | None:
    if len(label) < MIN_FUZZY_LENGTH:
        return None
    scored = [(similarity(label, c), c) for c in candidates if len(c) >= MIN_FUZZY_LENGTH]
    score, best = max(scored, default=(0.0, ""))
    return best if score >= SIMILARITY_THRESHOLD else None


@lru_cache(maxsize=4096)
def match_row_label(text: str) -> tuple[RowMatch, ...]:
    """Every (edition, table, row) the printed row label can stand for; () when unknown."""
    index = label_index()
    label = normalise_label(text)
    if not label:
        return ()
    if label in index.rows:
        return index.rows[label]
    best = _best_fuzzy(label, list(index.rows))
    return index.rows[best] if best else ()


@lru_cache(maxsize=4096)
def match_column_label(text: str) -> tuple[ColumnMatch, ...]:
    """Every (edition, table, column) a printed leaf header can stand for; () when unknown."""
    index = label_index()
    label = normalise_label(text)
    if not label:
        return ()
    if label in index.columns:
        return index.columns[label]
    best = _best_fuzzy(label, list(index.columns))
    return index.columns[best] if best else ()


@lru_cache(maxsize=4096)
def is_known_header(text: str) -> bool:
    """A header cell above the leaf labels (申请人情况, 行政诉讼, 表三's note, 第二十条第（一）项 …)."""
    label = normalise_label(text)
    index = label_index()
    if label in index.headers or label == normalise_label("信息内容"):
        return True
    return _best_fuzzy(label, list(index.headers)) is not None


@lru_cache(maxsize=4096)
def is_row_parent(text: str) -> bool:
    label = normalise_label(text)
    index = label_index()
    return label in index.parents or _best_fuzzy(label, list(index.parents)) is not None
