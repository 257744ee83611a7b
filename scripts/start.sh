#!/usr/bin/env bash
# Set up everything and open the bundled example report.
#   bash scripts/start.sh [FILE]
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

require_python
ensure_system_packages $VENV_PACKAGE $QT_RUNTIME_PACKAGES
ensure_venv test

FILE="${1:-$REPO_ROOT/resources/examples/putuo-minzheng-2020.govreport}"
check_on_command_line() {
    echo "$1下面改为在命令行检查该报告：" >&2
    exec "$VENV/bin/gov-report" check "$FILE"
}
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    check_on_command_line "没有检测到图形桌面（DISPLAY 未设置），无法打开窗口。"
fi
# The window needs no GPU (Qt widgets draw in software), but it needs a display it can connect to and
# the X11 libraries of Qt's xcb plugin; Qt's own messages for either are English and end in an abort.
GUI_LOG="$VENV-window.log"
status=0
# In a subshell, so that bash's own "Aborted" notice goes to the log as well.
("$VENV/bin/gov-report-desktop" "$FILE"; exit $?) 2>"$GUI_LOG" || status=$?
[ "$status" = 0 ] && exit 0
if grep -q "could not connect to display" "$GUI_LOG"; then
    check_on_command_line "无法连接到图形桌面（DISPLAY=${DISPLAY:-}），无法打开窗口。"
elif grep -q "Could not load the Qt platform plugin" "$GUI_LOG"; then
    fail "缺少打开窗口所需的系统库（Qt 的 X11 支持），请先运行：
  sudo apt-get install -y --no-install-recommends $QT_RUNTIME_PACKAGES
详细记录：$GUI_LOG"
fi
cat "$GUI_LOG" >&2
exit "$status"
