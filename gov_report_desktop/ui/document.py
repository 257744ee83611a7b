"""The open report: owns the domain `Report`, its file path, the undo stack and the current findings.

Widgets never hold the report; they read it through this object and change it only by pushing
QUndoCommands (see `commands.py`), which call the `apply_*` methods here. After every change the rules
run again and the signals say exactly which cells changed and whose finding state changed, so views
repaint only those cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..domain.acknowledgements import find_acknowledgement, is_acknowledged
from ..domain.editions import Edition, SectionKey
from ..domain.model import Acknowledgement, Report
from ..domain.rules import Finding, Severity, evaluate
from ..domain.values import CellValue
from ..storage.session import ProjectSession

CellValues = dict[str, CellValue | None]


class ReportDocument(QObject):
    """One open report and everything about it that is not a widget."""

    # Cell ids whose value or finding state (or acknowledgement) changed: once per change, so a view
    # repaints each cell once.
    cellsChanged = Signal(list)
    findingsUpdated = Signal()  # the rules ran again (the dock and tab titles refresh)
    textChanged = Signal(object)  # SectionKey
    metaChanged = Signal()
    reportReplaced = Signal()  # the whole report (or its edition) was swapped
    pathChanged = Signal()

    def __init__(
        self,
        report: Report,
        path: Path | None = None,
        parent: QObject | None = None,
        *,
        check_now: bool = True,
        session: ProjectSession | None = None,
    ) -> None:
        """`session`: the file, lock and recovery id the report belongs to (a new one on `path` if None).
        `check_now=False` leaves the first run of the rules to `ensure_checked()` (the window calls it
        right after its first paint; anything that reads the findings before then runs them itself)."""
        super().__init__(parent)
        self._report = report
        self.session = session if session is not None else ProjectSession(path)
        # The file name of the published report this was imported from (a new, unsaved project), if any.
        self.imported_from: str | None = None
        self.undo_stack = QUndoStack(self)
        self.revision = 0  # bumped on every change; autosave compares it
        self._findings: list[Finding] = []
        self._checked = False
        # Blank cells are one quiet note per table until the clerk first asks to export (or print) this
        # report; from then on they are the R6 warnings the exports, the CLI and the review report.
        self._quiet_blanks = True
        self._cell_findings: dict[str, list[Finding]] = {}
        self._cell_states: dict[str, tuple[Severity | None, bool]] = {}
        if check_now:
            self.refresh_findings(emit=False)

    # -- reading ---------------------------------------------------------------------------------

    @property
    def report(self) -> Report:
        return self._report

    @property
    def path(self) -> Path | None:
        return self.session.path

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @property
    def session_id(self) -> str:
        return self.session.session_id

    @property
    def edition(self) -> Edition:
        return self._report.edition

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def checked(self) -> bool:
        """Whether the rules have run on this report (False only until a deferred first check)."""
        return self._checked

    @property
    def findings(self) -> list[Finding]:
        self.ensure_checked()
        return self._findings

    def ensure_checked(self) -> None:
        """Run a deferred first check now; the cells with findings and the panel are signalled."""
        if not self._checked:
            self.refresh_findings()

    @property
    def quiet_blanks(self) -> bool:
        return self._quiet_blanks

    def check_for_export(self) -> None:
        """The clerk asked to export: blank cells are warnings from now on (for this report)."""
        if self._quiet_blanks:
            self._quiet_blanks = False
            self.refresh_findings()

    def cell_state(self, cell_id: str) -> tuple[Severity | None, bool]:
        """(worst open severity, has any finding) — cached, read on every paint of a cell. Before a
        deferred first check it is (None, False): painting never waits for the rules."""
        return self._cell_states.get(cell_id, (None, False))

    def cell_states(self) -> Mapping[str, tuple[Severity | None, bool]]:
        """Every cell with findings and its `cell_state` (the view outlines them after each paint)."""
        return self._cell_states

    def findings_for(self, cell_id: str) -> list[Finding]:
        self.ensure_checked()
        return self._cell_findings.get(cell_id, [])

    def is_acknowledged(self, finding: Finding) -> bool:
        """Acknowledged and still about the same data (a changed one needs attention again)."""
        return is_acknowledged(self._report, finding)

    def acknowledgement_for(self, finding: Finding) -> Acknowledgement | None:
        """The acknowledgement of the finding, current or changed since (its note is kept for reference)."""
        return find_acknowledgement(self._report, finding)

    def open_findings(self) -> list[Finding]:
        """Findings that still need attention (acknowledged 警告 excluded)."""
        return [f for f in self.findings if not self.is_acknowledged(f)]

    def counts_for_section(self, section: SectionKey) -> dict[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for finding in self.open_findings():
            if self.section_of(finding) == section:
                counts[finding.severity] += 1
        return counts

    def section_of(self, finding: Finding) -> SectionKey | None:
        if finding.section is not None:
            return finding.section
        for cell_id in finding.cells:
            if self.edition.has_cell(cell_id):
                return self.edition.cell(cell_id).table.section
        return None

    # -- changing (called by undo commands only) --------------------------------------------------

    def apply_values(self, values: CellValues) -> CellValues:
        """Set input cells (totals re-derive); returns the previous value of every cell that changed."""
        before = dict(self._report.values)
        changed: list[str] = []
        for cell_id, value in values.items():
            changed += self._report.set_value(cell_id, value)
        unique = list(dict.fromkeys(changed))
        self._after_cells(unique)
        return {cell_id: before.get(cell_id) for cell_id in unique}

    def restore_values(self, values: CellValues) -> None:
        """Put cells back exactly as they were, totals included (undo)."""
        for cell_id, value in values.items():
            if value is None:
                self._report.values.pop(cell_id, None)
            else:
                self._report.values[cell_id] = value
        self._after_cells(list(values))

    def apply_text(self, section: SectionKey, text: str) -> None:
        self._report.set_text(section, text)
        self._bump()
        self.textChanged.emit(section)
        self.refresh_findings()

    def apply_meta(self, field: str, value: object) -> None:
        setattr(self._report.meta, field, value)
        self._bump()
        self.metaChanged.emit()
        self.refresh_findings()

    def set_acknowledgements(self, acknowledgements: list[Acknowledgement]) -> None:
        self._report.acknowledgements = list(acknowledgements)
        self._bump()
        self.refresh_findings(force_cells=[c for a in acknowledgements for c in a.cells])

    def replace_report(self, report: Report) -> None:
        self._report = report
        self._bump()
        self.refresh_findings(emit=False)
        self.reportReplaced.emit()
        self.findingsUpdated.emit()

    # -- findings ----------------------------------------------------------------------------------

    def refresh_findings(self, emit: bool = True, force_cells: list[str] | None = None) -> None:
        """Re-run the rules; signal the cells whose findings (or acknowledgement) changed."""
        old = self._cell_findings
        self._findings = evaluate(self._report, quiet_blanks=self._quiet_blanks)
        self._checked = True
        by_cell: dict[str, list[Finding]] = defaultdict(list)
        for finding in self._findings:
            for cell_id in finding.cells:
                by_cell[cell_id].append(finding)
        self._cell_findings = dict(by_cell)
        acknowledged = {f for f in self._findings if is_acknowledged(self._report, f)}
        self._cell_states = {
            cell_id: (
                min(
                    (f.severity for f in found if f not in acknowledged),
                    key=lambda s: s.rank,
                    default=None,
                ),
                True,
            )
            for cell_id, found in by_cell.items()
        }
        if not emit:
            return
        touched = {c for c in old.keys() | by_cell.keys() if old.get(c) != by_cell.get(c)}
        touched.update(force_cells or ())
        if touched:
            self.cellsChanged.emit(sorted(touched))
        self.findingsUpdated.emit()

    def _after_cells(self, changed: list[str]) -> None:
        self._bump()
        self.refresh_findings(force_cells=changed)

    def _bump(self) -> None:
        self.revision += 1
