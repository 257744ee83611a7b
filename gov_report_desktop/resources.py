"""Where bundled files (examples, icons, translations) live: in a checkout, or in a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """`resources/` beside the package in a checkout; inside the bundle when frozen by PyInstaller."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def example_path(name: str = "putuo-minzheng-2020.govreport") -> Path:
    return resource_path("examples", name)
