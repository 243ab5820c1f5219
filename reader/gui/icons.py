"""Icons: the app's own SVG, and theme icons with standard fallbacks (high-DPI by being vector)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from reader.model import Kind


def _resource(name: str) -> str:
    return str(resources.files("reader.resources").joinpath(name))


@cache
def app_icon() -> QIcon:
    return QIcon(_resource("icons/archive-reader.svg"))


_KIND_THEME = {
    Kind.HTML: ("text-html", QStyle.StandardPixmap.SP_FileIcon),
    Kind.TXT: ("text-x-generic", QStyle.StandardPixmap.SP_FileIcon),
    Kind.PDF: ("application-pdf", QStyle.StandardPixmap.SP_FileIcon),
    Kind.IMAGE: ("image-x-generic", QStyle.StandardPixmap.SP_FileIcon),
    Kind.ZIP: ("package-x-generic", QStyle.StandardPixmap.SP_DirIcon),
    Kind.OTHER: ("unknown", QStyle.StandardPixmap.SP_FileIcon),
}


def kind_icon(kind: Kind) -> QIcon:
    theme, fallback = _KIND_THEME.get(kind, _KIND_THEME[Kind.OTHER])
    return QIcon.fromTheme(theme, standard(fallback))


def standard(pixmap: QStyle.StandardPixmap) -> QIcon:
    style = QApplication.style()
    return style.standardIcon(pixmap)
