"""The Find bar's search through a PDF, page by page, without holding up the window.

Pages are looked at in order from the first, a slice of time at a go: the match wanted is
shown as soon as the pages up to it are looked at, and the count ("3 of 17") grows while the
rest are ("3 of 17+"). A search the first slice cannot answer waits for the later ones.
The words of a page come from a worker process: a page whose words are still to come stops
the search until they are there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reader.gui.viewers.highlight import Found

#: How long one slice of searching may take (the first, on a key press, and each idle one).
SLICE_S = 0.015


@dataclass(frozen=True)
class Match:
    page: int  # 0-based
    index: int  # of the matches on that page
    rect: Any  # QRectF in page points


class PdfFind:
    """Matches of one text in one document; `step` moves to the next or previous.

    Args:
        find: page number, text -> the rectangle of each match on that page, or None while
            the page's words are still to come.
        page_count: pages in the document.
    """

    def __init__(self, find: Callable[[int, str], list[Any] | None], page_count: int) -> None:
        self._find = find
        self._count = page_count
        self.text = ""
        self._pages: list[list[Any]] = []  # matches of page i, for the pages looked at
        self.current: Match | None = None
        # A step asked for before the pages it needs were looked at:
        # (from page, backwards, the match it moves on from).
        self.waiting: tuple[int, bool, Match | None] | None = None

    @property
    def done(self) -> bool:
        return len(self._pages) >= self._count

    @property
    def next_page(self) -> int:
        """The page the search looks at next (0-based)."""
        return len(self._pages)

    def search_some(self, seconds: float = SLICE_S) -> bool:
        """Look at more pages for a while; whether it can go on at once (pages are left and
        the next one's words are there)."""
        deadline = time.perf_counter() + seconds
        while not self.done and time.perf_counter() < deadline:
            found = self._find(len(self._pages), self.text)
            if found is None:
                return False
            self._pages.append(found)
        return not self.done

    def step(self, text: str, from_page: int, *, backwards: bool, again: bool) -> Match | None:
        """The match after (before) the one shown when `again` (F3, Enter), else the first
        from `from_page` (a text typed). None while the pages it needs are still to be
        looked at (`waiting`; `resume` answers later) or when the text is nowhere."""
        if text != self.text:
            self.text, self._pages, self.current = text, [], None
        start = self.current if again else None
        self.waiting = (start.page if start else from_page, backwards, start)
        self.search_some()
        return self.resume()

    def resume(self) -> Match | None:
        """The match a waiting step wants, once the pages it needs were looked at."""
        if self.waiting is None:
            return None
        page, backwards, start = self.waiting
        found = self._before(start, page) if backwards else self._after(start, page)
        if found is not None or self.done:
            self.waiting = None
            self.current = found or self.current
        return found

    def _after(self, start: Match | None, page: int) -> Match | None:
        first = (page, start.index + 1) if start is not None else (page, 0)
        for p in range(first[0], len(self._pages)):
            rects = self._pages[p]
            i = first[1] if p == first[0] else 0
            if i < len(rects):
                return Match(p, i, rects[i])
        if not self.done:
            return None  # the pages after those looked at may hold it
        return self._after(None, 0) if first != (0, 0) and self.total else None

    def _before(self, start: Match | None, page: int) -> Match | None:
        if not self.done:
            return None  # "the one before" may be the last of the document: all are needed
        last = (page, start.index - 1) if start is not None else (page, 10**9)
        for p in range(min(last[0], self._count - 1), -1, -1):
            rects = self._pages[p]
            i = min(last[1], len(rects) - 1) if p == last[0] else len(rects) - 1
            if i >= 0:
                return Match(p, i, rects[i])
        if self.total and last[0] < self._count - 1:
            return self._before(None, self._count - 1)
        return None

    @property
    def total(self) -> int:
        return sum(len(rects) for rects in self._pages)

    def found(self) -> Found:
        """What the Find bar says: "3 of 17", "3 of 17+" while pages are left, "Not found"."""
        if self.current is None or self.waiting is not None:
            return Found(-1, self.total, searching=not self.done)
        before = sum(len(rects) for rects in self._pages[: self.current.page])
        return Found(before + self.current.index, self.total, capped=not self.done)
