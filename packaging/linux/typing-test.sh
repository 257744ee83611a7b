#!/usr/bin/env bash
# Type pinyin into the app through real input methods (Xvfb, a D-Bus session, xdotool) and check the saved
# project holds Chinese: packaging/linux/typing_test.py does one case, this runs them all.
#
#   bash packaging/linux/typing-test.sh [--app installed|venv]
#
# The installed program (/opt/gov-report-desktop) when it is there, else the development venv (which has no
# fcitx plugin: its fcitx case runs through the QT_IM_MODULES fallback). As root it installs what it needs
# (Xvfb, xdotool, fcitx5 with pinyin, ibus with libpinyin); otherwise a missing tool skips with the reason.
# Exit 0 = every case passed or was skipped with a stated reason; 1 = a case failed.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
VENV="${GOV_REPORT_VENV:-$REPO/.venv}"
INSTALLED=/opt/gov-report-desktop/gov-report-desktop
TOOLS="xvfb xdotool x11-utils imagemagick dbus-bin dbus-daemon fcitx5 fcitx5-chinese-addons ibus ibus-libpinyin"
SHOTS="${GOV_REPORT_TYPING_SHOTS:-$REPO/build/typing-test}"

which_app="${2:-}"
[ "${1:-}" = "--app" ] || which_app=""
if [ -z "$which_app" ]; then
    if [ -x "$INSTALLED" ]; then which_app=installed; else which_app=venv; fi
fi

if [ "$(id -u)" = 0 ]; then
    missing=""
    for pkg in $TOOLS; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
    done
    if [ -n "$missing" ]; then
        echo "安装：$missing"
        apt-get -o DPkg::Lock::Timeout=900 update -qq >/dev/null
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
            $missing >/dev/null
    fi
fi
if ! command -v dbus-run-session >/dev/null; then
    echo "跳过输入法测试：没有 dbus-run-session（需要 root 安装 dbus，或手动安装：$TOOLS）"
    exit 0
fi

# case: input method | QT_IM_MODULE | QT_IM_MODULES ("-" = unset, as on a clerk's desktop) | what it proves
CASES="fcitx5|fcitx|-|fcitx 5, QT_IM_MODULE=fcitx as 统信UOS/银河麒麟 set it
fcitx5|ibus|-|fcitx 5 through its ibus interface
ibus|ibus|-|ibus with libpinyin"
if [ "$which_app" = installed ]; then
    app="$INSTALLED"
    # The bundled plugin alone (no ibus fallback): through fcitx 5's own interface, and through the fcitx 4
    # interface only (fcitx 5's fcitx4frontend, the protocol fcitx 4 on UOS V20 / Kylin V10 speaks).
    CASES="$CASES
fcitx5|fcitx|fcitx|the bundled fcitx plugin, fcitx 5 protocol, no fallback
fcitx5-fcitx4-protocol|fcitx|fcitx|the bundled fcitx plugin, fcitx 4 protocol only, no fallback"
else
    app="$VENV/bin/python -m gov_report_desktop.ui"
fi
echo "输入法测试：$([ "$which_app" = installed ] && echo "已安装的程序 $INSTALLED" || echo "开发环境 $VENV（未安装 .deb）")"

failed=0 passed=0 skipped=0 display=80 started=$SECONDS
while IFS='|' read -r im module modules what; do
    display=$((display + 1))
    args=(--im "$im" --qt-im-module "$module" --app="$app" --python "$VENV/bin/python" --display ":$display"
        --screenshots "$SHOTS")
    [ "$modules" = - ] || args+=(--qt-im-modules "$modules")
    echo "-- $what（$im，QT_IM_MODULE=$module，QT_IM_MODULES=${modules/-/未设置}）"
    status=0
    dbus-run-session -- "$VENV/bin/python" "$REPO/packaging/linux/typing_test.py" "${args[@]}" \
        2> >(grep -v 'fd limit\|dbus-daemon\[\|SpiRegistry\|Not connected to the ibus bus' >&2) || status=$?
    case "$status" in
        0) passed=$((passed + 1)) ;;
        77) skipped=$((skipped + 1)) ;;
        *) failed=$((failed + 1)) ;;
    esac
done <<<"$CASES"
echo "输入法测试：$passed passed, $failed failed, $skipped skipped（$((SECONDS - started)) s；截图在 $SHOTS）"
[ "$failed" = 0 ]
