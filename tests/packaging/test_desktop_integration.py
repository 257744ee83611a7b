"""The Linux desktop entry, the MIME type, the bundle filters and the NSIS script — without building anything."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "gov-report-desktop.desktop"
MIME = LINUX / "gov-report-desktop-mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"

sys.path.insert(0, str(ROOT / "packaging"))
import bundle_common  # noqa: E402


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_file_validates():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # no hints or warnings either


def test_desktop_entry_names_the_app_and_opens_project_files():
    entry = desktop_entry()
    assert entry["Name"] == "政府信息公开年报助手"
    assert entry["Exec"].split() == ["gov-report-desktop", "%f"]
    assert entry["Icon"] == "gov-report-desktop"
    assert "application/x-govreport" in entry["MimeType"].split(";")
    assert entry["Terminal"] == "false"


def test_mime_type_claims_govreport_files():
    root = etree.parse(str(MIME)).getroot()
    (mime_type,) = root.findall(f"{MIME_NS}mime-type")
    assert mime_type.get("type") == "application/x-govreport"
    assert [glob.get("pattern") for glob in mime_type.findall(f"{MIME_NS}glob")] == ["*.govreport"]
    chinese = [
        c.text
        for c in mime_type.findall(f"{MIME_NS}comment")
        if c.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh_CN"
    ]
    assert chinese == ["政府信息公开年报项目文件"]


def test_every_hicolor_icon_size_is_a_square_png_of_that_size():
    from PySide6.QtGui import QImage

    sizes = []
    for png in sorted((ROOT / "resources" / "icons").glob("app-*.png")):
        size = int(png.stem.removeprefix("app-"))
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size), png.name
        sizes.append(size)
    assert {16, 32, 48, 64, 128, 256} <= set(sizes)


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqwayland-egl.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libfcitxplatforminputcontextplugin-qt6.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/qmltooling/libqmldbg_tcp.so", False),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qtdeclarative_zh_CN.qm", False),
        ("resources/translations/app_zh_CN.qm", True),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("lxml/etree.cpython-311-x86_64-linux-gnu.so", True),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/lib/libQt6PrintSupport.so.6", True),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6\\plugins\\styles\\qwindowsvistastyle.dll", False),
        ("PySide6\\opengl32sw.dll", False),
        ("PySide6\\Qt6Network.dll", False),
        ("PySide6\\Qt6Widgets.dll", True),
    ],
)
def test_bundle_keeps_only_what_the_app_uses(dest, kept):
    assert bundle_common.entry_kept(dest) is kept


def test_the_fcitx_plugin_goes_beside_qts_input_contexts(monkeypatch, tmp_path):
    plugin = tmp_path / "libfcitxplatforminputcontextplugin-qt6.so"
    monkeypatch.delenv(bundle_common.FCITX_PLUGIN_VARIABLE, raising=False)
    assert bundle_common.fcitx_plugin_binaries() == []
    monkeypatch.setenv(bundle_common.FCITX_PLUGIN_VARIABLE, str(plugin))
    with pytest.raises(FileNotFoundError, match="no such file"):
        bundle_common.fcitx_plugin_binaries()
    plugin.write_bytes(b"\x7fELF")
    [(source, folder)] = bundle_common.fcitx_plugin_binaries()
    assert source == str(plugin)
    assert bundle_common.entry_kept(f"{folder}/{plugin.name}")


def test_dangling_symlinks_are_dropped():
    toc = [
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/somewhere/libQt6Core.so.6", "BINARY"),
    ]
    kept = bundle_common.drop_dangling_symlinks(toc, {"PySide6/Qt/lib/libQt6Core.so.6"})
    assert [entry[0] for entry in kept] == ["libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6"]


def test_every_app_module_is_a_hidden_import():
    modules = bundle_common.hidden_imports()
    assert "gov_report_desktop.ui.selftest" in modules
    assert "gov_report_desktop.domain" in modules
    assert not any(name.endswith("__init__") for name in modules)


NSI = ROOT / "packaging" / "windows" / "installer.nsi"


def compile_installer(tmp_path: Path, *defines: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    (payload / "gov-report-desktop.exe").write_bytes(b"MZ placeholder")
    icon = tmp_path / "app.ico"
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), "--no-png", "--ico", str(icon)],
        check=True,
        capture_output=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    out = tmp_path / "gov-report-desktop-installer.exe"
    command = ["makensis", "-V2", "-INPUTCHARSET", "UTF8", f"-DPAYLOAD={payload}", f"-DICON={icon}"]
    command += [f"-DOUTFILE={out}", *defines, str(NSI)]
    return out, subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("makensis") is None, reason="nsis not installed")
def test_nsis_script_compiles(tmp_path):
    out, result = compile_installer(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower()
    assert out.read_bytes()[:2] == b"MZ"


@pytest.mark.skipif(shutil.which("makensis") is None, reason="nsis not installed")
def test_signing_hook_signs_the_uninstaller_and_the_installer(tmp_path):
    """-DSIGN_COMMAND=… is called on the uninstaller before it is packed and on the finished installer."""
    signed = tmp_path / "signed.txt"
    signer = tmp_path / "fake-sign.sh"
    signer.write_text(f'#!/bin/sh\nhead -c 2 "$1" >>"{signed}"; echo " $1" >>"{signed}"\n', encoding="utf-8")
    signer.chmod(0o755)
    out, result = compile_installer(tmp_path, f"-DSIGN_COMMAND={signer}")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = signed.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert all(line.startswith("MZ ") for line in lines)  # both are finished Windows executables
    assert lines[1] == f"MZ {out}"


def test_silent_install_never_waits_for_a_click():
    """`setup.exe /S` on an unsupported Windows must end (exit code 2), not wait on a message box nobody sees."""
    boxes = [line for line in NSI.read_text(encoding="utf-8").splitlines() if line.strip().startswith("MessageBox")]
    assert boxes
    assert all("/SD " in line for line in boxes), boxes


def test_the_exe_and_the_installer_name_the_same_publisher():
    text = NSI.read_text(encoding="utf-8")
    assert f'!define PUBLISHER "{bundle_common.PUBLISHER}"' in text
    for key in ("ProductName", "CompanyName", "FileDescription", "FileVersion", "ProductVersion", "LegalCopyright"):
        assert f'"{key}"' in text


def test_windows_version_info_carries_the_version_and_the_chinese_name():
    pytest.importorskip("pefile", reason="PyInstaller's version resource module needs pefile (Windows builds)")
    info = str(bundle_common.windows_version_info())
    assert f"filevers=({', '.join(bundle_common.project_version().split('.'))}, 0)" in info
    assert "政府信息公开年报助手" in info
    assert bundle_common.PUBLISHER in info


def test_pdfium_loaded_by_ctypes_survives_the_library_pruning():
    """libpdfium is dlopen'ed by pypdfium2, so no DT_NEEDED entry points at it: it must be a root."""
    import pypdfium2_raw

    folder = Path(pypdfium2_raw.__file__).parent
    library = next(p for p in folder.iterdir() if "pdfium" in p.name and p.suffix in (".so", ".dll", ".dylib"))
    toc = [(f"pypdfium2_raw/{library.name}", str(library), "BINARY")]
    orphan = [("libunused.so.1", str(library), "BINARY")]
    assert bundle_common.prune_unreferenced_libraries(toc + orphan) == toc


def test_pdfium_library_and_version_files_are_collected():
    pytest.importorskip("PyInstaller", reason="PyInstaller is installed by the packaging scripts")
    binaries = bundle_common.app_binaries()
    assert any(dest == "pypdfium2_raw" and "pdfium" in Path(source).name for source, dest in binaries)
    datas = bundle_common.app_datas()
    assert {dest for _, dest in datas} >= {"pypdfium2", "pypdfium2_raw"}


@pytest.mark.parametrize("spec", ["packaging/gov-report-desktop.spec", "packaging/windows/gov-report-desktop.spec"])
def test_pyinstaller_spec_files_compile(spec: str) -> None:
    """PyInstaller runs a spec as Python: a merge that repeats a keyword argument breaks the build."""
    path = ROOT / spec
    compile(path.read_text(encoding="utf-8"), str(path), "exec")
