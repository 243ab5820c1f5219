"""Relevance and latency on real documents: the corpus of tests/benchmarks/real_corpus.py.

The corpus (~22,700 files of Debian's documentation packages: Sphinx and DocBook HTML with
navigation on every page, the Debian handbook in 26 languages, reST and plain text, long
TeX Live PDFs, legacy-encoded files) is indexed once with the app's own pipeline into
``<work>/real/archive`` (kept between runs: ``complete`` there holds the build's figures).

The query set comes from the indexed texts themselves, read back from the index, with a
seeded RNG (same index, same queries): rare words, derived forms whose exact form is rare
but whose stem is common (-ity, -ness, -ly, -ment, plurals), accented words of the
handbook's French, German and Spanish translations, phrases of two and three words (and
"matrix of nodes"), two words anywhere, prefixes, and ``type:`` filters.

The truth is brute force over the same stored texts (title or body): a document is *exact*
for a query when it holds the words exactly as typed, case aside: whole words, accents as
typed (``élévation`` is not ``elevation``), a phrase's words one after the other whatever
punctuation or spacing stands between them, for a prefix any word starting with it, for a
``type:`` filter only documents of that kind. Measured: recall@10 of exact documents
(|top 10 ∩ exact| / min(10, |exact|)), MRR of the first exact document, the queries with
fewer than 10 exact documents that miss one from the top 10, and latency in process and of
whole ``archive-reader search --json`` processes. The stored text still holds the site
banners (menus, footers) that the searchable text leaves out, so the recall is also given
against the documents that hold the words outside banners.

    python -m tests.benchmarks.bench_relevance --work .bench
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.indexing.pipeline import index_volumes
from reader.search.engine import Hit, SearchResult, search
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from reader.store.banners import mask_banners
from reader.store.documents import StoredDoc
from reader.store.fulltext import SCHEMA_VERSION, Form, FulltextIndex, analyze
from reader.store.index_errors import IndexLockedError
from tests.benchmarks.bench_search import Latency, cli_seconds
from tests.benchmarks.real_corpus import REENCODED, build_corpus, corpus_dir, corpus_root

SEED = 1
TOP = 10
LIMIT = 20  # what the app asks for
DEEP = 1000  # how far down exact documents are looked for, for the worst queries
ROUNDS = 3
CLI_RUNS = 5
CLI_QUERY = '"matrix of nodes"'
WORST_SHOWN = 5
MISSES_SHOWN = 6

_WORD = re.compile(r"[^\W_]+")
_ACCENTED = re.compile(r"[àâäáãåæçèéêëìíîïñòóôöõøœùúûüýÿß]")
_TRANSLATIONS = re.compile(r"^debian-handbook/html/(fr-FR|de-DE|es-ES)/")
_MOJIBAKE = re.compile("\ufffd|Ã[\u0080-\u00bf]|â€")
_QUERY_WORDS = frozenset({"or", "and", "not"})  # the parser's operators, in any case
# Common words a phrase may hold but not be made of.
# fmt: off
_STOP = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has",
    "have", "if", "in", "into", "is", "it", "its", "no", "not", "of", "on", "or", "so", "than",
    "that", "the", "then", "this", "to", "was", "were", "which", "will", "with",
})
# fmt: on

# --- the index ---


def real_archive_dir(work: Path) -> Path:
    """The Archive folder (catalogue + index) of the real corpus."""
    return corpus_dir(work).resolve() / "archive"


@dataclass
class IndexRun:
    folder: Path
    notes: list[str]
    seconds: float | None  # None when the index was kept from an earlier run
    figures: dict[str, Any]


def ensure_real_index(root: Path, work: Path) -> IndexRun:
    """The real corpus's archive folder, indexed first with the app's pipeline if needed."""
    folder = real_archive_dir(work)
    stamp = folder / "complete"
    if stamp.exists():
        built = json.loads(stamp.read_text())
        if built.get("schema") == SCHEMA_VERSION:
            note = f"index kept from an earlier run (built in {built['seconds']:.0f} s)"
            return IndexRun(folder, [note], None, built)
        shutil.rmtree(folder)  # another version's index: built again, from nothing
    with Archive(folder) as archive:
        started = time.perf_counter()
        try:
            with open_volume(root) as volume:
                summary = index_volumes(archive, [volume], Settings(workers=2))
        except IndexLockedError:
            return IndexRun(folder, ["index locked by another writer: measured as it is"], None, {})
        seconds = time.perf_counter() - started
        states = archive.catalogue.counts_by_state()
        failures = archive.catalogue.failures(limit=8)
    figures: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "seconds": seconds,
        "indexed": summary.indexed,
        "failed": summary.failed,
        "bytes": summary.bytes,
        "states": states,
        "failures": [[path, error] for _, path, error in failures],
    }
    if not states.get("pending"):
        stamp.write_text(json.dumps(figures, indent=1))
    return IndexRun(folder, [], seconds, figures)


# --- words ---


def words(text: str) -> list[str]:
    """Whole words, lowercased, accents kept: the truth's notion of a word."""
    return _WORD.findall(text.lower())


def _stem(word: str) -> str:
    out = analyze(word, Form.STEM)
    return out[0] if len(out) == 1 else ""


def _fold(word: str) -> str:
    out = analyze(word, Form.FOLDED)
    return out[0] if len(out) == 1 else ""


# --- the query set ---


@dataclass(frozen=True)
class RQuery:
    """A query as typed, and what exact means for it."""

    category: str
    text: str
    words: tuple[str, ...]  # lowercased; one after the other when ``phrase``
    phrase: bool = False
    prefix: bool = False
    kind: str | None = None  # a type: filter

    def matches(self, kind: str, toks: set[str], sorted_toks: list[str], seqs: list[str]) -> bool:
        """``seqs``: the title's and the body's words, each joined by single spaces and
        framed by spaces."""
        if self.kind is not None and kind != self.kind:
            return False
        if self.prefix:
            p = self.words[0]
            i = bisect.bisect_left(sorted_toks, p)
            return i < len(sorted_toks) and sorted_toks[i].startswith(p)
        if not all(w in toks for w in self.words):
            return False
        if not self.phrase or len(self.words) == 1:
            return True
        needle = " " + " ".join(self.words) + " "
        return any(needle in s for s in seqs)


@dataclass
class Stats:
    """What pass one over the stored texts learns: document frequencies and phrase picks."""

    docs: int = 0
    df: dict[str, Counter[str]] = field(default_factory=dict)  # kind -> word -> docs
    translated: Counter[str] = field(default_factory=Counter)  # accented words, handbook
    # documents picked by seed: their kind, phrase candidates and words
    phrases: dict[str, tuple[str, list[tuple[str, tuple[str, ...]]]]] = field(default_factory=dict)
    vocab_of: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    def total(self, word: str) -> int:
        return sum(c.get(word, 0) for c in self.df.values())


def _phrase_windows(key: str, toks: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Two- and three-word runs taken at seeded places of one document."""
    rng = random.Random(f"phrases:{SEED}:{key}")
    out: list[tuple[str, tuple[str, ...]]] = []
    if len(toks) < 10:
        return out
    for n in (2, 3, 2, 3):
        for _ in range(20):  # a few tries for a run of real words
            i = rng.randrange(0, len(toks) - n)
            run = tuple(toks[i : i + n])
            if (
                all(t.isalpha() and 2 <= len(t) <= 25 for t in run)
                and not all(t in _STOP for t in run)
                and run[0] not in _STOP
                and run[-1] not in _STOP
                and max(len(t) for t in run) >= 5
                and not any(t in _QUERY_WORDS for t in run)
            ):
                out.append((f"phrase {n} words", run))
                break
    return out


def corpus_stats(docs: Iterator[StoredDoc], phrase_keys: set[str]) -> Stats:
    started = time.perf_counter()
    st = Stats()
    for sd in docs:
        d = sd.doc
        st.docs += 1
        toks = words(d.body)
        uniq = set(toks) | set(words(d.title))
        st.df.setdefault(d.kind, Counter()).update(uniq)
        if _TRANSLATIONS.match(d.path):
            st.translated.update(w for w in uniq if _ACCENTED.search(w))
        if d.key in phrase_keys and d.kind in ("html", "txt", "pdf"):
            st.phrases[d.key] = (d.kind, _phrase_windows(d.key, toks))
            st.vocab_of[d.key] = sorted(w for w in uniq if w.isalpha() and len(w) <= 25)
    st.seconds = time.perf_counter() - started
    return st


def _plain(w: str) -> bool:
    return w.isascii() and w.isalpha() and w not in _QUERY_WORDS


def query_set(st: Stats, seed: int = SEED) -> list[RQuery]:
    """120 queries of every kind, picked from the corpus's own words by a seeded RNG."""
    rng = random.Random(f"bench-relevance:{seed}")
    total: Counter[str] = Counter()
    for c in st.df.values():
        total.update(c)
    vocab = sorted(w for w in total if _plain(w))
    qs: list[RQuery] = []

    def pick(cands: Sequence[str], n: int) -> list[str]:
        return rng.sample(sorted(cands), min(n, len(cands)))

    # Rare words: in one to three documents.
    for w in pick([w for w in vocab if 6 <= len(w) <= 20 and total[w] <= 3], 20):
        qs.append(RQuery("rare word", w, (w,)))

    # Derived forms: the exact form in at most 8 documents, other forms of its stem in 40+.
    def family_df(w: str, stem: str) -> int:
        p = stem[:-1] if len(stem) > 4 else stem
        lo = bisect.bisect_left(vocab, p)
        n = 0
        for v in vocab[lo : lo + 5000]:
            if not v.startswith(p):
                break
            if v != w and _stem(v) == stem:
                n += total[v]
        return n

    suffixes = {"ity": 4, "ness": 4, "ly": 4, "ment": 4, "s": 4}
    for suf, want in suffixes.items():
        cands = [
            w
            for w in vocab
            if w.endswith(suf)
            and len(w) >= 7
            and total[w] <= 8
            and (suf != "s" or not w.endswith(("ss", "us", "is", "ous", "ness")))
            and (suf != "ly" or not w.endswith("ally") or len(w) > 9)
        ]
        rng.shuffle(cands)
        got = 0
        for w in cands[:3000]:
            stem = _stem(w)
            if stem and stem != w and family_df(w, stem) >= 40:
                qs.append(RQuery("derived form", w, (w,)))
                got += 1
                if got == want:
                    break

    # Accented words of the handbook's translations; half of them also exist without their
    # accents (a different word for the truth, the same one for the index's folding).
    acc = [w for w in st.translated if w.isalpha() and 5 <= len(w) <= 25 and total[w] <= 200]
    twins = [w for w in acc if (f := _fold(w)) and f != w and total.get(f, 0) > 0]
    for w in pick(twins, 10):
        qs.append(RQuery("accented", w, (w,)))
    rest = [w for w in acc if w not in set(twins)]
    for w in pick(rest, 10):
        qs.append(RQuery("accented", w, (w,)))

    # Phrases from seeded places of seeded documents, and the pgf manual's favourite.
    by_cat: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    html_runs: set[tuple[str, ...]] = set()
    for key in sorted(st.phrases):
        kind, runs = st.phrases[key]
        for cat, run in runs:
            by_cat[cat].append(run)
            if kind == "html" and cat == "phrase 2 words":
                html_runs.add(run)
    for cat in ("phrase 2 words", "phrase 3 words"):
        pool = sorted(set(by_cat[cat]))
        for run in rng.sample(pool, min(12, len(pool))):
            qs.append(RQuery(cat, '"' + " ".join(run) + '"', run, phrase=True))
    qs.append(RQuery("phrase 3 words", '"matrix of nodes"', ("matrix", "of", "nodes"), True))

    # Two words of one seeded document, both moderately rare, anywhere in it.
    got = 0
    for key in rng.sample(sorted(st.vocab_of), len(st.vocab_of)):
        mid = [w for w in st.vocab_of[key] if _plain(w) and len(w) >= 6 and 5 <= total[w] <= 300]
        if len(mid) >= 2:
            a, b = rng.sample(mid, 2)
            qs.append(RQuery("two words", f"{a} {b}", (a, b)))
            got += 1
            if got == 10:
                break

    # Prefixes: the first 5 to 7 letters of a word, shared by 3 words or more.
    pre = [w for w in vocab if len(w) >= 8 and 3 <= total[w] <= 300]
    rng.shuffle(pre)
    seen: set[str] = set()
    for w in pre:
        p = w[: rng.randint(5, 7)]
        lo = bisect.bisect_left(vocab, p)
        if p in seen or lo + 2 >= len(vocab) or not vocab[lo + 2].startswith(p):
            continue
        seen.add(p)
        qs.append(RQuery("prefix*", f"{p}*", (p,), prefix=True))
        if len(seen) == 12:
            break

    # type: filters on words frequent enough in that kind to compete.
    for kind, label, n in (("pdf", "pdf", 4), ("html", "html", 3), ("txt", "txt", 3)):
        df = st.df.get(kind, Counter())
        cands = [w for w in vocab if len(w) >= 6 and 2 <= df.get(w, 0) <= 50]
        for w in pick(cands, n):
            qs.append(RQuery("type: filter", f"{w} type:{label}", (w,), kind=kind))
    if fresh := sorted(html_runs - {q.words for q in qs}):
        run = rng.choice(fresh)
        qs.append(RQuery("type: filter", f'"{" ".join(run)}" type:html', run, True, kind="html"))
    qs.append(
        RQuery("type: filter", '"matrix of nodes" type:pdf', ("matrix", "of", "nodes"), True,
               kind="pdf")
    )  # fmt: skip
    return qs


# --- the truth, in pass two ---


@dataclass
class Truth:
    exact: list[set[str]]  # per query: keys of exact documents
    banner_only: list[set[str]]  # of those, the ones holding the words only in banners
    hit_notes: dict[tuple[int, str], str]  # (query, key of a top hit) -> what it holds
    docs: dict[str, tuple[str, str]]  # key -> (path, kind)
    reencoded_same: int = 0
    reencoded_total: int = 0
    legacy_mojibake: int = 0
    legacy_total: int = 0
    seconds: float = 0.0


def _describe(q: RQuery, toks: Counter[str], exact: bool) -> str:
    """What a top hit holds of the query: the exact words, or which other forms."""
    if exact:
        return "exact"
    if q.prefix:
        return (
            "no word with the prefix (folded: "
            + ", ".join(sorted(w for w in toks if _fold(w).startswith(q.words[0]))[:3])
            + ")"
        )
    parts: list[str] = []
    for w in q.words:
        if w in toks:
            parts.append(f"{w}x{toks[w]}")
            continue
        stem, fold = _stem(w), _fold(w)
        near = [(n, v) for v, n in toks.items() if v != w and (_fold(v) == fold or
                (len(v) >= 3 and v[:3] == w[:3] and _stem(v) == stem))]  # fmt: skip
        if near:
            parts.append(
                "/".join(f"{v}x{n}" for n, v in sorted(near, reverse=True)[:3]) + f" for {w}"
            )
        else:
            parts.append(f"no {w}")
    if q.phrase and all(w in toks for w in q.words):
        parts.append("not consecutive")
    return ", ".join(parts)


def ground_truth(
    docs: Iterator[StoredDoc],
    queries: Sequence[RQuery],
    top_hits: Sequence[Sequence[str]],
    legacy: dict[str, str],
) -> Truth:
    started = time.perf_counter()
    t = Truth([set() for _ in queries], [set() for _ in queries], {}, {})
    wanted: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(top_hits):
        for k in keys[:TOP]:
            wanted[k].append(i)
    digests: dict[str, str] = {}
    # the UTF-8 files that real_corpus re-encoded (their copies are under REENCODED/)
    originals = {p[len(REENCODED) + 1 :] for p in legacy if p.startswith(REENCODED + "/")}
    for sd in docs:
        d = sd.doc
        t.docs[d.key] = (d.path, d.kind)
        body, title = words(d.body), words(d.title)
        toks = set(body) | set(title)
        sorted_toks = sorted(toks)
        seqs = [" " + " ".join(title) + " ", " " + " ".join(body) + " "]
        masked: tuple[set[str], list[str], list[str]] | None = None
        hit_in: set[int] = set()
        for i, q in enumerate(queries):
            if not q.matches(d.kind, toks, sorted_toks, seqs):
                continue
            hit_in.add(i)
            t.exact[i].add(d.key)
            if sd.banner_ids:
                if masked is None:
                    mb = words(mask_banners(d.body, sd.banner_ids))
                    mt = set(mb) | set(title)
                    masked = (mt, sorted(mt), [seqs[0], " " + " ".join(mb) + " "])
                if not q.matches(d.kind, *masked):
                    t.banner_only[i].add(d.key)
        if d.key in wanted:
            counts = Counter(body) + Counter(title)
            for i in wanted[d.key]:
                t.hit_notes[(i, d.key)] = _describe(queries[i], counts, i in hit_in)
        if d.path in legacy or d.path in originals:
            digests[d.path] = hashlib.sha1(" ".join(d.body.split()).encode()).hexdigest()
            if d.path in legacy and "(real)" in legacy[d.path]:
                t.legacy_total += 1
                t.legacy_mojibake += bool(_MOJIBAKE.search(d.body))
    for path, digest in digests.items():
        if path.startswith(REENCODED + "/"):
            t.reencoded_total += 1
            t.reencoded_same += digests.get(path[len(REENCODED) + 1 :]) == digest
    t.seconds = time.perf_counter() - started
    return t


# --- measuring ---


@dataclass
class QueryResult:
    query: RQuery
    exact: int
    banner_only: int
    recall: float | None  # None: no exact document
    recall_searchable: float | None
    rr: float
    top: list[str]  # keys of the top LIMIT hits
    ranks: list[int] = field(default_factory=list)  # 1-based ranks of exact docs (to DEEP)
    total: int = 0


def _recall(top: Sequence[str], exact: set[str]) -> float | None:
    if not exact:
        return None
    # top: the documents of the first TOP rows (copies folded into a row count as there).
    return min(1.0, len(set(top) & exact) / min(TOP, len(exact)))


def _row_keys(hit: Hit) -> list[str]:
    """The documents a result row stands for: its own, and the copies folded into it."""
    return [hit.key, *(f"{c.volume_id}:{c.path}" for c in hit.copies)]


def _deep_ranks(index: FulltextIndex, q: RQuery, exact: set[str]) -> list[int]:
    res = search(index, q.text, limit=DEEP, snippets=False, facets=False)
    return [r for r, h in enumerate(res.hits, 1) for k in _row_keys(h) if k in exact]


@dataclass
class RelevanceFigures:
    notes: list[str]
    corpus_lines: list[str]
    docs: int
    index_mb: float
    index_seconds: float | None
    index_figures: dict[str, Any]
    queries: list[QueryResult]
    stats_seconds: float
    truth: Truth
    ids: Latency
    full: Latency
    slowest: list[tuple[float, str]]
    cli: list[float] = field(default_factory=list)
    cli_total: int = -1

    def lines(self) -> list[str]:
        f = self.index_figures
        out = [*self.notes, *self.corpus_lines]
        out.append(
            f"index                     {self.docs:,} documents, {self.index_mb:.0f} MB; "
            f"{f.get('failed', '?')} files failed"
        )
        if self.index_seconds is not None:
            mb = int(f.get("bytes", 0) or 0) / 1e6
            out.append(
                f"indexing wall time        {self.index_seconds:.0f} s "
                f"({self.docs / self.index_seconds:,.0f} files/s, "
                f"{mb / self.index_seconds:.1f} MB/s; 2 workers)"
            )
        for path, error in f.get("failures", []) or []:
            out.append(f"  failed                  {path}: {error}")
        t = self.truth
        cats = Counter(r.query.category for r in self.queries)
        out.append(
            f"query set                 {len(self.queries)} queries ("
            + ", ".join(f"{c} {n}" for c, n in cats.items())
            + f"); stats {self.stats_seconds:.0f} s, brute-force truth {t.seconds:.0f} s"
        )
        scored = [r for r in self.queries if r.recall is not None]
        skipped = len(self.queries) - len(scored)
        out.append(
            f"recall@{TOP} of exact docs   {_mean([r.recall for r in scored]):.3f} over "
            f"{len(scored)} queries ({skipped} with no exact document skipped); words "
            f"outside banners: {_mean([r.recall_searchable for r in scored]):.3f}"
        )
        out.append(
            f"MRR (first exact doc)     {_mean([r.rr for r in scored]):.3f} (ranks to {DEEP})"
        )
        out.append(f"  {'category':<18}{'queries':>8}{'recall@10':>11}{'MRR':>7}{'misses':>8}")
        for cat in cats:
            rs = [r for r in scored if r.query.category == cat]
            if not rs:
                continue
            out.append(
                f"  {cat:<18}{len(rs):>8}{_mean([r.recall for r in rs]):>11.3f}"
                f"{_mean([r.rr for r in rs]):>7.3f}{sum(1 for r in rs if _missed(r)):>8}"
            )
        misses = sorted((r for r in scored if _missed(r)), key=lambda r: (r.recall or 0, -r.exact))
        out.append(
            f"misses                    {len(misses)} queries with < {TOP} exact docs, one or "
            f"more of them not in the top {TOP}"
        )
        for r in misses[:MISSES_SHOWN]:
            out.append(f"  {_query_line(r)}")
        out.append(f"worst {WORST_SHOWN} queries (what ranks above their exact documents):")
        worst = sorted(scored, key=lambda r: (r.recall or 0, r.rr, -r.exact))[:WORST_SHOWN]
        for r in worst:
            out.append(f"  {_query_line(r)}")
            first = r.ranks[0] if r.ranks else len(r.top) + 1
            for rank, key in enumerate(r.top[: min(3, first - 1)], 1):
                path, kind = t.docs.get(key, (key, "?"))
                note = t.hit_notes.get((self.queries.index(r), key), "")
                out.append(f"      #{rank} {kind:<4} {_short(path)}: {note}")
        out.append(f"ids only                  {self.ids.long()}")
        out.append(
            f"snippets + facets         {self.full.long()} ({ROUNDS} warm rounds x "
            f"{len(self.queries)}, limit {LIMIT})"
        )
        out.append(
            "slowest with snippets     " + "; ".join(f"{ms:.0f} ms {q}" for ms, q in self.slowest)
        )
        if self.cli:
            out.append(
                f"CLI search --json         median {statistics.median(self.cli):.2f} s over "
                f"{len(self.cli)} runs (min {min(self.cli):.2f}, max {max(self.cli):.2f}); "
                f"{self.cli_total} hits for {CLI_QUERY}"
            )
        out.append(
            f"legacy-encoded files      {t.legacy_mojibake} of {t.legacy_total} real ones show "
            f"mojibake or U+FFFD; {t.reencoded_same} of {t.reencoded_total} re-encoded copies "
            "read back the same text as their UTF-8 original"
        )
        return out


def _missed(r: QueryResult) -> bool:
    return 0 < r.exact < TOP and (r.recall or 0) < 1.0


def _mean(xs: Sequence[float | None]) -> float:
    vals = [x for x in xs if x is not None]
    return statistics.fmean(vals) if vals else float("nan")


def _short(path: str, keep: int = 70) -> str:
    return path if len(path) <= keep else "..." + path[-(keep - 3) :]


def _query_line(r: QueryResult) -> str:
    ranks = ", ".join(map(str, r.ranks[:8])) + (" ..." if len(r.ranks) > 8 else "")
    beyond = r.exact - len(r.ranks)
    where = f"exact at ranks {ranks or '-'}" + (f" (+{beyond} below {DEEP})" if beyond else "")
    banner = f", {r.banner_only} only in banners" if r.banner_only else ""
    return (
        f"{r.query.text} [{r.query.category}]: {r.exact} exact{banner}, {r.total} hits, "
        f"recall@{TOP} {r.recall or 0:.2f}; {where}"
    )


def _du(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _timed(
    index: FulltextIndex, queries: Sequence[RQuery], *, full: bool = True
) -> tuple[Latency, list[tuple[float, str]]]:
    """search() as the app calls it (``full``: snippets and facets, else ids only): a
    warm-up pass, then ROUNDS."""
    for q in queries:
        search(index, q.text, limit=LIMIT, snippets=full, facets=full)
    ms: list[float] = []
    worst: dict[str, float] = {}
    for _ in range(ROUNDS):
        for q in queries:
            t0 = time.perf_counter()
            search(index, q.text, limit=LIMIT, snippets=full, facets=full)
            dt = (time.perf_counter() - t0) * 1000.0
            ms.append(dt)
            worst[q.text] = max(worst.get(q.text, 0.0), dt)
    return Latency.of(ms), sorted(((v, k) for k, v in worst.items()), reverse=True)[:3]


def bench_relevance(work: Path, *, cli: bool = True) -> RelevanceFigures:
    built = build_corpus(work)
    notes = list(built.notes)
    run = ensure_real_index(corpus_root(work).resolve(), work)
    notes += run.notes
    load = os.getloadavg()[0]
    if load > 0.5:
        notes.append(f"load average {load:.1f} before measuring: other work skews the timings")
    legacy: dict[str, str] = built.manifest.get("legacy", {})
    with Archive(run.folder) as archive:
        index = archive.index()
        keys = sorted(index.keys())
        phrase_keys = set(random.Random(f"phrase-docs:{SEED}").sample(keys, min(400, len(keys))))
        st = corpus_stats(index.searcher().all_docs(), phrase_keys)
        queries = query_set(st)
        results: list[SearchResult] = [
            search(index, q.text, limit=LIMIT, snippets=False, facets=False) for q in queries
        ]
        # A row holds its copies too (the same text in another folder: "2 copies").
        tops = [[k for h in res.hits[:TOP] for k in _row_keys(h)] for res in results]
        truth = ground_truth(index.searcher().all_docs(), queries, tops, legacy)
        rows: list[QueryResult] = []
        for i, (q, res) in enumerate(zip(queries, results, strict=True)):
            exact, banner = truth.exact[i], truth.banner_only[i]
            top = tops[i]
            ranks = [r for r, k in enumerate(top, 1) if k in exact]
            row = QueryResult(
                q, len(exact), len(banner), _recall(top, exact), _recall(top, exact - banner),
                0.0, top, ranks, res.total,
            )  # fmt: skip
            if exact and (_missed(row) or not ranks or (row.recall or 0) < 1.0):
                row.ranks = _deep_ranks(index, q, exact)
            row.rr = 1.0 / row.ranks[0] if row.ranks else 0.0
            rows.append(row)
        ids, _ = _timed(index, queries, full=False)
        full, slowest = _timed(index, queries)
        figures = RelevanceFigures(
            notes=notes,
            corpus_lines=[ln for ln in built.lines() if not ln.startswith("corpus already")],
            docs=index.doc_count(),
            index_mb=_du(index.folder),
            index_seconds=run.seconds,
            index_figures=run.figures,
            queries=rows,
            stats_seconds=st.seconds,
            truth=truth,
            ids=ids,
            full=full,
            slowest=slowest,
        )
    if cli:
        figures.cli, figures.cli_total = cli_seconds(run.folder, CLI_QUERY, CLI_RUNS)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_relevance")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("BENCH_DIR", ".bench")))
    parser.add_argument("--no-cli", action="store_true", help="skip the whole-process timing")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ARCHIVE_READER_BASEDIR", str((args.work / "home").resolve()))
    print(f"machine: {os.cpu_count()} cores")
    print("== relevance on real documents ==", flush=True)
    for line in bench_relevance(args.work, cli=not args.no_cli).lines():
        print("  " + line)


if __name__ == "__main__":
    main()
