"""Parts shared by both editions: the six sections, 表三 (requests) and 表四 (appeals).

Every label is verbatim from format-spec.md §1–§2 (full-width brackets, ASCII "1." numbering,
U+201C/U+201D quotes). Help texts quote the notices (§4) and name the 条例 article.
"""

from __future__ import annotations

from dataclasses import replace

from .spec import ColumnSpec, RowSpec, SectionKey, SectionSpec, TableSpec, TotalSpec, ValueKind

OVERVIEW_HELP_2019 = "国办公开办函〔2019〕60号：主要包括主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面。"
OVERVIEW_HELP_2021 = (
    "国办公开办函〔2021〕30号：主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"
    "（含《中华人民共和国政府信息公开条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和责任追究结果情况”）"
    "等方面，重在聚焦主题、简明客观，篇幅原则上不超过一千字。"
)
PROBLEMS_HELP = (
    "此项内容重在实事求是、明确具体，避免笼统模糊、泛泛而谈。查找问题要有针对性，改进举措要有实效性，"
    "不得出现敷衍了事甚至年年雷同现象。（条例第五十条第一款第（四）项）"
)
OTHER_HELP_2021 = "各行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，在此处专门报告。（条例第五十条第一款第（五）项）"
REQUESTS_HELP = (
    "一是申请人的类别；二是政府信息公开申请的最终处理结果。此项内容重在数据准确、要素齐备，"
    "全面客观反映政府信息公开申请接收和办理情况。（条例第五十条第一款第（二）项）"
)
APPEALS_HELP = (
    "行政诉讼处理结果需进一步区分两类情形，分别是“未经复议直接起诉”和“复议后起诉”。行政复议机关作为共同被告的"
    "行政诉讼案件，只计算原行为主体的案件数量，不计算行政复议机关的案件数量。（条例第五十条第一款第（三）项）"
)


def sections(
    *, overview_help: str, proactive_help: str, other_placeholder: str, other_help: str
) -> tuple[SectionSpec, ...]:
    return (
        SectionSpec(SectionKey.OVERVIEW, "一、总体情况", "（文字描述）", True, overview_help),
        SectionSpec(SectionKey.PROACTIVE, "二、主动公开政府信息情况", "", False, proactive_help),
        SectionSpec(SectionKey.REQUESTS, "三、收到和处理政府信息公开申请情况", "", False, REQUESTS_HELP),
        SectionSpec(SectionKey.APPEALS, "四、政府信息公开行政复议、行政诉讼情况", "", False, APPEALS_HELP),
        SectionSpec(SectionKey.PROBLEMS, "五、存在的主要问题及改进情况", "（文字描述）", True, PROBLEMS_HELP),
        SectionSpec(SectionKey.OTHER, "六、其他需要报告的事项", other_placeholder, True, other_help),
    )


# ---------------------------------------------------------------------------------------------
# 表三 三、收到和处理政府信息公开申请情况

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS = "三、本年度办理结果"
WITHHELD = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
UNPROCESSED = "（五）不予处理"
OTHER_HANDLING = "（六）其他处理"

APPLICANTS = "申请人情况"
LEGAL_PERSONS = "法人或其他组织"

T3_PART_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("natural", (APPLICANTS, "自然人"), help="以个人名义提出申请的公民。"),
    ColumnSpec("commercial", (APPLICANTS, LEGAL_PERSONS, "商业企业"), help="以企业名义提出的申请。"),
    ColumnSpec("research", (APPLICANTS, LEGAL_PERSONS, "科研机构"), help="以科研机构名义提出的申请。"),
    ColumnSpec("nonprofit", (APPLICANTS, LEGAL_PERSONS, "社会公益组织"), help="以社会公益组织名义提出的申请。"),
    ColumnSpec("legal", (APPLICANTS, LEGAL_PERSONS, "法律服务机构"), help="以律师事务所等法律服务机构名义提出的申请。"),
    ColumnSpec("other_org", (APPLICANTS, LEGAL_PERSONS, "其他"), help="以上类别以外的法人或其他组织。"),
)
T3_TOTAL_COLUMN = ColumnSpec("total", (APPLICANTS, "总计"), help="本行各类申请人之和（自动计算）。")

_FINAL_RESULT = "按申请的最终处理结果计数，每件申请只计一次。"

T3_HEAD_ROWS: tuple[RowSpec, ...] = (
    RowSpec(
        "new",
        ("一、本年新收政府信息公开申请数量",),
        "本年度内收到的政府信息公开申请数量（第一项）。",
    ),
    RowSpec(
        "carried",
        ("二、上年结转政府信息公开申请数量",),
        "上一年度收到、结转到本年度继续办理的申请（第二项），应等于上年年报“四、结转下年度继续办理”。",
    ),
    RowSpec("open", (RESULTS, "（一）予以公开"), f"全部公开的申请。条例第三十六条第（一）（二）项。{_FINAL_RESULT}"),
    RowSpec(
        "partial",
        (RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        "作区分处理、部分公开的申请，只计这一情形，不计其他情形。条例第三十七条。",
    ),
    RowSpec("withheld_1", (RESULTS, WITHHELD, "1.属于国家秘密"), "依法确定为国家秘密的政府信息。条例第十四条。"),
    RowSpec(
        "withheld_2",
        (RESULTS, WITHHELD, "2.其他法律行政法规禁止公开"),
        "法律、行政法规禁止公开的政府信息。条例第十四条。",
    ),
    RowSpec(
        "withheld_3",
        (RESULTS, WITHHELD, "3.危及“三安全一稳定”"),
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息。条例第十四条。",
    ),
    RowSpec(
        "withheld_4",
        (RESULTS, WITHHELD, "4.保护第三方合法权益"),
        "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息。条例第十五条。",
    ),
    RowSpec(
        "withheld_5",
        (RESULTS, WITHHELD, "5.属于三类内部事务信息"),
        "人事管理、后勤管理、内部工作流程等方面的内部事务信息。条例第十六条第一款。",
    ),
    RowSpec(
        "withheld_6",
        (RESULTS, WITHHELD, "6.属于四类过程性信息"),
        "讨论记录、过程稿、磋商信函、请示报告等过程性信息。条例第十六条第二款。",
    ),
    RowSpec("withheld_7", (RESULTS, WITHHELD, "7.属于行政执法案卷"), "行政执法案卷信息。条例第十六条第二款。"),
    RowSpec(
        "withheld_8",
        (RESULTS, WITHHELD, "8.属于行政查询事项"),
        "法律、行政法规对信息的获取有特别规定的（如工商、不动产登记资料查询），告知按规定办理。"
        "条例第三十六条第（七）项（通知未作定义，此为理解）。",
    ),
    RowSpec(
        "unavailable_1",
        (RESULTS, UNAVAILABLE, "1.本机关不掌握相关政府信息"),
        "经检索没有所申请公开信息，或所申请信息不属于本机关负责公开。条例第三十六条第（四）（五）项。",
    ),
    RowSpec(
        "unavailable_2",
        (RESULTS, UNAVAILABLE, "2.没有现成信息需要另行制作"),
        "需要对现有政府信息进行加工、分析的。条例第三十八条。",
    ),
    RowSpec(
        "unavailable_3",
        (RESULTS, UNAVAILABLE, "3.补正后申请内容仍不明确"),
        "经指导和释明、补正后申请内容仍不明确的。条例第三十条。",
    ),
    RowSpec(
        "unprocessed_1",
        (RESULTS, UNPROCESSED, "1.信访举报投诉类申请"),
        "以政府信息公开申请形式进行信访、投诉、举报等活动的。条例第三十九条第一款。",
    ),
    RowSpec(
        "unprocessed_2", (RESULTS, UNPROCESSED, "2.重复申请"), "重复申请公开相同政府信息的。条例第三十六条第（六）项。"
    ),
    RowSpec(
        "unprocessed_3",
        (RESULTS, UNPROCESSED, "3.要求提供公开出版物"),
        "要求提供政府公报、报刊、书籍等公开出版物的。条例第三十九条第二款。",
    ),
    RowSpec(
        "unprocessed_4",
        (RESULTS, UNPROCESSED, "4.无正当理由大量反复申请"),
        "申请数量、频次明显超过合理范围且理由不合理的。条例第三十五条。",
    ),
    RowSpec(
        "unprocessed_5",
        (RESULTS, UNPROCESSED, "5.要求行政机关确认或重新出具已获取信息"),
        "要求确认或重新出具已获取信息的（条例无单独对应条款）。",
    ),
)

OTHER_2019 = (
    RowSpec(
        "other",
        (RESULTS, OTHER_HANDLING),
        "主要是考虑新旧条例执行衔接以及极少数特殊情况。原则上，所有的政府信息公开申请，都应当按照法定的处理方式做出处理；"
        "主管部门要高度关注这一项目的数据（国办公开办函〔2019〕60号）。",
    ),
)
OTHER_2021 = (
    RowSpec(
        "other_1",
        (RESULTS, OTHER_HANDLING, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        "申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请。条例第三十条。",
    ),
    RowSpec(
        "other_2",
        (RESULTS, OTHER_HANDLING, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），申请人逾期未缴纳信息处理费的。",
    ),
    RowSpec(
        "other_3",
        (RESULTS, OTHER_HANDLING, "3.其他"),
        "通知未对“其他”作出定义；原则上所有申请都应按法定方式处理，请在正文中说明具体情形。",
    ),
)
T3_TAIL_ROWS: tuple[RowSpec, ...] = (
    RowSpec("result_total", (RESULTS, "（七）总计"), "本年度办理结果（一）至（六）之和（自动计算），即第三项。"),
    RowSpec(
        "carry_forward",
        ("四、结转下年度继续办理",),
        "截至12月31日尚未办结、结转下年度继续办理的申请（第四项）。",
    ),
)

RESULT_ROW_PREFIXES = ("open", "partial", "withheld_", "unavailable_", "unprocessed_", "other")


def is_result_row(row_key: str) -> bool:
    """Rows that add up to （七）总计."""
    return row_key != "result_total" and row_key.startswith(RESULT_ROW_PREFIXES)


REQUEST_COUNT_MAXIMUM = 999_999  # no agency has received a million requests in a year


def _bounded(columns: tuple[ColumnSpec, ...]) -> tuple[ColumnSpec, ...]:
    return tuple(replace(c, maximum=REQUEST_COUNT_MAXIMUM) for c in columns)


def requests_table(other_rows: tuple[RowSpec, ...]) -> TableSpec:
    rows = (*T3_HEAD_ROWS, *other_rows, *T3_TAIL_ROWS)
    columns = _bounded((*T3_PART_COLUMNS, T3_TOTAL_COLUMN))
    result_keys = [r.key for r in rows if is_result_row(r.key)]
    # R2 checks every column, 总计 included (an imported report keeps its printed corner cell).
    column_sums = tuple(
        TotalSpec(
            f"t3.result_total.{c.key}",
            tuple(f"t3.{r}.{c.key}" for r in result_keys),
            rule="R2",
            where=f"表三「{c.label}」列",
            total_name="（七）总计",
            parts_name="（一）至（六）各项",
            derives=c is not T3_TOTAL_COLUMN,
        )
        for c in (*T3_PART_COLUMNS, T3_TOTAL_COLUMN)
    )
    row_sums = tuple(
        TotalSpec(
            f"t3.{r.key}.total",
            tuple(f"t3.{r.key}.{c.key}" for c in T3_PART_COLUMNS),
            rule="R3",
            where=f"表三「{r.label}」行",
            total_name="总计",
            parts_name="自然人与法人或其他组织各项",
        )
        for r in rows
    )
    return TableSpec(
        key="t3",
        section=SectionKey.REQUESTS,
        title="表三",
        rows=rows,
        columns=columns,
        corner=T3_NOTE,
        # Column sums first: the corner cell (（七）总计 × 总计) is then the row sum of derived values.
        totals=column_sums + row_sums,
    )


# ---------------------------------------------------------------------------------------------
# 表四 四、政府信息公开行政复议、行政诉讼情况

REVIEW = "行政复议"
LITIGATION = "行政诉讼"
OUTCOMES = (
    ("upheld", "结果维持", "复议机关或法院维持原行为的案件。"),
    ("corrected", "结果纠正", "原行为被撤销、变更、确认违法或责令履行等纠正的案件。"),
    ("other", "其他结果", "申请人撤回、驳回起诉等其他结果的案件。"),
    ("pending", "尚未审结", "截至12月31日尚未审结的案件。"),
)
T4_GROUPS = (
    ("review", (REVIEW,), "因政府信息公开工作被申请行政复议的案件。"),
    ("direct", (LITIGATION, "未经复议直接起诉"), "未经行政复议直接提起行政诉讼的案件。"),
    ("after", (LITIGATION, "复议后起诉"), "经行政复议后提起行政诉讼的案件（复议机关作共同被告的只计原行为主体）。"),
)


def appeals_table() -> TableSpec:
    columns: list[ColumnSpec] = []
    totals: list[TotalSpec] = []
    for group_key, group_path, group_help in T4_GROUPS:
        for key, label, help_text in OUTCOMES:
            columns.append(ColumnSpec(f"{group_key}_{key}", (*group_path, label), help=f"{group_help}{help_text}"))
        columns.append(
            ColumnSpec(f"{group_key}_total", (*group_path, "总计"), help=f"{group_help}四种结果之和（自动计算）。")
        )
        parts = tuple(f"t4.cases.{group_key}_{key}" for key, _, _ in OUTCOMES)
        totals.append(
            TotalSpec(
                f"t4.cases.{group_key}_total",
                parts,
                rule="R5",
                where=f"表四「{'／'.join(group_path)}」",
                total_name="总计",
                parts_name="、".join(label for _, label, _ in OUTCOMES),
            )
        )
    return TableSpec(
        key="t4",
        section=SectionKey.APPEALS,
        title="表四",
        rows=(RowSpec("cases", ("案件数量",), APPEALS_HELP),),
        columns=_bounded(tuple(columns)),
        corner=None,
        totals=tuple(totals),
    )


def proactive_table(
    item: str,
    heading: str,
    rows: tuple[RowSpec, ...],
    columns: tuple[ColumnSpec, ...],
    orderings: tuple[tuple[str, str], ...] = (),
) -> TableSpec:
    return TableSpec(
        key=f"t2_{item}",
        section=SectionKey.PROACTIVE,
        title=f"表二{heading}",
        rows=rows,
        columns=columns,
        corner="信息内容",
        heading=heading,
        orderings=orderings,
    )


def count(key: str, label: str, help_text: str) -> ColumnSpec:
    return ColumnSpec(key, (label,), ValueKind.COUNT, help=help_text)
