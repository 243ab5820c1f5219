"""What the index counts as a word: the forms it holds, and CJK characters one word each."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

# Words longer than this are noise (base64, hashes) and bloat the term dictionary.
MAX_TOKEN_BYTES = 40


class Form(StrEnum):
    """How a word is indexed: as typed, accent-folded, or reduced to its stem."""

    EXACT = "exact"  # lower case, accents kept: "Élévation" -> "élévation"
    FOLDED = "folded"  # lower case, accents folded: "élévation" -> "elevation"
    STEM = "stem"  # folded, then the English stem: "elevations" -> "elev"


# Chinese and Japanese are written without spaces: each Han, Hiragana or Katakana character
# is a word of its own, so that a word or sentence of them is a phrase of its characters and
# any word inside a sentence is found. Hangul is not here: Korean puts spaces between words.
# Only the letters among these count (not 、。「」); the blocks:
CJK_RANGES = (
    (0x3000, 0x30FF),  # ideographic marks (々 〆 〇), Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # Han: extension A
    (0x4E00, 0x9FFF),  # Han: the unified ideographs
    (0xF900, 0xFAFF),  # Han compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x1AFF0, 0x1B16F),  # Kana extensions and supplement
    (0x20000, 0x3FFFF),  # Han extensions B to I, compatibility supplement
)
# The same, for a regex character class.
CJK_CHARS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES)


def is_cjk(char: str) -> bool:
    """`char` (one character) is a CJK letter, a word of its own."""
    code = ord(char)
    return code >= 0x3000 and any(lo <= code <= hi for lo, hi in CJK_RANGES)


@cache
def _cjk_run() -> re.Pattern[str]:
    # Compiled when a text first needs it: a class this wide costs 4-8 ms to compile,
    # which every start of the command line paid, whatever it searched.
    return re.compile(f"[{CJK_CHARS}]+")


@cache
def _beyond_cjk_start() -> re.Pattern[str]:
    # Any character from U+3000 on: a class of one range, a fraction of the cost.
    return re.compile(r"[^\x00-\u2fff]")


def has_cjk(text: str) -> bool:
    """`text` holds a CJK letter (their punctuation, 〈 。 and the ideographic space, cut
    words as any other does). Each character from U+3000 on is looked at in turn: a text
    with none (accented Latin, Greek, Cyrillic) is known at once, one with a few needs no
    pattern over the CJK blocks, and one in Chinese or Japanese stops at its first letter."""
    if text.isascii():
        return False
    return any(
        is_cjk(c) and c.isalnum() for c in map(re.Match.group, _beyond_cjk_start().finditer(text))
    )


def space_cjk(text: str) -> str:
    """`text` with a space on each side of every CJK character: what the index's analyzers
    are given, in the documents and in the queries alike.

    tantivy's simple tokenizer keeps a run of letters as one word (a whole Chinese clause);
    spaced, each character is one, at its own position. Its regex tokenizer can cut the
    same way, but it made the index writer three times slower on the real corpus's text
    (a quarter more indexing time); this costs a scan of the non-ASCII texts (2 % of it).
    """
    if not has_cjk(text):
        return text
    return _cjk_run().sub(lambda m: f" {' '.join(m.group())} ", text)  # a run: 3x faster
