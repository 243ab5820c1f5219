"""Viewer for files the reader cannot show: their facts, and buttons that hand them on."""

from __future__ import annotations

import contextlib
import posixpath
from datetime import datetime

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reader.gui.language import translate
from reader.gui.viewers.base import OpenRequest, Viewer
from reader.indexing.extract.other import sniff
from reader.sentences import QT_TRANSLATE_NOOP
from reader.sources.volume import VolumeError

#: What sniff() says about files that can run code when opened.
RISKY_TYPES = ("executable", "Flash", "Office (OLE)", "RTF")
#: The facts shown, in order (the keys of `OtherViewer.fields`; shown translated).
FIELDS = (
    QT_TRANSLATE_NOOP("OtherViewer", "Path"),
    QT_TRANSLATE_NOOP("OtherViewer", "Size"),
    QT_TRANSLATE_NOOP("OtherViewer", "Kind"),
    QT_TRANSLATE_NOOP("OtherViewer", "Type"),
    QT_TRANSLATE_NOOP("OtherViewer", "Modified"),
    QT_TRANSLATE_NOOP("OtherViewer", "Disc"),
)


def human_size(size: int) -> str:
    """'1.4 MB (1,468,006 bytes)'."""
    locale = QLocale()
    exact = translate("OtherViewer", "{size} bytes").format(size=locale.toString(size))
    units = (
        (translate("OtherViewer", "{size} GB"), 2**30),
        (translate("OtherViewer", "{size} MB"), 2**20),
        (translate("OtherViewer", "{size} KB"), 2**10),
    )
    for unit, factor in units:
        if size >= factor:
            rounded = unit.format(size=locale.toString(size / factor, "f", 1))
            return translate("OtherViewer", "{rounded} ({exact})").format(
                rounded=rounded, exact=exact
            )
    return exact


class OtherViewer(Viewer):
    """Name, path, size, kind and sniffed type of a file, with two hand-off buttons.

    Signals:
        open_with_system(str): open this volume path with the system's viewer. The window
            copies the file to a temporary file first and opens the copy, never the
            archive's own path.
        save_copy(str): ask where to save a copy of this volume path.
    """

    open_with_system = Signal(str)
    save_copy = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("File information"))
        self.path = ""
        style = self.style()
        self.icon = QLabel(self)
        self.icon.setPixmap(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(64, 64))
        self.name = QLabel(self)
        self.name.setAccessibleName(self.tr("File name"))
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header = QHBoxLayout()
        header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.name, 1)

        self.fields: dict[str, QLabel] = {}
        # A grid, not a QFormLayout: the form clips word-wrapped values to one line.
        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setColumnStretch(1, 1)
        for row, key in enumerate(FIELDS):
            name = QLabel(self.tr("{field}:").format(field=self.tr(key)), self)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = QLabel(self)
            value.setAccessibleName(self.tr(key))
            value.setWordWrap(key == "Path")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addWidget(name, row, 0)
            form.addWidget(value, row, 1)

        self.note = QLabel(
            self.tr(
                "The reader cannot show this kind of file. You can open a temporary copy of it "
                "with the program your system uses for it, or save a copy."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.warning = QLabel(self)
        self.warning.setAccessibleName(self.tr("Warning"))
        self.warning.setWordWrap(True)
        self.open_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
            self.tr("Open with system viewer"),
            self,
        )
        self.open_button.setToolTip(
            self.tr("Open a temporary copy with the program your system uses")
        )
        self.save_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
            self.tr("Save a copy…"),
            self,
        )
        self.save_button.setToolTip(self.tr("Save a copy of this file somewhere on your computer"))
        self.open_button.clicked.connect(lambda: self.open_with_system.emit(self.path))
        self.save_button.clicked.connect(lambda: self.save_copy.emit(self.path))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)

        card = QWidget(self)
        card.setMaximumWidth(640)
        inner = QVBoxLayout(card)
        inner.setSpacing(14)
        inner.addLayout(header)
        inner.addLayout(form)
        inner.addWidget(self.note)
        inner.addWidget(self.warning)
        inner.addLayout(buttons)
        # Stretches rather than an alignment flag: an aligned widget gets its sizeHint,
        # which for wrapped labels is too short, and the rows get squeezed.
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 4)
        centre.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addLayout(centre)
        outer.addStretch(1)
        self.clear()

    def open_document(self, request: OpenRequest, data: bytes) -> None:
        """Show the file's facts; `data` may be just its first bytes (for the type)."""
        self.path = request.path
        size, mtime = len(data), 0.0
        with contextlib.suppress(OSError, VolumeError):
            size, mtime = request.volume.stat(request.path)
        kind = sniff(data)
        name = posixpath.basename(request.path.rstrip("/")) or request.path
        extension = posixpath.splitext(name)[1].lstrip(".").upper()
        self.name.setText(name)
        values = {
            "Path": request.path,
            "Size": human_size(size),
            "Kind": (
                self.tr("{extension} file").format(extension=extension)
                if extension
                else self.tr("file without extension")
            ),
            "Type": kind or self.tr("unknown"),
            "Modified": datetime.fromtimestamp(mtime).strftime("%Y-%m-%d %H:%M") if mtime else "",
            "Disc": request.volume.label,
        }
        for key, value in values.items():
            self.fields[key].setText(value)
        risky = bool(kind) and any(word in (kind or "") for word in RISKY_TYPES)
        self.warning.setText(
            self.tr(
                "⚠ This is a {kind}: it can run code on your computer. Open it only if you "
                "trust where the archive came from."
            ).format(kind=kind)
            if risky
            else ""
        )
        self.warning.setVisible(risky)
        self.open_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.status_changed.emit(self.tr("{file}: {type}").format(file=name, type=values["Type"]))

    def clear(self) -> None:
        self.path = ""
        self.name.clear()
        for label in self.fields.values():
            label.clear()
        self.warning.hide()
        self.open_button.setEnabled(False)
        self.save_button.setEnabled(False)
