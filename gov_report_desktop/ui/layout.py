"""The merged-cell layout of an official table, derived from its RowSpec/ColumnSpec paths (no Qt).

Consecutive rows (columns) with an equal path prefix share one merged label; the last element of a
shorter path spans the remaining levels. The same rules give the grouped column header (申请人情况 →
法人或其他组织 → 商业企业…) and the nested row labels (三、本年度办理结果 → （三）不予公开 → 1.属于国家秘密).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.editions import TableSpec


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


def row_label_blocks(table: TableSpec) -> list[Block]:
    """Row labels as blocks: `level` is the label column, `first`/`last` the rows."""
    if table.label_depth == 0:
        return []
    return merged_blocks([r.path for r in table.rows], [r.help for r in table.rows], table.label_depth)


def column_header_blocks(table: TableSpec) -> list[Block]:
    """Header cells as blocks over the model's columns (label columns first): `level` is the header row.

    The corner text covers the label columns and every header row; 表二's heading (第二十条第（一）项)
    is an extra top row spanning the whole table, as in the template.
    """
    offset = table.label_depth
    top = 1 if table.heading else 0
    depth = top + table.header_depth
    blocks: list[Block] = []
    if table.heading:
        blocks.append(Block(table.heading, "", 0, 1, 0, offset + len(table.columns) - 1))
    if offset:
        blocks.append(Block(table.corner or "", "", top, depth - top, 0, offset - 1))
    paths = [c.path for c in table.columns]
    for block in merged_blocks(paths, [c.help for c in table.columns], table.header_depth):
        help_text = block.help or "、".join(dict.fromkeys(p[block.level] for p in paths[block.first : block.last + 1]))
        blocks.append(
            Block(block.text, help_text, block.level + top, block.depth, block.first + offset, block.last + offset)
        )
    return blocks


def header_levels(table: TableSpec) -> int:
    return (1 if table.heading else 0) + table.header_depth
