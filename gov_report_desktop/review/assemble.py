"""From files read to the review table: this year and last year, 重复, 名单, 与上年, 雷同.

Pure functions over `ReadReport`s (no processes, no files), so every decision is tested directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.editions import SectionKey
from ..domain.model import Report
from ..domain.rules import Finding, Severity, previous_from
from .reading import YEAR_RULES, ReadReport
from .roster import match_roster, normalise_name
from .similarity import THRESHOLD, Tick, containment, shared_sentences, shingles, similar_pairs

READ = "已读"
UNREADABLE = "无法读取"
DUPLICATE = "重复"
NOT_CONTINUOUS = "与上年不衔接"
MISSING = "未报送"
SIMILAR_RULE = "S1"  # 雷同 between units: a review finding, not a rule of one report
_CONTINUITY_RULES = ("P1", "P2")


@dataclass
class ReviewRow:
    """One line of the review table: a report file, or a roster unit with none (未报送)."""

    unit: str  # the agency as the report names it (or the roster name when 未报送)
    path: Path | None
    read: ReadReport | None
    status: str
    detail: str = ""  # why unreadable, which file a duplicate lost to …
    roster_name: str = ""
    findings: list[Finding] = field(default_factory=list)
    previous_path: Path | None = None

    @property
    def report(self) -> Report | None:
        return self.read.report if self.read else None

    @property
    def year(self) -> int | None:
        report = self.report
        return report.meta.year if report else None

    @property
    def edition(self) -> str:
        report = self.report
        return report.meta.edition if report else ""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def used(self) -> bool:
        """A report that counts for its unit (read, not the older of two)."""
        return self.report is not None and self.status != DUPLICATE

    @property
    def status_text(self) -> str:
        return f"{self.status}：{self.detail}" if self.detail else self.status


@dataclass
class Review:
    rows: list[ReviewRow]
    year: int | None
    previous: list[ReadReport] = field(default_factory=list)  # last year's reports that were read

    def counts(self) -> dict[str, int]:
        """Rows per status, for the line above the table."""
        return dict(Counter(row.status for row in self.rows))


def assemble(
    reads: Sequence[ReadReport],
    previous_reads: Sequence[ReadReport] = (),
    roster: Sequence[str] | None = None,
    tick: Tick | None = None,
) -> Review:
    """`previous_reads`: last year's folder; without it, last year's reports mixed in `reads` are used.
    `tick` is called between steps and in the long loops (progress, 取消)."""
    tick = tick or (lambda: None)
    year = _review_year(reads)
    this_year, last_year = _split_years(reads, previous_reads, year)
    rows = [_row(read) for read in this_year]
    _mark_duplicates(rows)
    tick()
    if roster is not None:
        rows += _apply_roster(rows, roster)
        tick()
    _check_against_last_year(rows, last_year)
    tick()
    _find_similar(rows, tick)
    return Review(rows, year, last_year)


def _review_year(reads: Sequence[ReadReport]) -> int | None:
    years = Counter(read.report.meta.year for read in reads if read.report is not None)
    return max(years) if years else None


def _split_years(
    reads: Sequence[ReadReport], previous_reads: Sequence[ReadReport], year: int | None
) -> tuple[list[ReadReport], list[ReadReport]]:
    if previous_reads or year is None:
        return list(reads), [r for r in previous_reads if r.report is not None]
    this_year = [r for r in reads if r.report is None or r.report.meta.year != year - 1]
    return this_year, [r for r in reads if r.report is not None and r.report.meta.year == year - 1]


def _row(read: ReadReport) -> ReviewRow:
    if read.report is None:
        return ReviewRow(read.path.stem, read.path, read, UNREADABLE, read.reason)
    agency = read.report.meta.agency.strip() or read.path.stem
    return ReviewRow(agency, read.path, read, READ, findings=list(read.findings))


def _mark_duplicates(rows: list[ReviewRow]) -> None:
    """Two readable files for one unit and year: the newer one is used, the older marked 重复."""
    groups: dict[tuple[str, int | None], list[ReviewRow]] = {}
    for row in rows:
        if row.report is not None:
            groups.setdefault((normalise_name(row.unit), row.year), []).append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (r.read.modified if r.read else 0.0, str(r.path)), reverse=True)
        newest = group[0]
        for older in group[1:]:
            older.status = DUPLICATE
            older.detail = f"与“{_name(newest.path)}”为同一单位，使用较新的“{_name(newest.path)}”"


def _name(path: Path | None) -> str:
    return path.name if path else ""


def _apply_roster(rows: list[ReviewRow], roster: Sequence[str]) -> list[ReviewRow]:
    """Tag each used report with its roster name; the roster's units with no report become 未报送 rows."""
    used = [row for row in rows if row.used]
    matches = match_roster(list(roster), [row.unit for row in used])
    missing: list[ReviewRow] = []
    for match in matches:
        if match.report is None:
            missing.append(ReviewRow(match.name, None, None, MISSING, roster_name=match.name))
            continue
        matched = used[match.report]
        matched.roster_name = match.name
        for row in rows:  # the older file of the same unit carries the roster name too
            if row.status == DUPLICATE and normalise_name(row.unit) == normalise_name(matched.unit):
                row.roster_name = match.name
    for row in used:
        if not row.roster_name:
            row.detail = "不在名单中"
    return missing


def _check_against_last_year(rows: list[ReviewRow], last_year: Sequence[ReadReport]) -> None:
    from ..domain.rules import RULES_BY_ID, RuleContext

    used = [row for row in rows if row.used]
    if not used or not last_year:
        return
    matches = match_roster([row.unit for row in used], [r.report.meta.agency if r.report else "" for r in last_year])
    for row, match in zip(used, matches, strict=True):
        if match.report is None or row.report is None:
            continue
        previous_read = last_year[match.report]
        assert previous_read.report is not None
        previous = previous_from(previous_read.report)
        if previous.year != row.report.meta.year - 1:
            continue
        row.previous_path = previous_read.path
        context = RuleContext(row.report, previous)
        row.findings = [f for f in row.findings if f.rule not in YEAR_RULES]
        for rule_id in YEAR_RULES:
            row.findings += RULES_BY_ID[rule_id].check(context)
        row.findings += _similar_to_last_year(row.report, previous.problems, previous.year, row.findings)
        if any(f.rule in _CONTINUITY_RULES and f.severity is not Severity.INFO for f in row.findings):
            row.status = NOT_CONTINUOUS


def _similar_to_last_year(report: Report, last: str, year: int, findings: list[Finding]) -> list[Finding]:
    """T6 catches a 五 identical to last year's; this catches one copied with a few words changed."""
    if any(f.rule == "T6" for f in findings):
        return []
    text = report.text(SectionKey.PROBLEMS)
    own, previous = shingles(text), shingles(last)
    if min(len(own), len(previous)) < 20:
        return []
    score = containment(own, previous)
    if score < THRESHOLD:
        return []
    quoted = _quotes(text, last)
    return [
        Finding(
            "T6",
            Severity.WARNING,
            (),
            f"五、存在的主要问题及改进情况与{year}年度报告基本相同（约 {score:.0%} 的内容相同）{quoted}。"
            "通知要求“不得出现敷衍了事甚至年年雷同现象”。",
            SectionKey.PROBLEMS,
        )
    ]


def _quotes(text: str, other: str) -> str:
    sentences = shared_sentences(text, other)
    return "，相同的句子如：" + "；".join(f"“{s}”" for s in sentences) if sentences else ""


def _find_similar(rows: list[ReviewRow], tick: Tick) -> None:
    """雷同 between units' 五 this year: one 警告 on each unit involved, naming the others (the closest
    first) and quoting the sentences it shares with the closest."""
    used = [row for row in rows if row.used and row.report is not None]
    texts = [row.report.text(SectionKey.PROBLEMS) if row.report else "" for row in used]
    partners: dict[int, list[tuple[float, int]]] = {}
    for pair in similar_pairs(texts, tick=tick):
        if normalise_name(used[pair.first].unit) != normalise_name(used[pair.second].unit):
            partners.setdefault(pair.first, []).append((pair.score, pair.second))
            partners.setdefault(pair.second, []).append((pair.score, pair.first))
    for index, others in partners.items():
        others.sort(key=lambda other: (-other[0], other[1]))
        score, closest = others[0]
        names = "、".join(f"“{used[other].unit}”" for _, other in others[:3])
        if len(others) > 3:
            names += f"等 {len(others)} 个单位"
        used[index].findings.append(
            Finding(
                SIMILAR_RULE,
                Severity.WARNING,
                (),
                f"五、存在的主要问题及改进情况与{names}的报告雷同（约 {score:.0%} 的内容相同）"
                f"{_quotes(texts[index], texts[closest])}。应结合本单位实际，具体写明存在的问题和改进措施。",
                SectionKey.PROBLEMS,
            )
        )
