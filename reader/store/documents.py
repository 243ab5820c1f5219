"""Documents as the full-text index takes them in and gives them back (plain data)."""

from __future__ import annotations

import re
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
