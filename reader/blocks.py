"""Text blocks (paragraphs and long lines) with stable ids, for spotting repeated site banners.

Pure and cheap to import: the full-text writer counts blocks across documents, and the
pipeline's worker processes compute them beside extraction, off the single writer.

A block is a plain ``(start, end, id)`` tuple, the id a 64-bit integer: a document has a
dozen or more, and tuples of ints cost the least to make, to pickle between processes and
to count. ``bid_hex`` gives the 16-hex-digit form that the index stores.
"""

from __future__ import annotations

import hashlib
import re

_PARA_RE = re.compile(r"[^\n\f]*(?:\n(?![ \t\r]*(?:\n|\f|$))[^\n\f]*)*")
_WORD_RE = re.compile(r"\w")
MIN_BLOCK_CHARS = 40
# Banners are a site's headers and footers: only paragraphs that start in the first, or
# end in the last, this many characters are blocks. A paragraph repeated in the middle of
# many long documents (a quoted statute, a standard clause) is their content; and a
# 300-page PDF costs no more here than a web page.
EDGE_CHARS = 3000

# (start, end, id): the block's character span in the text and a hash of its
# whitespace-normalised text.
Block = tuple[int, int, int]


def block_id(norm: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "big")


def bid_hex(bid: int) -> str:
    return f"{bid:016x}"


def normalise_block(text: str) -> str:
    return " ".join(text.split())


def blocks(text: str) -> list[Block]:
    """Paragraphs (blank-line separated) and lines long enough to be a banner, with offsets,
    near the start and the end of the text (see EDGE_CHARS).

    Runs once per indexed document (in the workers), so each line is normalised once and
    a paragraph's normal form is built from its lines' (the same words, joined by spaces).
    """
    out: list[Block] = []
    minimum = MIN_BLOCK_CHARS
    head_end, tail_start = EDGE_CHARS, len(text) - EDGE_CHARS
    for m in _PARA_RE.finditer(text):
        start, end = m.span()
        if end - start < minimum or (start >= head_end and end <= tail_start):
            continue
        para = m.group()
        if "\n" not in para:
            norm = " ".join(para.split())
            if len(norm) >= minimum and _WORD_RE.search(norm):
                out.append((start, end, block_id(norm)))
            continue
        words: list[str] = []
        lines: list[Block] = []
        pos = start
        for line in para.split("\n"):
            ln = " ".join(line.split())
            if ln:
                words.append(ln)
                if len(ln) >= minimum and _WORD_RE.search(ln):
                    lines.append((pos, pos + len(line), block_id(ln)))
            pos += len(line) + 1
        norm = " ".join(words)
        if len(norm) >= minimum and (lines or _WORD_RE.search(norm)):
            out.append((start, end, block_id(norm)))
        out.extend(lines)
    return out
