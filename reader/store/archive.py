"""An archive on this machine: one catalogue and one full-text index for a set of discs,
each checked against the other when the archive is opened."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.paths import app_dirs
from reader.sentences import QT_TRANSLATE_NOOP
from reader.store.catalogue import (
    CATALOGUE_FILE,
    Catalogue,
    CatalogueDamaged,
    CatalogueError,
    disk_full,
)
from reader.store.fulltext import FulltextIndex
from reader.store.index_errors import IndexFormatError, IndexLockedError
from reader.store.linked_index import (
    LINKS_FILE,
    copy_linked,
    forget_links,
    linked_root,
    read_links,
    relink,
)
from reader.store.locks import live_writer
from reader.store.ocr_cache import OCR_CACHE_FILE, OcrCache
from reader.store.sqlite import is_damaged, is_full

log = logging.getLogger(__name__)

INDEX_DIR = "index"
DEFAULT_ARCHIVE = "default"
# Left beside the catalogue by a run that found it damaged half-way (SQLite: "malformed"):
# the next writer to open the archive moves the catalogue aside, whatever a check says then.
DAMAGED_MARK = "catalogue.damaged"


class ArchiveDamaged(Exception):
    """The catalogue or the index is lost or damaged, and this opening may not repair it.

    A read-only opening (a search) only says so; so does a run that found the catalogue
    damaged half-way (the next opening to write repairs it).

    Attributes:
        problem: what is wrong, for the user ("the search index is missing").
        discs: where the archive's discs were last seen (to name the command that repairs).
        rerun: the same command again repairs it (a writer marked the catalogue damaged).
        of_index: it is the index (the catalogue can still be read).
    """

    def __init__(
        self,
        problem: str,
        discs: Sequence[str] = (),
        *,
        rerun: bool = False,
        of_index: bool = False,
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.discs = tuple(discs)
        self.rerun = rerun
        self.of_index = of_index


class IndexOnDisc(ArchiveDamaged):
    """The index is read from the discs where it lies (reader.store.linked_index), and no
    disc that carries it is here. Nothing is wrong and nothing is rebuilt: a disc is needed.

    Attributes:
        labels: the discs that carry the index.
    """

    def __init__(self, labels: Sequence[str], discs: Sequence[str] = ()) -> None:
        names = " or ".join(labels) or "the disc it was opened from"
        super().__init__(
            f"the search index is read from the discs themselves, and none is inserted: "
            f"insert {names} to search",
            discs,
            of_index=True,
        )
        self.labels = tuple(labels)


class Archive:
    """The catalogue and full-text index kept in one folder of the user's data dir.

    Both are rebuildable from the discs; the user's own notes live elsewhere (library), and
    nothing here ever touches them. Opening checks the two against each other: a catalogue
    SQLite finds damaged is moved aside (kept, renamed with the time) and started again; an
    index that is missing, cannot be opened, is of another version or holds fewer documents
    than the catalogue lists is started again, and every file goes back to pending, so the
    next indexing run rebuilds it from the discs. `notice` then says what happened.

    Args:
        read_only: never delete or rebuild anything (a search, `info`): a problem found is
            kept in `problem`, and `index()` raises ArchiveDamaged.
        check_pages: read every page of the catalogue first (SQLite's quick check, 0.24 s
            for 22,000 files): before an indexing run writes to it; the window, which
            only reads it, skips that (its runs open an archive of their own).

    Raises:
        ArchiveDamaged: read-only, and the catalogue is damaged.
        IndexLockedError: something needs rebuilding while another process writes.
        CatalogueError: the catalogue was made by a newer version (left as it is).
    """

    def __init__(self, folder: Path, *, read_only: bool = False, check_pages: bool = True) -> None:
        self.folder = folder
        self.read_only = read_only
        self._check_pages = check_pages and not read_only
        # What was repaired at opening, one sentence for the user ("" when nothing).
        self.notice = ""
        # Read-only: what is wrong with the index, and the command that would repair it.
        self.problem = ""
        self._damage: ArchiveDamaged | None = None
        self._index: FulltextIndex | None = None
        self._ocr: OcrCache | None = None
        folder.mkdir(parents=True, exist_ok=True)
        self.catalogue = self._open_catalogue()
        try:
            with self.faults():
                self.index()  # opened now, so the two are checked against each other
        except ArchiveDamaged as exc:
            if not exc.of_index:  # the catalogue itself: nothing can be shown
                self.catalogue.close()
                raise
            self.problem = exc.problem
        except BaseException:
            self.catalogue.close()
            raise

    @classmethod
    def named(cls, name: str, *, read_only: bool = False, check_pages: bool = True) -> Archive:
        """The archive called `name` in the app's data dir (created when new)."""
        return cls(app_dirs().archive_dir(name), read_only=read_only, check_pages=check_pages)

    @property
    def index_dir(self) -> Path:
        return self.folder / INDEX_DIR

    def index(self) -> FulltextIndex:
        """The full-text index, created when missing (and rebuilt when lost, unless read-only).

        Raises:
            ArchiveDamaged: read-only, and the index is lost or damaged.
        """
        # A disc may have come since: a linked index is looked for again at each call.
        if self._damage is not None and not isinstance(self._damage, IndexOnDisc):
            raise self._damage
        if self._index is None:
            self._damage = None
            self._index = self._open_index()
        return self._index

    @property
    def index_on_disc(self) -> bool:
        """The index reads its segment files from a disc (a published index in place)."""
        return (self.folder / LINKS_FILE).is_file()

    def index_source(self) -> Path | None:
        """The disc folder a linked index reads from now (None: its own, or no disc)."""
        return linked_root(self.index_dir) if self.index_on_disc else None

    def release_index(self) -> None:
        """Let go of a linked index's files, so that its disc can be ejected; the next
        index() opens it again (a few ms)."""
        if self.index_on_disc:
            self._index = None

    def relink_to(self, root: Path) -> bool:
        """Read a linked index from the copy in `root` (a disc's index folder just opened)
        if its own disc is gone. Returns whether the index can be read now."""
        links = read_links(self.folder)
        if links is None:
            return True
        found = relink(self.index_dir, links, [root]) is not None
        if found and isinstance(self._damage, IndexOnDisc):
            self._damage = None
        return found

    def copy_index_here(self) -> int:
        """Make a linked index the archive's own: its disc's files copied into its folder,
        searchable with no disc inserted. Returns the bytes copied (0: it was its own)."""
        if read_links(self.folder) is None:
            return 0
        self.index()  # its links resolve (a disc is here), or IndexOnDisc
        self._index = None  # let go of the files being replaced
        copied = copy_linked(self.index_dir)
        forget_links(self.folder)
        return copied

    def _disc_indexes(self) -> list[Path]:
        """Where a linked index may be found: its discs' last places, then every disc
        mounted now (it may have come back elsewhere)."""
        from reader.sources.mounts import mount_paths  # only when a link is broken
        from reader.sources.volume import PUBLISHED_DIR
        from reader.store.published import INDEX_NAME

        places = [v.location for v in self.catalogue.volumes() if v.location]
        with contextlib.suppress(OSError):
            places += list(mount_paths())
        return [Path(p) / PUBLISHED_DIR / INDEX_NAME for p in dict.fromkeys(places)]

    def discs(self) -> list[str]:
        """Where the archive's discs were last seen."""
        return [v.location for v in self.catalogue.volumes() if v.location]

    def _open_index(self) -> FulltextIndex:
        links = read_links(self.folder)
        if links is not None and relink(self.index_dir, links, self._disc_indexes()) is None:
            # Never rebuilt: its files are on the discs, which are only out of the drive.
            self._damage = IndexOnDisc(links.labels, self.discs())
            raise self._damage
        documents = self.catalogue.count_documents()
        try:
            # A new archive gets an empty index; one with documents must have its own.
            index = FulltextIndex.open(self.index_dir, create=documents == 0)
        except FileNotFoundError:
            gone = (
                QT_TRANSLATE_NOOP("Core", "its meta.json is gone")
                if self.index_dir.is_dir()
                else QT_TRANSLATE_NOOP("Core", "its folder is gone")
            )
            problem = QT_TRANSLATE_NOOP("Core", "the search index is missing ({reason})").format(
                reason=gone
            )
        except IndexFormatError as exc:
            problem = exc.problem
        else:
            held = index.doc_count()
            # A writer commits the index before the catalogue, so the index never holds
            # fewer documents than the catalogue lists unless some were lost.
            if held >= documents:
                return index
            del index
            problem = QT_TRANSLATE_NOOP(
                "Core",
                "the search index holds {held:,} documents where the catalogue lists {listed:,}",
            ).format(held=held, listed=documents)
        if self.read_only:
            self._damage = ArchiveDamaged(problem, self.discs(), of_index=True)
            raise self._damage
        return self._rebuild_index(problem)

    def _rebuild_index(self, problem: str) -> FulltextIndex:
        _not_while_written(self.index_dir)
        log.info("rebuilding the full-text index: %s", problem)  # the notice says it
        shutil.rmtree(self.index_dir, ignore_errors=True)  # a linked one: the links only
        forget_links(self.folder)
        # Files the scanner knows are unreadable go back to failed at the next scan.
        self.catalogue.reset_to_pending()
        index = FulltextIndex.open(self.index_dir, create=True)
        self.notice = (
            f"{problem}; it is being rebuilt from the discs: every file is read again as "
            "its disc is indexed (your bookmarks and notes are kept)"
        )
        return index

    def _open_catalogue(self) -> Catalogue:
        path = self.folder / CATALOGUE_FILE
        mark = self.folder / DAMAGED_MARK
        problem = _read_mark(mark)
        catalogue: Catalogue | None = None
        try:
            catalogue = Catalogue(path)
            # Every page is read: worth it before writing, not before a search.
            problem = problem or (catalogue.check() if self._check_pages else "")
        except CatalogueDamaged as exc:
            problem = exc.reason
        if not problem and catalogue is not None:
            return catalogue
        if catalogue is not None:
            catalogue.close()
        problem = QT_TRANSLATE_NOOP("Core", "the catalogue is damaged ({reason})").format(
            reason=problem
        )
        if self.read_only:
            raise ArchiveDamaged(problem)
        return self._rebuild_catalogue(path, mark, problem)

    def _rebuild_catalogue(self, path: Path, mark: Path, problem: str) -> Catalogue:
        _not_while_written(self.index_dir)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
        log.info("%s: moved aside to %s", problem, aside)  # the notice says it
        for suffix in ("", "-wal"):  # the log holds the last commits: kept with the file
            with contextlib.suppress(FileNotFoundError):
                os.replace(f"{path}{suffix}", f"{aside}{suffix}")
        Path(f"{path}-shm").unlink(missing_ok=True)
        # Its rows named the index's documents: with new rows, the index starts again too
        # (documents kept under keys the new catalogue may never use again would be found
        # by every search, twice).
        shutil.rmtree(self.index_dir, ignore_errors=True)
        forget_links(self.folder)
        catalogue = Catalogue(path)
        mark.unlink(missing_ok=True)
        self.notice = (
            f"{problem}; it was moved aside to {aside.name} and a new one is started: index "
            "the discs again to search them (your bookmarks and notes are kept)"
        )
        return catalogue

    @contextlib.contextmanager
    def faults(self) -> Iterator[None]:
        """What SQLite says mid-way, as the user is told it: a full disk as an OSError, a
        damaged catalogue as ArchiveDamaged (marked, when writing, for the next opening to
        rebuild: a later check might not see what this statement met)."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if is_full(exc):
                raise disk_full(self.folder) from exc
            if not is_damaged(exc):
                raise
            if not self.read_only:
                # Not another file's damage (a disc's published catalogue, attached to adopt
                # it): this one's own pages are checked before it is condemned.
                if not self.catalogue.check():
                    raise
                with contextlib.suppress(OSError):
                    (self.folder / DAMAGED_MARK).write_text(str(exc), encoding="utf-8")
            raise ArchiveDamaged(
                QT_TRANSLATE_NOOP("Core", "the catalogue is damaged ({reason})").format(reason=exc),
                rerun=not self.read_only,
            ) from exc

    @property
    def ocr_cache_path(self) -> Path:
        return self.folder / OCR_CACHE_FILE

    def ocr_cache(self) -> OcrCache:
        """The archive's OCR results (reader.store.ocr_cache), opened once, created when new.

        Read-only, a missing cache is an empty one (nothing is created).
        """
        if self._ocr is None:
            if self.read_only and not self.ocr_cache_path.exists():
                self._ocr = OcrCache.empty()
            else:
                self._ocr = OcrCache(self.ocr_cache_path, read_only=self.read_only)
        return self._ocr

    def reopen_index(self) -> None:
        """Forget the open index: its folder was replaced (a published index installed)."""
        self._index = None

    def close(self) -> None:
        self.catalogue.close()
        self._index = None
        if self._ocr is not None:
            self._ocr.close()
            self._ocr = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_mark(mark: Path) -> str:
    try:
        return mark.read_text(encoding="utf-8").strip() or "found damaged by the last run"
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError):
        return "found damaged by the last run"


def _not_while_written(index_dir: Path) -> None:
    holder = live_writer(index_dir)
    if holder is not None:
        raise IndexLockedError(holder)


@dataclass(frozen=True, slots=True)
class ArchiveSummary:
    """One archive on this machine, as a list of archives shows it.

    Attributes:
        name: the folder name (what `Archive.named` and `--archive` take).
        title: the set's title from archive.toml, else its disc labels.
        documents: files indexed.
        problem: why it cannot be opened (a newer version made it, damaged), else "".
    """

    name: str
    title: str
    documents: int
    discs: int
    problem: str = ""


def archive_exists(name: str) -> bool:
    return (app_dirs().archive_dir(name) / CATALOGUE_FILE).is_file()


def archive_summaries() -> list[ArchiveSummary]:
    """Every archive in the data dir that has a catalogue, by name."""
    root = app_dirs().archives
    out: list[ArchiveSummary] = []
    if not root.is_dir():
        return out
    for folder in sorted(p for p in root.iterdir() if (p / CATALOGUE_FILE).is_file()):
        try:
            catalogue = Catalogue(folder / CATALOGUE_FILE)
        except CatalogueError as exc:
            out.append(ArchiveSummary(folder.name, folder.name, 0, 0, str(exc)))
            continue
        try:
            records = catalogue.volumes()
            titles = sorted({r.title for r in records if r.title})
            title = titles[0] if len(titles) == 1 else ", ".join(r.label for r in records)
            documents = catalogue.counts_by_state()["indexed"]
        except sqlite3.DatabaseError as exc:  # a page damaged past the file's header
            out.append(ArchiveSummary(folder.name, folder.name, 0, 0, f"damaged ({exc})"))
            continue
        finally:
            catalogue.close()
        out.append(ArchiveSummary(folder.name, title or folder.name, documents, len(records)))
    return out
