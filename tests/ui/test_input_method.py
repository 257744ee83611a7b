"""Chinese input on fcitx desktops: the QT_IM_MODULES fallback and the self-test's plugin check."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from gov_report_desktop.ui import input_method, selftest
from gov_report_desktop.ui.input_method import InputMethodPlugins, apply_fallback, describe, fallback_modules

PLUGINS = InputMethodPlugins(
    Path("/opt/gov-report-desktop/_internal/PySide6/Qt/plugins/platforminputcontexts"),
    {"ibus": "libibusplatforminputcontextplugin.so", "compose": "libcomposeplatforminputcontextplugin.so"},
)
WITH_FCITX = InputMethodPlugins(PLUGINS.folder, {**PLUGINS.by_key, "fcitx": "libfcitx5platforminputcontextplugin.so"})


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"QT_IM_MODULE": "fcitx"}, "linux", "fcitx;ibus"),  # 统信UOS / 银河麒麟 sessions
        ({"QT_IM_MODULE": "fcitx5"}, "linux", "fcitx5;ibus"),
        ({"QT_IM_MODULE": " fcitx "}, "linux", "fcitx;ibus"),
        ({"QT_IM_MODULE": "fcitx", "QT_IM_MODULES": "fcitx"}, "linux", None),  # an explicit choice wins
        ({"QT_IM_MODULE": "fcitx", "QT_IM_MODULES": ""}, "linux", None),
        ({"QT_IM_MODULE": "ibus"}, "linux", None),
        ({"QT_IM_MODULE": "xim"}, "linux", None),
        ({}, "linux", None),
        ({"QT_IM_MODULE": "fcitx"}, "win32", None),  # Windows uses the system IME, never these plugins
        ({"QT_IM_MODULE": "fcitx"}, "darwin", None),
    ],
)
def test_fallback_only_for_fcitx_sessions_on_linux(environ, platform, expected):
    assert fallback_modules(environ, platform) == expected


def test_apply_fallback_sets_the_variable_in_the_given_environment_only():
    environ = {"QT_IM_MODULE": "fcitx"}
    assert apply_fallback(environ, "linux") == "fcitx;ibus"
    assert environ == {"QT_IM_MODULE": "fcitx", "QT_IM_MODULES": "fcitx;ibus"}
    assert apply_fallback(environ, "linux") is None  # a second call leaves the first value alone
    assert environ["QT_IM_MODULES"] == "fcitx;ibus"


def test_the_app_sets_the_fallback_before_qt_starts(monkeypatch):
    """app.main sets QT_IM_MODULES before it creates the QApplication (Qt reads it only then)."""
    from gov_report_desktop.ui import app

    seen: dict[str, str | None] = {}

    class StopBeforeQt(Exception):
        pass

    def record_and_stop(*_args: object) -> None:
        seen["QT_IM_MODULES"] = os.environ.get("QT_IM_MODULES")
        raise StopBeforeQt

    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("QT_IM_MODULE", "fcitx")
    monkeypatch.setenv("QT_IM_MODULES", "")  # recorded, so the value app.main sets is undone after the test
    monkeypatch.delenv("QT_IM_MODULES")
    monkeypatch.setattr("PySide6.QtCore.QCoreApplication.setOrganizationName", record_and_stop)
    assert gc.isenabled()
    with pytest.raises(StopBeforeQt):
        app.main(["--no-recovery-prompt"])
    assert seen == {"QT_IM_MODULES": "fcitx;ibus"}
    assert gc.isenabled()  # start-up's pause of the collector ends with main, however it ends


def test_describe_names_the_plugin_in_use():
    report, failure = describe({"QT_IM_MODULE": "ibus"}, PLUGINS)
    assert failure is None
    assert "QT_IM_MODULE=ibus" in report
    assert "libibusplatforminputcontextplugin.so" in report
    report, failure = describe({"QT_IM_MODULE": "fcitx", "QT_IM_MODULES": "fcitx;ibus"}, WITH_FCITX)
    assert failure is None
    assert "libfcitx5platforminputcontextplugin.so" in report


def test_nothing_asked_for_is_not_a_failure():
    report, failure = describe({}, PLUGINS)
    assert failure is None
    assert "未指定输入法模块" in report


def test_a_missing_fcitx_plugin_is_a_failure_even_with_the_ibus_fallback():
    """fcitx 4 has no ibus interface: the fallback would type Latin letters there, so say so."""
    report, failure = describe({"QT_IM_MODULE": "fcitx", "QT_IM_MODULES": "fcitx;ibus"}, PLUGINS)
    assert failure is not None
    assert "“fcitx”在本程序中没有对应的插件" in failure
    assert "fcitx 4 不行" in failure
    assert "QT_IM_MODULES=fcitx;ibus" in report


def test_a_missing_plugin_without_fallback_says_only_latin_letters_come_through():
    _report, failure = describe({"QT_IM_MODULE": "fcitx"}, PLUGINS)
    assert failure is not None
    assert "只能打出英文字母" in failure
    assert "改用" not in failure


def test_plugin_keys_are_read_from_the_real_qt_plugins():
    from PySide6.QtCore import QLibraryInfo

    plugins = input_method.installed_plugins(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    assert plugins.file_for("ibus") == "libibusplatforminputcontextplugin.so"
    assert plugins.file_for("IBUS") == "libibusplatforminputcontextplugin.so"
    assert input_method.installed_plugins(Path("/nonexistent")).by_key == {}


def test_self_test_reports_the_input_method_and_fails_without_its_plugin(qapp, capsys, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("QT_IM_MODULE", "ibus")
    monkeypatch.setenv("QT_IM_MODULES", "")
    monkeypatch.delenv("QT_IM_MODULES")
    ctx = selftest.SelfTestContext(workdir=Path("."), example=Path("."), owns_process=False)
    assert "使用 ibus 插件" in selftest.step_input_method(ctx)
    monkeypatch.setenv("QT_IM_MODULE", "no-such-im")
    assert selftest.run_steps(ctx, (("中文输入法插件", selftest.step_input_method),)) == ["中文输入法插件"]
    out = capsys.readouterr().out
    assert "✗ 中文输入法插件：系统要求的输入法模块“no-such-im”在本程序中没有对应的插件" in out
    assert "技术原因：QT_IM_MODULE=no-such-im" in out
