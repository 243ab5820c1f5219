"""Opening what the user points at: a folder or an ISO image; reopening from a spec."""

from __future__ import annotations

import os

from reader.sentences import QT_TRANSLATE_NOOP
from reader.sources.folder import FolderVolume
from reader.sources.volume import Volume, VolumeError, VolumeSpec, has_iso_signature


def open_volume(path: str | os.PathLike[str]) -> Volume:
    """A FolderVolume for a directory, an IsoVolume for an ISO image; VolumeError otherwise."""
    location = os.path.abspath(os.path.expanduser(os.fspath(path)))
    if os.path.isdir(location):
        if not os.access(location, os.R_OK | os.X_OK):
            raise VolumeError(
                QT_TRANSLATE_NOOP(
                    "Core", "The folder {folder} cannot be read (permission denied)"
                ).format(folder=location)
            )
        return FolderVolume(location)
    if not os.path.lexists(location):
        raise VolumeError(
            QT_TRANSLATE_NOOP(
                "Core", "{place} does not exist (is the disc inserted / the drive mounted?)"
            ).format(place=location)
        )
    if not os.path.exists(location):
        raise VolumeError(
            QT_TRANSLATE_NOOP("Core", "{place} is a broken link").format(place=location)
        )
    if os.path.isfile(location):
        if not os.access(location, os.R_OK):
            raise VolumeError(
                QT_TRANSLATE_NOOP(
                    "Core", "The file {file} cannot be read (permission denied)"
                ).format(file=location)
            )
        if location.lower().endswith(".iso") or has_iso_signature(location):
            from reader.sources.iso import IsoVolume  # pycdlib: only for an ISO image

            return IsoVolume(location)
    raise VolumeError(
        QT_TRANSLATE_NOOP(
            "Core",
            "{place} is neither a folder nor an ISO disc image;"
            " open the disc's folder (mount point) or its .iso file",
        ).format(place=location)
    )


def from_spec(spec: VolumeSpec) -> Volume:
    """Reopen a volume from its spec (in a worker process, or after a restart)."""
    if spec.kind == "folder":
        if not os.path.isdir(spec.location):
            raise VolumeError(
                QT_TRANSLATE_NOOP("Core", "The archive folder {folder} is not available").format(
                    folder=spec.location
                )
            )
        return FolderVolume(spec.location)
    if spec.kind == "iso":
        if not os.path.isfile(spec.location):
            raise VolumeError(
                QT_TRANSLATE_NOOP("Core", "The disc image {file} is not available").format(
                    file=spec.location
                )
            )
        from reader.sources.iso import IsoVolume

        return IsoVolume(spec.location)
    raise VolumeError(
        QT_TRANSLATE_NOOP("Core", "Unknown volume kind: {kind!r}").format(kind=spec.kind)
    )
