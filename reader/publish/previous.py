"""Publishing again: start from the folders' previous publication, so only changes are read."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

from reader.sources.disc_info import DiscInfo
from reader.sources.volume import PUBLISHED_DIR, Volume
from reader.store.archive import INDEX_DIR
from reader.store.catalogue import CATALOGUE_FILE, MIGRATIONS, Catalogue, CatalogueError
from reader.store.fulltext import SCHEMA_VERSION, FulltextIndex
from reader.store.index_errors import IndexFormatError
from reader.store.published import (
    CATALOGUE_NAME,
    FORMAT_FILE,
    INDEX_NAME,
    PUBLISH_FORMAT,
    index_files,
)

log = logging.getLogger(__name__)


def seed_from_previous(
    volumes: Sequence[Volume], infos: Sequence[DiscInfo | None], archive_dir: Path
) -> bool:
    """Start the build from the set's previous publication, if it fits; True when it did.

    It fits when it is of this version's formats and describes the same discs (same
    labels, same disc numbers). Its rows are given back their folders' places, so the scan
    that follows compares sizes and times as on any rerun, and only changed files are read.
    Anything else (no publication, another set, a damaged copy) builds from scratch.
    """
    previous = Path(volumes[0].spec.location) / PUBLISHED_DIR
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
        index_dir = archive_dir / INDEX_DIR
        index_dir.mkdir(parents=True)
        for rel in index_files(previous / INDEX_NAME):
            (index_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(previous / INDEX_NAME / rel, index_dir / rel)
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
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        RecursionError,  # json.loads of a meta.json nested past the recursion limit
        CatalogueError,
        IndexFormatError,
    ) as exc:
        log.info("publishing from scratch: the previous publication cannot be reused (%s)", exc)
        shutil.rmtree(archive_dir, ignore_errors=True)
        return False
    return True
