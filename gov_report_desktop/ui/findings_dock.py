"""The findings panel: every finding grouped by section, with acknowledgement of 警告."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.editions import SectionKey
from ..domain.rules import Finding, Severity, count_by_severity
from .document import ReportDocument
from .style import icon, severity_icon

FINDING_ROLE = Qt.ItemDataRole.UserRole + 10
GENERAL = "全文与格式"


class FindingsDock(QDockWidget):
    findingActivated = Signal(object)  # Finding
    acknowledgeRequested = Signal(object)  # Finding
    unacknowledgeRequested = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("检查结果", parent)
        self.setObjectName("findingsDock")
        self.document: ReportDocument | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        # Long messages wrap inside the panel's width instead of being cut off.
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(True)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.currentItemChanged.connect(self._update_buttons)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.acknowledge_button = QPushButton("确认此警告(&K)…")
        self.acknowledge_button.setToolTip("已核实无误的警告可以确认并写明原因；原因保存在项目文件中，不会印在年报里。")
        self.acknowledge_button.clicked.connect(lambda: self._request(self.acknowledgeRequested))
        self.unacknowledge_button = QPushButton("取消确认(&U)")
        self.unacknowledge_button.clicked.connect(lambda: self._request(self.unacknowledgeRequested))
        buttons.addWidget(self.acknowledge_button)
        buttons.addWidget(self.unacknowledge_button)
        layout.addLayout(buttons)
        self.setWidget(body)
        self._update_buttons()

    def set_document(self, document: ReportDocument) -> None:
        """The window refreshes the list (debounced) when the document's findings change."""
        self.document = document
        self.refresh()

    def refresh(self) -> None:
        document = self.document
        if document is None:
            return
        selected = self.current_finding()
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        headings = {s.key: s.heading for s in document.edition.sections}
        order = [*headings.values(), GENERAL]
        findings = sorted(
            document.findings,
            key=lambda f: (
                order.index(self._group(document, f, headings)),
                document.is_acknowledged(f),
                f.severity.rank,
            ),
        )
        for finding in findings:
            group = self._group(document, finding, headings)
            if group not in groups:
                groups[group] = QTreeWidgetItem(self.tree, [group])
                groups[group].setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[group].setExpanded(True)
            item = self._item(document, finding)
            groups[group].addChild(item)
            if selected is not None and finding == selected:
                self.tree.setCurrentItem(item)
        self._summarise(document)
        self._update_buttons()

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        value = item.data(0, FINDING_ROLE) if item is not None else None
        return value if isinstance(value, Finding) else None

    def items(self) -> list[QTreeWidgetItem]:
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is not None:
                found += [group.child(i) for i in range(group.childCount())]
        return found

    def _group(self, document: ReportDocument, finding: Finding, headings: dict[SectionKey, str]) -> str:
        section = document.section_of(finding)
        return headings.get(section, GENERAL) if section is not None else GENERAL

    def _item(self, document: ReportDocument, finding: Finding) -> QTreeWidgetItem:
        acknowledgement = document.acknowledgement_for(finding)
        text = f"{finding.severity.label}［{finding.rule}］{finding.message}"
        item = QTreeWidgetItem([text])
        item.setData(0, FINDING_ROLE, finding)
        if acknowledgement is not None:
            item.setText(0, f"已确认［{finding.rule}］{finding.message}\n说明：{acknowledgement.note}")
            item.setIcon(0, icon("acknowledged"))
            item.setForeground(0, QBrush(QColor("#6b6b6b")))
            item.setToolTip(0, f"{acknowledgement.at:%Y-%m-%d %H:%M} 确认：{acknowledgement.note}")
        else:
            item.setIcon(0, severity_icon(finding.severity))
            item.setToolTip(0, text)
        return item

    def _summarise(self, document: ReportDocument) -> None:
        counts = count_by_severity(document.open_findings())
        acknowledged = len(document.findings) - len(document.open_findings())
        if not document.findings:
            self.summary.setText("✔ 未发现问题。")
            return
        parts = [f"{severity.label} {counts[severity]}" for severity in Severity if counts[severity]]
        if acknowledged:
            parts.append(f"已确认 {acknowledged}")
        self.summary.setText("，".join(parts) + "。单击一条可定位到相应单元格。")

    def _clicked(self, item: QTreeWidgetItem) -> None:
        finding = item.data(0, FINDING_ROLE)
        if isinstance(finding, Finding):
            self.findingActivated.emit(finding)

    def _request(self, signal: SignalInstance) -> None:
        finding = self.current_finding()
        if finding is not None:
            signal.emit(finding)

    def _update_buttons(self) -> None:
        finding = self.current_finding()
        acknowledged = finding is not None and self.document is not None and self.document.is_acknowledged(finding)
        self.acknowledge_button.setEnabled(
            finding is not None and finding.severity is not Severity.ERROR and not acknowledged
        )
        self.unacknowledge_button.setEnabled(acknowledged)
