"""An archive on this machine: one catalogue and one full-text index for a set of discs."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from reader.paths import app_dirs
from reader.store.catalogue import CATALOGUE_FILE, Catalogue, CatalogueError
from reader.store.fulltext import FulltextIndex, IndexFormatError

log = logging.getLogger(__name__)

INDEX_DIR = "index"
DEFAULT_ARCHIVE = "default"


class Archive:
    """The catalogue and full-text index kept in one folder of the user's data dir.

    Both are rebuildable from the discs; the user's own notes live elsewhere (library).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.catalogue = Catalogue(folder / CATALOGUE_FILE)
        self._index: FulltextIndex | None = None
        # Set when the index had to be started again (made by another version); for the user.
        self.notice = ""

    @classmethod
    def named(cls, name: str) -> Archive:
        """The archive called `name` in the app's data dir (created when new)."""
        return cls(app_dirs().archive_dir(name))

    @property
    def index_dir(self) -> Path:
        return self.folder / INDEX_DIR

    def index(self) -> FulltextIndex:
        """The full-text index, created when missing.

        An index made by another version of the app (another schema) cannot be read: it is
        started again, empty, and every file goes back to pending, so the next indexing run
        rebuilds it from the discs. The catalogue and the user's library are kept.
        """
        if self._index is None:
            try:
                self._index = FulltextIndex.open(self.index_dir, create=True)
            except IndexFormatError as exc:
                log.warning("rebuilding the full-text index: %s", exc)
                shutil.rmtree(self.index_dir, ignore_errors=True)
                self.catalogue.reset_to_pending()
                self._index = FulltextIndex.open(self.index_dir, create=True)
                self.notice = (
                    "the search index was made by another version of Archive Reader and is "
                    "being rebuilt: index the discs again to search them"
                )
        return self._index

    def reopen_index(self) -> None:
        """Forget the open index: its folder was replaced (a published index installed)."""
        self._index = None

    def close(self) -> None:
        self.catalogue.close()
        self._index = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class ArchiveSummary:
    """One archive on this machine, as a list of archives shows it.

    Attributes:
        name: the folder name (what `Archive.named` and `--archive` take).
        title: the set's title from archive.toml, else its disc labels.
        documents: files indexed.
        problem: why it cannot be opened (a newer version made it), else "".
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
        finally:
            catalogue.close()
        out.append(ArchiveSummary(folder.name, title or folder.name, documents, len(records)))
    return out
