"""F8 / Shift+F8: the next / previous error from anywhere in the window, as in a compiler's error list.
The cell is selected, the finding selected in the panel and its message shown in the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from ..domain.rules import Finding, Severity
from .findings_dock import FINDING_ROLE, by_section

if TYPE_CHECKING:
    from .main_window import MainWindow


def error_actions(window: MainWindow) -> tuple[QAction, QAction]:
    next_error = QAction("下一个错误(&N)", window)
    next_error.setShortcut(QKeySequence("F8"))
    next_error.setToolTip("转到下一个错误（F8）")
    next_error.triggered.connect(lambda: go_to_error(window, 1))
    previous = QAction("上一个错误(&V)", window)
    previous.setShortcut(QKeySequence("Shift+F8"))
    previous.triggered.connect(lambda: go_to_error(window, -1))
    return next_error, previous


def errors_in_order(window: MainWindow) -> list[Finding]:
    """The errors as the panel lists them with 全部 (by section), whatever the panel shows now."""
    document = window.document
    document.ensure_checked()
    return sorted((f for f in document.findings if f.severity is Severity.ERROR), key=by_section(document))


def go_to_error(window: MainWindow, step: int) -> Finding | None:
    """Go `step` errors on (−1: back) from the one selected in the panel, wrapping round; None if none."""
    errors = errors_in_order(window)
    if not errors:
        window.statusBar().showMessage("没有错误。", 5_000)
        return None
    current = window.findings.current_finding()
    position = errors.index(current) if current in errors else (-1 if step > 0 else 0)
    target = errors[(position + step) % len(errors)]
    dock = window.findings
    if not dock.shows_all and window.document.section_of(target) != dock.section:
        dock.set_section(window.document.section_of(target))
    window.refresh_panels()
    item = next((i for i in dock.items() if i.data(0, FINDING_ROLE) == target), None)
    if item is not None:
        dock.tree.setCurrentItem(item)
        dock.tree.scrollToItem(item)
    window.go_to_finding(target)
    return target
