"""Finding the discs of an archive: which are present, and where, right now."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from reader.model import VolumeRecord
from reader.sources.identity import matches
from reader.sources.volume import Volume, VolumeError

log = logging.getLogger(__name__)


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
        """The open volume with that id, or None when its disc is not present.

        Looks at the disc's last known place, then at `extra_locations` (mount points,
        drive letters): the disc is recognised by its content wherever it is.
        """
        volume = self._open.get(volume_id)
        if volume is not None:
            if volume.exists():
                return volume
            volume.close()
            del self._open[volume_id]
        record = self._known.get(volume_id)
        found = open_matching(volume_id, record, extra_locations)
        if found is not None:
            self._open[volume_id] = found
        return found

    def is_open(self, volume_id: str) -> bool:
        """Open now and still there (no disc is looked for)."""
        volume = self._open.get(volume_id)
        return volume is not None and volume.exists()

    def looks_present(self, volume_id: str) -> bool:
        """Cheap presence for status lines: open now, or something is at its last place.

        No fingerprint is taken (that lists the disc's first two levels: 0.3 s for a
        54,000-file folder, more on a DVD), so a different disc at the same place would
        count; get() makes sure when a document is opened.
        """
        if self.is_open(volume_id):
            return True
        record = self._known.get(volume_id)
        return record is not None and bool(record.location) and os.path.exists(record.location)

    def record(self, volume_id: str) -> VolumeRecord | None:
        return self._known.get(volume_id)

    def known(self) -> list[VolumeRecord]:
        return list(self._known.values())

    def label(self, volume_id: str) -> str:
        record = self._known.get(volume_id)
        return record.label if record else volume_id

    def close(self, keep: Iterable[Volume] = ()) -> None:
        """Close every open volume but those in `keep` (which the caller goes on using)."""
        kept = {id(v) for v in keep}
        for volume in self._open.values():
            if id(volume) not in kept:
                volume.close()
        self._open.clear()


def open_matching(
    volume_id: str, record: VolumeRecord | None, locations: Iterable[str] = ()
) -> Volume | None:
    """The disc `volume_id` opened at its last place or at one of `locations`, or None.

    Thread-safe (touches no registry), so a window can look for a disc off its GUI thread.
    The volume returned goes by `volume_id` and by the label the archive knows.
    """
    from reader.sources.opener import open_volume  # with ISO support: imported when needed

    candidates = [record.location] if record and record.location else []
    candidates.extend(loc for loc in locations if loc and loc not in candidates)
    for location in candidates:
        try:
            found = open_volume(location)
        except (VolumeError, OSError):
            continue
        try:
            ok = matches(volume_id, record, found, location)
        except (VolumeError, OSError):
            ok = False
        if ok:
            found.adopt_id(volume_id)
            if record is not None:
                found.label = record.label
            return found
        found.close()
    return None


def presence(records: Iterable[VolumeRecord], mounts: Iterable[str] = ()) -> dict[str, str | None]:
    """Volume id -> where its disc is now (location), or None when it is absent."""
    registry = DiscRegistry()
    records = list(records)
    registry.remember(records)
    extra = list(mounts)
    out: dict[str, str | None] = {}
    try:
        for record in records:
            volume = registry.get(record.id, extra)
            out[record.id] = volume.spec.location if volume is not None else None
    finally:
        registry.close()
    return out
