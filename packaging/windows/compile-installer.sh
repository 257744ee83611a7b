#!/usr/bin/env bash
# Compile the NSIS installer on Linux against a placeholder payload: proves installer.nsi compiles (CI).
# The real installer is built on Windows from the frozen app (see packaging/README.md and
# .github/workflows/windows.yml); NSIS scripts compile the same on both.
#   bash packaging/windows/compile-installer.sh [PAYLOAD_DIR]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
VENV="${GOV_REPORT_VENV:-$REPO/.venv}"
OUT="$REPO/build/windows"
VERSION=$(sed -n 's/^__version__ *= *"\(.*\)"/\1/p' "$REPO/gov_report_desktop/__init__.py" | head -1)
PAYLOAD="${1:-$OUT/placeholder}"

command -v makensis >/dev/null || {
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nsis >/dev/null
    else
        echo "缺少 makensis，请先运行：sudo apt-get install -y nsis" >&2
        exit 1
    fi
}
mkdir -p "$OUT"
if [ -z "${1:-}" ]; then
    # Stand-ins for the frozen app: the installer only needs files to pack.
    rm -rf "$PAYLOAD" && mkdir -p "$PAYLOAD/_internal/resources"
    printf 'MZ placeholder for gov-report-desktop.exe\n' >"$PAYLOAD/gov-report-desktop.exe"
    cp -r "$REPO/resources/examples" "$PAYLOAD/_internal/resources/"
fi
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" "$REPO/packaging/make_icons.py" --no-png --ico "$OUT/app.ico" >/dev/null
started=$(date +%s%N)
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DPAYLOAD="$PAYLOAD" -DICON="$OUT/app.ico" \
    -DOUTFILE="$OUT/gov-report-desktop-$VERSION-setup.exe" "$REPO/packaging/windows/installer.nsi"
echo "NSIS 安装程序已编译：build/windows/gov-report-desktop-$VERSION-setup.exe（$(du -k "$OUT/gov-report-desktop-$VERSION-setup.exe" | cut -f1) KB，$((($(date +%s%N) - started) / 1000000)) ms）"
