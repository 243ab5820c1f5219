"""Did you mean: near words from the index for the words that match nothing."""

from __future__ import annotations

from reader.search.syntax import ParsedQuery, Word
from reader.store import fulltext as ft
from reader.store import query as iq
from reader.store.fulltext import Searcher


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions, or limit + 1 once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def near_terms(s: Searcher, word: str, maxd: int) -> list[tuple[str, int, int]]:
    """Index words within ``maxd`` edits of ``word``: (term, distance, docs), best first.

    Candidates share the first two letters (or have them swapped): a typo there is rare,
    and reading the whole term dictionary would cost far more.
    """
    prefixes = {word[:2], word[1::-1]} if len(word) >= 4 else {word[:1]}
    out: dict[str, tuple[int, int]] = {}
    for p in prefixes:
        for term, docs in s.terms_with_prefix(iq.BODY_EXACT, p, limit=50_000):
            if term != word and (d := _distance(word, term, maxd)) <= maxd:
                out[term] = (d, docs)
    return sorted(((t, d, n) for t, (d, n) in out.items()), key=lambda x: (x[1], -x[2], x[0]))


def did_you_mean(parsed: ParsedQuery, s: Searcher) -> str | None:
    """The query with each unknown word replaced by the most common near index word."""
    fixes: list[tuple[tuple[int, int], str]] = []
    for t in parsed.positive_terms():
        if not isinstance(t, Word) or t.prefix or t.fuzzy or t.span == (0, 0):
            continue
        folds = ft.analyze(t.text, stem=False)
        stems = ft.analyze(t.text, stem=True)
        if len(folds) != 1 or len(folds[0]) < 3:
            continue
        if s.doc_freq(iq.BODY, stems[0]) or s.doc_freq(iq.TITLE, stems[0]):
            continue
        near = near_terms(s, folds[0], 1 if len(folds[0]) <= 4 else 2)
        if near:
            fixes.append((t.span, near[0][0]))
    if not fixes:
        return None
    out = parsed.text
    for (a, b), repl in sorted(fixes, reverse=True):
        out = out[:a] + repl + out[b:]
    return out
