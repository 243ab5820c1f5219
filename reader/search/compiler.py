"""The syntax tree compiled into index queries: which fields, which boosts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from reader.search.syntax import (
    And,
    DiscFilter,
    HasFilter,
    Node,
    Not,
    Or,
    ParsedQuery,
    PathFilter,
    Phrase,
    TagFilter,
    TypeFilter,
    Word,
    YearFilter,
)
from reader.store import fulltext as ft
from reader.store import query as iq
from reader.store.query import Q

TITLE_BOOST = 3.0
PHRASE_BOOST = 2.0  # all the query's words next to each other, over the same words apart
EXACT_BOOST = 0.3  # the very form typed, over other forms of the same stem
BOILER_BOOST = 0.1


class UserKeys(Protocol):
    """The user's own data as the search sees it: documents as (volume id, path).

    reader.library.Library provides it; this module stays free of any storage.
    """

    def docs_tagged(self, name: str) -> set[tuple[str, str]]: ...

    def docs_having(self, what: str) -> set[tuple[str, str]]: ...

    def docs_noted(self, text: str, *, prefix: bool = False) -> set[tuple[str, str]]: ...


@dataclass(frozen=True)
class UserKeysSnapshot:
    """The answers of a UserKeys for one query, read up front (see snapshot_user_keys):
    a search off the GUI thread then reads no database of the user's."""

    tagged: Mapping[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    having: Mapping[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    noted: Mapping[tuple[str, bool], frozenset[tuple[str, str]]] = field(default_factory=dict)

    def docs_tagged(self, name: str) -> set[tuple[str, str]]:
        return set(self.tagged.get(name, ()))

    def docs_having(self, what: str) -> set[tuple[str, str]]:
        return set(self.having.get(what, ()))

    def docs_noted(self, text: str, *, prefix: bool = False) -> set[tuple[str, str]]:
        return set(self.noted.get((text, prefix), ()))


def snapshot_user_keys(parsed: ParsedQuery, user: UserKeys) -> UserKeysSnapshot:
    """What compiling `parsed` will ask of `user`, asked now."""
    tagged: dict[str, frozenset[tuple[str, str]]] = {}
    having: dict[str, frozenset[tuple[str, str]]] = {}
    noted: dict[tuple[str, bool], frozenset[tuple[str, str]]] = {}
    stack: list[Node] = [parsed.root] if parsed.root is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, TagFilter):
            tagged[n.name] = frozenset(user.docs_tagged(n.name))
        elif isinstance(n, HasFilter):
            having[n.what] = frozenset(user.docs_having(n.what))
        elif isinstance(n, Word | Phrase) and _finds_notes(n):
            prefix = isinstance(n, Word) and n.prefix
            noted[(n.text, prefix)] = frozenset(user.docs_noted(n.text, prefix=prefix))
        elif isinstance(n, Not):
            stack.append(n.node)
        elif isinstance(n, And | Or):
            stack.extend(n.nodes)
    return UserKeysSnapshot(tagged, having, noted)


def _finds_notes(n: Word | Phrase) -> bool:
    """A word or phrase of any field (not fuzzy) also finds the documents of notes."""
    return n.field == "any" and not (isinstance(n, Word) and n.fuzzy)


class _Compiler:
    def __init__(self, warnings: list[str], boiler: bool, user: UserKeys | None = None) -> None:
        self.warnings = warnings
        self.boiler = boiler
        self.user = user

    def node(self, n: Node) -> Q | None:
        q = self._node(n)
        # A word or phrase also finds the documents whose notes hold it.
        if (
            q is not None
            and self.user is not None
            and isinstance(n, Word | Phrase)
            and _finds_notes(n)
        ):
            prefix = isinstance(n, Word) and n.prefix
            if noted := self.user.docs_noted(n.text, prefix=prefix):
                q = iq.BoolQuery(should=(q, iq.KeysQuery(frozenset(noted))))
        return q

    def _user_filter(self, n: TagFilter | HasFilter) -> Q:
        if self.user is None:
            self.warnings.append(f"{n}: your library is not available here; nothing matches.")
            return _filter(iq.KeysQuery(frozenset()))
        if isinstance(n, TagFilter):
            return _filter(iq.KeysQuery(frozenset(self.user.docs_tagged(n.name))))
        return _filter(iq.KeysQuery(frozenset(self.user.docs_having(n.what))))

    def _node(self, n: Node) -> Q | None:
        if isinstance(n, Word):
            return self.word(n)
        if isinstance(n, TagFilter | HasFilter):
            return self._user_filter(n)
        if isinstance(n, Phrase):
            folds = tuple(ft.analyze(n.text, stem=False))
            if not folds:
                return None
            if n.field == "title":
                return iq.PhraseQuery(iq.TITLE_EXACT, folds)
            alts: list[Q] = [
                iq.PhraseQuery(iq.BODY_EXACT, folds),
                iq.BoostQuery(iq.PhraseQuery(iq.TITLE_EXACT, folds), TITLE_BOOST),
            ]
            if self.boiler:
                stems = tuple(ft.analyze(n.text, stem=True))
                alts.append(iq.BoostQuery(iq.PhraseQuery(iq.BOILER, stems), BOILER_BOOST))
            return iq.BoolQuery(should=tuple(alts))
        if isinstance(n, TypeFilter):
            return _filter(iq.BoolQuery(should=tuple(iq.TermQuery(iq.KIND, k) for k in n.kinds)))
        if isinstance(n, YearFilter):
            return _filter(iq.RangeQuery(iq.YEAR, n.lo, n.hi))
        if isinstance(n, DiscFilter):
            alts = [
                iq.TermQuery(iq.DISC, ft.fold_raw(n.label)),
                iq.TermQuery(iq.VOLUME_ID, n.label),
            ]
            if n.label.isdigit() and len(n.label) <= 9:
                alts.append(iq.IntQuery(iq.DISC_NO, int(n.label)))
            return _filter(iq.BoolQuery(should=tuple(alts)))
        if isinstance(n, PathFilter):
            alts = [iq.PrefixQuery(iq.PATH_LOWER, ft.fold_raw(n.fragment.strip("/")) or "/")]
            if words := tuple(ft.analyze(n.fragment, stem=False)):
                alts.append(iq.PhraseQuery(iq.PATH_WORDS, words))
            return _filter(iq.BoolQuery(should=tuple(alts)))
        if isinstance(n, Not):
            inner = self.node(n.node)
            return None if inner is None else iq.BoolQuery(must_not=(inner,))
        if isinstance(n, Or):
            subs = [q for c in n.nodes if (q := self.node(c)) is not None]
            return iq.BoolQuery(should=tuple(subs)) if subs else None
        return self.conj(n.nodes)

    def conj(self, nodes: tuple[Node, ...]) -> Q | None:
        must: list[Q] = []
        must_not: list[Q] = []
        for c in nodes:
            if isinstance(c, Not):
                if (q := self.node(c.node)) is not None:
                    must_not.append(q)
            elif (q := self.node(c)) is not None:
                must.append(q)
        if not must and not must_not:
            return None
        should: tuple[Q, ...] = ()
        plain = [
            c
            for c in nodes
            if isinstance(c, Word) and c.field == "any" and not c.fuzzy and not c.prefix
        ]
        stems = tuple(s for w in plain for s in ft.analyze(w.text, stem=True))
        if len(plain) >= 2 and len(stems) >= 2:
            should = (
                iq.BoostQuery(iq.PhraseQuery(iq.BODY, stems), PHRASE_BOOST),
                iq.BoostQuery(iq.PhraseQuery(iq.TITLE, stems), PHRASE_BOOST * TITLE_BOOST),
            )
        return iq.BoolQuery(must=tuple(must), should=should, must_not=tuple(must_not))

    def word(self, w: Word) -> Q | None:
        folds = tuple(ft.analyze(w.text, stem=False))
        stems = tuple(ft.analyze(w.text, stem=True))
        if not folds:
            self.warnings.append(f"{w.text!r} has no letters or digits to search; ignored.")
            return None
        title = w.field == "title"
        if w.prefix and len(folds) == 1 and len(folds[0]) < 2:
            self.warnings.append(
                f"{w.text}*: a prefix needs 2 letters or more; searched as a word."
            )
            return self.word(Word(w.text, w.field, span=w.span))
        if w.fuzzy and len(folds) > 1:
            self.warnings.append(f"{w.text}~: fuzzy works on single words; searched exactly.")
            return self.word(Word(w.text, w.field, span=w.span))
        alts: list[Q]
        if w.prefix:
            if len(folds) == 1:
                body_q: Q = iq.PrefixQuery(iq.BODY_EXACT, folds[0])
                title_q: Q = iq.PrefixQuery(iq.TITLE_EXACT, folds[0])
                boiler_q: Q = iq.PrefixQuery(iq.BOILER, folds[0])
            else:
                body_q = iq.PhraseQuery(iq.BODY_EXACT, folds, prefix_last=True)
                title_q = iq.PhraseQuery(iq.TITLE_EXACT, folds, prefix_last=True)
                boiler_q = iq.PhraseQuery(iq.BOILER, folds, prefix_last=True)
            alts = [body_q, iq.BoostQuery(title_q, TITLE_BOOST)]
        elif w.fuzzy:
            if title:
                return iq.FuzzyQuery(iq.TITLE_EXACT, folds[0], w.fuzzy)
            boiler_q = iq.FuzzyQuery(iq.BOILER, folds[0], w.fuzzy)
            alts = [
                iq.FuzzyQuery(iq.BODY_EXACT, folds[0], w.fuzzy),
                iq.BoostQuery(iq.FuzzyQuery(iq.TITLE_EXACT, folds[0], w.fuzzy), TITLE_BOOST),
            ]
        elif len(stems) == 1:
            if title:
                return iq.TermQuery(iq.TITLE, stems[0])
            boiler_q = iq.TermQuery(iq.BOILER, stems[0])
            alts = [
                iq.TermQuery(iq.BODY, stems[0]),
                iq.BoostQuery(iq.TermQuery(iq.TITLE, stems[0]), TITLE_BOOST),
                iq.BoostQuery(iq.TermQuery(iq.BODY_EXACT, folds[0]), EXACT_BOOST),
            ]
        else:  # e-mail, U.S., 2013/03: the parts next to each other
            if title:
                return iq.PhraseQuery(iq.TITLE, stems)
            boiler_q = iq.PhraseQuery(iq.BOILER, stems)
            alts = [
                iq.PhraseQuery(iq.BODY, stems),
                iq.BoostQuery(iq.PhraseQuery(iq.TITLE, stems), TITLE_BOOST),
            ]
        if title:
            return alts[1]
        if self.boiler:
            alts.append(iq.BoostQuery(boiler_q, BOILER_BOOST))
        return iq.BoolQuery(should=tuple(alts))


def _filter(q: Q) -> Q:
    # Filters select; they must not add to the relevance score.
    return iq.BoostQuery(q, 0.0)


def compile_query(
    parsed: ParsedQuery, *, boiler: bool = False, user: UserKeys | None = None
) -> Q | None:
    """The index query for ``parsed``; None when nothing searchable is left.

    ``user`` answers ``tag:`` and ``has:`` and lets words find the documents of notes.
    """
    if parsed.root is None:
        return None
    nodes = parsed.root.nodes if isinstance(parsed.root, And) else (parsed.root,)
    return _Compiler(parsed.warnings, boiler, user).conj(nodes)
