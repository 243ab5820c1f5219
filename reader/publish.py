"""Ready-made indexes on discs: publish one into disc master folders, adopt one from a disc."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.archive import INDEX_DIR as ARCHIVE_INDEX_DIR
from reader.archive import Archive
from reader.catalogue import CATALOGUE_FILE, MIGRATIONS, Catalogue, CatalogueError
from reader.disc_toml import DiscInfo, read_disc_info
from reader.discs import identify
from reader.fulltext import SCHEMA_VERSION, FulltextIndex, IndexFormatError
from reader.paths import app_dirs
from reader.scan import scan
from reader.volume import INDEX_DIR, FolderVolume, Volume, VolumeError

if TYPE_CHECKING:
    from reader.pipeline import Progress, RunSummary
    from reader.settings import Settings

log = logging.getLogger(__name__)

#: Version of the `.archive-reader/` layout; a reader refuses a higher one.
PUBLISH_FORMAT = 1
FORMAT_FILE = "format.json"
CATALOGUE_NAME = "catalogue.sqlite"
INDEX_NAME = "index"
SPOT_CHECKS = 16  # files per disc whose first bytes are hashed, to catch a changed disc
SPOT_BYTES = 64 * 1024
_COPY_CHUNK = 1024 * 1024

BytesCallback = Callable[[int, int], None]  # (bytes done, bytes total)


class PublishError(Exception):
    """Publishing cannot go on; the message is for the user."""


class Verdict(StrEnum):
    """What the app makes of a disc's `.archive-reader/` folder."""

    NONE = "none"  # no ready-made index on the disc
    USABLE = "usable"
    STALE = "stale"  # made from other files than the disc holds
    NEWER = "newer"  # made by a newer Archive Reader
    OLDER = "older"  # an older format this version no longer reads
    DAMAGED = "damaged"


@dataclass(frozen=True, slots=True)
class Inspection:
    """A disc's ready-made index as found, and what to tell the user about it."""

    verdict: Verdict
    message: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    volume_id: str | None = None  # the id this disc has in the published catalogue

    @property
    def usable(self) -> bool:
        return self.verdict is Verdict.USABLE


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


# --------------------------------------------------------------------------- inspecting


def _spot_paths(paths: Sequence[str], n: int = SPOT_CHECKS) -> list[str]:
    """Up to n paths spread evenly over the sorted list (deterministic)."""
    if len(paths) <= n:
        return list(paths)
    step = len(paths) / n
    return [paths[int(i * step)] for i in range(n)]


def _head_digest(volume: Volume, path: str) -> str:
    return hashlib.sha256(volume.read_bytes(path, SPOT_BYTES)).hexdigest()


def _spot_checks(volume: Volume) -> list[list[Any]]:
    files = sorted((e.path, e.size) for e in volume.walk() if not e.problem and e.size > 0)
    sizes = dict(files)
    out = []
    for path in _spot_paths([p for p, _ in files]):
        try:
            out.append([path, sizes[path], _head_digest(volume, path)])
        except (OSError, VolumeError):
            continue
    return out


def _read_meta(volume: Volume) -> dict[str, Any]:
    data = volume.read_bytes(f"{INDEX_DIR}/{FORMAT_FILE}", 4 * 1024 * 1024)
    meta = json.loads(data.decode("utf-8"))
    if not isinstance(meta, dict):
        raise ValueError("not a JSON object")
    return meta


def inspect_published(volume: Volume) -> Inspection:
    """Whether the disc carries a ready-made index this app can use for it, and why not."""
    files = dict(volume.published_files())
    if not files:
        return Inspection(Verdict.NONE)
    where = f"the ready-made index on {volume.label}"
    try:
        meta = _read_meta(volume)
        fmt = int(meta["format"])
    except (OSError, VolumeError, ValueError, KeyError, TypeError) as exc:
        return Inspection(
            Verdict.DAMAGED, f"{where} cannot be read ({exc}); the disc is indexed instead"
        )
    if fmt > PUBLISH_FORMAT or int(meta.get("catalogue_schema", 0)) > len(MIGRATIONS):
        return Inspection(
            Verdict.NEWER,
            f"{where} was made by a newer Archive Reader ({meta.get('app', '?')}, format "
            f"{fmt}); this version indexes the disc itself instead. Update the app to use it.",
            meta,
        )
    if fmt < PUBLISH_FORMAT or int(meta.get("index_schema", -1)) != SCHEMA_VERSION:
        verdict = (
            Verdict.NEWER if int(meta.get("index_schema", 0)) > SCHEMA_VERSION else Verdict.OLDER
        )
        return Inspection(
            verdict,
            f"{where} was made by Archive Reader {meta.get('app', '?')}, whose index format "
            "this version does not read; the disc is indexed instead",
            meta,
        )
    needed = [f"{INDEX_DIR}/{CATALOGUE_NAME}", f"{INDEX_DIR}/{INDEX_NAME}/meta.json"]
    missing = [p for p in needed if p not in files]
    if missing:
        return Inspection(
            Verdict.DAMAGED,
            f"{where} is incomplete ({', '.join(missing)} missing); the disc is indexed instead",
            meta,
        )
    fingerprint = volume.fingerprint()
    entry = next((v for v in meta.get("volumes", []) if v.get("fingerprint") == fingerprint), None)
    stale = (
        f"{where} does not match the files on the disc (they changed after it was made); "
        "the disc is indexed instead"
    )
    if entry is None:
        return Inspection(Verdict.STALE, stale, meta)
    for path, size, digest in entry.get("checks", []):
        try:
            ok = volume.stat(path)[0] == size and _head_digest(volume, path) == digest
        except (OSError, VolumeError):
            ok = False
        if not ok:
            return Inspection(Verdict.STALE, stale + f" ({path} differs)", meta)
    return Inspection(Verdict.USABLE, "", meta, str(entry["id"]))


# --------------------------------------------------------------------------- adopting


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
            if p == f"{INDEX_DIR}/{CATALOGUE_NAME}"
            or (p.startswith(f"{INDEX_DIR}/{INDEX_NAME}/") and p.count("/") == 2)
        ]
        copied = _copy_from_volume(
            volume, items, incoming, INDEX_DIR, on_bytes=on_bytes, cancel=cancel
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


# --------------------------------------------------------------------------- publishing


def _index_files(index_dir: Path) -> list[Path]:
    return sorted(p for p in index_dir.iterdir() if p.is_file() and not p.name.endswith(".lock"))


def _seed_from_previous(
    volumes: Sequence[Volume], infos: Sequence[DiscInfo | None], archive_dir: Path
) -> bool:
    """Start the build from the set's previous publication, if it fits; True when it did.

    It fits when it is of this version's formats and describes the same discs (same
    labels, same disc numbers). Its rows are given back their folders' places, so the scan
    that follows compares sizes and times as on any rerun, and only changed files are read.
    Anything else (no publication, another set, a damaged copy) builds from scratch.
    """
    previous = Path(volumes[0].spec.location) / INDEX_DIR
    try:
        meta = json.loads((previous / FORMAT_FILE).read_text(encoding="utf-8"))
        entries = list(meta["volumes"])
        pairs = zip(volumes, infos, strict=True)
        wanted = sorted((v.label, i.disc if i else None) for v, i in pairs)
        if (
            len({v.label for v in volumes}) != len(volumes)  # rows are matched by label
            or int(meta["format"]) != PUBLISH_FORMAT
            or int(meta["index_schema"]) != SCHEMA_VERSION
            or int(meta["catalogue_schema"]) > len(MIGRATIONS)
            or sorted((str(e["label"]), e.get("disc")) for e in entries) != wanted
        ):
            return False
        index_dir = archive_dir / ARCHIVE_INDEX_DIR
        index_dir.mkdir(parents=True)
        for path in _index_files(previous / INDEX_NAME):
            shutil.copy2(path, index_dir / path.name)
        shutil.copy2(previous / CATALOGUE_NAME, archive_dir / CATALOGUE_FILE)
        catalogue = Catalogue(archive_dir / CATALOGUE_FILE)  # migrates the copy if needed
        try:
            ids = {str(e["label"]): str(e["id"]) for e in entries}
            records = {r.id: r for r in catalogue.volumes()}
            for volume in volumes:
                record = records[ids[volume.label]]
                catalogue.upsert_volume(
                    record.id, record.label, record.fingerprint, "folder", volume.spec.location
                )
        finally:
            catalogue.close()
        FulltextIndex.open(index_dir, create=False)
    except (OSError, ValueError, KeyError, TypeError, CatalogueError, IndexFormatError) as exc:
        log.info("publishing from scratch: the previous publication cannot be reused (%s)", exc)
        shutil.rmtree(archive_dir, ignore_errors=True)
        return False
    return True


def _write_published(
    folder: Path, archive: Archive, meta: dict[str, Any], index_files: Sequence[Path]
) -> None:
    """Write `folder/.archive-reader/` whole, or leave the old one in place."""
    final = folder / INDEX_DIR
    new = folder / (INDEX_DIR + ".new")
    old = folder / (INDEX_DIR + ".old")
    shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    (new / INDEX_NAME).mkdir(parents=True)
    archive.catalogue.export_copy(new / CATALOGUE_NAME)
    for path in index_files:
        shutil.copy2(path, new / INDEX_NAME / path.name)
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
) -> PublishReport:
    """Index the disc set in `folders` and write its catalogue and index into each of them.

    Every disc of a set carries the index of the whole set, so whichever disc a user
    inserts first makes all of them searchable. Only `FOLDER/.archive-reader/` is written;
    the rest of each folder is read as any disc is.

    Raises:
        PublishError: a folder is not a folder, or its archive.toml is invalid.
        Interrupted: cancelled.
    """
    from reader.pipeline import index_volumes

    started = time.monotonic()
    volumes: list[Volume] = []
    infos: list[DiscInfo | None] = []
    warnings: list[str] = []
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
            volumes.append(volume)
            info = read_disc_info(volume)
            infos.append(info)
            if info is not None:
                warnings.extend(info.warnings)
    except VolumeError as exc:  # DiscTomlError included: the publisher must fix it
        for v in volumes:
            v.close()
        raise PublishError(str(exc)) from exc
    ids = [v.id for v in volumes]
    if len(set(ids)) != len(ids):
        raise PublishError("the same disc is given twice")
    set_ids = {i.set_id for i in infos if i is not None and i.set_id}
    if len(set_ids) > 1:
        warnings.append(f"the discs name different set ids ({', '.join(sorted(set_ids))})")
    if any(i is None or not i.set_id for i in infos) and len(volumes) > 1:
        warnings.append(
            "not every disc has an archive.toml with a set_id: users are asked whether a "
            "disc belongs to the set"
        )
    work = Path(tempfile.mkdtemp(prefix="publish-", dir=app_dirs().ensure().cache))
    try:
        incremental = _seed_from_previous(volumes, infos, work / "archive")
        with Archive(work / "archive") as archive:
            summary = index_volumes(
                archive, volumes, settings, progress=progress, cancel=cancel, use_published=False
            )
            index = archive.index()
            documents = index.doc_count()
            records = {r.id: r for r in archive.catalogue.volumes()}
            index_files = _index_files(archive.index_dir)
            first = next((i for i in infos if i is not None), None)
            meta: dict[str, Any] = {
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
                        "checks": _spot_checks(v),
                    }
                    for v, info in zip(volumes, infos, strict=True)
                ],
            }
            for v in volumes:
                _write_published(Path(v.spec.location), archive, meta, index_files)
            files = sum(r.files for r in records.values())
            index_bytes = sum(p.stat().st_size for p in index_files)
    finally:
        for v in volumes:
            v.close()
        shutil.rmtree(work, ignore_errors=True)
    return PublishReport(
        folders=[Path(v.spec.location) for v in volumes],
        documents=documents,
        files=files,
        index_bytes=index_bytes,
        seconds=time.monotonic() - started,
        summary=summary,
        warnings=warnings,
        incremental=incremental,
    )
