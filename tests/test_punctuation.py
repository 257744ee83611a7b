"""Chinese prompts end in full-width punctuation: "是否保存？", never "是否保存?" (issue 13)."""

from __future__ import annotations

import io
import re
import tokenize

from tests.conftest import ROOT

# A question mark right after Chinese text (or its punctuation); English docstrings may ask questions.
CHINESE_THEN_ASCII_QUESTION = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef][ \t]*\?")
PREFIX = re.compile(r"^[A-Za-z]*")


def ascii_question_marks(source: str) -> list[str]:
    """The string literals (not regular expressions: "?" is an operator there) with "中文?" in them."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING or "r" in PREFIX.match(token.string).group().lower():
            continue
        if CHINESE_THEN_ASCII_QUESTION.search(token.string):
            found.append(f"{token.start[0]}: {token.string}")
    return found


def test_no_ascii_question_mark_after_chinese_text() -> None:
    found = {
        str(path.relative_to(ROOT)): hits
        for path in sorted((ROOT / "gov_report_desktop").rglob("*.py"))
        if (hits := ascii_question_marks(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_finds_one() -> None:
    source = 'QUESTION = "是否保存?"\nPATTERN = r"年度?"\nFINE = "是否保存？"\nDOC = "Why? 机关"\n'
    assert ascii_question_marks(source) == ['1: "是否保存?"']
