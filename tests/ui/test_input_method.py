"""Chinese input on fcitx desktops: the QT_IM_MODULES fallback and the self-test's plugin check."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gov_report_desktop.ui import input_method, selftest
from gov_report_desktop.ui.input_method import InputMethodPlugins, apply_fallback, describe, fallback_modules

PLUGINS = InputMethodPlugins(
    Path("/opt/gov-report-desktop/_internal/PySide6/Qt/plugins/platforminputcontexts"),
    {"ibus": "libibusplatforminputcontextplugin.so", "compose": "libcomposeplatforminputcontextplugin.so"},
)
WITH_FCITX = InputMethodPlugins(PLUGINS.folder, {**PLUGINS.by_key, "fcitx": "libfcitx5platforminputcontextplugin.so"})
MACHINE_ID = "4c4c4544003510518033b4c04f4e5331\n"  # as systemd writes it


@pytest.fixture(autouse=True)
def machine_id(tmp_path, monkeypatch) -> Path:
    """The tests say whether this machine has a D-Bus id, not the machine they run on (a chroot has none)."""
    path = tmp_path / "machine-id"
    path.write_text(MACHINE_ID, encoding="ascii")
    monkeypatch.setattr(input_method, "MACHINE_ID_FILES", (path,))
    return path


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


@pytest.mark.parametrize(
    ("content", "expected"),
    [(MACHINE_ID, True), (MACHINE_ID.strip().upper(), True), ("", False), ("4c4c4544", False), ("x" * 32, False)],
)
def test_a_machine_id_is_32_hex_digits(tmp_path, content, expected):
    path = tmp_path / "id"
    path.write_text(content, encoding="ascii")
    assert input_method.has_machine_id([tmp_path / "missing", path]) is expected
    assert input_method.has_machine_id([tmp_path / "missing"]) is False


@pytest.mark.parametrize(
    ("environ", "given_up"),
    [
        ({"QT_IM_MODULE": "fcitx"}, "fcitx;ibus"),  # with the fallback added first, as at start-up
        ({"QT_IM_MODULE": "ibus"}, "ibus"),
        ({"QT_IM_MODULE": "compose"}, None),
        ({}, None),  # Qt's default loads no D-Bus plugin
    ],
)
def test_without_a_machine_id_no_dbus_input_method_is_asked_for(machine_id, environ, given_up):
    """libdbus would abort the program as Qt starts; it starts with compose (Latin letters) instead."""
    with_id = dict(environ)
    apply_fallback(with_id, "linux")
    assert input_method.WITHOUT_MACHINE_ID not in with_id
    machine_id.write_text("", encoding="ascii")
    apply_fallback(environ, "linux")
    assert environ.get(input_method.WITHOUT_MACHINE_ID) == given_up
    if given_up:
        assert environ["QT_IM_MODULE"] == "compose"
        assert "QT_IM_MODULES" not in environ
        _report, failure = describe(environ, PLUGINS)
        assert failure is not None
        assert "缺少 D-Bus 机器标识" in failure
        assert f"“{given_up}”会使程序异常退出" in failure
    assert apply_fallback({"QT_IM_MODULE": "ibus"}, "win32") is None  # Windows: no D-Bus, nothing changes


def can_make_mount_namespace() -> bool:
    """Root with unshare, outside a chroot (whose root is no mount point: unshare -m refuses there)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False).returncode == 0


REAL_MACHINE_ID_FILES = input_method.MACHINE_ID_FILES  # before the fixture above replaces them
HAS_MACHINE_ID = input_method.has_machine_id(REAL_MACHINE_ID_FILES)


@pytest.mark.skipif(
    HAS_MACHINE_ID and not can_make_mount_namespace(), reason="hiding /etc/machine-id needs root, unshare, no chroot"
)
def test_the_program_starts_on_a_machine_without_a_machine_id(tmp_path):
    """QT_IM_MODULE=ibus where /etc/machine-id is empty (hidden in a private mount namespace) or missing (a bare
    chroot): the self-test runs to its end and names the cause, where Qt's ibus plugin used to have libdbus
    abort the program."""
    empty = tmp_path / "empty"
    empty.write_text("", encoding="ascii")
    hide = " ".join(f'[ -e {target} ] && mount --bind "$EMPTY" {target};' for target in REAL_MACHINE_ID_FILES)
    start = 'exec "$PYTHON" -m gov_report_desktop.ui.app --self-test'
    command = ["unshare", "-m", "sh", "-c", f"{hide} {start}"] if HAS_MACHINE_ID else ["sh", "-c", start]
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "QT_IM_MODULE": "ibus",
        "EMPTY": str(empty),
        "PYTHON": sys.executable,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr  # the self-test's failure, not SIGABRT (-6/134)
    assert "✗ 中文输入法插件：本机缺少 D-Bus 机器标识" in done.stdout
    assert "✓ 主窗口打开示例" in done.stdout  # and the program went on to open its window
    assert "incorrectly set up" not in done.stderr
