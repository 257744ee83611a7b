# Shared by scripts/start.sh and scripts/test.sh: system packages and the virtual environment.
# Sourced, not run.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="${GOV_REPORT_VENV:-$REPO_ROOT/.venv}"

# What Qt needs to start (offscreen and on a desktop), and a font with Chinese glyphs.
QT_RUNTIME_PACKAGES="libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 \
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 \
libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1 libcups2 fonts-noto-cjk"

missing_packages() {
    local missing=""
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
    done
    echo "$missing"
}

# Install Debian/Ubuntu packages that are not there yet (as root), or say exactly what to run.
ensure_system_packages() {
    command -v dpkg-query >/dev/null 2>&1 || { echo "（非 Debian/Ubuntu 系统：跳过系统软件包检查）"; return 0; }
    local missing
    missing=$(missing_packages "$@")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = "0" ]; then
        echo "安装系统软件包：$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "缺少系统软件包，请先运行：" >&2
        echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
        exit 1
    fi
}

# Create .venv (once) and install the project with the given extras into it.
ensure_venv() {
    local extras="$1"
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV" || {
            echo "无法创建 Python 虚拟环境；Debian/Ubuntu 上请安装 python3-venv。" >&2
            exit 1
        }
    fi
    local stamp="$VENV/.installed-$extras"
    if [ ! -f "$stamp" ] || [ "$REPO_ROOT/pyproject.toml" -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
        "$VENV/bin/python" -m pip install -q -e "$REPO_ROOT[$extras]"
        touch "$stamp"
    fi
}
