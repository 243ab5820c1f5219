"""OCR on real pages: born-digital PDF pages of the real corpus (real_corpus.py), drawn at
200 dpi, made to look scanned (tests/scans.py: clean, office, poor photocopy) and read by
the engine with English alone and with English+French+German+Spanish.

Figures: words found (the share of the page's text-layer words, case-folded, 3+ letters,
that are among the words read), on all pages and on the French, German and Spanish ones,
CPU seconds a page, retries taken, pages read again in another language, pages a minute
with 1 and 2 worker processes (one engine each, OMP_THREAD_LIMIT=1) and those workers'
peak memory (they read pages of every language, so every language's model is loaded).

    python -m tests.benchmarks --only ocr
"""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import re
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from reader.indexing.ocr.engine import Engine
from reader.indexing.ocr.pages import open_pdf, pdf_page_image
from reader.indexing.ocr.tessdata import find_tessdata
from tests.benchmarks.real_corpus import build_corpus, corpus_root
from tests.scans import Quality, degrade

SEED = 1
MIN_WORDS = 150  # a page of prose, not a title page or a figure
# (language, package under REAL_DOCS, pages): 8 English, 4 each French, German, Spanish.
PICKS = (
    ("eng", "debian-reference-en", 2),
    ("eng", "maint-guide", 2),
    ("eng", "texlive-latex-base-doc", 4),
    ("fra", "debian-reference-fr", 2),
    ("fra", "maint-guide-fr", 1),
    ("fra", "texlive-lang-french", 1),
    ("deu", "debian-reference-de", 2),
    ("deu", "texlive-lang-german", 2),
    ("spa", "debian-reference-es", 2),
    ("spa", "texlive-lang-spanish", 2),
)
QUALITIES: tuple[Quality, ...] = ("clean", "office", "poor")
LANGUAGE_SETS = (("eng",), ("eng", "fra", "deu", "spa"))
# (backend, languages) runs: tesserocr with both sets, PyMuPDF's fallback with English.
RUNS = (
    *(("tesseract", langs) for langs in LANGUAGE_SETS),
    ("mupdf", ("eng",)),
)
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass
class RealPage:
    """One page: where it came from, its language, its text-layer words, its image."""

    source: str
    language: str
    words: list[str]
    png: bytes  # the clean 200 dpi rendering


@dataclass
class Cell:
    """One (languages, quality) run over all pages."""

    found: list[float] = field(default_factory=list)
    other: list[float] = field(default_factory=list)  # words found on the non-English pages
    cpu: list[float] = field(default_factory=list)
    retries: int = 0
    rereads: int = 0  # pages read whole again in another language (not the cleaned retries)


@dataclass
class OcrFigures:
    pages: int
    by_language: dict[str, int]
    key: str
    cells: dict[tuple[str, str], Cell]
    throughput: dict[tuple[str, int], float]  # (languages, workers) -> pages a minute
    peak_mb: dict[tuple[str, int], float]  # (languages, workers) -> largest worker's peak RSS
    notes: list[str]

    def lines(self) -> list[str]:
        langs = ", ".join(f"{n} {lang}" for lang, n in sorted(self.by_language.items()))
        out = [f"{self.pages} real PDF pages ({langs}), 200 dpi, engine {self.key}"]
        out.append(f"{'languages':<16}{'quality':<9}{'words found':>12}{'not English':>12}"
                   f"{'CPU s/page':>12}{'retries':>9}{'re-read':>9}{'worst page':>12}")  # fmt: skip
        for (langs_key, quality), cell in self.cells.items():
            mean = sum(cell.found) / len(cell.found)
            other = sum(cell.other) / max(1, len(cell.other))
            cpu = sum(cell.cpu) / len(cell.cpu)
            out.append(
                f"{langs_key:<16}{quality:<9}{mean:>12.3f}{other:>12.3f}{cpu:>12.2f}"
                f"{cell.retries:>6}/{len(cell.found):<2}{cell.rereads:>6}/{len(cell.found):<2}"
                f"{min(cell.found):>12.3f}"
            )
        for (langs_key, workers), rate in self.throughput.items():
            peak = self.peak_mb[(langs_key, workers)]
            out.append(
                f"{langs_key:<16}office, {workers} worker(s): {rate:.1f} pages/min,"
                f" peak RSS {peak:.0f} MB a worker"
            )
        return out + self.notes


def _page_words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _pick_pages(pdf: Path, want: int, rng: random.Random) -> list[tuple[int, list[str]]]:
    """Up to `want` pages of prose from the middle of `pdf`: (page number, words)."""
    try:
        doc = open_pdf(pdf.read_bytes())
    except (ValueError, OSError):
        return []
    try:
        count = doc.page_count
        candidates = list(range(int(count * 0.2), max(int(count * 0.9), 1)))
        rng.shuffle(candidates)
        picked: list[tuple[int, list[str]]] = []
        for index in candidates[:30]:
            text = doc[index].get_text()
            words = _page_words(text)
            tokens = len(text.split()) or 1
            if len(words) >= MIN_WORDS and len(words) / tokens >= 0.6:
                picked.append((index + 1, words))
                if len(picked) == want:
                    break
        return picked
    finally:
        doc.close()


def real_pages(work: Path) -> list[RealPage]:
    """The benchmark's pages, the same on every run (seeded choice, sorted listing)."""
    root = corpus_root(work).resolve()
    rng = random.Random(f"bench-ocr:{SEED}")
    pages: list[RealPage] = []
    for language, package, count in PICKS:
        pdfs = sorted((root / package).rglob("*.pdf"))
        rng.shuffle(pdfs)
        taken = 0
        for pdf in pdfs:
            # One page from each of a package's many PDFs; several from a lone manual.
            per_pdf = count if len(pdfs) == 1 else 1
            for number, words in _pick_pages(pdf, min(per_pdf, count - taken), rng):
                image = pdf_page_image(pdf.read_bytes(), number)
                buf = io.BytesIO()
                image.save(buf, "PNG", compress_level=1)
                rel = pdf.relative_to(root)
                pages.append(RealPage(f"{rel} p{number}", language, words, buf.getvalue()))
                taken += 1
            if taken >= count:
                break
    return pages


def _scanned(page: RealPage, quality: Quality, seed: int) -> Image.Image:
    """The page degraded, then through JPEG as a scanner stores it (not for "clean")."""
    image = degrade(Image.open(io.BytesIO(page.png)).convert("L"), quality, seed=seed)
    if quality == "clean":
        return image
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=80)
    decoded = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    decoded.info["dpi"] = (200, 200)
    return decoded


def _found(words: Sequence[str], text: str) -> float:
    read = set(_page_words(text))
    return sum(w in read for w in words) / max(1, len(words))


# -- worker processes ----------------------------------------------------------------------

_ENGINE: Any = None


def _start_worker(tessdata: str, languages: tuple[str, ...]) -> None:
    global _ENGINE  # noqa: PLW0603 - one engine per worker process, as the app's pool has
    _ENGINE = Engine(Path(tessdata), languages)


def _peak_mb() -> float:
    """This process's peak RSS in MB. On Linux its VmHWM: ru_maxrss survives the exec of
    a spawned worker and so says the benchmark's own peak (~350 MB of page images)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def _read_in_worker(png: bytes) -> tuple[float, float]:
    """(CPU seconds of the read, this worker's peak RSS in MB so far)."""
    image = Image.open(io.BytesIO(png))
    image.load()
    started = time.process_time()
    _ENGINE.read(image)
    return time.process_time() - started, _peak_mb()


def _pages_per_minute(
    tessdata: Path, languages: tuple[str, ...], images: list[bytes], workers: int
) -> tuple[float, float]:
    """(pages a minute, the largest peak RSS of a worker in MB)."""
    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    with context.Pool(workers, _start_worker, (str(tessdata), languages)) as pool:
        reads = pool.map(_read_in_worker, images, chunksize=1)
    return len(images) * 60 / (time.perf_counter() - started), max(mb for _, mb in reads)


def bench_ocr(work: Path) -> OcrFigures:
    # Before any engine starts, and inherited by the worker processes.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    build_corpus(work)
    tessdata = find_tessdata()
    if tessdata is None:
        raise RuntimeError("no Tesseract language data: run `make system-deps`")
    notes: list[str] = []
    load = os.getloadavg()[0]
    if load > 0.5:
        notes.append(f"load average {load:.1f} before measuring: other work skews the timings")
    pages = real_pages(work)
    if not pages:
        raise RuntimeError(f"no PDF pages of prose under {corpus_root(work)}")
    by_language: dict[str, int] = {}
    for page in pages:
        by_language[page.language] = by_language.get(page.language, 0) + 1
    cells: dict[tuple[str, str], Cell] = {}
    office_png: list[bytes] = []
    key = ""
    for backend, languages in RUNS:
        name = (
            "+".join(languages) if backend == "tesseract" else f"{backend} " + "+".join(languages)
        )
        with Engine(tessdata, languages, backend=backend) as engine:
            key = key or engine.key.split("/")[0]
            for quality in QUALITIES:
                cell = cells.setdefault((name, quality), Cell())
                for i, page in enumerate(pages):
                    image = _scanned(page, quality, SEED + i)
                    started = time.process_time()
                    result = engine.read(image)
                    cell.cpu.append(time.process_time() - started)
                    cell.found.append(_found(page.words, result.text))
                    if page.language != "eng":
                        cell.other.append(cell.found[-1])
                    cell.retries += result.retried
                    firsts = {p.languages for p in result.passes if not (p.sample or p.sauvola_k)}
                    cell.rereads += len(firsts) > 1
                    if quality == "office" and len(office_png) < len(pages):
                        buf = io.BytesIO()
                        image.save(buf, "PNG", compress_level=1)
                        office_png.append(buf.getvalue())
    throughput, peak_mb = {}, {}
    for languages in LANGUAGE_SETS:
        for workers in (1, 2):
            rate, peak = _pages_per_minute(tessdata, languages, office_png, workers)
            throughput[("+".join(languages), workers)] = rate
            peak_mb[("+".join(languages), workers)] = peak
    load = os.getloadavg()[0]
    notes.append(f"load average {load:.1f} after measuring")
    notes.append(f"machine: {os.cpu_count()} cores; pages: " + "; ".join(p.source for p in pages))
    return OcrFigures(len(pages), by_language, key, cells, throughput, peak_mb, notes)


if __name__ == "__main__":
    for line in bench_ocr(Path(".bench")).lines():
        print("  " + line)
