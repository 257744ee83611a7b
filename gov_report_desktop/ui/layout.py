"""The window's view of a table's merged labels (no Qt): the corner and 表二 heading around the blocks
that `domain.editions.layout` derives — the grouped column header (申请人情况 → 法人或其他组织 → 商业企业…)
and the nested row labels (三、本年度办理结果 → （三）不予公开 → 1.属于国家秘密).
"""

from __future__ import annotations

from ..domain.editions import TableSpec
from ..domain.editions.layout import Block, merged_blocks


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
