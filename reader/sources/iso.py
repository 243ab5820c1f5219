"""An ISO image as a volume, read with pycdlib (never mounted, never written)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, BinaryIO, Literal

import pycdlib
from pycdlib import pycdlibio
from pycdlib.pycdlibexception import PyCdlibException

from reader.sources.volume import (
    PROBLEM_BAD_NAME,
    PROBLEM_DUPLICATE,
    PROBLEM_ISO_LINK,
    PUBLISHED_DIR,
    RawEntry,
    Volume,
    VolumeError,
    VolumeSpec,
    fingerprint_of,
    fingerprint_skips,
    nfc,
    os_problem,
    split_path,
)


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
        return nfc(raw.decode(encoding)), True
    except (UnicodeDecodeError, LookupError):
        if encoding == "utf-8":
            return nfc(raw.decode("utf-8", "backslashreplace")), False
        return nfc(raw.decode("latin-1")), False


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
            raise VolumeError(f"Cannot open {path}: {os_problem(exc)}") from exc
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
            if path == PUBLISHED_DIR and node.is_dir:
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
            if fingerprint_skips(node.name) or node.is_link:
                continue
            if not node.is_dir:
                pairs.append((node.name, int(node.record.get_data_length())))
                continue
            pairs.append((node.name + "/", -1))
            for sub in self._children(node.record):
                if fingerprint_skips(sub.name) or sub.is_link:
                    continue
                path = f"{node.name}/{sub.name}"
                if sub.is_dir:
                    pairs.append((path + "/", -1))
                else:
                    pairs.append((path, int(sub.record.get_data_length())))
        return fingerprint_of(pairs)

    def _published_map(self) -> dict[str, Any]:
        """Files under `.archive-reader/` (a published index), which walk() leaves out."""
        if self._published is None:
            files: dict[str, Any] = {}
            stack = [
                (PUBLISHED_DIR, n)
                for n in self._children(self._root())
                if n.name == PUBLISHED_DIR and n.is_dir
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
        key = "/".join(split_path(path))
        rec = self._file_map().get(key)
        if rec is None and key.startswith(PUBLISHED_DIR + "/"):
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
