"""PyMuPDF behind one small class for the PDF viewer: open, page sizes, links; words cached."""

from __future__ import annotations

import bisect
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import pymupdf
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from reader.gui.language import translate
from reader.search.analysis import QueryTerms, rough_fold

log = logging.getLogger(__name__)

MUPDF_VERSION: str = pymupdf.__version__  # for About


class Word(NamedTuple):
    """One word of a page as PyMuPDF's get_text("words") gives it, in displayed page points."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int
    line: int
    word: int

    @property
    def rect(self) -> QRectF:
        return QRectF(self.x0, self.y0, self.x1 - self.x0, self.y1 - self.y0)


@dataclass(frozen=True, slots=True)
class Link:
    """A link area on a page: to a page of this document, a URI, or another file."""

    rect: QRectF
    page: int | None = None  # 0-based target page
    uri: str = ""
    file: str = ""


class PdfOpenError(Exception):
    """A PDF that cannot be shown; the message is meant for the user."""


def _rects(
    words: list[Word], spans: list[tuple[int, int]], *, first_line: bool = False
) -> list[QRectF]:
    """The rectangles of character spans of the page's words joined by single spaces: one
    per span and line (a phrase across a line end is two), or with `first_line` one per
    span, on the line it starts."""
    starts: list[int] = []
    pos = 0
    for w in words:
        starts.append(pos)
        pos += len(w.text) + 1
    rects: list[QRectF] = []
    for start, end in spans:
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        lines: dict[tuple[int, int], QRectF] = {}
        while i < len(words) and starts[i] < end:
            w = words[i]
            line = (w.block, w.line)
            lines[line] = lines[line].united(w.rect) if line in lines else w.rect
            i += 1
        found = list(lines.values())
        rects.extend(found[:1] if first_line else found)
    return rects


def _qrect(rect: Any) -> QRectF:
    return QRectF(rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0)


WantWords = Callable[[int, bool], None]  # (0-based page, urgent): ask the worker for its words
Wait = Callable[[Callable[[], bool], float], bool]  # (until, seconds): wait for the worker


class PdfDocument:
    """An open PDF on the GUI thread: page sizes and links at once (they need no drawing);
    words come from the text worker (pdf_worker.py), asked for as they are wanted.

    Coordinates are page points of the page as displayed (rotation applied), origin top-left.

    Args:
        want_words: asks the worker for a page's words; they come back in `add_words`.
        wait: waits a bounded time for the worker (PdfWorker.wait).
    """

    WORD_CACHE_PAGES = 64
    #: Pages after one whose words are wanted that are asked for too: the hit scan and Find
    #: go page by page, and the worker is never left waiting for the window.
    READ_AHEAD = 8

    def __init__(
        self, data: bytes, *, want_words: WantWords | None = None, wait: Wait | None = None
    ) -> None:
        try:
            doc = pymupdf.open(stream=data, filetype="pdf")
        except Exception as exc:
            raise PdfOpenError(
                translate("PdfDocument", "This PDF is damaged and cannot be shown.")
            ) from exc
        if doc.needs_pass and not doc.authenticate(""):
            doc.close()
            raise PdfOpenError(
                translate(
                    "PdfDocument",
                    "This PDF is protected by a password, so Archive Reader cannot show it.",
                )
            )
        if doc.page_count == 0:
            doc.close()
            raise PdfOpenError(
                translate("PdfDocument", "This PDF has no pages (it may be damaged).")
            )
        self.data = data
        self._doc = doc
        self.page_sizes: list[tuple[float, float]] = []
        self._rotations: dict[int, Any] = {}  # page -> rotation matrix, for rotated pages
        for number in range(doc.page_count):
            try:
                page = doc.load_page(number)
                rect = page.rect
                if page.rotation:
                    self._rotations[number] = page.rotation_matrix
                self.page_sizes.append((max(rect.width, 1.0), max(rect.height, 1.0)))
            except Exception as exc:  # MuPDF raises plain exceptions for damaged objects
                log.warning(
                    "PDF page %d: size unreadable (%s); shown at the previous size", number + 1, exc
                )
                self.page_sizes.append(self.page_sizes[-1] if self.page_sizes else (612.0, 792.0))
        #: Pages that cannot be drawn, and why: "damaged" or "slow" (over the time limit).
        self.undrawable: dict[int, str] = {}
        self._want = want_words or (lambda page, urgent: None)
        self._wait = wait or (lambda until, seconds: until())
        self._words: OrderedDict[int, list[Word]] = OrderedDict()
        self._no_words: set[int] = set()  # pages whose words could not be read
        # A pictured page's own words from the worker (a mixed page's typed text, a scan's
        # stamp), put before the words OCR read of its pictures.
        self._own: dict[int, list[Word]] = {}
        self._ocr_pages: frozenset[int] = frozenset()
        self._ocr_words: Callable[[int], list[tuple[str, int, int, int, int]]] = lambda n: []
        self._links: OrderedDict[int, list[Link]] = OrderedDict()

    @property
    def page_count(self) -> int:
        return len(self.page_sizes)

    def close(self) -> None:
        self._doc.close()
        self._words.clear()
        self._links.clear()

    def _to_display(self, number: int, rect: Any) -> QRectF:
        matrix = self._rotations.get(number)
        if matrix is not None:
            rect = pymupdf.Rect(rect) * matrix
        return _qrect(rect)

    def set_ocr(
        self, pages: frozenset[int], words: Callable[[int], list[tuple[str, int, int, int, int]]]
    ) -> None:
        """The pictured pages (1-based) take their words from OCR (`words`, by page), not
        from the worker: they have no text of their own."""
        self._ocr_pages = frozenset(p - 1 for p in pages)
        self._ocr_words = words
        for number in self._ocr_pages:  # made again with the new words
            self._words.pop(number, None)

    def _words_from_ocr(self, number: int, line: int = 0, first: int = 0) -> list[Word]:
        """A pictured page's OCR words in displayed page points, one line per run of words
        left to right (for the marks: a phrase across a line end is two rectangles), lines
        numbered after `line` and words after `first` (the page's own words come first)."""
        width, height = self.page_sizes[number]
        out: list[Word] = []
        last_x1 = -1
        last_y1 = -1
        for i, (text, x0, y0, x1, y1) in enumerate(self._ocr_words(number + 1)):
            if x0 < last_x1 or y0 > last_y1:  # back to the left, or below: a new line
                line += 1
            last_x1, last_y1 = x1, y1
            out.append(
                Word(x0 * width / 10_000, y0 * height / 10_000, x1 * width / 10_000,
                     y1 * height / 10_000, text, 0, line, first + i)
            )  # fmt: skip
        return out

    def ocr_text(self, number: int) -> str:
        """Page `number`'s text as OCR read it, a line a line; "" for a page not pictured."""
        if number not in self._ocr_pages:
            return ""
        lines: dict[int, list[str]] = {}
        for word in self.words(number) or ():
            lines.setdefault(word.line, []).append(word.text)
        return "\n".join(" ".join(line) for line in lines.values())

    @property
    def ocr_pages(self) -> frozenset[int]:
        """0-based pages whose words come from OCR."""
        return self._ocr_pages

    def has_words(self, number: int) -> bool:
        return number in self._words or number in self._no_words or number in self._own

    def words(self, number: int, *, urgent: bool = True, wait: float = 0.0) -> list[Word] | None:
        """The words of page `number` (0-based) in reading order ([] for a broken page), or
        None while the worker is still reading them (after up to `wait` seconds)."""
        cached = self._words.get(number)
        if cached is not None:
            self._words.move_to_end(number)
            return cached
        if number in self._no_words:
            return []
        if number in self._ocr_pages:
            own = self._own.get(number)
            if own is not None:  # a mixed page's own text, then what OCR read of it
                line = max((w.line for w in own), default=0)
                found = own + self._words_from_ocr(number, line, len(own))
                self._words[number] = found
                if len(self._words) > self.WORD_CACHE_PAGES:
                    self._words.popitem(last=False)
                return found
        self._want(number, urgent)
        for ahead in range(number + 1, min(number + 1 + self.READ_AHEAD, self.page_count)):
            if not self.has_words(ahead):
                self._want(ahead, False)
        if wait > 0 and self._wait(lambda: self.has_words(number), wait):
            return self.words(number)
        return None

    def wait_words(self, number: int, seconds: float) -> bool:
        """Wait up to `seconds` for the words of page `number`; whether they are there."""
        if self.words(number) is not None:
            return True
        return self._wait(lambda: self.has_words(number), seconds)

    def add_words(self, number: int, raw: list[Any] | None) -> None:
        """The worker's words of page `number` (None: they could not be read, or too slowly)."""
        if number in self._ocr_pages:  # its own words, which OCR's join (see words())
            self._own[number] = [Word._make(item) for item in raw or ()]
            self._words.pop(number, None)
            return
        if raw is None:
            self._no_words.add(number)
            return
        self._words[number] = [Word._make(item) for item in raw]
        if len(self._words) > self.WORD_CACHE_PAGES:
            self._words.popitem(last=False)

    def hits(self, number: int, terms: QueryTerms, *, urgent: bool = False) -> list[QRectF] | None:
        """Where the query's words and phrases stand on page `number`, as the results list
        marks them (reader.search.analysis): one rectangle per occurrence and line. None
        while its words are still to come."""
        words = self.words(number, urgent=urgent)
        if words is None:
            return None
        if not words or not terms:
            return []
        marks = terms.marks(" ".join(w.text for w in words))
        return _rects(words, [(m.start, m.end) for m in marks])

    def find(self, number: int, needle: str) -> list[QRectF] | None:
        """Where `needle` occurs on page `number`, case and accents aside, across line ends
        (the Find bar's search; the words read as one line with single spaces). None while
        its words are still to come."""
        folded = " ".join(rough_fold(needle).split())
        words = self.words(number)
        if words is None:
            return None
        if not folded or not words:
            return []
        text = rough_fold(" ".join(w.text for w in words))
        spans: list[tuple[int, int]] = []
        at = text.find(folded)
        while at >= 0:
            spans.append((at, at + len(folded)))
            at = text.find(folded, at + 1)
        return _rects(words, spans, first_line=True)  # one per match: "3 of 17" counts matches

    def links(self, number: int) -> list[Link]:
        cached = self._links.get(number)
        if cached is not None:
            return cached
        links: list[Link] = []
        try:
            raw = self._doc.load_page(number).get_links()
        except Exception as exc:
            log.warning("PDF page %d: links unreadable (%s)", number + 1, exc)
            raw = []
        for item in raw:
            rect = self._to_display(number, item["from"])
            kind = item.get("kind")
            if kind in (pymupdf.LINK_GOTO, pymupdf.LINK_NAMED) and item.get("page", -1) >= 0:
                links.append(Link(rect, page=int(item["page"])))
            elif kind == pymupdf.LINK_URI and item.get("uri"):
                links.append(Link(rect, uri=str(item["uri"])))
            elif kind in (pymupdf.LINK_GOTOR, pymupdf.LINK_LAUNCH) and item.get("file"):
                links.append(Link(rect, file=str(item["file"])))
        self._links[number] = links
        if len(self._links) > self.WORD_CACHE_PAGES:
            self._links.popitem(last=False)
        return links


def page_image(width: int, height: int, stride: int, samples: bytes) -> QImage:
    """A drawing from the worker (RGB, 8 bits a channel) as the RGB32 image Qt paints fastest."""
    image = QImage(samples, width, height, stride, QImage.Format.Format_RGB888)
    # convertToFormat makes a deep copy, so the image outlives `samples`.
    return image.convertToFormat(QImage.Format.Format_RGB32)


class ImageCache:
    """Least-recently-used images keyed by page, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.total_bytes = 0
        self._items: OrderedDict[int, tuple[float, QImage]] = OrderedDict()

    def get(self, key: int) -> tuple[float, QImage] | None:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: int, scale: float, image: QImage) -> None:
        self.discard(key)
        self._items[key] = (scale, image)
        self.total_bytes += image.sizeInBytes()
        while self.total_bytes > self.max_bytes and len(self._items) > 1:
            _, (_, old) = self._items.popitem(last=False)
            self.total_bytes -= old.sizeInBytes()

    def discard(self, key: int) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self.total_bytes -= item[1].sizeInBytes()

    def clear(self) -> None:
        self._items.clear()
        self.total_bytes = 0

    def __len__(self) -> int:
        return len(self._items)


def preview_pdf() -> bytes:
    """A small generated PDF with a few search words on several pages."""
    doc = pymupdf.open()
    lorem = (
        "The archive holds letters, memos and reports about satellite surveillance programmes "
        "and the budgets of the agencies that ran them. Readers search it offline."
    )
    for number in range(1, 13):
        page = doc.new_page()
        page.insert_text((72, 80), f"Chapter {number}", fontsize=22)
        box = pymupdf.Rect(72, 110, 540, 720)
        text = "\n\n".join([lorem] * (3 + number % 3))
        if number in (2, 3, 7):
            text = text.replace("offline", "offline; intercepted traffic was logged")
        page.insert_textbox(box, text, fontsize=11, lineheight=1.4)
    return bytes(doc.tobytes())


def pdf_with_pages(data: bytes, pages: list[int]) -> bytes:
    """The PDF in `data` with only `pages` (1-based), as a PDF file's bytes: the pages
    themselves, text and all (File → Save as PDF of a range).

    Raises:
        ValueError: the PDF cannot be read or those pages written (the reason says which).
    """
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises plain exceptions for damaged files
        text = translate("PdfDocument", "it cannot be read again ({reason})")
        raise ValueError(text.format(reason=exc)) from exc
    try:
        doc.select([page - 1 for page in pages])
        return bytes(doc.tobytes(garbage=1))  # garbage: the left-out pages' objects go
    except Exception as exc:
        text = translate("PdfDocument", "these pages cannot be written ({reason})")
        raise ValueError(text.format(reason=exc)) from exc
    finally:
        doc.close()
