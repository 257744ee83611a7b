"""Editing through the real widgets: typing, refusal, paste, undo/redo, findings panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from gov_report_desktop.domain.editions import SectionKey
from gov_report_desktop.ui.main_window import MainWindow
from gov_report_desktop.ui.table_model import SEVERITY_ROLE
from gov_report_desktop.ui.table_view import ReportTableView


def type_into(qtbot, view: ReportTableView, cell_id: str, text: str, key=Qt.Key.Key_Return) -> QLineEdit:
    index = view.report_model.index_of(cell_id)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, key)
    return editor


def finding_rules(window: MainWindow) -> list[str]:
    window.refresh_panels()  # the panel follows edits after a short delay
    return [item.text(0) for item in window.findings.items()]


def test_typing_updates_total_and_r1_appears_then_disappears(qtbot, window: MainWindow) -> None:
    view = window.table_view("t3")
    model = view.report_model
    type_into(qtbot, view, "t3.new.natural", "7")
    assert window.document.report.get("t3.new.natural") == 7
    assert model.index_of("t3.new.total").data() == "7"
    assert any("［R1］" in text for text in finding_rules(window))
    assert model.index_of("t3.new.natural").data(SEVERITY_ROLE) is not None
    assert "R1" in model.index_of("t3.new.natural").data(Qt.ItemDataRole.ToolTipRole)
    assert window.windowTitle().startswith("putuo.govreport*")
    assert "错误" in window.tabs.tabText(window.tab_for_section(SectionKey.REQUESTS))
    # Enter moved down like Excel.
    assert view.currentIndex() == model.index_of("t3.carried.natural")
    type_into(qtbot, view, "t3.new.natural", "6")
    assert not any("［R1］" in text for text in finding_rules(window))
    assert model.index_of("t3.new.natural").data(SEVERITY_ROLE) is None


def test_letters_are_refused_at_the_editor(qtbot, window: MainWindow) -> None:
    view = window.table_view("t3")
    before = dict(window.document.report.values)
    with qtbot.waitSignal(view.editRejected) as blocker:
        editor = type_into(qtbot, view, "t3.new.natural", "abc")
    assert "不是数字" in blocker.args[0]
    assert "请输入不小于0的整数" in blocker.args[0]
    assert view.state() == QAbstractItemView.State.EditingState  # still open with the text, for correction
    assert editor.text() == "abc"
    assert window.document.report.values == before
    assert window.document.undo_stack.count() == 0
    assert "未填入" in window.statusBar().currentMessage()


def test_typing_over_a_selected_cell_starts_editing(qtbot, window: MainWindow) -> None:
    view = window.table_view("t3")
    index = view.report_model.index_of("t3.open.commercial")
    view.setCurrentIndex(index)
    qtbot.keyClicks(view, "5")
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "5"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert window.document.report.get("t3.open.commercial") == 5
    assert view.currentIndex() == view.report_model.index_of("t3.open.research")


def test_paste_block_from_excel_lands(qtbot, window: MainWindow) -> None:
    view = window.table_view("t3")
    view.setCurrentIndex(view.report_model.index_of("t3.new.natural"))
    block = "1,234\t２\t0\t0\t0\t0\t1236\r\n5 \t0\t0\t0\t0\t0\t5\r\n3\t0\t0\t0\t1\t0\t4\r\n"
    QGuiApplication.clipboard().setText(block)
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    report = window.document.report
    assert report.get("t3.new.natural") == 1234
    assert report.get("t3.new.commercial") == 2
    assert report.get("t3.carried.natural") == 5
    assert report.get("t3.open.legal") == 1
    assert report.get("t3.open.total") == 4
    assert window.document.undo_stack.count() == 1


def test_paste_with_one_bad_value_changes_nothing(qtbot, window: MainWindow, dialogs) -> None:
    view = window.table_view("t3")
    view.setCurrentIndex(view.report_model.index_of("t3.new.natural"))
    before = dict(window.document.report.values)
    assert not view.paste_text("1\t2\t3\r\n4\tx\t6\r\n")
    assert window.document.report.values == before
    assert window.document.undo_stack.count() == 0
    assert "粘贴未执行" in dialogs.texts()
    assert "「x」不是数字" in dialogs.texts()


def test_paste_with_wrong_total_or_outside_table_is_refused(qtbot, window: MainWindow, dialogs) -> None:
    view = window.table_view("t3")
    view.setCurrentIndex(view.report_model.index_of("t3.new.natural"))
    before = dict(window.document.report.values)
    assert not view.paste_text("1\t0\t0\t0\t0\t0\t9\r\n")
    assert "不一致" in dialogs.texts()
    view.setCurrentIndex(view.report_model.index_of("t3.new.other_org"))
    assert not view.paste_text("1\t2\t3\r\n")
    assert "超出表格范围" in dialogs.texts()
    assert window.document.report.values == before


def test_copy_gives_tab_separated_block(qtbot, window: MainWindow) -> None:
    view = window.table_view("t3")
    model = view.report_model
    view.setCurrentIndex(model.index_of("t3.new.natural"))
    view.select_cells(["t3.new.natural", "t3.new.commercial", "t3.carried.natural", "t3.carried.commercial"])
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "6\t0\r\n0\t0\r\n"


def test_undo_redo_restore_exactly(qtbot, window: MainWindow) -> None:
    view = window.table_view("t3")
    original = dict(window.document.report.values)
    type_into(qtbot, view, "t3.open.natural", "9")
    view.select_cells(["t3.new.natural", "t3.new.commercial"])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.document.report.get("t3.new.natural") is None
    after = dict(window.document.report.values)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.document.undo_stack.undo()
    assert window.document.report.values == original
    assert not window.document.is_modified
    assert not window.windowTitle().startswith("putuo.govreport*")
    window.document.undo_stack.redo()
    window.document.undo_stack.redo()
    assert window.document.report.values == after


def test_clicking_a_finding_selects_its_cells(qtbot, window: MainWindow) -> None:
    window.tabs.setCurrentIndex(0)
    item = next(i for i in window.findings.items() if "［T4］" in i.text(0))
    window.findings.tree.itemClicked.emit(item, 0)
    assert window.tabs.currentIndex() == window.tab_for_section(SectionKey.REQUESTS)
    view = window.table_view("t3")
    selected = {view.report_model.cell_id(i) for i in view.selectionModel().selectedIndexes()}
    assert selected == {"t3.other.total", "t3.result_total.total"}


def test_acknowledge_and_unacknowledge_a_warning(qtbot, window: MainWindow, dialogs, tmp_path) -> None:
    item = next(i for i in window.findings.items() if "［T4］" in i.text(0))
    window.findings.tree.setCurrentItem(item)
    dialogs.text_answers.append(("均为新旧条例衔接的个案，已在正文说明", True))
    window.findings.acknowledge_button.click()
    window.refresh_panels()
    report = window.document.report
    assert [a.rule for a in report.acknowledgements] == ["T4"]
    item = next(i for i in window.findings.items() if "T4" in i.text(0))
    assert item.text(0).startswith("已确认")
    assert "已在正文说明" in item.text(0)
    view = window.table_view("t3")
    assert view.report_model.index_of("t3.other.total").data(SEVERITY_ROLE) is None
    assert "警告" not in window.tabs.tabText(window.tab_for_section(SectionKey.REQUESTS))
    window.document.undo_stack.undo()
    assert report.acknowledgements == []
    window.document.undo_stack.redo()
    window.refresh_panels()
    window.findings.tree.setCurrentItem(next(i for i in window.findings.items() if "T4" in i.text(0)))
    window.findings.unacknowledge_button.click()
    assert window.document.report.acknowledgements == []


def test_an_acknowledgement_whose_data_changed_shows_the_warning_again(qtbot, window: MainWindow, dialogs) -> None:
    window.findings.tree.setCurrentItem(next(i for i in window.findings.items() if "［T4］" in i.text(0)))
    dialogs.text_answers.append(("均为新旧条例衔接的个案，已在正文说明", True))
    window.findings.acknowledge_button.click()
    other = window.document.report.get("t3.other.natural")
    assert isinstance(other, int)
    window.document.apply_values({"t3.other.natural": other + 1})
    window.refresh_panels()
    item = next(i for i in window.findings.items() if "T4" in i.text(0))
    assert item.text(0).startswith("警告［T4］")
    assert "确认后数据已改变" in item.text(0)
    assert "确认时说明：均为新旧条例衔接的个案，已在正文说明" in item.text(0)
    view = window.table_view("t3")
    assert view.report_model.index_of("t3.other.total").data(SEVERITY_ROLE) is not None
    window.findings.tree.setCurrentItem(item)
    assert window.findings.acknowledge_button.isEnabled()
    assert window.findings.unacknowledge_button.isEnabled()


def test_text_section_counts_characters_and_undoes(qtbot, window: MainWindow) -> None:
    index = window.tab_for_section(SectionKey.OVERVIEW)
    tab = window.tabs.widget(index)
    window.tabs.setCurrentIndex(index)
    tab.editor.clear()
    tab.editor.insertPlainText("本年度")  # what an input method commits (QTest types ASCII only)
    assert window.document.report.text(SectionKey.OVERVIEW) == "本年度"
    assert "字数：3" in tab.counter.text()
    window.document.undo_stack.undo()
    assert window.document.report.text(SectionKey.OVERVIEW) != "本年度"


def test_typed_text_is_read_once_on_the_way_in(qtbot, window: MainWindow, monkeypatch) -> None:
    from gov_report_desktop.domain import editing  # the model imports it at the first edit

    calls: list[str] = []
    real = editing.parse_for_cell
    monkeypatch.setattr(editing, "parse_for_cell", lambda e, c, t: calls.append(t) or real(e, c, t))
    type_into(qtbot, window.table_view("t3"), "t3.new.natural", "7")
    assert window.document.report.get("t3.new.natural") == 7
    assert calls == ["7"]
