"""The open / save / export dialogs speak Chinese: labels, column headers and the 修改日期 column.

On Linux these are Qt's own dialogs (Windows and macOS show the system's dialog, which the OS localizes).
Qt writes their dates in the locale it read from the environment at start, so the check runs in a fresh
process started as the app starts, under an English session (LANG=C.UTF-8).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from gov_report_desktop.ui.i18n import ask_for_chinese_dates
from tests.conftest import ROOT

# Opens the dialog as the app would (its start-up environment, translations and project filter), shows it
# without blocking, reads what it shows, and closes it.
DIALOG = """
import json, os, sys
from gov_report_desktop.ui.i18n import ask_for_chinese_dates, install_translations
ask_for_chinese_dates(os.environ)
from PySide6.QtCore import QElapsedTimer, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton, QTreeView
from gov_report_desktop.ui.main_window import FILE_FILTER
app = QApplication([])
install_translations(app)
dialog = QFileDialog(None, "打开", sys.argv[1], FILE_FILTER)
dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # what the static functions show on Linux
dialog.setViewMode(QFileDialog.ViewMode.Detail)
dialog.show()
tree = dialog.findChild(QTreeView, "treeView")
model = tree.model()
clock = QElapsedTimer()
clock.start()
while model.rowCount(tree.rootIndex()) == 0 and clock.elapsed() < 10_000:
    app.processEvents()
root = tree.rootIndex()
print(json.dumps({
    "headers": [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())],
    "rows": [[model.index(r, c, root).data() for c in range(model.columnCount())] for r in range(model.rowCount(root))],
    "labels": [w.text() for w in dialog.findChildren(QLabel) if w.text()],
    "buttons": [w.text() for w in dialog.findChildren(QPushButton) if w.text()],
}, ensure_ascii=False))
dialog.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Windows and macOS show the system's dialog")
def test_the_file_dialog_shows_chinese_labels_and_dates(tmp_path: Path) -> None:
    folder = tmp_path / "年报"
    folder.mkdir()
    project = folder / "测试局2025年.govreport"
    project.write_text("{}", encoding="utf-8")
    modified = datetime(2025, 3, 4, 15, 6)
    os.utime(project, (modified.timestamp(), modified.timestamp()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", DIALOG, str(folder)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["headers"] == ["名称", "体积", "类型", "修改日期"]
    [row] = shown["rows"]
    assert row[0] == project.name
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    when = QDateTime(QDate(2025, 3, 4), QTime(15, 6))
    assert row[3] == chinese.toString(when, QLocale.FormatType.ShortFormat)  # 2025/3/4 15:06
    assert not any(ch.isascii() and ch.isalpha() for ch in row[3]), row[3]  # not "4 Mar 2025 15:06:00"
    assert "查找范围：" in shown["labels"]
    assert "文件类型：" in shown["labels"]
    assert "取消" in shown["buttons"]


@pytest.mark.parametrize(
    ("environ", "platform", "set_to"),
    [
        ({"LANG": "C.UTF-8"}, "linux", "zh_CN.UTF-8"),
        ({"LANG": "en_US.UTF-8", "LC_TIME": "en_GB.UTF-8"}, "linux", "zh_CN.UTF-8"),
        ({}, "linux", "zh_CN.UTF-8"),
        ({"LANG": "zh_CN.UTF-8"}, "linux", None),  # 统信UOS / 麒麟: already Chinese
        ({"LANG": "en_US.UTF-8", "LC_TIME": "zh_TW.UTF-8"}, "linux", None),
        ({"LC_ALL": "en_US.UTF-8"}, "linux", None),  # LC_ALL would override LC_TIME: left alone
        ({"LANG": "C"}, "win32", None),  # the system's dialog, localized by Windows
        ({"LANG": "C"}, "darwin", None),
    ],
)
def test_chinese_dates_are_asked_for_only_where_they_are_missing(
    environ: dict[str, str], platform: str, set_to: str | None
) -> None:
    before = dict(environ)
    assert ask_for_chinese_dates(environ, platform) is (set_to is not None)
    assert environ.get("LC_TIME") == (set_to or before.get("LC_TIME"))
    assert {k: v for k, v in environ.items() if k != "LC_TIME"} == {k: v for k, v in before.items() if k != "LC_TIME"}
