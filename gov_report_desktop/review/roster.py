"""名单: the units expected to report, and matching report agencies to them.

Names are compared after dropping punctuation, spaces and bracketed notes, and after spelling out the
common 简称 (发改委 → 发展和改革委员会 …). A report matches a roster name when the normalised names are
equal, when one ends with the other (“普陀区民政局” in “上海市普陀区民政局”), or when rapidfuzz's
similarity is high enough; each report goes to its best name, each name takes its best report.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

MIN_SCORE = 85.0  # rapidfuzz ratio (0–100) for names that neither equal nor contain each other

# Common 简称 in unit names, spelled out before comparing (data, not code: add a line to add one).
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("发改委", "发展和改革委员会"),
    ("发改局", "发展和改革局"),
    ("人社局", "人力资源和社会保障局"),
    ("住建局", "住房和城乡建设局"),
    ("住建委", "住房和城乡建设委员会"),
    ("市监局", "市场监督管理局"),
    ("市场监管局", "市场监督管理局"),
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("工信局", "工业和信息化局"),
    ("科技局", "科学技术局"),
    ("自然资源局", "自然资源和规划局"),
    ("生态环境局", "生态环境局"),
    ("农业农村局", "农业农村局"),
    ("文旅局", "文化和旅游局"),
    ("交通局", "交通运输局"),
    ("应急局", "应急管理局"),
    ("医保局", "医疗保障局"),
    ("退役军人局", "退役军人事务局"),
    ("政府办", "人民政府办公室"),
    ("管委会", "管理委员会"),
)
_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_NAME_COLUMNS = ("单位名称", "单位", "机关名称", "名称", "部门", "报送单位")


class RosterError(Exception):
    """A roster file that cannot be read; str() is the Chinese reason."""


def normalise_name(name: str) -> str:
    flat = _NOISE.sub("", _BRACKETED.sub("", name))
    for short, full in ABBREVIATIONS:
        if flat.endswith(short) and not flat.endswith(full):
            flat = flat[: -len(short)] + full
    return flat


def name_score(a: str, b: str) -> float:
    """0–100: how surely two unit names mean the same unit."""
    x, y = normalise_name(a), normalise_name(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 100.0
    if _one_ends_other(x, y):
        return 95.0  # 全称 with a place prefix (上海市普陀区民政局 / 普陀区民政局)
    return float(fuzz.ratio(x, y))


@dataclass(frozen=True)
class RosterMatch:
    name: str  # as written in the roster
    report: int | None  # index of the matched report, None: 未报送
    score: float = 0.0


def match_roster(names: Sequence[str], agencies: Sequence[str]) -> list[RosterMatch]:
    """Each roster name's report (index into `agencies`), best pairs first, each report used once.
    Several reports of the same unit (重复) all match one name: the caller picks the newer."""
    pairs = sorted(_scored_pairs(names, agencies), key=lambda pair: -pair[0])
    chosen: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for score, i, j in pairs:
        if i not in chosen and j not in used:
            chosen[i] = (j, score)
            used.add(j)
    return [
        RosterMatch(name, chosen[i][0], chosen[i][1]) if i in chosen else RosterMatch(name, None)
        for i, name in enumerate(names)
    ]


def _scored_pairs(names: Sequence[str], agencies: Sequence[str]) -> list[tuple[float, int, int]]:
    """(score, name index, agency index) of every plausible pair: equal names first (a dictionary, so
    thousands of units cost nothing), then place prefixes and rapidfuzz for the names left over."""
    wanted = [normalise_name(name) for name in names]
    have = [normalise_name(agency) for agency in agencies]
    by_name: dict[str, list[int]] = {}
    for j, name in enumerate(have):
        by_name.setdefault(name, []).append(j)
    pairs: list[tuple[float, int, int]] = []
    for i, name in enumerate(wanted):
        exact = by_name.get(name, []) if name else []
        pairs += [(100.0, i, j) for j in exact]
        if exact or not name:
            continue
        pairs += [(name_score(name, other), i, j) for j, other in enumerate(have) if _one_ends_other(name, other)]
        for _, score, j in process.extract(name, have, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=5):
            pairs.append((float(score), i, j))
    return pairs


def _one_ends_other(a: str, b: str) -> bool:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return len(shorter) >= 3 and longer.endswith(shorter)


def read_roster(path: Path) -> list[str]:
    """Unit names from a .txt (one a line), .csv or .xlsx (the column headed 单位名称/单位/…, else the
    first column). Blank lines and repeats are dropped."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            rows = _xlsx_rows(path)
        elif suffix == ".csv":
            rows = _csv_rows(path)
        else:
            rows = [[line] for line in _text(path).splitlines()]
    except OSError as error:
        raise RosterError(f"无法读取名单“{path.name}”：{error.strerror or error}。") from error
    names = _name_column(rows) if suffix in (".xlsx", ".csv") else [row[0] for row in rows]
    cleaned = [name.strip() for name in names if name and name.strip()]
    if not cleaned:
        raise RosterError(f"名单“{path.name}”中没有单位名称。")
    return list(dict.fromkeys(cleaned))


def _text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError(f"名单“{path.name}”不是文本文件（无法按 UTF-8 或 GBK 读取）。")


def _csv_rows(path: Path) -> list[list[str]]:
    return [row for row in csv.reader(_text(path).splitlines()) if row]


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise RosterError(f"名单“{path.name}”不是有效的 Excel 文件（.xlsx）。") from error
    try:
        sheet = book.worksheets[0]
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True) if row]
    finally:
        book.close()


def _name_column(rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    header = [cell.strip() for cell in rows[0]]
    for wanted in _NAME_COLUMNS:
        if wanted in header:
            column = header.index(wanted)
            return [row[column] if column < len(row) else "" for row in rows[1:]]
    return [row[0] if row else "" for row in rows]
