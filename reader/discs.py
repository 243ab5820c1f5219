"""Finding the discs of an archive: which are present, and where, right now."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from reader.catalogue import Catalogue, VolumeRecord
from reader.volume import Volume, VolumeError, open_volume

log = logging.getLogger(__name__)


def same_place(record: VolumeRecord, volume: Volume) -> bool:
    """The volume is at the record's place with the record's label (its content may differ)."""
    return (
        record.label == volume.label
        and record.kind == volume.spec.kind
        and record.location == volume.spec.location
    )


def identify(catalogue: Catalogue, volume: Volume) -> str:
    """The id under which the catalogue knows `volume`, adopted by the volume; returns it.

    The content fingerprint recognises a disc at any mount point. A folder that changed in
    place (a mirror that grew) keeps the id it had, so only its changes are indexed.
    """
    records = catalogue.volumes()
    if any(r.id == volume.id for r in records):
        return volume.id
    for record in records:
        if same_place(record, volume) and _mostly_same_files(catalogue, record, volume):
            volume.adopt_id(record.id)
            break
    return volume.id


def _mostly_same_files(catalogue: Catalogue, record: VolumeRecord, volume: Volume) -> bool:
    """Most of the files known on `record` are on `volume` too.

    Guards against two different discs that share a label and a mount point: only a
    volume that still holds most of the old files counts as the old volume, changed.
    """
    sample = catalogue.sample_paths(record.id, 40)
    if not sample:
        return True
    found = 0
    for path in sample:
        try:
            volume.stat(path)
            found += 1
        except (OSError, VolumeError):
            pass
    return found >= 0.8 * len(sample)


class DiscRegistry:
    """Open volumes by id, found at their last known place (or any place offered later).

    A disc that is absent gives None; nothing about it is forgotten (the catalogue keeps it).
    """

    def __init__(self) -> None:
        self._open: dict[str, Volume] = {}
        self._known: dict[str, VolumeRecord] = {}

    def remember(self, records: Iterable[VolumeRecord]) -> None:
        for r in records:
            self._known[r.id] = r

    def add(self, volume: Volume) -> None:
        """A volume the user just opened; it is the disc with its id wherever it is mounted."""
        old = self._open.get(volume.id)
        if old is not None and old is not volume:
            old.close()
        self._open[volume.id] = volume

    def get(self, volume_id: str, extra_locations: Iterable[str] = ()) -> Volume | None:
        """The open volume with that id, or None when its disc is not present."""
        volume = self._open.get(volume_id)
        if volume is not None:
            if volume.exists():
                return volume
            volume.close()
            del self._open[volume_id]
        record = self._known.get(volume_id)
        candidates = [record.location] if record else []
        candidates.extend(extra_locations)
        for location in candidates:
            try:
                found = open_volume(location)
            except (VolumeError, OSError):
                continue
            if found.id == volume_id or (
                record is not None and location == record.location and same_place(record, found)
            ):
                found.adopt_id(volume_id)
                self._open[volume_id] = found
                return found
            found.close()
        return None

    def label(self, volume_id: str) -> str:
        record = self._known.get(volume_id)
        return record.label if record else volume_id

    def close(self) -> None:
        for volume in self._open.values():
            volume.close()
        self._open.clear()
