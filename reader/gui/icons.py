"""Icons: the app's own SVG, and theme icons with standard fallbacks (high-DPI by being vector)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from reader.model import Kind


def _resource(name: str) -> str:
    return str(resources.files("reader.resources").joinpath(name))


@cache
def app_icon() -> QIcon:
    return QIcon(_resource("icons/archive-reader.svg"))


# Our own type badges: theme icons exist only on some Linux desktops, and there they often
# look alike; a coloured label reads the same on every platform and palette.
_KIND_BADGE = {
    Kind.PDF: ("PDF", "#c0392b"),
    Kind.HTML: ("HTM", "#2c6fbb"),
    Kind.TXT: ("TXT", "#5d6d7e"),
    Kind.IMAGE: ("IMG", "#1e8449"),
    Kind.ZIP: ("ZIP", "#9a6a00"),
    Kind.OTHER: ("…", "#7f8c8d"),
}


@cache
def kind_icon(kind: Kind) -> QIcon:
    """A small page with the type written on it, drawn at several sizes (high DPI)."""
    text, colour = _KIND_BADGE.get(kind, _KIND_BADGE[Kind.OTHER])
    icon = QIcon()
    for size in (16, 24, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        margin = size * 0.06
        painter.drawRoundedRect(
            QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18
        )
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(6, int(size * 0.36)))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def standard(pixmap: QStyle.StandardPixmap) -> QIcon:
    style = QApplication.style()
    return style.standardIcon(pixmap)
