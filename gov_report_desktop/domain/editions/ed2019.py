"""Edition 2019 — 《中华人民共和国政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号.

Used for the 2019 and 2020 reports (format-spec.md §1).
"""

from __future__ import annotations

from .common import (
    OTHER_2019,
    OVERVIEW_HELP_2019,
    appeals_table,
    count,
    proactive_table,
    requests_table,
    sections,
)
from .spec import ColumnSpec, Edition, RowSpec, ValueKind

_PREV = "上一年项目数量"
_CHANGE = "本年增/减"
_DECISIONS = "处理决定数量"


def _item_columns(with_decisions: bool) -> tuple[ColumnSpec, ...]:
    columns = [
        count("prev_items", _PREV, "上一年度末的项目（事项）数量。"),
        ColumnSpec("change", (_CHANGE,), ValueKind.SIGNED, help="本年度项目数量的增减，可为负数（如 -3）。"),
    ]
    if with_decisions:
        columns.append(count("decisions", _DECISIONS, "本年度作出的处理决定数量。"))
    return tuple(columns)


PROACTIVE_HELP = (
    "国办公开办函〔2019〕60号：包括（一）（五）（六）（八）（九）共五项。其他法定主动公开内容的公开情况，"
    "在“总体情况”部分综合体现。（条例第二十条）"
)

EDITION_2019 = Edition(
    key="2019",
    name="2019版（国办公开办函〔2019〕60号）",
    notice="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    sections=sections(
        overview_help=OVERVIEW_HELP_2019,
        proactive_help=PROACTIVE_HELP,
        other_placeholder="（文字描述）",
        other_help="其他需要报告的事项。（条例第五十条第一款第（五）项）",
    ),
    tables=(
        proactive_table(
            "1",
            "第二十条第（一）项",
            (
                RowSpec("rules", ("规章",), "本机关制定的规章。条例第二十条第（一）项。"),
                RowSpec("normative", ("规范性文件",), "本机关制定的规范性文件。条例第二十条第（一）项。"),
            ),
            (
                count("made", "本年新制作数量", "本年度新制作的件数。"),
                count("published", "本年新公开数量", "本年度新公开的件数，不应多于新制作数量。"),
                count("public_total", "对外公开总数量", "截至年底对外公开的总件数。"),
            ),
            orderings=(("published", "made"), ("published", "public_total")),
        ),
        proactive_table(
            "5",
            "第二十条第（五）项",
            (
                RowSpec("license", ("行政许可",), "行政许可的事项和处理决定。条例第二十条第（五）项。"),
                RowSpec(
                    "other_services",
                    ("其他对外管理服务事项",),
                    "行政许可以外的其他对外管理服务事项。条例第二十条第（五）项。",
                ),
            ),
            _item_columns(with_decisions=True),
        ),
        proactive_table(
            "6",
            "第二十条第（六）项",
            (
                RowSpec("penalty", ("行政处罚",), "行政处罚的事项和处理决定。条例第二十条第（六）项。"),
                RowSpec("enforcement", ("行政强制",), "行政强制的事项和处理决定。条例第二十条第（六）项。"),
            ),
            _item_columns(with_decisions=True),
        ),
        proactive_table(
            "8",
            "第二十条第（八）项",
            (RowSpec("fees", ("行政事业性收费",), "行政事业性收费项目。条例第二十条第（八）项。"),),
            _item_columns(with_decisions=False),
        ),
        proactive_table(
            "9",
            "第二十条第（九）项",
            (RowSpec("procurement", ("政府集中采购",), "政府集中采购项目。条例第二十条第（九）项。"),),
            (
                count("items", "采购项目数量", "本年度政府集中采购项目数量。"),
                ColumnSpec(
                    "amount",
                    ("采购总金额",),
                    ValueKind.MONEY,
                    help="本年度政府集中采购总金额；格式未规定单位，请写明“元”或“万元”。",
                ),
            ),
        ),
        requests_table(OTHER_2019),
        appeals_table(),
    ),
    issued_column="made",  # 本年新制作数量; the 2019 table has no column of repealed documents
)
