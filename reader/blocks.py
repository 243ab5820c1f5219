"""Text blocks (paragraphs and long lines) with stable ids, for spotting repeated site banners.

Pure and cheap to import: the full-text writer counts blocks across documents, and the
pipeline's worker processes compute them beside extraction, off the single writer.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

_PARA_RE = re.compile(r"[^\n\f]*(?:\n(?![ \t\r]*(?:\n|\f|$))[^\n\f]*)*")
_LINE_RE = re.compile(r"[^\n\f]+")
_WORD_RE = re.compile(r"\w")
MIN_BLOCK_CHARS = 40


class Block(NamedTuple):
    """A block's character span in the text and its id."""

    start: int
    end: int
    bid: str  # 16 hex digits of a hash of the whitespace-normalised text


def block_id(norm: str) -> str:
    return hashlib.blake2b(norm.encode(), digest_size=8).hexdigest()


def normalise_block(text: str) -> str:
    return " ".join(text.split())


def blocks(text: str) -> list[Block]:
    """Paragraphs (blank-line separated) and lines long enough to be a banner, with offsets."""
    out: list[Block] = []

    def add(start: int, end: int, raw: str) -> None:
        norm = normalise_block(raw)
        if len(norm) >= MIN_BLOCK_CHARS and _WORD_RE.search(norm):
            out.append(Block(start, end, block_id(norm)))

    for m in _PARA_RE.finditer(text):
        start, end = m.span()
        if end - start < MIN_BLOCK_CHARS:
            continue
        para = m.group()
        add(start, end, para)
        if "\n" in para:
            for lm in _LINE_RE.finditer(para):
                if lm.end() - lm.start() >= MIN_BLOCK_CHARS:
                    add(start + lm.start(), start + lm.end(), lm.group())
    return out
