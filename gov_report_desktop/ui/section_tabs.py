"""The tab area: 基本信息 and one tab per section of the edition, built when first needed.

Start-up builds only the tab on screen; the others stand in as `PendingTab` until they are shown, asked
for, or built one per event-loop turn after the first paint. Tab titles carry each section's counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QResizeEvent
from PySide6.QtWidgets import QTabWidget, QWidget

from ..domain.editions import SectionKey, SectionSpec
from ..domain.rules import Severity
from .document import ReportDocument
from .fit import tabs_fit
from .style import SEVERITY_BORDER, icon
from .table_tab import TableSectionTab

if TYPE_CHECKING:  # built when first shown: a start on 表三 does not load them before the first paint
    from .meta_tab import MetaTab
    from .table_view import ReportTableView
    from .text_tab import TextSectionTab
# Tab labels must fit seven tabs beside the findings panel; each tab page shows the full heading.
SHORT_TAB_NAMES = {
    SectionKey.OVERVIEW: "总体情况",
    SectionKey.PROACTIVE: "主动公开",
    SectionKey.REQUESTS: "依申请公开",
    SectionKey.APPEALS: "复议、诉讼",
    SectionKey.PROBLEMS: "问题及改进",
    SectionKey.OTHER: "其他事项",
}


def mnemonic_label(text: str, index: int) -> str:
    """A tab's label led by its key, underlined: "1 基本信息", "2 一、总体情况"… (Alt+1 is 基本信息). The
    tab bar itself takes the key from anywhere in the window. In front and without brackets it costs
    the least width (seven tabs share 1024 pixels with the findings panel)."""
    return f"&{index + 1} {text}" if index < 9 else text


class PendingTab(QWidget):
    """Stands in for a section's tab until it is first needed: start-up builds only what is on screen."""

    def __init__(self, section: SectionSpec) -> None:
        super().__init__()
        self.section = section

    @property
    def key(self) -> SectionKey:
        return self.section.key


class PendingMetaTab(QWidget):
    """Stands in for 基本信息 when the window starts on another tab."""


class SectionTabs(QTabWidget):
    editionChangeRequested = Signal(str)  # edition key chosen on 基本信息
    viewCreated = Signal(object)  # a ReportTableView was built: the window connects its messages
    tabBuilt = Signal(object)  # a tab's real widget was built (the window watches its text fields' keys)

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.build_hidden = False  # True after the first paint: hidden tabs are built in the background
        self.setDocumentMode(True)
        self.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.setUsesScrollButtons(True)
        self.currentChanged.connect(self.ensure_built)

    def show_document(self, document: ReportDocument, start_section: SectionKey | None = None) -> None:
        """New tabs for `document`: the visible one at once, the others when first shown or needed."""
        self.document = document
        current = max(self.currentIndex(), 0)
        keys = [section.key for section in document.edition.sections]
        if start_section in keys:
            current = 1 + keys.index(start_section)
        self.blockSignals(True)
        while self.count():
            widget = self.widget(0)
            self.removeTab(0)
            widget.deleteLater()
        self.addTab(PendingMetaTab() if current else self._make_meta_tab(), mnemonic_label("基本信息", 0))
        for index, section in enumerate(document.edition.sections, start=1):
            self.addTab(PendingTab(section), mnemonic_label(section.heading, index))
        self.setCurrentIndex(min(current, self.count() - 1))
        self.blockSignals(False)
        self.ensure_built(self.currentIndex())
        self.update_titles()
        if self.build_hidden:
            self.build_pending()

    def _make_meta_tab(self) -> MetaTab:
        from .meta_tab import MetaTab

        meta = MetaTab(self.document)
        meta.editionChangeRequested.connect(self.editionChangeRequested)
        meta.set_read_only(self.document.read_only)
        self.tabBuilt.emit(meta)
        return meta

    def _make_tab(self, section: SectionSpec) -> TextSectionTab | TableSectionTab:
        tab: TextSectionTab | TableSectionTab
        if section.is_prose:
            from .text_tab import TextSectionTab

            tab = TextSectionTab(self.document, section)
        else:
            tab = TableSectionTab(self.document, section)
            for view in tab.views:
                self.viewCreated.emit(view)
        tab.set_read_only(self.document.read_only)
        self.tabBuilt.emit(tab)
        return tab

    def ensure_built(self, index: int) -> QWidget | None:
        """The real tab at `index`, built now if it was still pending."""
        pending = self.widget(index)
        tab: QWidget
        if isinstance(pending, PendingTab):
            tab = self._make_tab(pending.section)
        elif isinstance(pending, PendingMetaTab):
            tab = self._make_meta_tab()
        else:
            return pending
        current = self.currentIndex()
        text, tip, tab_icon = self.tabText(index), self.tabToolTip(index), self.tabIcon(index)
        colour = self.tabBar().tabTextColor(index)
        self.blockSignals(True)
        self.removeTab(index)
        self.insertTab(index, tab, tab_icon, text)
        self.setTabToolTip(index, tip)
        self.tabBar().setTabTextColor(index, colour)
        self.setCurrentIndex(current)
        self.blockSignals(False)
        pending.deleteLater()
        return tab

    def build_pending(self) -> None:
        """After the first paint: build the hidden tabs one per event-loop turn, so input stays responsive."""
        self.build_hidden = True
        pending = (i for i in range(self.count()) if isinstance(self.widget(i), PendingTab | PendingMetaTab))
        index = next(pending, -1)
        if index >= 0:
            self.ensure_built(index)
            QTimer.singleShot(0, self, self.build_pending)

    def built_tabs(self) -> list[QWidget]:
        """Every tab, built (pending ones are built now)."""
        return [self.ensure_built(i) or self.widget(i) for i in range(self.count())]

    def apply_read_only(self) -> None:
        for widget in self.built_tabs():
            set_read_only = getattr(widget, "set_read_only", None)  # every built tab has it
            if callable(set_read_only):
                set_read_only(self.document.read_only)

    def section_of(self, index: int) -> SectionSpec | None:
        """The section shown (or pending) at `index`; None for 基本信息."""
        section = getattr(self.widget(index), "section", None)
        return section if isinstance(section, SectionSpec) else None

    def section_key(self, index: int) -> SectionKey | None:
        """The section of the tab at `index` (None for 基本信息)."""
        section = self.section_of(index)
        return section.key if section is not None else None

    def index_of_section(self, key: object) -> int:
        """Index of the section's tab (built now if it was pending); -1 when the edition has no such section."""
        for index in range(self.count()):
            section = self.section_of(index)
            if section is not None and section.key == key:
                self.ensure_built(index)
                return index
        return -1

    def table_view(self, table_key: str) -> ReportTableView:
        for widget in self.built_tabs():
            if isinstance(widget, TableSectionTab):
                for view in widget.views:
                    if view.report_model.table.key == table_key:
                        return view
        raise KeyError(table_key)

    def current_view(self) -> ReportTableView | None:
        widget = self.currentWidget()
        if isinstance(widget, TableSectionTab):
            focused = next((v for v in widget.views if v.hasFocus()), None)
            return focused or (widget.views[0] if widget.views else None)
        return None

    def update_titles(self) -> None:
        """Short titles with the open findings of each tab (counts only once the rules have run)."""
        checked = self.document.checked
        self._titles: dict[int, tuple[str, str, Severity | None]] = {}
        for index in range(self.count()):
            section = self.section_of(index)
            if section is None:
                continue
            counts = self.document.counts_for_section(section.key) if checked else dict.fromkeys(Severity, 0)
            marks = [f"{s.label}{counts[s]}" for s in (Severity.ERROR, Severity.WARNING) if counts[s]]
            heading = section.heading
            short = mnemonic_label(f"{heading.split('、', 1)[0]}、{SHORT_TAB_NAMES.get(section.key, heading)}", index)
            worst = Severity.ERROR if counts[Severity.ERROR] else Severity.WARNING if counts[Severity.WARNING] else None
            self._titles[index] = (f"{short}（{' '.join(marks)}）" if marks else short, short, worst)
            self.setTabToolTip(index, heading + ("：" + "，".join(marks) if marks else "：未发现问题"))
        self.fit_titles()

    def fit_titles(self) -> None:
        """Counts and a severity icon in the labels where all seven tabs fit with them; where they do not
        (1024×768 beside the findings panel), the label alone in the severity's colour — no width at all —
        and the tooltip says how many."""
        titles = getattr(self, "_titles", {})
        for index, (counted, _, worst) in titles.items():
            self.setTabText(index, counted)
            self.setTabIcon(index, icon(worst.value) if worst else QIcon())
            self.tabBar().setTabTextColor(index, QColor())
        bar = self.tabBar()
        if not tabs_fit(self):
            for index, (_, short, worst) in titles.items():
                self.setTabText(index, short)
                self.setTabIcon(index, QIcon())
                bar.setTabTextColor(index, SEVERITY_BORDER[worst] if worst else QColor())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_titles()
