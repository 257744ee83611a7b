"""Status-bar notes belong to the report they were about; the save question names the report once."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from gov_report_desktop.ui.document import ReportDocument
from gov_report_desktop.ui.main_window import MainWindow
from tests.ui.conftest import blank_report

Button = QMessageBox.StandardButton


def test_a_note_about_the_old_report_goes_with_it(window: MainWindow, dialogs) -> None:
    dialogs.int_answers.append((2021, True))
    window.statusBar().showMessage("已从「旧年报.docx」导入为新的未保存项目：数字均按原文导入……", 20_000)
    assert window.new_report()
    assert window.statusBar().currentMessage() == ""


def test_the_note_of_the_replacing_action_stays(window: MainWindow) -> None:
    assert window.new_next_year()
    assert window.statusBar().currentMessage().startswith("已新建2021年度报告")


def test_the_save_question_says_unsaved_once(window: MainWindow, dialogs) -> None:
    document = ReportDocument(blank_report())
    document.undo_stack.resetClean()  # never saved, and changed
    window.set_document(document)
    assert window.windowTitle().startswith("测试局2020年度（未保存）*")
    dialogs.message_answers.append(Button.Cancel)
    assert not window.maybe_save()
    question = dialogs.shown[-1][1]
    assert question == "“测试局2020年度”有未保存的修改。是否保存？"
    assert question.count("未保存") == 1
