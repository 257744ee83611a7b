"""`gov-report-desktop --self-test`: prove an installed copy works, without a display and without the network.

Run by IT after installing, and by CI on the installed .deb and the frozen Windows build. It loads the bundled
example, opens it in the real main window (offscreen when there is no display), runs the checks, exports a
Word file to a temporary folder and reads it back, and makes sure Qt finds its Chinese translations, a
font with Chinese glyphs and a plugin for the input method the session asks for (QT_IM_MODULE). It prints one line per step and exits 0, or says what failed (in Chinese, with the
technical reason) and exits 1. It never writes outside a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Labels of 表三 that every exported report must carry, whatever the edition (format-spec §2).
T3_LABELS = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开", "自然人", "总计")
# Rows of 表三 whose exported numbers are compared with the example, cell by cell.
T3_ROWS_TO_COMPARE = ("new", "result_total")
CJK_SAMPLE = "政府信息公开工作年度报告"
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class SelfTestFailure(Exception):
    """A check that failed: `message` is for the clerk or IT (Chinese), `reason` the technical detail."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass
class SelfTestContext:
    """What the steps hand on to each other."""

    workdir: Path
    example: Path
    report: Any = None
    findings: list[Any] = field(default_factory=list)
    app: Any = None
    window: Any = None
    docx_path: Path | None = None
    # True when the self-test is the whole process (`--self-test`), not a call inside a running app or pytest:
    # only then may it redirect process-wide settings paths.
    owns_process: bool = True


Step = Callable[[SelfTestContext], str]

# A windowed Windows build has no console (sys.stdout is None): the report then goes to this file only.
LOG_NAME = "gov-report-desktop-selftest.log"


class SelfTestLog:
    """Prints to the console when there is one, and always keeps a copy for the log file."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def say(self, text: str) -> None:
        self.lines.append(text)
        if sys.stdout is not None:
            print(text, flush=True)

    def write_log(self) -> Path | None:
        target = Path(tempfile.gettempdir()) / LOG_NAME
        try:
            target.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        except OSError:
            return None
        return target


OUT = SelfTestLog()


def prepare_environment() -> None:
    """Headless when there is no display; keep settings, autosave and logs out of the user's folders."""
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and not has_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("GOV_REPORT_TEST_MODE", "1")
    from .input_method import apply_fallback

    apply_fallback(os.environ)  # the same input-method settings the app starts with (see app.main)


def isolate_user_folders(workdir: Path) -> None:
    """Settings, autosave and recovery files of this run go to the temporary folder (Linux: XDG variables,
    read by Qt and platformdirs when they are first used; Qt's QSettings is redirected in step_start_qt)."""
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[variable] = str(workdir / variable.lower())


def step_load_example(ctx: SelfTestContext) -> str:
    from gov_report_desktop.documents.opening import open_report

    if not ctx.example.is_file():
        raise SelfTestFailure("找不到随程序安装的示例报告，安装可能不完整。", f"missing file {ctx.example}")
    ctx.report = open_report(ctx.example).report
    filled = len(ctx.report.values)
    if filled == 0:
        raise SelfTestFailure("示例报告载入后没有任何数字，安装的文件可能已损坏。", f"{ctx.example}: 0 values")
    return f"{ctx.report.meta.agency} {ctx.report.meta.year} 年，{filled} 个单元格"


def step_run_checks(ctx: SelfTestContext) -> str:
    from gov_report_desktop.domain.rules import count_by_severity, evaluate

    ctx.findings = list(evaluate(ctx.report))
    counts = count_by_severity(ctx.findings)
    summary = "，".join(f"{severity.label} {number}" for severity, number in counts.items())
    return f"{len(ctx.findings)} 条检查结果（{summary or '无'}）"


def step_start_qt(ctx: SelfTestContext) -> str:
    from PySide6.QtWidgets import QApplication

    ctx.app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gov-report-desktop"])
    if ctx.owns_process:
        redirect_settings(ctx.workdir)
    return f"Qt {qt_version()}，平台插件 {ctx.app.platformName()}"


def redirect_settings(workdir: Path) -> None:
    from PySide6.QtCore import QSettings

    # The window remembers recent files and geometry; during the self-test that goes to the temporary folder,
    # never into the user's real settings (on Windows the registry, elsewhere ~/.config).
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(workdir / "settings"))
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(workdir / "settings"))


def qt_version() -> str:
    from PySide6.QtCore import qVersion

    return str(qVersion())


def step_translations(ctx: SelfTestContext) -> str:
    """Qt's own dialogs must read 是/否/取消: qtbase_zh_CN.qm has to be in the bundle."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator()
    if not translator.load("qtbase_zh_CN", folder):
        raise SelfTestFailure(
            "缺少 Qt 的中文翻译文件，对话框按钮会显示英文。", f"qtbase_zh_CN.qm not found in {folder}"
        )
    yes = translator.translate("QPlatformTheme", "&Yes")
    if "是" not in yes:
        raise SelfTestFailure("Qt 的中文翻译文件内容不对。", f"QPlatformTheme '&Yes' -> {yes!r}")
    return f"qtbase_zh_CN（“&Yes” → “{yes}”）"


def step_cjk_font(ctx: SelfTestContext) -> str:
    """Without a CJK font every label is a row of boxes: fail loudly instead."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not families:
        raise SelfTestFailure(
            "系统中没有中文字体，界面文字会显示成方框。请安装 fonts-noto-cjk 或 fonts-wqy-zenhei。",
            "QFontDatabase has no family for WritingSystem.SimplifiedChinese",
        )
    metrics = QFontMetrics(QFont(families[0]))
    missing = [char for char in CJK_SAMPLE if not metrics.inFont(char)]
    if missing:
        raise SelfTestFailure("中文字体缺少常用汉字。", f"{families[0]} lacks {''.join(missing)}")
    return f"{len(families)} 个中文字体，例如 {families[0]}"


def step_input_method(ctx: SelfTestContext) -> str:
    """Chinese input on Linux: the input-method module the session asks for must have a plugin in the bundle."""
    from PySide6.QtCore import QLibraryInfo

    from .input_method import describe, installed_plugins

    plugins = installed_plugins(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    report, failure = describe(os.environ, plugins)
    if failure is not None:
        raise SelfTestFailure(failure, report)
    return report


def step_main_window(ctx: SelfTestContext) -> str:
    """The real main window, with the example open in it, painted once."""
    from gov_report_desktop.ui import main_window

    ctx.window = open_in_main_window(main_window, ctx.example, ctx.workdir)
    ctx.window.show()
    ctx.app.processEvents()
    ctx.window.grab()  # paints every visible widget once; errors in paint code surface here
    title = str(ctx.window.windowTitle())
    if ctx.report.meta.agency not in title and Path(ctx.example).stem not in title:
        raise SelfTestFailure("主窗口没有显示打开的示例报告。", f"window title {title!r}")
    return f"窗口标题“{title}”"


def open_in_main_window(module: Any, example: Path, workdir: Path) -> Any:
    """Create the main window and open a copy of the example through the window's own file-opening path.

    A copy, because opening takes a lock file beside the report and the installed example is read-only.
    """
    copy = workdir / example.name
    shutil.copyfile(example, copy)
    window = module.MainWindow(autosave=None)
    if not window.open_path(copy, ask_to_save=False):
        raise SelfTestFailure("主窗口无法打开示例报告。", f"MainWindow.open_path({copy}) returned False")
    return window


def step_export_docx(ctx: SelfTestContext) -> str:
    from gov_report_desktop.documents.export_docx import export_report

    target = ctx.workdir / "自检导出.docx"
    export_report(ctx.report, target)
    if not target.is_file() or target.stat().st_size == 0:
        raise SelfTestFailure("导出的 Word 文件是空的。", f"{target} missing or empty")
    ctx.docx_path = target
    return f"{target.stat().st_size // 1024} KB"


def step_verify_docx(ctx: SelfTestContext) -> str:
    """Re-open the export with python-docx and compare 表三 with the example, row by row."""
    import docx

    assert ctx.docx_path is not None
    document = docx.Document(str(ctx.docx_path))
    body_text = element_text(document.element.body)
    missing = [label for label in T3_LABELS if label not in body_text]
    if missing:
        raise SelfTestFailure("导出的 Word 文件缺少表三的标签。", f"missing labels: {', '.join(missing)}")
    if ctx.report.meta.agency not in body_text:
        raise SelfTestFailure("导出的 Word 文件没有机关名称。", f"{ctx.report.meta.agency!r} not in document")
    rows = table_rows_containing(document, T3_LABELS[0])
    compared = 0
    for row_key in T3_ROWS_TO_COMPARE:
        compared += compare_t3_row(ctx.report, rows, row_key)
    return f"表三标签齐全，{compared} 个数字与示例一致"


def step_read_pdf(ctx: SelfTestContext) -> str:
    """Read a small PDF (a line of text and a ruled 2×2 table): proves PDFium loads in this build."""
    from gov_report_desktop.documents.importing.pdf_reader import read_pdf
    from gov_report_desktop.documents.importing.tables import Grid, Paragraph

    path = ctx.workdir / "自检.pdf"
    path.write_bytes(sample_pdf())
    blocks = read_pdf(path)
    grids = [block for block in blocks if isinstance(block, Grid)]
    texts = [block.text for block in blocks if isinstance(block, Paragraph)]
    cells = [[cell.text for cell in row] for row in grids[0].rows] if grids else []
    if cells != [["A", "B"], ["C", "12"]] or SAMPLE_PDF_LINE not in texts:
        raise SelfTestFailure("PDF 读取结果不对。", f"tables {cells}, text {texts}")
    return "PDFium 可用，文字与表格读取正确"


SAMPLE_PDF_LINE = "Self-test line of text, 2024"


def sample_pdf() -> bytes:
    """A one-page PDF with Helvetica (built into every PDF reader) text and a table drawn with rules."""
    rules = b"".join(b"72 %d m 272 %d l S " % (y, y) for y in (700, 680, 660))
    rules += b"".join(b"%d 660 m %d 700 l S " % (x, x) for x in (72, 172, 272))
    cells = b"".join(
        b"BT /F1 10 Tf %d %d Td (%s) Tj ET " % cell
        for cell in ((80, 686, b"A"), (180, 686, b"B"), (80, 666, b"C"), (180, 666, b"12"))
    )
    content = b"BT /F1 12 Tf 72 760 Td (%s) Tj ET 0.5 w " % SAMPLE_PDF_LINE.encode() + rules + cells
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return minimal_pdf(objects)


def minimal_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A well-formed PDF of `objects` (object 1 is the catalog) with a correct cross-reference table
    (also used by the tests to build hostile PDFs)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def table_rows_containing(document: Any, label: str) -> list[list[str]]:
    """The rows (as lists of cell texts, merged cells once) of the first table whose text contains `label`."""
    for table in document.tables:
        rows = [[cell_text(tc) for tc in tr.iter(f"{WORD_NS}tc")] for tr in table._tbl.iter(f"{WORD_NS}tr")]
        if any(label in text for row in rows for text in row):
            return rows
    raise SelfTestFailure("导出的 Word 文件里找不到表三。", f"no table contains {label!r}")


def cell_text(tc: Any) -> str:
    return element_text(tc).strip()


def element_text(element: Any) -> str:
    """The text of the w:t runs under `element` (python-docx's oxml classes make lxml's itertext repeat text)."""
    return "".join(node.text or "" for node in element.iter(f"{WORD_NS}t"))


def compare_t3_row(report: Any, rows: list[list[str]], row_key: str) -> int:
    table = report.edition.table("t3")
    row_spec = next(row for row in table.rows if row.key == row_key)
    label = row_spec.path[-1]
    matching = [row for row in rows if any(text == label or text.endswith(label) for text in row)]
    if not matching:
        raise SelfTestFailure("导出的表三缺少一行。", f"no row labelled {label!r}")
    exported = matching[0][-len(table.columns) :]
    expected = [expected_text(report, table.cell_id(row_key, column.key)) for column in table.columns]
    if exported != expected:
        raise SelfTestFailure(
            f"导出的表三「{label}」一行的数字与示例报告不一致。", f"expected {expected}, exported {exported}"
        )
    return len(expected)


def expected_text(report: Any, cell_id: str) -> str:
    """Exported reports write 0 for an unfilled cell, never a blank (architecture: Values)."""
    value = report.get(cell_id)
    return "0" if value is None else str(value)


def step_export_pdf(ctx: SelfTestContext) -> str:
    """A PDF drawn with Qt's printing, with its fonts embedded; and QtPrintSupport (打印…) loads."""
    from PySide6.QtPrintSupport import QPrinter

    from gov_report_desktop.publishing.pdf import pdf_bytes

    data = pdf_bytes(ctx.report)
    if not data.startswith(b"%PDF-") or b"/FontFile2" not in data:
        raise SelfTestFailure("无法生成 PDF 文件（或 PDF 中没有嵌入字体）。", f"{len(data)} bytes, no embedded font")
    target = ctx.workdir / "自检导出.pdf"
    target.write_bytes(data)
    QPrinter()  # what 打印… creates first: loads the platform's print plugin
    return f"{len(data) // 1024} KB"


STEPS: tuple[tuple[str, Step], ...] = (
    ("载入示例报告", step_load_example),
    ("运行格式检查", step_run_checks),
    ("启动 Qt", step_start_qt),
    ("中文翻译", step_translations),
    ("中文字体", step_cjk_font),
    ("中文输入法插件", step_input_method),
    ("主窗口打开示例", step_main_window),
    ("导出 Word 文件", step_export_docx),
    ("核对导出的 Word 文件", step_verify_docx),
    ("导出 PDF 文件", step_export_pdf),
    ("读取 PDF", step_read_pdf),
)


def run_steps(ctx: SelfTestContext, steps: tuple[tuple[str, Step], ...] = STEPS) -> list[str]:
    """Run every step (a failure does not hide later ones unless they depend on it); return the failures."""
    failures: list[str] = []
    for name, step in steps:
        started = time.perf_counter()
        try:
            detail = step(ctx)
        except SelfTestFailure as failure:
            failures.append(name)
            OUT.say(f"✗ {name}：{failure.message}\n    技术原因：{failure.reason}")
            if step in BLOCKING_STEPS:
                break
            continue
        except Exception as error:
            failures.append(name)
            OUT.say(f"✗ {name}：程序出错。\n    技术原因：{type(error).__name__}: {error}")
            OUT.say("".join(traceback.format_exc(limit=6)).rstrip())
            if step in BLOCKING_STEPS:
                break
            continue
        OUT.say(f"✓ {name}：{detail}（{(time.perf_counter() - started) * 1000:.0f} ms）")
    return failures


# Later steps need what these produce, so a failure here ends the run.
BLOCKING_STEPS = frozenset({step_load_example, step_start_qt, step_export_docx})


def run(argv: list[str] | None = None) -> int:
    """Entry point for `--self-test`: 0 when everything works, 1 otherwise."""
    from gov_report_desktop.console import use_utf8_output

    use_utf8_output()  # `gov-report-desktop.exe --self-test > result.txt` on a GBK Windows
    prepare_environment()
    from gov_report_desktop.resources import example_path

    OUT.lines.clear()
    OUT.say(f"政府信息公开年报助手 自检（Python {sys.version.split()[0]}，{'安装包' if is_frozen() else '源代码'}）")
    with tempfile.TemporaryDirectory(prefix="gov-report-selftest-") as workdir:
        ctx = SelfTestContext(workdir=Path(workdir), example=example_path(), owns_process=not qt_app_running())
        if ctx.owns_process:
            isolate_user_folders(ctx.workdir)
        failures = run_steps(ctx)
        close_window(ctx)
        check_zip_closed(ctx)
    if failures:
        OUT.say(f"自检失败：{'、'.join(failures)}。请把以上内容发给技术支持。")
    else:
        OUT.say("自检通过。")
    log = OUT.write_log()
    if log is not None:
        OUT.say(f"（自检记录已保存到 {log}）")
    return 1 if failures else 0


def qt_app_running() -> bool:
    widgets = sys.modules.get("PySide6.QtWidgets")
    return widgets is not None and widgets.QApplication.instance() is not None


def close_window(ctx: SelfTestContext) -> None:
    if ctx.window is not None:
        ctx.window.setWindowModified(False)  # nothing was edited; never ask "save changes?" here
        ctx.window.close()
        ctx.window.deleteLater()
        ctx.app.processEvents()


def check_zip_closed(ctx: SelfTestContext) -> None:
    """On Windows an open handle would keep the temporary folder alive; make sure the docx is readable."""
    if ctx.docx_path is not None and ctx.docx_path.exists():
        with zipfile.ZipFile(ctx.docx_path) as archive:
            archive.testzip()


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
