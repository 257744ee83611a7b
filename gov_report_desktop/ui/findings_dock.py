"""The findings panel: every finding grouped by section, with acknowledgement of 警告."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
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
TEXT_MARGIN = 3  # pixels above and below a message
AnyIndex = QModelIndex | QPersistentModelIndex


def layout_text(text: str, font: QFont, width: int) -> tuple[list[QTextLayout], float]:
    """`text` broken into lines of at most `width` pixels, and its height: at word boundaries where there
    are any, else anywhere (Chinese has no spaces, and a long cell id must not overflow either)."""
    layouts: list[QTextLayout] = []
    y = 0.0
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 10))
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        layouts.append(layout)
    return layouts, y


class WrappingDelegate(QStyledItemDelegate):
    """Shows every finding's full message, wrapped to the panel's width, rows as tall as they need.

    QTreeView asks a delegate for row heights without telling it the column width, so its own word wrap
    gives one-line rows that cut messages off; this delegate measures against the width the item really
    has (the viewport minus the indentation of its level and the icon) and paints the same lines."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def _text_rect(self, option: QStyleOptionViewItem, widget: QWidget | None) -> QRect:
        style = widget.style() if widget is not None else QApplication.style()
        return style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)

    def _item_width(self, index: AnyIndex) -> int:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        decorated = 1 if self.tree.rootIsDecorated() else 0
        return self.tree.viewport().width() - self.tree.indentation() * (depth + decorated)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        opt: Any = QStyleOptionViewItem(option)  # Any: PySide's stubs lack the option's fields (rect, text…)
        self.initStyleOption(opt, index)
        opt.rect = QRect(0, 0, self._item_width(index), 10_000)
        text_width = self._text_rect(opt, self.tree).width() - 2 * TEXT_MARGIN
        _, height = layout_text(opt.text, opt.font, text_width)
        icon_height = opt.decorationSize.height() if not opt.icon.isNull() else 0
        return QSize(opt.rect.width(), int(max(height, icon_height)) + 2 * TEXT_MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt: Any = QStyleOptionViewItem(option)  # Any: PySide's stubs lack the option's fields (rect, text…)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""  # the style draws background, selection, focus and icon; the text is ours
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        opt.text = text
        rect = self._text_rect(opt, widget).adjusted(TEXT_MARGIN, TEXT_MARGIN, -TEXT_MARGIN, -TEXT_MARGIN)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.save()
        painter.setFont(opt.font)
        if isinstance(foreground, QBrush) and not selected:
            painter.setPen(foreground.color())
        else:
            painter.setPen(opt.palette.color(role))
        layouts, _ = layout_text(text, opt.font, rect.width())
        for layout in layouts:
            layout.draw(painter, QPointF(rect.topLeft()))
        painter.restore()


class FindingsTree(QTreeWidget):
    """Re-measures the wrapped rows when the panel's width changes."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.doItemsLayout()


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
        self.tree = FindingsTree()
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
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
