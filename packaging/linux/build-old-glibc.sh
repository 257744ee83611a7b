#!/usr/bin/env bash
# Freeze the app inside a Debian 11 (bullseye, glibc 2.31) chroot so the bundle runs on older systems than the
# build host. Called by `build-deb.sh --old-glibc`; leaves the bundle in build/pyinstaller/dist/ like a normal
# build, then build-deb.sh packages it. Needs root, debootstrap and the Debian mirror (and PyPI) — no more.
#
# Why bullseye and not buster (Debian 10, glibc 2.28, the base of 统信UOS V20): deb.debian.org no longer serves
# buster and archive.debian.org is not reachable from the build machines (checked 2026-11-27; see README).
# Bullseye's own Python is 3.9, below the app's 3.10 floor, so CPython 3.11 is compiled from Debian's source
# tarball (the same 3.11.2 as bookworm). First run 217 s on 2 cores, all steps; the chroot is kept for next time.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SUITE="${GOV_REPORT_OLD_SUITE:-bullseye}"
MIRROR="${GOV_REPORT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CHROOT="${GOV_REPORT_OLD_ROOT:-$REPO/build/old-glibc/$SUITE}"
PY_VERSION=3.11.2
PY_TARBALL="python3.11_${PY_VERSION}.orig.tar.gz"
PY_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
BUILD_PACKAGES="build-essential binutils ca-certificates curl libssl-dev zlib1g-dev libffi-dev libbz2-dev \
liblzma-dev libsqlite3-dev uuid-dev libgdbm-dev libncurses-dev libreadline-dev \
libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 \
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 \
libxcb-xinerama0 libxcb-xkb1 libx11-xcb1 fonts-wqy-zenhei"

[ "$(id -u)" = 0 ] || { echo "需要 root 权限（debootstrap 与 chroot）。" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null

# pip inside trusts what the host's pip trusts (a company proxy's CA, for instance): the host's CA file is
# copied in under its own name, since the chroot's /etc/ssl/certs is Debian 11's own.
HOST_CA="${PIP_CERT:-$(sed -n 's/^ *cert *= *//p' /etc/pip.conf 2>/dev/null | head -1)}"
CHROOT_CA=/etc/gov-report-host-ca.crt
in_chroot() { chroot "$CHROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PIP_DISABLE_PIP_VERSION_CHECK=1 ${PIP_FIND_LINKS:+PIP_FIND_LINKS="$PIP_FIND_LINKS"} ${HOST_CA:+PIP_CERT="$CHROOT_CA"} \
    ${PIP_DEFAULT_TIMEOUT:+PIP_DEFAULT_TIMEOUT="$PIP_DEFAULT_TIMEOUT"} /bin/bash -c "$1"; }

unmount_all() {
    for mount_point in "$CHROOT/src" "$CHROOT/proc" "$CHROOT/dev"; do
        mountpoint -q "$mount_point" && umount -l "$mount_point"
    done
    return 0
}
trap unmount_all EXIT

if [ ! -x "$CHROOT/usr/bin/gcc" ]; then
    echo "== debootstrap $SUITE → $CHROOT"
    rm -rf "$CHROOT" && mkdir -p "$CHROOT"
    debootstrap --variant=minbase "$SUITE" "$CHROOT" "$MIRROR" >"$CHROOT.debootstrap.log" 2>&1 ||
        { echo "debootstrap 失败，见 $CHROOT.debootstrap.log" >&2; exit 1; }
    cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
    in_chroot "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $BUILD_PACKAGES >/dev/null"
fi
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
# The host's pip settings (index, certificates, constraints) apply inside too.
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$CHROOT/etc/pip.conf"
[ -d /etc/xdg/pip ] && mkdir -p "$CHROOT/etc/xdg" && cp -r /etc/xdg/pip "$CHROOT/etc/xdg/"
[ -n "$HOST_CA" ] && [ -f "$HOST_CA" ] && cp "$HOST_CA" "$CHROOT$CHROOT_CA"
[ -f "$CHROOT/etc/pip.conf" ] && sed -i "s#^ *cert *=.*#cert = $CHROOT_CA#" "$CHROOT/etc/pip.conf"
for path in $(grep -ho '=\s*/[^ ]*' /etc/pip.conf /etc/xdg/pip/pip.conf 2>/dev/null | tr -d '= ') \
    $(printf '%s' "${PIP_FIND_LINKS:-}" | tr ' ' '\n' | sed 's#^file://##' | grep '^/' || true); do
    [ -e "$path" ] && [ ! -e "$CHROOT$path" ] && mkdir -p "$CHROOT$(dirname "$path")" && cp -r "$path" "$CHROOT$(dirname "$path")/"
done

mount -t proc proc "$CHROOT/proc"
mount --bind /dev "$CHROOT/dev"
mkdir -p "$CHROOT/src"
mount --bind "$REPO" "$CHROOT/src"

# Bullseye has glibc 2.31; these keep CPython's own symbol versions at ≤ 2.28 (统信UOS V20 / Debian 10):
# the math functions link to their pre-2.29 versions (same results, older entry points) and sem_clockwait
# (2.30) is not used, so threading falls back to sem_timedwait as on older systems.
PY_STAMP="$CHROOT/opt/python3.11/.built-for-glibc-2.28"
cat >"$CHROOT/tmp/glibc-2.28-compat.h" <<'HEADER'
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
HEADER
if [ ! -f "$PY_STAMP" ]; then
    echo "== CPython $PY_VERSION from Debian's source tarball"
    rm -rf "$CHROOT/opt/python3.11" "$CHROOT/opt/venv" "$CHROOT/tmp/Python-$PY_VERSION"
    curl -fsS -o "$CHROOT/tmp/$PY_TARBALL" "$MIRROR/pool/main/p/python3.11/$PY_TARBALL"
    echo "$PY_SHA256  $CHROOT/tmp/$PY_TARBALL" | sha256sum -c --quiet
    in_chroot "cd /tmp && tar xzf $PY_TARBALL && cd Python-$PY_VERSION && \
        ./configure -q --prefix=/opt/python3.11 --enable-shared LDFLAGS=-Wl,-rpath,/opt/python3.11/lib \
            CFLAGS='-include /tmp/glibc-2.28-compat.h' ac_cv_func_sem_clockwait=no >/dev/null && \
        make -s -j\$(nproc) >/tmp/python-build.log 2>&1 && make -s install >/dev/null 2>&1"
    touch "$PY_STAMP"
fi

echo "== venv with PySide6 < 6.10 and PyInstaller"
in_chroot "[ -x /opt/venv/bin/python ] || /opt/python3.11/bin/python3.11 -m venv /opt/venv
    /opt/venv/bin/pip install -q --upgrade pip >/dev/null
    /opt/venv/bin/pip install -q '/src' pyinstaller 2>&1 | grep -v 'is ignored' || true
    /opt/venv/bin/python -c 'import PySide6; print(\"PySide6\", PySide6.__version__)'"

# The fcitx input-method plugin is compiled here too, with bullseye's compiler and glibc, so it keeps the
# bundle's floor (a plugin built on the host would ask for the host's newer libstdc++/glibc symbols).
echo "== fcitx input-method plugin (in $SUITE)"
FCITX_PLUGIN=$(in_chroot "bash /src/packaging/linux/build-fcitx-qt6-plugin.sh \
    \$(/opt/venv/bin/python -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), \"Qt\"))')" |
    tail -1)
echo "   $FCITX_PLUGIN"
echo "== PyInstaller (in $SUITE)"
in_chroot "cd /src && GOV_REPORT_FCITX_PLUGIN=$FCITX_PLUGIN /opt/venv/bin/pyinstaller --noconfirm --log-level ERROR \
    --distpath build/old-glibc/dist --workpath build/old-glibc/work packaging/gov-report-desktop.spec"
echo "== --self-test inside $SUITE"
in_chroot "QT_QPA_PLATFORM=offscreen /src/build/old-glibc/dist/gov-report-desktop/gov-report-desktop --self-test"
