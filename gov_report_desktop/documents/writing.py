"""How a failed write of an exported file is explained to the clerk (the same for every format)."""

from __future__ import annotations

from ..storage.atomic import AtomicWriteError, WriteProblem


def write_failure_message(error: AtomicWriteError, opened_in: str) -> str:
    """`opened_in`: the program that typically holds the file open , spaced as it reads in the sentence (" Word 或 WPS ", "浏览器")."""
    path, detail = error.path, error.detail
    shown = f"文件“{path.name}”"
    in_use = f"{shown}正在被{opened_in}打开，或为只读。请关闭后重试，或另存为其他文件名。原有文件未改动。"
    messages = {
        WriteProblem.MISSING_FOLDER: f"无法导出{shown}：文件夹“{path.parent}”不存在。请选择其他保存位置。",
        WriteProblem.IS_FOLDER: f"无法导出：“{path}”是一个文件夹，请换一个文件名。",
        WriteProblem.NAME_TOO_LONG: f"无法导出{shown}：文件名或路径过长，系统不允许。请换一个较短的文件名或文件夹。",
        WriteProblem.BACKUP_FAILED: f"无法导出{shown}：{detail}。原有文件未改动。",
        WriteProblem.FOLDER_NOT_WRITABLE: f"无法导出{shown}：没有写入文件夹“{path.parent}”的权限。请选择其他保存位置。",
        WriteProblem.READ_ONLY: in_use,
        WriteProblem.IN_USE: in_use,
        WriteProblem.FAILED_BEFORE_WRITING: f"无法导出{shown}：{detail}。",
        WriteProblem.FAILED: f"无法导出{shown}：{detail}。原有文件未改动。",
    }
    return messages[error.problem]
