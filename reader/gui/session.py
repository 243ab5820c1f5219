"""What the window's controllers share: the archive shown, its discs, the user's library."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from reader import settings as settings_mod
from reader.gui.core_text import said
from reader.gui.language import translate
from reader.library.store import Library, LibraryError
from reader.model import VolumeRecord
from reader.search.compiler import UserKeysSnapshot, snapshot_user_keys
from reader.search.engine import SNIPPETS_AT_ONCE, SearchResult, Sort, search
from reader.search.rows import CatalogueRows
from reader.search.syntax import parse
from reader.settings import Settings
from reader.sources.registry import DiscRegistry
from reader.sources.volume import Volume
from reader.store.archive import Archive, ArchiveDamaged
from reader.store.fulltext import FulltextIndex
from reader.store.index_errors import IndexLockedError

log = logging.getLogger(__name__)

MountSource = Callable[[], Sequence[str]]
# An index searched in place on a disc is let go after this long unused (see index()).
RELEASE_DISC_INDEX_MS = 10_000


def open_library() -> tuple[Library, str | None]:
    """The user's library, or an empty one in memory and the reason the real one failed."""
    try:
        return Library.open_default(), None
    except LibraryError as exc:
        log.error("library unavailable: %s", exc)
        return Library(Path(":memory:")), str(exc)


@dataclass(frozen=True)
class SearchRequest:
    """All a search needs off the GUI thread: an open index and the user's tags and notes
    as far as the query names them, read beforehand (a snapshot, not the library)."""

    index: FulltextIndex
    query: str
    offset: int
    limit: int
    sort: Sort
    user: UserKeysSnapshot
    # An index read from a disc: the rows come from the catalogue, their snippets after
    # them (each stored document read is a seek of the drive: docs/discs.md).
    catalogue: CatalogueRows | None = None

    def run(self) -> SearchResult:
        on_disc = self.catalogue is not None
        return search(
            self.index,
            self.query,
            limit=self.limit,
            offset=self.offset,
            sort=self.sort,
            user=self.user,
            # The rest as the rows are shown (snippets_for); on a disc, all of them.
            snippets=0 if on_disc else SNIPPETS_AT_ONCE,
            catalogue=self.catalogue,
        )


def _open_archive(name: str) -> tuple[Archive, str]:
    """The archive, and what is wrong with it when it could only be opened read-only.

    Opening repairs a lost index or a damaged catalogue, unless another process (an
    `archive-reader index` in a terminal) is writing: then the window shows what it can and
    says what waits.
    """
    # check_pages=False: the window only reads the catalogue, so it does not read every
    # page at each start (0.24 s for 22,000 files); each indexing run opens an archive of
    # its own that does, before it writes.
    try:
        return Archive.named(name, check_pages=False), ""
    except ArchiveDamaged as exc:
        if not exc.rerun:
            raise
        # The catalogue was marked damaged: this opening repairs it.
        return Archive.named(name, check_pages=False), ""
    except IndexLockedError as exc:
        archive = Archive.named(name, read_only=True)
        problem = said(archive.problem) or translate("Session", "the archive needs a repair")
        text = translate(
            "Session",
            "{problem}: it is repaired when {holder} has finished."
            " Start Archive Reader again then.",
        )
        return archive, text.format(problem=problem[:1].upper() + problem[1:], holder=said(exc))


class Session(QObject):
    """The archive the window shows (catalogue and index), its discs and the library.

    Everything here is used on the GUI thread only; background work gets a SearchRequest
    or the archive's folder, never this object.

    Signals:
        archive_changed(): another archive is open now (File → Switch Archive, a disc
            kept in an archive of its own).
    """

    archive_changed = Signal()

    def __init__(
        self,
        settings: Settings,
        archive_name: str,
        mount_source: MountSource,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.mount_source = mount_source
        self.archive, self.problem = _open_archive(archive_name)
        self.discs = DiscRegistry()
        self.library, self.library_problem = open_library()
        self._rows: CatalogueRows | None = None  # read by the searches, off this thread
        self._let_go = QTimer(self, singleShot=True, interval=RELEASE_DISC_INDEX_MS)
        self._let_go.timeout.connect(self._let_go_of_disc)

    @property
    def name(self) -> str:
        return self.archive.folder.name

    def volumes(self) -> list[VolumeRecord]:
        return self.archive.catalogue.volumes()

    def index(self) -> FulltextIndex:
        """The archive's index, opened here, on the GUI thread: opening may rebuild an
        index of another version, which writes the catalogue."""
        index = self.archive.index()
        if self.archive.index_on_disc:
            self._let_go.start()  # each use puts it off
        return index

    def _let_go_of_disc(self) -> None:
        # An index read from a disc holds its files mapped: the disc could not be ejected
        # while the window is open. Idle for a while, it is let go (reopened in ms).
        self.archive.release_index()

    def search_request(self, query: str, offset: int, limit: int, sort: str) -> SearchRequest:
        """A search of the archive.

        Raises:
            ArchiveDamaged: the archive was opened read-only and its index is lost.
        """
        index = self.index()
        return SearchRequest(
            index,
            query,
            offset,
            limit,
            Sort(sort),
            snapshot_user_keys(parse(query), self.library),
            self._catalogue_rows() if self.archive.index_on_disc else None,
        )

    def _catalogue_rows(self) -> CatalogueRows:
        path = self.archive.catalogue.path
        if self._rows is None or self._rows.path != path:
            self._rows = CatalogueRows(path)
        return self._rows

    def switch(self, name: str, keep: Sequence[Volume] = ()) -> None:
        """Show another archive of this machine. `keep`: volumes just opened, which stay
        open for it; every other disc handle is closed."""
        self.discs.close(keep=keep)
        self.archive.close()
        self._rows = None
        self.archive, self.problem = _open_archive(name)
        self.discs = DiscRegistry()
        for volume in keep:
            self.discs.add(volume)
        # The next start opens this archive again.
        self.settings.last_archive = name
        settings_mod.save(self.settings)
        self.archive_changed.emit()

    def close(self) -> None:
        self.library.close()
        self.discs.close()
        self.archive.close()
