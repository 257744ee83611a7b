"""`gov-report-desktop [FILE] [--screenshot OUT.png [--tab N] [--size WxH]] [--scale F] [--autosave-seconds S]
[--self-test]`."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..console import use_utf8_output
from .startup_trace import mark

if TYPE_CHECKING:
    from ..domain.editions import SectionKey
    from .main_window import MainWindow

APP_NAME = "政府信息公开年报助手"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="gov-report-desktop", description=APP_NAME)
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="要打开的年报项目文件（.govreport），或已发布的年报（.docx/.html/.pdf，导入为新项目）",
    )
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png", help="打开文件，把窗口存为图片后退出")
    parser.add_argument(
        "--size", type=window_size, default=(1280, 800), metavar="WxH", help="截图时的窗口大小，默认 1280x800"
    )
    parser.add_argument("--scale", type=float, default=None, metavar="F", help="界面缩放比例，如 1.25、1.5")
    parser.add_argument("--tab", type=int, default=0, help="截图时显示第几个标签页（0 = 基本信息）")
    parser.add_argument("--autosave-seconds", type=float, default=None, help="自动保存间隔（秒），默认 60")
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-recovery-prompt", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--self-test", action="store_true", help="自检安装是否完整")
    return parser.parse_args(argv)


def window_size(text: str) -> tuple[int, int]:
    """`1024x768` (or with ×) → (1024, 768); argparse turns the ValueError into a clear message."""
    width, _, height = text.lower().replace("×", "x").partition("x")
    size = (int(width), int(height))
    if min(size) < 200 or max(size) > 10_000:
        raise ValueError(text)
    return size


def open_first_window(
    file: Path | None, autosave: float | None, start_section: SectionKey | None = None
) -> tuple[MainWindow, bool]:
    """The window for the start-up file, built once with the report loaded; (window, file opened?).
    `start_section`: the tab to show first instead of 基本信息 (the start-up benchmark shows 表三).

    A project file is shown first and its lock is claimed right after the first paint (see
    `MainWindow`); a published report is imported in the background; a file that cannot be read
    takes the normal path, which tells the clerk why."""
    from ..documents.opening import PROJECT, ReportOpenError, format_of, open_report
    from .main_window import MainWindow

    mark("window modules imported")
    fmt = format_of(file) if file is not None else None
    if file is not None and fmt is not None and fmt.kind == PROJECT:
        try:
            report = open_report(file).report
        except ReportOpenError:
            pass
        else:
            mark("report loaded")
            window = MainWindow(
                report, path=file, autosave=autosave, check_after_paint=True, start_section=start_section
            )
            mark("window built")
            return window, True
    window = MainWindow(autosave=autosave)
    opened = file is None or window.open_path(file, ask_to_save=False)
    if file is None or not opened:  # no report to show: the start page offers new, open, recent files, the example
        window.show_start_page()
    return window, opened


def window_for_screenshot(file: Path | None, autosave: float | None) -> MainWindow | None:
    """The window for `--screenshot`, which runs unattended (CI, README pictures): the file is read
    at once, a published report imported in the foreground, and a file that cannot be read is
    reported on stderr (None) instead of in a dialog nobody would close."""
    from ..documents.opening import ReportOpenError, open_report
    from .main_window import MainWindow

    if file is None:  # the start page, as a start without a file shows it
        window = MainWindow(autosave=autosave)
        window.show_start_page()
        return window
    try:
        opened = open_report(file)
    except ReportOpenError as error:
        print(f"无法打开：{error}", file=sys.stderr)
        return None
    window = MainWindow(opened.report, autosave=autosave)
    if opened.is_project:  # shown as its file; not locked: nothing is edited
        from ..storage.session import ProjectSession

        window.document.session = ProjectSession(file)
    else:
        window.document.imported_from = file.name
    window.update_title()
    return window


def skip_pydantic_plugin_discovery() -> None:
    """We use no pydantic plugins. Without this, pydantic scans every installed distribution's metadata
    for them when the first model is built (~15 ms); with plugins disabled it returns none, but its
    loader module still imports importlib.metadata (and with it email, socket, calendar: ~11 ms before
    the first paint). Where plugins are disabled, a loader that returns none without that import stands
    in (`get_plugins` is all pydantic asks of it; tests/ui/test_startup.py checks a start still works)."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    name = "pydantic.plugin._loader"
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] != "__all__" or name in sys.modules:
        return
    import types

    loader = types.ModuleType(name, "No pydantic plugins: discovery skipped at start-up (gov_report_desktop.ui.app).")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[name] = loader


def keep_settings_with_private_data() -> None:
    """A run with a data folder of its own (`GOV_REPORT_DATA_DIR`, or a test run) keeps its settings there
    too: tests, benchmarks and checks of the installed app never write into the clerk's recent files."""
    if not (os.environ.get("GOV_REPORT_DATA_DIR") or os.environ.get("GOV_REPORT_TEST_MODE")):
        return
    from PySide6.QtCore import QSettings

    from ..storage.paths import data_dir

    folder = str(data_dir() / "settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # a file there, not Windows' registry
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, folder)


def resume_garbage_collection() -> None:
    """The collector paused at start-up runs again; what start-up built (modules, the editions, Qt's
    wrappers) is moved out of its way, so later collections do not walk it on every keystroke."""
    gc.freeze()
    gc.enable()


def start_logging() -> None:
    """The log file; imported when called, as logging.handlers and platformdirs cost ~11 ms at start-up."""
    from ..storage.applog import setup_logging
    from .input_method import WITHOUT_MACHINE_ID

    setup_logging("ui")
    if os.environ.get(WITHOUT_MACHINE_ID):
        logging.getLogger(__name__).warning(
            "no D-Bus machine id: input method %s would abort the program, compose used instead",
            os.environ[WITHOUT_MACHINE_ID],
        )


def requests_section() -> SectionKey:
    from ..domain.editions import SectionKey

    return SectionKey.REQUESTS


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # only a frozen build needs it; multiprocessing costs 8 ms at start-up
        import multiprocessing

        multiprocessing.freeze_support()  # a frozen build's review workers (review/runner.py) start here
    args_list = list(sys.argv[1:] if argv is None else argv)
    use_utf8_output()  # --help and argument errors, redirected on a GBK or cp1252 Windows
    if "--self-test" in args_list:
        from . import selftest

        return int(selftest.run())
    mark("arguments read")
    args = parse_arguments(args_list)
    # Python's cycle collector runs dozens of times while pydantic, Qt and the editions load, only to find
    # that everything they create lives as long as the program: paused until the report is on screen
    # (~10 ms of start-up), then back to normal (`resume_garbage_collection`) — and in any case when the
    # window ends (an early return, a test calling main).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return run_window(args, args_list)
    finally:
        if collecting:
            gc.enable()


def run_window(args: argparse.Namespace, args_list: list[str]) -> int:
    skip_pydantic_plugin_discovery()
    # Before the QApplication exists: Qt reads the input-method settings once, when it starts.
    from .input_method import apply_fallback

    apply_fallback(os.environ)

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from . import crash
    from .i18n import apply_ui_font, ask_for_chinese_dates, install_translations
    from .style import icon

    mark("Qt imported")
    ask_for_chinese_dates(os.environ)
    if args.scale is not None:  # Windows' 125 %/150 % display scaling, for looking at those sizes here
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    QCoreApplication.setOrganizationName("gov-report-desktop")
    QCoreApplication.setApplicationName("gov-report-desktop")
    keep_settings_with_private_data()
    app = QApplication.instance() or QApplication([sys.argv[0], *args_list])
    assert isinstance(app, QApplication)
    mark("QApplication created")
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(icon("app"))
    install_translations(app)
    apply_ui_font(app)
    mark("icon, translations and font")

    if args.screenshot is not None:
        from .screenshot import take_screenshot

        shown = window_for_screenshot(args.file, args.autosave_seconds)
        return 2 if shown is None else take_screenshot(shown, args.screenshot, args.tab, args.size)
    # The start-up benchmark measures the first paint of 表三: build that tab first, not 基本信息.
    first_tab = requests_section() if args.quit_after_first_paint else None
    window, _opened = open_first_window(args.file, args.autosave_seconds, first_tab)
    crash.install(window.emergency_save)
    window.after_first_paint(resume_garbage_collection)
    window.after_first_paint(start_logging)  # after the first paint: start-up stays fast
    from .widget_map import install_widget_map

    install_widget_map(window)  # only with GOV_REPORT_WIDGET_MAP set (the installed-app typing test)
    if args.quit_after_first_paint:
        from .screenshot import quit_after_first_paint

        quit_after_first_paint(window)
    window.show()
    mark("window shown")
    if not args.no_recovery_prompt and not args.quit_after_first_paint:
        window.after_first_paint(window.offer_recovery)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
