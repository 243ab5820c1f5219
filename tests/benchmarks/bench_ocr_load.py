"""OCR under load (issue 15): searching while OCR runs, and one OCR worker's peak memory.

1. Search while OCR runs. A scans archive of real PDF pages (the real corpus's prose
   pages, as bench_ocr.py picks them, drawn at 200 dpi and made to look scanned by
   tests/scans.py: office scans, every fifth page a poor photocopy, grouped into
   image-only PDFs) is indexed with `archive-reader --basedir H --archive scans index`.
   Then a fixed list of real-word queries is timed in process (limit 20, snippets and
   facets, as the window asks) on the real corpus archive (.bench/real/archive; the
   generated bench archive where that is missing), in rounds of ROUND_SECONDS: idle, then
   while `archive-reader --basedir H --archive scans ocr -q` runs in another process, as a
   user starts it (default settings: cores - 1 workers at the app's low priority), and so
   on, interleaved. Each busy round starts from the indexed, unread scans archive and
   waits until the first page is read (the workers are up). Figures: the median over
   rounds of each round's p50 and p95, and busy / idle. Target: within 1.5x.
   Both on the machine as it is and beside another busy program (a CPU loop at normal
   priority in a session of its own, as a browser or a build would be): on 2 cores the
   search and one OCR worker each have a core of their own, so only a third program
   shows whether the OCR's low priority holds (Linux shares CPU time between sessions
   first: docs/ocr.md).

2. Peak memory of one OCR worker. A real PDF page made an A4 poor photocopy at 300 dpi,
   as an image-only PDF and as a TIFF page image, is read by the app's own worker process
   (reader.indexing.workers.ExtractorPool with read_page: the forkserver worker, its
   memory cap and niceness) with four languages (eng+fra+deu+spa), a fresh process a page;
   the PDF is drawn at 300 dpi (read_page's renderer given dpi=300) and at the app's 200.
   Figures: the worker's RSS before the page, with the engine started, and its peak
   (ru_maxrss) after the page. Target: < 400 MB at 300 dpi.

    python -m tests.benchmarks --only ocr-load

This module is imported by the OCR worker processes of part 2 (its `measured_read`), so
its top-level imports stay light: the search and PDF-writing libraries are imported where
they are used.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.indexing.ocr.work import OcrSetup, OcrTask, PageRead
from reader.indexing.workers import Task
from reader.model import Kind
from reader.settings import Limits
from reader.sources.volume import Volume
from reader.store.ocr_cache import OcrCache, OcrCacheError

if TYPE_CHECKING:
    from PIL import Image

    from reader.store.fulltext import FulltextIndex

SEED = 1
ARCHIVE = "scans"
# (package under REAL_DOCS, pages): bench_ocr.PICKS four times over: 32 English pages,
# 16 each French, German, Spanish.
LOAD_PICKS = (
    ("debian-reference-en", 8),
    ("maint-guide", 8),
    ("texlive-latex-base-doc", 16),
    ("debian-reference-fr", 8),
    ("maint-guide-fr", 4),
    ("texlive-lang-french", 4),
    ("debian-reference-de", 8),
    ("texlive-lang-german", 8),
    ("debian-reference-es", 8),
    ("texlive-lang-spanish", 8),
)
PAGES_PER_PDF = 4  # pages of one source PDF in a row: one scanned document
POOR_EVERY = 5  # every fifth page a poor photocopy, the others office scans
ROUNDS = 3
ROUND_SECONDS = 30.0
READY_SECONDS = 180.0  # the first page read, at the latest
LIMIT = 20
TARGET_RATIO = 1.5
TARGET_WORKER_MB = 400.0
FOUR_LANGUAGES = ("eng", "fra", "deu", "spa")
A4_INCHES = (8.27, 11.69)

# Real words and phrases of the real corpus (Debian's documentation packages), of every
# kind the window sees typed: common and rarer words, other languages, phrases, two words,
# prefixes, type: filters. Fixed, so every run times the same queries.
REAL_QUERIES = (
    "package", "installation", "debconf", "firewall", "changelog", "hyphenation", "tikz",
    "babel", "fontenc", "kernel", "postgresql", "vacuum", "django", "middleware", "unicode",
    "iptables", "systemd", "apache", "virtualhost", "lintian",
    "réseau", "Paket", "instalación", "paquete", "Sicherheit", "fichier",
    '"matrix of nodes"', '"source package"', '"regular expression"', '"virtual host"',
    '"font encoding"', "kernel module", "lintian warnings", "vacuum analyze",
    "configur*", "instal*", "transact*",
    "mirror type:html", "tabular type:pdf", '"matrix of nodes" type:pdf',
)  # fmt: skip


# -- the scans archive ---------------------------------------------------------------------


def _scan_pdf(images: Sequence[Image.Image], dpi: int) -> bytes:
    """An image-only PDF, one page a scanned image (JPEG, as scanners store them), each
    page the image's size at `dpi`. (tests/scans.py draws its own typed pages; these are
    real pages.)"""
    import pymupdf

    doc = pymupdf.open()
    for image in images:
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=80)
        page = doc.new_page(width=image.width * 72 / dpi, height=image.height * 72 / dpi)
        page.insert_image(page.rect, stream=buf.getvalue())
    data: bytes = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def build_scans(root: Path, work: Path) -> dict[str, Any]:
    """The scanned documents under `root` (kept between runs: `root/../scans.json`)."""
    from reader.indexing.ocr.pages import pdf_page_image
    from tests.benchmarks.bench_ocr import _pick_pages
    from tests.benchmarks.real_corpus import build_corpus, corpus_root
    from tests.scans import Quality, degrade

    stamp = root.parent / "scans.json"
    if stamp.exists() and root.is_dir():
        built: dict[str, Any] = json.loads(stamp.read_text())
        return built
    shutil.rmtree(root, ignore_errors=True)
    build_corpus(work)
    corpus = corpus_root(work).resolve()
    rng = random.Random(f"bench-ocr-load:{SEED}")
    pages = poor = files = 0
    for package, count in LOAD_PICKS:
        pdfs = sorted((corpus / package).rglob("*.pdf"))
        rng.shuffle(pdfs)
        taken = 0
        for pdf in pdfs:
            want = min(count - taken, count if len(pdfs) == 1 else PAGES_PER_PDF)
            picked = sorted(_pick_pages(pdf, want, rng))
            data = pdf.read_bytes()
            for start in range(0, len(picked), PAGES_PER_PDF):
                images = []
                for number, _ in picked[start : start + PAGES_PER_PDF]:
                    quality: Quality = "poor" if (pages + 1) % POOR_EVERY == 0 else "office"
                    poor += quality == "poor"
                    images.append(degrade(pdf_page_image(data, number), quality, seed=pages))
                    pages += 1
                out = root / package / f"{pdf.stem}-scan-{start // PAGES_PER_PDF + 1}.pdf"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(_scan_pdf(images, 200))
                files += 1
            taken += len(picked)
            if taken >= count:
                break
    built = {"pages": pages, "poor": poor, "files": files}
    stamp.write_text(json.dumps(built))
    return built


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("archive-reader")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reader"]


def _app_env() -> dict[str, str]:
    """The environment a user's shell gives the app: none of the benchmarks' settings."""
    drop = ("OMP_THREAD_LIMIT", "ARCHIVE_READER_BASEDIR")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _app(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_cli(), "--basedir", str(home), "--archive", ARCHIVE, *args],
        capture_output=True, text=True, check=True, env=_app_env(),
    )  # fmt: skip


def indexed_scans(place: Path, root: Path) -> tuple[Path, Path, dict[str, Any]]:
    """(home, template, info): the scans archive indexed by the app into `template`, an
    unread copy each busy round starts from, and what `info` says of its scans."""
    home, template = place / "home", place / "indexed"
    stamp = template / "info.json"
    if not stamp.exists():
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(template, ignore_errors=True)
        _app(home, "index", "-q", str(root))
        shutil.copytree(home / "data" / "archives" / ARCHIVE, template / ARCHIVE)
        info = json.loads(_app(home, "info", "--json").stdout)["ocr"]
        stamp.write_text(json.dumps(info))
    return home, template, json.loads(stamp.read_text())


def _reset(home: Path, template: Path) -> Path:
    """The scans archive as indexed, nothing read by OCR yet. Returns its folder."""
    folder = home / "data" / "archives" / ARCHIVE
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(template / ARCHIVE, folder)
    return folder


def _cached_pages(cache: Path) -> int:
    """Pages the running OCR has read so far (0 before its cache exists)."""
    if not cache.exists():
        return 0
    try:
        with OcrCache(cache, read_only=True) as results:
            return results.count()
    except OcrCacheError:
        return 0


# -- the searched archive ------------------------------------------------------------------


def searched_archive(work: Path, files: int) -> tuple[Path, list[str], str]:
    """(folder, queries, what it is): the real corpus archive as it is when built (never
    rebuilt here), else the generated bench archive with bench_search's queries."""
    from tests.benchmarks.bench_relevance import ensure_real_index, real_archive_dir
    from tests.benchmarks.bench_search import bench_archive_dir, query_set
    from tests.benchmarks.real_corpus import corpus_root

    real = real_archive_dir(work)
    if (real / "complete").exists():
        return real, list(REAL_QUERIES), "real corpus archive"
    generated = bench_archive_dir(work)
    if (generated / "index").is_dir():
        texts = [q.text for q in query_set(files)]
        return generated, texts, "generated bench archive"
    run = ensure_real_index(corpus_root(work).resolve(), work)
    return run.folder, list(REAL_QUERIES), "real corpus archive"


def _one_pass(index: FulltextIndex, queries: Sequence[str]) -> list[float]:
    from reader.search.engine import search

    ms = []
    for q in queries:
        started = time.perf_counter()
        search(index, q, limit=LIMIT, snippets=True, facets=True)
        ms.append((time.perf_counter() - started) * 1000.0)
    return ms


@dataclass
class Round:
    busy: bool
    beside: bool  # another busy program ran too (_other_program)
    ms: list[float]
    load: tuple[float, float]  # 1-minute load average at the start and the end
    pages_read: int = 0  # by OCR during the round
    ocr_throughout: bool = True  # the OCR run was still going at the end of the round
    workers: list[tuple[int, int]] = field(default_factory=list)  # (nice, threads) seen

    def pct(self, p: float) -> float:
        from tests.benchmarks.bench_search import Latency

        lat = Latency.of(self.ms)
        return lat.p50 if p == 50 else lat.p95


def _ocr_workers(main: int) -> list[tuple[int, int]]:
    """(nice, threads) of the OCR run's worker processes: those the fork server forked
    (the grandchildren of the `archive-reader ocr` process)."""
    import psutil

    found = []
    try:
        for child in psutil.Process(main).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if child.ppid() != main:
                    found.append((child.nice(), child.num_threads()))
    except psutil.Error:
        pass
    return found


def _busy_round(  # noqa: PLR0917 - one round's setting
    index: FulltextIndex,
    queries: Sequence[str],
    home: Path,
    template: Path,
    log: Path,
    beside: bool,
) -> Round:
    folder = _reset(home, template)
    cache = folder / "ocr.sqlite"
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [*_cli(), "--basedir", str(home), "--archive", ARCHIVE, "ocr", "-q"],
            stdout=subprocess.DEVNULL, stderr=err, start_new_session=True, env=_app_env(),
        )  # fmt: skip
    try:
        deadline = time.monotonic() + READY_SECONDS
        while _cached_pages(cache) < 1:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the OCR run read no page (exit {proc.poll()}); see {log}")
            time.sleep(0.1)
        first = _cached_pages(cache)
        r = Round(True, beside, [], (os.getloadavg()[0], 0.0))
        r.workers = _ocr_workers(proc.pid)
        started = time.monotonic()
        while time.monotonic() - started < ROUND_SECONDS:
            r.ms += _one_pass(index, queries)
            r.workers += _ocr_workers(proc.pid)
        r.load = (r.load[0], os.getloadavg()[0])
        r.ocr_throughout = proc.poll() is None
        r.pages_read = _cached_pages(cache) - first
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, started here
        proc.wait()
    return r


def _idle_round(index: FulltextIndex, queries: Sequence[str], beside: bool) -> Round:
    r = Round(False, beside, [], (os.getloadavg()[0], 0.0))
    started = time.monotonic()
    while time.monotonic() - started < ROUND_SECONDS:
        r.ms += _one_pass(index, queries)
    r.load = (r.load[0], os.getloadavg()[0])
    return r


@contextlib.contextmanager
def _other_program(on: bool) -> Iterator[None]:
    """Another busy program while the round runs: a CPU loop at normal priority in a
    session of its own (started here, stopped by its id)."""
    if not on:
        yield
        return
    loop = subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
    try:
        time.sleep(0.5)
        yield
    finally:
        loop.kill()
        loop.wait()


# -- one worker's peak memory --------------------------------------------------------------


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def measured_read(task: Task, volume: Volume, limits: Limits, setup: Any) -> tuple[str, Any]:
    """The pool's `work` in part 2: the app's read_page, its PDF renderer given `dpi`,
    with the process's memory before the page, with the engine started, and at its peak.
    Runs in the worker process."""
    from pathlib import Path as _Path

    from reader.indexing.ocr import pages, work
    from reader.indexing.ocr.engine import Engine

    ocr_setup, dpi = setup
    before = _rss_mb()
    if dpi != pages.OCR_DPI:
        # read_page looks the renderer up at each call: drawn at `dpi` instead of 200.
        setattr(pages, "pdf_page_pictures", functools.partial(pages.pdf_page_pictures, dpi=dpi))  # noqa: B010
    work._quiet_native_stderr()
    work._State.engine = Engine(_Path(ocr_setup.tessdata), ocr_setup.languages)
    engine = _rss_mb()
    status, payload = work.read_page(task, volume, limits, ocr_setup)
    if status != "ok":
        return status, payload
    figures = {"before": before, "engine": engine, "peak": _peak_mb(), "after": _rss_mb()}
    return "ok", (None, (payload[1], figures))


@dataclass
class WorkerMemory:
    label: str
    pixels: tuple[int, int]
    before: float
    engine: float
    peak: float
    retried: bool
    words: int
    seconds: float


def _a4_poor(work: Path, dpi: int) -> tuple[Image.Image, str]:
    """A real English page of prose drawn at `dpi` as a poor photocopy of an A4 sheet."""
    from PIL import Image

    from reader.indexing.ocr.pages import pdf_page_image
    from tests.benchmarks.bench_ocr import _pick_pages
    from tests.benchmarks.real_corpus import corpus_root
    from tests.scans import degrade

    pdfs = sorted((corpus_root(work).resolve() / "debian-reference-en").rglob("*.pdf"))
    rng = random.Random(f"bench-ocr-load-a4:{SEED}")
    for pdf in pdfs:
        for number, _ in _pick_pages(pdf, 1, rng):
            page = pdf_page_image(pdf.read_bytes(), number, dpi=dpi)
            a4 = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
            page = page.resize(a4, Image.Resampling.LANCZOS)
            return degrade(page, "poor", seed=SEED), f"{pdf.name} p{number}"
    raise RuntimeError("no English page of prose in the real corpus")


def worker_memory(work: Path, place: Path) -> tuple[list[WorkerMemory], str]:
    """One fresh OCR worker per case: its memory around one page (part 2)."""
    from reader.indexing.ocr.run import OCR_NICE, _limits
    from reader.indexing.ocr.tessdata import find_tessdata, usable_languages
    from reader.indexing.workers import ExtractorPool
    from reader.settings import Settings
    from reader.sources.opener import open_volume

    folder = place / "a4"
    folder.mkdir(parents=True, exist_ok=True)
    image, source = _a4_poor(work, 300)
    (folder / "a4-300dpi.pdf").write_bytes(_scan_pdf([image], 300))
    image.save(folder / "a4-300dpi.tif", "TIFF", compression="tiff_lzw", dpi=(300, 300))
    tessdata = find_tessdata()
    if tessdata is None:
        raise RuntimeError("no Tesseract language data: run `make system-deps`")
    setup = OcrSetup(str(tessdata), usable_languages(tessdata, FOUR_LANGUAGES))
    cases = (
        ("image-only PDF drawn at 300 dpi", "a4-300dpi.pdf", Kind.PDF, 300),
        ("TIFF page image, 300 dpi", "a4-300dpi.tif", Kind.IMAGE, 300),
        ("image-only PDF drawn at 200 dpi", "a4-300dpi.pdf", Kind.PDF, 200),
    )
    out = []
    limits = _limits(Settings())
    with open_volume(folder) as volume:
        for label, name, kind, dpi in cases:
            task = OcrTask(1, volume.spec, name, kind, (folder / name).stat().st_size, 1, "x")
            pool = ExtractorPool(1, limits, 1, (setup, dpi), work=measured_read, nice=OCR_NICE)
            result = next(r for r in pool.run(iter([task])) if r is not None)
            if result.prepared is None:
                raise RuntimeError(f"{label}: {result.error}")
            read, mb = result.prepared
            assert isinstance(read, PageRead)
            side = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
            out.append(WorkerMemory(label, side, mb["before"], mb["engine"], mb["peak"],
                                    read.retried, len(read.words), read.seconds))  # fmt: skip
    return out, f"{source} as a poor photocopy, {'+'.join(setup.languages)}"


# -- the figures ---------------------------------------------------------------------------


@dataclass
class LoadFigures:
    scans: dict[str, Any]
    queued: dict[str, Any]
    searched: str
    docs: int
    queries: int
    no_hits: list[str]
    rounds: list[Round]
    memory: list[WorkerMemory]
    memory_source: str
    command: str
    notes: list[str]

    def _median(self, busy: bool, beside: bool, p: float) -> float:
        return statistics.median(
            r.pct(p) for r in self.rounds if r.busy == busy and r.beside == beside
        )

    def lines(self) -> list[str]:
        s = self.scans
        out = [
            f"scans archive: {s['pages']} real PDF pages in {s['files']} image-only PDFs "
            f"({s['pages'] - s['poor']} office, {s['poor']} poor photocopy), 200 dpi; "
            f"{self.queued.get('pages', '?')} pages queued for OCR",
            f"OCR: `{self.command}` (default settings)",
            f"searched: {self.searched} ({self.docs:,} documents), {self.queries} fixed "
            f"queries, limit {LIMIT}, snippets + facets; rounds of {ROUND_SECONDS:.0f} s, "
            "idle and during OCR interleaved",
            f"{'round':<7}{'':<24}{'p50':>9}{'p95':>9}{'queries':>9}{'load 1m':>12}"
            f"{'OCR pages':>11}  workers (nice, threads)",
        ]
        for n, r in enumerate(self.rounds, 1):
            seen = sorted(set(r.workers))
            state = ("during OCR" if r.busy else "idle") + (" + busy program" if r.beside else "")
            out.append(
                f"{n:<7}{state:<24}{r.pct(50):>7.1f}ms"
                f"{r.pct(95):>7.1f}ms{len(r.ms):>9}{r.load[0]:>6.2f}-{r.load[1]:<5.2f}"
                + (f"{r.pages_read:>11}  {seen}" if r.busy else "")
                + ("" if r.ocr_throughout else "  (OCR ended before the round did)")
            )
        for beside in sorted({r.beside for r in self.rounds}):
            idle50, idle95 = self._median(False, beside, 50), self._median(False, beside, 95)
            busy50, busy95 = self._median(True, beside, 50), self._median(True, beside, 95)
            worst = max(busy50 / idle50, busy95 / idle95)
            verdict = "met" if worst <= TARGET_RATIO else "NOT met"
            out.append(
                ("beside a busy program" if beside else "machine as it is")
                + f": idle p50 {idle50:.1f} ms p95 {idle95:.1f} ms; during OCR p50 "
                f"{busy50:.1f} ms p95 {busy95:.1f} ms; ratio p50 {busy50 / idle50:.2f}x, "
                f"p95 {busy95 / idle95:.2f}x (target <= {TARGET_RATIO}x: {verdict})"
            )
        for beside in sorted({r.beside for r in self.rounds}):
            busy = [r for r in self.rounds if r.busy and r.beside == beside]
            rate = sum(r.pages_read for r in busy) * 60 / (ROUND_SECONDS * len(busy))
            where = " beside a busy program" if beside else ""
            out.append(f"OCR while searching{where}: about {rate:.0f} pages/min")
        if self.no_hits:
            out.append(f"queries with no hit: {', '.join(self.no_hits)}")
        out.append(f"one OCR worker, {self.memory_source} (target < {TARGET_WORKER_MB:.0f} MB):")
        out.append(f"  {'page':<34}{'pixels':>11}{'before':>9}{'engine':>9}{'peak':>9}"
                   f"{'retried':>9}{'words':>7}{'s':>6}")  # fmt: skip
        for m in self.memory:
            out.append(
                f"  {m.label:<34}{m.pixels[0]:>5}x{m.pixels[1]:<5}{m.before:>6.0f} MB"
                f"{m.engine:>6.0f} MB{m.peak:>6.0f} MB{'yes' if m.retried else 'no':>9}"
                f"{m.words:>7}{m.seconds:>6.1f}"
            )
        return out + self.notes


def bench_ocr_load(work: Path, files: int = 54_000, rounds: int = ROUNDS) -> LoadFigures:
    from reader.store.archive import Archive

    place = (work / "ocr-load").resolve()
    place.mkdir(parents=True, exist_ok=True)
    notes = [f"machine: {os.cpu_count()} cores; load average at the start "
             + " ".join(f"{v:.2f}" for v in os.getloadavg())]  # fmt: skip
    scans = build_scans(place / "SCANS_1", work)
    home, template, queued = indexed_scans(place, place / "SCANS_1")
    folder, queries, what = searched_archive(work, files)
    log = place / "ocr-stderr.log"
    log.write_bytes(b"")
    measured: list[Round] = []
    with Archive(folder, read_only=True) as archive:
        index = archive.index()
        from reader.search.engine import search

        no_hits = [q for q in queries if not search(index, q, limit=1, facets=False).total]
        _one_pass(index, queries)  # warm: the index's files in the page cache
        for beside in (False, True):
            for _ in range(rounds):
                with _other_program(beside):
                    measured.append(_idle_round(index, queries, beside))
                with _other_program(beside):
                    measured.append(_busy_round(index, queries, home, template, log, beside))
        docs = index.doc_count()
    memory, source = worker_memory(work, place)
    notes.append("load average at the end " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    command = f"archive-reader --basedir {home} --archive {ARCHIVE} ocr -q"
    return LoadFigures(scans, queued, what, docs, len(queries), no_hits, measured, memory,
                       source, command, notes)  # fmt: skip


if __name__ == "__main__":
    for line in bench_ocr_load(Path(".bench")).lines():
        print("  " + line)
