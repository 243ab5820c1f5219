"""Documents as the full-text index takes them in and gives them back (plain data)."""

from __future__ import annotations

import bisect
import posixpath
import re
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.store import query as iq
from reader.store.banners import Block


@dataclass(frozen=True)
class IndexDoc:
    """One file as the index sees it.

    Attributes:
        key: ``f"{volume_id}:{path}"``, unique per file.
        body: text; PDF pages separated by "\\f".
        date: "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    """

    key: str
    volume_id: str
    volume_label: str
    path: str
    title: str
    body: str
    kind: str
    year: int | None
    date: str | None
    scanned: bool
    size: int
    # The body's blocks (reader.store.banners.blocks), when the caller computed them already:
    # the pipeline does it in its worker processes, off the single writer.
    blocks: tuple[Block, ...] | None = field(default=None, compare=False, repr=False)
    # Navigation and link lists of a page (menus, sidebars): kept out of the body, so out of
    # snippets, and searched only when nothing else matches, as site banners are.
    nav: str = field(default="", compare=False, repr=False)
    # The same for copies of one text (reader.indexing.prepare.text_fingerprint): they make
    # one row of results. 0: none.
    dup: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class StoredDoc:
    """A document read back from the index.

    Attributes:
        doc: the document; its `body` is the whole text of a short document and only the
            first passage's worth of a long one (`long`: the rest is in its passages).
        banner_ids: the ids (hex) of the banner blocks left out of its indexed body.
        blocks: its text blocks, as reader.store.banners.blocks found them.
        long: the length of a long document's text, stored in passages
            (reader.store.passages); 0 for a short one.
    """

    doc: IndexDoc
    banner_ids: tuple[str, ...]
    blocks: tuple[Block, ...] = ()
    long: int = 0


_BLOCK = struct.Struct("<IIQ")


def pack_blocks(bl: Sequence[Block]) -> bytes:
    return b"".join(_BLOCK.pack(s, e, k) for s, e, k in bl)


def _unpack_blocks(data: bytes) -> tuple[Block, ...]:
    return tuple(_BLOCK.iter_unpack(data))


def stored_doc(d: Mapping[str, Sequence[Any]]) -> StoredDoc:
    """A document from its stored fields (field name -> values), as the index gives them."""

    def one(name: str, default: Any = None) -> Any:
        v = d.get(name)
        return v[0] if v else default

    return StoredDoc(
        IndexDoc(
            key=one("key", ""),
            volume_id=one(iq.VOLUME_ID, ""),
            volume_label=one("volume_label", ""),
            path=one("path", ""),
            title=one(iq.TITLE, ""),
            body=bytes(one("text", b"")).decode("utf-8", "surrogatepass"),
            kind=one(iq.KIND, ""),
            year=one(iq.YEAR),
            date=one("date") or None,
            scanned=bool(one(iq.SCANNED, 0)),
            size=int(one("size", 0)),
            nav=bytes(one("nav", b"")).decode("utf-8", "surrogatepass"),
            dup=int(one(iq.DUP, 0)),
        ),
        tuple(d.get("banner_ids", [])),
        _unpack_blocks(bytes(one("blocks", b""))),
        int(one("long", 0)),
    )


def name_title(path: str) -> str:
    """A stand-in title from a file name: 'nsa-spying-13-0318.htm' -> 'nsa spying 13 0318'.

    What a document without a title of its own is indexed with (its catalogue row keeps
    no title then: reader.search.rows gives it this one again)."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or posixpath.basename(path)


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of a long document's text, stored and searched on its own.

    Attributes:
        n: its number in the document (0, 1, ...).
        start: the character offset of `text` in the document's text.
        page: the PDF page it starts on (1-based), else 1.
    """

    n: int
    start: int
    page: int
    text: str


def date_num(date: str | None, year: int | None) -> int:
    if date:
        digits = [int(p) for p in re.findall(r"\d+", date)[:3]]
        if digits and 1000 <= digits[0] <= 9999:
            y, m, d = [*digits, 0, 0][:3]
            return y * 10000 + min(m, 12) * 100 + min(d, 31)
    return year * 10000 if year else 0


def disc_number(label: str) -> int | None:
    m = re.search(r"(\d+)\s*$", label)
    return int(m.group(1)) if m else None


@dataclass(frozen=True, slots=True)
class Snippet:
    """A passage of a document shown with a hit: plain text and where the matches are.

    Attributes:
        text: the passage, whitespace collapsed; may start with "…" where it was cut.
        marks: (start, end) character spans of the matched words in `text`, in order.
    """

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def render(self, escape: Callable[[str], str], before: str, after: str) -> str:
        """The text with each match between `before` and `after`, the rest through
        `escape` (html.escape for a page, a control-character filter for a terminal)."""
        out: list[str] = []
        pos = 0
        for start, end in self.marks:
            out += [escape(self.text[pos:start]), before, escape(self.text[start:end]), after]
            pos = end
        out.append(escape(self.text[pos:]))
        return "".join(out)


_SPACES = re.compile(r"\s+")
_LONG_SPACES = re.compile(r"\s{2,}")


def collapse_spaces(text: str, marks: Sequence[tuple[int, int]]) -> Snippet:
    """`text` with each run of whitespace made one space and the ends trimmed, `marks` moved
    to match (a mark starting in spaces moves to the next word, one ending there to the
    end of the word before). The work in Python is per run of two or more spaces, not per
    word: a snippet is made for each row shown."""
    body = text.strip()
    lead = len(text) - len(text.lstrip())
    runs = [m.span() for m in _LONG_SPACES.finditer(body)]
    removed = [0]  # characters gone before the end of each run
    for a, b in runs:
        removed.append(removed[-1] + b - a - 1)
    ends = [b for _, b in runs]

    def moved(i: int, *, end: bool) -> int:
        i = min(max(i - lead, 0), len(body))
        k = bisect.bisect_right(ends, i)  # the runs wholly before i
        if k < len(runs) and runs[k][0] < i:  # inside run k: the word before or after
            if end:
                return runs[k][0] - removed[k]
            return runs[k][1] - removed[k + 1]
        return i - removed[k]

    spans = tuple(
        (a, b) for s, e in marks if (a := moved(s, end=False)) < (b := moved(e, end=True))
    )
    return Snippet(_SPACES.sub(" ", body), spans)


def lead_in(snippet: Snippet, keep: int = 60) -> Snippet:
    """Start a snippet shortly before its first match, so a two-line result row shows it.

    Cuts at a space, marking the cut with an ellipsis.
    """
    if not snippet.marks or snippet.marks[0][0] <= keep:
        return snippet
    first = snippet.marks[0][0]
    cut = snippet.text.find(" ", first - keep, first)
    if cut == -1:
        return snippet
    shift = cut + 1 - 1  # the ellipsis takes one character
    return Snippet(
        "…" + snippet.text[cut + 1 :], tuple((s - shift, e - shift) for s, e in snippet.marks)
    )
