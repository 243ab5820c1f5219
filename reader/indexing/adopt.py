"""Step one of indexing a disc that carries a ready-made index: adopt it instead of reading
the disc (reader.store.published says whether it fits)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.sentences import QT_TRANSLATE_NOOP
from reader.sources.volume import PUBLISHED_DIR, Volume, VolumeError
from reader.store.archive import Archive
from reader.store.catalogue import Catalogue, CatalogueError
from reader.store.fulltext import FulltextIndex
from reader.store.index_errors import IndexFormatError
from reader.store.linked_index import (
    Links,
    can_link,
    forget_links,
    link_index,
    read_ahead,
    write_links,
)
from reader.store.ocr_cache import OcrCacheError
from reader.store.published import (
    CATALOGUE_NAME,
    INDEX_NAME,
    OCR_NAME,
    BytesCallback,
    check_against,
    copy_from_volume,
    forget_volumes,
    inspect_published,
)

log = logging.getLogger(__name__)

# Catalogue meta key: a ready-made index was adopted and the disc it came from is not yet
# checked against it (the published volume ids, JSON). See adopt_published.
UNCHECKED = "published_unchecked"


@dataclass(frozen=True, slots=True)
class Adoption:
    """What adopting a disc's ready-made index did.

    Attributes:
        adopted: its catalogue rows and index are the archive's now.
        reason: why it was not adopted, for the user ("" when there is nothing to say:
            no ready-made index, or the set's index was adopted before from another disc).
        volumes, files: the discs and files it brought.
    """

    adopted: bool
    reason: str = ""
    volumes: int = 0
    files: int = 0


def _install_index(incoming: Path, index_dir: Path) -> None:
    """Put the copied index files into the archive's (empty) index folder.

    The passages first, the documents' meta.json last and atomically: a reader of the
    folder sees the empty index or the whole published one, never half of it.
    """
    files = sorted(
        p.relative_to(incoming)
        for p in incoming.rglob("*")
        if p.is_file() and not p.name.endswith(".lock")
    )
    last = Path("meta.json")
    for rel in sorted(files, key=lambda r: (r == last, -len(r.parts), str(r))):
        (index_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(incoming / rel, index_dir / rel)


def adopt_published(
    archive: Archive,
    volume: Volume,
    *,
    on_bytes: BytesCallback | None = None,
    cancel: Callable[[], bool] | None = None,
    in_place: bool = True,
    on_searchable: Callable[[], None] | None = None,
) -> Adoption:
    """Use the disc's ready-made index for this archive instead of indexing the disc.

    With `in_place` (and a disc with a folder, where links can be made), the index is
    searched where it lies on the disc (reader.store.linked_index): only the catalogue is
    copied. Else (an ISO image, no links on this system, or asked) the index is copied
    into the archive's folder too. The catalogue's rows are adopted, so only files that
    differ from the published catalogue are extracted afterwards (the scan that follows
    finds them). Does nothing (and says why) when the disc has no usable index, or the
    archive already holds documents of other discs (an index cannot be merged file by
    file).

    Into an empty archive, the index is searchable (`on_searchable` is called) before the
    disc is checked against it (reader.store.published.check_against: its fingerprint and
    spot checks, some 30 seeks on a DVD), so that the first search does not wait for them.
    A disc that fails them has its adoption undone before this returns, and is indexed
    instead (the reason says why); one checked by no run (killed in between) has it undone
    at the next run. So a disc whose files differ from its index is never trusted.

    Raises:
        InterruptedError: `cancel` returned True (an adoption not yet checked is undone).
    """
    _undo_unchecked(archive)
    inspection = inspect_published(volume, check_disc=False)
    if not inspection.usable:
        return Adoption(False, inspection.message)
    meta = inspection.meta
    published_ids = {str(v["id"]) for v in meta.get("volumes", [])}
    known = {r.id for r in archive.catalogue.volumes()}
    if published_ids <= known or known or _holds_documents(archive):
        # Nothing of the disc becomes searchable here: it is checked first, as it always was.
        checked = check_against(volume, meta)
        if not checked.usable:
            return Adoption(False, checked.message)
        if not published_ids <= known:
            return Adoption(
                False,
                QT_TRANSLATE_NOOP(
                    "Core",
                    "{disc} carries a ready-made index, but this archive already holds"
                    " other discs, which it cannot be merged with; the disc is indexed instead"
                    " (open it as a separate archive to use the ready-made index)",
                ).format(disc=volume.label),
            )
        # Adopted before, from this disc or another of the set: its copy of the index
        # serves as well as the first one's, which may be out of the drive now.
        source = _index_on(volume, archive)
        if source is not None:
            archive.relink_to(source)
        if not in_place and archive.index_on_disc:
            archive.copy_index_here()
        return Adoption(False)
    adoption = _take(archive, volume, meta, on_bytes=on_bytes, cancel=cancel, in_place=in_place)
    if not adoption.adopted:
        return adoption
    try:
        if on_searchable is not None:
            on_searchable()
        checked = check_against(volume, meta, cancel)
    except BaseException:
        _undo(archive, published_ids)
        raise
    if not checked.usable:
        log.info("%s: undoing the adoption of its ready-made index", volume.label)
        _undo(archive, published_ids)
        return Adoption(False, checked.message)
    archive.catalogue.delete_meta(UNCHECKED)
    return adoption


def _holds_documents(archive: Archive) -> bool:
    index = FulltextIndex.open(archive.index_dir, create=True)
    return index.doc_count() > 0


def _take(
    archive: Archive,
    volume: Volume,
    meta: dict[str, Any],
    *,
    on_bytes: BytesCallback | None,
    cancel: Callable[[], bool] | None,
    in_place: bool,
) -> Adoption:
    """Copy the catalogue (and the index, unless it is searched in place), install the
    index and adopt the rows, the archive marked UNCHECKED meanwhile."""
    published = meta.get("volumes", [])
    published_ids = sorted({str(v["id"]) for v in published})
    source = _index_on(volume, archive) if in_place else None
    incoming = Path(tempfile.mkdtemp(prefix="published-", dir=archive.folder))
    try:
        copy_from_volume(
            volume,
            _published_index_files(volume, with_index=source is None),
            incoming,
            PUBLISHED_DIR,
            on_bytes=on_bytes,
            cancel=cancel or (lambda: False),
        )
        linked = link_index(source, incoming / INDEX_NAME) if source is not None else None
        if linked is not None:
            # Asked for before tantivy first opens the index, which reads parts of the same
            # files: each then comes in one read from the disc, not a piece first.
            read_ahead(incoming / INDEX_NAME)
        try:
            # Opening it migrates the copy to this version's schema (never the disc's file).
            Catalogue(incoming / CATALOGUE_NAME).close()
            FulltextIndex.open(incoming / INDEX_NAME, create=False)
        except (CatalogueError, IndexFormatError, FileNotFoundError, ValueError) as exc:
            return Adoption(
                False,
                QT_TRANSLATE_NOOP(
                    "Core",
                    "the ready-made index on {disc} cannot be used ({reason});"
                    " the disc is indexed instead",
                ).format(disc=volume.label, reason=exc),
            )
        # Before anything is searchable: a run killed before the disc is checked leaves an
        # archive whose next run undoes the adoption.
        archive.catalogue.set_meta(UNCHECKED, json.dumps(published_ids))
        if linked is not None:
            # Said before the links are put in place: a crash between the two leaves an
            # archive that looks for its discs, never one that rebuilds over the links.
            labels = tuple(str(v.get("label", "")) for v in published if v.get("label"))
            write_links(archive.folder, Links(linked, labels, tuple(published_ids)))
        _install_index(incoming / INDEX_NAME, archive.index_dir)
        # A FulltextIndex opened before holds the old file list; its writer would delete
        # the new files as garbage. The next index() call opens the installed index.
        archive.reopen_index()
        n_volumes, n_files = archive.catalogue.adopt(incoming / CATALOGUE_NAME)
        if (incoming / OCR_NAME).exists():
            # The scans' text is in the index already; the cache gives their word boxes
            # (hits painted on the scan) and keeps a re-index from reading them again.
            try:
                archive.ocr_cache().take_from(incoming / OCR_NAME)
            except (OcrCacheError, sqlite3.DatabaseError) as exc:
                log.warning("the OCR results on %s cannot be used: %s", volume.label, exc)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    return Adoption(True, volumes=n_volumes, files=n_files)


def _undo(archive: Archive, volume_ids: Iterable[str]) -> None:
    """Take an adoption back: the archive is as empty as it was (only an empty archive
    adopts). The rows go first: an index never holds fewer documents than the catalogue
    lists (or the archive would rebuild it)."""
    forget_volumes(archive.catalogue, sorted(volume_ids))
    archive.reopen_index()
    (archive.index_dir / "meta.json").unlink(missing_ok=True)
    shutil.rmtree(archive.index_dir, ignore_errors=True)  # linked: the links, not the disc's
    forget_links(archive.folder)
    FulltextIndex.open(archive.index_dir, create=True)
    archive.catalogue.delete_meta(UNCHECKED)


def _undo_unchecked(archive: Archive) -> None:
    """An adoption whose disc no run checked (killed in between) is not trusted: undone,
    so that this run adopts again (and checks) or indexes the disc."""
    value = archive.catalogue.get_meta(UNCHECKED)
    if value is None:
        return
    try:
        ids = {str(v) for v in json.loads(value)}
    except (ValueError, TypeError):
        ids = set()
    known = {r.id for r in archive.catalogue.volumes()}
    if known <= ids:
        log.info("undoing the adoption of a ready-made index whose disc was not checked")
        _undo(archive, ids | known)
    else:
        # Other discs were indexed into it since (by runs that adopt nothing): undoing
        # would lose them. Their scans compare each file's size with the catalogue's.
        log.warning("a ready-made index adopted unchecked, and other discs added since")
        archive.catalogue.delete_meta(UNCHECKED)


def _index_on(volume: Volume, archive: Archive) -> Path | None:
    """The disc's index folder, when it can be searched in place from this archive: the
    disc is a folder (not an ISO image read through pycdlib) and links can be made."""
    try:
        where = volume.local_path(f"{PUBLISHED_DIR}/{INDEX_NAME}")
    except (OSError, VolumeError):
        return None
    if where is None or not (Path(where) / "meta.json").is_file():
        return None
    return Path(where) if can_link(archive.folder) else None


def _published_index_files(volume: Volume, *, with_index: bool) -> list[tuple[str, int]]:
    """(path, size) of the published catalogue and OCR results, and of the index's own
    files when it is copied."""
    return [
        (p, s)
        for p, s in volume.published_files()
        if p in (f"{PUBLISHED_DIR}/{CATALOGUE_NAME}", f"{PUBLISHED_DIR}/{OCR_NAME}")
        or (with_index and p.startswith(f"{PUBLISHED_DIR}/{INDEX_NAME}/"))
    ]
