"""Which Qt input-method plugin the app asks for, and whether the bundle has it (no Qt import at module level).

统信UOS and 银河麒麟 run fcitx and set `QT_IM_MODULE=fcitx` for the whole session. Qt then loads only a plugin
with the key `fcitx`; when there is none it falls back to plain key events, and the clerk types Latin letters
without any warning. Qt 6.7+ also reads `QT_IM_MODULES`, a `;`-separated list tried in order: with
`fcitx;ibus` a missing fcitx plugin falls back to ibus, which fcitx 5 also speaks (its ibus frontend is on by
default). fcitx 4 has no ibus interface, so the real fix is the fcitx plugin shipped in the bundle
(packaging/linux/build-fcitx-qt6-plugin.sh); this fallback keeps fcitx 5 users typing wherever it is missing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path


def names_fcitx(module: str) -> bool:
    """`fcitx`, `fcitx5` (and the odd `Fcitx`) all mean the fcitx plugin, whose keys are fcitx and fcitx5."""
    return module.strip().lower().startswith("fcitx")


def fallback_modules(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """The `QT_IM_MODULES` value to set before the QApplication exists, or None to leave things alone.

    Only on Linux, only when the session chose fcitx and nobody set `QT_IM_MODULES` (an explicit choice wins).
    """
    if not platform.startswith("linux") or "QT_IM_MODULES" in environ:
        return None
    module = environ.get("QT_IM_MODULE", "")
    if not names_fcitx(module):
        return None
    return f"{module.strip()};ibus"


def apply_fallback(environ: MutableMapping[str, str], platform: str = sys.platform) -> str | None:
    """Set `QT_IM_MODULES` in this process only (children inherit it; the session and the system do not)."""
    value = fallback_modules(environ, platform)
    if value is not None:
        environ["QT_IM_MODULES"] = value
    if platform.startswith("linux"):
        avoid_dbus_abort(environ)
    return value


# The fcitx and ibus plugins ask D-Bus for this machine's id when Qt starts, and libdbus aborts the whole
# program when it finds none ("D-Bus library appears to be incorrectly set up"): a chroot or container
# without /etc/machine-id, never a desktop, where systemd writes it.
MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))
# Set to the modules given up when they would have aborted the program; the self-test explains it.
WITHOUT_MACHINE_ID = "GOV_REPORT_IM_WITHOUT_MACHINE_ID"
_HEX = frozenset("0123456789abcdefABCDEF")


def has_machine_id(files: Iterable[Path] | None = None) -> bool:
    """Whether libdbus will find this machine's id: 32 hex digits alone in one of its files."""
    for path in MACHINE_ID_FILES if files is None else files:
        try:
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if len(text) == 32 and set(text) <= _HEX:
            return True
    return False


def uses_dbus(module: str) -> bool:
    return names_fcitx(module) or module.strip().lower() == "ibus"


def avoid_dbus_abort(environ: MutableMapping[str, str], files: Iterable[Path] | None = None) -> bool:
    """Without a machine id, ask Qt for its compose plugin instead of fcitx/ibus: the program starts and
    takes Latin letters, where it would otherwise be killed before its window appears. True if it did."""
    modules = requested_modules(environ)
    if not any(uses_dbus(module) for module in modules) or has_machine_id(files):
        return False
    environ[WITHOUT_MACHINE_ID] = ";".join(modules)
    environ["QT_IM_MODULE"] = "compose"
    environ.pop("QT_IM_MODULES", None)
    return True


def requested_modules(environ: Mapping[str, str]) -> list[str]:
    """The plugin keys Qt will try, in order: `QT_IM_MODULES` when set, else `QT_IM_MODULE`; empty = Qt's default."""
    listed = environ.get("QT_IM_MODULES")
    if listed is not None:
        return [name.strip() for name in listed.split(";") if name.strip()]
    single = environ.get("QT_IM_MODULE", "").strip()
    return [single] if single else []


@dataclass(frozen=True)
class InputMethodPlugins:
    """What `platforminputcontexts` in the Qt plugin folder offers: plugin key → file name."""

    folder: Path
    by_key: dict[str, str]

    def file_for(self, module: str) -> str | None:
        return self.by_key.get(module.strip().lower())


def plugin_keys(path: Path) -> list[str]:
    """The keys a Qt plugin declares (its JSON metadata; QPluginLoader reads them without loading the library)."""
    from PySide6.QtCore import QPluginLoader

    metadata: object = QPluginLoader(str(path)).metaData()
    inner = metadata.get("MetaData") if isinstance(metadata, dict) else None
    keys = inner.get("Keys") if isinstance(inner, dict) else None
    return [str(key).lower() for key in keys] if isinstance(keys, list) else []


def installed_plugins(plugins_root: Path) -> InputMethodPlugins:
    folder = plugins_root / "platforminputcontexts"
    by_key: dict[str, str] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in (".so", ".dll", ".dylib"):
                for key in plugin_keys(path):
                    by_key.setdefault(key, path.name)
    return InputMethodPlugins(folder, by_key)


def describe(environ: Mapping[str, str], plugins: InputMethodPlugins) -> tuple[str, str | None]:
    """(what to report, the Chinese reason for a failure or None): the first module asked for must have a plugin.

    The first one, not any: with fcitx 4 running, falling back to ibus types Latin letters just the same.
    """
    settings = f"QT_IM_MODULE={environ.get('QT_IM_MODULE', '（未设置）')}，QT_IM_MODULES={environ.get('QT_IM_MODULES', '（未设置）')}"
    given_up = environ.get(WITHOUT_MACHINE_ID)
    if given_up:
        return settings, (
            f"本机缺少 D-Bus 机器标识（/etc/machine-id），系统要求的输入法模块“{given_up}”会使程序异常退出，"
            "所以本程序改用基本键盘输入，只能打出英文字母。"
            "请让管理员运行 sudo systemd-machine-id-setup（或 sudo dbus-uuidgen --ensure=/etc/machine-id）后重新启动本程序。"
        )
    modules = requested_modules(environ)
    available = "、".join(f"{key}（{name}）" for key, name in sorted(plugins.by_key.items())) or "无"
    if not modules:
        return f"{settings}；未指定输入法模块，Qt 使用默认方式；可用插件：{available}", None
    first = modules[0]
    found = plugins.file_for(first)
    if found is not None:
        return f"{settings}；使用 {first} 插件 {found}", None
    fallback = next((name for name in modules[1:] if plugins.file_for(name)), None)
    reason = (
        f"系统要求的输入法模块“{first}”在本程序中没有对应的插件（{plugins.folder}），"
        + (
            f"程序会改用 {fallback}：fcitx 5 可以这样输入中文，fcitx 4 不行，只能打出英文字母。"
            if fallback
            else "程序无法接收输入法的中文，只能打出英文字母。"
        )
        + f"现有插件：{available}。请重新安装本程序的完整安装包，或联系技术支持。"
    )
    return settings, reason
