"""The merged-cell layout of an official table, derived from its RowSpec/ColumnSpec label paths.

Consecutive rows (columns) with an equal path prefix share one merged label; the last element of a
shorter path spans the remaining levels. One derivation serves the window's grouped headers and
row labels and the Word tables, so both show exactly the template's merges.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """One merged label: `level`..`level + depth - 1` across, `first`..`last` along."""

    text: str
    help: str
    level: int
    depth: int
    first: int
    last: int

    @property
    def span(self) -> int:
        return self.last - self.first + 1


def merged_blocks(paths: list[tuple[str, ...]], helps: list[str], levels: int) -> list[Block]:
    """Merged labels for a list of label paths laid out over `levels` levels."""
    blocks: list[Block] = []
    for level in range(levels):
        index = 0
        while index < len(paths):
            path = paths[index]
            if len(path) <= level:
                index += 1
                continue
            if len(path) == level + 1:  # a leaf: spans the remaining levels, one position along
                blocks.append(Block(path[level], helps[index], level, levels - level, index, index))
                index += 1
                continue
            end = index
            prefix = path[: level + 1]
            while end + 1 < len(paths) and len(paths[end + 1]) > level + 1 and paths[end + 1][: level + 1] == prefix:
                end += 1
            blocks.append(Block(path[level], "", level, 1, index, end))
            index = end + 1
    return blocks
