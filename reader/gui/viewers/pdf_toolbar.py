"""The PDF viewer's toolbar: thumbnails, the hit arrows and count, the page, zoom.

Hits first, then the page, then zoom: in a narrow window (800 px) the toolbar's overflow
menu ("»") takes the zoom buttons, never the hit counter and its arrows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QSpinBox, QToolBar, QWidget


class PdfViewer(Protocol):
    """What the toolbar's buttons act on (reader.gui.viewers.pdf.PdfViewer)."""

    def toggle_thumbnails(self) -> None: ...

    def zoom_by(self, steps: int) -> None: ...

    def set_fit(self, mode: str) -> None: ...

    def next_hit(self, *, backwards: bool = False) -> bool: ...

    def copy_text(self, page_text: bool = False) -> None: ...


class PdfToolbar(QToolBar):
    """The toolbar of one PdfViewer; its actions (and their keys) belong to the viewer, so
    the keys work wherever the focus is inside it."""

    def __init__(self, viewer: QWidget, acts_on: PdfViewer) -> None:
        super().__init__("PDF", viewer)
        self._viewer = viewer
        self._acts_on = acts_on
        self._build()

    def _action(
        self,
        text: str,
        tip: str,
        slot: Callable[[], Any],
        keys: tuple[str, ...] = (),
        icon: str = "",
    ) -> QAction:
        action = QAction(text, self._viewer)
        if icon and QIcon.hasThemeIcon(icon):
            action.setIcon(QIcon.fromTheme(icon))
        action.setToolTip(tip + (f" ({keys[0]})" if keys else ""))
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self._viewer.addAction(action)
        return action

    def _build(self) -> None:
        bar, v = self, self._acts_on
        bar.setAccessibleName(self.tr("PDF toolbar"))
        bar.setIconSize(QSize(18, 18))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonFollowStyle)
        self.sidebar_action = self._action(
            self.tr("Thumbnails"),
            self.tr("Show page thumbnails and pages with hits"),
            v.toggle_thumbnails,
            ("F4",),
            "view-sidebar",
        )
        self.sidebar_action.setCheckable(True)
        bar.addAction(self.sidebar_action)
        bar.addSeparator()
        # Hits first, then the page, then zoom: in a narrow window the overflow menu ("»")
        # takes the zoom buttons, never the hit counter and its arrows.
        # F3 / Shift+F3 are not bound here: the window's Go menu binds them (a key bound twice
        # does nothing), and keyPressEvent takes them when the viewer stands alone.
        self.prev_hit = self._action(
            "◀", self.tr("Previous hit (Shift+F3)"), lambda: v.next_hit(backwards=True), (), "go-up"
        )
        self.next_hit = self._action("▶", self.tr("Next hit (F3)"), v.next_hit, (), "go-down")
        bar.addAction(self.prev_hit)
        self.hit_label = QLabel()
        self.hit_label.setAccessibleName(self.tr("Hit position"))
        self.hit_label.setMinimumWidth(90)
        self.hit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.hit_label)
        bar.addAction(self.next_hit)
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr(" Page ")))
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName(self.tr("Page number"))
        self.page_box.setToolTip(self.tr("Go to page (type a number and press Enter)"))
        self.page_box.setKeyboardTracking(False)
        self.page_box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        bar.addWidget(self.page_box)
        bar.addSeparator()
        bar.addAction(
            self._action("−", self.tr("Zoom out"), lambda: v.zoom_by(-1), ("Ctrl+-",), "zoom-out")
        )
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.zoom_label)
        bar.addAction(
            self._action(
                "+", self.tr("Zoom in"), lambda: v.zoom_by(1), ("Ctrl+=", "Ctrl++"), "zoom-in"
            )
        )
        bar.addAction(
            self._action(
                self.tr("Fit width"),
                self.tr("Fit the page width"),
                lambda: v.set_fit("width"),
                ("Ctrl+0",),
                "zoom-fit-width",
            )
        )
        bar.addAction(
            self._action(
                self.tr("Fit page"),
                self.tr("Show whole pages"),
                lambda: v.set_fit("page"),
                (),
                "zoom-fit-best",
            )
        )
        self._action(self.tr("Copy"), self.tr("Copy the selected text"), v.copy_text, ("Ctrl+C",))
