"""Reading: opening a document at a place in its viewer, the history, hits, find and links."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMessageBox,
    QWidget,
)

from reader.gui.core_text import said
from reader.gui.reading.document_pane import DocumentPane
from reader.gui.session import Session
from reader.gui.viewers.base import OcrText, OpenRequest, Viewer
from reader.gui.viewers.html import MAX_HTML_BYTES
from reader.gui.viewers.image import MAX_IMAGE_BYTES
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.text import MAX_TEXT_BYTES
from reader.indexing.scan import kind_for
from reader.model import Kind
from reader.search.analysis import QueryTerms
from reader.search.engine import Hit
from reader.sources.volume import VolumeError
from reader.store import ocr_queue

MAX_OPEN_BYTES = 512 * 1024 * 1024  # a PDF is read whole (MuPDF needs all of it)
# Each viewer shows at most this much; one byte more tells it the file was longer.
READ_LIMITS = {
    Kind.HTML: MAX_HTML_BYTES + 1,
    Kind.TXT: MAX_TEXT_BYTES + 1,
    Kind.IMAGE: MAX_IMAGE_BYTES + 1,
    Kind.ZIP: 64 * 1024,
    Kind.OTHER: 64 * 1024,
}


@dataclass(frozen=True)
class Place:
    """A spot in the reading history.

    `offset`: in an HTML or text document, a character offset to show at the top (a
    bookmark's place; see Viewer.text_position); 0 for the top.
    """

    volume_id: str
    path: str
    page: int | None = None
    fragment: str = ""
    offset: int = 0


@dataclass(frozen=True)
class Opened:
    """A document the reader shows now."""

    place: Place
    title: str
    disc: str  # the label of its disc


class ReadingController(QObject):
    """Opens documents in the pane and keeps the reading history.

    Args:
        ask_for_disc: (volume id, what, then) shows "Insert disc" and calls `then` once
            the disc is there.

    Signals:
        opened(object): a document is shown (Opened).
        history_changed(): back/forward became possible or not.
        folder_requested(str, str): a link led to a folder: (volume id, path).
        message(str, int): a status line and its time in ms.
    """

    opened = Signal(object)
    history_changed = Signal()
    folder_requested = Signal(str, str)
    message = Signal(str, int)

    def __init__(
        self,
        session: Session,
        pane: DocumentPane,
        ask_for_disc: Callable[[str, str, Callable[[], object]], object],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._session = session
        self.pane = pane
        self._ask_for_disc = ask_for_disc
        self._window = window
        self._history: list[Place] = []
        self._position = -1
        self._terms = QueryTerms()  # what the documents opened from a result are marked with
        self.current: Opened | None = None
        pane.back_button.clicked.connect(self.go_back)
        pane.forward_button.clicked.connect(self.go_forward)
        for viewer in pane.distinct_viewers():
            viewer.open_requested.connect(self._follow_link)
            viewer.external_link.connect(self.confirm_external_link)
            viewer.status_changed.connect(lambda text: self.message.emit(text, 5000))
        session.archive_changed.connect(self.forget)

    # Opening

    def open_hit(self, hit: Hit, terms: QueryTerms) -> None:
        """A search result, on its page, marked as the results list marks it."""
        self._terms = terms
        near = hit.snippet.text if hit.snippet is not None else ""
        self.open(Place(hit.volume_id, hit.path, page=hit.page), title=hit.title, near=near)

    def _ocr_text(self, file_id: int) -> OcrText | None:
        """What OCR read of the file's pictured pages (the archive's OCR cache), if any."""
        archive = self._session.archive
        content, pages, missing = ocr_queue.ocr_pages_of(archive.catalogue, file_id)
        if not pages:
            return None
        cache = archive.ocr_cache()
        return OcrText(frozenset(pages), len(missing), lambda page: cache.words(content, page))

    def open(self, place: Place, *, title: str = "", record: bool = True, near: str = "") -> bool:
        """Show the document at `place`; on an absent disc, ask for it and open it then."""
        if place.path == "" or place.path.endswith("/"):
            # A link to a folder with no index page: the Browse panel shows the folder.
            self.folder_requested.emit(place.volume_id, place.path.rstrip("/"))
            return True
        volume = self._session.discs.get(place.volume_id)
        if volume is None:
            # Not modal: it waits for the disc and opens the document by itself.
            what = title or place.path.rsplit("/", 1)[-1]
            self._ask_for_disc(
                place.volume_id,
                what,
                lambda: self.open(place, title=title, record=record, near=near),
            )
            return False
        row = self._session.archive.catalogue.file(place.volume_id, place.path)
        kind = row.kind if row else kind_for(place.path)
        title = title or (row.title if row and row.title else "") or posixpath.basename(place.path)
        try:
            data = volume.read_bytes(place.path, READ_LIMITS.get(kind, MAX_OPEN_BYTES))
        except (OSError, VolumeError) as exc:
            QMessageBox.warning(
                self._window, self.tr("Cannot read the file"), f"{place.path}\n\n{said(exc)}"
            )
            return False
        viewer = self.pane.viewer_for(kind)
        request = OpenRequest(
            volume=volume,
            path=place.path,
            kind=kind,
            title=title,
            terms=self._terms,
            page=place.page,
            fragment=place.fragment,
            offset=place.offset,
            near=near,
            ocr=self._ocr_text(row.id) if row and kind in (Kind.PDF, Kind.IMAGE) else None,
        )
        # Shown first, so the viewer lays out at its real size before it scrolls to the hit.
        self.pane.stack.setCurrentWidget(viewer)
        viewer.open_document(request, data)
        self.pane.set_title(title, f"{volume.label}/{place.path}")
        self.current = Opened(place, title, volume.label)
        if record:
            del self._history[self._position + 1 :]
            self._history.append(place)
            self._position = len(self._history) - 1
        self.history_changed.emit()
        self.opened.emit(self.current)
        return True

    def _follow_link(self, path: str, fragment: str) -> None:
        if self.current is not None:
            self.open(Place(self.current.place.volume_id, path, fragment=fragment))

    def close_document(self) -> None:
        """Ctrl+W: the document goes from the screen; Back and Forward still step through
        the history."""
        if self.current is None:
            return
        self.current = None
        self.pane.show_nothing()
        self.history_changed.emit()

    def forget(self) -> None:
        """Another archive: nothing of this one stays on screen or in the history."""
        self.current = None
        self._history.clear()
        self._position = -1
        self.pane.show_nothing()
        self.history_changed.emit()

    @property
    def place(self) -> Place | None:
        """Where the reader is: the document shown and the place it was opened at."""
        return self.current.place if self.current is not None else None

    # History

    def can_go_back(self) -> bool:
        return self._position > 0

    def can_go_forward(self) -> bool:
        return self._position + 1 < len(self._history)

    def go_back(self) -> None:
        if self.can_go_back():
            self._position -= 1
            self.open(self._history[self._position], record=False)

    def go_forward(self) -> None:
        if self.can_go_forward():
            self._position += 1
            self.open(self._history[self._position], record=False)

    # In the document

    def viewer(self) -> Viewer | None:
        return self.pane.current_viewer()

    def current_page(self) -> int | None:
        viewer = self.viewer()
        return viewer.current_page() if isinstance(viewer, PdfViewer) else None

    def next_hit(self, *, backwards: bool = False) -> None:
        viewer = self.viewer()
        if viewer is not None:
            viewer.next_hit(backwards=backwards)

    def find_in_document(self) -> None:
        viewer = self.viewer()
        if viewer is None:
            return
        show = getattr(viewer, "show_find_bar", None)
        if callable(show):
            show()
            return
        text, ok = QInputDialog.getText(self._window, self.tr("Find in document"), self.tr("Find:"))
        if ok and text and not viewer.find(text):
            self.message.emit(self.tr("“{text}” not found").format(text=text), 5000)

    # Leaving the archive

    def confirm_external_link(self, url: str) -> None:
        """Links that leave the archive open only when the user says so."""
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Link outside the archive"))
        box.setText(self.tr("This link leads outside the archive:"))
        box.setInformativeText(url)
        open_button = box.addButton(self.tr("Open in Browser"), QMessageBox.ButtonRole.AcceptRole)
        copy_button = box.addButton(self.tr("Copy Link"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl(url))
        elif box.clickedButton() is copy_button:
            QApplication.clipboard().setText(url)
