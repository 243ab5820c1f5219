"""An ISO image as a volume, read with pycdlib (never mounted, never written)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, BinaryIO, Literal

import pycdlib
from pycdlib import pycdlibio
from pycdlib.pycdlibexception import PyCdlibException

from reader.sentences import QT_TRANSLATE_NOOP
from reader.sources.volume import (
    MAX_FOLDER_DEPTH,
    PROBLEM_BAD_NAME,
    PROBLEM_ISO_LINK,
    PROBLEM_TOO_DEEP,
    PUBLISHED_DIR,
    RawEntry,
    Volume,
    VolumeError,
    VolumeSpec,
    distinct_names,
    fingerprint_of,
    fingerprint_skips,
    has_iso_signature,
    nfc,
    os_problem,
    split_path,
    walk_skips_at_root,
)

_PYCDLIB_DIR = os.path.dirname(os.path.abspath(pycdlib.__file__))
# What pycdlib raises when the bytes of an image are not what it expects: its own error,
# struct.error from unpacking a record cut short, and the plain errors of its parsing code.
_PARSE_ERRORS = (
    PyCdlibException,
    struct.error,
    ValueError,  # UnicodeDecodeError too
    IndexError,
    KeyError,
    AttributeError,
    TypeError,
    ArithmeticError,
    AssertionError,
)


def _from_pycdlib(exc: BaseException) -> bool:
    """Raised by pycdlib's own code (the innermost frame is in pycdlib), not by ours."""
    if isinstance(exc, PyCdlibException | struct.error):
        return True
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_filename.startswith(_PYCDLIB_DIR)


def _detail(exc: BaseException) -> str:
    """What pycdlib found wrong, in one short line."""
    lines = str(exc).strip().splitlines()
    line = lines[0][:200] if lines else ""
    if isinstance(exc, struct.error):
        return QT_TRANSLATE_NOOP("Core", "a record is cut short ({detail})").format(detail=line)
    if isinstance(exc, PyCdlibException) and line:
        return line
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


@contextlib.contextmanager
def _damage_is_volume_error(path: str) -> Iterator[None]:
    """What pycdlib raises on a damaged image becomes one VolumeError sentence; an error
    raised by our own code is left alone, so that a bug still shows as a bug."""
    try:
        yield
    except _PARSE_ERRORS as exc:
        if not _from_pycdlib(exc):
            raise
        raise VolumeError(
            QT_TRANSLATE_NOOP("Core", "The ISO image {file} is damaged: {reason}").format(
                file=path, reason=_detail(exc)
            )
        ) from exc


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


def _stored(raw: bytes, encoding: str) -> str:
    """A name as the disc spells it: not normalised, version kept, bad bytes escaped."""
    try:
        return raw.decode(encoding, "backslashreplace")
    except LookupError:
        return raw.decode("latin-1")


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
    stored: str = ""  # the name as the disc spells it (no NFC, version kept), for twins


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
        try:
            n: int = self._inner.readinto(buffer)
        except _PARSE_ERRORS as exc:
            if not _from_pycdlib(exc):
                raise
            raise OSError(
                errno.EIO,
                QT_TRANSLATE_NOOP("Core", "the disc image is damaged here ({reason})").format(
                    reason=_detail(exc)
                ),
            ) from exc
        if n == 0 and memoryview(buffer).nbytes > 0 and self.tell() < self._length:
            # pycdlib reports a short read of the image as the end of the file: a cut or
            # damaged image would then hand out a silently truncated document.
            raise OSError(
                errno.EIO,
                QT_TRANSLATE_NOOP(
                    "Core", "the disc image ends inside this file (damaged or incomplete image)"
                ),
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
            raise VolumeError(
                QT_TRANSLATE_NOOP("Core", "Cannot open {file}: {reason}").format(
                    file=path, reason=os_problem(exc)
                )
            ) from exc
        self._iso = pycdlib.PyCdlib()
        try:
            self._open_image()
        except (OSError, *_PARSE_ERRORS) as exc:
            self._fp.close()
            if not isinstance(exc, OSError) and not _from_pycdlib(exc):
                raise  # a bug of ours, not the image's
            if not has_iso_signature(path):
                raise VolumeError(
                    QT_TRANSLATE_NOOP(
                        "Core", "{file} is not a readable ISO disc image ({reason})"
                    ).format(file=path, reason=exc)
                ) from exc
            if isinstance(exc, OSError):
                raise VolumeError(
                    QT_TRANSLATE_NOOP("Core", "Cannot read {file}: {reason}").format(
                        file=path, reason=os_problem(exc)
                    )
                ) from exc
            raise VolumeError(
                QT_TRANSLATE_NOOP("Core", "The ISO image {file} is damaged: {reason}").format(
                    file=path, reason=_detail(exc)
                )
            ) from exc
        self._files: dict[str, Any] | None = None
        self._published: dict[str, Any] | None = None
        self._root_rec: Any = None

    def _open_image(self) -> None:
        self._iso.open_fp(self._fp)
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
                raw, encoding = bytes(desc.fi), desc.encoding or "latin-1"
                name, ok = _decode(raw, encoding)
                stored = _stored(raw, encoding)
                nodes.append(_IsoNode(name, ok, entry.is_dir(), entry, entry.is_symlink(), stored))
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
        # Names alike after NFC (or without their ";1" versions) get paths of their own.
        for node, name in zip(
            nodes, distinct_names([(n.stored, n.name) for n in nodes]), strict=True
        ):
            node.name = name
        nodes.sort(key=lambda n: n.name)
        return nodes

    def _dr_node(self, child: Any, raw: bytes) -> _IsoNode | None:
        if self.naming == "joliet":
            name, ok = _decode(raw, "utf-16_be")
            if not child.is_dir():
                name = name.split(";", 1)[0]
            return _IsoNode(name, ok, child.is_dir(), child, stored=_stored(raw, "utf-16_be"))
        rr = child.rock_ridge if self.naming == "rock_ridge" else None
        if rr is None:
            name, ok = _plain_iso_name(raw, child.is_dir())
            return _IsoNode(name, ok, child.is_dir(), child, stored=_stored(raw, "utf-8"))
        # Rock Ridge relocates folders deeper than 8 levels: the placeholder (CL) stands
        # for the real folder, and the moved copy (whose ".." has PL) is hidden.
        if _is_relocated(child):
            return None
        target = child
        if rr.child_link_record_exists() and rr.cl_to_moved_dr is not None:
            target = rr.cl_to_moved_dr
        raw = bytes(rr.name())
        name, ok = _decode(raw, "utf-8")
        is_link = bool(rr.is_symlink())
        is_dir = target.is_dir() and not is_link
        return _IsoNode(name, ok, is_dir, target, is_link, _stored(raw, "utf-8"))

    def _iter_tree(self) -> Iterator[tuple[str, _IsoNode, bool, int]]:
        """(path, node, names_ok, depth) depth-first in name order, `.archive-reader/` and a
        carried reader left out (walk_skips_at_root); a folder in the root has depth 1.

        Folders past MAX_FOLDER_DEPTH are yielded but not entered (a UDF tree may nest
        without end); the stack keeps the walk off Python's recursion limit.
        """
        stack: list[tuple[Iterator[tuple[str, _IsoNode, bool]], int]] = [
            (iter([(n.name, n, n.name_ok) for n in self._children(self._root())]), 1)
        ]
        while stack:
            level, depth = stack[-1]
            item = next(level, None)
            if item is None:
                stack.pop()
                continue
            path, node, ok = item
            if depth == 1 and walk_skips_at_root(path):
                continue
            yield path, node, ok, depth
            if node.is_dir and depth <= MAX_FOLDER_DEPTH:
                children = [
                    (f"{path}/{n.name}", n, ok and n.name_ok) for n in self._children(node.record)
                ]
                stack.append((iter(children), depth + 1))

    def _mtime(self, rec: Any) -> float:
        return _udf_mtime(rec) if self.naming == "udf" else _dr_mtime(rec)

    def walk(self) -> Iterator[RawEntry]:
        files: dict[str, Any] = {}
        with _damage_is_volume_error(self.path):
            for path, node, ok, depth in self._iter_tree():
                if node.is_link:
                    yield RawEntry(path, 0, 0.0, PROBLEM_ISO_LINK)
                elif node.is_dir:
                    if depth > MAX_FOLDER_DEPTH:
                        yield RawEntry(path, 0, 0.0, PROBLEM_TOO_DEEP)
                else:
                    files[path] = node.record
                    size = max(int(node.record.get_data_length()), 0)
                    problem = None if ok else PROBLEM_BAD_NAME
                    yield RawEntry(path, size, self._mtime(node.record), problem)
        self._files = files

    def _file_map(self) -> dict[str, Any]:
        if self._files is None:
            for _ in self.walk():
                pass
        assert self._files is not None
        return self._files

    def _content_fingerprint(self) -> str:
        with _damage_is_volume_error(self.path):
            return self._fingerprint_pairs()

    def _fingerprint_pairs(self) -> str:
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
            with _damage_is_volume_error(self.path):
                stack = [
                    (PUBLISHED_DIR, n, 1)
                    for n in self._children(self._root())
                    if n.name == PUBLISHED_DIR and n.is_dir
                ]
                while stack:
                    prefix, node, depth = stack.pop()
                    for child in self._children(node.record):
                        path = f"{prefix}/{child.name}"
                        if child.is_dir:
                            if depth < MAX_FOLDER_DEPTH:
                                stack.append((path, child, depth + 1))
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
            raise FileNotFoundError(
                errno.ENOENT, QT_TRANSLATE_NOOP("Core", "No such file in the archive"), path
            )
        return rec

    def open(self, path: str) -> BinaryIO:
        """A buffered stream over the file's extent in the image.

        The stream is independent of `with`: pycdlib's open_file_from_iso object is entered
        here and left on close(), and every read re-seeks the shared image handle, so
        several streams may be open at once (in one thread).
        """
        rec = self._record(path)
        with _damage_is_volume_error(self.path):
            inode = rec.inode
            if inode is not None and self._image_cut:
                end = inode.extent_location() * self._iso.logical_block_size
                if end + max(inode.get_data_length(), 0) >= self._image_size:
                    raise OSError(
                        errno.EIO,
                        QT_TRANSLATE_NOOP(
                            "Core", "the disc image ends inside this file (image cut short)"
                        ),
                    )
            if rec.get_data_length() <= 0 or rec.inode is None:
                if rec.get_data_length() <= 0:
                    return io.BytesIO(b"")
                raise VolumeError(
                    QT_TRANSLATE_NOOP(
                        "Core", "{file}: the disc records no data for this file"
                    ).format(file=path)
                )
            inner = pycdlibio.PyCdlibIO(rec.inode, self._iso.logical_block_size)
            stream = _IsoStream(inner, int(rec.get_data_length()))
        return io.BufferedReader(stream, buffer_size=64 * 1024)

    def stat(self, path: str) -> tuple[int, float]:
        rec = self._record(path)
        with _damage_is_volume_error(self.path):
            return int(rec.get_data_length()), self._mtime(rec)

    def exists(self) -> bool:
        return os.path.isfile(self.path)

    def close(self) -> None:
        with contextlib.suppress(PyCdlibException):
            self._iso.close()
        self._fp.close()
