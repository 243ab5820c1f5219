"""Bounded memory: peak RSS of indexing the generated archive, and of reading a huge PDF.

Targets (issue 8): indexing the 54,000-file archive under 1 GB for the whole process tree
(main process + forkserver + workers); opening a 2,000-page PDF in the PDF viewer and
scrolling from the first page to the last under 500 MB.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from reader.indexing.pipeline import index_volumes
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from tests.benchmarks.bench_index import PeakRSS

PDF_PAGES = 2000


@dataclass
class MemoryFigures:
    files: int
    index_seconds: float
    index_peak_mb: float
    pdf_pages: int
    pdf_seconds: float
    pdf_peak_mb: float

    def lines(self) -> list[str]:
        return [
            f"index {self.files:,} files         peak RSS {self.index_peak_mb:.0f} MB, all "
            f"processes (target < 1024 MB), {self.index_seconds:.1f} s",
            f"PDF {self.pdf_pages:,} pages, scrolled  peak RSS {self.pdf_peak_mb:.0f} MB "
            f"(target < 500 MB), {self.pdf_seconds:.1f} s",
        ]


def big_pdf(path: Path, pages: int) -> Path:
    if not path.exists():
        doc = pymupdf.open()
        for n in range(1, pages + 1):
            page = doc.new_page()
            lines = [f"page {n} line {i} of a long report about interception" for i in range(45)]
            page.insert_text((72, 72), "\n".join(lines), fontsize=10)
        doc.save(path, garbage=3, deflate=True)
        doc.close()
    return path


def pdf_scroll_peak(path: Path) -> tuple[float, float]:
    """(seconds, peak MB) of opening `path` in PdfViewer offscreen and scrolling through."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from reader.gui.viewers.base import OpenRequest
    from reader.gui.viewers.pdf import PdfViewer
    from reader.model import Kind

    app = QApplication.instance() or QApplication([])
    with PeakRSS() as rss, open_volume(path.parent) as volume:
        started = time.perf_counter()
        viewer = PdfViewer()
        viewer.resize(1000, 800)
        viewer.show()
        viewer.open_document(
            OpenRequest(volume, path.name, Kind.PDF), volume.read_bytes(path.name, 1 << 30)
        )
        bar = viewer._stack.verticalScrollBar()
        app.processEvents()
        step = max(1, bar.pageStep())
        while bar.value() < bar.maximum():
            bar.setValue(bar.value() + step)
            app.processEvents()
        app.processEvents()
        seconds = time.perf_counter() - started
        viewer.close()
        viewer.deleteLater()
        app.processEvents()
    return seconds, rss.peak / 1e6


def index_peak(root: Path, work: Path, workers: int) -> tuple[int, float, float]:
    """(files, seconds, peak MB of the process tree) of indexing `root` into a new archive."""
    archive_dir = work / "bench-memory-archive"
    shutil.rmtree(archive_dir, ignore_errors=True)
    with PeakRSS() as rss, Archive(archive_dir) as archive, open_volume(root) as volume:
        started = time.perf_counter()
        summary = index_volumes(archive, [volume], Settings(workers=workers))
        seconds = time.perf_counter() - started
    return summary.scanned, seconds, rss.peak / 1e6


def _fresh(*args: str) -> list[str]:
    # Each measurement in a fresh process: this one may still hold the high-water mark of
    # earlier benchmarks (memory a process frees mostly stays in its RSS).
    return subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.bench_memory", *args],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()


def bench_memory(root: Path, work: Path, workers: int = 2) -> MemoryFigures:
    files, index_seconds, index_peak_mb = _fresh("index", str(root), str(work), str(workers))[-3:]
    pdf_dir = work / "bench-memory-pdf"
    pdf_dir.mkdir(exist_ok=True)
    pdf = big_pdf(pdf_dir / "long.pdf", PDF_PAGES)
    pdf_seconds, pdf_peak = (float(x) for x in _fresh("pdf", str(pdf))[-2:])
    return MemoryFigures(
        files=int(files),
        index_seconds=float(index_seconds),
        index_peak_mb=float(index_peak_mb),
        pdf_pages=PDF_PAGES,
        pdf_seconds=pdf_seconds,
        pdf_peak_mb=pdf_peak,
    )


if __name__ == "__main__":
    if sys.argv[1] == "index":
        n, secs, peak = index_peak(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        print(f"{n} {secs:.3f} {peak:.1f}")
    else:
        seconds, peak_mb = pdf_scroll_peak(Path(sys.argv[2]))
        print(f"{seconds:.3f} {peak_mb:.1f}")
