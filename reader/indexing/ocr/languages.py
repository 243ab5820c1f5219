"""Which language a page is in, told from the words one OCR pass read: stop words.

OCR with one language model costs about half of OCR with four (Tesseract tries every
model on the words it is unsure of), so the engine reads with the first configured
language and re-reads with another only where the page's words say so. Stop words are the
short function words every sentence has ("the", "und", "les", "los"); most have no accent
and so survive a pass with a model that lacks the page's accents (English on French
text reads "les" and "dans", not "été"). Each word of STOP_WORDS belongs to one language
only; the words two of them share ("de", "que", "des", "in") are SHARED.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["SHARED", "STOP_WORDS", "can_tell", "page_language", "stop_word_counts"]


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOP_WORDS: dict[str, frozenset[str]] = {
    "eng": _listed(
        """the and of to is that for with this are be it as by from which have not or at
        but can you your they their been were has would there these when if all more
        should may other into than then only any each such its we our how what who does
        must could about after before between through while where being those most very
        just some over"""
    ),
    "fra": _listed(
        """le les et est une pour dans qui pas sur au aux ce ces cette il ils elle elles
        sont avec par ne sa ses leur leurs nous vous mais ou où être été peut fait comme
        tout tous toutes aussi très même donc ainsi lorsque dont cela chaque votre notre
        vos je peuvent doit faut"""
    ),
    "deu": _listed(
        """der die und das ist nicht mit den von sie ein eine einen einem einer auf für dem
        sich auch im zu zum zur werden wird wenn oder aber wie bei nach aus noch nur kann
        können sind wir ich dass daß diese dieser dieses diesem hat haben über durch als um
        vom unter sein ihr ihre wurde muss"""
    ),
    "spa": _listed(
        """el los las del una por con para lo al como más pero sus este esta está también
        hay muy puede sobre cuando donde ser ha han desde todos otros otra ya cada estos
        estas pueden debe mismo así uno porque aunque tiene tienen hace ese esa eso esto
        sólo solo algunos"""
    ),
}
# Words as frequent in two of the languages: each counts half to each (so they say "not
# English" on a Spanish page as well as "los" does, but not "Spanish or French").
_SHARED_BY: dict[tuple[str, ...], str] = {
    ("fra", "spa"): "de la que en un se si son nos entre",
    ("fra", "deu"): "des",
    ("deu", "spa"): "es",
    ("eng", "deu"): "in an so",
    ("eng", "spa"): "no",
}
SHARED: dict[str, tuple[str, ...]] = {
    word: pair for pair, words in _SHARED_BY.items() for word in words.split()
}
# Fewer stop words than this in a page's words: too few to say anything (a title page, a
# table of numbers, noise).
MIN_STOP_WORDS = 6
# Another language is chosen when it has at least this share of the stop words found.
OTHER_SHARE = 0.3
_WORD = re.compile(r"[^\W\d_]{2,}")


def stop_word_counts(words: Iterable[str], languages: Sequence[str]) -> dict[str, float]:
    """How many of `words` (as read: case and punctuation as they come) are stop words of
    each of `languages` that has a list (the others get none). A word of SHARED counts
    a share to each of its languages that is among `languages`."""
    counts = {lang: 0.0 for lang in languages if lang in STOP_WORDS}
    for word in words:
        for token in _WORD.findall(word.casefold()):
            owners = [lang for lang in SHARED.get(token, ()) if lang in counts]
            for lang in owners:
                counts[lang] += 1 / len(owners)
            if not owners:
                for lang in counts:
                    if token in STOP_WORDS[lang]:
                        counts[lang] += 1
    return counts


def page_language(words: Iterable[str], languages: Sequence[str]) -> str:
    """The language of `languages` to read a page with, told from the `words` a pass read:
    the first when the words look like it, else the other one whose stop words are most
    frequent; "" when the words hold too few stop words to tell.

    Another language wins with less than half of the stop words (OTHER_SHARE): its model
    reads the first language's words too (French, German or Spanish on English pages:
    0.99 of the words, as English does), while English drops the accents of theirs."""
    counts = stop_word_counts(words, languages)
    total = sum(counts.values())
    if total < MIN_STOP_WORDS:
        return ""
    first = languages[0]
    others = [lang for lang in counts if lang != first]
    if others:
        other = max(others, key=lambda lang: counts[lang])  # ties: the one configured first
        if counts[other] >= OTHER_SHARE * total:
            return other
    return first


def can_tell(languages: Sequence[str]) -> bool:
    """Whether page_language can choose among `languages`: all of them have stop words
    (a language without them could never be chosen, so such a set is read at once)."""
    return len(languages) > 1 and all(lang in STOP_WORDS for lang in languages)
