"""Read-only access to an archive volume: a folder (mounted disc, copy) or an ISO image."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import stat
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Literal

import pycdlib
from pycdlib import pycdlibio
from pycdlib.pycdlibexception import PyCdlibException

#: Folder at the volume root where a published catalogue/index may live; never scanned.
INDEX_DIR = ".archive-reader"

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

# Offsets of the ISO9660 / UDF volume recognition sequence (sectors 16-18 of 2048 bytes).
_SIGNATURE_OFFSETS = (32769, 34817, 36865)
_SIGNATURES = (b"CD001", b"BEA01", b"NSR02", b"NSR03")

PROBLEM_DIR_LINK = "symbolic link to a folder is not followed"
PROBLEM_OUTSIDE = "link points outside the archive"
PROBLEM_BROKEN = "broken link"
PROBLEM_LOOP = "symbolic link loop"
PROBLEM_BAD_NAME = "file name is not valid UTF-8"
PROBLEM_DUPLICATE = "another file has the same name after Unicode normalisation"
PROBLEM_ISO_LINK = "symbolic link on the disc is not followed"


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


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _split(path: str) -> list[str]:
    """The components of a volume-relative path; VolumeError if it could leave the root."""
    if not isinstance(path, str) or "\x00" in path:
        raise VolumeError(f"Invalid path in the archive: {path!r}")
    if path.startswith("/") or os.path.isabs(path) or os.path.splitdrive(path)[0]:
        raise VolumeError(f"Path is not inside the archive: {path}")
    parts = [_nfc(p) for p in path.split("/") if p not in ("", ".")]
    if not parts:
        raise VolumeError("Empty path in the archive")
    for part in parts:
        # On Windows "\\" and ":" also separate paths, so they could smuggle in "..".
        if part == ".." or (os.name == "nt" and re.search(r"[\\:]", part)):
            raise VolumeError(f"Path is not inside the archive: {path}")
    return parts


def _fingerprint(entries: Iterable[tuple[str, int]]) -> str:
    """sha256 over the sorted (path, size) pairs; directories carry size -1."""
    digest = hashlib.sha256()
    for path, size in sorted(entries):
        digest.update(f"{path}\x00{size}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _fingerprint_skips(name: str) -> bool:
    return name == INDEX_DIR or name.lower() in _OS_JUNK or name.startswith("._")


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


# ---------------------------------------------------------------------------- folders


def _display_name(name: str) -> tuple[str, bool]:
    """(NFC name, valid) for a name from os.scandir; invalid UTF-8 is shown backslash-escaped."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return _nfc(os.fsencode(name).decode("utf-8", "backslashreplace")), False
    return _nfc(name), True


def _os_problem(exc: OSError) -> str:
    return exc.strerror or str(exc)


class FolderVolume(Volume):
    """A directory: a mounted disc or a copy of one."""

    def __init__(self, location: str | os.PathLike[str]) -> None:
        path = os.path.abspath(os.fspath(location))
        if not os.path.isdir(path):
            raise VolumeError(f"Not a folder: {path}")
        self.spec = VolumeSpec("folder", path)
        self.root = path
        # Resolved once: links are judged inside/outside against the real location.
        self.real_root = os.path.realpath(path)
        self.label = os.path.basename(path.rstrip(os.sep)) or path
        # Per real directory: NFC name -> on-disk name, built only when a direct lookup
        # misses (NFD names from macOS copies).
        self._listing: dict[str, dict[str, str]] = {}

    def _inside(self, real: str) -> bool:
        return real == self.real_root or real.startswith(self.real_root.rstrip(os.sep) + os.sep)

    # -- walking

    def walk(self) -> Iterator[RawEntry]:
        yield from self._walk_dir(self.root, "", True)

    def _walk_dir(self, directory: str, prefix: str, names_ok: bool) -> Iterator[RawEntry]:
        try:
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as exc:
            # An unreadable subfolder is one problem entry; a vanished volume (disc
            # ejected, drive unplugged) must end the scan, or it would look complete.
            if prefix and self.exists():
                yield RawEntry(
                    prefix.rstrip("/"), 0, 0.0, f"folder cannot be read: {_os_problem(exc)}"
                )
                return
            raise VolumeError(f"Cannot read {directory}: {_os_problem(exc)}") from exc
        named = []
        for entry in entries:
            shown, ok = _display_name(entry.name)
            named.append((shown, ok, entry))
        named.sort(key=lambda t: (t[0], t[2].name))
        seen: set[str] = set()
        for shown, ok, entry in named:
            if not prefix and entry.name == INDEX_DIR:
                continue
            rel = prefix + shown
            problem = None if ok and names_ok else PROBLEM_BAD_NAME
            if shown in seen:
                problem = PROBLEM_DUPLICATE
            seen.add(shown)
            try:
                if entry.is_symlink():
                    yield self._link_entry(entry, rel, problem)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if problem == PROBLEM_DUPLICATE:
                        yield RawEntry(rel, 0, 0.0, problem)
                        continue
                    yield from self._walk_dir(entry.path, rel + "/", ok and names_ok)
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                yield RawEntry(rel, 0, 0.0, _os_problem(exc))
                continue
            if stat.S_ISREG(st.st_mode):
                yield RawEntry(rel, st.st_size, st.st_mtime, problem)
            # Sockets, FIFOs and devices are not documents; reading a FIFO would block.

    def _link_entry(self, entry: os.DirEntry[str], rel: str, problem: str | None) -> RawEntry:
        try:
            st = os.stat(entry.path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return RawEntry(rel, 0, 0.0, PROBLEM_LOOP)
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                return RawEntry(rel, 0, 0.0, PROBLEM_BROKEN)
            return RawEntry(rel, 0, 0.0, _os_problem(exc))
        target = os.path.realpath(entry.path)
        if not self._inside(target):
            return RawEntry(rel, 0, 0.0, PROBLEM_OUTSIDE)
        if stat.S_ISDIR(st.st_mode):
            # Never descended: that is what keeps the walk finite. A link to one of its
            # own ancestors would repeat the tree forever, so call it a loop.
            link_dir = os.path.realpath(os.path.dirname(entry.path))
            if link_dir == target or link_dir.startswith(target.rstrip(os.sep) + os.sep):
                return RawEntry(rel, 0, 0.0, PROBLEM_LOOP)
            return RawEntry(rel, 0, 0.0, PROBLEM_DIR_LINK)
        if not stat.S_ISREG(st.st_mode):
            return RawEntry(rel, 0, 0.0, "link to something that is not a file")
        return RawEntry(rel, st.st_size, st.st_mtime, problem)

    # -- fingerprint

    def _content_fingerprint(self) -> str:
        pairs: list[tuple[str, int]] = []
        for shown, entry, size in self._fingerprint_level(self.root):
            pairs.append((shown + "/" if size < 0 else shown, size))
            if size < 0:
                pairs.extend(
                    (f"{shown}/{sub}/" if sub_size < 0 else f"{shown}/{sub}", sub_size)
                    for sub, _, sub_size in self._fingerprint_level(entry.path)
                )
        return _fingerprint(pairs)

    def _fingerprint_level(self, directory: str) -> list[tuple[str, os.DirEntry[str], int]]:
        """(shown name, entry, size or -1 for a folder) of the files and real folders."""
        try:
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as exc:
            if directory == self.root:
                raise VolumeError(f"Cannot read {directory}: {_os_problem(exc)}") from exc
            return []
        out = []
        for entry in entries:
            if _fingerprint_skips(entry.name):
                continue
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    size = -1
                elif entry.is_file(follow_symlinks=False):
                    size = entry.stat(follow_symlinks=False).st_size
                else:
                    continue
            except OSError:
                continue
            out.append((_display_name(entry.name)[0], entry, size))
        return out

    # -- reading

    def _resolve(self, path: str) -> str:
        """The on-disk path for a volume path; refuses anything that leaves the root."""
        parts = _split(path)
        full = os.path.join(self.root, *parts)
        if not os.path.lexists(full):
            full = self.root
            for part in parts:
                candidate = os.path.join(full, part)
                if not os.path.lexists(candidate):
                    candidate = os.path.join(full, self._lookup(full, part))
                full = candidate
        if not self._inside(os.path.realpath(full)):
            raise VolumeError(f"Path leads outside the archive: {path}")
        return full

    def _lookup(self, directory: str, nfc_name: str) -> str:
        """On-disk name in `directory` whose NFC (or escaped) form is `nfc_name`."""
        key = os.path.realpath(directory)
        listing = self._listing.get(key)
        if listing is None:
            try:
                names = os.listdir(directory)
            except OSError:
                names = []
            listing = {}
            for name in names:
                listing.setdefault(_display_name(name)[0], name)
            self._listing[key] = listing
        try:
            return listing[nfc_name]
        except KeyError:
            raise FileNotFoundError(
                errno.ENOENT, "No such file in the archive", os.path.join(directory, nfc_name)
            ) from None

    def open(self, path: str) -> BinaryIO:
        full = self._resolve(path)
        # Checked on the open descriptor, not by a stat before open(): a file swapped for a
        # FIFO in between would block the reader forever. O_NONBLOCK makes opening a FIFO
        # return at once; it changes nothing for regular files.
        fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, "Is a folder, not a file", full)
            if not stat.S_ISREG(st.st_mode):
                raise OSError(errno.EINVAL, "Not a regular file", full)
            return os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise

    def stat(self, path: str) -> tuple[int, float]:
        st = os.stat(self._resolve(path))
        return st.st_size, st.st_mtime

    def exists(self) -> bool:
        return os.path.isdir(self.root)

    def published_files(self) -> list[tuple[str, int]]:
        base = os.path.join(self.root, INDEX_DIR)
        if os.path.islink(base) or not os.path.isdir(base):
            return []
        out = []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]
            for name in filenames:
                full = os.path.join(dirpath, name)
                if os.path.islink(full) or not os.path.isfile(full):
                    continue
                rel = os.path.relpath(full, self.root).replace(os.sep, "/")
                out.append((_nfc(rel), os.path.getsize(full)))
        return sorted(out)


# ---------------------------------------------------------------------------- ISO images


def _dr_mtime(rec: Any) -> float:
    """Seconds since the epoch from an ISO9660 directory record date, 0.0 if unusable."""
    date: Any = getattr(rec, "date", None)
    try:
        tz = timezone(timedelta(minutes=15 * int(date.gmtoffset)))
        return datetime(
            1900 + date.years_since_1900,
            date.month,
            date.day_of_month,
            date.hour,
            date.minute,
            date.second,
            tzinfo=tz,
        ).timestamp()
    except (AttributeError, TypeError, ValueError, OverflowError):
        return 0.0


def _udf_mtime(rec: Any) -> float:
    stamp: Any = getattr(rec, "mod_time", None)
    try:
        minutes = 0 if stamp.tz == -2047 else int(stamp.tz)  # -2047: no time zone recorded
        return datetime(
            stamp.year,
            stamp.month,
            stamp.day,
            stamp.hour,
            stamp.minute,
            stamp.second,
            tzinfo=timezone(timedelta(minutes=minutes)),
        ).timestamp()
    except (AttributeError, TypeError, ValueError, OverflowError):
        return 0.0


def _decode(raw: bytes, encoding: str) -> tuple[str, bool]:
    try:
        return _nfc(raw.decode(encoding)), True
    except (UnicodeDecodeError, LookupError):
        if encoding == "utf-8":
            return _nfc(raw.decode("utf-8", "backslashreplace")), False
        return _nfc(raw.decode("latin-1")), False


def _plain_iso_name(raw: bytes, is_dir: bool) -> tuple[str, bool]:
    """ISO9660 identifier without ";1" and without the "." of extension-less names."""
    name, ok = _decode(raw, "utf-8")
    if not is_dir:
        name = name.split(";", 1)[0]
        if name.endswith(".") and len(name) > 1:
            name = name[:-1]
    return name, ok


def _is_relocated(rec: Any) -> bool:
    """A Rock Ridge folder moved out of a too-deep tree: its ".." carries a PL entry."""
    if not rec.is_dir() or len(rec.children) < 2:
        return False
    dotdot = rec.children[1]
    return dotdot.rock_ridge is not None and bool(dotdot.rock_ridge.parent_link_record_exists())


def _is_relocation_dir(rec: Any) -> bool:
    """The rr_moved folder: not on the original tree, so hidden like mounting hides it."""
    kids = [c for c in rec.children if not (c.is_dot() or c.is_dotdot())]
    return bool(kids) and all(_is_relocated(c) for c in kids)


@dataclass(slots=True)
class _IsoNode:
    name: str
    name_ok: bool
    is_dir: bool
    record: Any
    is_link: bool = False


class _IsoStream(io.RawIOBase):
    """A pycdlib PyCdlibIO, already entered, usable without `with` and closable twice."""

    def __init__(self, inner: Any, length: int) -> None:
        super().__init__()
        inner.__enter__()
        self._inner = inner
        self._length = length

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n: int = self._inner.readinto(buffer)
        if n == 0 and memoryview(buffer).nbytes > 0 and self.tell() < self._length:
            # pycdlib reports a short read of the image as the end of the file: a cut or
            # damaged image would then hand out a silently truncated document.
            raise OSError(
                errno.EIO, "the disc image ends inside this file (damaged or incomplete image)"
            )
        return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        pos: int = self._inner.seek(offset, whence)
        return pos

    def tell(self) -> int:
        pos: int = self._inner.tell()
        return pos

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()


class IsoVolume(Volume):
    """An ISO9660 (+ Rock Ridge / Joliet / UDF) image file, read with pycdlib."""

    def __init__(self, location: str | os.PathLike[str]) -> None:
        path = os.path.abspath(os.fspath(location))
        self.spec = VolumeSpec("iso", path)
        self.path = path
        try:
            # Opened "rb" and handed to pycdlib, so the image can never be written to.
            self._fp: BinaryIO = open(path, "rb")  # noqa: SIM115 - lives as long as the volume
        except OSError as exc:
            raise VolumeError(f"Cannot open {path}: {_os_problem(exc)}") from exc
        self._iso = pycdlib.PyCdlib()
        try:
            self._iso.open_fp(self._fp)
        except (PyCdlibException, OSError, ValueError, IndexError, KeyError) as exc:
            self._fp.close()
            raise VolumeError(f"{path} is not a readable ISO disc image ({exc})") from exc
        # pycdlib quietly shortens a file whose extent runs past the end of the image, so
        # an image cut short (an interrupted copy, a rip that stopped at a scratch) would
        # hand out truncated documents as if whole; such files are refused in open().
        block = int(self._iso.logical_block_size)
        self._image_size = os.fstat(self._fp.fileno()).st_size
        self._image_cut = self._image_size < int(self._iso.pvd.space_size) * block
        # Best names first: Rock Ridge and Joliet/UDF keep case, spaces and accents.
        self.naming: Literal["rock_ridge", "joliet", "udf", "iso9660"]
        if self._iso.has_rock_ridge():
            self.naming = "rock_ridge"
        elif self._iso.has_joliet():
            self.naming = "joliet"
        elif self._iso.has_udf():
            self.naming = "udf"
        else:
            self.naming = "iso9660"
        self.label = self._read_label()
        self._files: dict[str, Any] | None = None
        self._published: dict[str, Any] | None = None
        self._root_rec: Any = None

    def _read_label(self) -> str:
        pvd = _decode(bytes(self._iso.pvd.volume_identifier), "utf-8")[0].strip(" \x00")
        joliet_vd = getattr(self._iso, "joliet_vd", None)
        if joliet_vd is not None:
            raw = bytes(joliet_vd.volume_identifier)
            joliet = raw.decode("utf-16_be", "replace").strip(" \x00")
            # Joliet's identifier keeps the lower case and spaces that mastering tools
            # strip from the primary one, but holds only 16 characters: a Joliet label
            # that is just the primary one cut short is not nicer.
            cut_short = len(joliet) < len(pvd) and pvd.lower().startswith(joliet.lower())
            if joliet and not cut_short:
                return joliet
        return pvd or Path(self.path).stem

    # -- directory tree

    def _root(self) -> Any:
        if self._root_rec is not None:
            return self._root_rec
        self._root_rec = self._find_root()
        return self._root_rec

    def _find_root(self) -> Any:
        if self.naming == "joliet":
            return self._iso.get_record(joliet_path="/")
        if self.naming == "udf":
            return self._iso.get_record(udf_path="/")
        return self._iso.get_record(iso_path="/")

    def _children(self, rec: Any) -> list[_IsoNode]:
        """Named children of a directory record, sorted by name."""
        nodes: list[_IsoNode] = []
        if self.naming == "udf":
            descs = rec.fi_descs
            for desc in descs.values() if isinstance(descs, dict) else descs:
                entry = desc.file_entry
                if desc.is_parent() or entry is None:
                    continue
                name, ok = _decode(bytes(desc.fi), desc.encoding or "latin-1")
                nodes.append(_IsoNode(name, ok, entry.is_dir(), entry, entry.is_symlink()))
        else:
            last = None
            for child in rec.children:
                if child is None or child.is_dot() or child.is_dotdot():
                    continue
                raw = bytes(child.file_identifier())
                # A file over 4 GiB has one record per extent, all with the same name.
                if raw == last:
                    continue
                last = raw
                node = self._dr_node(child, raw)
                if node is not None:
                    nodes.append(node)
        if self.naming == "rock_ridge" and rec is self._root():
            nodes = [n for n in nodes if not (n.is_dir and _is_relocation_dir(n.record))]
        nodes.sort(key=lambda n: n.name)
        return nodes

    def _dr_node(self, child: Any, raw: bytes) -> _IsoNode | None:
        if self.naming == "joliet":
            name, ok = _decode(raw, "utf-16_be")
            if not child.is_dir():
                name = name.split(";", 1)[0]
            return _IsoNode(name, ok, child.is_dir(), child)
        rr = child.rock_ridge if self.naming == "rock_ridge" else None
        if rr is None:
            name, ok = _plain_iso_name(raw, child.is_dir())
            return _IsoNode(name, ok, child.is_dir(), child)
        # Rock Ridge relocates folders deeper than 8 levels: the placeholder (CL) stands
        # for the real folder, and the moved copy (whose ".." has PL) is hidden.
        if _is_relocated(child):
            return None
        target = child
        if rr.child_link_record_exists() and rr.cl_to_moved_dr is not None:
            target = rr.cl_to_moved_dr
        name, ok = _decode(bytes(rr.name()), "utf-8")
        is_link = bool(rr.is_symlink())
        return _IsoNode(name, ok, target.is_dir() and not is_link, target, is_link)

    def _iter_tree(self) -> Iterator[tuple[str, _IsoNode, bool]]:
        """(path, node, names_ok) depth-first in name order, `.archive-reader/` left out."""
        stack: list[Iterator[tuple[str, _IsoNode, bool]]] = [
            iter([(n.name, n, n.name_ok) for n in self._children(self._root())])
        ]
        while stack:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
                continue
            path, node, ok = item
            if path == INDEX_DIR and node.is_dir:
                continue
            yield item
            if node.is_dir:
                stack.append(
                    iter(
                        [
                            (f"{path}/{n.name}", n, ok and n.name_ok)
                            for n in self._children(node.record)
                        ]
                    )
                )

    def _mtime(self, rec: Any) -> float:
        return _udf_mtime(rec) if self.naming == "udf" else _dr_mtime(rec)

    def walk(self) -> Iterator[RawEntry]:
        files: dict[str, Any] = {}
        seen: set[str] = set()
        try:
            for path, node, ok in self._iter_tree():
                if path in seen:
                    yield RawEntry(path, 0, 0.0, PROBLEM_DUPLICATE)
                    continue
                seen.add(path)
                if node.is_link:
                    yield RawEntry(path, 0, 0.0, PROBLEM_ISO_LINK)
                elif not node.is_dir:
                    files[path] = node.record
                    size = max(int(node.record.get_data_length()), 0)
                    problem = None if ok else PROBLEM_BAD_NAME
                    yield RawEntry(path, size, self._mtime(node.record), problem)
        except PyCdlibException as exc:
            raise VolumeError(f"{self.path}: damaged ISO directory ({exc})") from exc
        self._files = files

    def _file_map(self) -> dict[str, Any]:
        if self._files is None:
            for _ in self.walk():
                pass
        assert self._files is not None
        return self._files

    def _content_fingerprint(self) -> str:
        pairs: list[tuple[str, int]] = []
        for node in self._children(self._root()):
            if _fingerprint_skips(node.name) or node.is_link:
                continue
            if not node.is_dir:
                pairs.append((node.name, int(node.record.get_data_length())))
                continue
            pairs.append((node.name + "/", -1))
            for sub in self._children(node.record):
                if _fingerprint_skips(sub.name) or sub.is_link:
                    continue
                path = f"{node.name}/{sub.name}"
                if sub.is_dir:
                    pairs.append((path + "/", -1))
                else:
                    pairs.append((path, int(sub.record.get_data_length())))
        return _fingerprint(pairs)

    def _published_map(self) -> dict[str, Any]:
        """Files under `.archive-reader/` (a published index), which walk() leaves out."""
        if self._published is None:
            files: dict[str, Any] = {}
            stack = [
                (INDEX_DIR, n)
                for n in self._children(self._root())
                if n.name == INDEX_DIR and n.is_dir
            ]
            while stack:
                prefix, node = stack.pop()
                for child in self._children(node.record):
                    path = f"{prefix}/{child.name}"
                    if child.is_dir:
                        stack.append((path, child))
                    elif not child.is_link:
                        files[path] = child.record
            self._published = files
        return self._published

    def published_files(self) -> list[tuple[str, int]]:
        return sorted((p, int(rec.get_data_length())) for p, rec in self._published_map().items())

    def _record(self, path: str) -> Any:
        key = "/".join(_split(path))
        rec = self._file_map().get(key)
        if rec is None and key.startswith(INDEX_DIR + "/"):
            rec = self._published_map().get(key)
        if rec is None:
            raise FileNotFoundError(errno.ENOENT, "No such file in the archive", path)
        return rec

    def open(self, path: str) -> BinaryIO:
        """A buffered stream over the file's extent in the image.

        The stream is independent of `with`: pycdlib's open_file_from_iso object is entered
        here and left on close(), and every read re-seeks the shared image handle, so
        several streams may be open at once (in one thread).
        """
        rec = self._record(path)
        inode = rec.inode
        if inode is not None and self._image_cut:
            end = inode.extent_location() * self._iso.logical_block_size
            if end + max(inode.get_data_length(), 0) >= self._image_size:
                raise OSError(errno.EIO, "the disc image ends inside this file (image cut short)")
        if rec.get_data_length() <= 0 or rec.inode is None:
            if rec.get_data_length() <= 0:
                return io.BytesIO(b"")
            raise VolumeError(f"{path}: the disc records no data for this file")
        inner = pycdlibio.PyCdlibIO(rec.inode, self._iso.logical_block_size)
        stream = _IsoStream(inner, int(rec.get_data_length()))
        return io.BufferedReader(stream, buffer_size=64 * 1024)

    def stat(self, path: str) -> tuple[int, float]:
        rec = self._record(path)
        return int(rec.get_data_length()), self._mtime(rec)

    def exists(self) -> bool:
        return os.path.isfile(self.path)

    def close(self) -> None:
        with contextlib.suppress(PyCdlibException):
            self._iso.close()
        self._fp.close()


# ---------------------------------------------------------------------------- opening


def _has_iso_signature(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            for offset in _SIGNATURE_OFFSETS:
                fh.seek(offset)
                if fh.read(5) in _SIGNATURES:
                    return True
    except OSError:
        return False
    return False


def open_volume(path: str | os.PathLike[str]) -> Volume:
    """A FolderVolume for a directory, an IsoVolume for an ISO image; VolumeError otherwise."""
    location = os.path.abspath(os.path.expanduser(os.fspath(path)))
    if os.path.isdir(location):
        if not os.access(location, os.R_OK | os.X_OK):
            raise VolumeError(f"The folder {location} cannot be read (permission denied)")
        return FolderVolume(location)
    if not os.path.lexists(location):
        raise VolumeError(f"{location} does not exist (is the disc inserted / the drive mounted?)")
    if not os.path.exists(location):
        raise VolumeError(f"{location} is a broken link")
    if os.path.isfile(location):
        if not os.access(location, os.R_OK):
            raise VolumeError(f"The file {location} cannot be read (permission denied)")
        if location.lower().endswith(".iso") or _has_iso_signature(location):
            return IsoVolume(location)
    raise VolumeError(
        f"{location} is neither a folder nor an ISO disc image; "
        "open the disc's folder (mount point) or its .iso file"
    )


def from_spec(spec: VolumeSpec) -> Volume:
    """Reopen a volume from its spec (in a worker process, or after a restart)."""
    if spec.kind == "folder":
        if not os.path.isdir(spec.location):
            raise VolumeError(f"The archive folder {spec.location} is not available")
        return FolderVolume(spec.location)
    if spec.kind == "iso":
        if not os.path.isfile(spec.location):
            raise VolumeError(f"The disc image {spec.location} is not available")
        return IsoVolume(spec.location)
    raise VolumeError(f"Unknown volume kind: {spec.kind!r}")
