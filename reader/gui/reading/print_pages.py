"""The pages of a print job: HTML and text laid out again for the paper, a picture, or a
PDF's pages drawn one at a time by a PDF worker process (printing.py prints them)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrinter

from reader.gui.viewers.pdf_doc import page_image
from reader.gui.viewers.pdf_worker import Job, PdfWorker

#: PDF pages are drawn at the printer's resolution, but never finer than this: 300 dpi is
#: print quality, and an A4 page at 300 dpi is 26 MB of pixels (at 1200 dpi, 420 MB).
MAX_DPI = 300
#: A page that takes a PDF worker longer than this to draw is printed as a notice.
PAGE_TIME_LIMIT_S = 30.0
#: The white border around HTML and text on paper (the printer's own margins come on top).
TEXT_MARGIN_MM = 15.0
FOOTER_PT = 8
#: A picture's pixels per inch at 1:1 on a screen, as the image viewer shows it at 100 %.
IMAGE_DPI = 96.0

PagePainter = Callable[[QPainter, QRectF], None]  # paints one page into the printable rect
Then = Callable[[PagePainter | None], None]  # None: the page could not be drawn


class Pages(Protocol):
    """The pages of one job, asked for one at a time (`then` may come later)."""

    @property
    def count(self) -> int:
        """How many (a long text's: an estimate until it is all laid out)."""
        ...

    def ask(self, index: int, then: Then) -> None: ...

    def close(self) -> None: ...


def _paint_image(image: QImage, painter: QPainter, area: QRectF, *, grow: bool = True) -> None:
    """`image` in the middle of `area`, its shape kept: as large as `area` allows or, unless
    `grow`, no larger than on screen at 1:1."""
    size = QSizeF(image.width(), image.height())
    device = painter.device()
    if not grow and device is not None:
        size *= device.logicalDpiX() / IMAGE_DPI
    if grow or size.width() > area.width() or size.height() > area.height():
        size = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRectF(QPointF(), size)
    target.moveCenter(area.center())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(target, image)


class TextPages:
    """An HTML or text document laid out again for the paper, page after page.

    The copy is laid out as on screen and scaled to the printer, so sizes in pixels and in
    points keep their proportions as a browser prints them. Its parent is the viewer's
    document: an image the page names is asked of the viewer's own loader (the same volume
    only; see html.py), never read from a local file by Qt.
    """

    def __init__(self, source: QTextDocument, printer: QPrinter, first_page: int = 1) -> None:
        self._first = first_page  # the number its first page has in the job
        self._doc = doc = source.clone(source)
        doc.setUseDesignMetrics(True)  # no screen hinting: the spacing the paper gets
        option = doc.defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # no cut lines
        doc.setDefaultTextOption(option)
        screen = QGuiApplication.primaryScreen()  # what a document with no paint device is for
        self._scale = printer.resolution() / (
            round(screen.logicalDotsPerInchY()) if screen else 100
        )
        self._margin = TEXT_MARGIN_MM / 25.4 * printer.resolution()
        footer = 2.5 * FOOTER_PT / 72 * printer.resolution()
        self._body = QSizeF(
            max(printer.width() - 2 * self._margin, 1.0) / self._scale,
            max(printer.height() - 2 * self._margin - footer, 1.0) / self._scale,
        )
        doc.setPageSize(self._body)
        self.count = doc.pageCount()

    def ask(self, index: int, then: Then) -> None:
        then(partial(self._paint, index))

    def _paint(self, index: int, painter: QPainter, area: QRectF) -> None:
        width, height = self._body.width(), self._body.height()
        painter.save()
        painter.translate(area.left() + self._margin, area.top() + self._margin)
        painter.scale(self._scale, self._scale)
        painter.setClipRect(QRectF(0, 0, width, height))
        painter.translate(0, -index * height)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, index * height, width, height)
        context.palette.setColor(QPalette.ColorRole.Text, QColor(Qt.GlobalColor.black))
        self._doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.save()  # the page number, bottom right under the text
        font = QFont(painter.font())
        font.setPointSizeF(FOOTER_PT)
        painter.setFont(font)
        foot = area.adjusted(self._margin, self._margin, -self._margin, -self._margin)
        flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
        painter.drawText(foot, flags, str(index + self._first))
        painter.restore()

    def close(self) -> None:
        self._doc.deleteLater()


#: A plain text is laid out for the paper this much at a time (at its first page's turn):
#: the whole of a 3.6 MB log in one go held the window 2.8 s; a piece takes ~0.1 s.
PIECE_CHARS = 100_000


def _pieces(text: str, size: int) -> list[str]:
    """`text` cut into pieces of about `size` characters, at line ends where there are."""
    out: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        out.append(text[start:end])
        start = end
    return out or [""]


class PlainTextPages:
    """A plain text laid out for the paper a piece at a time (see PIECE_CHARS), so that a
    long text never holds the window, and a piece's layout let go once its pages are
    printed. `count` is exact once the last piece is laid out, an estimate before."""

    def __init__(self, text: str, font: QFont, printer: QPrinter, parent: QObject) -> None:
        self._left = _pieces(text, PIECE_CHARS)
        self._font, self._printer, self._parent = font, printer, parent
        # (first index, its pages, the piece's document: the parent of their layout)
        self._laid: list[tuple[int, TextPages, QTextDocument]] = []
        self._done = 0  # pieces printed and let go
        self._pages = 0
        self._lay_next()

    @property
    def count(self) -> int:
        if not self._left:
            return self._pages
        per_piece = self._pages / max(len(self._laid), 1)
        return self._pages + max(1, round(per_piece * len(self._left)))

    def _lay_next(self) -> None:
        piece = QTextDocument(self._parent)
        piece.setDefaultFont(self._font)
        piece.setPlainText(self._left.pop(0))
        pages = TextPages(piece, self._printer, first_page=self._pages + 1)
        self._laid.append((self._pages, pages, piece))
        self._pages += pages.count

    def ask(self, index: int, then: Then) -> None:
        # Laid out until the page after this one is known to be there, or all of it is: the
        # job then knows, at its next turn, whether there is a next page.
        while self._left and self._pages <= index + 1:
            self._lay_next()
        for at in range(self._done, len(self._laid)):
            first, pages, _piece = self._laid[at]
            if first <= index < first + pages.count:
                while self._done < at:  # the pieces before are printed: let them go
                    self._let_go(self._done)
                    self._done += 1
                pages.ask(index - first, then)
                return
        then(None)

    def _let_go(self, at: int) -> None:
        _first, pages, piece = self._laid[at]
        pages.close()
        piece.deleteLater()

    def close(self) -> None:
        for at in range(self._done, len(self._laid)):
            self._let_go(at)
        self._done = len(self._laid)


class ImagePages:
    """One picture, its shape kept: a scan fills the page, a small picture is printed at
    its size on screen (a 100-pixel icon is not blown up to a page of blurred squares)."""

    def __init__(self, image: QImage) -> None:
        self._image = image
        self.count = 1

    def ask(self, index: int, then: Then) -> None:
        then(partial(_paint_image, self._image, grow=False))

    def close(self) -> None:
        self._image = QImage()


class PdfPages(QObject):
    """Pages of a PDF drawn by a worker process of their own, one at a time.

    Args:
        pages: 1-based page numbers, in the order they are printed.
        dpi: how finely they are drawn.
    """

    def __init__(self, data: bytes, pages: list[int], dpi: int, parent: QObject) -> None:
        super().__init__(parent)
        self._pages = pages
        self.count = len(pages)
        self._scale = dpi / 72.0
        self._then: Then | None = None
        self._worker = PdfWorker("print", time_limit=PAGE_TIME_LIMIT_S, parent=self)
        self._worker.done.connect(self._drawn)
        self._worker.failed.connect(lambda _job, _why: self._answer(None))
        self._worker.open(data)

    def ask(self, index: int, then: Then) -> None:
        self._then = then
        self._worker.submit(Job("draw", self._pages[index] - 1, self._scale, "print"))

    def _drawn(self, _job: Job, pixels: tuple[int, int, int, bytes]) -> None:
        self._answer(partial(_paint_image, page_image(*pixels)))

    def _answer(self, paint: PagePainter | None) -> None:
        then, self._then = self._then, None
        if then is not None:
            then(paint)

    def close(self) -> None:
        self._then = None
        self._worker.stop()
        self.deleteLater()
