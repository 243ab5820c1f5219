"""What every viewer offers the window: open a document at a place, find, and say what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QWidget

from reader.gui.viewers.reading_colours import LIGHT, ReadingColours
from reader.model import Kind
from reader.search.analysis import QueryTerms
from reader.sources.volume import Volume


@dataclass(frozen=True)
class OcrText:
    """What OCR read of a document's pictured pages (scans), for the viewer to search,
    mark and copy.

    Attributes:
        pages: the pictured pages (1-based; an image file's frames).
        missing: how many of them OCR has not read yet.
        words: a page's words as OCR read them: (text, x0, y0, x1, y1) in 1/10,000 of the
            page's width and height as shown; [] for a page not read (yet).
    """

    pages: frozenset[int]
    missing: int
    words: Callable[[int], list[tuple[str, int, int, int, int]]]


@dataclass(frozen=True)
class OpenRequest:
    """A document to show, and where to start.

    Attributes:
        volume: the open volume the document is on (the viewer reads related files from it,
            e.g. an HTML page's images; never anything outside it).
        path: the document's volume-relative POSIX path.
        kind: which viewer.
        title: for the window title / status.
        terms: what to mark: the query's words and phrases (reader.search.analysis), so the
            document marks what the results list marks: "cables" marks "cable" too.
        page: 1-based page to open at (PDF), else None.
        fragment: an HTML anchor to scroll to, else "".
        offset: HTML and text: a character offset (see `Viewer.text_position`) to show at
            the top, e.g. a bookmark's; 0 for the top (or the fragment, or the first hit).
        near: HTML and text: the passage the results list showed for this document; the
            first hit shown is the one in it (not one in a navigation menu above it).
        ocr: a scan's text from OCR (PDF and image viewers), else None.
    """

    volume: Volume
    path: str
    kind: Kind
    title: str = ""
    terms: QueryTerms = field(default_factory=QueryTerms)
    page: int | None = None
    fragment: str = ""
    offset: int = 0
    near: str = ""
    ocr: OcrText | None = None


class Viewer(QWidget):
    """Base class of the viewers.

    Signals:
        open_requested(str, str): the user followed a link to another document of the same
            volume: (volume-relative path, fragment).
        external_link(str): the user activated a link that leaves the archive (the window asks
            before opening it in the system browser).
        status_changed(str): a short line for the status bar ("page 3 of 12", "2 of 9 hits").
    """

    open_requested = Signal(str, str)
    external_link = Signal(str)
    status_changed = Signal(str)

    #: The colours documents are shown in (set_reading_colours).
    reading_colours: ReadingColours = LIGHT

    def open_document(self, request: OpenRequest, data: bytes) -> None:
        """Show the document whose bytes are `data` (read by the caller from the volume)."""
        raise NotImplementedError

    def find(self, text: str, *, backwards: bool = False) -> bool:  # type: ignore[override]
        """Find `text` in the document (Ctrl+F); returns whether it was found."""
        return False

    def next_hit(self, *, backwards: bool = False) -> bool:
        """Go to the next (previous) highlighted term (F3 / Shift+F3)."""
        return False

    def text_position(self) -> int | None:
        """Where the reader is: the offset of the first character shown, in the text as the
        viewer shows it (HTML and text viewers). None when the viewer has no text positions.
        Unlike a scroll position in pixels, it survives window sizes and zoom."""
        return None

    def shows_text_position(self, offset: int) -> bool:
        """Whether the character at `offset` is where the view stands: at the top of what is
        shown (give or take two lines), or anywhere on screen once the view cannot scroll
        further down. Ctrl+D there removes a bookmark rather than moving it."""
        return False

    def scroll_to_text_position(self, offset: int) -> None:
        """Scroll so that the character at `offset` is at the top of the view."""

    def clear(self) -> None:
        """Forget the document (e.g. its disc went away)."""

    def set_reading_colours(self, colours: ReadingColours) -> None:
        """Show documents in `colours` from now on, the one shown included (View → Reading
        Colours). A viewer that draws nothing of its own keeps the desktop's colours."""
        self.reading_colours = colours


def wheel_zoom(event: QWheelEvent, zoom: Callable[[int], object]) -> bool:
    """Ctrl + the wheel zooms: one step in (up) or out (down); True when it was that.

    A sideways turn (a tilting wheel, a touchpad's horizontal swipe: y = 0) is neither, and
    zooms nothing; with Ctrl it still belongs to the zoom, so it does not scroll either.
    """
    if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return False
    delta = event.angleDelta().y()
    if delta:
        zoom(1 if delta > 0 else -1)
    event.accept()
    return True
