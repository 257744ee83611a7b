#!/usr/bin/env bash
# CI for the installers (as root, Debian/Ubuntu): build the .deb → apt-get install it → the installed program's
# --self-test headless → desktop-file-validate → the .govreport MIME type is registered → start-up benchmark
# → apt-get remove --purge → nothing left in /opt; then compile the NSIS installer with a placeholder payload.
# Prints sizes and timings; exits non-zero on the first failure. Installs the tools it needs itself.
#   bash packaging/ci-check.sh [--old-glibc | --no-freeze]   (arguments go to build-deb.sh)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
export GOV_REPORT_VENV="${GOV_REPORT_VENV:-$REPO/.venv}"
APP=gov-report-desktop
TOOLS="python3-venv binutils dpkg-dev desktop-file-utils xdg-utils shared-mime-info libfile-mimeinfo-perl nsis"
# What the development venv needs to start the GUI for the start-up comparison (scripts/common.sh has the same).
QT_RUNTIME="libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 libxkbcommon-x11-0 \
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 \
libxcb-xinerama0 libxcb-xkb1 libx11-xcb1 fonts-noto-cjk"
export DEBIAN_FRONTEND=noninteractive
WORK=$(mktemp -d)
INSTALLED_BY_US=0

say() { printf '\n== %s\n' "$*"; }
fail() { echo "失败：$*" >&2; exit 1; }
cleanup() {
    # Never leave the package installed after a failed run.
    if [ "$INSTALLED_BY_US" = 1 ] && dpkg-query -W "$APP" >/dev/null 2>&1; then
        apt-get remove --purge -y -qq "$APP" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
seconds_since() { echo $((($(date +%s%N) - $1) / 1000000)) | awk '{printf "%.1f", $1 / 1000}'; }

[ "$(id -u)" = 0 ] || fail "packaging/ci-check.sh 需要 root（安装与卸载 .deb）"
command -v apt-get >/dev/null || fail "需要 Debian/Ubuntu（apt-get）"
RUN_STARTED=$(date +%s%N)

say "tools"
missing=""
for pkg in $TOOLS $QT_RUNTIME; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
    echo "安装：$missing"
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# A desktop has a D-Bus machine id (systemd writes it); a bare chroot has none, and without it the program
# asks Qt for no fcitx/ibus plugin, on purpose (ui/input_method.py): the Chinese-input checks below need one.
[ -s /etc/machine-id ] || [ -s /var/lib/dbus/machine-id ] || tr -d - </proc/sys/kernel/random/uuid >/etc/machine-id

say "build the .deb"
started=$(date +%s%N)
bash "$REPO/packaging/linux/build-deb.sh" "$@"  # e.g. --old-glibc
BUILD_SECONDS=$(seconds_since "$started")
DEB=$(ls "$REPO"/dist/${APP}_*.deb)
DEB_MB=$(du -m "$DEB" | cut -f1)
[ "$DEB_MB" -le 45 ] || fail ".deb 为 ${DEB_MB} MB，超出 45 MB 预算"
dpkg-deb --field "$DEB" Depends | grep "libc6 (>=" >/dev/null || fail "Depends 缺少 libc6 的最低版本"

say "desktop-file-validate"
desktop-file-validate "$REPO/packaging/linux/$APP.desktop" || fail "desktop 文件未通过 desktop-file-validate"
dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$WORK" ./usr/share/applications/$APP.desktop
desktop-file-validate "$WORK/usr/share/applications/$APP.desktop" || fail "包内 desktop 文件未通过校验"

say "apt-get install"
started=$(date +%s%N)
apt-get install -y -qq "$DEB" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; fail "apt-get install 失败"; }
INSTALLED_BY_US=1
INSTALL_SECONDS=$(seconds_since "$started")
[ -x "/opt/$APP/$APP" ] || fail "/opt/$APP/$APP 不存在"
[ "$(command -v $APP)" = "/usr/bin/$APP" ] || fail "$APP 不在 PATH 上"
INSTALLED_MB=$(du -sm "/opt/$APP" | cut -f1)
[ "$INSTALLED_MB" -le 140 ] || fail "安装后 ${INSTALLED_MB} MB，超出 140 MB 预算"

say "installed --self-test (headless, as a user with an empty home)"
mkdir -p "$WORK/home"
started=$(date +%s%N)
env -i PATH=/usr/bin:/bin HOME="$WORK/home" LANG=C.UTF-8 TMPDIR="$WORK" "$APP" --self-test ||
    fail "安装后的程序自检失败"
SELFTEST_SECONDS=$(seconds_since "$started")
leftovers=$(find "$WORK/home" -iname "*gov*report*")
[ -z "$leftovers" ] || { echo "$leftovers"; fail "自检在用户目录里留下了文件"; }

say "Chinese input: the fcitx plugin is in the bundle, and pinyin typed through fcitx 5 / ibus arrives"
# 统信UOS / 银河麒麟 sessions set QT_IM_MODULE=fcitx: the self-test must find the bundled plugin for it.
env -i PATH=/usr/bin:/bin HOME="$WORK/home" LANG=C.UTF-8 TMPDIR="$WORK" QT_IM_MODULE=fcitx "$APP" --self-test |
    grep "✓ 中文输入法插件：.*使用 fcitx 插件" || fail "QT_IM_MODULE=fcitx 时自检未找到 fcitx 输入法插件"
started=$(date +%s%N)
bash "$REPO/packaging/linux/typing-test.sh" --app installed || fail "通过输入法输入中文失败"
TYPING_SECONDS=$(seconds_since "$started")

say "MIME type and file association"
cp "$REPO/resources/examples/putuo-minzheng-2020.govreport" "$WORK/年报.govreport"
filetype=$(env XDG_DATA_DIRS=/usr/share xdg-mime query filetype "$WORK/年报.govreport")
echo "xdg-mime query filetype → $filetype"
[ "$filetype" = "application/x-govreport" ] || fail "MIME 类型未注册（得到 $filetype）"
default_app=$(env XDG_DATA_DIRS=/usr/share xdg-mime query default application/x-govreport)
echo "xdg-mime query default → $default_app"
[ "$default_app" = "$APP.desktop" ] || fail ".govreport 文件不会用本程序打开（得到 ${default_app:-无}）"
[ -f "/usr/share/icons/hicolor/256x256/apps/$APP.png" ] || fail "缺少 256 像素图标"

say "start-up: installed vs development venv"
# A failed start fails CI; a missed time budget is reported but does not, since timings on a shared CI
# machine are noise-prone (the budget is tracked by the benchmark and stated in the README).
startup_status=0
STARTUP_LINE=$(bash "$REPO/packaging/bench_startup.sh" 7) || startup_status=$?
echo "$STARTUP_LINE"
case "$startup_status" in
    0) ;;
    3) echo "注意：本次测得的启动时间比值超出 1.2 的预算（计时受机器负载影响，不作为 CI 失败条件）。" ;;
    *) fail "安装版无法启动" ;;
esac

say "apt-get remove --purge"
started=$(date +%s%N)
apt-get remove --purge -y -qq "$APP" >"$WORK/remove.log" 2>&1 || { cat "$WORK/remove.log"; fail "apt-get remove 失败"; }
INSTALLED_BY_US=0
REMOVE_SECONDS=$(seconds_since "$started")
[ ! -e "/opt/$APP" ] || fail "/opt/$APP 卸载后仍然存在"
[ ! -e "/usr/bin/$APP" ] || fail "/usr/bin/$APP 卸载后仍然存在"
[ ! -e "/usr/share/applications/$APP.desktop" ] || fail "desktop 文件卸载后仍然存在"
after=$(env XDG_DATA_DIRS=/usr/share xdg-mime query filetype "$WORK/年报.govreport")
[ "$after" != "application/x-govreport" ] || fail "卸载后 MIME 类型仍然注册"

say "NSIS installer (placeholder payload)"
bash "$REPO/packaging/windows/compile-installer.sh"

say "summary"
echo ".deb：$(basename "$DEB")，${DEB_MB} MB（预算 45）；安装后 ${INSTALLED_MB} MB（预算 140）"
echo "Depends：$(dpkg-deb --field "$DEB" Depends)"
echo "构建 ${BUILD_SECONDS} s，安装 ${INSTALL_SECONDS} s，自检 ${SELFTEST_SECONDS} s，卸载 ${REMOVE_SECONDS} s"
echo "输入法测试 ${TYPING_SECONDS} s"
echo "$STARTUP_LINE" | head -1
echo "合计 $(seconds_since "$RUN_STARTED") s。全部通过。"
