"""The questions the window asks the clerk (modal message boxes), each answered in domain terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.editions import Edition
from ..domain.rules import Finding
from ..storage.session import LockChoice

if TYPE_CHECKING:  # the edition change is worked out (domain/editing.py) only when the clerk asks for one
    from ..domain.editing import EditionChange

Button = QMessageBox.StandardButton


def ask_about_lock(parent: QWidget, message: str) -> LockChoice | None:
    """Someone else has the file open: read-only, edit anyway, or None (cancel)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("文件已被打开")
    box.setText(f"{message}\n\n两人同时修改同一文件，后保存的会覆盖先保存的内容。")
    read_only = box.addButton("以只读方式打开(&R)", QMessageBox.ButtonRole.AcceptRole)
    force = box.addButton("仍然编辑(&E)", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(Button.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    clicked = box.clickedButton()
    if clicked is read_only:
        return LockChoice.READ_ONLY
    if clicked is force:
        return LockChoice.TAKE_OVER
    return None


def ask_to_save(parent: QWidget, title: str, name: str) -> Button:
    """Unsaved changes: Save, Discard or Cancel."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        f"“{name}”有未保存的修改。是否保存？",
        Button.Save | Button.Discard | Button.Cancel,
        parent,
    )
    box.setDefaultButton(Button.Save)
    # Qt's own translation says 丢弃; clerks know the Office wording 保存 / 不保存 / 取消. Set all
    # three, so the question reads right even where Qt's translation file is missing.
    for button, text in ((Button.Save, "保存(&S)"), (Button.Discard, "不保存(&N)"), (Button.Cancel, "取消")):
        box.button(button).setText(text)
    result = box.exec()
    clicked = box.clickedButton()
    return box.standardButton(clicked) if clicked is not None else Button(result)


def save_failed(parent: QWidget, reason: str) -> bool:
    """Saving did not work: say why, and that nothing is lost. Returns False (not saved)."""
    QMessageBox.warning(parent, "保存失败", f"{reason}\n\n您的修改仍在窗口中，没有丢失。")
    return False


def ask_to_restore(parent: QWidget, described: str) -> Button:
    """After a crash: restore this autosaved work (Yes), delete it (No), or decide later (Cancel)."""
    return QMessageBox.question(
        parent,
        "恢复未保存的工作",
        f"上次没有正常退出，发现自动保存的工作：\n\n{described}\n\n是否恢复？（选“否”将删除这份自动保存。）",
        Button.Yes | Button.No | Button.Cancel,
        Button.Yes,
    )


def offer_save_as(parent: QWidget, reason: str) -> bool:
    """保存 in a read-only window: say why; True when the clerk wants 另存为."""
    answer = QMessageBox.question(
        parent, "只读文件", f"{reason}\n\n要把修改另存为一个新文件吗？", Button.Save | Button.Cancel, Button.Save
    )
    return answer == Button.Save


def confirm_edition_change(parent: QWidget, change: EditionChange, old: Edition) -> bool:
    edition = change.report.edition
    lines = [f"将格式版本改为 {edition.name}。", "表格的行列将按新版本重新排列。"]
    if change.dropped:
        names = "、".join(old.cell(c).describe() for c in change.dropped[:8])
        more = f"等 {len(change.dropped)} 个" if len(change.dropped) > 8 else ""
        lines.append(f"新版本没有以下单元格，其中的数字将被移除（可撤销）：{names}{more}。")
    lines.append("确定要更改吗？")
    answer = QMessageBox.warning(parent, "更改格式版本", "\n".join(lines), Button.Yes | Button.Cancel, Button.Cancel)
    return answer == Button.Yes


def confirm_export_with_errors(parent: QWidget, errors: list[Finding]) -> bool:
    listed = "\n".join(f"• ［{f.rule}］{f.message}" for f in errors[:10])
    more = f"\n……另有 {len(errors) - 10} 个错误" if len(errors) > 10 else ""
    answer = QMessageBox.warning(
        parent,
        "报告中还有错误",
        f"检查发现 {len(errors)} 个错误，按统一格式公开前应当改正：\n\n{listed}{more}\n\n仍要导出吗？",
        Button.Yes | Button.No,
        Button.No,
    )
    return answer == Button.Yes
