"""A horizontal header that paints the template's merged header cells over several rows.

Qt's QHeaderView has one row of sections; the official tables have up to four (第二十条第（一）项 /
信息内容 / 申请人情况 → 法人或其他组织 → 商业企业). This header keeps one section per model column (so
resizing, selection and the model stay plain) and paints the merged blocks from `layout.py` on top.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHeaderView, QToolTip, QWidget

from ..domain.editions.layout import Block
from .style import GRID_COLOUR, HEADER_BACKGROUND

PADDING = 6


class GroupedHeaderView(QHeaderView):
    def __init__(self, blocks: list[Block], levels: int, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._blocks = blocks
        self._levels = max(levels, 1)
        self._heights_for: tuple[object, ...] = ()  # font, DPI and section sizes `_heights` was measured for
        self._heights: list[int] = []
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sectionResized.connect(self._geometry_changed)

    # -- geometry -----------------------------------------------------------------------------------

    def _block_width(self, block: Block) -> int:
        return sum(self.sectionSize(s) for s in range(block.first, block.last + 1))

    def _text_height(self, text: str, width: int) -> int:
        rect = self.fontMetrics().boundingRect(
            QRect(0, 0, max(width - 2 * PADDING, 10), 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return rect.height() + 2 * PADDING

    def level_heights(self) -> list[int]:
        """Each header row as tall as its tallest single-row label needs; taller spans stretch rows.
        Kept until the font or a column width changes: layouts ask for the size hint many times while a
        window is built, and each measurement wraps every label (~0.5 ms a time for 表三)."""
        key = (self.font().key(), self.logicalDpiY(), *(self.sectionSize(s) for s in range(self.count())))
        if key != self._heights_for:
            self._heights, self._heights_for = self._measure_heights(), key
        return list(self._heights)

    def _measure_heights(self) -> list[int]:
        base = self.fontMetrics().height() + 2 * PADDING
        heights = [base] * self._levels
        for block in sorted(self._blocks, key=lambda b: b.depth):
            needed = self._text_height(block.text, self._block_width(block))
            levels = range(block.level, min(block.level + block.depth, self._levels))
            have = sum(heights[i] for i in levels)
            if needed > have:
                extra = needed - have
                heights[levels[-1]] += extra
        return heights

    def sizeHint(self) -> QSize:
        # Not QHeaderView's hint: it measures every section's own label through the model (~0.4 ms a
        # call, and layouts call it often), while this header paints the merged blocks instead.
        return QSize(self.length(), sum(self.level_heights()))

    def _geometry_changed(self) -> None:
        self.updateGeometry()
        self.viewport().update()

    def block_rect(self, block: Block, heights: list[int]) -> QRect:
        left = self.sectionViewportPosition(block.first)
        top = sum(heights[: block.level])
        height = sum(heights[block.level : block.level + block.depth])
        return QRect(left, top, self._block_width(block), height)

    def block_at(self, point: QPoint) -> Block | None:
        heights = self.level_heights()
        return next((b for b in self._blocks if self.block_rect(b, heights).contains(point)), None)

    # -- painting -----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        heights = self.level_heights()
        # A filled rectangle, not fillRect(rect, colour): that overload makes PySide build the large
        # QGradient type (~3 ms) during the first paint at start-up.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(HEADER_BACKGROUND)
        painter.drawRect(self.viewport().rect())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(QPen(GRID_COLOUR, 1))
        for block in self._blocks:
            rect = self.block_rect(block, heights)
            if not rect.intersects(event.rect()):
                continue
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.setPen(text_colour)
            painter.drawText(
                rect.adjusted(PADDING, PADDING, -PADDING, -PADDING),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                block.text,
            )
            painter.setPen(QPen(GRID_COLOUR, 1))
        painter.end()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self.block_at(event.pos())
            if block is not None:
                tip = f"{block.text}\n{block.help}" if block.help else block.text
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def help_text_at(self, point: QPoint) -> str | None:
        block = self.block_at(point)
        if block is None:
            return None
        return f"{block.text}\n{block.help}" if block.help else block.text
