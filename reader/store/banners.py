"""Site banners: text blocks (paragraphs, long lines) with stable ids, counted across documents.

Pure and cheap to import: the full-text writer counts blocks across documents, and the
pipeline's worker processes compute them beside extraction, off the single writer.

A block is a plain ``(start, end, id)`` tuple, the id a 64-bit integer: a document has a
dozen or more, and tuples of ints cost the least to make, to pickle between processes and
to count. ``bid_hex`` gives the 16-hex-digit form that the index stores.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

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


# --- banners: blocks repeated across many documents ---

# 2: blocks count once per document; a version-1 file (counted repeats) is recounted.
_BANNER_MAGIC = b"ARBANNR2"


def banner_spans(
    text: str, banned: Iterable[int], bl: Sequence[Block] | None = None
) -> list[tuple[int, int]]:
    """Character spans of the blocks of ``text`` whose ids are in ``banned``, merged."""
    ban = set(banned)
    if not ban:
        return []
    spans = sorted((s, e) for s, e, k in (blocks(text) if bl is None else bl) if k in ban)
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def split_out(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[str]]:
    """`text` without the `spans` (joined by newlines), and the texts taken out."""
    if not spans:
        return text, []
    kept: list[str] = []
    taken: list[str] = []
    pos = 0
    for start, end in spans:
        kept.append(text[pos:start])
        taken.append(text[start:end])
        pos = end
    kept.append(text[pos:])
    return "\n".join(kept), taken


def mask_banners(text: str, banned: Iterable[str], bl: Sequence[Block] | None = None) -> str:
    """``text`` with banner blocks (hex ids, as StoredDoc.banner_ids) blanked out, same
    length (offsets and pages stay valid). `bl`: the text's blocks, when known."""
    return mask_spans(text, banner_spans(text, {int(h, 16) for h in banned}, bl))


def mask_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the characters of `spans` made spaces (line and page breaks kept)."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for s, e in spans:
        parts.append(text[pos:s])
        parts.append(re.sub(r"[^\n\f]", " ", text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


class BannerCounts:
    """How many documents in the index carry each block; persisted at each commit.

    Counts are per live document (a replaced or deleted document gives its counts back), so
    the final banner set depends on the index content only, not on the order of adding.
    """

    # Above this many distinct blocks, blocks seen once are forgotten (lossy counting) to
    # bound memory; a banner is far past a count of 1 by the time the table is that big.
    CAP = 400_000

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.texts: dict[int, str] = {}  # texts of blocks that reached min_docs
        self.explicit: set[int] = set()
        self.docs = 0
        self.opstamp = -1

    def change(
        self, bl: Sequence[Block], delta: int, min_docs: int, body: str | None = None
    ) -> None:
        self.docs += delta
        counts = self.counts
        # A block counts once per document: a line repeated on every page of one long
        # report is that report's text, not a banner. (First span of each id kept.)
        distinct = {k: (start, end) for start, end, k in reversed(bl)}
        for k, (start, end) in distinct.items():
            n = counts.get(k, 0) + delta
            if n > 0:
                counts[k] = n
                if n >= min_docs and k not in self.texts and body is not None:
                    self.texts[k] = normalise_block(body[start:end])
            else:
                counts.pop(k, None)
        if len(self.counts) > self.CAP:
            self.counts = {k: n for k, n in self.counts.items() if n > 1}

    def count(self, bid: int) -> int:
        return self.counts.get(bid, 0)

    def name_banners(self, banners: Iterable[str]) -> None:
        """Texts that are banners whatever their counts (an archive.toml names them)."""
        for text in banners:
            if text.strip():
                bid = block_id(normalise_block(text))
                self.explicit.add(bid)
                self.texts[bid] = normalise_block(text)

    def is_banner(self, bid: int, min_docs: int, min_fraction: float) -> bool:
        """At least `min_docs` documents, and `min_fraction` of all, carry the block."""
        if bid in self.explicit:
            return True
        n = self.count(bid)
        return n >= min_docs and n >= min_fraction * self.docs

    def banned(self, bl: Sequence[Block], min_docs: int, min_fraction: float) -> set[int]:
        """The ids in `bl` that count as banners now (`is_banner`, unrolled: hot)."""
        counts, explicit = self.counts, self.explicit
        least = max(min_docs, min_fraction * self.docs)
        return {k for _, _, k in bl if k in explicit or counts.get(k, 0) >= least}

    def final_set(self, min_docs: int, min_fraction: float) -> set[int]:
        """The banners once every document is counted (a run's closing step)."""
        return {b for b in self.texts if self.is_banner(b, min_docs, min_fraction)} | self.explicit

    def save(self, path: Path) -> None:
        header = json.dumps(
            {
                "opstamp": self.opstamp,
                "docs": self.docs,
                "texts": {bid_hex(k): t for k, t in self.texts.items()},
                "explicit": sorted(bid_hex(k) for k in self.explicit),
            }
        ).encode()
        keys = array("Q", self.counts.keys())
        vals = array("I", self.counts.values())
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as f:
            f.write(_BANNER_MAGIC + struct.pack("<QQ", len(header), len(keys)))
            f.write(header)
            f.write(keys.tobytes())
            f.write(vals.tobytes())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> BannerCounts | None:
        try:
            data = path.read_bytes()
            if not data.startswith(_BANNER_MAGIC):
                return None
            pos = len(_BANNER_MAGIC)
            hlen, n = struct.unpack_from("<QQ", data, pos)
            pos += 16
            header = json.loads(data[pos : pos + hlen])
            pos += hlen
            keys = array("Q")
            keys.frombytes(data[pos : pos + 8 * n])
            vals = array("I")
            vals.frombytes(data[pos + 8 * n : pos + 12 * n])
        except (OSError, ValueError, struct.error):
            return None
        c = cls()
        c.counts = dict(zip(keys, vals, strict=True))
        c.texts = {int(h, 16): t for h, t in header["texts"].items()}
        c.explicit = {int(h, 16) for h in header["explicit"]}
        c.docs = int(header["docs"])
        c.opstamp = int(header["opstamp"])
        return c
