# Shared by scripts/start.sh and scripts/test.sh: Python, system packages and the virtual environment.
# Sourced, not run. Everything apt and pip print goes to $SETUP_LOG; the newcomer sees a few Chinese
# progress lines, and on failure one Chinese message that says what is missing and where the log is.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="${GOV_REPORT_VENV:-$REPO_ROOT/.venv}"
SETUP_LOG="$VENV-setup.log"
PYTHON_MINIMUM=3.10
# How long to wait for another installation (e.g. the system's automatic updates) to release the
# package manager before giving up.
APT_WAIT_SECONDS="${GOV_REPORT_APT_WAIT:-300}"
OFFLINE_HINT="没有网络的办公电脑请改用 .deb 安装包（见 README 的“安装包”一节），它已包含运行所需的一切。"

# What Qt needs to start (offscreen and on a desktop), and a font with Chinese glyphs.
QT_RUNTIME_PACKAGES="libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 \
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 \
libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1 libcups2 fonts-noto-cjk"

fail() {
    echo "$*" >&2
    exit 1
}

# Each run that has something to install adds a section to the set-up log.
start_setup_log() {
    [ -n "${_SETUP_LOG_STARTED:-}" ] && return 0
    _SETUP_LOG_STARTED=1
    mkdir -p "$(dirname "$SETUP_LOG")"
    touch "$SETUP_LOG"
    _SETUP_LOG_FROM=$(($(wc -c <"$SETUP_LOG") + 1))
    echo "== $(date '+%F %T') $0" >>"$SETUP_LOG"
}
this_run_log() { tail -c "+$_SETUP_LOG_FROM" "$SETUP_LOG"; }
# Does the log from byte $1 on have a line matching $2? (grep reads it all: no SIGPIPE under pipefail)
log_has() { [ -n "$(tail -c "+$1" "$SETUP_LOG" | grep -e "$2")" ]; }

python_version() { "$1" --version 2>&1 | sed -n 's/^Python \([0-9]*\.[0-9]*\).*/\1/p'; }
version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }

# Sets PYTHON to an interpreter >= $PYTHON_MINIMUM (the existing .venv's, python3, or a newer python3.X
# beside an old python3) and VENV_PACKAGE to the Debian package that its venv/pip support needs, if
# missing. Checked before anything is installed.
require_python() {
    local candidate version oldest=""
    VENV_PACKAGE=""
    for candidate in "$VENV/bin/python" python3 python3.13 python3.12 python3.11 python3.10; do
        command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
        version=$(python_version "$candidate" || true)
        [ -n "$version" ] || continue
        if version_at_least "$version" "$PYTHON_MINIMUM"; then
            PYTHON=$candidate
            [ "$candidate" = "$VENV/bin/python" ] && return 0
            # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a separate package.
            "$PYTHON" -c "import ensurepip, venv; ensurepip.version()" >/dev/null 2>&1 ||
                VENV_PACKAGE="python$version-venv"
            return 0
        fi
        [ -n "$oldest" ] || oldest="$version（$candidate）"
    done
    [ -n "$oldest" ] || fail "没有找到 Python 3。开发环境需要 Python $PYTHON_MINIMUM 或更新版本，请先运行：
  sudo apt-get install -y python3 python3-venv
$OFFLINE_HINT"
    fail "本机的 Python 是 $oldest，开发环境需要 Python $PYTHON_MINIMUM 或更新版本（Debian 12、Ubuntu 22.04 及以后的系统自带）。
请安装较新的 Python（例如 python3.11 和 python3.11-venv）后再运行本命令。
只是使用本软件的办公电脑不需要 Python：$OFFLINE_HINT"
}

missing_packages() {
    local missing=""
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
    done
    echo "$missing"
}

say_waiting_once() {
    [ -n "${_SAID_WAITING:-}" ] && return 0
    _SAID_WAITING=1
    echo "另一个程序正在安装或更新软件（例如系统自动更新），等待它结束（最多 $(wait_text)）……"
}
wait_text() { [ "$APT_WAIT_SECONDS" -ge 120 ] && echo "$((APT_WAIT_SECONDS / 60)) 分钟" || echo "$APT_WAIT_SECONDS 秒"; }

# apt-get with apt's own lock timeout (DPkg::Lock::Timeout), its output in the set-up log; says once when
# apt reports that it waits for another installation. `apt-get update` has no lock timeout of its own, and
# once in CI `apt-get install` reported the held frontend lock without waiting for it (no "Waiting for cache
# lock" in its output), so any attempt that failed on a lock is retried until the same deadline.
# APT_OUTPUT_FROM: where the last attempt's output starts in the log.
apt_get() {
    local deadline=$((SECONDS + APT_WAIT_SECONDS)) from pid status
    while :; do
        from=$(($(wc -c <"$SETUP_LOG") + 1))
        APT_OUTPUT_FROM=$from
        # Line-buffered, so that apt's "Waiting for cache lock" is in the log while it waits.
        LC_ALL=C stdbuf -oL apt-get -o DPkg::Lock::Timeout=$((deadline > SECONDS ? deadline - SECONDS : 1)) "$@" \
            >>"$SETUP_LOG" 2>&1 </dev/null &
        pid=$!
        while kill -0 "$pid" 2>/dev/null; do
            log_has "$from" "^Waiting for cache lock" && say_waiting_once
            sleep 0.5
        done
        status=0
        wait "$pid" || status=$?
        if [ "$status" != 0 ] && [ "$SECONDS" -lt "$deadline" ] && apt_lock_failed; then
            say_waiting_once
            sleep 3
            continue
        fi
        return "$status"
    done
}

# Did the last apt-get give up waiting for a lock?
apt_lock_failed() {
    log_has "$APT_OUTPUT_FROM" "^E: \(Could not get lock\|Unable to acquire the dpkg frontend lock\|Unable to lock\)"
}

# Install Debian/Ubuntu packages that are not there yet (as root), or say exactly what to run.
ensure_system_packages() {
    command -v dpkg-query >/dev/null 2>&1 || { echo "（非 Debian/Ubuntu 系统：跳过系统软件包检查）"; return 0; }
    local missing
    missing=$(missing_packages "$@")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != "0" ]; then
        fail "缺少系统软件包，请先运行：
  sudo apt-get install -y --no-install-recommends$missing"
    fi
    start_setup_log
    # shellcheck disable=SC2086
    say_installing $missing
    export DEBIAN_FRONTEND=noninteractive
    # A failed update (no network) is not the end: the package lists already on the machine may do.
    local update_locked=""
    if ! apt_get update && apt_lock_failed; then update_locked=1; fi
    # shellcheck disable=SC2086
    apt_get install -y -q --no-install-recommends $missing || apt_failure "$update_locked" "$missing"
}

say_installing() {
    local names="$1" pkg
    for pkg in "${@:2:2}"; do names="$names、$pkg"; done
    [ "$#" -le 3 ] || names="$names 等"
    echo "正在安装 $# 个系统软件包（$names），需要联网，通常 1–5 分钟……"
}

# Why apt-get install failed, in Chinese: the lock, an interrupted dpkg, or no network / package source.
apt_failure() {
    local update_locked="$1" missing="$2" holder
    if [ -n "$update_locked" ] || apt_lock_failed; then
        holder=$(this_run_log | sed -n 's/.*It is held by process \([0-9]*\) (\(.*\)).*/\2（进程 \1）/p' | tail -1)
        fail "等了 $(wait_text)，另一个安装程序${holder:+ $holder}仍未结束，已放弃。
请等它结束（或重启电脑）后再运行本命令。详细记录：$SETUP_LOG"
    fi
    if log_has "$_SETUP_LOG_FROM" "dpkg was interrupted"; then
        fail "上一次安装软件时被中断，系统的软件包管理器需要先修复，请运行：
  sudo dpkg --configure -a
然后再运行本命令。详细记录：$SETUP_LOG"
    fi
    fail "无法安装系统软件包：${missing# }
这台电脑可能没有联网，或没有可用的软件源（apt）。$OFFLINE_HINT
详细记录：$SETUP_LOG"
}

# pip, quiet: its output (warnings about the machine's pip configuration, setuptools' notes on
# editable installs) goes to the set-up log.
pip_quiet() {
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_PROGRESS_BAR=off \
        "$VENV/bin/python" -m pip "$@" >>"$SETUP_LOG" 2>&1 </dev/null
}

# One Chinese summary of why pip failed, read from its log.
pip_failure() {
    local log wanted reason
    log=$(this_run_log)
    wanted=$(sed -n 's/.*No matching distribution found for \([^ ]*\).*/\1/p' <<<"$log" | sort -u | tr '\n' ' ')
    if grep -q -i "no space left on device" <<<"$log"; then
        reason="磁盘空间不足。"
    elif grep -q -E "NewConnectionError|Temporary failure in name resolution|Network is unreachable|Max retries exceeded|ConnectTimeout|ReadTimeout" <<<"$log"; then
        reason="无法连接 Python 软件源（PyPI 或其镜像）：这台电脑可能没有联网。$OFFLINE_HINT"
    else
        reason="可能是这台电脑没有联网，或 pip 的软件源（PyPI 或其镜像）里没有这些软件包。$OFFLINE_HINT"
    fi
    fail "无法安装 Python 依赖${wanted:+（未能下载：${wanted% }）}。
$reason
完整记录：$SETUP_LOG"
}

# Create .venv (once) and install the project with the given extras into it.
ensure_venv() {
    local extras="$1" started=$SECONDS
    local stamp="$VENV/.installed-$extras"
    [ ! -f "$stamp" ] || [ "$REPO_ROOT/pyproject.toml" -nt "$stamp" ] || return 0
    start_setup_log
    if [ ! -x "$VENV/bin/python" ]; then
        echo "正在创建 Python 虚拟环境（$VENV）……"
        "$PYTHON" -m venv "$VENV" >>"$SETUP_LOG" 2>&1 ||
            fail "无法创建 Python 虚拟环境。Debian/Ubuntu 上请先运行：sudo apt-get install -y python3-venv
详细记录：$SETUP_LOG"
    fi
    echo "正在安装 Python 依赖（PySide6、pydantic、python-docx 等，下载约 140 MB，装好后约 450 MB），首次需要 1–5 分钟……"
    pip_quiet install --upgrade pip || pip_failure
    pip_quiet install -e "$REPO_ROOT[$extras]" || pip_failure
    touch "$stamp"
    echo "Python 依赖已安装（用时 $((SECONDS - started)) 秒）。"
}
