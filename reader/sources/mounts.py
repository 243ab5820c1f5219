"""Where discs and removable media are mounted right now, on Linux, macOS and Windows."""

from __future__ import annotations

import logging
import os
import re
import string
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: Filesystems of optical discs (and their images, loop-mounted).
OPTICAL_FSTYPES = frozenset({"iso9660", "udf"})

#: Where desktops and users mount removable media on Linux.
REMOVABLE_PREFIXES = ("/media/", "/run/media/", "/mnt/")

#: Kernel and virtual filesystems that are never a disc, wherever they are mounted.
_PSEUDO_FSTYPES = frozenset(
    {
        "autofs",
        "binfmt_misc",
        "bpf",
        "cgroup",
        "cgroup2",
        "configfs",
        "debugfs",
        "devpts",
        "devtmpfs",
        "efivarfs",
        "fusectl",
        "hugetlbfs",
        "mqueue",
        "nsfs",
        "overlay",
        "proc",
        "pstore",
        "ramfs",
        "securityfs",
        "squashfs",  # snap packages live under /snap, but be sure
        "sysfs",
        "tmpfs",
        "tracefs",
    }
)

# GetDriveTypeW results (winbase.h).
DRIVE_REMOVABLE = 2
DRIVE_FIXED = 3
DRIVE_REMOTE = 4
DRIVE_CDROM = 5

_OCTAL = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True, slots=True)
class MountPoint:
    """A mounted disc or removable medium.

    Attributes:
        path: the mount point (a folder; on Windows "E:\\").
        fstype: the filesystem ("iso9660", "udf", "vfat", ...), "cdrom" or "removable" on
            Windows, "" when unknown (macOS listing).
        source: the device ("/dev/sr0"), "" when unknown.
        optical: an optical disc (or a disc image mounted as one).
    """

    path: str
    fstype: str = ""
    source: str = ""
    optical: bool = False


def decode_mount_field(field: str) -> str:
    r"""A mountinfo field with its octal escapes decoded: "My\040Disc" -> "My Disc"."""
    raw = _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)
    # The kernel escapes bytes; names are UTF-8 bytes, so rebuild the string from them.
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def parse_mountinfo(text: str) -> list[MountPoint]:
    """Discs and removable media in a `/proc/self/mountinfo` text (see proc(5)).

    Kept: every iso9660 / udf mount wherever it is, and real filesystems mounted under
    /media, /run/media or /mnt. Lines that do not parse are skipped.
    """
    out: list[MountPoint] = []
    seen: set[str] = set()
    for line in text.splitlines():
        fields = line.split()
        try:
            sep = fields.index("-", 6)
            mount_point = decode_mount_field(fields[4])
            fstype = fields[sep + 1]
            source = decode_mount_field(fields[sep + 2]) if len(fields) > sep + 2 else ""
        except (ValueError, IndexError):
            continue
        optical = fstype in OPTICAL_FSTYPES
        removable = (
            mount_point.startswith(REMOVABLE_PREFIXES)
            and fstype not in _PSEUDO_FSTYPES
            and not fstype.startswith("fuse.gvfs")
        )
        if not (optical or removable) or mount_point in seen:
            continue
        seen.add(mount_point)
        out.append(MountPoint(mount_point, fstype, source, optical))
    return out


def parse_volumes_dir(
    entries: Iterable[tuple[str, bool]], root: str = "/Volumes"
) -> list[MountPoint]:
    """Mounted volumes from a macOS `/Volumes` listing of (name, is_symlink) pairs.

    The start-up disk appears there as a symbolic link to "/" ("Macintosh HD"); it is left
    out, as are hidden entries.
    """
    out = []
    for name, is_link in sorted(entries):
        if is_link or name.startswith(".") or not name:
            continue
        out.append(MountPoint(f"{root.rstrip('/')}/{name}"))
    return out


def parse_windows_drives(types: Mapping[str, int]) -> list[MountPoint]:
    """CD/DVD and removable drives from a mapping drive letter -> GetDriveTypeW result."""
    out = []
    for letter in sorted(types):
        kind = types[letter]
        if kind not in (DRIVE_CDROM, DRIVE_REMOVABLE):
            continue
        path = letter.rstrip(":\\/").upper() + ":\\"
        optical = kind == DRIVE_CDROM
        out.append(MountPoint(path, "cdrom" if optical else "removable", "", optical))
    return out


def _windows_drive_types() -> dict[str, int]:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    types = {}
    for i, letter in enumerate(string.ascii_uppercase):
        if mask & (1 << i):
            types[letter] = int(kernel32.GetDriveTypeW(f"{letter}:\\"))
    return types


def _volumes_listing(root: str = "/Volumes") -> list[tuple[str, bool]]:
    try:
        with os.scandir(root) as it:
            return [(e.name, e.is_symlink()) for e in it]
    except OSError:
        return []


def current_mounts() -> list[MountPoint]:
    """The discs and removable media mounted on this machine now (empty when unknown).

    A CD drive with no disc in it (Windows) or a stale mount point is left out: only
    mount points that can be listed count.
    """
    try:
        if sys.platform.startswith("win"):  # pragma: no cover - Windows only
            mounts = parse_windows_drives(_windows_drive_types())
        elif sys.platform == "darwin":  # pragma: no cover - macOS only
            mounts = parse_volumes_dir(_volumes_listing())
        else:
            with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as fh:
                mounts = parse_mountinfo(fh.read())
    except OSError as exc:
        log.debug("cannot list mounts: %s", exc)
        return []
    return [m for m in mounts if os.path.isdir(m.path)]


def mount_paths() -> list[str]:
    """The paths of `current_mounts()`: the default mount source of the window."""
    return [m.path for m in current_mounts()]
