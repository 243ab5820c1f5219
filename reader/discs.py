"""Finding the discs of an archive: which are present, and where, right now."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from enum import StrEnum

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


def identify(
    catalogue: Catalogue,
    volume: Volume,
    *,
    set_id: str | None = None,
    disc_no: int | None = None,
) -> str:
    """The id under which the catalogue knows `volume`, adopted by the volume; returns it.

    The content fingerprint recognises a disc at any mount point. A folder that changed in
    place (a mirror that grew) keeps the id it had, so only its changes are indexed. So
    does a disc whose archive.toml says it is disc `disc_no` of set `set_id`, when the
    catalogue holds that disc only from a published index (never seen here): it is that
    disc, changed since the index was made.
    """
    records = catalogue.volumes()
    if any(r.id == volume.id for r in records):
        return volume.id
    fingerprint = volume.fingerprint()
    for record in records:
        if record.fingerprint == fingerprint:
            # The same disc under another name: its ISO, or a drive letter ("E:") or a
            # mount point that is not its label. It keeps the name the archive knows.
            volume.adopt_id(record.id)
            volume.label = record.label
            return volume.id
    for record in records:
        if same_place(record, volume) and _mostly_same_files(catalogue, record, volume):
            volume.adopt_id(record.id)
            return volume.id
    if set_id and disc_no is not None:
        for record in records:
            if record.set_id == set_id and record.disc_no == disc_no and not record.location:
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

    def close(self) -> None:
        for volume in self._open.values():
            volume.close()
        self._open.clear()


def _fingerprint_part(volume_id: str) -> str:
    return volume_id.rsplit("-", 1)[-1]


def matches(volume_id: str, record: VolumeRecord | None, found: Volume, location: str) -> bool:
    """Whether the volume opened at `location` is the disc known as `volume_id`."""
    if record is not None and location == record.location and same_place(record, found):
        # Its last place, under its label: the disc (or a folder that changed in place, see
        # identify). Checked first, as it costs nothing: the fingerprint lists the disc's
        # first two levels, 0.25 s on a 54,000-file folder and seconds on a DVD, and it
        # was being taken on the first document opened from each disc.
        return True
    if found.id == volume_id:
        return True
    fingerprint = found.fingerprint()
    if record is not None and record.fingerprint:
        return fingerprint == record.fingerprint
    return fingerprint[:12] == _fingerprint_part(volume_id)


def open_matching(
    volume_id: str, record: VolumeRecord | None, locations: Iterable[str] = ()
) -> Volume | None:
    """The disc `volume_id` opened at its last place or at one of `locations`, or None.

    Thread-safe (touches no registry), so a window can look for a disc off its GUI thread.
    The volume returned goes by `volume_id` and by the label the archive knows.
    """
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


def presence(catalogue: Catalogue, mounts: Iterable[str] = ()) -> dict[str, str | None]:
    """Volume id -> where its disc is now (location), or None when it is absent."""
    registry = DiscRegistry()
    records = catalogue.volumes()
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


class SetRelation(StrEnum):
    """How a disc being opened relates to the archive it would be added to."""

    KNOWN = "known"  # the archive already holds this disc
    EMPTY = "empty"  # the archive holds no disc yet
    SAME_SET = "same-set"  # its archive.toml set id is the set id of a disc already there
    OTHER_SET = "other-set"  # it says it belongs to another set
    UNKNOWN = "unknown"  # no set id to go on: ask the user


def set_relation(catalogue: Catalogue, volume: Volume, set_id: str | None) -> SetRelation:
    """Whether `volume` joins this archive by itself, or the user must be asked."""
    records = catalogue.volumes()
    if not records:
        return SetRelation.EMPTY
    fingerprint = volume.fingerprint()
    if any(r.id == volume.id or r.fingerprint == fingerprint for r in records):
        return SetRelation.KNOWN
    if any(same_place(r, volume) for r in records):
        return SetRelation.KNOWN  # a folder that changed in place
    sets = {r.set_id for r in records if r.set_id}
    if set_id and set_id in sets:
        return SetRelation.SAME_SET
    if set_id and sets:
        return SetRelation.OTHER_SET
    return SetRelation.UNKNOWN
