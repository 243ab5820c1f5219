"""Print and Save as PDF: the document shown, of any kind, on paper or into a PDF file.

PDF pages are drawn one at a time by a PDF worker process (pdf_render.py), at most MAX_DPI:
a 2,000-page PDF is never in memory whole, and the window goes on meanwhile. HTML and text
are laid out again from the viewer's QTextDocument. Save as PDF of a PDF writes its own pages
(text, fonts, links), not pictures of them. Nothing here ever writes into the archive.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QPointF, QRectF, QSizeF, QStandardPaths, Qt, QTimer, Signal
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
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.gui.reading.controller import MAX_OPEN_BYTES, Opened, ReadingController
from reader.gui.session import Session
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.image import ImageViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.pdf_doc import page_image, pdf_with_pages
from reader.gui.viewers.pdf_worker import Job, PdfWorker
from reader.gui.viewers.text import TextViewer
from reader.sources.volume import Volume, VolumeError

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

AskForDisc = Callable[[str, str, Callable[[], object]], object]
PagePainter = Callable[[QPainter, QRectF], None]  # paints one page into the printable rect
Then = Callable[[PagePainter | None], None]  # None: the page could not be drawn


class PrintProblem(Exception):
    """What stops a document from being printed; the message is meant for the user."""


# --- the pages of a job --------------------------------------------------------------------


class Pages(Protocol):
    """The pages of one job, asked for one at a time (`then` may come later)."""

    count: int

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

    def __init__(self, source: QTextDocument, printer: QPrinter) -> None:
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
        painter.drawText(foot, flags, str(index + 1))
        painter.restore()

    def close(self) -> None:
        self._doc.deleteLater()


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


# --- one job, from the first page to the last ----------------------------------------------


class PrintRun(QObject):
    """Paints `pages` on `printer` page by page through the event loop, with a progress
    dialog whose Cancel stops the job at the page it is on.

    Signals:
        finished(str): "" once every page is printed (`undrawn`: those that could not be
            drawn, printed as a notice), "cancelled", or what went wrong.
    """

    finished = Signal(str)

    def __init__(self, printer: QPrinter, pages: Pages, what: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.printer = printer
        self._pages = pages
        self._painter = QPainter()
        self._index = 0
        self.undrawn: list[int] = []
        self._over = False
        self._progress = QProgressDialog(f"Printing {what}…", "Cancel", 0, pages.count, parent)
        self._progress.setWindowTitle("Printing")
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(500)
        self._progress.setAutoReset(False)
        self._progress.setAutoClose(False)
        self._progress.canceled.connect(self.cancel)

    def start(self) -> None:
        if not self._painter.begin(self.printer):
            where = self.printer.outputFileName()
            self._end(f"Cannot write {where}." if where else "The printer did not start the job.")
            return
        self._progress.setValue(0)
        self._ask()

    def _ask(self) -> None:
        if self._over:
            return
        if self._index >= self._pages.count:
            self._end("")
            return
        self._pages.ask(self._index, self._got)

    def _got(self, paint: PagePainter | None) -> None:
        if self._over:
            return
        if self._index > 0 and not self.printer.newPage():
            self._end("The printer stopped taking pages.")
            return
        area = QRectF(0, 0, self.printer.width(), self.printer.height())
        if paint is not None:
            paint(self._painter, area)
        else:
            self.undrawn.append(self._index + 1)
            if len(self.undrawn) == min(3, self._pages.count) == self._index + 1:
                self._end("Its pages cannot be drawn.")  # not a stack of notices
                return
            self._painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "This page cannot be drawn.")
        self._index += 1
        self._progress.setValue(self._index)
        QTimer.singleShot(0, self, self._ask)  # the window goes on between pages

    def cancel(self) -> None:
        """Stop at the page reached (a printer may still print the pages it was given)."""
        if self._over:
            return
        self.printer.abort()
        self._end("cancelled")

    def _end(self, outcome: str) -> None:
        self._over = True
        self._pages.close()
        if self._painter.isActive() and not self._painter.end() and not outcome:
            outcome = "The printer could not finish the job."
        if not outcome and self.printer.printerState() == QPrinter.PrinterState.Error:
            outcome = "The printer reported an error."
        self._progress.canceled.disconnect(self.cancel)
        self._progress.hide()
        self._progress.deleteLater()
        self.finished.emit(outcome)
        self.deleteLater()


# --- choosing pages and files ----------------------------------------------------------------


class PageChoice(QDialog):
    """Which pages of a PDF to save: all, the one shown, or from one to another."""

    def __init__(self, count: int, current: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as PDF")
        self.all = QRadioButton(f"&All {count} pages", self)
        self.current = QRadioButton(f"&This page ({current})", self)
        self.range = QRadioButton("&Pages", self)
        self.first, self.last = QSpinBox(self), QSpinBox(self)
        for box, name in ((self.first, "From page"), (self.last, "To page")):
            box.setRange(1, count)
            box.setValue(current)
            box.setAccessibleName(name)
            box.valueChanged.connect(lambda _value: self.range.setChecked(True))
        self.all.setChecked(True)
        pages = QHBoxLayout()
        for widget in (self.range, self.first, QLabel("to", self), self.last):
            pages.addWidget(widget)
        pages.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.addButton("&Save…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The PDF's own pages are saved, text and all.", self))
        for widget in (self.all, self.current):
            layout.addWidget(widget)
        layout.addLayout(pages)
        layout.addWidget(buttons)

    def pages(self, count: int, current: int) -> list[int]:
        if self.current.isChecked():
            return [current]
        if self.range.isChecked():
            first, last = sorted((self.first.value(), self.last.value()))
            return list(range(first, last + 1))
        return list(range(1, count + 1))


def file_name_for(title: str, fallback: str) -> str:
    """A file name from the document's title: no path separators or characters that some
    systems refuse, at most 120 characters, ".pdf" at the end."""
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', " ", title)
    name = " ".join(name.split()).strip(" .")[:120].strip(" .")
    if not name:
        name = os.path.splitext(fallback)[0] or "document"
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


def _documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def _pdf_with_pages(data: bytes, pages: list[int]) -> bytes:
    """The PDF in `data` with only `pages` (1-based), as a PDF file's bytes."""
    try:
        return pdf_with_pages(data, pages)
    except ValueError as exc:
        raise PrintProblem(f"This PDF's pages cannot be saved: {exc}.") from exc


def _chosen_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """The pages the print dialog was left on: all, the current one, or a range."""
    kind = printer.printRange()
    if kind == QPrinter.PrintRange.CurrentPage:
        return [current]
    if kind == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [page for page in range(1, count + 1) if ranges.contains(page)]
        first, last = max(printer.fromPage(), 1), min(printer.toPage() or count, count)
        return list(range(first, last + 1))
    return list(range(1, count + 1))


def unprintable(viewer: QWidget | None) -> str:
    """Why the document in `viewer` cannot be printed, or "" when it can."""
    if isinstance(viewer, PdfViewer) and not viewer.page_count:
        return "This PDF could not be shown, so it cannot be printed."
    if isinstance(viewer, ImageViewer) and viewer.item.pixmap().isNull():
        return "This image is not shown (see the viewer's message), so it cannot be printed."
    if isinstance(viewer, PdfViewer | HtmlViewer | TextViewer | ImageViewer):
        return ""
    return (
        "Archive Reader shows no pages of this kind of file, so it cannot print it or save "
        "it as a PDF. Use Open with System Viewer, or Save a Copy."
    )


# --- File → Print… and File → Save as PDF… ---------------------------------------------------


class Printing(QObject):
    """Print and Save as PDF for the document shown (the File menu).

    Args:
        ask_for_disc: (volume id, what, then): "Insert disc", then `then` once it is there.

    Signals:
        message(str, int): a status line and its time in ms.
        ended(str): a job is over: "" when it printed (or saved) every page, "cancelled",
            or what went wrong (the user was told).
    """

    message = Signal(str, int)
    ended = Signal(str)

    def __init__(
        self,
        session: Session,
        reading: ReadingController,
        ask_for_disc: AskForDisc,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._session = session
        self._reading = reading
        self._ask_for_disc = ask_for_disc
        self._window = window
        self._save_folder: Path | None = None  # the last folder a PDF was saved in
        self._run: PrintRun | None = None

    @property
    def busy(self) -> bool:
        return self._run is not None

    def _shown(self) -> Opened | None:
        """The document shown, if it can be printed now; else the user is told why not."""
        opened = self._reading.current
        if opened is None:
            self.message.emit("No document is open.", 4000)
            return None
        if self._run is not None:
            self.message.emit("A print job is still going.", 4000)
            return None
        problem = unprintable(self._reading.viewer())
        if problem:
            QMessageBox.information(self._window, "Cannot print this document", problem)
            return None
        return opened

    # Print

    def print_shown(self) -> None:
        """Ctrl+P: the platform's print dialog (pages to choose for a PDF), then print."""
        opened = self._shown()
        if opened is None:
            return
        viewer = self._reading.viewer()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(opened.title)
        printer.setCreator("Archive Reader")
        dialog = QPrintDialog(printer, self._window)
        option = QAbstractPrintDialog.PrintDialogOption
        options = option.PrintToFile | option.PrintShowPageSize | option.PrintCollateCopies
        if isinstance(viewer, PdfViewer):
            options |= option.PrintPageRange | option.PrintCurrentPage
            dialog.setMinMax(1, viewer.page_count)
            printer.setFromTo(1, viewer.page_count)
        dialog.setOptions(options)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return
        if printer.outputFileName() and self._inside_archive(opened, printer.outputFileName()):
            return
        pages = None
        if isinstance(viewer, PdfViewer):
            pages = _chosen_pages(printer, viewer.page_count, viewer.current_page())
        self.print_to(printer, pages)

    def print_to(self, printer: QPrinter, pages: list[int] | None = None) -> None:
        """Print the document shown on `printer` (set up by the print dialog, or a PDF
        file's): `pages` of a PDF (1-based; None: all), every page of anything else."""
        opened, viewer = self._reading.current, self._reading.viewer()
        if opened is None or self._run is not None:
            return
        try:
            source = self._pages_of(opened, viewer, printer, pages)
        except PrintProblem as exc:
            QMessageBox.warning(self._window, "Cannot print this document", str(exc))
            return
        if source is None:  # the disc is asked for
            return
        run = self._run = PrintRun(printer, source, f"“{opened.title}”", self._window)
        run.finished.connect(partial(self._run_ended, run, opened.title, printer.outputFileName()))
        run.start()

    def _pages_of(
        self, opened: Opened, viewer: QWidget | None, printer: QPrinter, pages: list[int] | None
    ) -> Pages | None:
        if isinstance(viewer, PdfViewer):
            data = self._pdf_bytes(opened, lambda: self.print_to(printer, pages))
            if data is None:
                return None
            chosen = pages or list(range(1, viewer.page_count + 1))
            return PdfPages(data, chosen, min(printer.resolution(), MAX_DPI), self)
        if isinstance(viewer, HtmlViewer | TextViewer):
            text = viewer.browser if isinstance(viewer, HtmlViewer) else viewer.editor
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # laid out in one go
            try:
                return TextPages(text.document(), printer)
            finally:
                QApplication.restoreOverrideCursor()
        if isinstance(viewer, ImageViewer) and not viewer.item.pixmap().isNull():
            return ImagePages(viewer.item.pixmap().toImage())
        raise PrintProblem(unprintable(viewer))

    def _run_ended(self, run: PrintRun, title: str, output: str, outcome: str) -> None:
        self._run = None
        if outcome and output:
            with contextlib.suppress(OSError):
                os.remove(output)  # half a PDF is no use to anyone
        if outcome == "cancelled":
            self.message.emit(f"Printing “{title}” was cancelled.", 5000)
        elif outcome:
            QMessageBox.warning(self._window, "Cannot print this document", f"{title}\n\n{outcome}")
        elif run.undrawn:
            pages = ", ".join(map(str, run.undrawn))
            QMessageBox.warning(
                self._window,
                "Some pages could not be drawn",
                f"“{title}” was printed, but pages {pages} could not be drawn: they say so.",
            )
        else:
            done = f"Saved “{title}” as {output}" if output else f"Printed “{title}”"
            self.message.emit(done, 5000)
        self.ended.emit(outcome)

    # Save as PDF

    def save_pdf_shown(self) -> None:
        """Ctrl+Shift+S: a PDF file of the document shown; of a PDF, its own pages."""
        opened = self._shown()
        if opened is None:
            return
        viewer = self._reading.viewer()
        pages = None
        if isinstance(viewer, PdfViewer):
            count, current = viewer.page_count, viewer.current_page()
            choice = PageChoice(count, current, self._window)
            accepted = choice.exec() == QDialog.DialogCode.Accepted
            pages = choice.pages(count, current)
            choice.deleteLater()
            if not accepted:
                return
        dest = self._ask_file(opened)
        if dest is None:
            return
        if isinstance(viewer, PdfViewer) and pages is not None:
            self._save_pdf_pages(opened, pages, viewer.page_count, dest)
            return
        try:
            with open(dest, "wb"):
                pass  # a folder that refuses it says so now, in the system's words
        except OSError as exc:
            QMessageBox.warning(self._window, "Cannot save the PDF", f"{dest}\n\n{exc.strerror}")
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(dest)
        printer.setDocName(opened.title)
        printer.setCreator("Archive Reader")
        self.print_to(printer)

    def _ask_file(self, opened: Opened) -> str | None:
        """Where to save: the last folder used, or the user's Documents, never the archive."""
        folder = self._save_folder or _documents_folder()
        name = file_name_for(opened.title, os.path.basename(opened.place.path))
        dest, _ = QFileDialog.getSaveFileName(
            self._window, "Save as PDF", str(folder / name), "PDF files (*.pdf);;All files (*)"
        )
        if not dest:
            return None
        if not os.path.splitext(dest)[1] and not os.path.exists(dest + ".pdf"):
            dest += ".pdf"
        if self._inside_archive(opened, dest):
            return None
        self._save_folder = Path(dest).parent
        return dest

    def _inside_archive(self, opened: Opened, dest: str) -> bool:
        """Whether `dest` is on the document's disc (the user is told so): never written."""
        volume = self._session.discs.get(opened.place.volume_id)
        record = self._session.discs.record(opened.place.volume_id)
        root = volume.spec.location if volume is not None else record.location if record else ""
        if not root or not Path(dest).resolve().is_relative_to(Path(root).resolve()):
            return False
        QMessageBox.warning(
            self._window,
            "Cannot save the PDF there",
            f"{dest} is inside the archive, which is never written to. Choose a folder outside it.",
        )
        return True

    def _pdf_bytes(self, opened: Opened, then: Callable[[], object]) -> bytes | None:
        """The shown PDF's bytes, read again from its disc (None: the disc is asked for)."""
        place = opened.place
        volume: Volume | None = self._session.discs.get(place.volume_id)
        if volume is None:
            self._ask_for_disc(place.volume_id, opened.title, then)
            return None
        try:
            return volume.read_bytes(place.path, MAX_OPEN_BYTES)
        except (OSError, VolumeError) as exc:
            raise PrintProblem(f"The file cannot be read again: {exc}") from exc

    def _save_pdf_pages(self, opened: Opened, pages: list[int], count: int, dest: str) -> None:
        """The PDF's own pages into `dest`: all of them as the file is, or those chosen."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            data = self._pdf_bytes(opened, lambda: self._save_pdf_pages(opened, pages, count, dest))
            if data is None:
                return
            if pages != list(range(1, count + 1)):
                data = _pdf_with_pages(data, pages)
            Path(dest).write_bytes(data)
        except PrintProblem as exc:
            QMessageBox.warning(self._window, "Cannot save the PDF", f"{dest}\n\n{exc}")
            return
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(dest)
            QMessageBox.warning(self._window, "Cannot save the PDF", f"{dest}\n\n{exc.strerror}")
            return
        finally:
            QApplication.restoreOverrideCursor()
        what = "page" if len(pages) == 1 else "pages"
        self.message.emit(f"Saved {len(pages)} {what} of “{opened.title}” as {dest}", 5000)
        self.ended.emit("")

    def shutdown(self) -> None:
        if self._run is not None:
            self._run.cancel()
