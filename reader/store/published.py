"""The `.archive-reader/` folder a published disc carries: its layout, and whether a disc's
copy can be used for that disc.

Written by reader.publish, read by indexing (adopting it) and by `info`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from reader.sentences import QT_TRANSLATE_NOOP
from reader.sources.volume import PUBLISHED_DIR, Volume, VolumeError
from reader.store.catalogue import MIGRATIONS, Catalogue
from reader.store.fulltext import SCHEMA_VERSION

PUBLISH_FORMAT = 1
FORMAT_FILE = "format.json"
CATALOGUE_NAME = "catalogue.sqlite"
INDEX_NAME = "index"
OCR_NAME = "ocr.sqlite"  # the OCR text and word boxes of the set's scans (reader.store.ocr_cache)
SPOT_CHECKS = 16  # files per disc whose first bytes are hashed, to catch a changed disc
SPOT_BYTES = 64 * 1024


_COPY_CHUNK = 1024 * 1024
BytesCallback = Callable[[int, int], None]  # (bytes done, bytes total)


def copy_from_volume(
    volume: Volume,
    items: Sequence[tuple[str, int]],
    dest: Path,
    strip: str,
    *,
    on_bytes: BytesCallback | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Copy the volume's files `items` ((path, size)) into `dest`, their paths taken
    relative to `strip` (a published folder out of a disc or an ISO image). Returns the
    bytes copied.

    Raises:
        InterruptedError: `cancel` returned True (what was copied stays in `dest`).
    """
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
                if cancel is not None and cancel():
                    raise InterruptedError(
                        QT_TRANSLATE_NOOP("Core", "copying the ready-made index was cancelled")
                    )
    return done


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


def _spot_paths(paths: Sequence[str], n: int = SPOT_CHECKS) -> list[str]:
    """Up to n paths spread evenly over the sorted list (deterministic)."""
    if len(paths) <= n:
        return list(paths)
    step = len(paths) / n
    return [paths[int(i * step)] for i in range(n)]


def _head_digest(volume: Volume, path: str) -> str:
    return hashlib.sha256(volume.read_bytes(path, SPOT_BYTES)).hexdigest()


def spot_checks(volume: Volume) -> list[list[Any]]:
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
    data = volume.read_bytes(f"{PUBLISHED_DIR}/{FORMAT_FILE}", 4 * 1024 * 1024)
    meta = json.loads(data.decode("utf-8"))
    if not isinstance(meta, dict):
        raise ValueError("not a JSON object")
    return meta


def inspect_published(volume: Volume, *, check_disc: bool = True) -> Inspection:
    """Whether the disc carries a ready-made index this app can use for it, and why not.

    With `check_disc` False, only what can be told from `.archive-reader/` itself (its
    formats, its files): the disc's own files are left for `check_against` (adopting
    does that once the index is searchable, reader.indexing.adopt), and `volume_id` is None.
    """
    files = dict(volume.published_files())
    if not files:
        return Inspection(Verdict.NONE)
    where = QT_TRANSLATE_NOOP("Core", "the ready-made index on {disc}").format(disc=volume.label)
    try:
        meta = _read_meta(volume)
        fmt = int(meta["format"])
    # RecursionError: JSON nested deeper than the parser's stack (the disc is untrusted).
    except (OSError, VolumeError, ValueError, KeyError, TypeError, RecursionError) as exc:
        return Inspection(
            Verdict.DAMAGED,
            QT_TRANSLATE_NOOP(
                "Core", "{where} cannot be read ({reason}); the disc is indexed instead"
            ).format(where=where, reason=exc),
        )
    if fmt > PUBLISH_FORMAT or int(meta.get("catalogue_schema", 0)) > len(MIGRATIONS):
        return Inspection(
            Verdict.NEWER,
            QT_TRANSLATE_NOOP(
                "Core",
                "{where} was made by a newer Archive Reader ({app}, format {format});"
                " this version indexes the disc itself instead. Update the app to use it.",
            ).format(where=where, app=meta.get("app", "?"), format=fmt),
            meta,
        )
    if fmt < PUBLISH_FORMAT or int(meta.get("index_schema", -1)) != SCHEMA_VERSION:
        verdict = (
            Verdict.NEWER if int(meta.get("index_schema", 0)) > SCHEMA_VERSION else Verdict.OLDER
        )
        return Inspection(
            verdict,
            QT_TRANSLATE_NOOP(
                "Core",
                "{where} was made by Archive Reader {app}, whose index format"
                " this version does not read; the disc is indexed instead",
            ).format(where=where, app=meta.get("app", "?")),
            meta,
        )
    needed = [f"{PUBLISHED_DIR}/{CATALOGUE_NAME}", f"{PUBLISHED_DIR}/{INDEX_NAME}/meta.json"]
    missing = [p for p in needed if p not in files]
    if missing:
        return Inspection(
            Verdict.DAMAGED,
            QT_TRANSLATE_NOOP(
                "Core", "{where} is incomplete ({files} missing); the disc is indexed instead"
            ).format(where=where, files=", ".join(missing)),
            meta,
        )
    if not check_disc:
        return Inspection(Verdict.USABLE, "", meta)
    return check_against(volume, meta)


def check_against(
    volume: Volume, meta: dict[str, Any], cancel: Callable[[], bool] | None = None
) -> Inspection:
    """Whether the disc's files are those its ready-made index was made from: its
    fingerprint is one of the published discs' (the top two levels: ~14 folders listed),
    and the first bytes of that disc's SPOT_CHECKS files are as published (one read each).
    USABLE (with the disc's published id) or STALE.

    Raises:
        InterruptedError: `cancel` returned True.
    """
    fingerprint = volume.fingerprint()
    listed = meta.get("volumes")
    entry = next(
        (
            v
            for v in (listed if isinstance(listed, list) else [])
            if isinstance(v, dict) and v.get("fingerprint") == fingerprint and v.get("id")
        ),
        None,
    )
    stale = QT_TRANSLATE_NOOP(
        "Core",
        "the ready-made index on {disc} does not match the files on the disc"
        " (they changed after it was made); the disc is indexed instead",
    ).format(disc=volume.label)
    if entry is None:
        return Inspection(Verdict.STALE, stale, meta)
    checks = entry.get("checks", [])
    rows: list[Any] = checks if isinstance(checks, list) else [None]  # None: no check, stale
    for check in rows:
        if cancel is not None and cancel():
            raise InterruptedError(
                QT_TRANSLATE_NOOP(
                    "Core", "checking the disc against its ready-made index was cancelled"
                )
            )
        try:
            path, size, digest = str(check[0]), int(check[1]), str(check[2])
            ok = volume.stat(path)[0] == size and _head_digest(volume, path) == digest
        except (OSError, VolumeError, IndexError, TypeError, ValueError, KeyError):
            # Unreadable, or a check that is no check: not a disc to trust.
            path, ok = str(check), False
        if not ok:
            differs = QT_TRANSLATE_NOOP("Core", "{reason} ({file} differs)").format(
                reason=stale, file=path
            )
            return Inspection(Verdict.STALE, differs, meta)
    return Inspection(Verdict.USABLE, "", meta, str(entry["id"]))


def forget_volumes(catalogue: Catalogue, volume_ids: Sequence[str]) -> None:
    """Take the volumes `volume_ids`, their files and those files' OCR state out of the
    catalogue (an adoption undone: reader.indexing.adopt)."""
    marks = ",".join("?" * len(volume_ids))
    with catalogue.db.atomic():
        catalogue.db.execute(
            f"DELETE FROM ocr WHERE file_id IN (SELECT id FROM files WHERE volume_id IN ({marks}))",
            list(volume_ids),
        )
        catalogue.db.execute(f"DELETE FROM files WHERE volume_id IN ({marks})", list(volume_ids))
        catalogue.db.execute(f"DELETE FROM volumes WHERE id IN ({marks})", list(volume_ids))


def index_files(index_dir: Path) -> list[Path]:
    """The index's own files, relative to its folder (the passages folder's too), sorted;
    locks and the writer's note are not part of it."""
    return sorted(
        p.relative_to(index_dir)
        for p in index_dir.rglob("*")
        if p.is_file() and not p.name.endswith(".lock") and p.name != "writer.json"
    )
