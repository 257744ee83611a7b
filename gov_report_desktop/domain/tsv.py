"""Tab-separated blocks as Excel and WPS put them on the clipboard (no Qt).

Excel ends every row with CRLF (the last one too), quotes cells that contain tabs or line breaks,
and WPS may leave trailing blanks; none of that should turn into an extra row or column.
"""

from __future__ import annotations

import csv
import io


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells; trailing empty lines dropped, ragged rows kept as they are."""
    if not text:
        return []
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(normalised), delimiter="\t", quotechar='"')
    rows = [list(row) for row in reader]
    while rows and all(cell.strip() == "" for cell in rows[-1]):
        rows.pop()
    return rows


def format_tsv(rows: list[list[str]]) -> str:
    """What Excel accepts back: tab-separated, CRLF line ends, quoting only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue()
