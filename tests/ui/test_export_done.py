"""After 导出Word: a message that says where the document is, with 打开文档 and 打开所在文件夹."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from gov_report_desktop.ui.main_window import MainWindow


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return not url.toLocalFile().endswith("无法打开.docx")

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


def export(qtbot, window: MainWindow, dialogs, target: Path, answer: str) -> None:
    dialogs.file_answers.append(str(target))
    dialogs.message_answers.append(answer)
    assert window.export_word()
    qtbot.waitUntil(lambda: not window.exporting, timeout=30_000)
    assert target.exists()
    assert dialogs.shown[-1] == ("导出完成", f"已导出 Word 文档：\n{target}")


@pytest.mark.parametrize(("answer", "opens"), [("打开文档", "document"), ("打开所在文件夹", "folder")])
def test_open_the_document_or_its_folder(
    qtbot, window: MainWindow, dialogs, opened: list[QUrl], tmp_path: Path, answer: str, opens: str
) -> None:
    target = tmp_path / "报告.docx"
    export(qtbot, window, dialogs, target, answer)
    expected = target if opens == "document" else tmp_path
    assert [Path(url.toLocalFile()) for url in opened] == [expected]


def test_close_opens_nothing(qtbot, window: MainWindow, dialogs, opened: list[QUrl], tmp_path: Path) -> None:
    export(qtbot, window, dialogs, tmp_path / "报告.docx", "关闭")
    assert opened == []
    assert "已导出到" in window.statusBar().currentMessage()


def test_no_program_to_open_it_says_so(qtbot, window: MainWindow, dialogs, opened: list[QUrl], tmp_path: Path) -> None:
    target = tmp_path / "无法打开.docx"
    export(qtbot, window, dialogs, target, "打开文档")
    assert len(opened) == 1
    assert window.statusBar().currentMessage().startswith("无法打开")
    assert str(target) in window.statusBar().currentMessage()
