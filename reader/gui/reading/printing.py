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

from PySide6.QtCore import QObject, QRectF, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
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

from reader.gui.core_text import said
from reader.gui.language import translate
from reader.gui.reading.controller import MAX_OPEN_BYTES, Opened, ReadingController
from reader.gui.reading.print_pages import (
    MAX_DPI,
    ImagePages,
    PagePainter,
    Pages,
    PdfPages,
    PlainTextPages,
    TextPages,
)
from reader.gui.session import Session
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.image import ImageViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.pdf_doc import pdf_with_pages
from reader.gui.viewers.text import TextViewer
from reader.sources.volume import Volume, VolumeError

AskForDisc = Callable[[str, str, Callable[[], object]], object]


class PrintProblem(Exception):
    """What stops a document from being printed; the message is meant for the user."""


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
        self._progress = QProgressDialog(
            self.tr("Printing {document}…").format(document=what),
            self.tr("Cancel"),
            0,
            pages.count,
            parent,
        )
        self._progress.setWindowTitle(self.tr("Printing"))
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(500)
        self._progress.setAutoReset(False)
        self._progress.setAutoClose(False)
        self._progress.canceled.connect(self.cancel)

    def start(self) -> None:
        if not self._painter.begin(self.printer):
            where = self.printer.outputFileName()
            if where:
                self._end(self.tr("Cannot write {file}.").format(file=where))
            else:
                self._end(self.tr("The printer did not start the job."))
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
            self._end(self.tr("The printer stopped taking pages."))
            return
        area = QRectF(0, 0, self.printer.width(), self.printer.height())
        if paint is not None:
            paint(self._painter, area)
        else:
            self.undrawn.append(self._index + 1)
            if len(self.undrawn) == min(3, self._pages.count) == self._index + 1:
                self._end(self.tr("Its pages cannot be drawn."))  # not a stack of notices
                return
            notice = self.tr("This page cannot be drawn.")
            self._painter.drawText(area, Qt.AlignmentFlag.AlignCenter, notice)
        self._index += 1
        self._progress.setMaximum(self._pages.count)  # a long text's is an estimate at first
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
            outcome = self.tr("The printer could not finish the job.")
        if not outcome and self.printer.printerState() == QPrinter.PrinterState.Error:
            outcome = self.tr("The printer reported an error.")
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
        self.setWindowTitle(self.tr("Save as PDF"))
        self.all = QRadioButton(self.tr("&All %Ln pages", "", count), self)
        self.current = QRadioButton(self.tr("&This page ({page})").format(page=current), self)
        self.range = QRadioButton(self.tr("&Pages"), self)
        self.first, self.last = QSpinBox(self), QSpinBox(self)
        for box, name in ((self.first, self.tr("From page")), (self.last, self.tr("To page"))):
            box.setRange(1, count)
            box.setValue(current)
            box.setAccessibleName(name)
            box.valueChanged.connect(lambda _value: self.range.setChecked(True))
        self.all.setChecked(True)
        pages = QHBoxLayout()
        for widget in (self.range, self.first, QLabel(self.tr("to"), self), self.last):
            pages.addWidget(widget)
        pages.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.addButton(self.tr("&Save…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The PDF's own pages are saved, text and all."), self))
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
        text = translate("Printing", "This PDF's pages cannot be saved: {reason}.")
        raise PrintProblem(text.format(reason=exc)) from exc


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
        return translate("Printing", "This PDF could not be shown, so it cannot be printed.")
    if isinstance(viewer, ImageViewer) and viewer.item.pixmap().isNull():
        return translate(
            "Printing",
            "This image is not shown (see the viewer's message), so it cannot be printed.",
        )
    if isinstance(viewer, PdfViewer | HtmlViewer | TextViewer | ImageViewer):
        return ""
    return translate(
        "Printing",
        "Archive Reader shows no pages of this kind of file, so it cannot print it or save "
        "it as a PDF. Use Open with System Viewer, or Save a Copy.",
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
            self.message.emit(self.tr("No document is open."), 4000)
            return None
        if self._run is not None:
            self.message.emit(self.tr("A print job is still going."), 4000)
            return None
        problem = unprintable(self._reading.viewer())
        if problem:
            QMessageBox.information(self._window, self.tr("Cannot print this document"), problem)
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
            QMessageBox.warning(self._window, self.tr("Cannot print this document"), str(exc))
            return
        if source is None:  # the disc is asked for
            return
        what = self.tr("“{title}”").format(title=opened.title)
        run = self._run = PrintRun(printer, source, what, self._window)
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
        if isinstance(viewer, TextViewer):  # laid out a piece at a time, however long
            editor = viewer.editor
            return PlainTextPages(
                editor.toPlainText(), editor.document().defaultFont(), printer, self
            )
        if isinstance(viewer, HtmlViewer):
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # laid out in one go
            try:
                return TextPages(viewer.browser.document(), printer)
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
            self.message.emit(
                self.tr("Printing “{title}” was cancelled.").format(title=title), 5000
            )
        elif outcome:
            text = self.tr("{title}\n\n{reason}").format(title=title, reason=outcome)
            QMessageBox.warning(self._window, self.tr("Cannot print this document"), text)
        elif run.undrawn:
            text = self.tr(
                "“{title}” was printed, but pages {pages} could not be drawn: they say so.",
                "",
                len(run.undrawn),
            )
            pages = ", ".join(map(str, run.undrawn))
            QMessageBox.warning(
                self._window,
                self.tr("Some pages could not be drawn", "", len(run.undrawn)),
                text.format(title=title, pages=pages),
            )
        elif output:
            done = self.tr("Saved “{title}” as {file}").format(title=title, file=output)
            self.message.emit(done, 5000)
        else:
            self.message.emit(self.tr("Printed “{title}”").format(title=title), 5000)
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
            self._cannot_save(dest, exc.strerror)
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
            self._window,
            self.tr("Save as PDF"),
            str(folder / name),
            self.tr("PDF files (*.pdf);;All files (*)"),
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
            self.tr("Cannot save the PDF there"),
            self.tr(
                "{file} is inside the archive, which is never written to. "
                "Choose a folder outside it."
            ).format(file=dest),
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
            text = self.tr("The file cannot be read again: {reason}").format(reason=said(exc))
            raise PrintProblem(text) from exc

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
            self._cannot_save(dest, said(exc))
            return
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(dest)
            self._cannot_save(dest, exc.strerror)
            return
        finally:
            QApplication.restoreOverrideCursor()
        text = self.tr("Saved %Ln pages of “{title}” as {file}", "", len(pages))
        self.message.emit(text.format(title=opened.title, file=dest), 5000)
        self.ended.emit("")

    def _cannot_save(self, dest: str, reason: str | None) -> None:
        text = self.tr("{file}\n\n{reason}").format(file=dest, reason=reason or "")
        QMessageBox.warning(self._window, self.tr("Cannot save the PDF"), text)

    def shutdown(self) -> None:
        if self._run is not None:
            self._run.cancel()
