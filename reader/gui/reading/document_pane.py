"""The right side of the window: a header (back, forward, title, place, star) over a stack
of one viewer per kind of document."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.gui.viewers.base import Viewer
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.image import ImageViewer
from reader.gui.viewers.other import OtherViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.text import TextViewer
from reader.model import Kind


class TitleLabel(QLabel):
    """The document's title and place, shortened with "…" to the width it has: a long title
    must not make the window wider than the screen (it set an 805 px minimum)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._title = self._place = ""

    def set_parts(self, title: str, place: str) -> None:
        self._title, self._place = title, place
        self.setToolTip(f"{title}\n{place}" if title else place)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self._title and not self._place:
            self.clear()
            return
        room = max(self.contentsRect().width(), 40)
        bold = QFont(self.font())
        bold.setBold(True)
        title_w = QFontMetrics(bold).horizontalAdvance(self._title)
        gap = self.fontMetrics().horizontalAdvance("    ")
        # The title first; the place gets what is left, and at least a third.
        title_room = min(title_w, max(room - gap - room // 3, room // 2))
        title = QFontMetrics(bold).elidedText(self._title, Qt.TextElideMode.ElideRight, title_room)
        used = QFontMetrics(bold).horizontalAdvance(title) + gap
        place = self.fontMetrics().elidedText(
            self._place, Qt.TextElideMode.ElideMiddle, max(room - used, 0)
        )
        self.setText(f"<b>{html.escape(title)}</b>&nbsp;&nbsp;{html.escape(place)}")


class DocumentPane(QWidget):
    """The document shown, under its header; `viewers` has the viewer of each kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = self.header = QHBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        self.back_button = self._arrow(Qt.ArrowType.LeftArrow, "Back", "Back (Alt+Left)")
        self.forward_button = self._arrow(Qt.ArrowType.RightArrow, "Forward", "Forward (Alt+Right)")
        header.addWidget(self.back_button)
        header.addWidget(self.forward_button)
        self.title = TitleLabel(self)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setAccessibleName(self.tr("Document title"))
        header.addWidget(self.title, 1)
        layout.addLayout(header)
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(self.tr("Open a search result or a file to read it here."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        self.stack.addWidget(self.placeholder)
        layout.addWidget(self.stack, 1)
        other = OtherViewer(self)
        self.viewers: dict[Kind, Viewer] = {
            Kind.PDF: PdfViewer(self),
            Kind.HTML: HtmlViewer(self),
            Kind.TXT: TextViewer(self),
            Kind.IMAGE: ImageViewer(self),
            Kind.OTHER: other,
            Kind.ZIP: other,
        }
        self.other = other
        for viewer in self.distinct_viewers():
            self.stack.addWidget(viewer)

    def _arrow(self, arrow: Qt.ArrowType, name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setArrowType(arrow)
        button.setToolTip(tip)
        button.setAccessibleName(name)
        return button

    def distinct_viewers(self) -> list[Viewer]:
        return list(dict.fromkeys(self.viewers.values()))

    def viewer_for(self, kind: Kind) -> Viewer:
        return self.viewers.get(kind, self.other)

    def current_viewer(self) -> Viewer | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Viewer) else None

    def set_title(self, title: str, place: str) -> None:
        self.title.set_parts(title, place)

    def show_nothing(self) -> None:
        self.stack.setCurrentWidget(self.placeholder)
        self.title.set_parts("", "")
