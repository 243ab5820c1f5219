"""Did you mean: near words from the index for the words that match nothing."""

from __future__ import annotations

from reader.search.analysis import exact_form, related_form
from reader.search.syntax import ParsedQuery, Word
from reader.store import query as iq
from reader.store.fulltext import Searcher

# Index words read per first letters: the candidates a typo is looked up among.
CANDIDATES = 50_000


def near_terms(s: Searcher, word: str, maxd: int) -> list[tuple[str, int, int]]:
    """Index words within ``maxd`` edits of ``word``: (term, distance, docs), best first.

    Edits are the optimal string alignment distance (a swap of two neighbours is one
    edit), computed by rapidfuzz. Candidates share the first two letters (or have them
    swapped): a typo there is rare, and reading the whole term dictionary would cost far
    more.
    """
    prefixes = {word[:2], word[1::-1]} if len(word) >= 4 else {word[:1]}
    docs: dict[str, int] = {}
    for p in prefixes:
        docs.update(s.terms_with_prefix(iq.BODY_EXACT, p, limit=CANDIDATES))
    docs.pop(word, None)
    from rapidfuzz import process  # only a query that finds nothing needs it
    from rapidfuzz.distance import OSA

    found = process.extract(word, list(docs), scorer=OSA.distance, score_cutoff=maxd, limit=None)
    return sorted(
        ((term, int(d), docs[term]) for term, d, _ in found), key=lambda x: (x[1], -x[2], x[0])
    )


def did_you_mean(parsed: ParsedQuery, s: Searcher) -> str | None:
    """The query with each unknown word replaced by the most common near index word."""
    fixes: list[tuple[tuple[int, int], str]] = []
    for t in parsed.positive_terms():
        if not isinstance(t, Word) or t.prefix or t.fuzzy or t.span == (0, 0):
            continue
        exact, stem = exact_form(t.text), related_form(t.text)
        if len(exact) < 3:
            continue
        if s.doc_freq(iq.BODY, stem) or s.doc_freq(iq.TITLE, stem):
            continue
        near = near_terms(s, exact, 1 if len(exact) <= 4 else 2)
        if near:
            fixes.append((t.span, near[0][0]))
    if not fixes:
        return None
    out = parsed.text
    for (a, b), repl in sorted(fixes, reverse=True):
        out = out[:a] + repl + out[b:]
    return out
