"""Render resources/icons/archive-reader.svg to every icon the packages need.

The hicolor PNGs in packaging/linux/icons/, packaging/windows/archive-reader.ico and
packaging/macos/archive-reader.icns. Run after changing the SVG, and commit the results:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/linux/render_icons.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "org.archivereader.ArchiveReader"
SIZES = (16, 32, 48, 64, 128, 256)
ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "resources" / "icons" / "archive-reader.svg"
PACKAGING = Path(__file__).resolve().parents[1]
OUT = PACKAGING / "linux" / "icons" / "hicolor"


def render(size: int, renderer: QSvgRenderer) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def to_pillow(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data().data())))


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        target = OUT / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size, renderer).save(str(target), "PNG"):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ROOT))
    scalable = OUT / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SOURCE.read_bytes())
    print(scalable.relative_to(ROOT))
    ico = PACKAGING / "windows" / "archive-reader.ico"
    ico.parent.mkdir(parents=True, exist_ok=True)
    to_pillow(render(256, renderer)).save(ico, sizes=[(s, s) for s in SIZES])
    print(ico.relative_to(ROOT))
    icns = PACKAGING / "macos" / "archive-reader.icns"
    icns.parent.mkdir(parents=True, exist_ok=True)
    to_pillow(render(512, renderer)).save(icns)  # Pillow writes the smaller sizes from it
    print(icns.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
