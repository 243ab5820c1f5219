"""Scanned documents become searchable: the queue filled while indexing, the background
OCR run, its cache by content, resume after a cancel, and published discs that carry it.

Real parts: generated scans (tests/scans.py) read by the real Tesseract, a real catalogue,
index and OCR cache on disk.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.indexing.ocr.run import OcrProgress, ocr_volumes
from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import Interrupted
from reader.publish.masters import publish
from reader.search.engine import search
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.sources.volume import PUBLISHED_DIR
from reader.store import ocr_queue
from reader.store.archive import Archive
from reader.store.ocr_cache import OCR_CACHE_FILE
from reader.store.published import OCR_NAME
from tests.archive_factory import pdf_bytes
from tests.iso_factory import make_iso

pytest.importorskip("tesserocr")
scans = pytest.importorskip("tests.scans")

MEMO = [
    "MEMORANDUM FOR THE DIRECTOR",
    "Subject: surveillance of the harbour district",
    "The committee reviewed the quarterly telegram archive.",
]
SECOND = [
    "Second page of the memorandum",
    "Distribution limited to the embassy staff",
]
LETTER = ["Dear colleague, the cryptographic appendix follows.", "Regards, the archivist"]


def _settings() -> Settings:
    s = Settings(workers=1, batch_files=50)
    s.ocr.workers = 1
    return s


def _disc(root: Path) -> Path:
    (root / "1999").mkdir(parents=True)
    (root / "1999" / "memo-scan.pdf").write_bytes(scans.scan_pdf([MEMO, SECOND], quality="office"))
    (root / "1999" / "letter.png").write_bytes(scans.scan_png(LETTER, quality="office"))
    (root / "1999" / "born-digital.pdf").write_bytes(
        pdf_bytes(["A born digital page about harbour budgets and nothing scanned."])
    )
    return root


def _index(archive_dir: Path, root: Path) -> None:
    with Archive(archive_dir) as archive, open_volume(root) as volume:
        index_volumes(archive, [volume], _settings())


def _ocr(archive_dir: Path, root: Path, **kw: object) -> object:
    with Archive(archive_dir) as archive, open_volume(root) as volume:
        return ocr_volumes(archive, [volume], _settings(), **kw)  # type: ignore[arg-type]


def _paths(archive_dir: Path, query: str) -> list[str]:
    with Archive(archive_dir, read_only=True) as archive:
        return [hit.path for hit in search(archive.index(), query, limit=10).hits]


def test_indexing_queues_the_pictured_pages_and_nothing_else(tmp_path: Path) -> None:
    root = _disc(tmp_path / "disc")
    _index(tmp_path / "a", root)
    with Archive(tmp_path / "a") as archive:
        counts = ocr_queue.counts(archive.catalogue)
        assert (counts.files, counts.pages, counts.missing) == (2, 3, 3)
        queued = {
            f.path: f.missing
            for f in ocr_queue.queued(archive.catalogue, [archive.catalogue.volumes()[0].id])
        }
    assert queued == {"1999/memo-scan.pdf": (1, 2), "1999/letter.png": (1,)}
    assert _paths(tmp_path / "a", "telegram") == []  # not searchable before OCR


def test_ocr_run_makes_scans_searchable_on_their_page(tmp_path: Path) -> None:
    root = _disc(tmp_path / "disc")
    _index(tmp_path / "a", root)
    seen: list[OcrProgress] = []
    summary = _ocr(tmp_path / "a", root, progress=seen.append)
    assert summary.pages_read == 3 and summary.pages_failed == 0  # type: ignore[attr-defined]
    assert seen[-1].pages_done == seen[-1].pages_total == 3
    assert _paths(tmp_path / "a", "telegram") == ["1999/memo-scan.pdf"]
    assert _paths(tmp_path / "a", "embassy") == ["1999/memo-scan.pdf"]
    assert _paths(tmp_path / "a", "cryptographic") == ["1999/letter.png"]
    with Archive(tmp_path / "a", read_only=True) as archive:
        hit = search(archive.index(), "embassy", limit=1).hits[0]
        assert hit.page == 2  # the hit opens on the page that holds the word
        assert ocr_queue.counts(archive.catalogue).missing == 0


def test_rebuilding_the_index_never_reads_a_page_again(tmp_path: Path) -> None:
    root = _disc(tmp_path / "disc")
    _index(tmp_path / "a", root)
    _ocr(tmp_path / "a", root)
    # A new archive of the same files elsewhere (a moved disc, a rebuilt index) with the
    # first one's cache: nothing is queued, and the words are found at once.
    shutil.copytree(root, tmp_path / "moved")
    (tmp_path / "b").mkdir()
    shutil.copy2(tmp_path / "a" / "ocr.sqlite", tmp_path / "b" / "ocr.sqlite")
    _index(tmp_path / "b", tmp_path / "moved")
    with Archive(tmp_path / "b") as archive:
        assert ocr_queue.counts(archive.catalogue).missing == 0
    assert _paths(tmp_path / "b", "telegram") == ["1999/memo-scan.pdf"]


def test_a_cancelled_run_keeps_what_it_read_and_the_next_goes_on(tmp_path: Path) -> None:
    root = _disc(tmp_path / "disc")
    _index(tmp_path / "a", root)
    cache = tmp_path / "a" / OCR_CACHE_FILE
    with pytest.raises(Interrupted):  # Cancel as soon as one page is kept
        _ocr(tmp_path / "a", root, cancel=lambda: _cached_pages(cache) >= 1)
    with Archive(tmp_path / "a") as archive:
        read = archive.ocr_cache().count()  # kept, though the files may not be indexed yet
    assert 0 < read < 3
    summary = _ocr(tmp_path / "a", root)
    assert summary.pages_read == 3 - read  # type: ignore[attr-defined]  # only the others
    assert _paths(tmp_path / "a", "telegram") == ["1999/memo-scan.pdf"]
    assert _paths(tmp_path / "a", "cryptographic") == ["1999/letter.png"]


def test_wanted_files_are_read_first(tmp_path: Path) -> None:
    root = _disc(tmp_path / "disc")
    _index(tmp_path / "a", root)
    with Archive(tmp_path / "a") as archive:
        # By path the letter comes first; the memo is the one open in the window.
        memo = archive.catalogue.file(archive.catalogue.volumes()[0].id, "1999/memo-scan.pdf")
        assert memo is not None
    _ocr(tmp_path / "a", root, wanted=lambda: [memo.id])
    with Archive(tmp_path / "a") as archive:
        content, _pages, _missing = ocr_queue.ocr_pages_of(archive.catalogue, memo.id)
        made = archive.ocr_cache().db.execute("SELECT content FROM pages ORDER BY made").fetchall()
    assert [row[0] for row in made[:2]] == [content, content]  # both its pages came first


def test_a_published_disc_carries_its_scans_text_and_word_boxes(tmp_path: Path) -> None:
    master = _disc(tmp_path / "master")
    report = publish([master], _settings())
    assert report.warnings == []
    assert (master / PUBLISHED_DIR / OCR_NAME).is_file()
    # The burned disc: read-only, opened by a user with a new archive.
    iso = make_iso(master, tmp_path / "disc.iso", label="SCANS")
    with Archive(tmp_path / "user") as archive, open_volume(iso) as disc:
        summary = index_volumes(archive, [disc], _settings())
        assert summary.extracted == 0  # the ready-made index, scans' text included
        assert ocr_queue.counts(archive.catalogue).missing == 0  # nothing left to OCR
        file = archive.catalogue.file(disc.id, "1999/memo-scan.pdf")
        assert file is not None
        content, pages, missing = ocr_queue.ocr_pages_of(archive.catalogue, file.id)
        assert pages == (1, 2) and missing == ()
        words = [w[0].strip(".,").lower() for w in archive.ocr_cache().words(content, 2)]
        assert "embassy" in words  # the word boxes, for marking hits on the scan
    assert _paths(tmp_path / "user", "telegram") == ["1999/memo-scan.pdf"]


def test_a_page_that_takes_too_long_is_given_up_with_its_reason(tmp_path: Path) -> None:
    root = _disc(tmp_path / "disc")
    _index(tmp_path / "a", root)
    settings = _settings()
    settings.ocr.page_seconds = 0.01  # every page is "too slow"
    with Archive(tmp_path / "a") as archive, open_volume(root) as volume:
        summary = ocr_volumes(archive, [volume], settings)
        assert summary.pages_failed == 3 and summary.pages_read == 0
        assert all("took longer than" in reason for _, _, reason in summary.failures)
        # Filed with the reason: the queue moves on, and the next run does not spin on them.
        assert ocr_queue.counts(archive.catalogue).missing == 0
        again = ocr_volumes(archive, [volume], settings)
        assert again.pages_read == again.pages_failed == 0
        assert _paths(tmp_path / "a", "cryptographic") == []


def test_pages_given_up_are_read_again_when_asked(tmp_path: Path) -> None:
    root = _disc(tmp_path / "disc")
    base = tmp_path / "home"
    proc = _cli(base, "index", "-q", str(root))
    assert proc.returncode == 0, proc.stderr
    settings_file = base / "config" / "settings.toml"
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text("[ocr]\npage_seconds = 0.01\nworkers = 1\n", encoding="utf-8")
    proc = _cli(base, "ocr", "-q", str(root))  # every page is "too slow": given up
    assert proc.returncode == 0, proc.stderr
    info = json.loads(_cli(base, "info", "--json").stdout)["ocr"]
    assert info["pages_failed"] == 3 and info["pages_pending"] == 0
    settings_file.write_text("[ocr]\nworkers = 1\n", encoding="utf-8")
    proc = _cli(base, "ocr", "--retry", str(root))
    assert proc.returncode == 0, proc.stderr
    assert "3 pages given up before, read again." in proc.stdout
    info = json.loads(_cli(base, "info", "--json").stdout)["ocr"]
    assert info["pages_failed"] == 0 and info["pages_done"] == 3
    found = json.loads(_cli(base, "search", "cryptographic", "--json").stdout)["hits"]
    assert [h["path"] for h in found] == ["1999/letter.png"] and found[0]["ocr"]


def _cli(base: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--basedir", str(base), *args],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_ocr_killed_mid_run_resumes_and_the_cli_says_what_came_from_ocr(tmp_path: Path) -> None:
    root = _disc(tmp_path / "disc")
    base = tmp_path / "home"
    assert _cli(base, "index", "-q", str(root)).returncode == 0
    cache = base / "data" / "archives" / "default" / OCR_CACHE_FILE
    run = subprocess.Popen(
        [sys.executable, "-m", "reader", "--basedir", str(base), "ocr", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _cached_pages(cache) < 1:
            time.sleep(0.05)
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the command and its OCR workers, at once
        run.wait()
    before = _cached_pages(cache)
    assert 1 <= before < 3, before
    again = _cli(base, "ocr", "-q")
    assert again.returncode == 0, again.stderr
    assert f"Read {3 - before} pages" in again.stdout  # only the pages not read before
    info = json.loads(_cli(base, "info", "--json").stdout)["ocr"]
    assert info == {"files": 2, "pages": 3, "pages_done": 3, "pages_pending": 0, "pages_failed": 0}
    found = json.loads(_cli(base, "search", "embassy", "--json").stdout)
    assert [(h["path"], h["page"], h["ocr"]) for h in found["hits"]] == [
        ("1999/memo-scan.pdf", 2, True)
    ]
    typed = json.loads(_cli(base, "search", "budgets", "--json").stdout)
    assert [(h["path"], h["ocr"]) for h in typed["hits"]] == [("1999/born-digital.pdf", False)]


def _cached_pages(cache: Path) -> int:
    if not cache.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"{cache.as_uri()}?mode=ro", uri=True)) as db:
            return int(db.execute("SELECT count(*) FROM pages").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_a_mixed_page_keeps_its_own_text_and_gains_its_pictures_text(tmp_path: Path) -> None:
    root = tmp_path / "disc"
    (root / "2001").mkdir(parents=True)
    (root / "2001" / "cover-and-letter.pdf").write_bytes(
        scans.mixed_pdf(["Typed heading of the quarterly report"], LETTER)
    )
    _index(tmp_path / "a", root)
    # Its own text is searchable at once; the pasted-in letter waits for OCR.
    assert _paths(tmp_path / "a", "quarterly") == ["2001/cover-and-letter.pdf"]
    assert _paths(tmp_path / "a", "cryptographic") == []
    summary = _ocr(tmp_path / "a", root)
    assert summary.pages_read == 1  # type: ignore[attr-defined]
    assert _paths(tmp_path / "a", "cryptographic") == ["2001/cover-and-letter.pdf"]
    assert _paths(tmp_path / "a", "quarterly") == ["2001/cover-and-letter.pdf"]
    with Archive(tmp_path / "a") as archive:
        record = archive.catalogue.file(next(iter(archive.catalogue.volumes())).id,
                                        "2001/cover-and-letter.pdf")  # fmt: skip
        assert record is not None
        content, pages, missing = ocr_queue.ocr_pages_of(archive.catalogue, record.id)
        assert pages == (1,) and missing == ()
        cache = archive.ocr_cache()
        read = cache.pages(content)[1].text
        # Only the picture was read: the page's own text is not in it twice.
        assert "cryptographic" in read and "quarterly" not in read
        # The words' boxes are on the page, in the lower half where the letter is.
        boxes = [w for w in cache.words(content, 1) if "cryptographic" in w[0]]
        assert boxes and all(w[2] >= 4_900 for w in boxes)


def test_a_scanners_text_layer_on_its_scan_is_not_read_again(tmp_path: Path) -> None:
    import pymupdf

    doc = pymupdf.open(stream=scans.scan_pdf([MEMO]), filetype="pdf")
    page = doc[0]
    # A scanner's OCR layer: invisible text lying on the picture itself.
    page.insert_text((72, 100), " ".join(MEMO), fontsize=9, render_mode=3)
    root = tmp_path / "disc"
    root.mkdir()
    (root / "searchable-scan.pdf").write_bytes(doc.tobytes())
    doc.close()
    _index(tmp_path / "a", root)
    with Archive(tmp_path / "a") as archive:
        assert ocr_queue.counts(archive.catalogue).pages == 0
    assert _paths(tmp_path / "a", "telegram") == ["searchable-scan.pdf"]
