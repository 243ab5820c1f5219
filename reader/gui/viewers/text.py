"""Plain-text viewer: monospace, detected encoding shown, find bar and term highlights.

The text is on the paper of the reading colours (reading_colours.py), light or dark.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFontDatabase, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.gui.viewers.base import OpenRequest, wheel_zoom
from reader.gui.viewers.highlight import FindBar, SearchableTextViewer, TextSearch
from reader.gui.viewers.reading_colours import ReadingColours, paper_palette
from reader.indexing.extract.text import decode
from reader.sources.volume import VolumeError

#: Only this much of a file is shown; setPlainText of 20 MB takes about 0.4 s.
MAX_TEXT_BYTES = 20 * 1024 * 1024
#: Longer lines are broken for display: Qt lays out one huge line very slowly.
MAX_LINE_CHARS = 5000


def display_encoding(codec: str) -> str:
    """The name people know: cp1252 -> windows-1252, utf-8 -> UTF-8."""
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    if codec.startswith(("utf", "ascii")):
        return codec.upper()
    return codec


def _break_long_lines(text: str) -> tuple[str, bool]:
    lines = text.split("\n")
    if all(len(line) <= MAX_LINE_CHARS for line in lines):
        return text, False
    out: list[str] = []
    for line in lines:
        out.extend(line[i : i + MAX_LINE_CHARS] for i in range(0, len(line), MAX_LINE_CHARS))
        if not line:
            out.append("")
    return "\n".join(out), True


class _Editor(QPlainTextEdit):
    def __init__(self, owner: TextViewer) -> None:
        super().__init__(owner)
        self.owner = owner

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_zoom(event, self.owner.zoom):
            super().wheelEvent(event)


class TextViewer(SearchableTextViewer):
    """A read-only monospace view of a text file (the first 20 MB of it).

    The caller may read only `MAX_TEXT_BYTES + 1` bytes; the notice then uses the file size
    from the volume.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Text viewer"))
        self.encoding = ""
        self._zoom = 0
        self.editor = _Editor(self)
        self.editor.setReadOnly(True)
        self.editor.setAccessibleName(self.tr("Text document"))
        self.editor.setToolTip(
            self.tr("Ctrl+F: find · F3 / Shift+F3: next / previous hit · Ctrl+= / Ctrl+-: zoom")
        )
        self.editor.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._base_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.editor.setFont(self._base_font)
        self.editor.setPalette(paper_palette(self.reading_colours))
        self.search = TextSearch(self.editor, self.status_changed.emit)
        self.find_bar = FindBar(self)
        self.find_bar.find_requested.connect(self._find_from_bar)
        self.find_bar.closed.connect(self.editor.setFocus)

        self.encoding_label = QLabel(self)
        self.encoding_label.setAccessibleName(self.tr("Encoding"))
        self.encoding_label.setToolTip(self.tr("The text encoding detected for this file"))
        self.notice = QLabel(self)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.wrap = QCheckBox(self.tr("Wrap lines"), self)
        self.wrap.setChecked(True)
        self.wrap.setToolTip(self.tr("Break long lines at the window's edge"))
        self.wrap.toggled.connect(self._set_wrap)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.encoding_label)
        bar.addSpacing(12)
        bar.addWidget(self.notice, 1)
        bar.addWidget(self.wrap)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)
        layout.addLayout(bar)

    # -- Viewer interface

    def open_document(self, request: OpenRequest, data: bytes) -> None:
        total = len(data)
        if total > MAX_TEXT_BYTES:
            data = data[:MAX_TEXT_BYTES]
        with contextlib.suppress(OSError, VolumeError):
            total = max(total, request.volume.stat(request.path)[0])
        text, codec = decode(data)
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text, broken = _break_long_lines(text)
        self.encoding = display_encoding(codec)
        self.encoding_label.setText(self.tr("Encoding: {name}").format(name=self.encoding))
        notes = []
        locale = QLocale()
        if total > len(data):
            notes.append(
                self.tr("Showing the first {shown} MB of {total} MB.").format(
                    shown=locale.toString(len(data) // 2**20),
                    total=locale.toString(total / 2**20, "f", 0),
                )
            )
        if broken:
            notes.append(
                self.tr("Lines longer than {count} characters are broken.").format(
                    count=locale.toString(MAX_LINE_CHARS)
                )
            )
        self.notice.setText(" ".join(notes))
        self.search.reset()
        self._forget_position_request()
        self.editor.setPlainText(text)  # in one go: appending in chunks is far slower
        count = self.search.set_terms(request.terms)
        if request.offset:  # a bookmarked place
            self.scroll_to_text_position(request.offset)
            self.status_changed.emit(self.search.count_text())
        elif count:
            self.search.first_hit(request.near)
        else:
            self.status_changed.emit("")

    def _text_widget(self) -> QPlainTextEdit:
        return self.editor

    def set_reading_colours(self, colours: ReadingColours) -> None:
        super().set_reading_colours(colours)
        self.editor.setPalette(paper_palette(colours))

    def clear(self) -> None:
        self.search.reset()
        self.editor.clear()
        self.encoding = ""
        self.encoding_label.clear()
        self.notice.clear()

    # -- extras

    def _set_wrap(self, on: bool) -> None:
        self.editor.setLineWrapMode(
            QPlainTextEdit.LineWrapMode.WidgetWidth if on else QPlainTextEdit.LineWrapMode.NoWrap
        )
