#!/usr/bin/env bash
# Build the fcitx input-method plugin for the Qt that PySide6 ships, so clerks on 统信UOS / 银河麒麟
# (fcitx, QT_IM_MODULE=fcitx) can type Chinese. Prints the path of the built plugin as the last line.
#
#   bash packaging/linux/build-fcitx-qt6-plugin.sh QT_DIR
#       QT_DIR: PySide6's Qt folder (…/site-packages/PySide6/Qt); the plugin links against QT_DIR/lib.
#
# What is built: the Qt 6 platform input context of fcitx-qt5 1.2.7 (Debian's fcitx-qt5 source, the Qt front
# end of fcitx 4; its qt6/ folder builds the same plugin for Qt 6). It speaks fcitx 4's D-Bus protocol
# (org.fcitx.Fcitx-N) and fcitx 5's (org.freedesktop.portal.Fcitx, InputContext1), so one plugin reaches
# fcitx 4 (UOS V20, Kylin V10) and fcitx 5. fcitx5-qt would be the natural choice, but the Debian mirror the
# build machines reach serves no fcitx5-qt source tarball (checked 2026-12-06: bookworm's, trixie's and sid's
# all 404), and fcitx-qt5's plugin needs only a handful of stable QPA headers, no private Qt classes.
# Qt headers and moc: Debian 13's Qt 6.8.2 development packages, unpacked (never installed). No Debian suite
# the mirror serves has Qt 6.9 (trixie 6.8.2, sid 6.11.2); a plugin built against 6.8 loads into Qt 6.9 (Qt
# accepts plugins from older minor versions of the same major), and the QPA classes it uses are checked
# below against the bundled Qt's own symbols. moc 6.8 is a trixie binary (glibc 2.38): it runs with trixie's
# loader and libc from the same download, so the build works on Debian 11 and 12 alike.
# Everything downloaded is pinned by SHA-256 and cached outside the repository (GOV_REPORT_BUILD_CACHE,
# default /var/cache/gov-report-build, or ~/.cache/gov-report-build when that is not writable); a rebuild
# with the same inputs is a cache hit. Build tools it needs: g++, libxkbcommon-dev, x11proto-dev, curl, xz.
set -euo pipefail
QT_DIR=$(cd "${1:?usage: build-fcitx-qt6-plugin.sh QT_DIR}" && pwd)
QT_LIB="$QT_DIR/lib"
MIRROR="${GOV_REPORT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PLUGIN=libfcitxplatforminputcontextplugin-qt6.so
FCITX_QT=fcitx-qt5_1.2.7
QT_HEADERS_VERSION=6.8.2

# path in the pool | SHA-256 (Debian 13 "trixie", amd64; fcitx-qt5's source tarball is the same in 12 and 13)
DOWNLOADS="
pool/main/f/fcitx-qt5/$FCITX_QT.orig.tar.xz|951fcf8f1db23ed22ad91094eb4c6c906f92005a3643b52f666bd8a331163147
pool/main/q/qt6-base/qt6-base-dev_6.8.2+dfsg-9+deb13u2_amd64.deb|63660073c1f113ea2e9370ebf4cb0cbf198195093e4520f958783e20eac163f2
pool/main/q/qt6-base/qt6-base-private-dev_6.8.2+dfsg-9+deb13u2_amd64.deb|79d8c26d138bd96537d660f47e59344e7304af20f2084310bb1d3bfe5d8e6d76
pool/main/q/qt6-base/qt6-base-dev-tools_6.8.2+dfsg-9+deb13u2_amd64.deb|7f2b2e72d3f42d08bdc132b53d661ca86723895d797ff9c44c28987e49398f4c
pool/main/g/glibc/libc6_2.41-12+deb13u5_amd64.deb|b59b0625cd1a791375d40dab23a4d5d3d0641e3d0a773501becdc3725b7f99cf
pool/main/g/gcc-14/libstdc++6_14.2.0-19_amd64.deb|ab1fa05837aa7a92aae748fd07a18a35f7d18bb4a71c4724fe2bbf0e32089de0
pool/main/g/gcc-14/libgcc-s1_14.2.0-19_amd64.deb|3c71917b490d1a17aed43196a2787a256ecf060526cdb20216a74bedc061b150
pool/main/p/pcre2/libpcre2-16-0_10.46-1~deb13u3_amd64.deb|e25b12fcd1f62185962a81499388fb9c25a7614b9513b6017489275bc7011a51
"

say() { echo "== $*" >&2; }
fail() { echo "fcitx 输入法插件构建失败：$*" >&2; exit 1; }

[ "$(uname -m)" = x86_64 ] || fail "只为 amd64 固定了下载的软件包（当前 $(uname -m)），见 packaging/README.md"
[ -f "$QT_LIB/libQt6Gui.so.6" ] || fail "$QT_LIB 里没有 libQt6Gui.so.6（QT_DIR 应为 PySide6/Qt）"
# Qt refuses a plugin built against a newer minor version than itself: the bundled Qt must be 6.8 or later
# (its libQt6Core defines the symbol version Qt_6.8 from 6.8 on). pyproject allows PySide6 6.5–6.9.
objdump -p "$QT_LIB/libQt6Core.so.6" | grep 'Qt_6\.8$' >/dev/null ||
    fail "所带的 Qt 早于 6.8，而插件按 Qt $QT_HEADERS_VERSION 的头文件构建；请使用 PySide6 6.8 或 6.9"
CACHE="${GOV_REPORT_BUILD_CACHE:-/var/cache/gov-report-build}"
mkdir -p "$CACHE" 2>/dev/null && [ -w "$CACHE" ] || CACHE="$HOME/.cache/gov-report-build"
WORK="$CACHE/fcitx-qt6"
mkdir -p "$WORK/downloads"

ensure_tools() {
    local missing=""
    command -v g++ >/dev/null || missing="$missing g++"
    command -v curl >/dev/null || missing="$missing curl"
    command -v xz >/dev/null || missing="$missing xz-utils"
    [ -f /usr/include/xkbcommon/xkbcommon-compose.h ] || missing="$missing libxkbcommon-dev"
    [ -f /usr/include/X11/XF86keysym.h ] || missing="$missing x11proto-dev"
    [ -z "$missing" ] && return 0
    [ "$(id -u)" = 0 ] || fail "缺少构建工具，请先运行：sudo apt-get install -y$missing"
    say "安装构建工具：$missing"
    apt-get -o DPkg::Lock::Timeout=900 update -qq >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends $missing >/dev/null
}

fetch() {  # pool path, sha256 → file in the download cache (checked every time, fetched once)
    local target="$WORK/downloads/$(basename "$1")"
    if ! echo "$2  $target" | sha256sum -c --quiet >/dev/null 2>&1; then
        say "下载 $(basename "$1")"
        curl -fsS --retry 3 -o "$target.part" "$MIRROR/$1" || fail "无法下载 $MIRROR/$1"
        echo "$2  $target.part" | sha256sum -c --quiet >/dev/null 2>&1 || fail "$(basename "$1") 的 SHA-256 不对"
        mv "$target.part" "$target"
    fi
    echo "$target"
}

# The cache key: the inputs (pinned downloads, this script) and the Qt the plugin is for (its exact build).
cache_key() {
    { echo "$DOWNLOADS"; cat "$0"; sha256sum "$QT_LIB/libQt6Core.so.6" "$QT_LIB/libQt6Gui.so.6" "$QT_LIB/libQt6DBus.so.6"
        g++ --version | sed -n 1p; ldd --version | sed -n 1p; } | sha256sum | cut -c1-16
}

unpack_inputs() {
    local sysroot="$1" src="$2" line
    rm -rf "$sysroot" "$src" && mkdir -p "$sysroot" "$src"
    for line in $DOWNLOADS; do
        local file
        file=$(fetch "${line%%|*}" "${line##*|}")
        case "$file" in
            *.deb) dpkg-deb -x "$file" "$sysroot" ;;
            *.tar.xz) tar -xJf "$file" -C "$src" --strip-components=1 ;;
        esac
    done
}

# moc and qdbusxml2cpp from trixie, run with trixie's own loader and libc (they need glibc 2.38);
# qdbusxml2cpp takes its Qt libraries from the bundled Qt.
run_tool() {
    local sysroot="$1" tool="$2"
    shift 2
    "$sysroot/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" \
        --library-path "$sysroot/usr/lib/x86_64-linux-gnu:$QT_LIB" "$sysroot/usr/lib/qt6/$tool" "$@"
}

compile_plugin() {
    local sysroot="$1" src="$2/qt5/platforminputcontext" build="$3"
    local inc="$sysroot/usr/include/x86_64-linux-gnu/qt6" xml
    rm -rf "$build" && mkdir -p "$build"
    # The D-Bus proxies (what qt6_add_dbus_interface does in upstream's CMakeLists.txt).
    for xml in InputContext:inputcontextproxy InputContext1:inputcontext1proxy InputMethod:inputmethodproxy \
        InputMethod1:inputmethod1proxy; do
        run_tool "$sysroot" bin/qdbusxml2cpp -i fcitxqtdbustypes.h -p "$build/${xml#*:}" \
            "$src/org.fcitx.Fcitx.${xml%%:*}.xml"
    done
    local defines=(-DQT_NO_KEYWORDS -DQT_NO_DEBUG -DQT_PLUGIN -DQT_CORE_LIB -DQT_GUI_LIB -DQT_DBUS_LIB
        -I"$build" -I"$src" -I"$inc" -I"$inc/QtCore" -I"$inc/QtGui" -I"$inc/QtDBus"
        -I"$inc/QtGui/$QT_HEADERS_VERSION" -I"$inc/QtGui/$QT_HEADERS_VERSION/QtGui"
        -I"$inc/QtCore/$QT_HEADERS_VERSION" -I"$inc/QtCore/$QT_HEADERS_VERSION/QtCore")
    local header
    for header in "$src"/*.h "$build"/*proxy.h; do
        grep -q Q_OBJECT "$header" || continue
        run_tool "$sysroot" libexec/moc "${defines[@]}" "$header" -o "$build/moc_$(basename "$header" .h).cpp"
    done
    local flags=(-std=c++17 -O2 -fPIC -fvisibility=hidden -fvisibility-inlines-hidden "${defines[@]}" -w)
    local objects=() source
    for source in "$src"/*.cpp "$build"/*.cpp; do
        objects+=("$build/$(basename "$source" .cpp).o")
    done
    # One compiler per core: 16 files, about 4 minutes on one busy core.
    printf '%s\n' "$src"/*.cpp "$build"/*.cpp |
        xargs -P "$(nproc)" -I{} sh -c 'g++ "$@" -c "$0" -o "'"$build"'/$(basename "$0" .cpp).o"' {} "${flags[@]}"
    # Linked against the bundled Qt itself (not Debian's), found at run time beside Qt's own plugins:
    # <bundle>/…/PySide6/Qt/plugins/platforminputcontexts/ → ../../lib, the RUNPATH Qt's plugins carry.
    g++ -shared -o "$build/$PLUGIN" "${objects[@]}" -L"$QT_LIB" -l:libQt6DBus.so.6 -l:libQt6Gui.so.6 \
        -l:libQt6Core.so.6 -lxkbcommon -Wl,--no-undefined -Wl,--as-needed -Wl,-rpath,'$ORIGIN/../../lib' \
        -Wl,-rpath-link,"$QT_LIB" -s
}

# Every Qt symbol the plugin uses must be defined, with the same version tag, by the bundled Qt libraries:
# catches a private QPA function whose signature changed between the 6.8 headers and the bundled 6.9.
check_symbols() {
    local plugin="$1" missing
    missing=$(comm -23 \
        <(objdump -T "$plugin" | awk '$4 == "*UND*" && $5 ~ /^Qt_6/ {print $5, $6}' | sort -u) \
        <(for lib in Core Gui DBus; do objdump -T "$QT_LIB/libQt6$lib.so.6"; done |
            awk '$4 != "*UND*" && $5 ~ /^Qt_6/ {print $5, $6}' | sort -u))
    [ -z "$missing" ] || fail "插件用到的 Qt 符号在所带的 Qt 中不存在：$missing"
}

main() {
    ensure_tools
    local key out
    key=$(cache_key)
    out="$WORK/out-$key/$PLUGIN"
    if [ -f "$out" ]; then
        say "fcitx 输入法插件：已在缓存中（$out）"
        echo "$out"
        return 0
    fi
    local started=$SECONDS
    unpack_inputs "$WORK/sysroot" "$WORK/src"
    say "构建 $PLUGIN（$FCITX_QT，Qt $QT_HEADERS_VERSION 头文件，链接 $QT_LIB）"
    compile_plugin "$WORK/sysroot" "$WORK/src" "$WORK/build"
    check_symbols "$WORK/build/$PLUGIN"
    mkdir -p "$(dirname "$out")"
    cp "$WORK/build/$PLUGIN" "$out"
    say "fcitx 输入法插件构建完成：$(du -k "$out" | cut -f1) KB，用时 $((SECONDS - started)) s"
    echo "$out"
}

main
