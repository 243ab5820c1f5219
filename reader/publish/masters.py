"""Publishing: the catalogue and index of a whole disc set, written into each disc master."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import Progress, RunSummary
from reader.model import VolumeRecord
from reader.paths import app_dirs
from reader.processes import pid_alive
from reader.publish.previous import seed_from_previous
from reader.publish.with_app import AppBundle, BundleError, carried_app, check_masters
from reader.settings import Settings
from reader.sources.disc_info import DiscInfo, read_disc_info
from reader.sources.folder import FolderVolume
from reader.sources.volume import PUBLISHED_DIR, Volume, VolumeError
from reader.store import ocr_queue
from reader.store.archive import Archive
from reader.store.catalogue import MIGRATIONS
from reader.store.fulltext import SCHEMA_VERSION
from reader.store.ocr_cache import OcrCacheError
from reader.store.published import (
    CATALOGUE_NAME,
    FORMAT_FILE,
    INDEX_NAME,
    OCR_NAME,
    PUBLISH_FORMAT,
    index_files,
    spot_checks,
)
from reader.store.writer import compact_copy

if TYPE_CHECKING:
    from reader.indexing.ocr.run import OcrProgress

_WORK_PREFIX = "publish-"
# "publish-<pid>-<random>": the process that owns a work folder is in its name.
_WORK_NAME = re.compile(r"publish-(\d+)-")
# A work folder named by a version that did not record its owner is removed once it has
# not changed for this long (no publish run goes a day without writing its catalogue).
_UNOWNED_STALE_SECONDS = 24 * 3600


def clean_stale_work(cache: Path) -> list[Path]:
    """Remove the work folders of publish runs that were killed; returns those removed.

    A run removes its own folder when it ends, even on an error; only a killed one leaves
    it behind. A folder whose owner still runs (another publish) is left alone.
    """
    removed = []
    for folder in cache.glob(_WORK_PREFIX + "*"):
        if folder.is_symlink() or not folder.is_dir():
            continue
        match = _WORK_NAME.match(folder.name)
        if match is not None:
            stale = not pid_alive(int(match.group(1)))
        else:
            stale = time.time() - _newest_change(folder) > _UNOWNED_STALE_SECONDS
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _newest_change(folder: Path) -> float:
    """The latest mtime of a work folder and of what is two levels in (archive/catalogue)."""
    newest = 0.0
    for path in (folder, *folder.glob("*"), *folder.glob("*/*")):
        try:
            newest = max(newest, path.lstat().st_mtime)
        except OSError:  # removed meanwhile
            continue
    return newest


class PublishError(Exception):
    """Publishing cannot go on; the message is for the user."""


@dataclass(slots=True)
class PublishReport:
    """What `publish` wrote."""

    folders: list[Path]
    documents: int
    files: int
    index_bytes: int
    seconds: float
    summary: RunSummary | None = None
    warnings: list[str] = field(default_factory=list)
    # Built on the folders' previous publication (only changed files read), not from scratch.
    incremental: bool = False


def _write_published(
    folder: Path, archive: Archive, meta: dict[str, Any], index: Path, index_files: Sequence[Path]
) -> None:
    """Write `folder/.archive-reader/` whole, or leave the old one in place."""
    final = folder / PUBLISHED_DIR
    new = folder / (PUBLISHED_DIR + ".new")
    old = folder / (PUBLISHED_DIR + ".old")
    shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    (new / INDEX_NAME).mkdir(parents=True)
    archive.catalogue.export_copy(new / CATALOGUE_NAME)
    if archive.ocr_cache().count():
        archive.ocr_cache().export_copy(new / OCR_NAME)
    for rel in index_files:
        (new / INDEX_NAME / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(index / rel, new / INDEX_NAME / rel)
    (new / FORMAT_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)


def publish(
    folders: Sequence[str | os.PathLike[str]],
    settings: Settings,
    *,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    ocr: bool = True,
    ocr_progress: Callable[[OcrProgress], None] | None = None,
    app: AppBundle | None = None,
    app_progress: Callable[[Progress], None] | None = None,
) -> PublishReport:
    """Index the disc set in `folders` and write its catalogue and index into each of them.

    Every disc of a set carries the index of the whole set, so whichever disc a user
    inserts first makes all of them searchable. Only `FOLDER/.archive-reader/` is written;
    the rest of each folder is read as any disc is.

    With `ocr`, the set's pictures of text (scans) are read by OCR to the end first (the
    set's previous publication gives what it read before), and their text and word boxes
    go on the discs too: a reader of the discs never OCRs. Where OCR cannot run, the
    report says how many pages are left unsearchable.

    With `app`, each folder also gets that desktop bundle and the files that start it
    (reader.publish.with_app), copied with `app_progress`, put in place with the index.

    Raises:
        PublishError: a folder is not a folder, or its archive.toml is invalid.
        Interrupted: cancelled.
    """
    started = time.monotonic()
    if app is not None:
        try:
            check_masters(app, folders)
        except BundleError as exc:
            raise PublishError(str(exc)) from exc
    masters = _open_masters(folders)
    cache = app_dirs().ensure().cache
    clean_stale_work(cache)
    work = Path(tempfile.mkdtemp(prefix=f"{_WORK_PREFIX}{os.getpid()}-", dir=cache))
    try:
        incremental = seed_from_previous(masters.volumes, masters.infos, work / "archive")
        with Archive(work / "archive") as archive:
            _take_previous_ocr(archive, masters.volumes)
            summary = index_volumes(
                archive,
                masters.volumes,
                settings,
                progress=progress,
                cancel=cancel,
                use_published=False,
            )
            if ocr:
                _read_scans(archive, masters, settings, cancel, ocr_progress)
            # The discs get a copy of the index written afresh in one segment per index:
            # each segment costs seeks to open on a disc (reader.store.writer.compact_copy).
            published = work / "published-index"
            documents = compact_copy(archive.index(), published)
            records = {r.id: r for r in archive.catalogue.volumes()}
            files_of_index = index_files(published)
            meta = _format_meta(masters, records, documents)
            places = [(Path(v.spec.location), records[v.id].label) for v in masters.volumes]
            with carried_app(
                app, places, title=meta["title"], progress=app_progress, cancel=cancel
            ) as placed:
                for v in masters.volumes:
                    _write_published(
                        Path(v.spec.location), archive, meta, published, files_of_index
                    )
            masters.warnings.extend(placed.warnings if placed else [])
            files = sum(r.files for r in records.values())
            index_bytes = sum((published / p).stat().st_size for p in files_of_index)
    finally:
        for v in masters.volumes:
            v.close()
        shutil.rmtree(work, ignore_errors=True)
    return PublishReport(
        folders=[Path(v.spec.location) for v in masters.volumes],
        documents=documents,
        files=files,
        index_bytes=index_bytes,
        seconds=time.monotonic() - started,
        summary=summary,
        warnings=masters.warnings,
        incremental=incremental,
    )


def _take_previous_ocr(archive: Archive, volumes: Sequence[Volume]) -> None:
    """What OCR read for an earlier publication of these discs (filed by content, so it is
    right for any file it names, whatever else changed)."""
    for v in volumes:
        previous = Path(v.spec.location) / PUBLISHED_DIR / OCR_NAME
        if previous.is_file():
            try:
                archive.ocr_cache().take_from(previous)
            except (OcrCacheError, sqlite3.DatabaseError):
                continue  # damaged: read the pages again


def _read_scans(
    archive: Archive,
    masters: _Masters,
    settings: Settings,
    cancel: Callable[[], bool] | None,
    progress: Callable[[OcrProgress], None] | None,
) -> None:
    from reader.indexing.ocr.run import OcrUnavailable, ocr_volumes

    try:
        ocr_volumes(archive, masters.volumes, settings, progress=progress, cancel=cancel)
    except OcrUnavailable as exc:
        left = ocr_queue.counts(archive.catalogue).missing
        if left:
            masters.warnings.append(
                f"{left:,} scanned pages are not searchable on these discs: OCR cannot run "
                f"here ({exc})"
            )


@dataclass
class _Masters:
    """The disc masters of a set, opened, with their archive.toml and what to warn of."""

    volumes: list[Volume] = field(default_factory=list)
    infos: list[DiscInfo | None] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _open_masters(folders: Sequence[str | os.PathLike[str]]) -> _Masters:
    masters = _Masters()
    try:
        for raw in folders:
            path = Path(raw).expanduser().resolve()
            if not path.is_dir():
                raise PublishError(
                    f"{raw}: not a folder (publish writes into the disc's master folder, "
                    "before it is burned; not into an ISO image or a disc)"
                )
            if not os.access(path, os.W_OK):
                raise PublishError(f"{raw}: the folder is not writable")
            volume = FolderVolume(path)
            masters.volumes.append(volume)
            info = read_disc_info(volume)
            masters.infos.append(info)
            if info is not None:
                masters.warnings.extend(info.warnings)
    except (VolumeError, PublishError) as exc:  # DiscTomlError included: the publisher fixes it
        for v in masters.volumes:
            v.close()
        raise PublishError(str(exc)) from exc
    ids = [v.id for v in masters.volumes]
    if len(set(ids)) != len(ids):
        for v in masters.volumes:
            v.close()
        raise PublishError("the same disc is given twice")
    infos = masters.infos
    set_ids = {i.set_id for i in infos if i is not None and i.set_id}
    if len(set_ids) > 1:
        masters.warnings.append(f"the discs name different set ids ({', '.join(sorted(set_ids))})")
    if any(i is None or not i.set_id for i in infos) and len(masters.volumes) > 1:
        masters.warnings.append(
            "not every disc has an archive.toml with a set_id: users are asked whether a "
            "disc belongs to the set"
        )
    return masters


def _format_meta(
    masters: _Masters, records: dict[str, VolumeRecord], documents: int
) -> dict[str, Any]:
    """format.json: the formats, the set, and each disc's fingerprint and spot checks."""
    first = next((i for i in masters.infos if i is not None), None)
    return {
        "format": PUBLISH_FORMAT,
        "app": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "catalogue_schema": len(MIGRATIONS),
        "index_schema": SCHEMA_VERSION,
        "set_id": first.set_id if first else None,
        "title": first.title if first else None,
        "documents": documents,
        "volumes": [
            {
                "id": v.id,
                "label": records[v.id].label,
                "fingerprint": records[v.id].fingerprint,
                "files": records[v.id].files,
                "disc": info.disc if info else None,
                "checks": spot_checks(v),
            }
            for v, info in zip(masters.volumes, masters.infos, strict=True)
        ],
    }
