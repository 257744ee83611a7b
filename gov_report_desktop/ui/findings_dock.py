"""The findings panel: every finding grouped by section, with acknowledgement of 警告.

The list and its buttons are built when the panel first has findings to show: at start-up that is
right after the window's first paint (the rules run then), so the first paint does not wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget

from ..domain.acknowledgements import changed_note
from ..domain.editions import SectionKey
from ..domain.rules import Finding, Severity, count_by_severity
from .document import ReportDocument
from .style import icon, severity_icon

if TYPE_CHECKING:  # PySide creates each Qt type on first use: these only once the list is built
    from PySide6.QtWidgets import QPushButton, QTreeWidgetItem

    from .findings_view import FindingsTree

FINDING_ROLE = Qt.ItemDataRole.UserRole + 10
GENERAL = "全文与格式"
CHECKING = "正在检查……"


class FindingsDock(QDockWidget):
    findingActivated = Signal(object)  # Finding
    acknowledgeRequested = Signal(object)  # Finding
    unacknowledgeRequested = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("检查结果", parent)
        self.setObjectName("findingsDock")
        self.document: ReportDocument | None = None
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel(CHECKING)
        self.summary.setWordWrap(True)
        self._layout.addWidget(self.summary)
        self._tree: FindingsTree | None = None
        self._acknowledge_button: QPushButton | None = None
        self._unacknowledge_button: QPushButton | None = None
        self.setWidget(body)

    @property
    def tree(self) -> FindingsTree:
        return self._list()[0]

    @property
    def acknowledge_button(self) -> QPushButton:
        return self._list()[1]

    @property
    def unacknowledge_button(self) -> QPushButton:
        return self._list()[2]

    def _list(self) -> tuple[FindingsTree, QPushButton, QPushButton]:
        """The list and its buttons, built on first use."""
        if self._tree is None or self._acknowledge_button is None or self._unacknowledge_button is None:
            self._tree, self._acknowledge_button, self._unacknowledge_button = self._build_list()
            self._update_buttons()
        return self._tree, self._acknowledge_button, self._unacknowledge_button

    def _build_list(self) -> tuple[FindingsTree, QPushButton, QPushButton]:
        from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton

        from .findings_view import FindingsTree, WrappingDelegate

        tree = FindingsTree()
        tree.setItemDelegate(WrappingDelegate(tree))
        tree.setHeaderHidden(True)
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        # Long messages wrap inside the panel's width instead of being cut off.
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree.header().setStretchLastSection(True)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.itemClicked.connect(self._clicked)
        tree.itemActivated.connect(self._clicked)
        tree.currentItemChanged.connect(self._update_buttons)
        self._layout.addWidget(tree, 1)
        buttons = QHBoxLayout()
        acknowledge = QPushButton("确认此警告(&K)…")
        acknowledge.setToolTip("已核实无误的警告可以确认并写明原因；原因保存在项目文件中，不会印在年报里。")
        acknowledge.clicked.connect(lambda: self._request(self.acknowledgeRequested))
        unacknowledge = QPushButton("取消确认(&U)")
        unacknowledge.clicked.connect(lambda: self._request(self.unacknowledgeRequested))
        buttons.addWidget(acknowledge)
        buttons.addWidget(unacknowledge)
        self._layout.addLayout(buttons)
        return tree, acknowledge, unacknowledge

    def set_document(self, document: ReportDocument) -> None:
        """The window refreshes the list (debounced) when the document's findings change."""
        self.document = document
        self.refresh()

    def refresh(self) -> None:
        document = self.document
        if document is None:
            return
        if not document.checked:  # the rules run right after the first paint; the list follows then
            self.summary.setText(CHECKING)
            return
        from PySide6.QtWidgets import QTreeWidgetItem

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
        if self._tree is None:
            return None
        item = self._tree.currentItem()
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
        from PySide6.QtGui import QBrush, QColor
        from PySide6.QtWidgets import QTreeWidgetItem

        acknowledgement = document.acknowledgement_for(finding)
        text = f"{finding.severity.label}［{finding.rule}］{finding.message}"
        item = QTreeWidgetItem([text])
        item.setData(0, FINDING_ROLE, finding)
        if acknowledgement is not None and not document.is_acknowledged(finding):
            # Confirmed once, but what it quoted has changed: a warning again, the old note kept.
            item.setText(0, f"{text}\n{changed_note(acknowledgement)}")
            item.setIcon(0, severity_icon(finding.severity))
            item.setToolTip(0, f"{text}\n{changed_note(acknowledgement)}")
        elif acknowledgement is not None:
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
        if self._acknowledge_button is None or self._unacknowledge_button is None:
            return
        finding = self.current_finding()
        acknowledged = finding is not None and self.document is not None and self.document.is_acknowledged(finding)
        self._acknowledge_button.setEnabled(
            finding is not None and finding.severity is not Severity.ERROR and not acknowledged
        )
        # A confirmation whose data changed since can be withdrawn too (or given again with a new note).
        recorded = finding is not None and self.document is not None and self.document.acknowledgement_for(finding)
        self._unacknowledge_button.setEnabled(acknowledged or bool(recorded))
