"""The layer rules of the architecture, checked on every module that exists now or is added later.

domain (no Qt, no docx) ← storage (no Qt) ← documents (python-docx/lxml, no Qt) ← review (审核与汇总, no Qt)
← cli (no Qt) ← ui (Qt).
publishing (PDF and printing: QtGui/QtPrintSupport, never QtWidgets) sits beside cli on top of documents;
cli may load it only inside the function that writes a PDF, so every other command stays free of Qt.
Two checks: the import statements in the source (any module, even one no test imports), and
what really gets loaded when the non-UI packages are imported in a fresh interpreter.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "gov_report_desktop"

# The packages below each layer may import from; anything else of ours is a layer violation.
ALLOWED_OWN: dict[str, set[str]] = {
    "domain": {"domain"},
    "storage": {"domain", "storage"},
    "documents": {"domain", "storage", "documents"},
    "review": {"domain", "storage", "documents", "review"},
    "publishing": {"domain", "storage", "documents", "publishing"},
    "cli": {"domain", "storage", "documents", "review", "publishing", "cli"},
}
# Third-party modules a layer must never import.
FORBIDDEN_THIRD_PARTY: dict[str, set[str]] = {
    "domain": {"PySide6", "shiboken6", "docx", "lxml"},
    "storage": {"PySide6", "shiboken6", "docx", "lxml"},
    "documents": {"PySide6", "shiboken6"},
    "review": {"PySide6", "shiboken6"},
    "publishing": {"docx"},
    "cli": {"PySide6", "shiboken6"},
}
# Qt modules each layer may use (a layer that forbids PySide6 above may use none).
ALLOWED_QT = {"publishing": {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtPrintSupport"}}
# The package root: version, app name, resource paths, encoding-safe console output.
TOP_LEVEL_SHARED = {"__init__", "resources", "console"}


def layer_files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """Absolute names of everything a module imports (relative imports resolved), with line numbers."""
    module_parts = list(path.relative_to(root).with_suffix("").parts)
    if module_parts[-1] == "__init__":
        module_parts = module_parts[:-1]
        package_parts = module_parts
    else:
        package_parts = module_parts[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # `from .. import storage` names a package in the alias, not in the module
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names if alias.name != "*"]
    return found


def violations(layer: str) -> list[str]:
    problems = []
    for path in layer_files(layer):
        where = path.relative_to(ROOT)
        for line, name in imported_modules(path):
            parts = name.split(".")
            if parts[0] in FORBIDDEN_THIRD_PARTY[layer]:
                problems.append(f"{where}:{line} imports {name}")
            if parts[0] == "PySide6" and len(parts) > 1 and ".".join(parts[:2]) not in ALLOWED_QT.get(layer, set()):
                problems.append(f"{where}:{line} imports {name} (layer {layer} may not use it)")
            if parts[0] == "gov_report_desktop" and len(parts) > 1:
                target = parts[1]
                if target not in ALLOWED_OWN[layer] and target not in TOP_LEVEL_SHARED and _is_subpackage(target):
                    problems.append(f"{where}:{line} imports {name} (layer {layer} may not use {target})")
    return problems


def _is_subpackage(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


@pytest.mark.parametrize("layer", sorted(ALLOWED_OWN))
def test_layer_imports_only_what_the_architecture_allows(layer: str) -> None:
    assert layer_files(layer), f"no modules found for layer {layer}"
    assert violations(layer) == []


def test_the_checker_sees_violations(tmp_path: Path) -> None:
    """The AST check must catch each kind of import that could break a layer."""
    fake = tmp_path / "gov_report_desktop" / "storage" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(
        "from PySide6 import QtCore\nfrom ..ui import main_window\nimport docx\nfrom .. import cli\n"
        "from .lock import ProjectLock\nfrom ..domain.model import Report\n",
        encoding="utf-8",
    )
    names = [name for _, name in imported_modules(fake, tmp_path)]
    for expected in ("PySide6", "gov_report_desktop.ui", "docx", "gov_report_desktop.cli"):
        assert expected in names
    assert "gov_report_desktop.storage.lock" in names
    assert "gov_report_desktop.domain.model" in names


PROBE = """
import importlib, json, pkgutil, sys
import gov_report_desktop
loaded = []
for package_name in ("gov_report_desktop.domain", "gov_report_desktop.storage",
                     "gov_report_desktop.documents", "gov_report_desktop.review", "gov_report_desktop.cli"):
    package = importlib.import_module(package_name)
    loaded.append(package_name)
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        if info.name.endswith(".__main__"):
            continue  # running it would start the command
        importlib.import_module(info.name)
        loaded.append(info.name)
from gov_report_desktop.cli import build_parser
build_parser()
print(json.dumps({"ours": loaded, "all": sorted(sys.modules)}))
"""


def test_importing_every_non_ui_module_loads_no_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    ours = set(result["ours"])
    assert {
        "gov_report_desktop.storage.recovery",
        "gov_report_desktop.storage.lock",
        "gov_report_desktop.cli.check",
        "gov_report_desktop.review.runner",
    } <= ours
    qt = [name for name in result["all"] if name.split(".")[0] in {"PySide6", "shiboken6"}]
    assert qt == []
    assert not [name for name in result["all"] if name.startswith("gov_report_desktop.ui")]


def test_running_the_cli_loads_no_qt(tmp_path: Path) -> None:
    """The check command as a whole (it also reads Word files through the importer)."""
    probe = (
        "import sys, json\n"
        "from gov_report_desktop.cli import main\n"
        f"code = main(['check', {str(ROOT / 'resources' / 'examples' / 'putuo-minzheng-2020.govreport')!r}])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


def _module_level_imports(path: Path) -> list[tuple[int, str]]:
    """Imports executed when the module is imported (outside any function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    inside_functions = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
    }
    every = imported_modules(path)
    lines = {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in inside_functions
    }
    return [(line, name) for line, name in every if line in lines]


def test_cli_loads_publishing_only_inside_a_function() -> None:
    """`gov-report check` and the Word/web exports must never pay for (or depend on) Qt."""
    for path in layer_files("cli"):
        for line, name in _module_level_imports(path):
            assert not name.startswith("gov_report_desktop.publishing"), f"{path.name}:{line} imports {name}"


@pytest.mark.parametrize(("suffix", "qt_expected"), [(".html", False), (".docx", False), (".pdf", True)])
def test_export_loads_qt_only_for_a_pdf(suffix: str, qt_expected: bool, tmp_path: Path) -> None:
    out = tmp_path / f"out{suffix}"
    probe = (
        "import sys, json\n"
        "from gov_report_desktop.cli import main\n"
        f"code = main(['export', {str(ROOT / 'resources' / 'examples' / 'huaian-city-2024.govreport')!r}, "
        f"'-o', {str(out)!r}])\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr
    code, qt = json.loads(done.stdout.splitlines()[-1])
    assert code == 0
    assert out.exists()
    assert bool(qt) is qt_expected
    assert "PySide6.QtWidgets" not in qt


def test_only_storage_touches_the_project_lock() -> None:
    """Opening, locking and recovering belong to storage's ProjectSession; the window only asks questions."""
    users = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.parent.name != "storage"
        for line, name in imported_modules(path)
        if name.startswith("gov_report_desktop.storage.lock")
    ]
    assert users == []
