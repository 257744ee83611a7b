"""A section with tables (二、三、四): the section heading, then each table with its own heading."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ..domain.editions import SectionKey, SectionSpec
from .document import ReportDocument
from .table_model import ReportTableModel
from .table_view import ReportTableView

LEGEND = (
    "蓝底粗体 = 自动计算的合计（只读）；红框 ✖ = 错误；黄框 ⚠ = 警告；虚线框 ✔ = 已确认的警告。"
    "选中单元格直接输入即可填写，Enter/Tab 像 Excel 一样移动；可从 Excel/WPS 粘贴整块数据；F1 查看填报说明。"
)


class TableSectionTab(QWidget):
    def __init__(self, document: ReportDocument, section: SectionSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.section = section
        self.views: list[ReportTableView] = []
        tables = document.edition.tables_of(section.key)
        single = len(tables) == 1 and tables[0].label_depth > 0  # 表三: the view scrolls, header stays
        outer = QVBoxLayout(self)
        outer.addWidget(_heading(section.heading))
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #555;")
        legend.setToolTip(section.help)
        outer.addWidget(legend)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        for table in tables:
            if len(tables) > 1:
                layout.addWidget(QLabel(table.title))
            view = ReportTableView(ReportTableModel(document, table, self), fit_height=not single)
            self.views.append(view)
            layout.addWidget(
                view, 1 if single else 0, Qt.AlignmentFlag.AlignLeft if not single else Qt.AlignmentFlag(0)
            )
        self._outer = outer
        self._scroll: QScrollArea | None = None  # 表二, 表四: the tables sit in one, whose scroll bar takes width
        if single:
            outer.addWidget(body, 1)
        else:
            layout.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(body)
            self._scroll = scroll
            outer.addWidget(scroll, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Every table fits the tab's width (narrow office monitors): see `ReportTableView.fit_width`."""
        margins = self._outer.contentsMargins()
        available = event.size().width() - margins.left() - margins.right()
        if self._scroll is not None:
            available -= self._scroll.verticalScrollBar().sizeHint().width()
        for view in self.views:
            view.fit_width(available)
        super().resizeEvent(event)

    @property
    def key(self) -> SectionKey:
        return self.section.key

    def view_for_cell(self, cell_id: str) -> ReportTableView | None:
        return next((v for v in self.views if v.report_model.index_of(cell_id).isValid()), None)

    def set_read_only(self, read_only: bool) -> None:
        for view in self.views:
            view.viewport().update()


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label
