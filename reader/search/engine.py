"""Running a query: ranked hits with snippets, counts of exact and related matches, facets
per year, type and disc, copies of one text folded into one row.

Ranking (docs/search.md has the long version): for each query word, documents holding the
very form typed (case aside, accents as typed) come a tier above documents holding only its
other forms (reader.search.compiler.EXACT_TIER); within a tier, BM25 over the body and the
title, with the words next to each other worth more. A snippet is made from the document's
best passage (reader.store.passages), so it costs the same for a page and a 2,000-page PDF.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from reader.search.analysis import (
    Expand,
    Mark,
    QueryTerms,
    folded_form,
    query_terms,
    related_form,
)
from reader.search.compiler import EXACT_TIER, Mode, UserKeys, compile_query
from reader.search.rows import CatalogueRows, Row, rows_of
from reader.search.suggest import did_you_mean, near_terms
from reader.search.syntax import ParsedQuery, Phrase, Word, parse
from reader.sentences import QT_TRANSLATE_NOOP
from reader.store import query as iq
from reader.store.banners import banner_spans, mask_spans
from reader.store.documents import Snippet, StoredDoc, collapse_spaces, lead_in
from reader.store.fulltext import DocRef, FulltextIndex, Searcher
from reader.store.query import Order

SNIPPET_CHARS = 240
SNIPPETS_AT_ONCE = 20  # rows a list shows at once: their snippets come with the result
_EXPANSIONS = 64  # index words a prefix* or fuzzy~ word is marked with, at most
_FOLD_FETCH = 2  # hits read per row asked for, so that copies can fold into one row
_PASSAGES_TRIED = 3
_SNIPPET_MARKS = 40  # the first matches of a text are enough to choose a snippet among


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DATE_NEW = "date-new"
    DATE_OLD = "date-old"
    PATH = "path"


_ORDER = {
    Sort.RELEVANCE: Order.RELEVANCE,
    Sort.DATE_NEW: Order.DATE_NEW,
    Sort.DATE_OLD: Order.DATE_OLD,
    Sort.PATH: Order.PATH,
}


# --- results ---


@dataclass(frozen=True)
class Copy:
    """Another document with the same text as a hit (the same page in another folder)."""

    volume_id: str
    volume_label: str
    path: str


@dataclass
class Hit:
    key: str
    volume_id: str
    volume_label: str
    path: str
    title: str
    kind: str
    year: int | None
    date: str | None
    score: float
    snippet: Snippet | None  # the passage shown, matches marked; None until it is made
    page: int | None  # 1-based PDF page of the snippet's passage
    scanned: bool
    exact: bool | None = None  # holds every query word as typed (None: not known)
    copies: tuple[Copy, ...] = ()  # more documents with this text, folded into this row


@dataclass
class SearchResult:
    query: str
    total: int  # documents that match
    hits: list[Hit]
    facets: dict[str, dict[str, int]]  # "year", "type", "disc" -> value -> count, all hits
    did_you_mean: str | None
    warnings: list[str]
    elapsed_ms: float
    # Of `total`, the documents that hold every query word in the very form typed; None when
    # the query has no such words (only phrases, prefixes, filters).
    exact_total: int | None = None
    next_offset: int = 0  # where the next page starts (copies folded take hits, not rows)
    terms: QueryTerms = field(default_factory=QueryTerms)  # what to mark in the documents
    boiler: bool = False  # found only in banners and menus

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (the CLI's --json)."""
        data = asdict(self)
        del data["terms"]
        return data


def search(
    index: FulltextIndex,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: Sort = Sort.RELEVANCE,
    snippets: bool | int = True,
    facets: bool = True,
    user: UserKeys | None = None,
    catalogue: CatalogueRows | None = None,
) -> SearchResult:
    """Run ``query``; malformed input gives ``warnings``, never an exception.

    Args:
        snippets: True for every hit, or how many of the first hits get theirs (the rest
            through `snippets_for`).
        user: the library: makes ``tag:``, ``has:`` and the text of notes searchable.
        catalogue: the archive's catalogue: the rows without a snippet are made from it
            and the index's fast fields, not from their stored documents
            (reader.search.rows). The same rows either way.
    """
    t0 = time.perf_counter()
    parsed = parse(query)
    warnings = parsed.warnings
    s = index.searcher()
    order = _ORDER[Sort(sort)]
    run = _Run(s, parsed, user, order)
    q = run.compile(Mode.RANKED)
    total, refs = run.page(q, limit, offset)
    relaxed = boiler = False
    if q is not None and total == 0 and _quoted(parsed):
        q2 = run.compile(Mode.RELAXED)
        total, refs = run.page(q2, limit, offset)
        if total:
            q, relaxed = q2, True
            warnings.append(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "Nothing holds the quoted words exactly as typed;"
                    " these hold them in other forms.",
                )
            )
    if q is not None and total == 0 and any(True for _ in parsed.positive_terms()):
        # Words found only in site banners and menus: show those pages rather than nothing.
        q2 = run.compile(Mode.RELAXED if relaxed else Mode.RANKED, boiler=True)
        total, refs = run.page(q2, limit, offset)
        if total:
            q, boiler = q2, True
            warnings.append(
                QT_TRANSLATE_NOOP(
                    "Core", "Found only in text repeated on many pages (site banners, menus)."
                )
            )
    elif q is None and query.strip() and not warnings:
        warnings.append(QT_TRANSLATE_NOOP("Core", "Nothing to search for."))
    terms = query_terms(parsed, _expander(s), relaxed=relaxed)
    n_snippets = limit if snippets is True else int(snippets)
    rows, consumed = run.fold_copies(refs, q, limit, stored=n_snippets, catalogue=catalogue)
    tiers = _plain_words(parsed)
    hits = [_hit(score, row, copies, tiers, order) for score, row, _, copies in rows]
    looked_up = _PassageWords(terms, s)
    for hit, (_score, _row, stored, _copies) in zip(hits[:n_snippets], rows, strict=False):
        assert stored is not None  # the first n_snippets rows come with theirs
        hit.snippet, hit.page = make_snippet(s, stored, terms, boiler=boiler, words=looked_up)
    fac = s.facets(q) if facets and q is not None and total else {}
    for name in ("year", "type", "disc"):
        fac.setdefault(name, {})
    exact_total = None
    if tiers and q is not None and total and not boiler:
        exact_q = run.compile(Mode.EXACT)
        exact_total = s.count(exact_q) if exact_q is not None else None
    dym = did_you_mean(parsed, s) if total == 0 and q is not None else None
    return SearchResult(
        query, total, hits, fac, dym, warnings, (time.perf_counter() - t0) * 1000.0,
        exact_total, offset + consumed, terms, boiler,
    )  # fmt: skip


def _quoted(parsed: ParsedQuery) -> bool:
    return any(isinstance(t, Phrase) for t in parsed.positive_terms())


def _plain_words(parsed: ParsedQuery) -> int:
    """The query words that rank in tiers (not prefixes, not fuzzy, not title-only)."""
    return sum(
        1 for t in parsed.positive_terms() if isinstance(t, Word) and not t.prefix and not t.fuzzy
    )


class _Run:
    """One search: its query, compiled as needed, and pages of hits with copies folded."""

    def __init__(
        self, s: Searcher, parsed: ParsedQuery, user: UserKeys | None, order: Order
    ) -> None:
        self.s, self.parsed, self.user, self.order = s, parsed, user, order

    def compile(self, mode: Mode, *, boiler: bool = False) -> iq.Q | None:
        # The warnings are the user's query's own: said once, on the first compile.
        quiet = ParsedQuery(self.parsed.text, self.parsed.root, [])
        first = mode is Mode.RANKED and not boiler
        return compile_query(
            self.parsed if first else quiet, boiler=boiler, user=self.user, mode=mode
        )

    def page(
        self, q: iq.Q | None, limit: int, offset: int
    ) -> tuple[int, list[tuple[float, DocRef]]]:
        if q is None:
            return 0, []
        return self.s.search(q, limit=limit * _FOLD_FETCH, offset=offset, order=self.order)

    def fold_copies(
        self,
        refs: list[tuple[float, DocRef]],
        q: iq.Q | None,
        limit: int,
        *,
        stored: int,
        catalogue: CatalogueRows | None,
    ) -> tuple[list[tuple[float, Row, StoredDoc | None, tuple[Copy, ...]]], int]:
        """Up to `limit` rows, copies of one text in one row; and how many hits they took.

        The first `stored` rows come with their stored documents (their snippets are made
        from them); the others, and the copies, from fast fields and the `catalogue` as
        far as it can (reader.search.rows), else from their stored documents too.
        """
        dup_of = dict(
            zip((r for _, r in refs), self.s.fast_values(iq.DUP, [r for _, r in refs]), strict=True)
        )
        plan: list[tuple[float, DocRef, list[DocRef]]] = []
        first_of: dict[int, int] = {}
        consumed = 0
        for score, ref in refs:
            dup = dup_of[ref]
            if dup and dup in first_of:
                plan[first_of[dup]][2].append(ref)
                consumed += 1
                continue
            if len(plan) == limit:
                break
            if dup:
                first_of[dup] = len(plan)
            plan.append((score, ref, []))
            consumed += 1
        docs = {ref: self.s.doc(ref) for _, ref, _ in plan[:stored]}
        rest = [
            r
            for i, (_, ref, copies) in enumerate(plan)
            for r in ([ref] if i >= stored else []) + copies
        ]
        fast = (
            rows_of(self.s, rest, dup_of, q, catalogue)
            if catalogue is not None and rest and q is not None
            else {}
        )

        def row(ref: DocRef) -> Row:
            if ref in fast:
                return fast[ref]
            if ref not in docs:
                docs[ref] = self.s.doc(ref)
            return Row.of(docs[ref].doc)

        out = []
        for score, ref, copies in plan:
            c = tuple(Copy(x.volume_id, x.volume_label, x.path) for x in map(row, copies))
            out.append((score, row(ref), docs.get(ref), c))
        return out, consumed


def _hit(score: float, row: Row, copies: tuple[Copy, ...], tiers: int, order: Order) -> Hit:
    exact = score >= EXACT_TIER * tiers if tiers and order is Order.RELEVANCE else None
    return Hit(
        row.key, row.volume_id, row.volume_label, row.path, row.title, row.kind, row.year,
        row.date, score, None, None, row.scanned, exact, copies,
    )  # fmt: skip


# --- what to mark ---


def _expander(s: Searcher) -> Expand:
    def near(word: str, distance: int) -> list[str]:
        return [w for w, _, _ in near_terms(s, word, distance)][:_EXPANSIONS]

    return near


#: Forms of one word looked up in the passages' dictionary (cable, cables, cabled, ...).
_PASSAGE_FORMS = 400


def passage_words(terms: QueryTerms, s: Searcher) -> list[str]:
    """What a long document's passages are looked up by: the folded words of the passages'
    dictionary that count as the query's words (any form sharing a word's stem).

    The passages are indexed folded, not stemmed: stemming every long text a second time
    cost a fifth of the index writer's time. A word's forms begin with its stem ("cabl":
    cable, cables, cabling), but for a final y the stem turns into i ("happy" -> "happi").
    """
    found: list[str] = []
    for t in (*terms.words, *(w for p in terms.phrases for w in p)):
        found.append(folded_form(t.exact))
        found += [folded_form(a) for a in t.alternatives]
        if t.prefix:
            found += s.passage_words_with_prefix(folded_form(t.exact), _EXPANSIONS)
        elif t.related:
            stem = t.related
            forms = s.passage_words_with_prefix(stem, _PASSAGE_FORMS)
            if stem.endswith("i"):
                forms.append(stem[:-1] + "y")  # the one form that does not begin with it
            found += [w for w in forms if related_form(w) == stem]
    return [x for x in dict.fromkeys(found) if x]


# --- snippets ---


def snippets_for(
    index: FulltextIndex, keys: Sequence[str], terms: QueryTerms, *, boiler: bool = False
) -> dict[str, tuple[Snippet, int | None]]:
    """The snippets (and pages) of the documents `keys`: for rows shown after the first."""
    return {k: made for k, made in each_snippet(index, keys, terms, boiler=boiler) if made}


def each_snippet(
    index: FulltextIndex, keys: Sequence[str], terms: QueryTerms, *, boiler: bool = False
) -> Iterator[tuple[str, tuple[Snippet, int | None] | None]]:
    """(key, its snippet and page) for each of `keys` in turn, None for a key the index no
    longer holds: whoever asked can stop between two (a new query typed meanwhile)."""
    s = index.searcher()
    looked_up = _PassageWords(terms, s)
    for key in keys:
        _, refs = s.search(iq.TermQuery("key", key), limit=1)
        if not refs:
            yield key, None
            continue
        yield key, make_snippet(s, s.doc(refs[0][1]), terms, boiler=boiler, words=looked_up)


class _PassageWords:
    """passage_words of one query, looked up once for all its snippets, and only if a long
    document needs them."""

    def __init__(self, terms: QueryTerms, s: Searcher) -> None:
        self._terms, self._s = terms, s
        self._words: list[str] | None = None

    def __call__(self) -> list[str]:
        if self._words is None:
            self._words = passage_words(self._terms, self._s)
        return self._words


def make_snippet(
    s: Searcher,
    stored: StoredDoc,
    terms: QueryTerms,
    *,
    boiler: bool = False,
    words: Callable[[], list[str]] | None = None,
) -> tuple[Snippet, int | None]:
    """The passage of `stored` to show for `terms`, matches marked, and its PDF page.

    Reads at most a few passages of a long document: the work does not grow with its
    length. Site banners are masked unless the match is only there (`boiler`).
    """
    d = stored.doc
    pdf = d.kind == "pdf"
    candidates: list[tuple[int, int, str]] = []  # (start, page, text)
    if stored.long:
        wanted = words() if words is not None else passage_words(terms, s)
        for p in s.best_passages(d.key, wanted, _PASSAGES_TRIED):
            candidates.append((p.start, p.page, p.text))
    else:
        candidates.append((0, 1, d.body))
    best: tuple[tuple[int, int], int, str, list[Mark]] | None = None
    for start, page, text in candidates:
        shown = text if boiler else _mask(text, start, stored)
        marks = terms.marks(shown, _SNIPPET_MARKS)
        rank = (sum(m.exact for m in marks), len(marks))
        if marks and (best is None or rank > best[0]):
            best = (rank, page, shown, marks)
    if best is not None:
        _, page, shown, marks = best
        first, snippet = _window(shown, marks)
        return snippet, (page + shown.count("\f", 0, first) if pdf else None)
    # The words are in the title (or the menus) only: the body's first sentences.
    lead = " ".join(d.body[: SNIPPET_CHARS * 2].split())[:SNIPPET_CHARS]
    return Snippet(lead), (1 if pdf and lead else None)


def _mask(text: str, start: int, stored: StoredDoc) -> str:
    """`text` (from `start` in the document) with the document's banner blocks blanked."""
    banned = {int(h, 16) for h in stored.banner_ids}
    if not banned:
        return text
    spans = (
        banner_spans(stored.doc.body, banned, stored.blocks)
        if not stored.long
        else [(s, e) for s, e, k in stored.blocks if k in banned]
    )
    end = start + len(text)
    local = [
        (max(a, start) - start, min(b, end) - start) for a, b in spans if a < end and b > start
    ]
    return mask_spans(text, local)


_SPACE = re.compile(r"\s")


def _window(text: str, marks: list[Mark]) -> tuple[int, Snippet]:
    """The stretch of about SNIPPET_CHARS with the most (exact, then distinct) marks."""
    words = [text[m.start : m.end].lower() for m in marks]
    best_i, best_score = 0, (-1, -1, 0)
    j = 0
    exact = 0
    seen: dict[str, int] = {}
    for i, m in enumerate(marks):  # a window from each mark: [i, j) fit in it
        while j < len(marks) and marks[j].end <= m.start + SNIPPET_CHARS:
            exact += marks[j].exact
            seen[words[j]] = seen.get(words[j], 0) + 1
            j += 1
        score = (exact, len(seen), -m.start)
        if score > best_score:
            best_i, best_score = i, score
        if j > i:  # mark i leaves the window
            exact -= m.exact
            seen[words[i]] -= 1
            if not seen[words[i]]:
                del seen[words[i]]
        else:
            j = i + 1
    first = marks[best_i]
    # Some words before the first match, so the row reads as a sentence: from a word's
    # start, an ellipsis saying the text goes on before it.
    start = max(0, first.start - 60)
    if start > 0:
        space = _SPACE.search(text, start, first.start)
        start = space.end() if space else first.start
    end = min(len(text), start + SNIPPET_CHARS * 2)
    local = [(m.start - start, m.end - start) for m in marks if m.start >= start and m.end <= end]
    snippet = lead_in(collapse_spaces(text[start:end], local))
    if start > 0 and not snippet.text.startswith("…"):
        snippet = Snippet("…" + snippet.text, tuple((a + 1, b + 1) for a, b in snippet.marks))
    cut = _cut(snippet, SNIPPET_CHARS)
    return first.start, cut


def _cut(snippet: Snippet, limit: int) -> Snippet:
    """At most `limit` characters, at a space, marks inside kept."""
    if len(snippet.text) <= limit:
        return snippet
    end = snippet.text.rfind(" ", 0, limit)
    end = limit if end < limit // 2 else end
    return Snippet(snippet.text[:end] + "…", tuple(m for m in snippet.marks if m[1] <= end))
