"""The query language users type, and ranked results with snippets, facets and suggestions."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from reader import fulltext as ft
from reader.fulltext import FulltextIndex, Q, Searcher

TITLE_BOOST = 3.0
PHRASE_BOOST = 2.0  # all the query's words next to each other, over the same words apart
EXACT_BOOST = 0.3  # the very form typed, over other forms of the same stem
BOILER_BOOST = 0.1
SNIPPET_CHARS = 240
KINDS = ("html", "txt", "pdf", "image", "zip", "other")
_KIND_ALIASES = {
    "htm": "html",
    "text": "txt",
    "images": "image",
    "img": "image",
    "picture": "image",
    "jpg": "image",
    "jpeg": "image",
    "gif": "image",
    "png": "image",
}
_FIELDS = ("title", "type", "kind", "year", "disc", "path", "tag", "has")
_HAS = {"note": "note", "notes": "note", "bookmark": "bookmark", "bookmarks": "bookmark"}


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DATE_NEW = "date-new"
    DATE_OLD = "date-old"
    PATH = "path"


_ORDER = {
    Sort.RELEVANCE: ft.Order.RELEVANCE,
    Sort.DATE_NEW: ft.Order.DATE_NEW,
    Sort.DATE_OLD: ft.Order.DATE_OLD,
    Sort.PATH: ft.Order.PATH,
}


# --- the query's syntax tree ---


@dataclass(frozen=True)
class Word:
    """A word as typed; ``field`` is "any" or "title"; ``span`` locates it in the query."""

    text: str
    field: str = "any"
    prefix: bool = False
    fuzzy: int = 0
    span: tuple[int, int] = (0, 0)

    def __str__(self) -> str:
        tail = "*" if self.prefix else (f"~{self.fuzzy}" if self.fuzzy else "")
        head = "" if self.field == "any" else f"{self.field}:"
        return f"{head}{self.text}{tail}"


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str = "any"
    span: tuple[int, int] = (0, 0)

    def __str__(self) -> str:
        head = "" if self.field == "any" else f"{self.field}:"
        return f'{head}"{self.text}"'


@dataclass(frozen=True)
class TypeFilter:
    kinds: tuple[str, ...]

    def __str__(self) -> str:
        return "type:" + ",".join(self.kinds)


@dataclass(frozen=True)
class YearFilter:
    lo: int | None
    hi: int | None

    def __str__(self) -> str:
        if self.lo == self.hi:
            return f"year:{self.lo}"
        return f"year:{self.lo or ''}..{self.hi or ''}"


@dataclass(frozen=True)
class DiscFilter:
    label: str

    def __str__(self) -> str:
        return f"disc:{self.label}"


@dataclass(frozen=True)
class PathFilter:
    fragment: str

    def __str__(self) -> str:
        return f"path:{self.fragment}"


@dataclass(frozen=True)
class TagFilter:
    """Documents the user tagged with ``name`` (matched as the library normalises tags)."""

    name: str

    def __str__(self) -> str:
        return f'tag:"{self.name}"' if " " in self.name else f"tag:{self.name}"


@dataclass(frozen=True)
class HasFilter:
    """Documents with something of the user's: a "note" or a "bookmark"."""

    what: str

    def __str__(self) -> str:
        return f"has:{self.what}"


@dataclass(frozen=True)
class Not:
    node: Node

    def __str__(self) -> str:
        return f"-{self.node}"


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " OR ".join(map(str, self.nodes)) + ")"


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " ".join(map(str, self.nodes)) + ")"


Node = (
    Word
    | Phrase
    | TypeFilter
    | YearFilter
    | DiscFilter
    | PathFilter
    | TagFilter
    | HasFilter
    | Not
    | Or
    | And
)


@dataclass
class ParsedQuery:
    """The query as understood: ``root`` is None when nothing searchable is left."""

    text: str
    root: Node | None
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "" if self.root is None else str(self.root)

    def positive_terms(self) -> Iterator[Word | Phrase]:
        """Words and phrases the results must or may contain (not the excluded ones)."""

        def walk(n: Node) -> Iterator[Word | Phrase]:
            if isinstance(n, Word | Phrase):
                yield n
            elif isinstance(n, Or | And):
                for c in n.nodes:
                    yield from walk(c)

        if self.root is not None:
            yield from walk(self.root)


# --- lexer and parser: never raise, explain instead ---


@dataclass(frozen=True)
class _Tok:
    kind: str  # word, phrase, lp, rp, or, not, and
    text: str
    start: int
    end: int
    field: str | None = None


def _lex(q: str, warnings: list[str]) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(_Tok("lp" if c == "(" else "rp", c, i, i + 1))
            i += 1
        elif c == '"':
            j = q.find('"', i + 1)
            if j < 0:
                warnings.append("Unbalanced quote: the rest was searched as plain words.")
                q = q[:i] + " " + q[i + 1 :]
                continue
            toks.append(_Tok("phrase", q[i + 1 : j], i, j + 1))
            i = j + 1
        elif c == "-" and i + 1 < n and not q[i + 1].isspace() and q[i + 1] not in "-)":
            toks.append(_Tok("not", "-", i, i + 1))
            i += 1
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in '()"':
                j += 1
            text = q[i:j]
            fname = text[:-1].lower()
            if text.endswith(":") and j < n and q[j] == '"' and fname in ("title", "tag"):
                k = q.find('"', j + 1)
                if k >= 0:
                    toks.append(_Tok("phrase", q[j + 1 : k], i, k + 1, field=fname))
                    i = k + 1
                    continue
            if text in ("OR", "|", "||"):
                toks.append(_Tok("or", text, i, j))
            elif text in ("AND", "&", "&&", "+"):
                toks.append(_Tok("and", text, i, j))
            elif text == "NOT":
                toks.append(_Tok("not", text, i, j))
            else:
                toks.append(_Tok("word", text, i, j))
            i = j
    return toks


class _Parser:
    """query := and; and := or+; or := unary (OR unary)*; unary := (-|NOT) unary | atom."""

    def __init__(self, toks: list[_Tok], warnings: list[str]) -> None:
        self.toks = toks
        self.pos = 0
        self.warnings = warnings

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def parse_and(self, depth: int) -> Node | None:
        nodes: list[Node] = []
        while (t := self.peek()) is not None:
            if t.kind == "rp":
                if depth > 0:
                    break
                self.warnings.append("A ')' without '(' was ignored.")
                self.pos += 1
                continue
            if t.kind == "and":
                self.pos += 1
                continue
            node = self.parse_or(depth)
            if node is not None:
                nodes.append(node)
        return _join(And, nodes)

    def parse_or(self, depth: int) -> Node | None:
        if (t := self.peek()) is not None and t.kind == "or":
            self.pos += 1
            self.warnings.append("OR needs a word on each side; it was searched as a word.")
            return Word("or", span=(t.start, t.end))
        left = self.parse_unary(depth)
        nodes = [] if left is None else [left]
        while (t := self.peek()) is not None and t.kind == "or":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "rp", "and"):
                self.warnings.append("OR needs a word on each side; it was searched as a word.")
                nodes.append(Word("or", span=(t.start, t.end)))
                break
            right = self.parse_unary(depth)
            if right is not None:
                nodes.append(right)
        return _join(Or, nodes)

    def parse_unary(self, depth: int) -> Node | None:
        t = self.peek()
        if t is None:
            return None
        if t.kind == "not":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "rp", "and", "not"):
                self.warnings.append(f"Nothing after {t.text!r} to exclude; ignored.")
                return None
            inner = self.parse_unary(depth)
            return None if inner is None else Not(inner)
        if t.kind == "lp":
            self.pos += 1
            inner = self.parse_and(depth + 1)
            if (r := self.peek()) is not None and r.kind == "rp":
                self.pos += 1
            else:
                self.warnings.append("A '(' without ')' was closed at the end.")
            return inner
        self.pos += 1
        if t.kind == "phrase":
            if not t.text.strip():
                return None
            if t.field == "tag":
                return TagFilter(" ".join(t.text.split()))
            return Phrase(t.text, t.field or "any", (t.start, t.end))
        if t.kind in ("rp", "and", "or"):  # unreachable through parse_and; kept total
            return None
        return self._atom(t)

    def _atom(self, t: _Tok) -> Node | None:
        text = t.text
        name, sep, value = text.partition(":")
        name = name.lower()
        if not sep or name not in _FIELDS:
            return _word(text, "any", (t.start, t.end), self.warnings)
        vspan = (t.start + len(name) + 1, t.end)
        if not value:
            self.warnings.append(f"{name}: needs a value, e.g. {_EXAMPLES[name]}; ignored.")
            return None
        if name == "title":
            return _word(value, "title", vspan, self.warnings)
        if name in ("type", "kind"):
            kinds = []
            for v in value.lower().split(","):
                k = _KIND_ALIASES.get(v, v)
                if k in KINDS:
                    kinds.append(k)
                elif v:
                    self.warnings.append(
                        f"Unknown type {v!r} (known: {', '.join(KINDS)}); searched as a word."
                    )
                    return _word(value, "any", vspan, self.warnings)
            return TypeFilter(tuple(dict.fromkeys(kinds))) if kinds else None
        if name == "year":
            m = re.fullmatch(r"(\d{1,4})?(?:(\.\.|-)(\d{1,4})?)?", value)
            if m and (m.group(1) or m.group(3)):
                lo = int(m.group(1)) if m.group(1) else None
                hi = int(m.group(3)) if m.group(3) else None
                if not m.group(2):
                    hi = lo
                if lo is not None and hi is not None and lo > hi:
                    lo, hi = hi, lo
                return YearFilter(lo, hi)
            self.warnings.append(
                f"year:{value} is not a year or range (try year:2001 or year:1999..2003);"
                " searched as a word."
            )
            return _word(value, "any", vspan, self.warnings)
        if name == "disc":
            return DiscFilter(value)
        if name == "tag":
            return TagFilter(value)
        if name == "has":
            if value.lower() in _HAS:
                return HasFilter(_HAS[value.lower()])
            self.warnings.append(
                f"has:{value} is not known (try has:note or has:bookmark); searched as a word."
            )
            return _word(value, "any", vspan, self.warnings)
        return PathFilter(value)


_EXAMPLES = {
    "title": "title:snowden",
    "type": "type:pdf",
    "kind": "type:pdf",
    "year": "year:2001",
    "disc": "disc:2",
    "path": "path:2013/03",
    "tag": "tag:important",
    "has": "has:note",
}


def _word(text: str, fld: str, span: tuple[int, int], warnings: list[str]) -> Node | None:
    m = re.fullmatch(r"(.+?)~(\d*)", text)
    if m and m.group(1).rstrip("~"):
        n = int(m.group(2)[:3]) if m.group(2) else 1
        if n > 2 or n < 1:
            warnings.append(f"{text}: fuzzy distance is 1 or 2; {min(max(n, 1), 2)} used.")
        return Word(m.group(1).rstrip("~"), fld, fuzzy=min(max(n, 1), 2), span=span)
    if text.endswith("*") and text.rstrip("*"):
        return Word(text.rstrip("*"), fld, prefix=True, span=span)
    if not text.strip("*~"):
        return None
    return Word(text, fld, span=span)


def _join(kind: type[And] | type[Or], nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    if len(nodes) == 1:
        return nodes[0]
    return kind(tuple(nodes))


def parse(query: str) -> ParsedQuery:
    """Parse what the user typed; problems become ``warnings``, never exceptions."""
    warnings: list[str] = []
    root = _Parser(_lex(query, warnings), warnings).parse_and(0)
    return ParsedQuery(query, root, warnings)


# --- compiling the tree into index queries ---


class UserKeys(Protocol):
    """The user's own data as the search sees it: documents as (volume id, path).

    reader.library.Library provides it; this module stays free of any storage.
    """

    def docs_tagged(self, name: str) -> set[tuple[str, str]]: ...

    def docs_having(self, what: str) -> set[tuple[str, str]]: ...

    def docs_noted(self, text: str, *, prefix: bool = False) -> set[tuple[str, str]]: ...


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
            and n.field == "any"
            and not (isinstance(n, Word) and n.fuzzy)
        ):
            prefix = isinstance(n, Word) and n.prefix
            if noted := self.user.docs_noted(n.text, prefix=prefix):
                q = ft.Bool(should=(q, ft.Keys(frozenset(noted))))
        return q

    def _user_filter(self, n: TagFilter | HasFilter) -> Q:
        if self.user is None:
            self.warnings.append(f"{n}: your library is not available here; nothing matches.")
            return _filter(ft.Keys(frozenset()))
        if isinstance(n, TagFilter):
            return _filter(ft.Keys(frozenset(self.user.docs_tagged(n.name))))
        return _filter(ft.Keys(frozenset(self.user.docs_having(n.what))))

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
                return ft.Phrase(ft.TITLE_EXACT, folds)
            alts: list[Q] = [
                ft.Phrase(ft.BODY_EXACT, folds),
                ft.Boost(ft.Phrase(ft.TITLE_EXACT, folds), TITLE_BOOST),
            ]
            if self.boiler:
                stems = tuple(ft.analyze(n.text, stem=True))
                alts.append(ft.Boost(ft.Phrase(ft.BOILER, stems), BOILER_BOOST))
            return ft.Bool(should=tuple(alts))
        if isinstance(n, TypeFilter):
            return _filter(ft.Bool(should=tuple(ft.Term(ft.KIND, k) for k in n.kinds)))
        if isinstance(n, YearFilter):
            return _filter(ft.IntRange(ft.YEAR, n.lo, n.hi))
        if isinstance(n, DiscFilter):
            alts = [ft.Term(ft.DISC, ft.fold_raw(n.label)), ft.Term(ft.VOLUME_ID, n.label)]
            if n.label.isdigit() and len(n.label) <= 9:
                alts.append(ft.IntTerm(ft.DISC_NO, int(n.label)))
            return _filter(ft.Bool(should=tuple(alts)))
        if isinstance(n, PathFilter):
            alts = [ft.Prefix(ft.PATH_LOWER, ft.fold_raw(n.fragment.strip("/")) or "/")]
            if words := tuple(ft.analyze(n.fragment, stem=False)):
                alts.append(ft.Phrase(ft.PATH_WORDS, words))
            return _filter(ft.Bool(should=tuple(alts)))
        if isinstance(n, Not):
            inner = self.node(n.node)
            return None if inner is None else ft.Bool(must_not=(inner,))
        if isinstance(n, Or):
            subs = [q for c in n.nodes if (q := self.node(c)) is not None]
            return ft.Bool(should=tuple(subs)) if subs else None
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
                ft.Boost(ft.Phrase(ft.BODY, stems), PHRASE_BOOST),
                ft.Boost(ft.Phrase(ft.TITLE, stems), PHRASE_BOOST * TITLE_BOOST),
            )
        return ft.Bool(must=tuple(must), should=should, must_not=tuple(must_not))

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
                body_q: Q = ft.Prefix(ft.BODY_EXACT, folds[0])
                title_q: Q = ft.Prefix(ft.TITLE_EXACT, folds[0])
                boiler_q: Q = ft.Prefix(ft.BOILER, folds[0])
            else:
                body_q = ft.Phrase(ft.BODY_EXACT, folds, prefix_last=True)
                title_q = ft.Phrase(ft.TITLE_EXACT, folds, prefix_last=True)
                boiler_q = ft.Phrase(ft.BOILER, folds, prefix_last=True)
            alts = [body_q, ft.Boost(title_q, TITLE_BOOST)]
        elif w.fuzzy:
            if title:
                return ft.Fuzzy(ft.TITLE_EXACT, folds[0], w.fuzzy)
            boiler_q = ft.Fuzzy(ft.BOILER, folds[0], w.fuzzy)
            alts = [
                ft.Fuzzy(ft.BODY_EXACT, folds[0], w.fuzzy),
                ft.Boost(ft.Fuzzy(ft.TITLE_EXACT, folds[0], w.fuzzy), TITLE_BOOST),
            ]
        elif len(stems) == 1:
            if title:
                return ft.Term(ft.TITLE, stems[0])
            boiler_q = ft.Term(ft.BOILER, stems[0])
            alts = [
                ft.Term(ft.BODY, stems[0]),
                ft.Boost(ft.Term(ft.TITLE, stems[0]), TITLE_BOOST),
                ft.Boost(ft.Term(ft.BODY_EXACT, folds[0]), EXACT_BOOST),
            ]
        else:  # e-mail, U.S., 2013/03: the parts next to each other
            if title:
                return ft.Phrase(ft.TITLE, stems)
            boiler_q = ft.Phrase(ft.BOILER, stems)
            alts = [ft.Phrase(ft.BODY, stems), ft.Boost(ft.Phrase(ft.TITLE, stems), TITLE_BOOST)]
        if title:
            return alts[1]
        if self.boiler:
            alts.append(ft.Boost(boiler_q, BOILER_BOOST))
        return ft.Bool(should=tuple(alts))


def _filter(q: Q) -> Q:
    # Filters select; they must not add to the relevance score.
    return ft.Boost(q, 0.0)


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
    snippet: str  # HTML-safe; matched words in <b>...</b>
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
    dym = _did_you_mean(parsed, s) if total == 0 and q is not None else None
    return SearchResult(query, total, hits, fac, dym, warnings, (time.perf_counter() - t0) * 1000.0)


def _hit(
    s: Searcher, score: float, ref: ft.DocRef, maker: ft.SnippetMaker | None, boiler: bool
) -> Hit:
    sd = s.doc(ref)
    d = sd.doc
    snippet, page = "", None
    if maker is not None:
        text = d.body if boiler else ft.mask_banners(d.body, sd.banner_ids)
        sn = maker.make(text)
        if sn.html:
            snippet = sn.html
            if d.kind == "pdf":
                page = text.count("\f", 0, sn.start) + 1
        else:
            lead = " ".join(text[: SNIPPET_CHARS * 2].split())[:SNIPPET_CHARS]
            snippet = html.escape(lead)
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
                terms = [w for w, _ in s.terms_with_prefix(ft.BODY_EXACT, folds[0], limit=64)]
            else:
                terms = [w for w, _, _ in _near_terms(s, folds[0], t.fuzzy)][:64]
            stems += [x for w in terms for x in ft.analyze(w, stem=True)]
        else:
            stems += ft.analyze(t.text, stem=True)
    return stems


# --- did you mean ---


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


def _near_terms(s: Searcher, word: str, maxd: int) -> list[tuple[str, int, int]]:
    """Index words within ``maxd`` edits of ``word``: (term, distance, docs), best first.

    Candidates share the first two letters (or have them swapped): a typo there is rare,
    and reading the whole term dictionary would cost far more.
    """
    prefixes = {word[:2], word[1::-1]} if len(word) >= 4 else {word[:1]}
    out: dict[str, tuple[int, int]] = {}
    for p in prefixes:
        for term, docs in s.terms_with_prefix(ft.BODY_EXACT, p, limit=50_000):
            if term != word and (d := _distance(word, term, maxd)) <= maxd:
                out[term] = (d, docs)
    return sorted(((t, d, n) for t, (d, n) in out.items()), key=lambda x: (x[1], -x[2], x[0]))


def _did_you_mean(parsed: ParsedQuery, s: Searcher) -> str | None:
    """The query with each unknown word replaced by the most common near index word."""
    fixes: list[tuple[tuple[int, int], str]] = []
    for t in parsed.positive_terms():
        if not isinstance(t, Word) or t.prefix or t.fuzzy or t.span == (0, 0):
            continue
        folds = ft.analyze(t.text, stem=False)
        stems = ft.analyze(t.text, stem=True)
        if len(folds) != 1 or len(folds[0]) < 3:
            continue
        if s.doc_freq(ft.BODY, stems[0]) or s.doc_freq(ft.TITLE, stems[0]):
            continue
        near = _near_terms(s, folds[0], 1 if len(folds[0]) <= 4 else 2)
        if near:
            fixes.append((t.span, near[0][0]))
    if not fixes:
        return None
    out = parsed.text
    for (a, b), repl in sorted(fixes, reverse=True):
        out = out[:a] + repl + out[b:]
    return out
