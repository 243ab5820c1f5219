"""Documents as the full-text index takes them in and gives them back (plain data)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class StoredDoc:
    """A document read back from the index, with the ids of the banner blocks left out of it."""

    doc: IndexDoc
    banner_ids: tuple[str, ...]


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


def collapse_spaces(text: str, marks: Sequence[tuple[int, int]]) -> Snippet:
    """`text` with each run of whitespace made one space and the ends trimmed, `marks` moved
    to match."""
    pieces = list(re.finditer(r"\S+", text))
    out: list[str] = []
    new_at: dict[int, int] = {}  # old offset -> new offset, at the words' edges
    length = 0
    for m in pieces:
        if out:
            out.append(" ")
            length += 1
        for i in range(m.start(), m.end() + 1):
            new_at[i] = length + i - m.start()
        out.append(m.group())
        length += m.end() - m.start()

    def moved(i: int, *, end: bool) -> int:
        # A mark's edge falls on a word's edge (the engine highlights whole tokens).
        while i not in new_at and 0 <= i <= len(text):
            i += -1 if end else 1
        return new_at.get(i, length)

    spans = tuple(
        (a, b) for s, e in marks if (a := moved(s, end=False)) < (b := moved(e, end=True))
    )
    return Snippet("".join(out), spans)


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
