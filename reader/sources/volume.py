"""What every volume is: read-only files under a root, an id from label and content."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import BinaryIO, Literal

from reader.sentences import QT_TRANSLATE_NOOP

#: Folder at the volume root where a published catalogue/index may live; never scanned.
PUBLISHED_DIR = ".archive-reader"

#: What `archive-reader publish --with-app` puts at a disc's root beside `.archive-reader/`:
#: the reader's own folder, and the files that start it (names compared lower-cased).
#: Never walked; left out of the fingerprint of a disc that has APP_DIR, so a disc carrying
#: its reader is the same disc as without it (reader/publish/with_app.py).
APP_DIR = "ArchiveReader"
APP_ROOT_FILES = frozenset(
    {"archivereader.desktop", "archivereader-start.sh", "archivereader-readme.txt", "autorun.inf"}
)

#: Files an OS drops into a copied folder; left out of the fingerprint so that a copy
#: browsed on macOS/Windows still matches the disc (they are still walked).
_OS_JUNK = frozenset(
    {
        ".ds_store",
        "thumbs.db",
        "desktop.ini",
        ".trashes",
        ".spotlight-v100",
        ".fseventsd",
        ".temporaryitems",
        "system volume information",
        "$recycle.bin",
    }
)

PROBLEM_DIR_LINK = "symbolic link to a folder is not followed"
PROBLEM_OUTSIDE = "link points outside the archive"
PROBLEM_BROKEN = "broken link"
PROBLEM_LOOP = "symbolic link loop"
PROBLEM_BAD_NAME = "file name is not valid UTF-8"
PROBLEM_ISO_LINK = "symbolic link on the disc is not followed"

#: Folders deeper than this are not entered. Walks are iterative, so depth cannot crash
#: them; the bound is for what comes after: every file below stores its whole path (a chain
#: of n folders holding a file each costs n² bytes of paths in the catalogue and the index),
#: and 128 levels keep any code that handles a path part by part far inside Python's
#: recursion limit. No real disc comes near it; a crawl loop or a trap does.
MAX_FOLDER_DEPTH = 128
PROBLEM_TOO_DEEP = (
    f"folder is nested more than {MAX_FOLDER_DEPTH} levels deep; the files in it are not read"
)


class VolumeError(Exception):
    """A volume that cannot be opened or a path that cannot be read; the message is for the user."""


@dataclass(frozen=True, slots=True)
class VolumeSpec:
    """Enough to reopen a volume in another process (picklable)."""

    kind: Literal["folder", "iso"]
    location: str

    def __reduce__(self) -> tuple[type[VolumeSpec], tuple[str, str]]:
        return (VolumeSpec, (self.kind, self.location))  # sent with every task: cheap form


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One regular file (or one thing that could not be read as one) found by `Volume.walk`.

    Attributes:
        path: relative POSIX path, NFC-normalised.
        size: size in bytes (0 for problem entries).
        mtime: seconds since the epoch, 0.0 when unknown.
        problem: why the entry cannot be read, or None for a normal file.
    """

    path: str
    size: int
    mtime: float
    problem: str | None = None


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single dashes; "volume" when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "volume"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _spelled_out(stored: str, spell_all: bool) -> str:
    """`stored` with the characters that normalisation changes (or all that are not ASCII)
    written as [U+0301]; surrogates (bytes that were not UTF-8) are never kept."""

    def spell(c: str) -> bool:
        if c.isascii():
            return False
        return (
            spell_all
            or "\ud800" <= c <= "\udfff"
            or bool(unicodedata.combining(c))
            or not unicodedata.is_normalized("NFC", c)
        )

    return "".join(f"[U+{ord(c):04X}]" if spell(c) else c for c in stored)


def distinct_names(names: Sequence[tuple[str, str]]) -> list[str]:
    """The names to show for the entries of one folder, no two alike.

    Args:
        names: per entry, (its name as stored, the name to show: NFC, escaped if not UTF-8).

    Returns:
        The shown name of each entry, in the order given. Names that differ only in Unicode
        normalisation ("café" stored composed and decomposed) would show the same and share
        one path: the one stored as shown keeps the name, each other one gets its stored
        form spelled out ("cafe[U+0301]"), so that every file keeps a path of its own and
        stays readable by it.
    """
    order = sorted(
        range(len(names)), key=lambda i: (names[i][1], names[i][0] != names[i][1], names[i][0])
    )
    taken = {shown for _, shown in names}
    out = [""] * len(names)
    used: set[str] = set()
    for i in order:
        stored, shown = names[i]
        if shown in used:
            candidates = [_spelled_out(stored, False), _spelled_out(stored, True)]
            fresh = [c for c in candidates if nfc(c) == c and c not in taken]
            shown = fresh[0] if fresh else candidates[-1]
            base, n = shown, 2
            while shown in taken:
                shown, n = f"{base}[{n}]", n + 1
            taken.add(shown)
        used.add(shown)
        out[i] = shown
    return out


def split_path(path: str) -> list[str]:
    """The components of a volume-relative path; VolumeError if it could leave the root."""
    if not isinstance(path, str) or "\x00" in path:
        raise VolumeError(
            QT_TRANSLATE_NOOP("Core", "Invalid path in the archive: {path!r}").format(path=path)
        )
    if path.startswith("/") or os.path.isabs(path) or os.path.splitdrive(path)[0]:
        raise VolumeError(
            QT_TRANSLATE_NOOP("Core", "Path is not inside the archive: {path}").format(path=path)
        )
    parts = [nfc(p) for p in path.split("/") if p not in ("", ".")]
    if not parts:
        raise VolumeError(QT_TRANSLATE_NOOP("Core", "Empty path in the archive"))
    for part in parts:
        # On Windows "\\" and ":" also separate paths, so they could smuggle in "..".
        if part == ".." or (os.name == "nt" and re.search(r"[\\:]", part)):
            raise VolumeError(
                QT_TRANSLATE_NOOP("Core", "Path is not inside the archive: {path}").format(
                    path=path
                )
            )
    return parts


def fingerprint_of(entries: Iterable[tuple[str, int]]) -> str:
    """sha256 over the sorted (path, size) pairs; directories carry size -1.

    On a disc that carries its reader (APP_DIR at the root), that folder and the files
    that start it are left out. Only there: an older disc's own autorun.inf still counts.
    """
    pairs = sorted(entries)
    if (APP_DIR + "/", -1) in pairs:
        pairs = [(p, s) for p, s in pairs if not _carried_app(p)]
    digest = hashlib.sha256()
    for path, size in pairs:
        digest.update(f"{path}\x00{size}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _carried_app(path: str) -> bool:
    if path.startswith(APP_DIR + "/"):
        return True
    return "/" not in path and path.lower() in APP_ROOT_FILES


def walk_skips_at_root(name: str) -> bool:
    """What walk() leaves out in a volume's root: a published index and a carried reader."""
    return name in (PUBLISHED_DIR, APP_DIR) or name.lower() in APP_ROOT_FILES


def fingerprint_skips(name: str) -> bool:
    return name == PUBLISHED_DIR or name.lower() in _OS_JUNK or name.startswith("._")


class Volume(ABC):
    """A read-only archive volume. One per process; not thread-safe."""

    spec: VolumeSpec
    label: str
    _id: str | None = None
    _fingerprint_memo: str | None = None

    def fingerprint(self) -> str:
        """Hex digest of the disc's content, the same at any mount point and for its ISO.

        Hashes the sorted (path, size) of every file and folder in the root and in each of
        its immediate subfolders (folders with size -1); mtimes are left out because a copy
        changes them, as are `.archive-reader/`, symbolic links and OS litter (.DS_Store...).
        Computed once per opened volume (0.25 s on a 54,000-file folder); open the volume
        again to see a change.
        """
        if self._fingerprint_memo is None:
            self._fingerprint_memo = self._content_fingerprint()
        return self._fingerprint_memo

    @abstractmethod
    def _content_fingerprint(self) -> str: ...

    @property
    def id(self) -> str:
        """Stable identifier: slug of the label plus 12 hex digits of the fingerprint."""
        if self._id is None:
            self._id = f"{slug(self.label)}-{self.fingerprint()[:12]}"
        return self._id

    def adopt_id(self, volume_id: str) -> None:
        """Go by an id the catalogue already knows for this volume.

        A folder whose content changed since it was indexed has a new fingerprint, but it is
        still the same archive volume at the same place: keeping its old id lets a rerun
        update it instead of indexing everything again as a new disc.
        """
        self._id = volume_id

    @abstractmethod
    def walk(self) -> Iterator[RawEntry]:
        """Every regular file, depth-first, names sorted, plus entries for what was skipped."""

    @abstractmethod
    def published_files(self) -> list[tuple[str, int]]:
        """(path, size) of the files under `.archive-reader/` (a published index), sorted.

        walk() never lists them; open() reads them by these paths.
        """

    @abstractmethod
    def open(self, path: str) -> BinaryIO:
        """A read-only binary stream; FileNotFoundError / OSError / VolumeError."""

    def read_bytes(self, path: str, limit: int) -> bytes:
        """At most `limit` bytes from the start of the file."""
        with self.open(path) as stream:
            return stream.read(max(limit, 0))

    @abstractmethod
    def stat(self, path: str) -> tuple[int, float]:
        """(size, mtime) of a file."""

    def local_path(self, path: str) -> str | None:
        """The file's own path on this computer, with its names as the disc spells them
        (which may differ from the catalogue's NFC path), or None when it has none: a file
        inside an ISO image. FileNotFoundError / VolumeError as open()."""
        return None

    def location_of(self, path: str) -> str:
        """Where the file is, for a person to paste: its own path, or, inside an image,
        the image's path followed by the path inside it."""
        return self.local_path(path) or os.path.join(self.spec.location, *split_path(path))

    @abstractmethod
    def exists(self) -> bool:
        """Whether the folder / ISO file is still there (disc not ejected, drive not gone)."""

    def close(self) -> None:  # noqa: B027 - folders hold nothing open; ISOs override
        """Release open handles; the volume is unusable afterwards."""

    def __enter__(self) -> Volume:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.spec.location!r})"


# Offsets of the ISO9660 / UDF volume recognition sequence (sectors 16-18 of 2048 bytes).
_SIGNATURE_OFFSETS = (32769, 34817, 36865)
_SIGNATURES = (b"CD001", b"BEA01", b"NSR02", b"NSR03")


def has_iso_signature(path: str) -> bool:
    """Whether the file carries an ISO9660 or UDF volume recognition sequence."""
    try:
        with open(path, "rb") as fh:
            for offset in _SIGNATURE_OFFSETS:
                fh.seek(offset)
                if fh.read(5) in _SIGNATURES:
                    return True
    except OSError:
        return False
    return False


def os_problem(exc: OSError) -> str:
    """An OS error as a reason to show."""
    return exc.strerror or str(exc)
