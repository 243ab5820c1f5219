"""The first view when no archive is open: open a disc, folder or ISO, or the sample archive."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.gui.icons import app_icon


class WelcomeView(QWidget):
    """Big, plain choices for a first start.

    Signals:
        open_folder_requested(): "Open disc or folder…".
        open_iso_requested(): "Open ISO image…".
        sample_requested(): "Try the sample archive".
        recent_requested(str): a recent path was chosen.
    """

    open_folder_requested = Signal()
    open_iso_requested = Signal()
    sample_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Welcome"))
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame(self)
        # A fixed width: the wrapped text's height is then worked out at the width it gets
        # (with only a maximum, the card got the height of a wider guess and its labels
        # overlapped: the logo's magnifier over the title).
        card.setFixedWidth(460)
        layout = QVBoxLayout(card)
        layout.setSpacing(12)

        logo = QLabel(card)
        logo.setPixmap(app_icon().pixmap(96, 96))
        logo.setFixedSize(104, 104)
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(logo, 0, Qt.AlignmentFlag.AlignHCenter)
        title = QLabel(f"<h1>{self.tr('Archive Reader')}</h1>", card)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        blurb = QLabel(
            self.tr(
                "Search and read a document archive offline: insert or mount a disc, or open a "
                "copied folder or an ISO image. The first time, the archive is indexed; you can "
                "search while that runs."
            ),
            card,
        )
        blurb.setWordWrap(True)
        blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(blurb)

        self.open_folder_button = self._button(self.tr("Open disc or folder…"), "Ctrl+O", layout)
        self.open_folder_button.clicked.connect(self.open_folder_requested)
        self.open_iso_button = self._button(self.tr("Open ISO image…"), "Ctrl+Shift+O", layout)
        self.open_iso_button.clicked.connect(self.open_iso_requested)
        self.sample_button = self._button(self.tr("Try the sample archive"), "", layout)
        self.sample_button.clicked.connect(self.sample_requested)

        self.recent_label = QLabel(self.tr("Recent"), card)
        layout.addWidget(self.recent_label)
        self.recent_list = QListWidget(card)
        self.recent_list.setAccessibleName(self.tr("Recent archives"))
        self.recent_list.setMaximumHeight(140)
        self.recent_list.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        layout.addWidget(self.recent_list)
        hint = QLabel(self.tr("You can also drop a folder or an .iso file on this window."), card)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setEnabled(False)
        layout.addWidget(hint)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.set_recent([])

    def _button(self, text: str, shortcut: str, layout: QVBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(40)
        button.setAccessibleName(text.rstrip("…"))
        if shortcut:
            button.setToolTip(f"{text} ({shortcut})")
        layout.addWidget(button)
        return button

    def set_recent(self, paths: Sequence[str]) -> None:
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent_list.addItem(item)
        self.recent_label.setVisible(bool(paths))
        self.recent_list.setVisible(bool(paths))
