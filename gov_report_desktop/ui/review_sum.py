"""汇总's result in the window: every summed cell, its tooltip naming the units that contribute most;
save the consolidated .govreport and the 明细 workbook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.values import format_value
from ..review.consolidate import Consolidation

if TYPE_CHECKING:
    from openpyxl import Workbook


def save_workbook_as(
    parent: QWidget, title: str, default_name: str, build: Callable[[], Workbook], path: Path | None = None
) -> Path | None:
    """Write the workbook `build` makes to `path`, or where the reviewer chooses (None if they cancel); a
    file that cannot be written is explained in a message box (None)."""
    from ..review.workbook import WorkbookError, save_workbook

    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, default_name, "Excel 工作簿 (*.xlsx)")
        if not chosen:
            return None
        path = Path(chosen)
    try:
        save_workbook(build(), path)
    except WorkbookError as error:
        QMessageBox.warning(parent, "无法导出", str(error))
        return None
    return path


class SumDialog(QDialog):
    def __init__(self, result: Consolidation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.consolidation = result
        report = result.report
        self.setWindowTitle(f"汇总：{len(result.units)} 个单位，{report.meta.year}年度")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(report.text(next(iter(report.texts)))))
        cells = [ref for ref in report.edition.all_cells() if report.values.get(ref.cell_id) is not None]
        self.table = QTableWidget(len(cells), 2)
        self.table.setHorizontalHeaderLabels(["单元格", "合计"])
        for row, ref in enumerate(cells):
            self.table.setItem(row, 0, QTableWidgetItem(ref.describe()))
            total = QTableWidgetItem(format_value(report.values.get(ref.cell_id), ref.column))
            total.setToolTip(self.contributors_text(ref.cell_id))
            self.table.setItem(row, 1, total)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        if result.skipped:
            layout.addWidget(QLabel("未计入（不是数字）：" + "；".join(result.skipped[:5])))
        buttons = QHBoxLayout()
        save = QPushButton("保存汇总年报…")
        save.clicked.connect(lambda: self.save_report())
        detail = QPushButton("导出明细（Excel）…")
        detail.clicked.connect(lambda: self.save_detail())
        buttons.addWidget(save)
        buttons.addWidget(detail)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.resize(720, 600)

    def contributors_text(self, cell_id: str) -> str:
        ref = self.consolidation.report.edition.cell(cell_id)
        top = self.consolidation.contributors(cell_id)
        if not top:
            return "各单位均为 0"
        lines = [f"{name}：{format_value(value, ref.column)}" for name, value in top]
        return "贡献最多的单位：\n" + "\n".join(lines)

    def save_report(self, path: Path | None = None) -> bool:
        from ..storage.projectfile import FILE_SUFFIX, ProjectFileError, save_report

        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "保存汇总年报", f"汇总{FILE_SUFFIX}", f"年报项目文件 (*{FILE_SUFFIX})"
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            save_report(self.consolidation.report, path)
        except ProjectFileError as error:
            QMessageBox.warning(self, "无法保存", str(error))
            return False
        return True

    def save_detail(self, path: Path | None = None) -> bool:
        from ..review.workbook import detail_workbook

        return (
            save_workbook_as(self, "导出明细", "明细.xlsx", lambda: detail_workbook(self.consolidation), path)
            is not None
        )
