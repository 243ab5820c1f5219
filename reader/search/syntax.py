"""The query language users type: a forgiving parser from text to a syntax tree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from reader.plain_data import same_type_equality
from reader.sentences import QT_TRANSLATE_NOOP

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
#: Brackets deeper than this are dropped with a warning. The parser, the compiler and the
#: tree's str() recurse once per level, and nobody means 400 levels; 32 keeps all of them
#: far from Python's recursion limit.
MAX_NESTING = 32
_OR_ALONE = QT_TRANSLATE_NOOP("Core", "OR needs a word on each side; it was searched as a word.")
_HAS = {"note": "note", "notes": "note", "bookmark": "bookmark", "bookmarks": "bookmark"}


# --- the query's syntax tree ---


class Word(NamedTuple):
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


class Phrase(NamedTuple):
    text: str
    field: str = "any"
    span: tuple[int, int] = (0, 0)

    def __str__(self) -> str:
        head = "" if self.field == "any" else f"{self.field}:"
        return f'{head}"{self.text}"'


class TypeFilter(NamedTuple):
    kinds: tuple[str, ...]

    def __str__(self) -> str:
        return "type:" + ",".join(self.kinds)


class YearFilter(NamedTuple):
    lo: int | None
    hi: int | None

    def __str__(self) -> str:
        if self.lo == self.hi:
            return f"year:{self.lo}"
        return f"year:{self.lo or ''}..{self.hi or ''}"


class DiscFilter(NamedTuple):
    label: str

    def __str__(self) -> str:
        return f"disc:{self.label}"


class PathFilter(NamedTuple):
    fragment: str

    def __str__(self) -> str:
        return f"path:{self.fragment}"


class TagFilter(NamedTuple):
    """Documents the user tagged with ``name`` (matched as the library normalises tags)."""

    name: str

    def __str__(self) -> str:
        return f'tag:"{self.name}"' if " " in self.name else f"tag:{self.name}"


class HasFilter(NamedTuple):
    """Documents with something of the user's: a "note" or a "bookmark"."""

    what: str

    def __str__(self) -> str:
        return f"has:{self.what}"


class Not(NamedTuple):
    node: Node

    def __str__(self) -> str:
        return f"-{self.node}"


class Or(NamedTuple):
    nodes: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " OR ".join(map(str, self.nodes)) + ")"


class And(NamedTuple):
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
same_type_equality(
    Word, Phrase, TypeFilter, YearFilter, DiscFilter, PathFilter, TagFilter, HasFilter, Not, Or, And
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


class _Tok(NamedTuple):
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
                warnings.append(
                    QT_TRANSLATE_NOOP(
                        "Core", "Unbalanced quote: the rest was searched as plain words."
                    )
                )
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
                self.warnings.append(QT_TRANSLATE_NOOP("Core", "A ')' without '(' was ignored."))
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
            self.warnings.append(_OR_ALONE)
            return Word("or", span=(t.start, t.end))
        left = self.parse_unary(depth)
        nodes = [] if left is None else [left]
        while (t := self.peek()) is not None and t.kind == "or":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "rp", "and"):
                self.warnings.append(_OR_ALONE)
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
                self.warnings.append(
                    QT_TRANSLATE_NOOP("Core", "Nothing after {word!r} to exclude; ignored.").format(
                        word=t.text
                    )
                )
                return None
            inner = self.parse_unary(depth)
            return None if inner is None else Not(inner)
        if t.kind == "lp":
            self.pos += 1
            inner = self.parse_and(depth + 1)
            if (r := self.peek()) is not None and r.kind == "rp":
                self.pos += 1
            else:
                self.warnings.append(
                    QT_TRANSLATE_NOOP("Core", "A '(' without ')' was closed at the end.")
                )
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
            self.warnings.append(
                QT_TRANSLATE_NOOP("Core", "{name}: needs a value, e.g. {example}; ignored.").format(
                    name=name, example=_EXAMPLES[name]
                )
            )
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
                        QT_TRANSLATE_NOOP(
                            "Core", "Unknown type {value!r} (known: {kinds}); searched as a word."
                        ).format(value=v, kinds=", ".join(KINDS))
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
                QT_TRANSLATE_NOOP(
                    "Core",
                    "year:{value} is not a year or range (try year:2001 or year:1999..2003);"
                    " searched as a word.",
                ).format(value=value)
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
                QT_TRANSLATE_NOOP(
                    "Core",
                    "has:{value} is not known (try has:note or has:bookmark); searched as a word.",
                ).format(value=value)
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
            warnings.append(
                QT_TRANSLATE_NOOP("Core", "{word}: fuzzy distance is 1 or 2; {used} used.").format(
                    word=text, used=min(max(n, 1), 2)
                )
            )
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


def _flatten_deep(toks: list[_Tok], warnings: list[str]) -> list[_Tok]:
    """The tokens without the brackets nested deeper than MAX_NESTING (their words stay)."""
    out: list[_Tok] = []
    depth = 0
    for t in toks:
        if t.kind == "lp":
            depth += 1
            if depth > MAX_NESTING:
                continue
        elif t.kind == "rp" and depth > 0:
            depth -= 1
            if depth >= MAX_NESTING:
                continue
        out.append(t)
    if len(out) < len(toks):
        warnings.append(
            QT_TRANSLATE_NOOP(
                "Core", "Brackets nested more than {depth} deep: the inner ones were ignored."
            ).format(depth=MAX_NESTING)
        )
    return out


def parse(query: str) -> ParsedQuery:
    """Parse what the user typed; problems become ``warnings``, never exceptions."""
    warnings: list[str] = []
    root = _Parser(_flatten_deep(_lex(query, warnings), warnings), warnings).parse_and(0)
    # Said once each: 400 stray brackets are one thing to fix, not 400.
    return ParsedQuery(query, root, list(dict.fromkeys(warnings)))


def quote_words(query: str) -> str:
    """`query` with each of its plain words in quotes: only the forms typed count then
    ("readability" is not "readable")."""
    parsed = parse(query)
    spans = [
        t.span
        for t in parsed.positive_terms()
        if isinstance(t, Word) and not t.prefix and not t.fuzzy and t.span != (0, 0)
    ]
    out = query
    for a, b in sorted(spans, reverse=True):
        out = f'{out[:a]}"{out[a:b]}"{out[b:]}'
    return out
