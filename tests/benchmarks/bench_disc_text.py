"""Issue 17: could a published index carry no document text, a snippet being made from the
document re-extracted from the disc it lies on? Measured, not built (docs/performance.md,
"What a published disc carries"):

- `sizes`: the archive's index copied as publish copies it (reader.store.writer.compact_copy),
  as it is and with parts of the stored text left out, and the published part of each
  (index files + the catalogue as exported) against the set's bytes;
- `same`: every n-th document re-extracted from its file with the app's own extractors
  (reader.indexing.extract): is it the indexed text, and what does it take?
- `dvd`: the snippet step of the window's first page (20 rows, after a page of 100 rows
  made without stored documents) on each copy read in place at DVD speed (bench_dvd's
  model: in-place reads by mincore with a 128 KB read-ahead, 100 ms a seek, 21 MB/s), each
  run in a fresh process: the stored text against the text re-extracted from the files (a
  long PDF's page read lazily by MuPDF, any other file whole: a seek and its bytes).

    python -m tests.benchmarks.bench_disc_text sizes|same|dvd [--archive A --source S]

The re-extraction is a prototype in this module: the passages keep their number, page and
place; where a passage lies in its PDF page (which a published index would have to store,
a few bytes) is taken from the published copy's text here.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib
import json
import lzma
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from reader.indexing.extract import PRELOAD, extract
from reader.indexing.extract.text import normalise
from reader.indexing.workers import read_limit
from reader.model import Kind
from reader.search.engine import (
    Hit,
    SearchResult,
    _PassageWords,
    make_snippet,
    search,
    snippets_for,
)
from reader.settings import Limits
from reader.store.archive import Archive
from reader.store.documents import Passage, Snippet, StoredDoc
from reader.store.fulltext import EngineWriter, FulltextIndex, Searcher
from reader.store.passages import LEAD_CHARS, cut
from reader.store.published import index_files
from reader.store.query import KIND, TermQuery
from reader.store.writer import compact_copy
from tests.benchmarks.bench_dvd import DVD_BYTES_PER_S, SEEK_S, _dvd_readahead, _resident
from tests.benchmarks.bench_sizes import exported_catalogue_bytes, index_kinds, tree_bytes

VARIANTS = {
    "published": "as publish writes it now (compact_copy)",
    "no long text": "no text of the long documents (> 12,000 characters): passages, lead",
    "no long text, short lzma": "the same, each short document's text lzma -9 (1 MB window)",
    "no long TXT/HTML text": "no text of the long documents but the PDFs'",
    "no text": "no document's text stored",
    "no text, blocks, nav": "no text, banner blocks or navigation stored",
}
SNIPPETS_OF = ("published", "no long TXT/HTML text", "no long text", "no text")
QUERIES = (
    "kernel memory", "surveillance", "tikz node", "postgresql vacuum", "unicode normalization",
    "git rebase", "decorator", "apache virtual host", "latex table column", "debian package",
    "vim syntax", "french hyphenation", "django queryset", "bibliography", "scheduler",
)  # fmt: skip
ROWS, SHOWN = 100, 20  # the window's page of rows, and the rows on screen (their snippets)
_LZMA = [{"id": lzma.FILTER_LZMA2, "preset": 9, "dict_size": 1 << 20}]


# --- copies of the index with parts left out ---


def _left_out(
    variant: str, fields: dict[str, Any], passages: list[Passage]
) -> tuple[dict[str, Any], list[Passage]]:
    fields = dict(fields)
    if variant == "no long TXT/HTML text":
        if fields.get("long") and fields[KIND] != Kind.PDF:
            fields["text"] = b""
            passages = [dataclasses.replace(p, text="") for p in passages]
        return fields, passages
    if variant.startswith("no long text") and fields.get("long"):
        fields["text"] = b""
    if variant.startswith(("no long text", "no text")):
        passages = [dataclasses.replace(p, text="") for p in passages]
    if variant.startswith("no text"):
        fields["text"] = b""
    if variant == "no text, blocks, nav":
        fields["blocks"] = fields["nav"] = b""
    if variant == "no long text, short lzma" and not fields.get("long"):
        fields["text"] = lzma.compress(fields["text"], format=lzma.FORMAT_RAW, filters=_LZMA)
    return fields, passages


@contextlib.contextmanager
def _writing(variant: str) -> Iterator[None]:
    """The copy's writer leaves out what `variant` says (a benchmark may look inside)."""
    put = EngineWriter.put

    def filtered(self, fields, passages, words, *, replaces=True):
        fields, kept = _left_out(variant, fields, list(passages))
        put(self, fields, kept, words, replaces=replaces)

    EngineWriter.put = filtered  # type: ignore[method-assign]
    try:
        yield
    finally:
        EngineWriter.put = put  # type: ignore[method-assign]


def copy_dir(work: Path, variant: str) -> Path:
    return work / "disc-text" / variant.replace(",", "").replace(" ", "-").replace("/", "-")


def variant_copy(index: FulltextIndex, work: Path, variant: str) -> tuple[Path, float | None]:
    """The copy of `index` for `variant` (made once: a stamp says it is complete)."""
    dest = copy_dir(work, variant)
    stamp = dest.parent / f"{dest.name}.complete"
    if stamp.exists():
        return dest, None
    shutil.rmtree(dest, ignore_errors=True)
    started = time.perf_counter()
    with _writing(variant):
        compact_copy(index, dest)
    stamp.write_text("ok")
    return dest, time.perf_counter() - started


def sizes(archive_dir: Path, source: Path, work: Path) -> list[str]:
    source_bytes = tree_bytes(source)
    with Archive(archive_dir) as archive:
        catalogue = exported_catalogue_bytes(archive)
        index = archive.index()
        out = [
            f"set {source_bytes / 1e6:.1f} MB; catalogue as published {catalogue / 1e6:.1f} MB; "
            f"load {os.getloadavg()[0]:.1f}"
        ]
        for variant, what in VARIANTS.items():
            dest, seconds = variant_copy(index, work, variant)
            files = sum((dest / p).stat().st_size for p in index_files(dest))
            main, passages = index_kinds(dest), index_kinds(dest / "passages")
            total = files + catalogue
            made = f"copied in {seconds:.0f} s" if seconds is not None else "copied before"
            out.append(
                f"{variant:<26}{total / 1e6:7.1f} MB = {total / source_bytes:5.1%}  (index "
                f"{files / 1e6:.1f}: main store {main.get('.store', 0) / 1e6:.1f}, passages "
                f"store {passages.get('.store', 0) / 1e6:.1f}; {made}): {what}"
            )
    return out


# --- re-extraction ---


def _pdf_page(path: Path, page: int) -> str:
    """One page's text as reader.indexing.extract.pdf reads it, the file opened lazily."""
    import pymupdf

    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
    doc = pymupdf.open(str(path))
    try:
        raw = doc[page - 1].get_text("text", flags=flags)
    finally:
        doc.close()
    return normalise(raw.replace("\f", "\n")).strip("\n")


@dataclasses.dataclass
class Reads:
    """What was read from the files apart from the lazily read PDFs (counted by mincore)."""

    files: int = 0
    read: int = 0
    # Per document re-extracted, by kind ("pdf long"): (seconds here, bytes read, seeks).
    per_kind: dict[str, list[tuple[float, int, int]]] = dataclasses.field(
        default_factory=lambda: defaultdict(list)
    )

    def note(self, kind: str, since: tuple[float, int, int], lazy: tuple[int, int]) -> None:
        started, files, read = since
        self.per_kind[kind].append(
            (
                time.perf_counter() - started,
                self.read - read + lazy[0],
                self.files - files + lazy[1],
            )
        )

    def whole(self, path: Path, kind: Kind, limits: Limits) -> bytes:
        with path.open("rb") as fh:
            data = fh.read(read_limit(kind, limits))
        self.files += 1
        self.read += len(data)
        return data


class _Given:
    """A searcher whose best passages are the ones given (re-extracted)."""

    def __init__(self, passages: list[Passage]) -> None:
        self._passages = passages

    def best_passages(self, key: str, words: Sequence[str], limit: int = 3) -> list[Passage]:
        return self._passages[:limit]


def _long_from_files(
    s: Searcher,
    texts: dict[str, str],
    stored: StoredDoc,
    wanted: list[str],
    *,
    root: Path,
    reads: Reads,
) -> tuple[list[Passage], Callable[[], str]]:
    """A long document's best passages re-extracted from its file, and its lead (asked for
    only when the words are in its title alone)."""
    d, limits = stored.doc, Limits()
    best = s.best_passages(d.key, wanted, 3)
    if d.kind != Kind.PDF:
        text = extract(
            Kind(d.kind), d.path, reads.whole(root / d.path, Kind(d.kind), limits), limits
        )
        spans = cut(text.text)
        got = [Passage(p.n, p.start, p.page, text.text[slice(*spans[p.n][:2])]) for p in best]
        return got, lambda: text.text
    full = texts[d.key]
    pages: dict[int, str] = {}
    got = []
    for p in best:
        if p.page not in pages:
            pages[p.page] = _pdf_page(root / d.path, p.page)
        page = pages[p.page]
        local = p.start - (full.rfind("\f", 0, p.start) + 1)  # its place in the page
        ends = {a: b for a, b, _ in cut(page)}
        got.append(Passage(p.n, p.start, p.page, page[local : ends.get(local, local)]))
    return got, lambda: pages.get(1) or _pdf_page(root / d.path, 1)


def _short_from_file(stored: StoredDoc, root: Path, reads: Reads) -> StoredDoc:
    d, limits = stored.doc, Limits()
    kind = Kind(d.kind)
    if kind not in (Kind.HTML, Kind.TXT, Kind.PDF) or d.scanned:
        return stored  # an image, a zip, a name: not re-extracted (OCR, members)
    text = extract(kind, d.path, reads.whole(root / d.path, kind, limits), limits).text
    return dataclasses.replace(stored, doc=dataclasses.replace(d, body=text))


def same(archive_dir: Path, source: Path, every: int) -> list[str]:
    """Every `every`-th document re-extracted: the indexed text or not, and the time."""
    limits = Limits()
    found: dict[str, list[Any]] = defaultdict(lambda: [0, 0, []])
    with Archive(archive_dir) as archive:
        s = archive.index().searcher()
        docs = sorted(s.all_docs(full=False), key=lambda d: d.doc.key)[::every]
        for stored in docs:
            d = stored.doc
            if Kind(d.kind) not in (Kind.HTML, Kind.TXT, Kind.PDF) or d.scanned:
                continue
            indexed = s.with_full_text(stored).doc.body
            started = time.perf_counter()
            data = (source / d.path).read_bytes()[: read_limit(Kind(d.kind), limits)]
            text = extract(Kind(d.kind), d.path, data, limits).text
            row = found[f"{d.kind}{', long' if stored.long else ''}"]
            row[0 if text == indexed else 1] += 1
            row[2].append(time.perf_counter() - started)
    out = [f"every {every}th document of {archive_dir} (load {os.getloadavg()[0]:.1f})"]
    for kind, (equal, other, secs) in sorted(found.items()):
        secs.sort()
        out.append(
            f"  {kind:<10} {equal:5d} the indexed text, {other} not; read + extracted in "
            f"{statistics.median(secs) * 1000:.1f} ms median, "
            f"{secs[int(len(secs) * 0.9)] * 1000:.0f} ms p90, {secs[-1] * 1000:.0f} ms max"
        )
    return out


# --- the window's first page of snippets at DVD speed ---


def _evict(paths: Sequence[Path]) -> None:
    os.sync()
    for p in paths:
        fd = os.open(p, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def _read_since(before: dict[Path, list[bool]], after: dict[Path, list[bool]]) -> tuple[int, int]:
    read = seeks = 0
    for path, now in after.items():
        was = before.get(path, [])
        new = [x and not (i < len(was) and was[i]) for i, x in enumerate(now)]
        read += sum(new) * 4096
        seeks += sum(1 for i, x in enumerate(new) if x and (i == 0 or not new[i - 1]))
    return read, seeks


def _from_files(
    variant: str,
    index: FulltextIndex,
    texts: dict[str, str],
    shown: Sequence[Hit],
    result: SearchResult,
    *,
    root: Path,
    reads: Reads,
) -> dict[str, tuple[Snippet, int | None]]:
    """The snippets of `shown`, the text the `variant` copy leaves out re-extracted."""
    s = index.searcher()
    words = _PassageWords(result.terms, s)
    terms, boiler = result.terms, result.boiler
    from_file = ("txt", "html") if variant == "no long TXT/HTML text" else ("pdf", "txt", "html")
    made = {}
    for h in shown:
        _, refs = s.search(TermQuery("key", h.key), limit=1)
        stored = s.doc(refs[0][1])
        since = (time.perf_counter(), reads.files, reads.read)
        kind = f"{h.kind}{' long' if stored.long else ''}"
        if not (stored.long and stored.doc.kind in from_file):
            if variant == "no text" and stored.doc.kind in ("pdf", "txt", "html"):
                stored = _short_from_file(stored, root, reads)
                made[h.key] = make_snippet(s, stored, terms, boiler=boiler, words=words)
                reads.note(kind, since, (0, 0))
            else:
                made[h.key] = make_snippet(s, stored, terms, boiler=boiler, words=words)
            continue
        pdf = root / stored.doc.path if stored.doc.kind == "pdf" else None
        pages = {pdf: _resident(pdf)} if pdf else {}
        got, lead = _long_from_files(s, texts, stored, words(), root=root, reads=reads)
        given = cast(Searcher, _Given(got))
        made[h.key] = make_snippet(given, stored, terms, boiler=boiler, words=words)
        if not made[h.key][0].text:  # the words in its title only: its lead
            body = lead()[:LEAD_CHARS]
            stored = dataclasses.replace(stored, doc=dataclasses.replace(stored.doc, body=body))
            made[h.key] = make_snippet(given, stored, terms, boiler=boiler, words=words)
        reads.note(kind, since, _read_since(pages, {p: _resident(p) for p in pages}))
    return made


def one_run(variant: str, query: str, work: Path, archive_dir: Path, root: Path) -> dict[str, Any]:
    """The snippet step of one query on one copy, in this (fresh) process."""
    folder = copy_dir(work, variant)
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    with _dvd_readahead(folder):
        _evict(files)
        for p in files:  # what reader.store.linked_index.read_ahead asks for at opening
            if p.suffix in (".term", ".fast", ".fieldnorm"):
                fd = os.open(p, os.O_RDONLY)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
                os.close(fd)
        time.sleep(1.0)
        from reader.search.rows import CatalogueRows

        index = FulltextIndex.open(folder, create=False)
        reference = FulltextIndex.open(copy_dir(work, "published"), create=False).searcher()
        rows = CatalogueRows(archive_dir / "catalogue.sqlite")
        result = search(index, query, limit=ROWS, snippets=0, catalogue=rows)
        rows.close()
        shown = result.hits[:SHOWN]
        docs = list(dict.fromkeys(root / h.path for h in shown))
        _evict(docs)
        lazy = [p for p, h in zip(docs, shown, strict=False) if h.kind == "pdf"]
        before = {p: _resident(p) for p in files + lazy}
        reads = Reads()
        texts = {}  # where a passage lies in its page: the published copy knows (see above)
        for h in [h for h in shown if h.kind == "pdf"]:
            _, refs = reference.search(TermQuery("key", h.key), limit=1)
            texts[h.key] = reference.with_full_text(reference.doc(refs[0][1])).doc.body
        for module in PRELOAD:  # loaded before, as the window has PyMuPDF (bench_dvd)
            importlib.import_module(module)
        started = time.perf_counter()
        made: dict[str, Any] = {}
        if variant == "published":
            made = snippets_for(index, [h.key for h in shown], result.terms, boiler=result.boiler)
        else:
            made = _from_files(variant, index, texts, shown, result, root=root, reads=reads)
        wall = time.perf_counter() - started
        read, seeks = _read_since(before, {p: _resident(p) for p in files + lazy})
    kinds: dict[str, int] = defaultdict(int)
    s = index.searcher()
    for h in shown:
        stored = s.doc(s.search(TermQuery("key", h.key), limit=1)[1][0][1])
        kinds[f"{h.kind}{' long' if stored.long else ''}"] += 1
    return {
        "variant": variant, "query": query, "wall": wall, "seeks": seeks + reads.files,
        "per_kind": reads.per_kind,
        "bytes": read + reads.read, "rows": dict(kinds),
        "dvd": (read + reads.read) / DVD_BYTES_PER_S + (seeks + reads.files) * SEEK_S,
        "snippets": {k: [v[0].text, [list(m) for m in v[0].marks], v[1]] for k, v in made.items()},
    }  # fmt: skip


def dvd(work: Path, archive_dir: Path, root: Path, queries: Sequence[str]) -> list[str]:
    runs: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    with Archive(archive_dir) as archive:
        for variant in SNIPPETS_OF:
            variant_copy(archive.index(), work, variant)
    loads = [os.getloadavg()[0]]
    for query in queries:  # the variants in turns, so that the machine's load is shared
        for variant in SNIPPETS_OF:
            cmd = [sys.executable, "-m", "tests.benchmarks.bench_disc_text", "one", variant]
            cmd += [query, "--work", str(work), "--archive", str(archive_dir)]
            out = subprocess.run(
                [*cmd, "--source", str(root)], capture_output=True, text=True, check=False
            )
            if out.returncode:
                raise SystemExit(out.stderr)
            runs[query][variant] = json.loads(out.stdout)
        loads.append(os.getloadavg()[0])
    lines = [f"snippets of the first {SHOWN} rows, {len(queries)} queries (load {min(loads):.1f}-"]
    lines[0] += f"{max(loads):.1f}): time here + DVD time (seeks, MB read)"
    for query, by in runs.items():
        cells = [
            f"{v} {r['wall'] + r['dvd']:5.2f} s ({r['seeks']:3d}, {r['bytes'] / 1e6:4.1f})"
            for v, r in by.items()
        ]
        lines.append(f"  {query:<22} " + "   ".join(cells))
    for variant in SNIPPETS_OF:
        per = [by[variant] for by in runs.values()]
        times = sorted(r["wall"] + r["dvd"] for r in per)
        alike = sum(
            by["published"]["snippets"][k] == by[variant]["snippets"].get(k)
            for by in runs.values()
            for k in by["published"]["snippets"]
        )
        lines.append(
            f"  {variant:<14} {statistics.mean(times):.2f} s a page (median "
            f"{statistics.median(times):.2f}, max {times[-1]:.2f}), here "
            f"{statistics.mean(r['wall'] for r in per):.2f} s; {sum(r['seeks'] for r in per)} "
            f"seeks, {sum(r['bytes'] for r in per) / 1e6:.1f} MB; {alike} snippets as published"
        )
    return lines + _per_kind(runs)


def _per_kind(runs: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Each document re-extracted for its snippet ("no text": every kind), by kind."""
    found: dict[str, list[list[float]]] = defaultdict(list)
    for by in runs.values():
        for kind, costs in by["no text"]["per_kind"].items():
            found[kind] += costs
    out = ["a snippet from the file, by kind (no text): here; read; seeks; DVD model"]
    for kind, costs in sorted(found.items()):
        secs, read, seeks = (sorted(c[i] for c in costs) for i in range(3))
        dvd = sorted(c[1] / DVD_BYTES_PER_S + c[2] * SEEK_S for c in costs)
        out.append(
            f"  {kind:<10} {len(costs):3d}: {statistics.median(secs) * 1000:5.1f} ms median, "
            f"{secs[-1] * 1000:4.0f} max; {statistics.median(read) / 1e3:5.0f} KB median, "
            f"{read[-1] / 1e6:.1f} MB max; {statistics.median(seeks):.0f} median, "
            f"{seeks[-1]:.0f} max; {statistics.median(dvd):.2f} s median, {dvd[-1]:.2f} s max"
        )
    return out


def main(argv: Sequence[str] | None = None) -> None:
    from tests.benchmarks.bench_relevance import real_archive_dir
    from tests.benchmarks.real_corpus import corpus_root

    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_disc_text")
    parser.add_argument("what", choices=["sizes", "same", "dvd", "one"])
    parser.add_argument("args", nargs="*", help="one: VARIANT QUERY")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("BENCH_DIR", ".bench")))
    parser.add_argument("--archive", type=Path, help="an Archive folder (the real corpus's)")
    parser.add_argument("--source", type=Path, help="the folder it was indexed from")
    parser.add_argument("--every", type=int, default=10, help="same: every n-th document")
    a = parser.parse_args(argv)
    archive_dir = (a.archive or real_archive_dir(a.work)).resolve()
    source = (a.source or corpus_root(a.work)).resolve()
    if a.what == "one":
        print(json.dumps(one_run(a.args[0], a.args[1], a.work, archive_dir, source)))
        return
    if a.what == "sizes":
        lines = sizes(archive_dir, source, a.work)
    elif a.what == "same":
        lines = same(archive_dir, source, a.every)
    else:
        lines = dvd(a.work, archive_dir, source, a.args or QUERIES)
    for line in lines:
        print("  " + line)


if __name__ == "__main__":
    main()
