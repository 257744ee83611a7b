"""Type pinyin into the real app through a real input method and check that Chinese was committed.

Run inside a D-Bus session (packaging/linux/typing-test.sh does that with dbus-run-session):

    python typing_test.py --im fcitx5 --qt-im-module fcitx --app=/opt/gov-report-desktop/gov-report-desktop

What a clerk would do, on an Xvfb screen: start the input method (fcitx 5 with its pinyin engine, or ibus with
libpinyin), open a copy of the bundled example in the app, click into 机关名称, type `zhengfu` and space; click
into 一、总体情况's text area and do the same at its start; click a cell of 表三 and type 12 and Enter; save with Ctrl+S.
The saved project file is then read back: 机关名称 must be 政府, the overview must start with 政府, the cell
must hold 12, and no Latin `zhengfu` may appear anywhere. Screenshots of the candidate window are kept.

Exit status: 0 passed, 1 failed (with the reason), 77 cannot run here (a tool is missing; the reason is printed).
Click positions come from the app itself: started with GOV_REPORT_WIDGET_MAP=FILE, it writes after its first paint
the screen centres of 机关名称, the tabs 一 and 三, the overview's text and 表三's first value cell (see
gov_report_desktop/ui/widget_map.py), so a change of the window's layout does not make the test click elsewhere.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "putuo-minzheng-2020.govreport"
WINDOW_TITLE = "政府信息公开年报助手"
SKIP = 77

# Where to click: the app writes these points (global centres) to the file named by WIDGET_MAP_ENV.
WIDGET_MAP_ENV = "GOV_REPORT_WIDGET_MAP"
WIDGET_MAP_KEYS = ("agency_field", "overview_tab", "overview_text", "requests_tab", "requests_cell")
WIDGET_MAP_SECONDS = 30
Point = tuple[int, int]

FCITX5_PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""
# Pinyin on from the start (a clerk switches it on with Ctrl+Space; the test need not), one state for all windows.
FCITX5_CONFIG = """[Behavior]
ActiveByDefault=True
ShareInputState=All
"""
FCITX4_CONFIG = """[Program]
DelayStart=0
ShareStateAmongWindow=All
"""
FCITX4_PROFILE = """[Profile]
IMName=pinyin
EnabledIMList=fcitx-keyboard-us:True,pinyin:True
"""


class CannotRun(Exception):
    """The machine lacks something the test needs (reported as a skip with the reason)."""


class Session:
    """Xvfb, the input method and the app, all stopped again at the end."""

    def __init__(self, workdir: Path, display: str) -> None:
        self.workdir = workdir
        self.display = display
        self.processes: list[subprocess.Popen[bytes]] = []
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DISPLAY": display,
            "HOME": str(workdir / "home"),
            "XDG_CONFIG_HOME": str(workdir / "home" / ".config"),
            "XDG_RUNTIME_DIR": str(workdir / "runtime"),
            "LANG": "C.UTF-8",
            "DBUS_SESSION_BUS_ADDRESS": os.environ.get("DBUS_SESSION_BUS_ADDRESS", ""),
        }
        (workdir / "runtime").mkdir(mode=0o700)
        (workdir / "home" / ".config").mkdir(parents=True)

    def start(self, command: list[str], log: str, **extra_env: str) -> subprocess.Popen[bytes]:
        with open(self.workdir / log, "wb") as out:
            process = subprocess.Popen(
                command, env={**self.env, **extra_env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processes.append(process)
        return process

    def run(self, *command: str, check: bool = True) -> str:
        result = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=30, check=False)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)}: {result.stderr.strip()}")
        return result.stdout

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise RuntimeError(f"timed out after {seconds:.0f} s waiting for {what}")


def start_xvfb(session: Session) -> None:
    session.start(["Xvfb", session.display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], "xvfb.log")
    wait_for(lambda: session.run("xdpyinfo", check=False) != "", 10, "Xvfb")


def dbus_name_present(session: Session, name: str) -> bool:
    out = session.run(
        "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
        "org.freedesktop.DBus.ListNames", check=False,
    )  # fmt: skip
    return f'"{name}"' in out


def start_fcitx5(session: Session, fcitx4_interface_only: bool = False) -> None:
    config = Path(session.env["XDG_CONFIG_HOME"]) / "fcitx5"
    config.mkdir(parents=True)
    (config / "profile").write_text(FCITX5_PROFILE)
    (config / "config").write_text(FCITX5_CONFIG)
    # cloudpinyin would try the network; the notification and tray items need a desktop that is not there.
    disabled = "cloudpinyin,notificationitem,notifications"
    if fcitx4_interface_only:  # what a fcitx 4 daemon offers: org.fcitx.Fcitx-N only (fcitx 5's fcitx4frontend)
        disabled += ",dbusfrontend,ibusfrontend"
    session.start(["fcitx5", "--replace", f"--disable={disabled}"], "im.log")
    if fcitx4_interface_only:
        name = f"org.fcitx.Fcitx-{session.display.lstrip(':')}"
        wait_for(lambda: dbus_name_present(session, name), 20, f"fcitx5's fcitx 4 interface ({name})")
        return
    wait_for(lambda: dbus_name_present(session, "org.fcitx.Fcitx5"), 20, "fcitx5 on D-Bus")
    # The ibus frontend writes its address file for ibus clients (Qt's ibus plugin reads it) a moment later.
    bus = Path(session.env["XDG_CONFIG_HOME"]) / "ibus" / "bus"
    wait_for(lambda: bus.is_dir() and any(bus.iterdir()), 10, "fcitx5's ibus address file")


def start_fcitx5_as_fcitx4(session: Session) -> None:
    start_fcitx5(session, fcitx4_interface_only=True)


def start_ibus(session: Session) -> None:
    session.start(["ibus-daemon", "--xim", "--replace", "--panel=disable"], "im.log")
    wait_for(lambda: session.run("ibus", "address", check=False).strip() not in ("", "(null)"), 20, "ibus-daemon")
    wait_for(lambda: "libpinyin" in session.run("ibus", "list-engine", check=False), 20, "ibus engines")

    def pinyin_selected() -> bool:  # the engine list is there before the engine can be chosen; try until it is
        session.run("ibus", "engine", "libpinyin", check=False)
        return session.run("ibus", "engine", check=False).strip() == "libpinyin"

    wait_for(pinyin_selected, 20, "ibus to select libpinyin")


def start_fcitx4(session: Session) -> None:
    config = Path(session.env["HOME"]) / ".config" / "fcitx"
    config.mkdir(parents=True)
    (config / "config").write_text(FCITX4_CONFIG)
    (config / "profile").write_text(FCITX4_PROFILE)
    session.start(["fcitx", "-D", "-r"], "im.log")
    display_number = session.display.lstrip(":")
    wait_for(lambda: dbus_name_present(session, f"org.fcitx.Fcitx-{display_number}"), 20, "fcitx 4 on D-Bus")


INPUT_METHODS = {
    "fcitx5": (start_fcitx5, ["fcitx5", "dbus-send"], "@im=fcitx"),
    "fcitx5-fcitx4-protocol": (start_fcitx5_as_fcitx4, ["fcitx5", "dbus-send"], "@im=fcitx"),
    "ibus": (start_ibus, ["ibus-daemon", "ibus"], "@im=ibus"),
    "fcitx4": (start_fcitx4, ["fcitx", "dbus-send"], "@im=fcitx"),
}


def click(session: Session, point: Point, repeat: int = 1) -> None:
    session.run("xdotool", "mousemove", str(point[0]), str(point[1]), "click", "--repeat", str(repeat), "1")
    time.sleep(0.6)


def screenshot(session: Session, path: Path, top_left_only: bool = True) -> None:
    """The screen (its top left corner: the field, the text and the candidates) as a PNG; best effort."""
    crop = ["-crop", "700x260+0+0"] if top_left_only else []
    session.run("import", "-window", "root", *crop, str(path), check=False)


def type_pinyin(session: Session, candidates: Path) -> None:
    """`zhengfu`, a look at the candidates, then space for the first candidate (政府)."""
    session.run("xdotool", "type", "--delay", "80", "zhengfu")
    time.sleep(1.0)
    screenshot(session, candidates)
    session.run("xdotool", "key", "space")
    time.sleep(0.8)


def read_widget_map(path: Path, app: subprocess.Popen[bytes]) -> dict[str, Point]:
    """The click points the app wrote after its first paint; a clear failure when it never does."""
    deadline = time.monotonic() + WIDGET_MAP_SECONDS
    while not path.exists():
        if app.poll() is not None:
            raise RuntimeError(f"the app ended (status {app.returncode}) before writing its widget map {path}")
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the app wrote no widget map ({path}) within {WIDGET_MAP_SECONDS} s: "
                f"is it a build that honours {WIDGET_MAP_ENV}?"
            )
        time.sleep(0.2)
    written = json.loads(path.read_text(encoding="utf-8"))  # written atomically: never half a file
    missing = [key for key in WIDGET_MAP_KEYS if key not in written]
    if missing:
        raise RuntimeError(f"the widget map {path} lacks {', '.join(missing)}")
    return {key: (int(written[key][0]), int(written[key][1])) for key in WIDGET_MAP_KEYS}


def drive_app(
    session: Session, points: dict[str, Point], project: Path, shots: Path, prefix: str, activate: str | None
) -> None:
    click(session, points["agency_field"])
    if activate is not None:  # fcitx 4 starts with pinyin off; Qt gives the whole window one input context
        session.run("xdotool", "key", activate)
        time.sleep(0.5)
    session.run("xdotool", "key", "ctrl+a")
    type_pinyin(session, shots / f"{prefix}-agency-candidates.png")
    session.run("xdotool", "key", "Return")
    click(session, points["overview_tab"])
    click(session, points["overview_text"])
    session.run("xdotool", "key", "ctrl+Home")  # at the start, so the screenshots show it
    type_pinyin(session, shots / f"{prefix}-overview-candidates.png")
    screenshot(session, shots / f"{prefix}-overview-committed.png")
    click(session, points["requests_tab"])
    time.sleep(0.8)
    click(session, points["requests_cell"], repeat=2)
    session.run("xdotool", "key", "ctrl+a")
    session.run("xdotool", "type", "--delay", "80", "12")
    screenshot(session, shots / f"{prefix}-cell.png", top_left_only=False)
    session.run("xdotool", "key", "Return")
    time.sleep(0.5)
    before = project.stat().st_mtime_ns
    session.run("xdotool", "key", "ctrl+s")
    wait_for(lambda: project.stat().st_mtime_ns != before, 15, "the project to be saved")
    time.sleep(0.5)


def check_saved(project: Path, python: str) -> list[str]:
    """Read the saved project with the app's own loader (in a child: this script may run outside the venv)."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from gov_report_desktop.storage.projectfile import load_report\n"
        "saved, original = (load_report(Path(name)) for name in sys.argv[1:3])\n"
        "changed = {key: str(value) for key, value in saved.values.items() if original.values.get(key) != value}\n"
        "print(json.dumps({'agency': saved.meta.agency, 'overview': saved.texts['overview'],"
        " 'cells': changed}, ensure_ascii=False))\n"
    )
    result = subprocess.run(
        [python, "-c", code, str(project), str(EXAMPLE)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    saved = json.loads(result.stdout)
    problems = []
    if saved["agency"] != "政府":
        problems.append(f"机关名称 is {saved['agency']!r}, not '政府'")
    if not saved["overview"].startswith("政府2020年"):
        problems.append(f"一、总体情况 starts with {saved['overview'][:20]!r}, not '政府2020年'")
    if "12" not in saved["cells"].values():
        problems.append(f"表三: no cell became 12 (changed cells: {saved['cells']})")
    if "zhengfu" in json.dumps(saved):
        problems.append("Latin 'zhengfu' was typed instead of Chinese")
    return problems


def read_log(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else "(none)"


def run_case(args: argparse.Namespace) -> int:
    start_im, tools, xmodifiers = INPUT_METHODS[args.im]
    missing = [tool for tool in ["Xvfb", "xdotool", "xdpyinfo", "import", *tools] if shutil.which(tool) is None]
    if missing:
        raise CannotRun(f"missing {', '.join(missing)}")
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise CannotRun("no D-Bus session (run under dbus-run-session)")
    shots = Path(args.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gov-report-typing-", ignore_cleanup_errors=True) as tmp:
        workdir = Path(tmp)
        session = Session(workdir, args.display)
        try:
            start_xvfb(session)
            start_im(session)
            project = workdir / "年报.govreport"
            shutil.copyfile(EXAMPLE, project)
            widget_map = workdir / "widget-map.json"
            app_env = {
                "QT_IM_MODULE": args.qt_im_module, "XMODIFIERS": xmodifiers, "GTK_IM_MODULE": args.qt_im_module,
                WIDGET_MAP_ENV: str(widget_map),
            }  # fmt: skip
            if args.qt_im_modules is not None:
                app_env["QT_IM_MODULES"] = args.qt_im_modules
            app = session.start([*shlex.split(args.app), "--no-recovery-prompt", str(project)], "app.log", **app_env)
            session.run("xdotool", "search", "--sync", "--onlyvisible", "--name", WINDOW_TITLE)
            points = read_widget_map(widget_map, app)
            time.sleep(2.0)  # the services after the first paint (lock, autosave) settle
            prefix = f"typing-{args.im}-{args.qt_im_module}" + ("-only" if args.qt_im_modules else "")
            drive_app(session, points, project, shots, prefix, "ctrl+space" if args.im == "fcitx4" else None)
            problems = check_saved(project, args.python)
        except Exception:
            screenshot(session, shots / f"failed-{args.im}.png", top_left_only=False)
            for log in ("im.log", "app.log"):
                print(f"--- {log}\n{read_log(workdir / log)}", file=sys.stderr)
            raise
        finally:
            session.stop()
        if problems:
            print(f"失败：{'; '.join(problems)}\n{read_log(workdir / 'app.log')}", file=sys.stderr)
            return 1
    print(
        f"通过：{args.im}，QT_IM_MODULE={args.qt_im_module}：机关名称、一、总体情况、表三单元格均输入成功（政府、政府、12）"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--im", choices=sorted(INPUT_METHODS), required=True)
    parser.add_argument("--qt-im-module", required=True, help="QT_IM_MODULE for the app (fcitx, ibus)")
    parser.add_argument("--qt-im-modules", default=None, help="QT_IM_MODULES for the app (unset by default)")
    parser.add_argument("--app", required=True, help="the command that starts the app (split like a shell)")
    parser.add_argument("--python", default=sys.executable, help="a Python that can import gov_report_desktop")
    parser.add_argument("--display", default=":73")
    parser.add_argument("--screenshots", default=str(ROOT / "build" / "typing-test"))
    args = parser.parse_args(argv)
    try:
        return run_case(args)
    except CannotRun as reason:
        print(f"跳过：{reason}")
        return SKIP


if __name__ == "__main__":
    sys.exit(main())
