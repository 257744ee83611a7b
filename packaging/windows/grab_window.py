"""Save an X11 window as PNG once it has finished painting (the Wine chain's screenshot of the installed app).

Runs with the host's PySide6 on the Xvfb display the Windows app is shown on (xcb platform):
    python packaging/windows/grab_window.py WINDOW_ID OUT.png [MAX_WIDTH]
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage


def grab(window_id: int) -> QImage:
    screen = QGuiApplication.primaryScreen()
    return screen.grabWindow(window_id).toImage()


def settled_image(window_id: int, timeout: float = 60.0) -> QImage:
    """The window's picture once two grabs a second apart agree (start-up paints in several passes)."""
    deadline = time.monotonic() + timeout
    previous = grab(window_id)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        current = grab(window_id)
        if not current.isNull() and current == previous and current.width() > 200:
            return current
        previous = current
    raise SystemExit(f"窗口 {window_id:#x} 在 {timeout:.0f} 秒内没有画完")


def main(argv: list[str]) -> int:
    app = QGuiApplication(["grab_window", "-platform", "xcb"])
    window_id, out = int(argv[0], 0), argv[1]
    max_width = int(argv[2]) if len(argv) > 2 else 0
    image = settled_image(window_id)
    if max_width and image.width() > max_width:
        image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    if not image.save(out, "PNG", 0):
        raise SystemExit(f"无法保存 {out}")
    print(f"{image.width()}×{image.height()}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
