"""The search hits of an open PDF: pages looked at a slice of time at a go, the current hit,
and the next or previous one once the pages it needs have been looked at.

Pages are looked at from the one asked for (a search result's page, maybe page 709 of
1,321) to the end, then from the first: its hits are known at once. A page's words come
from the text worker; a page whose words are still to come stops the scan until they are
there, or, given a deadline, it waits for them until then.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from typing import Any

from reader.gui.viewers.pdf_doc import PdfDocument
from reader.search.analysis import QueryTerms

SLICE_S = 0.012  # hit scanning work per idle tick, so scrolling stays smooth


class HitScan:
    """The hits of `terms` in `doc` found so far, in page order, and the current one.

    Args:
        start: the 0-based page looked at first.
        on_hits: called with a page and its hit rectangles when they are found.
    """

    def __init__(
        self,
        doc: PdfDocument | None,
        terms: QueryTerms,
        start: int = 0,
        on_hits: Callable[[int, list[Any]], None] | None = None,
    ) -> None:
        self.doc = doc
        self.terms = terms
        self.start = start
        self.hits: list[tuple[int, Any]] = []  # (page, QRectF) in reading order
        self.index = -1  # of the current hit
        self._count = doc.page_count if doc is not None else 0
        self.looked = 0 if terms else self._count  # pages looked at, from `start` round
        self._on_hits = on_hits or (lambda page, rects: None)

    @property
    def done(self) -> bool:
        return self.looked >= self._count

    def stop(self) -> None:
        """No more pages to look at (a scan, with no words to search)."""
        self.terms = QueryTerms()
        self.looked = self._count

    def scan(self, deadline: float | None = None) -> tuple[bool, bool]:
        """Look at the next pages for a slice of time, waiting for their words until
        `deadline` if one is given. Returns whether it got on with pages left (call again
        at once) and whether it found hits."""
        doc = self.doc
        if doc is None or self.done:
            return False, False
        slice_end = time.perf_counter() + SLICE_S
        found = False
        looked = 0
        while not self.done and time.perf_counter() < slice_end:
            page = (self.start + self.looked) % self._count
            rects = doc.hits(page, self.terms, urgent=deadline is not None)
            if rects is None:
                if deadline is None or not doc.wait_words(page, deadline - time.perf_counter()):
                    break
                continue
            self.looked += 1
            looked += 1
            if rects:
                found = True
                self._add(page, rects)
        return looked > 0 and not self.done, found

    def until(self, done: Callable[[], bool], deadline: float) -> bool:
        """Look at pages until `done()` holds or none is left (True), or until `deadline`
        (False)."""
        while not done():
            if self.done:
                return True
            if time.perf_counter() >= deadline:
                return False
            self.scan(deadline)
        return True

    def _add(self, page: int, rects: list[Any]) -> None:
        """The hits of one page, in page order among those known (pages after the first
        looked at come first, those before it when the scan wraps round)."""
        at = bisect.bisect_left([p for p, _ in self.hits], page)
        self.hits[at:at] = [(page, rect) for rect in rects]
        if 0 <= at <= self.index:
            self.index += len(rects)  # the current hit keeps its place
        self._on_hits(page, rects)

    def step(self, backwards: bool, current: int, deadline: float) -> int | None:
        """The index of the next (previous) hit from the current one, or from page `current`
        when there is none yet; -1 when there are no hits; None when the pages that tells
        were not looked at by `deadline`."""
        hits = self.hits
        if backwards and self.index <= 0 and not self.until(lambda: False, deadline):
            return None  # wrapping to the last hit needs them all
        if not hits and not self.until(lambda: bool(hits), deadline):
            return None
        if not hits:
            return -1
        if self.index < 0:
            if backwards:
                before = [i for i, (page, _) in enumerate(hits) if page <= current]
                return before[-1] if before else len(hits) - 1

            def later() -> int:
                return next((i for i, (p, _) in enumerate(hits) if p >= current), -1)

            if later() < 0 and not self.until(lambda: later() >= 0, deadline):
                return None
            return max(later(), 0)
        if backwards:
            return self.index - 1 if self.index > 0 else len(hits) - 1
        index, known = self.index + 1, len(hits)
        if index >= known and not self.until(lambda: len(hits) > known, deadline):
            return None
        return index if index < len(hits) else 0

    def index_on(self, page: int) -> int:
        """The index of the first hit on `page`; -1 when it has none."""
        return next((i for i, (p, _) in enumerate(self.hits) if p == page), -1)
