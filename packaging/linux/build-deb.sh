#!/usr/bin/env bash
# Build the Linux installer: dist/gov-report-desktop_<version>_<arch>.deb
#
#   bash packaging/linux/build-deb.sh              freeze with the project venv, package
#   bash packaging/linux/build-deb.sh --old-glibc  freeze inside a Debian 11 chroot (runs on glibc ≥ 2.31), package
#   bash packaging/linux/build-deb.sh --no-freeze  package the bundle already in build/ (after a build)
#
# The venv is ${GOV_REPORT_VENV:-.venv} (the one scripts/test.sh makes); it is created if missing and gets
# PyInstaller. Needs: python3-venv, libpython3.X, binutils (objdump, strip), dpkg-dev; as root it installs them.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$REPO/packaging/linux"
VENV="${GOV_REPORT_VENV:-$REPO/.venv}"
APP=gov-report-desktop
PREFIX="/opt/$APP"
PYINSTALLER_VERSION="${GOV_REPORT_PYINSTALLER:-pyinstaller>=6.10,<7}"
COMPRESSION="${GOV_REPORT_DEB_COMPRESSION:-xz}"  # xz keeps the .deb under 45 MB; zstd is 50 MB but 40x faster
FREEZE=host

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
for arg in "$@"; do
    case "$arg" in
        --old-glibc) FREEZE=old-glibc ;;
        --no-freeze) FREEZE=none ;;
        -h | --help) usage; exit 0 ;;
        *) echo "未知参数：$arg" >&2; usage >&2; exit 2 ;;
    esac
done

ensure_tools() {
    local missing=""
    command -v objdump >/dev/null || missing="$missing binutils"
    command -v dpkg-deb >/dev/null || missing="$missing dpkg-dev"
    python3 -c 'import venv, ensurepip' 2>/dev/null || [ -x "$VENV/bin/python" ] || missing="$missing python3-venv"
    # PyInstaller bundles libpython3.X.so; Debian's python3 is linked statically and ships it separately.
    local py_version
    py_version=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    if [ -x /usr/bin/python3 ] && ! ldconfig -p | grep "libpython$py_version\.so\.1" >/dev/null; then
        missing="$missing libpython$py_version"
    fi
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ]; then
        echo "== 安装构建工具：$missing"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "缺少构建工具，请先运行：sudo apt-get install -y$missing" >&2
        exit 1
    fi
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "== 创建虚拟环境 $VENV"
        python3 -m venv "$VENV"
        "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    fi
    "$VENV/bin/python" -c 'import gov_report_desktop, PySide6' 2>/dev/null ||
        "$VENV/bin/python" -m pip install -q -e "$REPO"
    "$VENV/bin/python" -c 'import PyInstaller' 2>/dev/null ||
        "$VENV/bin/python" -m pip install -q "$PYINSTALLER_VERSION"
}

# The fcitx input-method plugin for the venv's Qt (PySide6 ships none; see build-fcitx-qt6-plugin.sh and
# packaging/README.md). Cached outside the repository: a rebuild with the same Qt takes a second.
build_fcitx_plugin() {
    local qt_dir started=$SECONDS
    qt_dir=$("$VENV/bin/python" -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))')
    GOV_REPORT_FCITX_PLUGIN=$(bash "$HERE/build-fcitx-qt6-plugin.sh" "$qt_dir" | tail -1)
    export GOV_REPORT_FCITX_PLUGIN
    echo "== fcitx 输入法插件：${GOV_REPORT_FCITX_PLUGIN}（$((SECONDS - started)) s）"
}

freeze_on_host() {
    ensure_venv
    build_fcitx_plugin
    echo "== PyInstaller（$("$VENV/bin/python" -c 'import PyInstaller, PySide6; print("PyInstaller", PyInstaller.__version__, "PySide6", PySide6.__version__)')）"
    (cd "$REPO" && "$VENV/bin/python" -m PyInstaller --noconfirm --log-level ERROR \
        --distpath "$REPO/build/pyinstaller/dist" --workpath "$REPO/build/pyinstaller/work" \
        packaging/gov-report-desktop.spec)
}

bundle_dir() {
    if [ "$FREEZE" = old-glibc ] || { [ "$FREEZE" = none ] && [ -d "$REPO/build/old-glibc/dist/$APP" ] &&
        [ "$REPO/build/old-glibc/dist/$APP" -nt "$REPO/build/pyinstaller/dist/$APP" ]; }; then
        echo "$REPO/build/old-glibc/dist/$APP"
    else
        echo "$REPO/build/pyinstaller/dist/$APP"
    fi
}

# The highest GLIBC_x.y symbol version any bundled ELF file asks for: the oldest glibc the bundle runs on.
glibc_floor() {
    find "$1" -type f \( -name '*.so*' -o -perm -u+x \) -print0 |
        xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1
}

project_version() {
    # The one version source (pyproject.toml reads it too).
    sed -n 's/^__version__ *= *"\(.*\)"/\1/p' "$REPO/gov_report_desktop/__init__.py" | head -1
}

stage_tree() {
    local bundle="$1" root="$2"
    rm -rf "$root"
    mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/mime/packages" \
        "$root/usr/share/doc/$APP"
    cp -a "$bundle" "$root$PREFIX"
    ln -s "$PREFIX/$APP" "$root/usr/bin/$APP"
    install -m 644 "$HERE/$APP.desktop" "$root/usr/share/applications/$APP.desktop"
    install -m 644 "$HERE/$APP-mime.xml" "$root/usr/share/mime/packages/$APP.xml"
    for png in "$REPO"/resources/icons/app-*.png; do
        local size
        size=$(basename "$png" .png | sed 's/app-//')
        install -D -m 644 "$png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/$APP.png"
        install -D -m 644 "$png" "$root/usr/share/icons/hicolor/${size}x${size}/mimetypes/application-x-govreport.png"
    done
    install -D -m 644 "$REPO/resources/icons/app.svg" "$root/usr/share/icons/hicolor/scalable/apps/$APP.svg"
    printf '政府信息公开年报助手 gov-report-desktop\nLicense: MIT\nBundled: Python, Qt 6 / PySide6 (LGPLv3), python-docx, lxml, pydantic, platformdirs and their licences under %s/_internal.\n' \
        "$PREFIX" >"$root/usr/share/doc/$APP/copyright"
    install -m 755 "$HERE/postinst" "$HERE/postrm" "$root/DEBIAN/"
    # Files and folders: root-owned (dpkg-deb --root-owner-group), world-readable, no stray write bits.
    find "$root" -type d -exec chmod 755 {} +
    chmod -R go-w "$root"
}

write_control() {
    local root="$1" floor="$2" arch installed_kb
    arch=$(dpkg --print-architecture)
    installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
    # Libraries PyInstaller leaves to the system (libc, GL/EGL, libxcb), those bundle_common.LEFT_TO_THE_SYSTEM
    # leaves there (fontconfig, freetype, D-Bus) and a font with Chinese glyphs. libxcb-cursor0 and the other
    # xcb helpers are shipped in the bundle, since older systems lack some of them.
    local depends="libc6 (>= $floor), libxcb1, libx11-6, libgl1, libegl1, libfontconfig1, libfreetype6, libdbus-1-3, libxkbcommon-x11-0, libcups2 | libcups2t64, fonts-noto-cjk | fonts-wqy-zenhei | fonts-wqy-microhei"
    sed -e "s/@VERSION@/$(project_version)/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_kb/" \
        -e "s/@DEPENDS@/$depends/" "$HERE/control.in" >"$root/DEBIAN/control"
    echo "Recommends: shared-mime-info, desktop-file-utils, hicolor-icon-theme" >>"$root/DEBIAN/control"
}

main() {
    ensure_tools
    local started=$SECONDS
    case "$FREEZE" in
        host) freeze_on_host ;;
        old-glibc) bash "$HERE/build-old-glibc.sh" ;;
        none) ;;
    esac
    local bundle
    bundle=$(bundle_dir)
    [ -x "$bundle/$APP" ] || { echo "找不到冻结好的程序 $bundle/$APP" >&2; exit 1; }
    # Without it clerks on 统信UOS / 银河麒麟 (QT_IM_MODULE=fcitx) cannot type Chinese: never ship a bundle without.
    find "$bundle" -path '*/platforminputcontexts/libfcitxplatforminputcontextplugin-qt6.so' | grep . >/dev/null ||
        { echo "冻结好的程序里没有 fcitx 输入法插件（platforminputcontexts）" >&2; exit 1; }
    local freeze_seconds=$((SECONDS - started))

    local root="$REPO/build/deb/root" floor
    stage_tree "$bundle" "$root"
    floor=$(glibc_floor "$root$PREFIX")
    write_control "$root" "$floor"

    mkdir -p "$REPO/dist"
    local deb
    deb="$REPO/dist/${APP}_$(project_version)_$(dpkg --print-architecture).deb"
    rm -f "$deb"
    echo "== dpkg-deb（$COMPRESSION）"
    local pack_started=$SECONDS
    dpkg-deb --root-owner-group -Z"$COMPRESSION" --build "$root" "$deb" >/dev/null
    echo "已生成：${deb#"$REPO"/}"
    echo "  .deb 大小：$(du -m "$deb" | cut -f1) MB（$(stat -c %s "$deb") 字节）"
    echo "  安装后大小：$(du -sm --exclude=DEBIAN "$root" | cut -f1) MB"
    echo "  需要的最低 glibc：$floor（objdump -T，全部 $(find "$root$PREFIX" -name '*.so*' -type f | wc -l) 个 .so 文件和主程序）"
    echo "  冻结用时：${freeze_seconds} s，打包用时：$((SECONDS - pack_started)) s"
    if [ "$FREEZE" = old-glibc ]; then
        bash "$HERE/test-deb-in-chroot.sh" "$deb"
    fi
}

main
