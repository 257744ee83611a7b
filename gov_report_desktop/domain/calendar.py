"""Which year's report a clerk is writing on a given day, and when it is due (no Qt).

条例第四十九条: an agency's own report (本机关年报) is published by 31 January; offices start on it in
the last quarter of the year it covers. So from October the report of the current year is the one being
written, and until the spring it is still last year's (late or corrected reports). The governments'
summary reports follow later (国办公开办函〔2019〕60号, 〔2021〕30号): 县级 2月20日, 地市级 3月10日,
省级 3月31日; local offices often set an earlier date of their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# From this month on, a new report is about the current year.
CURRENT_YEAR_FROM_MONTH = 10
DEFAULT_DUE = (1, 31)  # month, day of the year after the report year


@dataclass(frozen=True)
class ReportKind:
    """Who reports, and the statutory due day (month, day) in the year after the report year."""

    key: str
    name: str
    due: tuple[int, int]
    who: str

    @property
    def due_label(self) -> str:
        """本机关年报：次年1月31日"""
        month, day = self.due
        return f"{self.name}：次年{month}月{day}日"


REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind("agency", "本机关年报", DEFAULT_DUE, "县级以上人民政府部门（条例第四十九条）"),
    ReportKind("county", "县级政府汇总年报", (2, 20), "县级政府信息公开工作主管部门"),
    ReportKind("city", "地市级政府汇总年报", (3, 10), "地市级政府信息公开工作主管部门"),
    ReportKind("province", "省级政府汇总年报", (3, 31), "省级政府信息公开工作主管部门"),
)
DEFAULT_KIND = REPORT_KINDS[0]


def report_kind(key: str) -> ReportKind:
    """The kind with `key`; an unknown key (a setting from another version) is an agency's own report."""
    return next((kind for kind in REPORT_KINDS if kind.key == key), DEFAULT_KIND)


def report_year_for(today: date) -> int:
    """The report year a new report most likely covers on `today`."""
    return today.year if today.month >= CURRENT_YEAR_FROM_MONTH else today.year - 1


def due_date(report_year: int, due: tuple[int, int] = DEFAULT_DUE) -> date:
    """The day the report of `report_year` must be published (by default 31 January of the next year);
    `due` is a local deadline (month, day) where it differs. 2月29日 falls on the 28th in other years."""
    month, day = due
    year = report_year + 1
    if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = 28
    return date(year, month, day)


def chinese_date(day: date) -> str:
    """2027年1月31日"""
    return f"{day.year}年{day.month}月{day.day}日"


# Longer past its due date than this, a report is an old one (opened to look at or copy from): counting
# the days since would only alarm.
OVERDUE_SHOWN_DAYS = 90


def days_left_text(due: date, today: date) -> str:
    """One short line: how long until `due` ("" for an old report, long past it)."""
    days = (due - today).days
    if days < -OVERDUE_SHOWN_DAYS:
        return ""
    if days > 0:
        return f"距报送期限还有 {days} 天"
    if days == 0:
        return "今天是报送期限"
    return f"已超过报送期限 {-days} 天"
