#!/usr/bin/env bash
# Set up everything and open the bundled example report.
#   bash scripts/start.sh [FILE]
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

ensure_system_packages python3-venv $QT_RUNTIME_PACKAGES
ensure_venv test

FILE="${1:-$REPO_ROOT/resources/examples/putuo-minzheng-2020.govreport}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "没有检测到图形桌面（DISPLAY 未设置），无法打开窗口。下面改为在命令行检查该报告：" >&2
    exec "$VENV/bin/gov-report" check "$FILE"
fi
exec "$VENV/bin/gov-report-desktop" "$FILE"
