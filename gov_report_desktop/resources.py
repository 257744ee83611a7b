"""Where bundled files (examples, icons) live: in a checkout, an installed wheel, or a frozen app.

The repository keeps them in `resources/` at its top; a wheel carries that folder as the data package
`gov_report_desktop.resource_files` (pyproject.toml maps it); PyInstaller puts it at `<bundle>/resources`.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

DATA_PACKAGE = "gov_report_desktop.resource_files"


@cache
def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "resources").is_dir():  # a checkout: one stat, no import
        return root / "resources"
    from importlib.resources import files

    # Installed from a wheel: a folder in site-packages. It has no __init__.py (resources/ holds only data),
    # so files() gives a namespace MultiplexedPath; a known entry of it is a plain path.
    return Path(str(files(DATA_PACKAGE).joinpath("icons"))).parent


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def example_path(name: str = "putuo-minzheng-2020.govreport") -> Path:
    return resource_path("examples", name)
