"""The one text analysis: what a word is, its exact and related forms, and where a query's
words stand in a text.

The index holds each word in two forms (reader.store.fulltext, tantivy's analyzers, which
this module calls for every form it computes): *exact*, as written in lower case with its
accents ("élévation"), and *related*, accents folded and stemmed ("elev"), which is what
"elevation", "élévations" and "elevated" share. The query compiler, the snippets and every
viewer's highlighter (PDF, HTML, text) find words through `QueryTerms.marks`, so what the
results list marks is exactly what the opened document marks, inflections and accents
included, and never a piece of a longer word ("git" is not in "gitrevisions").

Chinese and Japanese text has no spaces: each Han or kana character is a word of its own
(reader.store.words), so a CJK word or sentence counts as the phrase of its characters.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache

from reader.search.fold_table import FOLD
from reader.search.syntax import ParsedQuery, Phrase, Word, parse
from reader.store.fulltext import Form, analyze
from reader.store.words import CJK_CHARS, MAX_TOKEN_BYTES, has_cjk, is_cjk

# A word, as the index's analyzers cut them: a run of letters and digits, or one CJK letter
# (the first branch stops at one, the second takes it). In a text without CJK letters, that
# is any run of letters and digits: the plain patterns serve those texts. The CJK-aware ones
# are compiled only for texts that have CJK letters: a class this wide costs milliseconds to
# compile, and a query's pattern holds it twice (each query paid it, as did each start of
# the command line).
_RUN = rf"[^\W_{CJK_CHARS}]"
_PLAIN_RUN = r"[^\W_]"
_PLAIN_WORD = re.compile(rf"{_PLAIN_RUN}+")


@cache
def _cjk_word() -> re.Pattern[str]:
    return re.compile(rf"{_RUN}+|[^\W_]")


def _word_pattern(cjk: bool) -> re.Pattern[str]:
    return _cjk_word() if cjk else _PLAIN_WORD


@lru_cache(maxsize=200_000)
def _form(word: str, form: Form) -> str:
    out = analyze(word, form)
    return out[0] if len(out) == 1 else ""


def exact_form(word: str) -> str:
    """The word as the exact fields hold it: lower case, accents kept ("" if not a word)."""
    return _form(word, Form.EXACT)


def folded_form(word: str) -> str:
    """Lower case, accents folded: "Élévation" -> "elevation"."""
    return _form(word, Form.FOLDED)


def related_form(word: str) -> str:
    """Folded and stemmed: the form every inflection shares ("elevations" -> "elev")."""
    return _form(word, Form.STEM)


def words(text: str) -> list[str]:
    """The words of `text`, in order, as written."""
    return [
        w
        for w in _word_pattern(has_cjk(text)).findall(text)
        if len(w.encode("utf-8", "surrogatepass")) < MAX_TOKEN_BYTES
    ]


def one_to_one_fold() -> dict[int, int]:
    """Lower case and accents off, one character for one, so that offsets stay valid:
    enough to find where a word may stand; every candidate is then analyzed properly.
    Computed here, read from reader.search.fold_table (written by packaging/fold_table.py)."""
    table: dict[int, int] = {}
    for code in range(0x80, 0x2000):
        c = chr(code)
        low = c.lower()
        base = unicodedata.normalize("NFD", low)[0] if len(low) == 1 else c
        if base != c and len(base) == 1:
            table[code] = ord(base)
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    return table


@cache
def _fold_list() -> list[int]:
    # str.translate looks a character up in its table; in a dict, every character the
    # table does not hold (most letters) raises a KeyError inside, and a long page took
    # half a millisecond or more. A list holding every character up to the CJK blocks
    # (itself where nothing changes) is four times faster; beyond it, IndexError leaves
    # the character as it is, as the dict did.
    table = list(range(0x3000))
    for code, folded in FOLD.items():
        table[code] = folded
    return table


@cache
def _folding_to() -> dict[str, str]:
    """Each letter rough_fold gives -> every letter it gives it for (itself first)."""
    sources: dict[str, list[str]] = {}
    for code, folded in FOLD.items():
        sources.setdefault(chr(folded), [chr(folded)]).append(chr(code))
    return {c: "".join(found) for c, found in sources.items()}


def _unfolded(start: str) -> str:
    """A regex for what `start` (rough-folded) stands for in a text as written."""
    table = _folding_to()
    return "".join(f"[{re.escape(table[c])}]" if c in table else re.escape(c) for c in start)


def rough_fold(text: str) -> str:
    """`text` lower-cased and unaccented, character for character (same length)."""
    if text.isascii():
        return text.lower()
    return text.translate(_fold_list())


@dataclass(frozen=True)
class WordTerm:
    """One word of a query, and what in a text counts as it.

    Attributes:
        exact: the very form typed (exact_form); a word in this form is an exact hit.
        related: its related form; a word sharing it is a related hit (other forms, other
            accents). "" when only the exact form counts (a quoted word).
        prefix: the word was typed as a prefix (surveil*): words starting with it count.
        alternatives: exact forms from the index that count too (a fuzzy~ word's near
            words, a prefix's completions), already found by the search.
    """

    exact: str
    related: str = ""
    prefix: bool = False
    alternatives: frozenset[str] = field(default=frozenset())

    def hit(self, token: str) -> int:
        """2 for an exact hit, 1 for a related one, 0 for none."""
        ex = exact_form(token)
        if not ex:
            return 0
        if ex == self.exact or ex in self.alternatives:
            return 2
        if self.prefix and (
            ex.startswith(self.exact) or folded_form(token).startswith(folded_form(self.exact))
        ):
            return 2
        if self.related and related_form(token) == self.related:
            return 1
        return 0

    def starts(self) -> set[str]:
        """How a word that counts as this one may begin, roughly folded (for a first look)."""
        firsts = {self.exact, self.related, *self.alternatives}
        return {rough_fold(f)[:3] for f in firsts if f}


@dataclass(frozen=True)
class Mark:
    """Where a query word or phrase stands in a text: [start, end), exact or related."""

    start: int
    end: int
    exact: bool


@dataclass(frozen=True)
class QueryTerms:
    """The words and phrases of a query that a text is marked with (plain data).

    Attributes:
        words: each counts wherever it stands.
        phrases: each counts only as its words in a row (with nothing but spaces and
            punctuation between them); their words are not marked alone.
    """

    words: tuple[WordTerm, ...] = ()
    phrases: tuple[tuple[WordTerm, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def marks(self, text: str, limit: int | None = None) -> list[Mark]:
        """Every occurrence of the query's words and phrases in `text`, in order; with
        `limit`, the first ones only (a snippet needs a few, not all of a long page)."""
        if not self or not text:
            return []
        found = list(itertools.islice(self._candidates(text), limit))
        found.sort(key=lambda m: (m.start, -m.end))
        out: list[Mark] = []
        for m in found:  # overlaps: the longer (a phrase) wins
            if out and m.start < out[-1].end:
                continue
            out.append(m)
        return out

    @cached_property
    def _firsts(self) -> dict[str, list[WordTerm | tuple[WordTerm, ...]]]:
        """What each candidate word may begin with, roughly folded, and whose it is."""
        firsts: dict[str, list[WordTerm | tuple[WordTerm, ...]]] = {}
        for term in self.words:
            for start in term.starts():
                firsts.setdefault(start, []).append(term)
        for phrase in self.phrases:
            for start in phrase[0].starts():
                firsts.setdefault(start, []).append(phrase)
        return firsts

    @cached_property
    def _ascii_pattern(self) -> re.Pattern[str] | None:
        """Where a candidate word stands in an ASCII text, lower-cased."""
        runs = self._runs(re.escape)
        return re.compile(f"(?<!{_PLAIN_RUN})(?:{runs}){_PLAIN_RUN}*") if runs else None

    @cached_property
    def _latin_pattern(self) -> re.Pattern[str] | None:
        """Where a candidate word stands in a text without CJK letters, as it is written."""
        runs = self._runs(_unfolded)
        return re.compile(f"(?<!{_PLAIN_RUN})(?:{runs}){_PLAIN_RUN}*") if runs else None

    @cached_property
    def _cjk_pattern(self) -> re.Pattern[str] | None:
        """Where a candidate word stands in any text: a run stops at a CJK letter."""
        runs = self._runs(_unfolded)
        cjk = [re.escape(s[0]) for s in self._starts if is_cjk(s[0])]  # a word of one letter
        alts = [f"(?<!{_RUN})(?:{runs}){_RUN}*"] if runs else []
        alts += [f"[{''.join(cjk)}]"] if cjk else []
        return re.compile("|".join(alts)) if alts else None

    def _runs(self, written: Callable[[str], str]) -> str:
        """The starts that begin a run of letters, each as `written` makes it a regex."""
        return "|".join(written(s) for s in self._starts if not is_cjk(s[0]))

    @cached_property
    def _starts(self) -> list[str]:
        return sorted(self._firsts, key=len, reverse=True)

    def _candidates(self, text: str) -> Iterator[Mark]:
        # An ASCII text is scanned lower-cased; any other as it is written, with each letter
        # of a start standing for every letter that folds to it: folding a long text
        # first (str.translate) cost more than the scan.
        firsts = self._firsts
        if text.isascii():
            pattern, scanned, cjk = self._ascii_pattern, text.lower(), False
        else:
            cjk = has_cjk(text)
            pattern, scanned = (self._cjk_pattern if cjk else self._latin_pattern), text
        if pattern is None:
            return
        word = _word_pattern(cjk)
        for m in pattern.finditer(scanned):
            token = text[m.start() : m.end()]
            folded = rough_fold(token) if scanned is text else scanned[m.start() : m.end()]
            for what in _lookup(firsts, folded):
                if isinstance(what, WordTerm):
                    level = what.hit(token)
                    if level:
                        yield Mark(m.start(), m.end(), level == 2)
                else:
                    end, exact = _phrase_at(what, text, m.end(), token, word)
                    if end:
                        yield Mark(m.start(), end, exact)


def _lookup(
    firsts: dict[str, list[WordTerm | tuple[WordTerm, ...]]], candidate: str
) -> list[WordTerm | tuple[WordTerm, ...]]:
    out: list[WordTerm | tuple[WordTerm, ...]] = []
    for n in (3, 2, 1):
        out += firsts.get(candidate[:n], [])
    return list(dict.fromkeys(out))


# Between two words: spaces and punctuation, or nothing next to a CJK character.
_GAP = re.compile(r"[\W_]*")


def _phrase_at(
    phrase: Sequence[WordTerm], text: str, end: int, token: str, word_pattern: re.Pattern[str]
) -> tuple[int, bool]:
    """(end, all exact) of `phrase` when it stands in `text` with `token` (ending at `end`)
    as its first word, else (0, False)."""
    level = phrase[0].hit(token)
    if not level:
        return 0, False
    exact = level == 2
    pos = end
    for term in phrase[1:]:
        gap = _GAP.match(text, pos)
        word = word_pattern.match(text, gap.end()) if gap else None
        if word is None:
            return 0, False
        level = term.hit(word.group())
        if not level:
            return 0, False
        exact = exact and level == 2
        pos = word.end()
    return pos, exact


def word_term(text: str, *, exact_only: bool = False, prefix: bool = False) -> WordTerm | None:
    """A query word as typed (one word of letters and digits); None when it is not one."""
    ex = exact_form(text)
    if not ex:
        return None
    return WordTerm(ex, "" if exact_only or prefix else related_form(text), prefix)


def phrase_terms(text: str, *, exact_only: bool) -> tuple[WordTerm, ...]:
    return tuple(t for w in words(text) if (t := word_term(w, exact_only=exact_only)))


# A fuzzy~ word's near words from the index: (the word, its distance) -> exact forms.
Expand = Callable[[str, int], Iterable[str]]


def query_terms(
    parsed: ParsedQuery, expand: Expand | None = None, *, relaxed: bool = False
) -> QueryTerms:
    """What a text is marked with for this query: its words and phrases (title-only words
    aside). `expand` finds a fuzzy~ word's near words (without it, the word alone);
    `relaxed`: quoted words count in any form too (the search relaxed them)."""
    found: list[WordTerm] = []
    phrases: list[tuple[WordTerm, ...]] = []
    for t in parsed.positive_terms():
        if t.field == "title":
            continue
        if isinstance(t, Word) and (t.prefix or t.fuzzy):
            term = word_term(t.text, prefix=t.prefix)
            if term is None:
                parts = phrase_terms(t.text, exact_only=True) if t.prefix else ()
                if len(parts) > 1:  # コンピ*, e-mai*: its words in a row, the last a prefix
                    phrases.append((*parts[:-1], replace(parts[-1], prefix=True)))
                continue
            if t.fuzzy:
                near = frozenset(expand(term.exact, t.fuzzy)) if expand else frozenset()
                term = WordTerm(term.exact, "", False, near)
            found.append(term)
            continue
        exact_only = isinstance(t, Phrase) and not relaxed
        parts = phrase_terms(t.text, exact_only=exact_only)
        if len(parts) == 1:
            found.append(parts[0])
        elif parts:  # a phrase, or a word in parts (e-mail, U.S.): in a row
            phrases.append(parts)
    return QueryTerms(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(phrases)))


def terms_for(query: str) -> QueryTerms:
    """The marks of a query as typed, with no index at hand (fuzzy~ words mark themselves)."""
    return query_terms(parse(query))
