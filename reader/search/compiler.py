"""The syntax tree compiled into index queries: which fields, which boosts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
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
from reader.sentences import QT_TRANSLATE_NOOP
from reader.store import fulltext as ft
from reader.store import query as iq
from reader.store.fulltext import Form
from reader.store.query import Q
from reader.store.words import MAX_TOKEN_BYTES

TITLE_BOOST = 3.0
PHRASE_BOOST = 2.0  # all the query's words next to each other, over the same words apart
EXACT_BOOST = 1.0  # within a tier: how often the very form typed stands there
BOILER_BOOST = 0.1
# Per query word held in the very form typed: a document with it outranks every document
# holding only other forms of it (BM25 scores stay far below this).
EXACT_TIER = 1000.0


class Mode(StrEnum):
    """How query words count."""

    RANKED = "ranked"  # every form; the very form typed first (the usual search)
    EXACT = "exact"  # only the forms typed (counting the documents with the exact words)
    RELAXED = "relaxed"  # quoted words and phrases in any form too (when quoted found none)


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
    def __init__(
        self,
        warnings: list[str],
        boiler: bool,
        user: UserKeys | None = None,
        mode: Mode = Mode.RANKED,
    ) -> None:
        self.warnings = warnings
        self.boiler = boiler
        self.user = user
        self.mode = mode

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
            self.warnings.append(
                QT_TRANSLATE_NOOP(
                    "Core", "{filter}: your library is not available here; nothing matches."
                ).format(filter=n)
            )
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
            return self.phrase(n)
        if isinstance(n, TypeFilter):
            return _filter(iq.BoolQuery(should=tuple(iq.TermQuery(iq.KIND, k) for k in n.kinds)))
        if isinstance(n, YearFilter):
            return _filter(iq.RangeQuery(iq.YEAR, n.lo, n.hi))
        if isinstance(n, DiscFilter):
            alts: list[Q] = [
                iq.TermQuery(iq.DISC, ft.fold_raw(n.label)),
                iq.TermQuery(iq.VOLUME_ID, n.label),
            ]
            if n.label.isdigit() and len(n.label) <= 9:
                alts.append(iq.IntQuery(iq.DISC_NO, int(n.label)))
            return _filter(iq.BoolQuery(should=tuple(alts)))
        if isinstance(n, PathFilter):
            alts = [iq.PrefixQuery(iq.PATH_LOWER, ft.fold_raw(n.fragment.strip("/")) or "/")]
            if words := tuple(ft.analyze(n.fragment, Form.FOLDED)):
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
        stems = tuple(s for w in plain for s in ft.analyze(w.text, Form.STEM))
        if len(plain) >= 2 and len(stems) >= 2 and self.mode is not Mode.EXACT:
            should = (
                iq.BoostQuery(iq.PhraseQuery(iq.BODY, stems), PHRASE_BOOST),
                iq.BoostQuery(iq.PhraseQuery(iq.TITLE, stems), PHRASE_BOOST * TITLE_BOOST),
            )
        return iq.BoolQuery(must=tuple(must), should=should, must_not=tuple(must_not))

    def _tiered(self, exact: Q, related: Q | None) -> Q:
        """`exact` a tier above `related`: EXACT_TIER more for the very form typed."""
        if self.mode is Mode.EXACT or related is None:
            return iq.BoolQuery(should=(iq.ConstQuery(exact, EXACT_TIER), exact))
        return iq.BoolQuery(should=(iq.ConstQuery(exact, EXACT_TIER), related, exact))

    def phrase(self, n: Phrase) -> Q | None:
        """A quoted phrase, or a quoted word: the words exactly as typed, in a row.

        When quoted words find nothing, the search asks again in RELAXED mode: any form.
        """
        exact = tuple(ft.analyze(n.text, Form.EXACT))
        if not exact:
            return None
        stems = tuple(ft.analyze(n.text, Form.STEM))
        relaxed = self.mode is Mode.RELAXED
        if n.field == "title":
            title_related = iq.PhraseQuery(iq.TITLE, stems) if relaxed else None
            return self._tiered(iq.PhraseQuery(iq.TITLE_EXACT, exact), title_related)
        exact_q = iq.BoolQuery(
            should=(
                iq.PhraseQuery(iq.BODY_EXACT, exact),
                iq.BoostQuery(iq.PhraseQuery(iq.TITLE_EXACT, exact), TITLE_BOOST),
            )
        )
        related = iq.BoolQuery(
            should=(
                iq.PhraseQuery(iq.BODY, stems),
                iq.BoostQuery(iq.PhraseQuery(iq.TITLE, stems), TITLE_BOOST),
            )
        )
        q = self._tiered(exact_q, related if relaxed else None)
        if self.boiler:
            boiler = iq.BoostQuery(iq.PhraseQuery(iq.BOILER, stems), BOILER_BOOST)
            return iq.BoolQuery(should=(q, boiler))
        return q

    def word(self, w: Word) -> Q | None:
        exact = tuple(ft.analyze(w.text, Form.EXACT))
        stems = tuple(ft.analyze(w.text, Form.STEM))
        if not exact:
            self.warnings.append(_unsearchable(w.text))
            return None
        if w.prefix and len(exact) == 1 and len(exact[0]) < 2:
            self.warnings.append(
                QT_TRANSLATE_NOOP(
                    "Core", "{word}*: a prefix needs 2 letters or more; searched as a word."
                ).format(word=w.text)
            )
            return self.word(Word(w.text, w.field, span=w.span))
        if w.fuzzy and len(exact) > 1:
            self.warnings.append(
                QT_TRANSLATE_NOOP(
                    "Core", "{word}~: fuzzy works on single words; searched exactly."
                ).format(word=w.text)
            )
            return self.word(Word(w.text, w.field, span=w.span))
        if w.prefix:
            q = self._prefix(exact, stems, w.field == "title")
        elif w.fuzzy:
            q = self._fuzzy(exact[0], w.fuzzy, w.field == "title")
        elif len(exact) == 1:
            q = self._term(exact[0], stems[0] if stems else "", w.field == "title")
        else:  # e-mail, U.S., 2013/03: the parts next to each other
            q = self._parts(exact, stems, w.field == "title")
        if self.boiler and w.field != "title":
            return iq.BoolQuery(
                should=(q, iq.BoostQuery(self._boiler(w, exact, stems), BOILER_BOOST))
            )
        return q

    def _term(self, exact: str, stem: str, title: bool) -> Q:
        if title:
            return self._tiered(iq.TermQuery(iq.TITLE_EXACT, exact), iq.TermQuery(iq.TITLE, stem))
        exact_q = iq.BoolQuery(
            should=(
                iq.BoostQuery(iq.TermQuery(iq.BODY_EXACT, exact), EXACT_BOOST),
                iq.BoostQuery(iq.TermQuery(iq.TITLE_EXACT, exact), EXACT_BOOST * TITLE_BOOST),
            )
        )
        related = iq.BoolQuery(
            should=(
                iq.TermQuery(iq.BODY, stem),
                iq.BoostQuery(iq.TermQuery(iq.TITLE, stem), TITLE_BOOST),
            )
        )
        return self._tiered(exact_q, related)

    def _parts(self, exact: tuple[str, ...], stems: tuple[str, ...], title: bool) -> Q:
        if title:
            return self._tiered(
                iq.PhraseQuery(iq.TITLE_EXACT, exact), iq.PhraseQuery(iq.TITLE, stems)
            )
        exact_q = iq.BoolQuery(
            should=(
                iq.PhraseQuery(iq.BODY_EXACT, exact),
                iq.BoostQuery(iq.PhraseQuery(iq.TITLE_EXACT, exact), TITLE_BOOST),
            )
        )
        related = iq.BoolQuery(
            should=(
                iq.PhraseQuery(iq.BODY, stems),
                iq.BoostQuery(iq.PhraseQuery(iq.TITLE, stems), TITLE_BOOST),
            )
        )
        return self._tiered(exact_q, related)

    def _prefix(self, exact: tuple[str, ...], stems: tuple[str, ...], title: bool) -> Q:
        """Words starting as typed (accents as typed), or, for any form, their folding."""
        fields = [(iq.TITLE_EXACT, iq.TITLE, TITLE_BOOST)]
        if not title:
            fields.insert(0, (iq.BODY_EXACT, iq.BODY, 1.0))
        folded = tuple(ft.analyze(" ".join(exact), Form.FOLDED))
        exact_alts: list[Q] = []
        related_alts: list[Q] = []
        for ex_field, stem_field, boost in fields:
            if len(exact) == 1:
                ex_q: Q = iq.PrefixQuery(ex_field, exact[0])
                rel_q: Q = iq.PrefixQuery(stem_field, folded[0] if folded else exact[0])
            else:
                ex_q = iq.PhraseQuery(ex_field, exact, prefix_last=True)
                rel_q = iq.PhraseQuery(stem_field, (*stems[:-1], folded[-1]), prefix_last=True)
            exact_alts.append(iq.BoostQuery(ex_q, boost))
            related_alts.append(iq.BoostQuery(rel_q, boost))
        return self._tiered(
            iq.BoolQuery(should=tuple(exact_alts)), iq.BoolQuery(should=tuple(related_alts))
        )

    def _fuzzy(self, exact: str, distance: int, title: bool) -> Q:
        if title:
            return iq.FuzzyQuery(iq.TITLE_EXACT, exact, distance)
        return iq.BoolQuery(
            should=(
                iq.FuzzyQuery(iq.BODY_EXACT, exact, distance),
                iq.BoostQuery(iq.FuzzyQuery(iq.TITLE_EXACT, exact, distance), TITLE_BOOST),
            )
        )

    def _boiler(self, w: Word, exact: tuple[str, ...], stems: tuple[str, ...]) -> Q:
        if w.prefix:
            folded = tuple(ft.analyze(w.text, Form.FOLDED))
            if len(folded) == 1:
                return iq.PrefixQuery(iq.BOILER, folded[0])
            return iq.PhraseQuery(iq.BOILER, folded, prefix_last=True)
        if w.fuzzy:
            return iq.FuzzyQuery(iq.BOILER, stems[0] if stems else exact[0], w.fuzzy)
        if len(stems) == 1:
            return iq.TermQuery(iq.BOILER, stems[0])
        return iq.PhraseQuery(iq.BOILER, stems)


def _filter(q: Q) -> Q:
    # Filters select; they must not add to the relevance score.
    return iq.BoostQuery(q, 0.0)


def compile_query(
    parsed: ParsedQuery,
    *,
    boiler: bool = False,
    user: UserKeys | None = None,
    mode: Mode = Mode.RANKED,
) -> Q | None:
    """The index query for ``parsed``; None when nothing searchable is left.

    ``user`` answers ``tag:`` and ``has:`` and lets words find the documents of notes.
    ``mode``: see Mode.
    """
    if parsed.root is None:
        return None
    nodes = parsed.root.nodes if isinstance(parsed.root, And) else (parsed.root,)
    return _Compiler(parsed.warnings, boiler, user, mode).conj(nodes)


def _unsearchable(text: str) -> str:
    """Why a word of the query finds nothing, for the user."""
    if len(text.encode("utf-8")) > MAX_TOKEN_BYTES and any(c.isalnum() for c in text):
        # The index keeps no word that long (a base64 run, a hash; CJK text is cut into its
        # characters, reader.store.words).
        return QT_TRANSLATE_NOOP(
            "Core",
            "{word!r} is longer than the longest word the index keeps "
            "({bytes} bytes); search a part of it; ignored.",
        ).format(word=text, bytes=MAX_TOKEN_BYTES)
    return QT_TRANSLATE_NOOP(
        "Core", "{word!r} has no letters or digits to search; ignored."
    ).format(word=text)
