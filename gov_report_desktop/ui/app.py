"""`gov-report-desktop [FILE] [--screenshot OUT.png [--tab N]] [--autosave-seconds S] [--self-test]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main_window import MainWindow

APP_NAME = "政府信息公开年报助手"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="gov-report-desktop", description=APP_NAME)
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="要打开的年报项目文件（.govreport），或已发布的年报（.docx/.html，导入为新项目）",
    )
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png", help="打开文件，把 1280×800 的窗口存为图片后退出")
    parser.add_argument("--tab", type=int, default=0, help="截图时显示第几个标签页（0 = 基本信息）")
    parser.add_argument("--autosave-seconds", type=float, default=None, help="自动保存间隔（秒），默认 60")
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-recovery-prompt", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--self-test", action="store_true", help="自检安装是否完整")
    return parser.parse_args(argv)


def open_first_window(file: Path | None, autosave: float | None, *, screenshot: bool) -> tuple[MainWindow, bool]:
    """The window for the start-up file, built once with the report loaded; (window, file opened?).

    A project file is shown first and its lock is claimed right after the first paint (see
    `MainWindow`); a file that cannot be read takes the normal path, which tells the clerk why."""
    from ..storage.projectfile import FILE_SUFFIX, ProjectFileError, load_report
    from .main_window import MainWindow

    if file is not None and not screenshot and file.suffix.lower() == FILE_SUFFIX:
        try:
            report = load_report(file)
        except ProjectFileError:
            pass
        else:
            return MainWindow(report, path=file, autosave=autosave), True
    window = MainWindow(autosave=autosave)
    return window, file is None or window.open_path(file, ask_to_save=False)


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if "--self-test" in args_list:
        try:
            from .. import selftest
        except ImportError:
            print("本版本没有自检功能。", file=sys.stderr)
            return 1
        return int(selftest.run())
    args = parse_arguments(args_list)
    # We use no pydantic plugins; without this pydantic scans every installed distribution's metadata
    # for them when the first model is built (~15 ms of start-up).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from . import crash
    from .i18n import apply_ui_font, install_translations
    from .style import icon

    QCoreApplication.setOrganizationName("gov-report-desktop")
    QCoreApplication.setApplicationName("gov-report-desktop")
    app = QApplication.instance() or QApplication([sys.argv[0], *args_list])
    assert isinstance(app, QApplication)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(icon("app"))
    install_translations(app)
    apply_ui_font(app)

    window, opened = open_first_window(args.file, args.autosave_seconds, screenshot=args.screenshot is not None)
    crash.install(window.emergency_save)
    if not opened and args.screenshot is not None:
        return 2
    if args.screenshot is not None:
        from .screenshot import take_screenshot

        window.wait_for_import()  # a published report given on the command line is read in the background
        if window.document.path is None and window.document.imported_from is None and args.file is not None:
            return 2

        return take_screenshot(window, args.screenshot, args.tab)
    if args.quit_after_first_paint:
        from .screenshot import quit_after_first_paint

        quit_after_first_paint(window)
    window.show()
    if not args.no_recovery_prompt and not args.quit_after_first_paint:
        window.after_first_paint(window.offer_recovery)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
