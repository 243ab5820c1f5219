"""`make bench`: build (once) the generated archive and print every benchmark's figures."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.archive_factory import build_archive
from tests.benchmarks.bench_bundle import bench_bundle
from tests.benchmarks.bench_dvd import bench_dvd, published_set
from tests.benchmarks.bench_gui import bench_gui
from tests.benchmarks.bench_index import bench_index, build_pdf_archive
from tests.benchmarks.bench_memory import bench_memory
from tests.benchmarks.bench_ocr import bench_ocr
from tests.benchmarks.bench_ocr_load import bench_ocr_load
from tests.benchmarks.bench_publish import bench_publish
from tests.benchmarks.bench_relevance import bench_relevance
from tests.benchmarks.bench_search import bench_search, query_set
from tests.benchmarks.bench_sizes import bench_sizes


def generated_archive(work: Path, files: int) -> Path:
    """The archive is deterministic, so it is built once and kept between runs."""
    root = work / f"archive-{files}" / "CRYPTOME_1"
    stamp = root.parent / "complete"
    if not stamp.exists():
        started = time.perf_counter()
        build_archive(root, files=files, seed=1)
        stamp.write_text("ok")
        print(f"generated {files:,} files in {time.perf_counter() - started:.1f} s")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--files", type=int, default=int(os.environ.get("BENCH_FILES", "54000")))
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("BENCH_DIR", ".bench")))
    parser.add_argument(
        "--only",
        choices=[
            "index",
            "index-pdf",
            "search",
            "relevance",
            "sizes",
            "gui",
            "bundle",
            "publish",
            "memory",
            "ocr",
            "ocr-load",
            "dvd",
        ],
        default=None,
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ["ARCHIVE_READER_BASEDIR"] = str((args.work / "home").resolve())
    if args.only in (None, "bundle"):  # the frozen app: no generated archive needed
        print("== desktop bundle ==", flush=True)
        for line in bench_bundle(args.work).lines():
            print("  " + line)
        if args.only == "bundle":
            return
    if args.only in (None, "index-pdf"):  # its own archive of long PDFs
        print("== indexing a PDF-heavy archive (800 released-document PDFs) ==", flush=True)
        pdfs = build_pdf_archive(args.work / "pdf-800" / "RELEASES_1")
        for line in bench_index(pdfs, args.work).lines():
            print("  " + line)
        if args.only == "index-pdf":
            return
    if args.only in (None, "relevance"):  # real documents from the package registries
        print("== relevance and latency on real documents ==", flush=True)
        for line in bench_relevance(args.work).lines():
            print("  " + line)
        if args.only == "relevance":
            return
    if args.only in (None, "sizes"):  # what the real corpus's published index is made of
        print("== what a published disc carries (the real corpus) ==", flush=True)
        for line in bench_sizes(args.work).lines():
            print("  " + line)
        if args.only == "sizes":
            return
    if args.only in (None, "ocr"):  # real PDF pages of the same corpus, drawn as scans
        print("== OCR of scanned pages (real PDF pages, made to look scanned) ==", flush=True)
        for line in bench_ocr(args.work).lines():
            print("  " + line)
        if args.only == "ocr":
            return
    if args.only in (None, "ocr-load"):  # OCR running in the background: search, memory
        print("== searching while OCR runs; one OCR worker's memory ==", flush=True)
        for line in bench_ocr_load(args.work, args.files).lines():
            print("  " + line)
        if args.only == "ocr-load":
            return
    if args.only == "dvd":  # the publish benchmark's set, read as a DVD would be
        print("== a published disc at DVD speed ==", flush=True)
        disc = published_set(args.work, args.files)[0]
        for line in bench_dvd(disc, args.work).lines():
            print("  " + line)
        return
    if args.only == "publish":  # its own two-disc set; the one-disc archive is not needed
        print("== published index vs indexing ==", flush=True)
        for line in bench_publish(args.work, args.files).lines():
            print("  " + line)
        return
    root = generated_archive(args.work, args.files)
    print(f"machine: {os.cpu_count()} cores")
    if args.only in (None, "index"):
        print("== indexing ==")
        for line in bench_index(root, args.work).lines():
            print("  " + line)
    if args.only in (None, "search"):
        print("== search ==", flush=True)
        for line in bench_search(root, args.work, args.files).lines():
            print("  " + line)
    if args.only in (None, "memory"):
        print("== memory ==", flush=True)
        for line in bench_memory(root, args.work).lines():
            print("  " + line)
    if args.only is None:
        print("== published index vs indexing ==", flush=True)
        for line in bench_publish(args.work, args.files).lines():
            print("  " + line)
        print("== a published disc at DVD speed ==", flush=True)
        for line in bench_dvd(published_set(args.work, args.files)[0], args.work).lines():
            print("  " + line)
    if args.only is None:
        # In a fresh process: this one holds the high-water memory of the benchmarks above,
        # and the window's idle memory is one of the figures.
        print("== window ==", flush=True)
        out = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks", "--only", "gui", "--files",
             str(args.files), "--work", str(args.work)],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        for line in out.splitlines():
            if line.startswith("  "):
                print(line)
    if args.only == "gui":
        print("== window ==", flush=True)
        phrases = [q for q in query_set(args.files) if q.category == "phrase"]
        # Phrases planted in PDFs first: those also measure the first page painted.
        phrases.sort(key=lambda q: not any(p.endswith(".pdf") for p in q.planted_in))
        for line in bench_gui(args.work / "bench-archive", [q.text for q in phrases]).lines():
            print("  " + line)


if __name__ == "__main__":
    main()
