"""A published disc at DVD speed: from "the disc appears" to first results and first page.

No DVD drive here, so the disc is a folder read through a rate-limited path:
- everything the app reads through the volume (the catalogue copy, the spot checks, the
  walk of the disc, the PDF it opens) goes through `DvdFolder`, which sleeps as a 16x
  drive would take: 21 MB/s, and a seek (100 ms) for each file opened and each folder
  listed (the walk, the fingerprint's two top levels, the first listing of each folder of
  `.archive-reader/`);
- the index, read in place through mmap and read-ahead, cannot be wrapped: the disc's
  files are dropped from the page cache first, with the disk's read-ahead set to a DVD
  drive's 128 KB meanwhile (root). What a step then brings into the page cache of the
  disc's index files is charged the same way: its bytes, and a seek for each stretch of
  a file read (a page fault, a read-ahead asked for, a small file copied).
The figures are the wall time here plus the modelled DVD time of what was read.

The disc is checked against its index (fingerprint, spot checks) after the index is
searchable (reader.indexing.adopt): the first query runs at that moment, as a user's would,
and the checks are a step of their own after it, as the change check (scan) is. The query
is the window's for an index on a disc (reader.gui.session): a page of rows made without
stored documents (reader.search.rows), then the snippets of the rows on screen, each a step
of its own, so that the figures say what is on screen when. `--rows-from-store` runs it
as the window did before: every row from its stored document, the first 20 with snippets.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import mmap
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reader.indexing.adopt import adopt_published
from reader.indexing.pipeline import index_volumes
from reader.search.engine import SNIPPETS_AT_ONCE, Hit, search, snippets_for
from reader.search.rows import CatalogueRows
from reader.settings import Settings
from reader.sources.folder import FolderVolume
from reader.sources.volume import RawEntry
from reader.store.archive import Archive

DVD_BYTES_PER_S = 21e6  # 16x DVD, outer tracks (~11 MB/s at the inner ones)
SEEK_S = 0.1  # average random access of a DVD drive


@dataclass
class DvdClock:
    """The time a DVD drive would have spent on what was read through it."""

    seconds: float = 0.0
    bytes: int = 0
    seeks: int = 0

    def read(self, n: int) -> None:
        self.bytes += n
        delay = n / DVD_BYTES_PER_S
        self.seconds += delay
        time.sleep(delay)

    def seek(self) -> None:
        self.seeks += 1
        self.seconds += SEEK_S
        time.sleep(SEEK_S)


class _SlowFile:
    def __init__(self, inner: BinaryIO, clock: DvdClock) -> None:
        self._inner, self._clock = inner, clock

    def read(self, n: int = -1) -> bytes:
        data = self._inner.read(n)
        self._clock.read(len(data))
        return data

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def __enter__(self) -> _SlowFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()


class DvdFolder(FolderVolume):
    """A folder read as slowly as a DVD (see the module's doc)."""

    def __init__(self, location: str | os.PathLike[str], clock: DvdClock) -> None:
        super().__init__(location)
        self.clock = clock

    def open(self, path: str) -> BinaryIO:
        self.clock.seek()
        return _SlowFile(super().open(path), self.clock)  # type: ignore[return-value]

    def read_bytes(self, path: str, limit: int) -> bytes:
        with self.open(path) as fh:
            return fh.read(limit)

    def _fingerprint_level(self, directory: str) -> list[tuple[str, os.DirEntry[str], int]]:
        self.clock.seek()  # a folder's directory records: one read each
        return super()._fingerprint_level(directory)

    def published_files(self) -> list[tuple[str, int]]:
        found = super().published_files()
        if not getattr(self, "_published_listed", False):
            # Its folders' records, read once (the system keeps them): `.archive-reader/`,
            # the index's folder and the passages' folder.
            self._published_listed = True
            for _ in {p.rsplit("/", 1)[0] for p, _ in found}:
                self.clock.seek()
        return found

    def walk(self) -> Iterator[RawEntry]:
        folder = None
        for entry in super().walk():
            parent = entry.path.rpartition("/")[0]
            if parent != folder:
                folder = parent
                self.clock.seek()
            self.clock.read(64)  # its directory record
            yield entry


_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [
    ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long
]  # fmt: skip
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_ubyte)]
_PAGE = mmap.PAGESIZE


def _resident(path: Path) -> list[bool]:
    """Which pages of the file are in the page cache (mincore; Linux, root or owner)."""
    size = path.stat().st_size
    if not size:
        return []
    fd = os.open(path, os.O_RDONLY)
    try:
        addr = _libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
    finally:
        os.close(fd)
    if addr in (None, ctypes.c_void_p(-1).value):
        return []
    try:
        vec = (ctypes.c_ubyte * ((size + _PAGE - 1) // _PAGE))()
        if _libc.mincore(addr, size, vec) != 0:
            return []
        return [bool(v & 1) for v in vec]
    finally:
        _libc.munmap(addr, size)


@dataclass
class InPlace:
    """What of the disc's index files is in the page cache (the index read in place)."""

    pages: dict[Path, list[bool]]

    @staticmethod
    def now(disc: Path) -> InPlace:
        index = disc / ".archive-reader" / "index"
        return InPlace({p: _resident(p) for p in sorted(index.rglob("*")) if p.is_file()})

    def since(self, start: InPlace) -> tuple[int, int]:
        """(bytes, stretches) read from the disc in between: a stretch is a run of pages
        of one file that came in together, one seek of the drive."""
        read = seeks = 0
        for path, now in self.pages.items():
            before = start.pages.get(path, [])
            new = [x and not (i < len(before) and before[i]) for i, x in enumerate(now)]
            read += sum(new) * _PAGE
            seeks += sum(1 for i, x in enumerate(new) if x and (i == 0 or not new[i - 1]))
        return read, seeks


@dataclass
class DvdFigures:
    disc: str
    files: int
    cold: bool
    steps: list[tuple[str, float, float, str]] = field(default_factory=list)
    segments: tuple[int, int] = (0, 0)  # of the disc's index: documents, passages

    def lines(self) -> list[str]:
        out = [
            f"disc {self.disc}: {self.files:,} files, index in {self.segments[0]} + "
            f"{self.segments[1]} segments (documents + passages); 16x DVD modelled at "
            f"{DVD_BYTES_PER_S / 1e6:.0f} MB/s, {SEEK_S * 1000:.0f} ms a seek"
            + (
                ""
                if self.cold
                else "; the disc's files could not be evicted: in-place reads unseen"
            )
        ]
        for name, wall, dvd, what in self.steps:
            out.append(
                f"{name:<34} {wall + dvd:6.2f} s  (here {wall:.2f} s + DVD {dvd:.2f} s: {what})"
            )
        return out


def _evict(disc: Path) -> bool:
    """Drop the disc's files (only those) from the page cache: read again, they come from
    storage, as from a disc just inserted. The app's own libraries stay cached."""
    os.sync()  # pages not yet written (a master published just now) cannot be dropped
    done = True
    for dirpath, _dirs, names in os.walk(disc):
        for name in names:
            try:
                fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            except OSError:
                done = False
            finally:
                os.close(fd)
    return done


@contextlib.contextmanager
def _dvd_readahead(path: Path) -> Iterator[bool]:
    """The disk under `path` reads ahead as a DVD drive does (128 KB, Linux's default for
    sr0), not as this machine's virtual disk (8 MB here): else each page fault would read
    8 MB and the model would charge them at DVD speed. Put back afterwards."""
    st = os.stat(path)
    dev = Path(f"/sys/dev/block/{os.major(st.st_dev)}:{os.minor(st.st_dev)}")
    knob = next(
        (q for q in (dev / "queue/read_ahead_kb", dev / "../queue/read_ahead_kb") if q.exists()),
        None,
    )
    try:
        before = knob.read_text() if knob else ""
        if knob:
            knob.write_text("128\n")
    except OSError:
        knob = None
    try:
        yield knob is not None
    finally:
        if knob:
            knob.write_text(before)


def _segments(disc: Path) -> tuple[int, int]:
    """The segments of the disc's index, documents' and passages' (each costs ~6 seeks to
    open in place: reader.store.writer.compact_copy makes them one each)."""
    index = disc / ".archive-reader" / "index"
    found = [
        len(json.loads((folder / "meta.json").read_text())["segments"])
        for folder in (index, index / "passages")
    ]
    return found[0], found[1]


PAGE = 100  # rows the window asks for at once (reader.gui.search.panel.PAGE_SIZE)


def bench_dvd(
    disc: Path,
    work: Path,
    query: str = "surveillance",
    page: int = PAGE,
    *,
    from_store: bool = False,
) -> DvdFigures:
    """Open the published `disc` in a fresh archive as a user with one DVD drive would.

    With `from_store`, the first query reads its rows from their stored documents, as
    the window did before it made them from the catalogue (reader.search.rows)."""
    with _dvd_readahead(disc):
        return _bench_dvd(disc, work, query, page, from_store)


def _bench_dvd(disc: Path, work: Path, query: str, page: int, from_store: bool) -> DvdFigures:
    user = work / "dvd-user"
    shutil.rmtree(user, ignore_errors=True)
    # Loaded before, as the window has it: its library is not the disc's reads.
    import pymupdf

    segments = _segments(disc)  # before the eviction: these reads are not the user's
    cold = _evict(disc)
    clock = DvdClock()
    figures = DvdFigures(disc.name, 0, cold, segments=segments)
    at: dict[str, object] = {}

    def begin() -> None:
        at.update(started=time.perf_counter(), io=InPlace.now(disc), mark=DvdClock(**vars(clock)))

    def step(name: str) -> None:
        before, io = at["mark"], at["io"]
        assert isinstance(before, DvdClock) and isinstance(io, InPlace)
        measured = time.perf_counter() - float(at["started"])  # type: ignore[arg-type]
        read, seeks = InPlace.now(disc).since(io)
        wall = measured - (clock.seconds - before.seconds)
        dvd = (clock.seconds - before.seconds) + read / DVD_BYTES_PER_S + seeks * SEEK_S
        what = (
            f"{(clock.bytes - before.bytes) / 1e6:.1f} MB + {clock.seeks - before.seeks} seeks "
            f"through the volume, {read / 1e6:.1f} MB + {seeks} seeks in place"
        )
        figures.steps.append((name, wall, dvd, what))
        begin()

    begin()
    with Archive(user) as archive, DvdFolder(disc, clock) as volume:
        hits: list[Hit] = []

        def searchable() -> None:
            # The window can search now: the user's first query, before the checks go on.
            # It asks as the window does for an index on a disc (reader.gui.session): a
            # page of rows without snippets, then the snippets of the rows on screen.
            step("disc appears -> index searchable")
            index = archive.index()
            if from_store:  # as before: each row read from its stored document
                old = search(index, query, limit=page, snippets=SNIPPETS_AT_ONCE)
                hits.extend(old.hits)
                step(f"-> {page} rows, {SNIPPETS_AT_ONCE} snippets (store)")
                return
            rows = CatalogueRows(archive.catalogue.path)
            result = search(index, query, limit=page, snippets=0, catalogue=rows)
            rows.close()
            hits.extend(result.hits)
            step(f"-> first {page} rows shown")
            shown = result.hits[:SNIPPETS_AT_ONCE]
            made = snippets_for(index, [h.key for h in shown], result.terms)
            for h in shown:
                h.snippet, h.page = made.get(h.key, (None, None))
            step(f"-> their snippets (first {len(shown)})")

        adoption = adopt_published(archive, volume, on_searchable=searchable)
        assert adoption.adopted, adoption.reason
        step("then the disc checked against it")
        pdf = next((h for h in hits if h.kind == "pdf" and h.volume_id == volume.id), None)
        if pdf is not None:
            begin()
            with volume.open(pdf.path) as fh:
                data = fh.read()
            doc = pymupdf.open(stream=data, filetype="pdf")
            doc.load_page(max((pdf.page or 1) - 1, 0)).get_pixmap(dpi=96)
            step("first result -> its PDF page drawn")
        begin()
        summary = index_volumes(archive, [volume], Settings(workers=2))
        figures.files = summary.scanned
        step("then the change check of the disc")
    return figures


def published_set(work: Path, files: int) -> list[Path]:
    """The publish benchmark's generated two-disc set, published when it is not yet."""
    from reader.publish.masters import publish
    from tests.benchmarks.bench_publish import generated_set

    discs = generated_set(work, files)
    if not all((d / ".archive-reader" / "format.json").is_file() for d in discs):
        publish(discs, Settings(workers=2), ocr=False)
    return discs


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_dvd")
    parser.add_argument("--disc", type=Path, help="a published master (default: generated)")
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--query", default="surveillance")
    parser.add_argument("--page", type=int, default=PAGE, help="rows asked for at once")
    parser.add_argument(
        "--rows-from-store", action="store_true", help="the first query as before (comparison)"
    )
    parser.add_argument("--work", type=Path, default=Path(".bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ARCHIVE_READER_BASEDIR", str((args.work / "home").resolve()))
    disc = args.disc or published_set(args.work, args.files)[0]
    figures = bench_dvd(disc, args.work, args.query, args.page, from_store=args.rows_from_store)
    for line in figures.lines():
        print("  " + line)
