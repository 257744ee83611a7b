"""The wheel carries the whole package and resources/ (examples, icons), and finds them when installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gov_report_desktop import __version__
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of the sources, so the checkout gets no build/ or .egg-info folders."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")  # .~x.lock: a test may hold an example open
    for folder in ("gov_report_desktop", "resources"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    [built] = out.glob("*.whl")
    return built


def test_the_wheel_has_every_module_the_examples_and_the_icons(wheel: Path) -> None:
    assert wheel.name.startswith(f"gov_report_desktop-{__version__}-")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "gov_report_desktop").rglob("*.py")}
    assert modules - names == set()  # pyproject's package list is whole
    data = "gov_report_desktop/resource_files"
    for resource in (ROOT / "resources").rglob("*"):
        if resource.is_file() and not resource.name.startswith("."):
            assert f"{data}/{resource.relative_to(ROOT / 'resources').as_posix()}" in names
    assert "gov_report_desktop/py.typed" in names


PROBE = """
from gov_report_desktop.resources import example_path, resource_path, resources_dir
print(resources_dir())
assert example_path().is_file(), example_path()
assert resource_path("icons", "app.svg").is_file()
"""


def test_an_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)]
    subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r})\n{PROBE}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == target / "gov_report_desktop" / "resource_files"
