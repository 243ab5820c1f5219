"""Dragging files out of a list or tree to the desktop or a file manager: copies only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QAbstractItemView, QStyle

from reader.gui.icons import standard

FileRef = tuple[str, str]  # (volume id, path) of a file of the archive
# The files' data for a drag (file URLs), or None when none of them can be had.
DragData = Callable[[list[FileRef]], QMimeData | None]


def start_file_drag(view: QAbstractItemView, refs: list[FileRef], data: DragData | None) -> None:
    """Drag `refs` out of `view`, offered for copying only: a file manager told it may
    move them would delete the file from a copied archive folder."""
    mime = data(refs) if refs and data is not None else None
    if mime is None:
        return
    drag = QDrag(view)
    drag.setMimeData(mime)
    drag.setPixmap(standard(QStyle.StandardPixmap.SP_FileIcon).pixmap(32, 32))
    drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
