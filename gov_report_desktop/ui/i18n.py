"""Chinese everywhere: Qt's own dialogs translated, and a UI font with CJK glyphs."""

from __future__ import annotations

import sys
from collections.abc import MutableMapping

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Preferred UI fonts, in order: Windows, macOS, then the free fonts of Linux distributions (统信UOS/麒麟).
CJK_UI_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans SC",
)


def ask_for_chinese_dates(environ: MutableMapping[str, str], platform: str = sys.platform) -> bool:
    """Before the QApplication exists: Chinese dates in Qt's own file dialog. Returns whether it set LC_TIME.

    On Linux the open/save/export dialogs are Qt's (Windows and macOS show the system's own dialog,
    localized by the OS). Its labels come from qtbase_zh_CN, but its 修改日期 column is written in the
    *system* locale, which Qt reads from LC_TIME/LANG when it starts — not in the default locale set
    below: under an English or C session it showed "6 Dec 2026 14:17:34". LC_TIME changes dates only
    (numbers, messages and sorting keep the session's); a session whose LC_ALL overrides it is left alone.
    """
    if platform.startswith(("win", "darwin")) or environ.get("LC_ALL"):
        return False
    if (environ.get("LC_TIME") or environ.get("LANG", "")).lower().startswith("zh"):
        return False
    environ["LC_TIME"] = "zh_CN.UTF-8"
    return True


def install_translations(app: QApplication) -> list[str]:
    """Load qtbase_zh_CN (确定/取消/是/否…) and qt_zh_CN when Qt ships them; returns what was loaded."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(name)
    return loaded


def choose_ui_font() -> str | None:
    """The first preferred CJK font present; else any font that covers Simplified Chinese."""
    families = set(QFontDatabase.families())
    for name in CJK_UI_FONTS:
        if name in families:
            return name
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return chinese[0] if chinese else None


def apply_ui_font(app: QApplication) -> str | None:
    family = choose_ui_font()
    if family is not None:
        font = QFont(app.font())
        font.setFamilies([family, *font.families()])
        if font.pointSizeF() < 10:
            font.setPointSizeF(10)
        app.setFont(font)
    return family
