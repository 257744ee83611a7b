"""What the prose of a report states about the quantities its tables hold (read by P4).

`read_claims(text)` knows nothing of the tables: it finds sentences such as “共收到政府信息公开申请
70件” or “未发生行政复议案件” and returns the quantity each speaks of and the number it states. The
rule then compares the number with the edition's cells. Keeping the reading separate lets the test
corpus (tests/domain/prose_corpus.jsonl, real sentences with the claims they make) measure it alone.

The patterns are deliberately narrow (a keyword, a short gap inside one clause, a number, 件): a
警告 that fires on the wrong sentence teaches clerks to ignore warnings. A negation is read only for
what it negates: “未发生被行政复议纠错的情形” says nothing about how many 行政复议 there were.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from .numerals import NUMBER_PATTERN, parse_number

N = NUMBER_PATTERN
# A short stretch of words inside one clause: no punctuation (full-width or ASCII), no digits.
GAP = r"[^，。；、：,;:（）()0-9０-９]{0,16}?"
# The same, allowed to cross a 、 (lists such as “行政复议、行政诉讼”).
LIST_GAP = r"[^，。；：,;:0-9０-９]{0,18}?"
CASE = r"\s*(?:件|起|宗|个)"
# A result count: 件, or (as published: “部分公开67,占4.61%”) a share right after the number.
RESULT_UNIT = r"\s*(?:件|(?=[，,]?\s*占))"
NEGATION = r"(?:未发生|未出现|未有|未收到|未接到|没有收到|没有接到|没有发生|没有|未被|无)"
# After a mention of 行政复议/行政诉讼: the sentence is about a result, not the number of cases.
RESULT_WORDS = r"(?:被?纠错|被?纠正|败诉|被撤销|被确认违法|结果)"
VERB_NEW = r"(?:收到|受理|接收|新收|接到)"
VERB_ISSUE = r"(?:制发|出台|印发|制定|新增|新制作|新制定)"
PERCENT = re.compile(r"\s*[，,（(]?\s*(?:占比?|比例为|占比为)[^，。；0-9]{0,8}?(?P<p>\d+(?:\.\d+)?)\s*[%％]")


@dataclass(frozen=True)
class Quantity:
    """A kind of statement clerks make about a table value."""

    key: str
    name: str  # Chinese, for the message
    sources: tuple[str, ...]  # regexes; group "n" is the number; no group "n" means "none" (0)


@dataclass(frozen=True)
class Claim:
    """One number the prose states: which quantity, the number, where, and any share quoted with it."""

    key: str
    number: int | Decimal
    start: int
    end: int
    percent: Decimal | None = None


# From a mention of one kind of case to a result of the same kind, not passing the other kind.
_NOT_LITIGATION = r"(?:(?!行政诉讼)[^。；]){0,40}?"
_NOT_REVIEW = r"(?:(?!行政复议)[^。；]){0,40}?"

QUANTITIES: tuple[Quantity, ...] = (
    Quantity(
        "new",
        "本年新收政府信息公开申请",
        (
            rf"{VERB_NEW}{GAP}申请(?:数量|件数)?\s*(?:共计?|合计|总计|为)?\s*(?P<n>{N}){CASE}",
            rf"{VERB_NEW}{GAP}(?P<n>{N})\s*(?:件|份)(?:政府信息公开|依申请公开|信息公开)?申请",
            rf"{VERB_NEW}{GAP}依申请公开(?:申请|政府信息)?\s*(?P<n>{N})\s*件",
            rf"(?:政府信息公开|依申请公开|信息公开)申请(?:共计|合计|总计|总数为?)\s*(?P<n>{N})\s*件",
            # A bare “申请共计100件” at the start of a clause (“网络申请共计…” is a channel, not the total).
            rf"(?:^|(?<=[，。；：,;:\s]))申请(?:共计|合计|总计|总数为?)\s*(?P<n>{N})\s*件",
            rf"{NEGATION}(?:任何)?(?:政府信息公开|依申请公开|信息公开)申请(?!{GAP}(?:复议|诉讼))",
            r"(?:无|没有)依申请公开(?:事项|件)",
        ),
    ),
    Quantity(
        "carried",
        "上年结转申请",
        (rf"上一?年度?结转(?:的|政府信息公开|依申请公开|信息公开)*(?:申请)?(?:件数|数量)?\s*(?P<n>{N})\s*件",),
    ),
    Quantity(
        "carry_forward",
        "结转下年度办理的申请",
        (
            rf"(?P<n>{N})\s*件(?:申请)?{GAP}(?:结转|顺延|转入)(?:到|至)?下一?年度?",
            rf"结转(?:到|至)?下一?年度?(?:继续办理|办理|答复)?(?:的)?(?:申请)?\s*(?P<n>{N})\s*件",
            r"(?:无|没有)(?:下一?年度结转|结转(?:到|至)?(?:下一?年度?|\d{4}年))",
        ),
    ),
    Quantity(
        "result_total",
        "本年度办理结果总计（已办结）",
        (
            rf"(?<![按期时逾超])(?<!以公开)(?<!分公开)(?<!予公开)(?:办结|答复)(?:了)?(?:申请)?\s*(?:共计?|合计)?\s*(?P<n>{N})\s*件",
        ),
    ),
    Quantity(
        "open_partial",
        "予以公开及部分公开",
        (rf"予以公开(?:及|和|与|、|或)部分公开(?:的)?(?:申请)?\s*(?:共计?)?\s*(?P<n>{N})\s*件",),
    ),
    Quantity(
        "open",
        "予以公开",
        (
            rf"(?:予以公开|同意公开|全部公开)(?!(?:及|和|与|、|或)部分公开)(?:答复|的申请|的)?\s*(?P<n>{N}){RESULT_UNIT}",
        ),
    ),
    Quantity(
        "partial",
        "部分公开",
        (rf"(?<![及和与、或])部分公开(?:答复|的申请|的)?\s*(?P<n>{N}){RESULT_UNIT}",),
    ),
    Quantity("withheld", "不予公开", (rf"不予公开(?:答复|的申请|的)?\s*(?P<n>{N}){RESULT_UNIT}",)),
    Quantity(
        "unavailable",
        "无法提供",
        (rf"无法提供(?:的申请|的)?\s*(?P<n>{N}){RESULT_UNIT}",),
    ),
    Quantity(
        "not_held",
        "本机关不掌握相关政府信息",
        (rf"本(?:机关|单位|部门|局|办|委)不掌握(?:相关)?(?:政府)?(?:信息)?(?!等)(?:的)?\s*(?P<n>{N})\s*件",),
    ),
    Quantity("unprocessed", "不予处理", (rf"不予处理(?:的申请|的)?\s*(?P<n>{N}){RESULT_UNIT}",)),
    Quantity("other", "其他处理", (rf"其他处理(?:的申请|的)?\s*(?P<n>{N}){RESULT_UNIT}",)),
    Quantity(
        "review",
        "政府信息公开行政复议案件",
        (
            rf"行政复议(?:案件|申请)?\s*(?:共计?|合计)?\s*(?P<n>{N}){CASE}",
            rf"{NEGATION}{LIST_GAP}行政复议(?!{RESULT_WORDS})(?![^。；，,]{{0,6}}{RESULT_WORDS})",
        ),
    ),
    Quantity(
        "litigation",
        "政府信息公开行政诉讼案件",
        (
            rf"行政诉讼(?:案件)?\s*(?:共计?|合计)?\s*(?P<n>{N}){CASE}",
            rf"{NEGATION}{LIST_GAP}行政诉讼(?!{RESULT_WORDS})(?![^。；，,]{{0,6}}{RESULT_WORDS})",
        ),
    ),
    Quantity(
        "review_corrected",
        "行政复议结果纠正",
        (
            rf"行政复议{_NOT_LITIGATION}结果纠正\s*(?P<n>{N}){CASE}",
            rf"{NEGATION}{LIST_GAP}行政复议(?:被)?(?:纠错|纠正|撤销)",
        ),
    ),
    Quantity(
        "review_upheld",
        "行政复议结果维持",
        (rf"行政复议{_NOT_LITIGATION}结果维持\s*(?P<n>{N}){CASE}",),
    ),
    Quantity(
        "litigation_corrected",
        "行政诉讼结果纠正",
        (
            rf"行政诉讼{_NOT_REVIEW}结果纠正\s*(?P<n>{N}){CASE}",
            rf"{NEGATION}{LIST_GAP}行政诉讼(?:被)?(?:败诉|纠错|纠正)",
        ),
    ),
    Quantity(
        "litigation_upheld",
        "行政诉讼结果维持",
        (rf"行政诉讼{_NOT_REVIEW}结果维持\s*(?P<n>{N}){CASE}",),
    ),
    Quantity(
        "normative_issued",
        "本年制发的规范性文件",
        (
            rf"{VERB_ISSUE}{GAP}(?<!政策性)(?<!现行有效)(?<!现行有效的)规范性文件\s*(?P<n>{N})\s*件",
            r"未(?:新增|制发|出台|印发|制定|新制作)(?:行政)?规范性文件",
        ),
    ),
    Quantity(
        "normative_repealed",
        "本年废止的规范性文件",
        (rf"废止{GAP}(?:行政)?规范性文件\s*(?P<n>{N})\s*件",),
    ),
    Quantity(
        "normative_in_force",
        "现行有效的规范性文件",
        (
            rf"现行有效(?:的)?(?:行政)?规范性文件(?:共计?|合计)?\s*(?P<n>{N})\s*件",
            rf"规范性文件[^。；]{{0,30}}?现行有效(?:件数|的)?(?:为|共计?)?\s*(?P<n>{N})\s*件",
        ),
    ),
    Quantity(
        "rules_issued",
        "本年制发的规章",
        (rf"{VERB_ISSUE}{GAP}规章\s*(?P<n>{N})\s*件",),
    ),
    Quantity(
        "license",
        "行政许可处理决定",
        (
            rf"行政许可(?:处理)?决定(?:书)?(?:数量)?\s*(?:共计?|合计)?\s*(?P<n>{N})\s*(?:件|个|份)",
            rf"(?:作出|做出){GAP}(?P<n>{N})\s*(?:件|个|份)行政许可(?:处理)?决定",
        ),
    ),
    Quantity(
        "penalty",
        "行政处罚处理决定",
        (
            rf"行政处罚(?:处理)?决定(?:书)?(?:数量)?\s*(?:共计?|合计)?\s*(?P<n>{N})\s*(?:件|个|份)",
            rf"(?:作出|做出){GAP}(?P<n>{N})\s*(?:件|个|份)行政处罚(?:处理)?决定",
        ),
    ),
    Quantity(
        "enforcement",
        "行政强制处理决定",
        (rf"行政强制(?:处理)?决定(?:书)?(?:数量)?\s*(?:共计?|合计)?\s*(?P<n>{N})\s*(?:件|个|份)",),
    ),
    Quantity(
        "fees",
        "行政事业性收费金额（万元）",
        (r"行政事业性收费(?:金额)?(?:共计?|合计|为)?\s*(?P<n>\d+(?:\.\d+)?)\s*万元",),
    ),
)

QUANTITIES_BY_KEY = {q.key: q for q in QUANTITIES}

# Words one of which every pattern of the quantity contains: a text without any of them is not scanned
# (the rules run on every keystroke; most overviews mention few of these quantities).
HINTS: dict[str, tuple[str, ...]] = {
    "new": ("申请",),
    "carried": ("结转",),
    "carry_forward": ("结转", "顺延", "转入"),
    "result_total": ("办结", "答复"),
    "open_partial": ("部分公开",),
    "open": ("予以公开", "同意公开", "全部公开"),
    "partial": ("部分公开",),
    "withheld": ("不予公开",),
    "unavailable": ("无法提供",),
    "not_held": ("不掌握",),
    "unprocessed": ("不予处理",),
    "other": ("其他处理",),
    "review": ("行政复议",),
    "litigation": ("行政诉讼",),
    "review_corrected": ("行政复议",),
    "review_upheld": ("结果维持",),
    "litigation_corrected": ("行政诉讼",),
    "litigation_upheld": ("结果维持",),
    "normative_issued": ("规范性文件",),
    "normative_repealed": ("废止",),
    "normative_in_force": ("现行有效",),
    "rules_issued": ("规章",),
    "license": ("行政许可",),
    "penalty": ("行政处罚",),
    "enforcement": ("行政强制",),
    "fees": ("行政事业性收费",),
}


@cache
def _patterns(source: str) -> re.Pattern[str]:
    """Compiled on first use: a window that opens a report should not pay for them before it paints."""
    return re.compile(source)


def read_claims(text: str) -> list[Claim]:
    """Every quantity the text states, in text order; one claim per place in the text."""
    claims: list[Claim] = []
    taken: list[tuple[int, int, str]] = []
    for start, end in _sentences(text):
        words = set(_hint_regex().findall(text, start, end))
        if not words:
            continue
        for quantity in QUANTITIES:
            if words.isdisjoint(HINTS[quantity.key]):
                continue
            for source in quantity.sources:
                for match in _patterns(source).finditer(text, start, end):
                    claim = _claim(quantity, match, text, end)
                    if claim is None or _overlaps(taken, claim):
                        continue
                    taken.append((claim.start, claim.end, claim.key))
                    claims.append(claim)
    return sorted(claims, key=lambda c: c.start)


@cache
def _hint_regex() -> re.Pattern[str]:
    words = sorted({w for hints in HINTS.values() for w in hints}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


_SENTENCE_END = re.compile(r"[。；;！？!?\n]")


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence: every pattern stays inside one, and only sentences that mention a
    quantity's words are scanned for it (the rules run on every keystroke)."""
    start = 0
    for mark in _SENTENCE_END.finditer(text):
        yield start, mark.end()
        start = mark.end()
    if start < len(text):
        yield start, len(text)


def _claim(quantity: Quantity, match: re.Match[str], text: str, end: int) -> Claim | None:
    if "n" not in match.re.groupindex:
        return Claim(quantity.key, 0, match.start(), match.end())
    token = match.group("n")
    number: int | Decimal | None
    if quantity.key == "fees":
        try:
            number = Decimal(token)
        except InvalidOperation:
            return None
    else:
        number = parse_number(token)
    if number is None:
        return None
    share = PERCENT.match(text, match.end(), end)
    percent = Decimal(share.group("p")) if share else None
    return Claim(quantity.key, number, match.start(), match.end(), percent)


def _overlaps(taken: list[tuple[int, int, str]], claim: Claim) -> bool:
    """The same number read twice (two patterns of one quantity, or a more specific quantity first)."""
    return any(start < claim.end and claim.start < end and key == claim.key for start, end, key in taken)


def claims_in(text: str) -> Iterator[tuple[str, int | Decimal]]:
    """(quantity key, number) of every claim, for the corpus measurement."""
    for claim in read_claims(text):
        yield claim.key, claim.number
        if claim.percent is not None:
            yield "percent", claim.percent
