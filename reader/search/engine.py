"""Running a query: ranked hits with snippets, facets per year, type and disc."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from reader.search.compiler import UserKeys, compile_query
from reader.search.suggest import did_you_mean, near_terms
from reader.search.syntax import ParsedQuery, Word, parse
from reader.store import fulltext as ft
from reader.store import query as iq
from reader.store.banners import mask_banners
from reader.store.documents import Snippet
from reader.store.fulltext import FulltextIndex, Searcher
from reader.store.query import Order

SNIPPET_CHARS = 240


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
    snippet: Snippet  # the passage shown, with the matched words marked
    page: int | None  # 1-based PDF page of the snippet's passage
    scanned: bool


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]  # "year", "type", "disc" -> value -> count, all hits
    did_you_mean: str | None
    warnings: list[str]
    elapsed_ms: float

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data (the CLI's --json)."""
        return asdict(self)


def search(
    index: FulltextIndex,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: Sort = Sort.RELEVANCE,
    snippets: bool = True,
    facets: bool = True,
    user: UserKeys | None = None,
) -> SearchResult:
    """Run ``query``; malformed input gives ``warnings``, never an exception.

    ``user`` (the library) makes ``tag:``, ``has:`` and the text of notes searchable.
    """
    t0 = time.perf_counter()
    parsed = parse(query)
    warnings = parsed.warnings
    s = index.searcher()
    q = compile_query(parsed, user=user)
    total, boiler = 0, False
    refs: list[tuple[float, ft.DocRef]] = []
    order = _ORDER[Sort(sort)]
    if q is not None:
        total, refs = s.search(q, limit=limit, offset=offset, order=order)
        if total == 0 and any(True for _ in parsed.positive_terms()):
            # Words found only in site banners: show those pages rather than nothing.
            q2 = compile_query(ParsedQuery(query, parsed.root, []), boiler=True, user=user)
            if q2 is not None:
                total, refs = s.search(q2, limit=limit, offset=offset, order=order)
                if total:
                    q, boiler = q2, True
                    warnings.append(
                        "Found only in text repeated on many pages (site banners, menus)."
                    )
    elif query.strip() and not warnings:
        warnings.append("Nothing to search for.")
    maker = s.snippets(_snippet_stems(parsed, s), SNIPPET_CHARS) if snippets and refs else None
    hits = [_hit(s, score, ref, maker, boiler) for score, ref in refs]
    fac = s.facets(q) if facets and q is not None and total else {}
    for name in ("year", "type", "disc"):
        fac.setdefault(name, {})
    dym = did_you_mean(parsed, s) if total == 0 and q is not None else None
    return SearchResult(query, total, hits, fac, dym, warnings, (time.perf_counter() - t0) * 1000.0)


def _hit(
    s: Searcher, score: float, ref: ft.DocRef, maker: ft.SnippetMaker | None, boiler: bool
) -> Hit:
    sd = s.doc(ref)
    d = sd.doc
    snippet, page = Snippet(""), None
    if maker is not None:
        text = d.body if boiler else mask_banners(d.body, sd.banner_ids)
        made = maker.make(text)
        if made is not None:
            snippet, first_match = made
            if d.kind == "pdf":
                page = text.count("\f", 0, first_match) + 1
        else:
            lead = " ".join(text[: SNIPPET_CHARS * 2].split())[:SNIPPET_CHARS]
            snippet = Snippet(lead)
            page = 1 if d.kind == "pdf" and lead else None
    return Hit(
        d.key, d.volume_id, d.volume_label, d.path, d.title, d.kind, d.year, d.date,
        score, snippet, page, d.scanned,
    )  # fmt: skip


def _snippet_stems(parsed: ParsedQuery, s: Searcher) -> list[str]:
    stems: list[str] = []
    for t in parsed.positive_terms():
        if t.field == "title":
            continue
        if isinstance(t, Word) and (t.prefix or t.fuzzy):
            folds = ft.analyze(t.text, stem=False)
            if len(folds) != 1:
                stems += ft.analyze(t.text, stem=True)
                continue
            if t.prefix:
                terms = [w for w, _ in s.terms_with_prefix(iq.BODY_EXACT, folds[0], limit=64)]
            else:
                terms = [w for w, _, _ in near_terms(s, folds[0], t.fuzzy)][:64]
            stems += [x for w in terms for x in ft.analyze(w, stem=True)]
        else:
            stems += ft.analyze(t.text, stem=True)
    return stems
