#!/usr/bin/env bash
# Install a built .deb inside the old-glibc chroot (Debian 11 by default), run the installed program's
# --self-test there as a user with an empty home, type pinyin into it through fcitx 4 (Debian 11's fcitx
# 4.2.9, the fcitx of 统信UOS V20 / 银河麒麟 V10; GOV_REPORT_TYPING_FCITX4=0 leaves that out), remove it with
# --purge and check nothing is left in /opt.
# Called by `build-deb.sh --old-glibc`; needs root and the chroot made by build-old-glibc.sh.
#   bash packaging/linux/test-deb-in-chroot.sh dist/gov-report-desktop_<version>_<arch>.deb
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEB=$(realpath "$1")
SUITE="${GOV_REPORT_OLD_SUITE:-bullseye}"
CHROOT="${GOV_REPORT_OLD_ROOT:-$REPO/build/old-glibc/$SUITE}"
[ -x "$CHROOT/usr/bin/apt-get" ] || { echo "没有找到 $CHROOT，请先运行 build-deb.sh --old-glibc" >&2; exit 1; }

unmount_all() {
    for mount_point in "$CHROOT/src" "$CHROOT/proc" "$CHROOT/dev"; do
        mountpoint -q "$mount_point" && umount -l "$mount_point"
    done
    return 0
}
trap unmount_all EXIT
mount -t proc proc "$CHROOT/proc"
mount --bind /dev "$CHROOT/dev"
mkdir -p "$CHROOT/src"
mount --bind "$REPO" "$CHROOT/src"  # the typing test and the example it types into
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
cp "$DEB" "$CHROOT/tmp/package-under-test.deb"
chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    TYPING_FCITX4="${GOV_REPORT_TYPING_FCITX4:-1}" /bin/bash -euo pipefail -c '
    echo "== $(. /etc/os-release; echo "$PRETTY_NAME"), $(ldd --version | sed -n 1p)"
    apt-get install -y -qq /tmp/package-under-test.deb >/tmp/install.log 2>&1 || { cat /tmp/install.log; exit 1; }
    home=$(mktemp -d)
    env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 gov-report-desktop --self-test
    if [ "$TYPING_FCITX4" = 1 ]; then
        echo "== fcitx 4 typing test (QT_IM_MODULE=fcitx, the bundled plugin only)"
        apt-get install -y -qq --no-install-recommends xvfb xdotool x11-utils imagemagick dbus fcitx-bin fcitx-data \
            fcitx-modules fcitx-module-dbus fcitx-module-x11 fcitx-pinyin fcitx-ui-classic >/tmp/fcitx.log 2>&1 ||
            { cat /tmp/fcitx.log; exit 1; }
        dbus-run-session -- /opt/venv/bin/python /src/packaging/linux/typing_test.py --im fcitx4 \
            --qt-im-module fcitx --qt-im-modules fcitx --app=/opt/gov-report-desktop/gov-report-desktop \
            --python /opt/venv/bin/python --screenshots /src/build/typing-test 2> >(grep -v "fd limit" >&2)
    fi
    apt-get remove --purge -y -qq gov-report-desktop >/dev/null 2>&1
    [ ! -e /opt/gov-report-desktop ] || { echo "卸载后 /opt/gov-report-desktop 仍然存在" >&2; exit 1; }
    rm -f /tmp/package-under-test.deb
    echo "旧系统上安装、自检、卸载均通过。"'
