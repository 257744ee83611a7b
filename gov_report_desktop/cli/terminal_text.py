"""Text from a report file is shown on a terminal only with its control characters escaped.

A file can hold ESC, BEL, NUL or bidirectional overrides in an agency name or a cell; printed raw
they would move the cursor, recolour or clear the clerk's terminal, or make a message read
backwards. Every line the CLI prints goes through `printable`.
"""

from __future__ import annotations

import re

# C0 controls except tab, DEL, C1 controls, line/paragraph separators and the bidirectional
# embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\u202e`), on one line."""
    return _CONTROL.sub(_escape, text)


def printable_lines(text: str) -> str:
    """Like `printable`, but the line breaks of a multi-line message are kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


# What json.dumps leaves unescaped of the above (it escapes C0 itself, and the output's own line
# breaks must stay).
_JSON_UNESCAPED_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable_json(text: str) -> str:
    """JSON text with the control characters json.dumps keeps raw written as `\\uXXXX` escapes."""
    return _JSON_UNESCAPED_CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
