"""Step one of indexing a disc that carries a ready-made index: adopt it instead of reading
the disc (reader.store.published says whether it fits)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.indexing.scan import scan
from reader.sources.identity import identify
from reader.sources.volume import PUBLISHED_DIR, Volume
from reader.store.archive import Archive
from reader.store.catalogue import Catalogue, CatalogueError
from reader.store.fulltext import FulltextIndex, IndexFormatError
from reader.store.published import CATALOGUE_NAME, INDEX_NAME, inspect_published

_COPY_CHUNK = 1024 * 1024

BytesCallback = Callable[[int, int], None]  # (bytes done, bytes total)


@dataclass(slots=True)
class Adoption:
    """What adopting a disc's ready-made index did."""

    adopted: bool
    message: str
    volumes: int = 0
    files: int = 0
    changed: int = 0  # files on the disc that differ from the published catalogue
    bytes_copied: int = 0
    seconds: float = 0.0


def _copy_from_volume(
    volume: Volume,
    items: Sequence[tuple[str, int]],
    dest: Path,
    strip: str,
    *,
    on_bytes: BytesCallback | None,
    cancel: Callable[[], bool],
) -> int:
    total = sum(size for _, size in items)
    done = 0
    for path, _size in items:
        target = dest / path[len(strip) :].lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        with volume.open(path) as src, target.open("wb") as out:
            while chunk := src.read(_COPY_CHUNK):
                out.write(chunk)
                done += len(chunk)
                if on_bytes is not None:
                    on_bytes(done, total)
                if cancel():
                    raise InterruptedError("copying the ready-made index was cancelled")
    return done


def _install_index(incoming: Path, index_dir: Path) -> None:
    """Put the copied index files into the archive's (empty) index folder.

    meta.json goes last and atomically: a reader of the folder sees the empty index or the
    whole published one, never half of it.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in incoming.iterdir() if p.is_file())
    for name in names:
        if name != "meta.json" and not name.endswith(".lock"):
            os.replace(incoming / name, index_dir / name)
    os.replace(incoming / "meta.json", index_dir / "meta.json")


def adopt_published(
    archive: Archive,
    volume: Volume,
    *,
    on_bytes: BytesCallback | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Adoption:
    """Use the disc's ready-made index for this archive instead of indexing the disc.

    The index is copied into the archive's folder (tantivy cannot open an index on
    read-only media) and the catalogue's rows are adopted, so only files that differ
    from the published catalogue are extracted afterwards. Does nothing (and says why)
    when the disc has no usable index, or the archive already holds documents of other
    discs (an index cannot be merged file by file).
    """
    started = time.monotonic()
    cancel = cancel or (lambda: False)
    inspection = inspect_published(volume)
    if not inspection.usable:
        return Adoption(False, inspection.message)
    meta = inspection.meta
    published_ids = {str(v["id"]) for v in meta.get("volumes", [])}
    cat = archive.catalogue
    known = {r.id for r in cat.volumes()}
    if published_ids <= known:
        # Adopted before, from another disc of the set. A disc seen for the first time
        # (its row has no location yet) takes its own times, like a freshly adopted one.
        record = next(r for r in cat.volumes() if r.id == inspection.volume_id)
        if not record.location:
            vid = identify(cat, volume)
            _kept, changed = cat.rebase_mtimes(vid, scan(volume))
            if changed:
                return Adoption(
                    False,
                    f"{changed:,} files on {volume.label} differ from the ready-made index "
                    "and are indexed now",
                    changed=changed,
                )
        return Adoption(False, "")
    index = FulltextIndex.open(archive.index_dir, create=True)
    if known or index.doc_count():
        return Adoption(
            False,
            f"{volume.label} carries a ready-made index, but this archive already holds "
            "other discs, which it cannot be merged with; the disc is indexed instead "
            "(open it as a separate archive to use the ready-made index)",
        )
    del index
    incoming = Path(tempfile.mkdtemp(prefix="published-", dir=archive.folder))
    try:
        items = [
            (p, s)
            for p, s in volume.published_files()
            if p == f"{PUBLISHED_DIR}/{CATALOGUE_NAME}"
            or (p.startswith(f"{PUBLISHED_DIR}/{INDEX_NAME}/") and p.count("/") == 2)
        ]
        copied = _copy_from_volume(
            volume, items, incoming, PUBLISHED_DIR, on_bytes=on_bytes, cancel=cancel
        )
        try:
            # Opening it migrates the copy to this version's schema (never the disc's file).
            Catalogue(incoming / CATALOGUE_NAME).close()
            FulltextIndex.open(incoming / INDEX_NAME, create=False)
        except (CatalogueError, IndexFormatError, FileNotFoundError, ValueError) as exc:
            return Adoption(
                False,
                f"the ready-made index on {volume.label} cannot be used ({exc}); "
                "the disc is indexed instead",
            )
        _install_index(incoming / INDEX_NAME, archive.index_dir)
        # A FulltextIndex opened before holds the old file list; its writer would delete
        # the new files as garbage. The next index() call opens the installed index.
        archive.reopen_index()
        n_volumes, n_files = cat.adopt(incoming / CATALOGUE_NAME)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    vid = identify(cat, volume)
    _kept, changed = cat.rebase_mtimes(vid, scan(volume))
    note = (
        f"Used the ready-made index on {volume.label}: {n_files:,} files of "
        f"{n_volumes} disc{'s' if n_volumes != 1 else ''} searchable"
    )
    if changed:
        note += f"; {changed:,} files on the disc differ from it and are indexed now"
    return Adoption(
        True,
        note + ".",
        volumes=n_volumes,
        files=n_files,
        changed=changed,
        bytes_copied=copied,
        seconds=time.monotonic() - started,
    )
