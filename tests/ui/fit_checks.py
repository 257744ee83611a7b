"""What "the window fits" means on an office monitor, checked in this process (test_monitors) or in a fresh
one started with a display scaling (`python -m tests.ui.fit_checks FILE WIDTH HEIGHT` under
QT_SCALE_FACTOR, as `--scale` sets it: Qt reads it once, when it starts).

Every table fits its width with the findings panel open (no horizontal scroll bar, the last column whole,
the table not cut by the tab), 表三's 总计 column shows, and every tab label is whole and on screen.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QRect
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionTab

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.table_view import ReportTableView


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def show_at(window: MainWindow, width: int, height: int) -> None:
    """Shown, laid out and every tab built, at `width`×`height` logical pixels."""
    window.resize(width, height)
    window.show()
    clock = QElapsedTimer()
    clock.start()
    while not window.isVisible() and clock.elapsed() < 5000:
        QApplication.processEvents()
    window.tabs.build_pending()
    settle()


def column_fully_visible(view: ReportTableView, column: int) -> bool:
    left = view.columnViewportPosition(column)
    return left >= 0 and left + view.columnWidth(column) <= view.viewport().width()


def all_tables(window: MainWindow) -> list[tuple[int, ReportTableView]]:
    found = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        tab = window.tabs.ensure_built(index)
        found += [(index, view) for view in getattr(tab, "views", [])]
    return found


def table_problems(window: MainWindow) -> list[str]:
    problems = []
    for index, view in all_tables(window):
        window.tabs.setCurrentIndex(index)
        settle()
        title = view.report_model.table.title
        if view.horizontalScrollBar().isVisible():
            problems.append(f"{title}: horizontal scroll bar")
        if not column_fully_visible(view, view.report_model.columnCount() - 1):
            problems.append(f"{title}: last column cut")
        if view.mapTo(window, view.rect().topRight()).x() > window.tabs.geometry().right():
            problems.append(f"{title}: cut by the tab")
    return problems


def total_column_problems(window: MainWindow) -> list[str]:
    window.tabs.setCurrentIndex(window.tab_for_section(SectionKey.REQUESTS))
    settle()
    view = window.current_view()
    if view is None:
        return ["表三 not shown"]
    model = view.report_model
    total = model.columnCount() - 1
    problems = [] if model.table.columns[-1].label == "总计" else ["表三's last column is not 总计"]
    if not column_fully_visible(view, total):
        problems.append("表三: 总计 column cut")
    digits = view.fontMetrics().horizontalAdvance("00000")
    if not all(view.columnWidth(c) > digits for c in range(model.label_columns, total + 1)):
        problems.append("表三: a number column narrower than five digits")
    return problems


def tab_problems(window: MainWindow) -> list[str]:
    """Each tab on the bar, and its label whole in the room the style draws it in (the tab less the
    style's padding and the icon: SE_TabBarTabText)."""
    bar = window.tabs.tabBar()
    visible = QRect(0, 0, bar.width(), bar.height())
    problems = []
    for index in range(bar.count()):
        rect, text = bar.tabRect(index), bar.tabText(index)
        option = QStyleOptionTab()
        bar.initStyleOption(option, index)
        room = bar.style().subElementRect(QStyle.SubElement.SE_TabBarTabText, option, bar)
        if not visible.contains(rect):
            problems.append(f"tab {text}: off the bar")
        if room.width() < bar.fontMetrics().horizontalAdvance(text.replace("&", "")):
            problems.append(f"tab {text}: label cut")
    return problems


def fit_problems(window: MainWindow) -> list[str]:
    return table_problems(window) + total_column_problems(window) + tab_problems(window)


def main(path: str, width: int, height: int) -> int:
    from gov_report_desktop.ui.i18n import apply_ui_font, install_translations

    app = QApplication([])
    install_translations(app)  # as the app starts: its font and translations decide the widths
    apply_ui_font(app)
    window = MainWindow(autosave=3600)
    window.open_path(Path(path))
    show_at(window, width, height)
    picture = window.grab()
    report = {
        # Not window.devicePixelRatioF(): on a QMainWindow subclass PySide 6.9 crashes in it.
        "ratio": window.windowHandle().devicePixelRatio(),
        "size": [window.width(), window.height()],
        "picture": [picture.width(), picture.height()],
        "problems": fit_problems(window),
    }
    print(json.dumps(report, ensure_ascii=False))
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
