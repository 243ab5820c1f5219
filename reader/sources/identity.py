"""Disc identity: which disc of the archive a volume is, and how a new one relates to the set."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol

from reader.model import VolumeRecord
from reader.sources.volume import Volume, VolumeError


class KnownDiscs(Protocol):
    """What identity needs of an archive's catalogue (reader.store.catalogue.Catalogue)."""

    def volumes(self) -> list[VolumeRecord]: ...

    def sample_paths(self, volume_id: str, n: int) -> list[str]: ...


def same_place(record: VolumeRecord, volume: Volume) -> bool:
    """The volume is at the record's place with the record's label (its content may differ)."""
    return (
        record.label == volume.label
        and record.kind == volume.spec.kind
        and record.location == volume.spec.location
    )


def identify(
    catalogue: KnownDiscs,
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


def _mostly_same_files(catalogue: KnownDiscs, record: VolumeRecord, volume: Volume) -> bool:
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


class SetRelation(StrEnum):
    """How a disc being opened relates to the archive it would be added to."""

    KNOWN = "known"  # the archive already holds this disc
    EMPTY = "empty"  # the archive holds no disc yet
    SAME_SET = "same-set"  # its archive.toml set id is the set id of a disc already there
    OTHER_SET = "other-set"  # it says it belongs to another set
    UNKNOWN = "unknown"  # no set id to go on: ask the user


def set_relation(
    records: Sequence[VolumeRecord], volume: Volume, set_id: str | None
) -> SetRelation:
    """Whether `volume` joins the archive of these discs by itself, or the user must be asked."""
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
