"""Reading colours: documents on light or dark paper, following the desktop's scheme or not.

The viewers draw documents in colours of their own (archive pages assume white paper), so a
dark desktop palette alone only darkens the panels. `ReadingColoursControl` resolves the
user's choice (View → Reading Colours: System, Light, Dark) into one `ReadingColours` and
hands it to every viewer, at start, when the choice changes, and when the desktop switches
between light and dark while the choice is "System". See docs/reading-colours.md.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QMenu, QWidget

from reader import settings as settings_mod
from reader.sentences import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

#: The choices of View → Reading Colours, as kept in settings.toml, with their menu text.
CHOICES = {
    "system": QT_TRANSLATE_NOOP("ReadingColoursControl", "&System"),
    "light": QT_TRANSLATE_NOOP("ReadingColoursControl", "&Light"),
    "dark": QT_TRANSLATE_NOOP("ReadingColoursControl", "&Dark"),
}


@dataclass(frozen=True)
class ReadingColours:
    """The colours documents are shown in (hex "#rrggbb").

    Attributes:
        dark: documents are shown dark (the page's own colours are dropped, see
            reader.indexing.extract.html_display).
        page: the paper of HTML and text documents.
        text: their text.
        link, visited: links not followed and followed.
        selection, selected_text: selected text; "" keeps the desktop's colours.
        desk: around PDF pages and pictures.
        invert_pdf: PDF pages are drawn inverted (dark mode only, when the user asks).
    """

    dark: bool
    page: str
    text: str
    link: str
    visited: str
    selection: str
    selected_text: str
    desk: str
    invert_pdf: bool = False


# Light is how a browser shows an unstyled page. Dark: grey text on near-black paper (pure
# white on black glares); the link colours are light enough for WCAG's 4.5:1 on that paper
# (tests/gui/test_dark_reading.py computes it).
LIGHT = ReadingColours(
    dark=False,
    page="#ffffff",
    text="#000000",
    link="#0000ee",
    visited="#551a8b",
    selection="",
    selected_text="",
    desk="#a0a0a0",
)
DARK = ReadingColours(
    dark=True,
    page="#1e1e1e",
    text="#d4d4d4",
    link="#8ab4f8",
    visited="#c58af9",
    selection="#264f78",
    selected_text="#ffffff",
    desk="#2b2b2b",
)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black to 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    """WCAG 2 contrast ratio of two colours: 1 (none) to 21 (black on white)."""
    a, b = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def paper_palette(colours: ReadingColours) -> QPalette:
    """A palette for a document's widget: the application's, with the paper's roles set (and
    only those, so the others still follow the desktop)."""
    palette = QPalette()
    roles = [
        (QPalette.ColorRole.Base, colours.page),
        (QPalette.ColorRole.Text, colours.text),
        (QPalette.ColorRole.Link, colours.link),
        (QPalette.ColorRole.LinkVisited, colours.visited),
    ]
    if colours.selection:
        roles.append((QPalette.ColorRole.Highlight, colours.selection))
        roles.append((QPalette.ColorRole.HighlightedText, colours.selected_text))
    for role, value in roles:
        palette.setColor(role, QColor(value))
    return palette


def link_style(colours: ReadingColours) -> str:
    """The default style sheet of an HTML document: Qt colours links from the application's
    palette, not the widget's (so a dark desktop gave light blue links on white paper)."""
    return f"a {{ color: {colours.link}; }}"


def _scheme_is_dark(scheme: Qt.ColorScheme) -> bool:
    if scheme == Qt.ColorScheme.Unknown:
        # The platform does not say (many Linux desktops): a dark window colour is a dark
        # scheme.
        window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
        return window.lightness() < 128
    return scheme == Qt.ColorScheme.Dark


class Coloured(Protocol):
    """What is given the reading colours: each viewer (`Viewer.set_reading_colours`)."""

    def set_reading_colours(self, colours: ReadingColours) -> None: ...


class ReadingColoursControl(QObject):
    """The user's choice of reading colours, kept in the settings and given to the viewers.

    Args:
        settings: the window's settings (`reading_colours`, `invert_pdf_pages`), saved to
            settings.toml when the user changes them.
        viewers: each is given the colours (`Viewer.set_reading_colours`).

    Signals:
        changed(object): the `ReadingColours` now in use.
    """

    changed = Signal(object)

    def __init__(
        self,
        settings: settings_mod.Settings,
        viewers: Sequence[Coloured],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._viewers = list(viewers)
        if settings.reading_colours not in CHOICES:
            log.warning("settings: unknown reading_colours=%r", settings.reading_colours)
            settings.reading_colours = "system"
        hints = QGuiApplication.styleHints()
        self._scheme = hints.colorScheme()
        hints.colorSchemeChanged.connect(self._scheme_changed)
        # A new application palette may be a dark one: every widget is told of it (a window
        # by ApplicationPaletteChange, the widgets in it by PaletteChange), so one viewer is
        # watched (a filter on the application would see every event of the app).
        watched = next((v for v in self._viewers if isinstance(v, QObject)), None)
        if watched is not None:
            watched.installEventFilter(self)
        self._choice_actions: dict[str, QAction] = {}
        self._invert_action: QAction | None = None
        self.colours = self._resolve()
        self._apply()

    @property
    def choice(self) -> str:
        """The choice: "system", "light" or "dark"."""
        return self._settings.reading_colours

    def set_choice(self, choice: str) -> None:
        """Use `choice` ("system", "light", "dark") from now on, and keep it."""
        if choice not in CHOICES or choice == self.choice:
            return
        self._settings.reading_colours = choice
        self._save()
        self._update()

    def set_invert_pdf(self, on: bool) -> None:
        """Draw PDF pages inverted in dark mode (or not), and keep it."""
        if on == self._settings.invert_pdf_pages:
            return
        self._settings.invert_pdf_pages = on
        self._save()
        self._update()

    def settings_changed(self, settings: settings_mod.Settings) -> None:
        """`settings` were changed and saved elsewhere (a preferences dialog): their reading
        colours apply at once, to the window's settings too (nothing is saved here)."""
        choice = settings.reading_colours
        self._settings.reading_colours = choice if choice in CHOICES else "system"
        self._settings.invert_pdf_pages = settings.invert_pdf_pages
        self._update()

    def add_menu(self, menu: QMenu) -> QMenu:
        """View → Reading Colours (System, Light, Dark) and Invert PDF Pages in Dark Mode."""
        sub = menu.addMenu(self.tr("Reading &Colours"))
        group = QActionGroup(sub)
        group.setExclusive(True)
        for choice, text in CHOICES.items():
            action = QAction(self.tr(text), sub)
            action.setCheckable(True)
            action.setChecked(choice == self.choice)
            action.triggered.connect(lambda _checked=False, c=choice: self.set_choice(c))
            group.addAction(action)
            sub.addAction(action)
            self._choice_actions[choice] = action
        invert = QAction(self.tr("&Invert PDF Pages in Dark Mode"), menu)
        invert.setCheckable(True)
        invert.setChecked(self._settings.invert_pdf_pages)
        invert.setToolTip(self.tr("Scans and photographs look wrong inverted"))
        invert.toggled.connect(self.set_invert_pdf)
        menu.addAction(invert)
        self._invert_action = invert
        return sub

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        told = (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange)
        if event.type() in told and self.choice == "system":
            self._update()
        return False

    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._scheme = scheme
        if self.choice == "system":
            self._update()

    def _resolve(self) -> ReadingColours:
        choice = self.choice
        dark = choice == "dark" or (choice == "system" and _scheme_is_dark(self._scheme))
        if not dark:
            return LIGHT
        return dataclasses.replace(DARK, invert_pdf=self._settings.invert_pdf_pages)

    def _update(self) -> None:
        colours = self._resolve()
        for choice, action in self._choice_actions.items():
            action.setChecked(choice == self.choice)
        if self._invert_action is not None:
            self._invert_action.setChecked(self._settings.invert_pdf_pages)
        if colours != self.colours:
            self.colours = colours
            self._apply()

    def _apply(self) -> None:
        for viewer in self._viewers:
            viewer.set_reading_colours(self.colours)
        self.changed.emit(self.colours)

    def _save(self) -> None:
        try:
            settings_mod.save(self._settings)
        except OSError as exc:  # the choice still holds until the window closes
            log.warning("settings: cannot save the reading colours (%s)", exc)


def desk_palette(widget: QWidget, colours: ReadingColours, role: QPalette.ColorRole) -> None:
    """Give `widget`'s `role` (its background) the desk colour around pages and pictures."""
    palette = widget.palette()
    palette.setColor(role, QColor(colours.desk))
    widget.setPalette(palette)
