"""The report type and the due date a clerk has set (QSettings), shared by the start page and 基本信息."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings

from ..domain.calendar import ReportKind, chinese_date, days_left_text, due_date, report_kind


class DeadlineSettings:
    """The report type and a local due day, per user in QSettings.

    Not in the project file: a deadline belongs to the office (its 政务公开办's notice, the same year after
    year), not to one report's content, and the file format is read strictly — a new field would make
    files unreadable for a colleague's older version. Stored as month and day, so next year's report
    gets the same local day."""

    KIND = "deadline/kind"

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def kind(self) -> ReportKind:
        return report_kind(str(self._settings.value(self.KIND, "")))

    def set_kind(self, kind: ReportKind) -> None:
        self._settings.setValue(self.KIND, kind.key)

    def local_due(self, kind: ReportKind) -> tuple[int, int] | None:
        """The (month, day) set locally for `kind`, or None when the statutory day applies."""
        text = str(self._settings.value(f"deadline/{kind.key}", ""))
        month, _, day = text.partition("-")
        try:
            due = (int(month), int(day))
            due_date(2000, due)  # a valid day of the year (a hand-edited setting may not be)
        except ValueError:
            return None
        return due

    def due(self, kind: ReportKind) -> tuple[int, int]:
        return self.local_due(kind) or kind.due

    def set_due(self, kind: ReportKind, due: tuple[int, int] | None) -> None:
        """`due` None or the statutory day: back to the statutory day."""
        key = f"deadline/{kind.key}"
        if due is None or due == kind.due:
            self._settings.remove(key)
        else:
            self._settings.setValue(key, f"{due[0]}-{due[1]}")

    def due_line(self, report_year: int, today: date) -> str:
        """报送期限 of the report of `report_year`, for 基本信息: 2027年1月31日（本机关年报），距报送期限还有 56 天"""
        kind = self.kind()
        local = "，本地规定" if self.local_due(kind) is not None else ""
        day = due_date(report_year, self.due(kind))
        left = days_left_text(day, today)
        return f"{chinese_date(day)}（{kind.name}{local}）" + (f"，{left}" if left else "")
