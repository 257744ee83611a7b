"""Edition 2021 — 国办公开办函〔2021〕30号, used for the 2021 report onward (format-spec.md §2)."""

from __future__ import annotations

from .common import (
    OTHER_2021,
    OTHER_HELP_2021,
    OVERVIEW_HELP_2021,
    appeals_table,
    count,
    proactive_table,
    requests_table,
    sections,
)
from .spec import ColumnSpec, Edition, RowSpec, ValueKind

_DECISIONS_HELP = "本年度作出的全部处理决定数量，包括已公开和依法未公开的全部处理决定（国办公开办函〔2021〕30号）。"

PROACTIVE_HELP = (
    "国办公开办函〔2021〕30号：包括（一）（五）（六）（八）共四项，其中，第（五）项的行政许可数量、第（六）项的"
    "行政处罚和行政强制数量，包括已公开和依法未公开的全部处理决定。各项数据核定时间点为报告年度的12月31日。"
    "（条例第二十条）"
)

EDITION_2021 = Edition(
    key="2021",
    name="2021版（国办公开办函〔2021〕30号）",
    notice="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    sections=sections(
        overview_help=OVERVIEW_HELP_2021,
        proactive_help=PROACTIVE_HELP,
        other_placeholder="（文字描述，收取信息处理费情况在此处报告。）",
        other_help=OTHER_HELP_2021,
    ),
    tables=(
        proactive_table(
            "1",
            "第二十条第（一）项",
            (
                RowSpec("rules", ("规章",), "本机关制发的规章。条例第二十条第（一）项。"),
                RowSpec(
                    "normative",
                    ("行政规范性文件",),
                    "本机关制发的行政规范性文件（可会同同级司法行政主管部门核对）。条例第二十条第（一）项。",
                ),
            ),
            (
                count("issued", "本年制发件数", "报告年度内制发的件数。"),
                count("repealed", "本年废止件数", "报告年度内废止的件数。"),
                count("in_force", "现行有效件数", "截至12月31日现行有效的件数。"),
            ),
            orderings=(("issued", "in_force"),),
        ),
        proactive_table(
            "5",
            "第二十条第（五）项",
            (RowSpec("license", ("行政许可",), "行政许可处理决定。条例第二十条第（五）项。"),),
            (count("decisions", "本年处理决定数量", _DECISIONS_HELP),),
        ),
        proactive_table(
            "6",
            "第二十条第（六）项",
            (
                RowSpec("penalty", ("行政处罚",), "行政处罚处理决定。条例第二十条第（六）项。"),
                RowSpec("enforcement", ("行政强制",), "行政强制处理决定。条例第二十条第（六）项。"),
            ),
            (count("decisions", "本年处理决定数量", _DECISIONS_HELP),),
        ),
        proactive_table(
            "8",
            "第二十条第（八）项",
            (RowSpec("fees", ("行政事业性收费",), "行政事业性收费。条例第二十条第（八）项。"),),
            (
                ColumnSpec(
                    "amount",
                    ("本年收费金额（单位：万元）",),
                    ValueKind.MONEY,
                    unit="万元",
                    help="报告年度的行政事业性收费金额，以万元为单位，可带小数。",
                ),
            ),
        ),
        requests_table(OTHER_2021),
        appeals_table(),
    ),
    overview_char_limit=1000,
    requires_fee_report=True,
    issued_column="issued",
    repealed_column="repealed",
)
