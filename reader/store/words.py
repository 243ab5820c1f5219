"""What the index counts as a word: the forms it holds, and CJK characters one word each."""

from __future__ import annotations

import re
from enum import StrEnum

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
# Only the letters among these count (not 、。「」); the blocks, for a regex character class:
CJK_CHARS = (
    "\u3000-\u30ff"  # ideographic marks (々 〆 〇), Hiragana, Katakana
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf\u4e00-\u9fff"  # Han: extension A, the unified ideographs
    "\uf900-\ufaff"  # Han compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U0001aff0-\U0001b16f"  # Kana extensions and supplement
    "\U00020000-\U0003ffff"  # Han extensions B to I, compatibility supplement
)
_CJK = re.compile(f"[{CJK_CHARS}]")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")


def space_cjk(text: str) -> str:
    """`text` with a space on each side of every CJK character: what the index's analyzers
    are given, in the documents and in the queries alike.

    tantivy's simple tokenizer keeps a run of letters as one word (a whole Chinese clause);
    spaced, each character is one, at its own position. Its regex tokenizer can cut the
    same way, but it made the index writer three times slower on the real corpus's text
    (a quarter more indexing time); this costs a scan of the non-ASCII texts (2 % of it).
    """
    if text.isascii() or _CJK.search(text) is None:
        return text
    return _CJK_RUN.sub(lambda m: f" {' '.join(m.group())} ", text)  # a run: 3x faster
