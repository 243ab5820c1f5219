"""A folder as a volume: a mounted disc or a copy of one."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from reader.sentences import QT_TRANSLATE_NOOP
from reader.sources.volume import (
    MAX_FOLDER_DEPTH,
    PROBLEM_BAD_NAME,
    PROBLEM_BROKEN,
    PROBLEM_DIR_LINK,
    PROBLEM_LOOP,
    PROBLEM_OUTSIDE,
    PROBLEM_TOO_DEEP,
    PUBLISHED_DIR,
    RawEntry,
    Volume,
    VolumeError,
    VolumeSpec,
    distinct_names,
    fingerprint_of,
    fingerprint_skips,
    nfc,
    os_problem,
    split_path,
    walk_skips_at_root,
)


@dataclass(frozen=True, slots=True)
class _Folder:
    """A subfolder met by the walk, entered once the files before it are out."""

    path: str
    rel: str
    names_ok: bool
    depth: int


def _display_name(name: str) -> tuple[str, bool]:
    """(NFC name, valid) for a name from os.scandir; invalid UTF-8 is shown backslash-escaped."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return nfc(os.fsencode(name).decode("utf-8", "backslashreplace")), False
    return nfc(name), True


class FolderVolume(Volume):
    """A directory: a mounted disc or a copy of one."""

    def __init__(self, location: str | os.PathLike[str]) -> None:
        path = os.path.abspath(os.fspath(location))
        if not os.path.isdir(path):
            raise VolumeError(QT_TRANSLATE_NOOP("Core", "Not a folder: {path}").format(path=path))
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
        """Depth-first in name order, with an explicit stack: an archive's folders may nest
        deeper than Python's recursion limit. A folder past MAX_FOLDER_DEPTH is one problem
        entry instead of its files."""
        stack = [self._read_folder(self.root, "", True, 0)]
        while stack:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
            elif isinstance(item, RawEntry):
                yield item
            elif item.depth > MAX_FOLDER_DEPTH:
                yield RawEntry(item.rel, 0, 0.0, PROBLEM_TOO_DEEP)
            else:
                stack.append(
                    self._read_folder(item.path, item.rel + "/", item.names_ok, item.depth)
                )

    def _read_folder(
        self, directory: str, prefix: str, names_ok: bool, depth: int
    ) -> Iterator[RawEntry | _Folder]:
        """The files (and problems) of one folder in name order, and its subfolders to enter."""
        try:
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as exc:
            # An unreadable subfolder is one problem entry; a vanished volume (disc
            # ejected, drive unplugged) must end the scan, or it would look complete.
            if prefix and self.exists():
                yield RawEntry(
                    prefix.rstrip("/"), 0, 0.0, f"folder cannot be read: {os_problem(exc)}"
                )
                return
            raise VolumeError(_cannot_read(directory, exc)) from exc
        displayed = [_display_name(entry.name) for entry in entries]
        shown = distinct_names([(e.name, d[0]) for e, d in zip(entries, displayed, strict=True)])
        named = sorted(
            zip(shown, (ok for _, ok in displayed), entries, strict=True), key=lambda t: t[0]
        )
        for name, ok, entry in named:
            if not prefix and walk_skips_at_root(entry.name):
                continue
            rel = prefix + name
            problem = None if ok and names_ok else PROBLEM_BAD_NAME
            try:
                if entry.is_symlink():
                    yield self._link_entry(entry, rel, problem)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    yield _Folder(entry.path, rel, ok and names_ok, depth + 1)
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                yield RawEntry(rel, 0, 0.0, os_problem(exc))
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
            return RawEntry(rel, 0, 0.0, os_problem(exc))
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
        return fingerprint_of(pairs)

    def _fingerprint_level(self, directory: str) -> list[tuple[str, os.DirEntry[str], int]]:
        """(shown name, entry, size or -1 for a folder) of the files and real folders."""
        try:
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as exc:
            if directory == self.root:
                raise VolumeError(_cannot_read(directory, exc)) from exc
            return []
        out = []
        shown = distinct_names([(e.name, _display_name(e.name)[0]) for e in entries])
        for name, entry in zip(shown, entries, strict=True):
            if fingerprint_skips(entry.name):
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
            out.append((name, entry, size))
        return out

    # -- reading

    def _resolve(self, path: str) -> str:
        """The on-disk path for a volume path; refuses anything that leaves the root."""
        parts = split_path(path)
        full = os.path.join(self.root, *parts)
        if not os.path.lexists(full):
            full = self.root
            for part in parts:
                candidate = os.path.join(full, part)
                if not os.path.lexists(candidate):
                    candidate = os.path.join(full, self._lookup(full, part))
                full = candidate
        if not self._inside(os.path.realpath(full)):
            raise VolumeError(
                QT_TRANSLATE_NOOP("Core", "Path leads outside the archive: {path}").format(
                    path=path
                )
            )
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
            # Named as the walk names them, so a twin's spelled-out name finds it.
            shown = distinct_names([(n, _display_name(n)[0]) for n in names])
            listing = dict(zip(shown, names, strict=True))
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

    def local_path(self, path: str) -> str:
        return self._resolve(path)

    def exists(self) -> bool:
        return os.path.isdir(self.root)

    def published_files(self) -> list[tuple[str, int]]:
        base = os.path.join(self.root, PUBLISHED_DIR)
        if os.path.islink(base) or not os.path.isdir(base):
            return []
        out = []
        # A stack, not os.walk (recursive before Python 3.12): the disc decides the depth.
        stack = [(base, 1)]
        while stack:
            directory, depth = stack.pop()
            try:
                with os.scandir(directory) as it:
                    entries = list(it)
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.is_symlink():
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if depth < MAX_FOLDER_DEPTH:
                            stack.append((entry.path, depth + 1))
                        continue
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    size = entry.stat(follow_symlinks=False).st_size
                except OSError:
                    continue
                rel = os.path.relpath(entry.path, self.root).replace(os.sep, "/")
                out.append((nfc(rel), size))
        return sorted(out)


def _cannot_read(directory: str, exc: OSError) -> str:
    return QT_TRANSLATE_NOOP("Core", "Cannot read {file}: {reason}").format(
        file=directory, reason=os_problem(exc)
    )
