"""Hostile and broken files: each fails alone with a reason, within its limits; the run goes on.

One archive folder of bad files is built here, next to one good file, and indexed once with
the real pipeline (worker processes, real limits). Read errors of a damaged disc are made for
real: files that vanish or change type between the scan and the read, and an ISO image cut
inside a file's extent; `archive-reader index --retry-failed` reads them again once fixed.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import Progress, RunSummary
from reader.model import State
from reader.settings import Limits, Settings
from reader.sources.iso import IsoVolume
from reader.sources.links import resolve
from reader.sources.opener import open_volume
from reader.sources.volume import MAX_FOLDER_DEPTH
from reader.store.archive import Archive
from reader.store.catalogue import FileRecord
from tests.core.probes import hit_paths, stored_body
from tests.core.test_cli import run_cli
from tests.hostile_archive import CODEC_LABELS, build_hostile, files_under, remove_deep_folders
from tests.iso_factory import make_iso

# What a worker may cost while reading the gigabyte-long line: the read is bounded by the
# text limit (8 M characters -> 32 MB of bytes), not by the file.
WORKER_RSS_BUDGET = 300 * 1024 * 1024
RUN_SECONDS_BUDGET = 120


@dataclass
class Hostile:
    root: Path
    outside: Path
    archive_dir: Path
    summary: RunSummary
    seconds: float
    peak_worker_rss: int
    records: dict[str, FileRecord] = field(default_factory=dict)


class PeakWorkerRSS:
    """Samples the RSS of every child process (the extraction workers) every 20 ms."""

    def __init__(self) -> None:
        self.peak_one = 0
        self.peak_children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                self.peak_one = max(self.peak_one, rss)
            self.peak_children = max(self.peak_children, total)
            self._stop.wait(0.02)

    def __enter__(self) -> PeakWorkerRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _tree_files(root: Path, skip: Path) -> set[str]:
    return {f for f in files_under(root) if Path(f) != skip and skip not in Path(f).parents}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    base = tmp_path_factory.mktemp("hostile")
    root, outside = build_hostile(base)
    archive_dir = base / "data"
    before = _tree_files(base, archive_dir)
    settings = Settings(workers=2, limits=Limits(file_seconds=30))
    started = time.monotonic()
    with (
        PeakWorkerRSS() as rss,
        Archive(archive_dir) as archive,
        open_volume(root) as volume,
    ):
        summary = index_volumes(archive, [volume], settings)
    seconds = time.monotonic() - started
    # Nothing extracted to disk: no member, embedded file or payload appears anywhere.
    assert _tree_files(base, archive_dir) == before
    with Archive(archive_dir) as archive:
        records = {r.path: r for r in archive.catalogue.files()}
    yield Hostile(root, outside, archive_dir, summary, seconds, rss.peak_one, records)
    remove_deep_folders(root)


# ------------------------------------------------------------------------------- the tests

FAILED = {
    "pdf/truncated.pdf": ("truncated", "damaged"),
    "pdf/encrypted.pdf": ("password",),
    "pdf/malformed.pdf": ("damaged",),
    "pdf/no-pages.pdf": ("damaged", "no pages"),
    "images/bomb.png": ("too large to read safely",),
    "images/not-an-image.jpg": ("damaged", "not a recognised image"),
    "zip/damaged.zip": ("damaged",),
    "names/bad-\\xff\\xfe-name.txt": ("not valid utf-8",),
    "names/folder-\\xe9/inside.txt": ("not valid utf-8",),
    "links/self-loop.txt": ("loop",),
    "links/ping.txt": ("loop",),
    "links/pong.txt": ("loop",),
    "links/up": ("loop",),
    "links/etc-passwd.txt": ("outside the archive",),
    "links/climb.txt": ("outside the archive",),
    "links/dangling.txt": ("broken link",),
    "pdf/nested-dicts.pdf": ("nested too deeply",),
    "deep/" + "/".join(["d"] * MAX_FOLDER_DEPTH): (f"more than {MAX_FOLDER_DEPTH} levels deep",),
    # Named as images, holding an SVG or a PDF: never handed to another decoder.
    "display/svg-as.png": ("not a recognised image",),
    "display/use-bomb-as.png": ("not a recognised image",),
    "display/pdf-as.png": ("not a recognised image",),
}
DISPLAY_INDEXED = [
    "colspan.htm",
    "images.htm",
    "long-token.htm",
    "nested-div.htm",
    "nested-font.htm",
    "use-bomb.svg",  # an SVG is catalogued (kind "other"), never drawn
    "zero-padded.htm",
]
INDEXED = [
    "good/report.txt",
    "good/page.htm",
    "pdf/giant-page.pdf",
    "pdf/many-pages.pdf",
    "pdf/javascript.pdf",
    "html/hostile.htm",
    "html/nested.htm",
    "zip/bomb.zip",
    "zip/escape.zip",
    "text/gigabyte-line.txt",
    "text/invalid-utf8.txt",
    "text/mixed.txt",
    "images/many-frames.tif",
    "images/crashed-qt.tif",
    "names/\x1b[31mred-name.txt",
    "names/\x1b]0;pwned-title\x07.txt",
    "names/twin-caf\u00e9.txt",  # the NFC twin keeps its name, the NFD one is spelled out
    "names/twin-cafe[U+0301].txt",
    *(f"display/{name}" for name in DISPLAY_INDEXED),
    *(f"display/charset-{label}.htm" for label in CODEC_LABELS),
]


def test_each_hostile_file_fails_alone_with_its_reason(hostile: Hostile) -> None:
    records = hostile.records
    for path, words in FAILED.items():
        record = records.get(path)
        assert record is not None, f"{path} missing from the catalogue"
        assert record.state is State.FAILED, (path, record.state, record.error)
        reason = (record.error or "").lower()
        assert any(w in reason for w in words), (path, reason)
    for path in INDEXED:
        assert records[path].state is State.INDEXED, (path, records[path].error)
    assert "special/pipe.txt" not in records  # a FIFO is not a document (reading would block)
    # Nothing else is in the catalogue, nothing is left pending.
    assert set(records) == set(FAILED) | set(INDEXED)
    assert hostile.summary.indexed == len(INDEXED)


def test_the_run_goes_on_and_the_good_files_are_searchable(hostile: Hostile) -> None:
    assert hit_paths(hostile.archive_dir, "walrus tariffs") == ["good/report.txt"]
    assert hit_paths(hostile.archive_dir, "goodhtml") == ["good/page.htm"]
    with Archive(hostile.archive_dir) as archive:
        assert archive.catalogue.integrity_ok()
        assert archive.catalogue.counts_by_state().get("pending", 0) == 0


def test_hostile_files_stay_within_time_and_memory(hostile: Hostile) -> None:
    assert hostile.seconds < RUN_SECONDS_BUDGET
    print(f"peak worker RSS {hostile.peak_worker_rss / 2**20:.0f} MB in {hostile.seconds:.1f} s")
    assert hostile.peak_worker_rss < WORKER_RSS_BUDGET, hostile.peak_worker_rss / 2**20
    assert not any("took longer" in reason for _, reason in hostile.summary.failures)


def test_gigabyte_line_is_indexed_with_bounded_text(hostile: Hostile) -> None:
    body = stored_body(hostile.archive_dir, "text/gigabyte-line.txt")
    assert len(body) <= Limits().max_text_chars
    assert body.startswith("gigaword gigaword")
    assert "text/gigabyte-line.txt" in hit_paths(hostile.archive_dir, "gigaword")


def test_pdf_scripts_and_embedded_files_are_never_run_or_indexed(hostile: Hostile) -> None:
    body = stored_body(hostile.archive_dir, "pdf/javascript.pdf")
    assert "visible words of the scripted page" in body
    assert "jssentinel" not in body and "embeddedsentinel" not in body
    assert hit_paths(hostile.archive_dir, "jssentinel") == []
    assert hit_paths(hostile.archive_dir, "embeddedsentinel") == []
    assert hostile.records["pdf/many-pages.pdf"].pages == 2000
    assert "giantpage" in stored_body(hostile.archive_dir, "pdf/giant-page.pdf")


def test_html_scripts_are_dropped_and_no_link_leaves_the_volume(hostile: Hostile) -> None:
    body = stored_body(hostile.archive_dir, "html/hostile.htm")
    assert "hostilepage visible words" in body
    for sentinel in (
        "scriptsentinel",
        "bodyscriptsentinel",
        "onloadsentinel",
        "noscriptsentinel",
        "beacon",
    ):
        assert sentinel not in body
    # The viewer resolves a link when it is clicked, as here: file: links are inert (no
    # target, no URL); a relative climb is clamped to the volume root; remote ones are
    # URLs, never fetched.
    page = "html/hostile.htm"
    html = (hostile.root / page).read_text(encoding="utf-8", errors="replace")
    hrefs = re.findall(r"""\b(?:href|src|data)=['"]([^'"]+)['"]""", html)
    by_href = {href: resolve(page, href) for href in hrefs}
    for inert in ("file:///etc/passwd", "file:///etc/shadow"):
        assert (by_href[inert].path, by_href[inert].url) == (None, None)
    pixel = by_href["http://evil.invalid/pixel.gif"]
    assert (pixel.path, pixel.url) == (None, "http://evil.invalid/pixel.gif")
    assert by_href["../../../../../../etc/passwd"].path == "etc/passwd"
    for link in by_href.values():
        assert link.path is None or not link.path.startswith(("/", "..")), link


def test_zip_bombs_and_escaping_members_are_listed_not_read(hostile: Hostile) -> None:
    bomb = stored_body(hostile.archive_dir, "zip/bomb.zip")
    assert "inflated.txt" in bomb and len(bomb) < 10_000
    escape = stored_body(hostile.archive_dir, "zip/escape.zip")
    assert "zipgoodsentinel" in escape
    for sentinel in ("evilsentinel", "passwdsentinel", "winevilsentinel"):
        assert sentinel not in escape
        assert hit_paths(hostile.archive_dir, sentinel) == []
    # Names are searchable (the user should know what is inside), contents are not read.
    assert "../evil.txt" in escape and "/etc/passwd" in escape
    assert not (hostile.root.parent / "evil.txt").exists()


def test_bad_encodings_are_decoded_and_links_out_never_read(hostile: Hostile) -> None:
    assert hit_paths(hostile.archive_dir, "invalidsentinel") == ["text/invalid-utf8.txt"]
    assert hit_paths(hostile.archive_dir, "mixedsentinel") == ["text/mixed.txt"]
    mixed = stored_body(hostile.archive_dir, "text/mixed.txt")
    assert "\x00" not in mixed and "\x1b" not in mixed
    for sentinel in ("outsidesentinel", "badnamesentinel", "badfoldersentinel", "root"):
        assert hit_paths(hostile.archive_dir, sentinel) == []


# ------------------------------------------------------------------ read errors of a disc


def _states(archive: Archive) -> dict[str, int]:
    return {k: n for k, n in archive.catalogue.counts_by_state().items() if n}


def _index_folder(archive_dir: Path, root: Path, on_extract: object = None) -> RunSummary:
    fired = False

    def progress(p: Progress) -> None:
        nonlocal fired
        if p.phase == "extracting" and not fired and callable(on_extract):
            fired = True
            on_extract()  # between the scan and the first read, like a disc going bad

    with Archive(archive_dir) as archive, open_volume(root) as volume:
        return index_volumes(archive, [volume], Settings(workers=2), progress=progress)


def test_files_that_go_bad_after_the_scan_fail_with_a_read_error_then_retry(
    tmp_path: Path, basedir: Path
) -> None:
    root = tmp_path / "DISC"
    root.mkdir()
    originals = {}
    names = ("vanished.txt", "dangling.txt", "became-fifo.txt", "became-folder.txt", "link-out.txt")
    for name in names:
        (root / name).write_text(f"{name.split('.')[0].replace('-', '')}sentinel words\n")
        originals[name] = (root / name).read_bytes(), os.stat(root / name)
    (root / "fine.txt").write_text("a page that stays readable\n")

    def damage() -> None:
        (root / "vanished.txt").unlink()
        (root / "dangling.txt").unlink()
        (root / "dangling.txt").symlink_to("gone-target.txt")
        (root / "became-fifo.txt").unlink()
        os.mkfifo(root / "became-fifo.txt")
        (root / "became-folder.txt").unlink()
        (root / "became-folder.txt").mkdir()
        (root / "link-out.txt").unlink()
        (root / "link-out.txt").symlink_to("/etc/passwd")  # never followed out of the disc

    archive_dir = basedir / "data" / "archives" / "default"
    summary = _index_folder(archive_dir, root, damage)
    reasons = dict(summary.failures)
    assert summary.indexed == 1 and "fine.txt" not in reasons
    for name in originals:
        assert reasons[name].startswith("read error: "), (name, reasons[name])
    with Archive(archive_dir) as archive:
        assert archive.catalogue.integrity_ok()
        assert _states(archive) == {"indexed": 1, "failed": 5}

    # The cause is fixed (same bytes, same times, as a re-inserted disc would show them).
    for name, (data, st) in originals.items():
        path = root / name
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink(missing_ok=True)
        path.write_bytes(data)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    run_cli("index", "-q", str(root), base=basedir)  # unchanged files are not read again
    with Archive(archive_dir) as archive:
        assert _states(archive) == {"indexed": 1, "failed": 5}
    out = run_cli("index", "--retry-failed", str(root), base=basedir).stdout
    assert "Indexed 5 files, 0 failed" in out
    with Archive(archive_dir) as archive:
        assert _states(archive) == {"indexed": 6}
        assert archive.catalogue.integrity_ok()
    assert hit_paths(archive_dir, "becamefifosentinel") == ["became-fifo.txt"]


def test_iso_cut_inside_a_file_fails_that_file_then_retry_reads_it(
    tmp_path: Path, basedir: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "aa-first.txt").write_text("firstpage sentinel words\n")
    (src / "zz-last.txt").write_text("lastpage words\n" + "filler line of the report\n" * 20_000)
    image = make_iso(src, tmp_path / "disc.iso", label="SCRATCHED")
    good = tmp_path / "disc-good.iso"
    shutil.copyfile(image, good)
    iso = IsoVolume(image)
    try:
        rec = iso._record("zz-last.txt")
        cut_at = rec.extent_location() * iso._iso.logical_block_size + 4096
    finally:
        iso.close()
    assert cut_at < image.stat().st_size
    with open(image, "r+b") as fh:  # the end of the disc cannot be read any more
        fh.truncate(cut_at)

    proc = run_cli("index", str(image), base=basedir)
    assert "1 failed" in proc.stdout and "zz-last.txt: read error: " in proc.stdout
    archive_dir = basedir / "data" / "archives" / "default"
    db = archive_dir / "catalogue.sqlite"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = dict(conn.execute("SELECT path, state FROM files"))
    assert rows == {"aa-first.txt": "indexed", "zz-last.txt": "failed"}
    assert hit_paths(archive_dir, "firstpage") == ["aa-first.txt"]

    shutil.copyfile(good, image)  # a clean copy of the disc
    proc = run_cli("index", "--retry-failed", str(image), base=basedir)
    assert "Indexed 1 file, 0 failed" in proc.stdout
    assert hit_paths(archive_dir, "lastpage") == ["zz-last.txt"]
