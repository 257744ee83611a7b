"""What goes into the frozen app, shared by the Linux and the Windows PyInstaller specs.

PyInstaller's PySide6 hooks collect every plugin and translation of the Qt modules that are imported. Most of
that is dead weight for this app (Wayland, eglfs, VNC, QML debugging, 190 translations), and some of it pulls
system libraries into the bundle that must come from the user's system instead (the GTK theme plugin drags in
GTK). The filters below keep what the app uses; `KEPT_*` are the exact lists so a reviewer can see them.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath

APP_NAME = "gov-report-desktop"
ROOT = Path(__file__).resolve().parents[1]
DISPLAY_NAME = "政府信息公开年报助手"
# The publisher in the exe's and the installer's version information and in 应用和功能 (installer.nsi has the
# same default; tests/packaging checks they agree). An office that builds its own copy may set its name here.
PUBLISHER = "gov-report-desktop 开源项目"

# Qt modules the app does not use. QtDBus stays out as a Python module only: libQt6Gui itself needs
# libQt6DBus on Linux, and PyInstaller keeps that library because it follows shared-library dependencies.
EXCLUDED_MODULES = [
    "tkinter",
    "PySide6.QtNetwork",
    "PySide6.QtDBus",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtHelp",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtConcurrent",
    "PySide6.QtXml",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtPdf",
    "PySide6.QtMultimedia",
    "PySide6.Qt3DCore",
    "pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "IPython",
    # Found in the Windows build's module graph (PyInstaller's xref), used by nothing the app runs:
    # setuptools and its distutils (pulled in only by PyInstaller's own runtime hook for setuptools),
    # unittest/doctest/pdb, asyncio (no event loop; multiprocessing stays: the batch review's worker processes),
    # TLS and OpenSSL's hashes (no network; hashlib falls back to Python's built-in ones): this drops
    # libcrypto/libssl (6 MB), the lxml.objectify extension (1.7 MB), and ends the warning about tzdata,
    # which zoneinfo would need for time zones the app never uses.
    "setuptools",
    "distutils",
    "_distutils_hack",
    "pkg_resources",
    "unittest",
    "doctest",
    "pdb",
    "asyncio",
    "ssl",
    "_ssl",
    "_hashlib",
    "lxml.objectify",
    "tzdata",
]

# python-docx opens its templates as `docx/parts/../templates/...`; on Linux that path only resolves when the
# folder docx/parts exists on disk, so python-docx is shipped as files, not inside the PYZ archive.
MODULE_COLLECTION_MODE = {"docx": "pyz+py"}

# Plugin folder -> plugin file stems that are kept (None = keep the whole folder). Anything else is dropped.
KEPT_PLUGINS: dict[str, frozenset[str] | None] = {
    # xcb for the desktop, offscreen for --self-test and CI, windows on Windows
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows"}),
    "xcbglintegrations": None,
    "imageformats": frozenset({"qsvg", "qico", "qjpeg", "qgif"}),
    "iconengines": None,
    # Chinese input on Linux: ibus, compose, and fcitx (fcitx 4 and 5; built for the bundled Qt by
    # packaging/linux/build-fcitx-qt6-plugin.sh, since PySide6 does not ship it: see fcitx_plugin_binaries)
    "platforminputcontexts": frozenset(
        {"ibusplatforminputcontextplugin", "composeplatforminputcontextplugin", "fcitxplatforminputcontextplugin-qt6"}
    ),
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Qt 6.7+ names the Windows 10/11 look "modernwindows" (qwindowsvistastyle is gone since Qt 6.9)
    "styles": frozenset({"qmodernwindowsstyle"}),
    # 文件 → 打印…: the CUPS backend on Linux (libcups itself comes from the system, see LEFT_TO_THE_SYSTEM)
    "printsupport": frozenset({"cupsprintersupport", "windowsprintersupport"}),
}

# Qt translations: only Simplified Chinese, and only the catalogues of the Qt modules in the bundle.
KEPT_TRANSLATION = re.compile(r"^(qt|qtbase)_zh_CN\.qm$")

# Whole libraries that only the dropped plugins and modules need, or that must come from the system. Kept
# short on purpose: on Windows nothing re-checks dependencies after this (on Linux the DT_NEEDED walk below
# does), so only libraries known to be unused by QtWidgets/QtGui/QtSvg are named.
DROPPED_LIBRARIES = re.compile(
    r"(libQt6(Quick|Qml|QmlModels|QmlMeta|QmlWorkerScript|Network|WaylandClient|WaylandEglClientHwIntegration|"
    r"WlShellIntegration|EglFSDeviceIntegration|EglFsKmsSupport|EglFsKmsGbmSupport|VirtualKeyboard|Pdf)\b"
    r"|Qt6(Quick|Qml|Network|Pdf|VirtualKeyboard)\b"
    r"|libgtk-3|libgdk-3|libatk|libpango|libcairo|libharfbuzz-gobject"
    # Windows: Mesa's software OpenGL (20 MB), a fallback for Qt Quick/OpenGL; QtWidgets paints with the CPU
    r"|opengl32sw)"
)


# Linux system libraries that stay with the system (declared in the .deb's Depends) instead of being bundled:
# every Debian/UOS/Kylin release has them under these sonames, a bundled fontconfig can choke on the system's
# newer font configuration files, and the copies from the build machine would raise the glibc floor
# (libpng16 needs pow@GLIBC_2.29 and libsystemd gettid@GLIBC_2.30 even when built on Debian 11).
LEFT_TO_THE_SYSTEM = frozenset(
    {"libfontconfig.so.1", "libfreetype.so.6", "libpng16.so.16", "libdbus-1.so.3", "libsystemd.so.0"}
    # libcups and its TLS/Kerberos stack: the system's, configured for the system's printers
    | {"libcups.so.2"}
)


# The fcitx input-method plugin built by packaging/linux/build-fcitx-qt6-plugin.sh (build-deb.sh sets this).
FCITX_PLUGIN_VARIABLE = "GOV_REPORT_FCITX_PLUGIN"
INPUT_CONTEXT_FOLDER = "PySide6/Qt/plugins/platforminputcontexts"


def fcitx_plugin_binaries() -> list[tuple[str, str]]:
    """Linux: the fcitx plugin beside Qt's own input-context plugins, so Qt finds it under the key `fcitx`.

    统信UOS and 银河麒麟 set QT_IM_MODULE=fcitx; without this plugin a clerk types Latin letters (fcitx 4) or
    depends on fcitx 5's ibus frontend. Empty when the variable is unset (Windows, a source-only run).
    """
    import os

    plugin = os.environ.get(FCITX_PLUGIN_VARIABLE, "")
    if not plugin:
        return []
    if not Path(plugin).is_file():
        raise FileNotFoundError(f"{FCITX_PLUGIN_VARIABLE}={plugin}: no such file")
    return [(plugin, INPUT_CONTEXT_FOLDER)]


def plugin_kept(dest: str) -> bool:
    """`dest` is the path inside the bundle; decide for files under PySide6/Qt/plugins (or PySide6/plugins)."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if "plugins" not in parts:
        return True
    index = parts.index("plugins")
    if len(parts) < index + 3:
        return True
    folder, filename = parts[index + 1], parts[-1]
    if folder not in KEPT_PLUGINS:
        return False
    stems = KEPT_PLUGINS[folder]
    if stems is None:
        return True
    stem = re.sub(r"^lib", "", filename.split(".")[0])
    return stem in stems


def translation_kept(dest: str) -> bool:
    parts = PurePath(dest.replace("\\", "/")).parts
    if "translations" not in parts or not dest.endswith(".qm"):
        return True
    if "resources" in parts:  # the app's own translations
        return True
    return bool(KEPT_TRANSLATION.match(parts[-1]))


def entry_kept(dest: str) -> bool:
    name = PurePath(dest.replace("\\", "/")).name
    if DROPPED_LIBRARIES.search(name):
        return False
    return plugin_kept(dest) and translation_kept(dest)


def filter_toc(toc: list) -> list:  # type: ignore[type-arg]
    """Keep the TOC entries (dest, source, typecode) that the app needs."""
    return [entry for entry in toc if entry_kept(entry[0])]


def app_datas() -> list[tuple[str, str]]:
    """The app's own files: resources/ (examples, icons, translations) lands at <bundle>/resources.

    python-docx reads its default template and header/footer parts from package files; PyInstaller has no hook
    for it, and without them the first footer or header raises FileNotFoundError (found by --self-test).
    pypdfium2 reads version.json next to its modules at import (pyinstaller-hooks-contrib collects them too; listed
    here so the bundle does not depend on the hooks' version).
    """
    from PyInstaller.utils.hooks import collect_data_files

    pdfium = [*collect_data_files("pypdfium2"), *collect_data_files("pypdfium2_raw")]
    return [(str(ROOT / "resources"), "resources"), *collect_data_files("docx"), *pdfium]


# Libraries loaded with ctypes (no extension module links them, so PyInstaller's import analysis and the DT_NEEDED
# walk below cannot see them): PDFium, which reads published PDFs.
CTYPES_PACKAGES = ("pypdfium2_raw",)


def app_binaries() -> list[tuple[str, str]]:
    """PDFium's shared library (libpdfium.so / pdfium.dll), placed where pypdfium2_raw looks for it: beside itself."""
    from PyInstaller.utils.hooks import collect_dynamic_libs

    return [entry for package in CTYPES_PACKAGES for entry in collect_dynamic_libs(package)]


def hidden_imports() -> list[str]:
    """The GUI and the exporter are imported lazily (after --self-test is parsed); list them all."""
    package = ROOT / "gov_report_desktop"
    modules = []
    for path in package.rglob("*.py"):
        relative = path.relative_to(ROOT).with_suffix("")
        name = ".".join(relative.parts)
        modules.append(name.removesuffix(".__init__"))
    # Printing and the print preview load QtPrintSupport only when the clerk asks for them.
    return sorted([*modules, "PySide6.QtPrintSupport"])


def needed_libraries(path: str) -> set[str]:
    """DT_NEEDED sonames of an ELF file (objdump comes with binutils, which PyInstaller needs anyway)."""
    import subprocess

    result = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False)
    return {line.split()[1] for line in result.stdout.splitlines() if line.strip().startswith("NEEDED")}


def prune_unreferenced_libraries(binaries: list) -> list:  # type: ignore[type-arg]
    """Linux: drop shared libraries that no kept extension module, plugin or library needs any more.

    PyInstaller resolves the dependencies of every collected plugin before the filters above run, so a dropped
    plugin (the GTK theme, Wayland) leaves its libraries behind. Walking DT_NEEDED from what is kept removes
    them. Roots are Python extension modules, Qt plugins, libpython (dlopen'ed by the bootloader) and the libraries
    of CTYPES_PACKAGES (dlopen'ed by ctypes).
    """
    symlinks = [entry for entry in binaries if entry[2] == "SYMLINK"]
    binaries = [
        entry for entry in binaries if entry[2] != "SYMLINK" and PurePath(entry[0]).name not in LEFT_TO_THE_SYSTEM
    ]
    by_name: dict[str, list] = {}  # type: ignore[type-arg]
    for entry in binaries:
        by_name.setdefault(PurePath(entry[0]).name, []).append(entry)
    roots = [
        entry
        for entry in binaries
        if entry[2] == "EXTENSION"
        or "plugins" in PurePath(entry[0]).parts
        or entry[0].startswith("libpython")
        or PurePath(entry[0]).parts[0] in CTYPES_PACKAGES
    ]
    kept: set[str] = set()
    pending = list(roots)
    while pending:
        entry = pending.pop()
        if entry[0] in kept:
            continue
        kept.add(entry[0])
        for soname in needed_libraries(entry[1]):
            pending.extend(candidate for candidate in by_name.get(soname, []) if candidate[0] not in kept)
    return [entry for entry in binaries if entry[0] in kept] + drop_dangling_symlinks(symlinks, kept)


def drop_dangling_symlinks(toc: list, kept_dests: set[str]) -> list:  # type: ignore[type-arg]
    """PyInstaller 6 lists top-level symlinks to libraries in subfolders; drop those whose target is gone."""
    return [entry for entry in toc if entry[2] != "SYMLINK" or entry[1] in kept_dests]


def project_version() -> str:
    """The one version source (pyproject.toml reads it too)."""
    text = (ROOT / "gov_report_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([0-9.]+)"', text, re.MULTILINE)
    assert match is not None, "gov_report_desktop/__init__.py has no __version__"
    return match.group(1)


def windows_version_info() -> object:
    """The exe's version resource: Explorer's Properties, Task Manager and the "Open with" list show
    FileDescription, so a clerk sees 政府信息公开年报助手 rather than gov-report-desktop.exe."""
    from PyInstaller.utils.win32 import versioninfo as vi

    version = project_version()
    numbers = tuple(int(part) for part in [*version.split("."), "0", "0", "0"][:4])
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": DISPLAY_NAME,
        "FileVersion": version,
        "InternalName": APP_NAME,
        "LegalCopyright": "MIT License",
        "OriginalFilename": f"{APP_NAME}.exe",
        "ProductName": DISPLAY_NAME,
        "ProductVersion": version,
        "Comments": "按国务院办公厅统一格式填写、检查、导出政府信息公开工作年度报告",
    }
    table = vi.StringTable("080404B0", [vi.StringStruct(key, value) for key, value in strings.items()])
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[vi.StringFileInfo([table]), vi.VarFileInfo([vi.VarStruct("Translation", [0x0804, 1200])])],
    )
