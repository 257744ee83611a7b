"""The README's two commands on a newcomer's machine: an old Python, no venv support, a busy package manager,
no network, a display without GPU. The package manager is real apt run in a throwaway apt/dpkg directory
(APT_CONFIG, DPKG_ADMINDIR), so the machine's own packages and locks are never touched."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PUTUO, ROOT

SCRIPTS = ROOT / "scripts"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_apt_as_root = pytest.mark.skipif(
    not (AS_ROOT and shutil.which("apt-get") and shutil.which("dpkg-query")), reason="needs apt and root"
)
TOOL_NOISE = re.compile(r"^(E|W): |Traceback|WARNING|ERROR|Please be careful", re.MULTILINE)


def script_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a newcomer's terminal: no display, a venv of its own in `tmp`."""
    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}}
    env.update(GOV_REPORT_VENV=str(tmp / "venv"), LANG="C.UTF-8")
    env.update(extra)
    return env


def run(command: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def apt_sandbox(tmp: Path, sources: str = "") -> dict[str, str]:
    """A throwaway apt/dpkg state: nothing installed, the given package sources, its own locks."""
    for sub in ("etc/apt/apt.conf.d", "etc/apt/preferences.d", "etc/apt/sources.list.d", "var/lib/apt/lists/partial"):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    (tmp / "var/cache/apt/archives/partial").mkdir(parents=True)
    (tmp / "var/lib/dpkg").mkdir(parents=True)
    (tmp / "var/lib/dpkg/status").write_text("")
    (tmp / "etc/apt/sources.list").write_text(sources)
    config = tmp / "apt.conf"
    config.write_text(f'Dir "{tmp}/";\nDir::State::status "{tmp}/var/lib/dpkg/status";\n')
    return {"APT_CONFIG": str(config), "DPKG_ADMINDIR": str(tmp / "var/lib/dpkg")}


def fake_pythons(tmp: Path, version: str) -> str:
    """A PATH on which python3 and every python3.1X report `version`."""
    bin_dir = tmp / "fake-bin"
    bin_dir.mkdir()
    for name in ("python3", "python3.10", "python3.11", "python3.12", "python3.13"):
        fake = bin_dir / name
        fake.write_text(f'#!/bin/sh\necho "Python {version}"\n')
        fake.chmod(0o755)
    return f"{bin_dir}:{os.environ['PATH']}"


@pytest.mark.parametrize("script", ["start.sh", "test.sh"])
def test_an_old_python_is_reported_before_anything_is_installed(tmp_path, script):
    env = script_env(tmp_path, PATH=fake_pythons(tmp_path, "3.8.10"))
    if AS_ROOT:
        env.update(apt_sandbox(tmp_path / "apt"))  # were apt reached by mistake, it could install nothing
    result = run(["bash", str(SCRIPTS / script)], env)
    assert result.returncode == 1
    assert "本机的 Python 是 3.8" in result.stderr
    assert "需要 Python 3.10 或更新版本" in result.stderr
    assert ".deb 安装包" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "venv").exists()


def test_no_python_at_all_gives_the_install_command(tmp_path):
    # Fakes that are not Python (no "Python X.Y" version) stand for the missing interpreter.
    env = script_env(tmp_path, PATH=fake_pythons(tmp_path, ""))
    for fake in (tmp_path / "fake-bin").iterdir():
        fake.write_text("#!/bin/sh\nexit 127\n")
    result = run(["bash", str(SCRIPTS / "start.sh")], env)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "没有找到 Python 3。开发环境需要 Python 3.10 或更新版本，请先运行：",
        "  sudo apt-get install -y python3 python3-venv",
    ]
    assert not (tmp_path / "venv").exists()


def test_a_newer_python_beside_an_old_python3_is_used(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").write_text('#!/bin/sh\necho "Python 3.8.10"\n')
    (bin_dir / "python3").chmod(0o755)
    (bin_dir / "python3.12").symlink_to(sys.executable)
    env = script_env(tmp_path, PATH=f"{bin_dir}:{os.environ['PATH']}")
    result = run(["bash", "-c", f'source "{SCRIPTS}/common.sh"; require_python; echo "$PYTHON"'], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() != "python3"
    assert result.stderr == ""


def shadow_ensurepip(directory: Path) -> dict[str, str]:
    """What Debian's python3 is without python3-venv: no ensurepip module."""
    shadow = directory / "shadow" / "ensurepip"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'ensurepip'\")\n")
    return {"PYTHONPATH": str(shadow.parent)}


def test_missing_venv_support_names_its_package(tmp_path):
    env = script_env(tmp_path, **shadow_ensurepip(tmp_path))
    command = f'source "{SCRIPTS}/common.sh"; require_python; echo "$VENV_PACKAGE"'
    result = run(["bash", "-c", command], env)
    version = "{}.{}".format(*sys.version_info[:2])
    assert result.stdout.strip() == f"python{version}-venv"


@pytest.fixture
def public_tmp() -> Iterator[Path]:
    """A folder an unprivileged user can read (pytest's tmp_path is private to its owner)."""
    top = Path(tempfile.mkdtemp(prefix="gov-report-setup-"))
    top.chmod(0o755)
    yield top
    shutil.rmtree(top)


@needs_apt_as_root
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv")
def test_an_ordinary_user_gets_one_install_command_with_venv_support(public_tmp):
    shutil.copytree(SCRIPTS, public_tmp / "scripts")
    env = script_env(public_tmp, **shadow_ensurepip(public_tmp), **apt_sandbox(public_tmp / "apt"))
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    result = run([*nobody, "bash", str(public_tmp / "scripts" / "start.sh")], env)
    assert result.returncode == 1
    version = "{}.{}".format(*sys.version_info[:2])
    (line,) = [line for line in result.stderr.splitlines() if "sudo apt-get install" in line]
    assert f" python{version}-venv " in line
    assert "libxcb-cursor0" in line
    assert "fonts-noto-cjk" in line


def setup_log(stderr: str) -> Path:
    match = re.search(r"(?:详细记录|完整记录)：(\S+)", stderr)
    assert match, stderr
    return Path(match.group(1))


@needs_apt_as_root
@pytest.mark.parametrize(
    "sources",
    ["", "deb http://127.0.0.1:9/debian bookworm main\n"],
    ids=["no-package-source", "no-network"],
)
def test_no_package_source_names_the_missing_packages_and_the_deb_installer(tmp_path, sources):
    env = script_env(tmp_path, **apt_sandbox(tmp_path / "apt", sources))
    result = run(["bash", str(SCRIPTS / "start.sh")], env)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "正在安装 20 个系统软件包（libgl1、libegl1、libglib2.0-0 等），需要联网"
    )  # with libcups2 (打印)
    assert "无法安装系统软件包：" in result.stderr
    assert "libxcb-cursor0" in result.stderr
    assert "fonts-noto-cjk" in result.stderr
    assert ".deb 安装包" in result.stderr
    assert "Unable to locate package" in setup_log(result.stderr).read_text()
    assert not TOOL_NOISE.search(result.stdout + result.stderr)


class HeldLock:
    """apt's lock on a file (a POSIX record lock, as apt takes it), held by this test process."""

    def __init__(self, path: Path) -> None:
        path.touch()
        self.file = path.open("a")
        fcntl.lockf(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def release(self) -> None:
        fcntl.lockf(self.file, fcntl.LOCK_UN)
        self.file.close()


APT_LOCKS = pytest.mark.parametrize(
    "lock", ["var/lib/dpkg/lock-frontend", "var/lib/apt/lists/lock"], ids=["dpkg-frontend", "apt-lists"]
)
WAITING = "另一个程序正在安装或更新软件"


def release_once_apt_waited(held: HeldLock, log: Path, deadline: float) -> None:
    """Let go of the lock two seconds after apt has been seen waiting for it (or failing on it) in the set-up log."""
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        if "Waiting for cache lock" in text or "E: Unable to lock directory" in text:
            time.sleep(2)
            break
        time.sleep(0.1)
    held.release()


def start_while_locked(
    tmp_path: Path, lock: str, wait: int, release: bool
) -> tuple[subprocess.CompletedProcess[str], float]:
    """start.sh (waiting at most `wait` s) while this process holds apt's `lock`: throughout, or (`release`)
    until apt has been seen waiting for it."""
    env = script_env(tmp_path, GOV_REPORT_APT_WAIT=str(wait), **apt_sandbox(tmp_path / "apt"))
    held = HeldLock(tmp_path / "apt" / lock)
    deadline = time.monotonic() + (wait if release else wait + 120)
    releaser = threading.Thread(target=release_once_apt_waited, args=(held, tmp_path / "venv-setup.log", deadline))
    if release:
        releaser.start()
    try:
        started = time.monotonic()
        result = run(["bash", str(SCRIPTS / "start.sh")], env)
        return result, time.monotonic() - started
    finally:
        if release:
            releaser.join()
        else:
            held.release()


@needs_apt_as_root
@APT_LOCKS
def test_a_busy_package_manager_is_waited_for_and_then_given_up_on(tmp_path, lock):
    result, elapsed = start_while_locked(tmp_path, lock, wait=3, release=False)
    assert result.returncode == 1
    assert result.stdout.count(WAITING) == 1
    assert "等了 3 秒，另一个安装程序" in result.stderr
    assert "已放弃" in result.stderr
    assert elapsed >= 3
    assert not TOOL_NOISE.search(result.stdout + result.stderr)


@needs_apt_as_root
@APT_LOCKS
def test_a_busy_package_manager_is_waited_for_until_it_is_free(tmp_path, lock):
    result, elapsed = start_while_locked(tmp_path, lock, wait=60, release=True)
    assert result.stdout.count(WAITING) == 1
    # Once the other installation is over, the set-up goes on (and here finds no package source).
    assert "无法安装系统软件包：" in result.stderr
    assert "已放弃" not in result.stderr
    assert 1 <= elapsed < 60


def pip_without_network(tmp_path: Path) -> dict[str, str]:
    """pip with an empty package index and none of this machine's pip configuration."""
    (tmp_path / "empty-index").mkdir()
    env = {k: v for k, v in script_env(tmp_path).items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL=(tmp_path / "empty-index").as_uri())
    return env


def test_no_python_package_index_is_summarised_in_chinese(tmp_path):
    # Only the Python step is under test: the system packages are the ones scripts/test.sh installed.
    result = run(["bash", str(SCRIPTS / "start.sh")], pip_without_network(tmp_path), timeout=300)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        f"正在创建 Python 虚拟环境（{tmp_path / 'venv'}）……",
        "正在安装 Python 依赖（PySide6、pydantic、python-docx 等，下载约 140 MB，装好后约 450 MB），首次需要 1–5 分钟……",
    ]
    assert "无法安装 Python 依赖（未能下载：setuptools>=77）" in result.stderr
    assert ".deb 安装包" in result.stderr
    assert "No matching distribution found" in setup_log(result.stderr).read_text()
    assert not TOOL_NOISE.search(result.stdout + result.stderr)


@pytest.fixture
def display_without_gpu() -> Iterator[str]:
    """An X display like a remote desktop's or a virtual machine's: no GLX extension at all."""
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb (scripts/test.sh installs it)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-extension", "GLX", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as chosen:
        display = chosen.readline().strip()
    try:
        yield f":{display}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_window_starts_on_a_display_without_gpu(tmp_path, display_without_gpu):
    # No GLX and no Mesa driver either: Qt widgets draw in software, so nothing needs to be set or installed.
    env = script_env(tmp_path, DISPLAY=display_without_gpu, LIBGL_DRIVERS_PATH=str(tmp_path), HOME=str(tmp_path))
    app = Path(sys.executable).parent / "gov-report-desktop"
    result = run([str(app), "--quit-after-first-paint", "--no-recovery-prompt", str(PUTUO)], env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-paint-epoch ")
    assert result.stderr == ""


def test_a_display_that_cannot_be_reached_falls_back_to_the_command_line_check(tmp_path):
    # The test run's own, complete venv: start.sh has nothing to install.
    env = script_env(tmp_path, DISPLAY=":4711", GOV_REPORT_VENV=sys.prefix)
    result = run(["bash", str(SCRIPTS / "start.sh")], env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("无法连接到图形桌面（DISPLAY=:4711），无法打开窗口。下面改为在命令行检查该报告：")
    assert "结果：0 个错误" in result.stdout
    assert "qt.qpa" not in result.stderr
