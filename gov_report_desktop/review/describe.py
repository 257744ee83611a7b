"""Where a finding is and what the format requires, in the reviewer's words (workbook and opinions)."""

from __future__ import annotations

from ..domain.model import Report
from ..domain.rules import Finding
from .assemble import SIMILAR_RULE

REVIEW_RULE_TITLES = {SIMILAR_RULE: "存在的主要问题及改进情况应结合本单位实际，不与其他单位雷同"}


def location(finding: Finding, report: Report | None) -> str:
    """The finding's first cell (表三「（七）总计」行「自然人」列: a rule lists the checked total first and
    its message names the rest), the section heading, or 全文."""
    if report is not None:
        edition = report.edition
        cells = [cell for cell in finding.cells if edition.has_cell(cell)]
        if cells:
            return edition.cell(cells[0]).describe()
        if finding.section is not None:
            return edition.section(finding.section).heading
    return "全文"


def requirement(rule_id: str) -> str:
    """The format's requirement a rule checks (the catalogue's title)."""
    from ..domain.rules import RULES_BY_ID

    rule = RULES_BY_ID.get(rule_id)
    return rule.title if rule is not None else REVIEW_RULE_TITLES.get(rule_id, "")
