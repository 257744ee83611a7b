"""UI test set-up: private data folder and settings per test, and modal dialogs that never block.

A test that needs a dialog's answer sets it on the `dialogs` fixture; an unexpected dialog fails
the test instead of hanging it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from gov_report_desktop.domain.model import Report
from gov_report_desktop.storage.projectfile import load_report, save_report
from gov_report_desktop.ui.main_window import MainWindow
from tests.conftest import PUTUO


@dataclass
class Dialogs:
    """Scripted answers for QMessageBox / QInputDialog / QFileDialog, and a record of what was shown."""

    message_answers: list[Any] = field(default_factory=list)
    text_answers: list[tuple[str, bool]] = field(default_factory=list)
    int_answers: list[tuple[int, bool]] = field(default_factory=list)
    file_answers: list[str] = field(default_factory=list)
    shown: list[tuple[str, str]] = field(default_factory=list)

    def message(self, kind: str, *args: Any, **_kwargs: Any) -> Any:
        title, text = (str(args[1]), str(args[2])) if len(args) >= 3 else ("", "")
        self.shown.append((title, text))
        if self.message_answers:
            return self.message_answers.pop(0)
        if kind in ("information", "warning", "critical", "about"):
            return QMessageBox.StandardButton.Ok
        raise AssertionError(f"unexpected {kind} dialog: {title} {text}")

    def texts(self) -> str:
        return "\n".join(f"{t}\n{x}" for t, x in self.shown)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GOV_REPORT_DATA_DIR", str(tmp_path / "data"))
    QCoreApplication.setOrganizationName("gov-report-desktop-tests")
    QCoreApplication.setApplicationName(f"ui-{tmp_path.name}")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    scripted = Dialogs()
    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, _k=kind, **kw: scripted.message(_k, *a, **kw)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **kw: scripted.message("about", *a, **kw)))

    def exec_box(box: QMessageBox) -> int:
        scripted.shown.append((box.windowTitle(), box.text()))
        if not scripted.message_answers:
            raise AssertionError(f"unexpected dialog: {box.windowTitle()} {box.text()}")
        answer = scripted.message_answers.pop(0)
        if isinstance(answer, str):  # the text of a custom button to click
            button = next(b for b in box.buttons() if answer in b.text())
            button.click()
            return 0
        return int(answer.value) if hasattr(answer, "value") else int(answer)

    monkeypatch.setattr(QMessageBox, "exec", exec_box)

    def get_text(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        scripted.shown.append((str(args[1]), str(args[2])))
        return scripted.text_answers.pop(0)

    def get_int(*args: Any, **kwargs: Any) -> tuple[int, bool]:
        scripted.shown.append((str(args[1]), str(args[2])))
        return scripted.int_answers.pop(0)

    def get_file(*args: Any, **kwargs: Any) -> tuple[str, str]:
        return (scripted.file_answers.pop(0) if scripted.file_answers else "", "")

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(get_int))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_file))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_file))
    return scripted


@pytest.fixture
def putuo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "putuo.govreport"
    save_report(load_report(PUTUO), target)
    return target


@pytest.fixture
def window(qtbot: Any, putuo_copy: Path) -> Iterator[MainWindow]:
    win = MainWindow(autosave=3600)  # closed below, after its changes are marked as dealt with
    assert win.open_path(putuo_copy)
    win.show()
    yield win
    win.document.undo_stack.setClean()
    win.close()
    win.deleteLater()


def blank_report(year: int = 2020) -> Report:
    return Report.new(year, "测试局")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform prints this when any top-level window is shown; it is not a problem of ours.
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            # Nor is "raise()", which it prints when a tooltip balloon is shown (refusals at the cell).
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise"))
