"""The user's library from the window: the star and Ctrl+D, citations, export and import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from reader.gui.core_text import said
from reader.gui.library.panel import BookmarkStar, LibraryPanel
from reader.gui.reading.controller import Opened, Place, ReadingController
from reader.gui.session import Session
from reader.library.store import Library, LibraryError
from reader.library.transfer import export_file, import_json
from reader.search.export import archive_title, citation
from reader.store.archive import DEFAULT_ARCHIVE


class LibraryController(QObject):
    """Keeps the library panel and the star in step with the document read.

    Signals:
        message(str, int): a status line and its time in ms.
    """

    message = Signal(str, int)

    def __init__(
        self,
        session: Session,
        panel: LibraryPanel,
        star: BookmarkStar,
        reading: ReadingController,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._session = session
        self.panel = panel
        self.star = star
        self._reading = reading
        self._window = window
        reading.opened.connect(self._opened)
        panel.open_requested.connect(self._open_from_library)
        panel.changed.connect(self.update_star)
        star.clicked.connect(self.toggle_bookmark)
        session.archive_changed.connect(self.update_star)
        self.update_star()

    @property
    def _library(self) -> Library:
        return self._session.library

    def _opened(self, opened: Opened) -> None:
        place = opened.place
        self._library.record_opened(
            place.volume_id, place.path, page=place.page, title=opened.title, disc=opened.disc
        )
        self.panel.set_document(place.volume_id, place.path, title=opened.title, disc=opened.disc)
        self.panel.refresh()
        self.update_star()

    def update_star(self) -> None:
        opened = self._reading.current
        # No document, no star: the header stays empty until something is open.
        self.star.setVisible(opened is not None)
        if opened is None:
            self.star.set_state(False, enabled=False)
            return
        place = opened.place
        self.star.set_state(bool(self._library.bookmarks_of(place.volume_id, place.path)))

    def _open_from_library(
        self, volume_id: str, path: str, where: int | str | None, offset: int = 0
    ) -> None:
        """A document from the library, at its PDF page, or its HTML anchor and the place
        (character offset) in an HTML or text document."""
        page = where if isinstance(where, int) else None
        fragment = where if isinstance(where, str) else ""
        self._reading.open(Place(volume_id, path, page=page, fragment=fragment, offset=offset))

    def toggle_bookmark(self) -> None:
        """Ctrl+D: bookmark the open document (at its PDF page; in an HTML or text document,
        at the place shown), or remove that bookmark. In an HTML or text document that has
        its bookmark elsewhere, the bookmark moves to the place shown."""
        opened = self._reading.current
        if opened is None:
            return
        place, viewer = opened.place, self._reading.viewer()
        page = self._reading.current_page()
        # An HTML page opened at an anchor (a link to "#section") is bookmarked there.
        anchor = "" if page else place.fragment
        offset = (viewer.text_position() if viewer is not None else None) or 0
        existing = self._library.bookmark_at(place.volume_id, place.path, page=page, anchor=anchor)
        if (
            existing is not None
            and viewer is not None
            and viewer.shows_text_position(existing.offset)
        ):
            offset = existing.offset  # the bookmarked place is shown: Ctrl+D removes it
        on = self._library.toggle_bookmark(
            place.volume_id,
            place.path,
            page=page,
            anchor=anchor,
            offset=offset,
            title=opened.title,
            disc=opened.disc,
        )
        if not on:
            text = self.tr("Bookmark removed")
        elif existing is not None:
            text = self.tr("Bookmark moved here")
        elif page:
            text = self.tr("Bookmarked this page {page}").format(page=page)
        else:
            text = (
                self.tr("Bookmarked this place") if offset else self.tr("Bookmarked this document")
            )
        self.message.emit(text, 4000)
        self.update_star()
        self.panel.refresh()

    def copy_citation(self) -> None:
        opened = self._reading.current
        if opened is None:
            return
        place = opened.place
        catalogue = self._session.archive.catalogue
        row = catalogue.file(place.volume_id, place.path)
        labels = [v.label for v in self._session.volumes()]
        text = citation(
            title=opened.title or (row.title if row else "") or "",
            date=row.date if row else None,
            # The archive's own folder name ("default") means nothing to a reader.
            archive_title=archive_title(
                labels, "" if self._session.name == DEFAULT_ARCHIVE else self._session.name
            ),
            disc_label=opened.disc,
            path=place.path,
            page=self._reading.current_page(),
        )
        QApplication.clipboard().setText(text)
        self.message.emit(self.tr("Copied: {citation}").format(citation=text), 6000)

    def export_library(self) -> None:
        markdown = self.tr("Markdown, to read (*.md)")
        dest, chosen = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Export bookmarks and notes"),
            self.tr("archive-reader-library.json", "the file name offered"),
            self.tr("JSON, to import again (*.json)") + ";;" + markdown,
        )
        if not dest:
            return
        path = Path(dest)
        if not path.suffix:
            path = path.with_suffix(".md" if chosen == markdown else ".json")
        self.panel.flush()
        try:
            export_file(self._library, path)
        except OSError as exc:
            QMessageBox.warning(self._window, self.tr("Export failed"), f"{path}\n\n{said(exc)}")
            return
        self.message.emit(self.tr("Exported bookmarks and notes to {file}").format(file=path), 5000)

    def import_library(self) -> None:
        source, _ = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Import bookmarks and notes"),
            "",
            self.tr("Archive Reader export (*.json)"),
        )
        if not source:
            return
        try:
            summary = import_json(self._library, Path(source))
        except LibraryError as exc:
            QMessageBox.warning(self._window, self.tr("Cannot import"), said(exc))
            return
        text = self.tr("Imported {bookmarks}, {notes}, {tags} ({updated})").format(
            bookmarks=self.tr("%Ln bookmarks", "", summary.bookmarks),
            notes=self.tr("%Ln notes", "", summary.notes),
            tags=self.tr("%Ln tags", "", summary.tags),
            updated=self.tr("%Ln notes updated", "", summary.notes_updated),
        )
        self.message.emit(text, 8000)
        self.panel.refresh()
        opened = self._reading.current
        if opened is not None:
            place = opened.place
            self.panel.set_document(
                place.volume_id, place.path, title=opened.title, disc=opened.disc
            )
        self.update_star()
