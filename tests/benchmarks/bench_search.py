"""Search latency on the indexed bench archive, and the engine comparison of docs/DESIGN.md.

The query set comes from the archive's truth: the generated archive's plan (the same
``_plan`` that ``build_archive`` writes from, so no manifest file is needed) gives the planted
phrase and rare word of every document; a seeded RNG picks from them, so the same archive
always gets the same queries.

Measured: ``reader.search.search`` in process (ids only, then with snippets and facets), the
same texts read back from our index into SQLite FTS5 and whoosh-reloaded (the plain-word and
phrase queries they can run), and one whole ``archive-reader search --json`` process.
"""

from __future__ import annotations

import json
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.indexing.pipeline import index_volumes
from reader.search.engine import SNIPPETS_AT_ONCE, search
from reader.search.rows import CatalogueRows
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from reader.store.documents import IndexDoc
from reader.store.fulltext import FulltextIndex
from reader.store.index_errors import IndexLockedError
from reader.store.writer import IndexWriter
from tests.archive_factory import COMMON_WORDS, NAME_WORDS, STEM_WORDS, _plan
from tests.benchmarks.bench_gui import home_for

ROUNDS = 3
LIMIT = 20
PAGE = 100  # rows the window asks for at once (reader.gui.search.panel.PAGE_SIZE)
TARGET_P95_MS = 50.0
TARGET_CLI_S = 0.5
CLI_RUNS = 5
WHOOSH_MAX_DOCS = 20_000
SEED = 1  # the seed generated_archive() builds with

# --- the query set ---


@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False
    title: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    title: bool = False


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Word | Phrase, ...]


Clause = Word | Phrase | AnyOf


@dataclass(frozen=True)
class BenchQuery:
    """One query in our language; ``must``/``must_not`` also say it to FTS5 and whoosh.

    ``portable`` is False when the query uses what those two lack here (fuzzy~, type:,
    year:, path: - they index title and body only).
    """

    category: str
    text: str
    must: tuple[Clause, ...] = ()
    must_not: tuple[Clause, ...] = ()
    portable: bool = True
    planted_in: tuple[str, ...] = ()  # paths of the documents it was planted in


def _ours(c: Clause) -> str:
    if isinstance(c, AnyOf):
        return "(" + " OR ".join(_ours(i) for i in c.items) + ")"
    head = "title:" if c.title else ""
    if isinstance(c, Phrase):
        return f'{head}"{" ".join(c.words)}"'
    return head + c.text + ("*" if c.prefix else "")


def _fts5(c: Clause) -> str:
    if isinstance(c, AnyOf):
        return "(" + " OR ".join(_fts5(i) for i in c.items) + ")"
    head = "title : " if c.title else ""
    if isinstance(c, Phrase):
        return f'{head}"{" ".join(c.words)}"'
    return f'{head}"{c.text}"' + ("*" if c.prefix else "")


def _whoosh(c: Clause) -> str:
    if isinstance(c, AnyOf):
        return "(" + " OR ".join(_whoosh(i) for i in c.items) + ")"
    head = "title:" if c.title else ""
    if isinstance(c, Phrase):
        return f'{head}"{" ".join(c.words)}"'
    return head + c.text + ("*" if c.prefix else "")


def fts5_query(q: BenchQuery) -> str:
    expr = " AND ".join(_fts5(c) for c in q.must)
    for c in q.must_not:  # FTS5's NOT is binary: "a NOT b"
        expr = f"({expr}) NOT {_fts5(c)}"
    return expr


def whoosh_query(q: BenchQuery) -> str:
    return " AND ".join([_whoosh(c) for c in q.must] + [f"NOT {_whoosh(c)}" for c in q.must_not])


def _q(
    category: str,
    must: Sequence[Clause],
    must_not: Sequence[Clause] = (),
    *,
    extra: str = "",
    planted_in: Sequence[str] = (),
) -> BenchQuery:
    parts = [_ours(c) for c in must] + ["-" + _ours(c) for c in must_not]
    if extra:
        parts.append(extra)
    return BenchQuery(
        category, " ".join(parts), tuple(must), tuple(must_not), not extra, tuple(planted_in)
    )


def _misspell(word: str) -> str:
    """One letter dropped from the middle: one edit away, as fuzzy~ (distance 1) allows."""
    k = len(word) // 2
    return word[:k] + word[k + 1 :]


def query_set(files: int, seed: int = SEED) -> list[BenchQuery]:
    """A fixed mixed set of 50+ queries for the archive generated with ``files`` and ``seed``."""
    plans, _, _, _ = _plan(files, seed, 1, True)
    docs = [
        p
        for p in plans
        if p.gen in ("html", "txt", "pdf")
        and p.forced != "mixed-scan"  # its phrase may sit on a page that is only a picture
        and p.truth.phrase
        and p.truth.rare_word
    ]
    rng = random.Random(f"bench-search:{seed}:{files}")
    picked = rng.sample(docs, 20)
    pdf = rng.choice([p for p in docs if p.gen == "pdf" and p not in picked])
    # content words of the generator's vocabulary (no stop words: whoosh drops those)
    pool = sorted(
        {w for w in COMMON_WORDS[96:] if len(w) >= 4 and w.isascii() and w.isalpha()}
        | {w for w in STEM_WORDS if len(w) >= 4}
    )
    words = iter(rng.sample(pool, 50))
    docs_iter = iter(picked)

    def word() -> Word:
        return Word(next(words))

    def doc() -> tuple[Phrase, Word, str]:
        p = next(docs_iter)
        return (
            Phrase(tuple((p.truth.phrase or "").split())),
            Word(p.truth.rare_word or ""),
            p.truth.path,
        )

    qs: list[BenchQuery] = []
    for _ in range(8):
        ph, _rare, path = doc()
        qs.append(_q("phrase", [ph], planted_in=[path]))
    for _ in range(6):
        _ph, rare, path = doc()
        qs.append(_q("rare word", [rare], planted_in=[path]))
    for _ in range(6):
        qs.append(_q("common word", [word()]))
    for _ in range(5):
        qs.append(_q("AND 2 words", [word(), word()]))
    for _ in range(3):
        qs.append(_q("AND 3 words", [word(), word(), word()]))
    for _ in range(2):
        qs.append(_q("OR", [AnyOf((word(), word()))]))
    (ph1, rare1, path1), (_ph2, rare2, path2) = doc(), doc()
    qs.append(_q("OR", [AnyOf((rare1, rare2))], planted_in=[path1, path2]))
    for _ in range(3):
        qs.append(_q("-exclusion", [word()], [word()]))
    qs.append(_q("-exclusion", [ph1], [rare2], planted_in=[path1]))
    for stem in ("surveil", "intercept", "encrypt", "gov"):
        qs.append(_q("prefix*", [Word(stem, prefix=True)]))
    qs.append(_q("prefix*", [Word(rare2.text[:6], prefix=True)], planted_in=[path2]))
    for fw in ("government", "intelligence", "surveillance"):
        qs.append(BenchQuery("fuzzy~", f"{_misspell(fw)}~", portable=False))
    names = sorted({nw for p in picked for nw in p.name_words if nw in NAME_WORDS})
    t1, t2, t3 = rng.sample(names, 3)
    qs.append(_q("title:", [Word(t1, title=True)]))
    qs.append(_q("title:", [Word(t2, title=True), word()]))
    qs.append(_q("title:", [Word(t3[:3], prefix=True, title=True)]))
    qs.append(_q("type:", [word()], extra="type:pdf"))
    pdf_phrase = Phrase(tuple((pdf.truth.phrase or "").split()))
    qs.append(_q("type:", [pdf_phrase], extra="type:pdf", planted_in=[pdf.truth.path]))
    qs.append(_q("year:", [word()], extra="year:1999..2003"))
    qs.append(BenchQuery("year:", "type:pdf year:1999..2003", portable=False))
    qs.append(BenchQuery("path:", "path:2013/03", portable=False))
    qs.append(_q("path:", [word()], extra="path:2013/03"))
    (ph3, _rare3, path3), (_ph4, rare4, path4) = doc(), doc()
    qs.append(
        _q("combination", [AnyOf((word(), word()))], [word()], extra="type:html year:2005..2014")
    )
    qs.append(_q("combination", [AnyOf((ph3, rare4))], planted_in=[path3, path4]))
    qs.append(_q("combination", [Word("surveil", prefix=True), word()], [word()]))
    qs.append(
        _q("combination", [word()], extra=f"{_misspell('security')}~ title:{t1} year:2000..2012")
    )
    return qs


# --- timing ---


@dataclass(frozen=True)
class Latency:
    p50: float
    p95: float
    max: float
    samples: int

    @classmethod
    def of(cls, ms: Sequence[float]) -> Latency:
        s = sorted(ms)
        if not s:
            return cls(math.nan, math.nan, math.nan, 0)

        def rank(p: float) -> float:  # nearest rank
            return s[max(0, math.ceil(p / 100 * len(s)) - 1)]

        return cls(rank(50), rank(95), s[-1], len(s))

    def short(self) -> str:
        return f"{_ms(self.p50)} / {_ms(self.p95)}"

    def long(self) -> str:
        return f"p50 {_ms(self.p50)}  p95 {_ms(self.p95)}  max {_ms(self.max)}"


def _ms(v: float) -> str:
    if math.isnan(v):
        return "-"
    return f"{v:.2f} ms" if v < 10 else f"{v:.0f} ms"


def timed_rounds(
    run: Callable[[BenchQuery], object], queries: Sequence[BenchQuery], rounds: int = ROUNDS
) -> tuple[Latency, dict[str, float]]:
    """Warm-up pass over the set, then ``rounds`` measured passes; also each query's worst."""
    for q in queries:
        run(q)
    ms: list[float] = []
    worst: dict[str, float] = {}
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            run(q)
            dt = (time.perf_counter() - t0) * 1000.0
            ms.append(dt)
            worst[q.text] = max(worst.get(q.text, 0.0), dt)
    return Latency.of(ms), worst


def _du(path: Path) -> float:
    """Megabytes on disk under ``path`` (a file or folder)."""
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# --- the index under test ---


def bench_archive_dir(work: Path) -> Path:
    """Where bench_index builds its Archive (keep in step with bench_index.py)."""
    return work / "bench-archive"


def ensure_index(root: Path, work: Path) -> tuple[Path, list[str]]:
    """The bench archive's folder, indexing ``root`` into it first when it has no index yet.

    An existing index is reused as it is (the index bench rebuilds it from scratch each time
    it runs); a partly built one is completed the same way bench_index builds it.
    """
    folder = bench_archive_dir(work)
    notes: list[str] = []
    with Archive(folder) as archive:
        counts = archive.catalogue.counts_by_state()
        has_docs = (folder / "index").is_dir() and archive.index().doc_count() > 0
        if not has_docs or counts.get("pending", 0):
            started = time.perf_counter()
            try:
                with open_volume(root) as volume:
                    index_volumes(archive, [volume], Settings(workers=2))
                notes.append(f"indexed {root} first ({time.perf_counter() - started:.1f} s)")
            except IndexLockedError:
                notes.append("index locked by another writer: measured as it is (incomplete?)")
    return folder, notes


def read_docs(index: FulltextIndex) -> list[IndexDoc]:
    """Every document as stored in our index, in key order."""
    return sorted((sd.doc for sd in index.searcher().all_docs()), key=lambda d: d.key)


def subset(docs: Sequence[IndexDoc], wanted: set[str], limit: int) -> list[IndexDoc]:
    """At most ``limit`` docs: those at paths in ``wanted``, then every k-th of the rest."""
    if len(docs) <= limit:
        return list(docs)
    must = [d for d in docs if d.path in wanted]
    rest = [d for d in docs if d.path not in wanted]
    k = max(0, limit - len(must))
    sample = [rest[i * len(rest) // k] for i in range(k)] if k else []
    return sorted(must + sample, key=lambda d: d.key)


# --- SQLite FTS5 ---


class Fts5:
    def __init__(self, path: Path, docs: Sequence[IndexDoc]) -> None:
        started = time.perf_counter()
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')"
        )
        with self.db:
            self.db.executemany(
                "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
                ((i, d.title, d.body) for i, d in enumerate(docs)),
            )
            self.db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        self.build_seconds = time.perf_counter() - started
        self.megabytes = _du(path)

    def ids(self, q: BenchQuery) -> list[int]:
        sql = "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?"
        return [r[0] for r in self.db.execute(sql, (fts5_query(q), LIMIT))]

    def snippets(self, q: BenchQuery) -> list[str]:
        sql = (
            "SELECT snippet(docs, -1, '<b>', '</b>', '...', 32) FROM docs"
            " WHERE docs MATCH ? ORDER BY rank LIMIT ?"
        )
        return [r[0] for r in self.db.execute(sql, (fts5_query(q), LIMIT))]

    def close(self) -> None:
        self.db.close()


# --- whoosh-reloaded ---


class Whoosh:
    def __init__(self, folder: Path, docs: Sequence[IndexDoc]) -> None:
        from whoosh import index as windex
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.qparser import MultifieldParser

        schema = Schema(
            id=ID(stored=True, unique=True),
            title=TEXT(analyzer=StemmingAnalyzer(), stored=False),
            body=TEXT(analyzer=StemmingAnalyzer(), stored=False),
        )
        started = time.perf_counter()
        folder.mkdir(parents=True, exist_ok=True)
        ix = windex.create_in(str(folder), schema)
        writer = ix.writer(limitmb=256)
        for i, d in enumerate(docs):
            writer.add_document(id=str(i), title=d.title, body=d.body)
        writer.commit()
        self.build_seconds = time.perf_counter() - started
        self.megabytes = _du(folder)
        # bodies are not stored in the index: highlights get the text from here, as an app
        # would from its own store
        self.bodies = [d.body for d in docs]
        self.searcher = ix.searcher()
        self.parser = MultifieldParser(["title", "body"], ix.schema)

    def _results(self, q: BenchQuery) -> object:
        return self.searcher.search(self.parser.parse(whoosh_query(q)), limit=LIMIT)

    def ids(self, q: BenchQuery) -> list[str]:
        return [h["id"] for h in self._results(q)]  # type: ignore[attr-defined]

    def snippets(self, q: BenchQuery) -> list[str]:
        return [
            h.highlights("body", text=self.bodies[int(h["id"])], top=1)
            for h in self._results(q)  # type: ignore[attr-defined]
        ]

    def close(self) -> None:
        self.searcher.close()


def _tantivy_copy(folder: Path, docs: Sequence[IndexDoc]) -> tuple[FulltextIndex, float]:
    """Our own index of ``docs`` (same writer as the app, banner detection included)."""
    started = time.perf_counter()
    index = FulltextIndex.open(folder, create=True)
    with IndexWriter(index) as w:
        for d in docs:
            w.add(d)
        w.finish()
    return index, time.perf_counter() - started


# --- whole process ---


def cli_seconds(archive_folder: Path, query: str, runs: int = CLI_RUNS) -> tuple[list[float], int]:
    """Wall time of ``archive-reader search QUERY --json`` as a new process, ``runs`` times.

    The command gets a throw-away --basedir whose default archive is the bench archive.
    Python may cache compiled modules, as it does for an installed app (pip compiles them
    at install): with PYTHONDONTWRITEBYTECODE set, every run compiled all of them again,
    some 40 ms of the figure. One untimed run first writes that cache.
    """
    times: list[float] = []
    total = -1
    with tempfile.TemporaryDirectory(prefix="bench-search-home-") as tmp:
        home = home_for(archive_folder, Path(tmp))
        cmd = [sys.executable, "-m", "reader", "--basedir", str(home), "search", query, "--json"]
        skip = {"ARCHIVE_READER_BASEDIR", "PYTHONDONTWRITEBYTECODE"}
        env = {k: v for k, v in os.environ.items() if k not in skip}
        subprocess.run(cmd, capture_output=True, env=env, check=True)
        for _ in range(runs):
            t0 = time.perf_counter()
            out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
            times.append(time.perf_counter() - t0)
            total = int(json.loads(out.stdout)["total"])
    return times, total


# --- the figures ---


@dataclass
class EngineRow:
    name: str
    docs: int
    build: str
    megabytes: float
    ids: Latency
    snippets: Latency


@dataclass
class SearchFigures:
    docs: int
    index_mb: float
    notes: list[str]
    queries: int
    categories: dict[str, int]
    portable: int
    planted_found: tuple[int, int]
    ids: Latency
    full: Latency
    slowest: list[tuple[float, str]]
    rows: list[EngineRow] = field(default_factory=list)
    subset_rows: list[EngineRow] = field(default_factory=list)
    subset_note: str = ""
    read_seconds: float = 0.0
    cli: list[float] = field(default_factory=list)
    cli_query: str = ""
    cli_total: int = -1
    # The window's first page (PAGE rows, the first SNIPPETS_AT_ONCE with snippets), as
    # for a local index; and its rows from the catalogue, as for an index on a disc.
    window: Latency | None = None
    window_catalogue: Latency | None = None

    def lines(self) -> list[str]:
        ok = "OK" if self.full.p95 < TARGET_P95_MS else "MISSED"
        found, planted = self.planted_found
        cats = ", ".join(f"{n} {c}" for c, n in self.categories.items())
        out = [
            *self.notes,
            f"index                     {self.docs:,} documents, {self.index_mb:.0f} MB",
            f"query set                 {self.queries} queries ({cats})",
            f"planted queries found     {found}/{planted} (top {LIMIT} holds the planted doc)",
            f"ids only (limit {LIMIT})       {self.ids.long()} "
            f"({ROUNDS} warm rounds x {self.queries})",
            f"snippets + facets         {self.full.long()} (target p95 < {TARGET_P95_MS:.0f} ms: "
            f"{ok})",
            "slowest with snippets     " + "; ".join(f"{ms:.0f} ms {q}" for ms, q in self.slowest),
        ]
        if self.window is not None and self.window_catalogue is not None:
            out += [
                f"window page ({PAGE} rows)    {self.window.long()} (local index: the first "
                f"{SNIPPETS_AT_ONCE} with snippets, rows from the stored documents)",
                f"  rows from catalogue     {self.window_catalogue.long()} (as on a disc: no "
                "snippet, no stored document read; reader.search.rows)",
            ]
        if self.rows or self.subset_rows:
            out += [
                f"engines on the {self.portable} plain-word/phrase/AND/OR/NOT/prefix/title "
                f"queries (top {LIMIT}, title+body), p50 / p95; ratio = engine / tantivy:",
                f"  documents read back     {self.read_seconds:.1f} s",
                f"  {'engine':<22}{'docs':>8}  {'build':>14}  {'size':>8}  "
                f"{'ids only':>19}  {'with snippets':>19}  {'ratio ids':>13}  "
                f"{'ratio snippets':>14}",
            ]
            for group in (self.rows, self.subset_rows):
                if not group:
                    continue
                base = group[0]
                for r in group:
                    out.append(
                        f"  {r.name:<22}{r.docs:>8,}  {r.build:>14}  {r.megabytes:>5.0f} MB  "
                        f"{r.ids.short():>19}  {r.snippets.short():>19}  "
                        f"{_ratio(r.ids, base.ids):>13}  {_ratio(r.snippets, base.snippets):>14}"
                    )
            if self.subset_note:
                out.append(f"  {self.subset_note}")
            out.append(
                "  tantivy's 'with snippets' also counts all hits and computes facets; "
                "FTS5/whoosh only rank the top 20 and make snippets"
            )
        if self.cli:
            med = statistics.median(self.cli)
            ok = "OK" if med < TARGET_CLI_S else "MISSED"
            out.append(
                f"CLI search --json         median {med:.2f} s over {len(self.cli)} runs "
                f"(min {min(self.cli):.2f}, max {max(self.cli):.2f}; target < {TARGET_CLI_S} s: "
                f"{ok}); {self.cli_total} hits for {self.cli_query}"
            )
        return out


def _ratio(a: Latency, b: Latency) -> str:
    if not b.p50 or not b.p95 or math.isnan(a.p50):
        return "-"
    return f"{a.p50 / b.p50:.1f}x/{a.p95 / b.p95:.1f}x"


def _engine_rows(
    *,
    label: str,
    tantivy_index: FulltextIndex,
    tantivy_build: str,
    docs: Sequence[IndexDoc],
    portable: Sequence[BenchQuery],
    others: Sequence[tuple[str, str, float, Fts5 | Whoosh]],
) -> list[EngineRow]:
    """tantivy first, then each other engine, on ``portable`` queries."""
    ids, _ = timed_rounds(
        lambda q: search(tantivy_index, q.text, limit=LIMIT, snippets=False, facets=False),
        portable,
    )
    full, _ = timed_rounds(lambda q: search(tantivy_index, q.text, limit=LIMIT), portable)
    rows = [EngineRow(label, len(docs), tantivy_build, _du(tantivy_index.folder), ids, full)]
    for name, build, mb, engine in others:
        e_ids, _ = timed_rounds(engine.ids, portable)
        e_snip, _ = timed_rounds(engine.snippets, portable)
        rows.append(EngineRow(name, len(docs), build, mb, e_ids, e_snip))
    return rows


def bench_search(
    root: Path, work: Path, files: int, *, compare: bool = True, cli: bool = True
) -> SearchFigures:
    folder, notes = ensure_index(root, work)
    load = os.getloadavg()[0]
    if load > 0.5:
        notes.append(f"load average {load:.1f} before measuring: other work skews the figures")
    queries = query_set(files)
    portable = [q for q in queries if q.portable]
    with Archive(folder) as archive:
        index = archive.index()
        n_docs = index.doc_count()
        found = 0
        planted = [q for q in queries if q.planted_in]
        for q in planted:
            hits = search(index, q.text, limit=LIMIT, snippets=False, facets=False).hits
            found += any(h.path in q.planted_in for h in hits)
        ids, _ = timed_rounds(
            lambda q: search(index, q.text, limit=LIMIT, snippets=False, facets=False), queries
        )
        full, worst = timed_rounds(lambda q: search(index, q.text, limit=LIMIT), queries)
        rows = CatalogueRows(archive.catalogue.path)
        window, _ = timed_rounds(
            lambda q: search(index, q.text, limit=PAGE, snippets=SNIPPETS_AT_ONCE), queries
        )
        window_catalogue, _ = timed_rounds(
            lambda q: search(index, q.text, limit=PAGE, snippets=0, catalogue=rows), queries
        )
        rows.close()
        figures = SearchFigures(
            docs=n_docs,
            index_mb=_du(index.folder),
            notes=notes,
            queries=len(queries),
            categories=dict(Counter(q.category for q in queries)),
            portable=len(portable),
            planted_found=(found, len(planted)),
            ids=ids,
            full=full,
            slowest=sorted(((ms, q) for q, ms in worst.items()), reverse=True)[:3],
            window=window,
            window_catalogue=window_catalogue,
        )
        if compare:
            _compare(figures, index, portable)
    if cli:
        phrase = next(q.text for q in queries if q.category == "phrase")
        figures.cli, figures.cli_total = cli_seconds(folder, phrase)
        figures.cli_query = phrase
    return figures


def _compare(figures: SearchFigures, index: FulltextIndex, portable: Sequence[BenchQuery]) -> None:
    started = time.perf_counter()
    docs = read_docs(index)
    figures.read_seconds = time.perf_counter() - started
    wanted = {p for q in portable for p in q.planted_in}
    sub = subset(docs, wanted, WHOOSH_MAX_DOCS)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        fts = Fts5(Path(tmp) / "fts5.sqlite", docs)
        try:
            woosh: Whoosh | None = Whoosh(Path(tmp) / "whoosh", sub)
        except ImportError:  # not installed here: the comparison goes without it
            woosh = None
        try:
            fts_row = ("sqlite fts5", f"{fts.build_seconds:.1f} s", fts.megabytes, fts)
            whole = len(sub) == len(docs)
            others: list[tuple[str, str, float, Fts5 | Whoosh]] = [fts_row]
            if woosh is not None and whole:
                others.append(("whoosh-reloaded 2.7.5", f"{woosh.build_seconds:.1f} s",
                               woosh.megabytes, woosh))  # fmt: skip
            figures.rows = _engine_rows(
                label="tantivy (ours)",
                tantivy_index=index,
                tantivy_build="bench_index",
                docs=docs,
                portable=portable,
                others=others,
            )
            if whole or woosh is None:
                return
            t_index, t_secs = _tantivy_copy(Path(tmp) / "tantivy-subset", sub)
            whoosh_row = ("whoosh-reloaded 2.7.5", f"{woosh.build_seconds:.1f} s",
                          woosh.megabytes, woosh)  # fmt: skip
            figures.subset_rows = _engine_rows(
                label="tantivy (same subset)",
                tantivy_index=t_index,
                tantivy_build=f"{t_secs:.1f} s *",
                docs=sub,
                portable=portable,
                others=[whoosh_row],
            )
            figures.subset_note = (
                f"whoosh is built on {len(sub):,} of the {len(docs):,} documents only (the "
                "queries' planted documents plus an evenly spaced sample in path order); tantivy "
                "is indexed again on that subset for its ratio (* our writer, banner "
                "detection included)"
            )
        finally:
            fts.close()
            if woosh is not None:
                woosh.close()
