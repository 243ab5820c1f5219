"""Long texts in passages: the unit a snippet is made from and a hit's page comes from.

A document whose text is longer than LONG_TEXT keeps only its first LEAD_CHARS in its index
entry; its whole text is stored as passages of about PASSAGE_CHARS, cut at page breaks,
then paragraph breaks, then line ends, then spaces. Making a snippet then reads one passage,
whatever the length of the document (a 2,000-page manual costs what a short page does).
"""

from __future__ import annotations

PASSAGE_CHARS = 2000
LONG_TEXT = 12_000
LEAD_CHARS = 2000
# Where a passage may end, best first; a page break always ends one.
_BREAKS = ("\f", "\n\n", "\n", ". ", " ")


def is_long(text: str) -> bool:
    return len(text) > LONG_TEXT


def cut(text: str, size: int = PASSAGE_CHARS) -> list[tuple[int, int, int]]:
    """(start, end, page) of each passage of `text`, in order, covering all of it.

    A passage never crosses a page break ("\\f"); within a page it ends at the best break
    in the last half of its size (or at `size` when there is none).
    """
    spans: list[tuple[int, int, int]] = []
    page, start, n = 1, 0, len(text)
    while start < n:
        page_end = text.find("\f", start)
        page_end = n if page_end == -1 else page_end
        end = min(start + size, page_end)
        if end < page_end:
            window = text[start + size // 2 : end]
            for mark in _BREAKS[1:]:
                at = window.rfind(mark)
                if at != -1:
                    end = start + size // 2 + at + len(mark)
                    break
        if end > start:
            spans.append((start, end, page))
        start = end
        if start == page_end and start < n:  # step over the page break itself
            start += 1
            page += 1
            if start == n:
                break
    return spans
