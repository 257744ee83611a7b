"""Render resources/icons/app.svg to the PNG sizes the desktop needs, and to a Windows .ico.

    python packaging/make_icons.py                 # (re)write resources/icons/app-<size>.png
    python packaging/make_icons.py --ico OUT.ico   # also write a multi-size .ico (Windows exe and installer)

Qt renders the SVG so no extra tool is needed on Windows; the PNGs are committed, the .ico is a build product.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> object:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def write_pngs(svg: Path) -> list[Path]:
    written = []
    for size in PNG_SIZES:
        target = ICONS / f"app-{size}.png"
        if not render(svg, size).save(str(target), "PNG"):  # type: ignore[attr-defined]
            raise SystemExit(f"cannot write {target}")
        written.append(target)
    return written


def write_ico(svg: Path, target: Path) -> None:
    """A .ico with one image per size, written by hand: Qt's ico writer stores a single size only."""
    import struct

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    images = []
    for size in ICO_SIZES:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        render(svg, size).save(buffer, "PNG")  # type: ignore[attr-defined]
        images.append((size, bytes(data.data())))
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(header + entries + blobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ico", type=Path, help="also write a Windows .ico here")
    parser.add_argument("--no-png", action="store_true", help="do not rewrite the committed PNGs")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "app.svg"
    if not args.no_png:
        for path in write_pngs(svg):
            print(path.relative_to(ROOT))
    if args.ico:
        write_ico(svg, args.ico)
        print(args.ico)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
