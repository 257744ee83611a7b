"""The findings list's rows: every message in full, wrapped to the panel's width.

Imported when the panel first shows findings (right after the window's first paint): QStyle and the
other types it paints with are large, and PySide builds each Python type, with all its enums, the
first time it is touched."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QFont, QPainter, QPalette, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QWidget,
)

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
