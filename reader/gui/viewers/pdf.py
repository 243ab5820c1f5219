"""The PDF viewer: continuous pages, zoom, hits painted and stepped through, thumbnails, copy."""

from __future__ import annotations

import logging
import posixpath
import time
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from reader.gui.core_text import said
from reader.gui.language import translate
from reader.gui.viewers.base import OpenRequest, Viewer
from reader.gui.viewers.highlight import FindBar, common_keys
from reader.gui.viewers.pdf_doc import Link, PdfDocument, PdfOpenError, page_image, preview_pdf
from reader.gui.viewers.pdf_find import Match, PdfFind
from reader.gui.viewers.pdf_hits import HitScan
from reader.gui.viewers.pdf_labels import PdfLabels
from reader.gui.viewers.pdf_pages import GAP, MARGIN, PX_PER_POINT, PageStack, copy_to_clipboard
from reader.gui.viewers.pdf_render import warm_up
from reader.gui.viewers.pdf_thumbnails import HitPages, PageThumbnails
from reader.gui.viewers.pdf_toolbar import PdfToolbar
from reader.gui.viewers.pdf_worker import TIME_LIMIT_S, Job, PdfWorker
from reader.gui.viewers.reading_colours import ReadingColours
from reader.gui.viewers.scan_notice import SCAN_NOTICE, notice_label, ocr_notice
from reader.search.analysis import QueryTerms, terms_for

log = logging.getLogger(__name__)

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 6.0)
SCANNED_PROBE_PAGES = 5
FIRST_HIT_BUDGET_S = 0.25  # how long opening may look for the first hit before showing page 1
# How long opening waits for a text worker that is still starting (only a cold fork server
# takes this long, once), before the first hit's budget starts.
START_WAIT_S = 1.0
# How long a key press (F3, Find, Copy) waits for words still to come before it is answered
# later, when they are there.
KEY_WAIT_S = 0.4

AnyIndex = QModelIndex | QPersistentModelIndex


class PdfViewer(Viewer):
    """Shows a PDF as one continuous column of pages with the search terms painted on them.

    Pages are drawn, and their words read, by two worker processes with their own copies of
    the document (pdf_worker.py): a page that takes MuPDF seconds (or forever) never holds
    the window, and one over `time_limit` says so instead. One zero-interval timer on the
    GUI thread hands out the work in small steps: visible pages first, then thumbnails, then
    the Find bar's search and the scan for hits on the pages not yet looked at.
    """

    def __init__(self, parent: QWidget | None = None, *, time_limit: float = TIME_LIMIT_S) -> None:
        super().__init__(parent)
        warm_up()  # so that the first PDF opened gets its workers in milliseconds
        self._draw = PdfWorker("draw", time_limit=time_limit, parent=self)
        self._draw.done.connect(self._on_drawn)
        self._draw.failed.connect(self._on_draw_failed)
        self._text = PdfWorker("text", time_limit=time_limit, in_flight=4, parent=self)
        self._text.done.connect(self._on_text)
        self._text.failed.connect(lambda job, _: self._on_text(job, None))
        self._doc: PdfDocument | None = None
        self._request: OpenRequest | None = None
        self._scan = HitScan(None, QueryTerms())
        self._fit_mode: str | None = "width"
        self._finder: PdfFind | None = None
        self._initial_scroll = 0
        self._status = ""
        self._syncing = False
        # A scan (no words on its first pages)? None until their words are read.
        self._scanned: bool | None = None
        # F3 (False) or Shift+F3 (True) pressed before the hit it moves to was known.
        self._wanted_hit: bool | None = None
        self._copy_wanted: Job | None = None  # the page text asked for the clipboard
        self._labels = PdfLabels(self)

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._idle_step)

        self._stack = PageStack(self._draw)
        self._stack.setAccessibleName(self.tr("PDF pages"))
        self._stack.render_wanted.connect(self._wake)
        self._stack.current_page_changed.connect(self._on_page_changed)
        self._stack.zoom_step.connect(self.zoom_by)
        self._stack.resized.connect(self._apply_fit)
        self._stack.link_activated.connect(self._on_link)
        self._stack.copy_requested.connect(self.copy_text)

        self._toolbar = PdfToolbar(self, self)
        bar = self._toolbar
        self._sidebar_action, self._zoom_label = bar.sidebar_action, bar.zoom_label
        self._page_box, self._hit_label = bar.page_box, bar.hit_label
        self._prev_hit, self._next_hit = bar.prev_hit, bar.next_hit
        self._page_box.valueChanged.connect(self._on_page_box)
        self._build_sidebar()
        self.find_bar = FindBar(self)
        self.find_bar.find_requested.connect(
            lambda text, back, typed: self.find(text, backwards=back, incremental=typed)
        )
        self.find_bar.closed.connect(self._stack.setFocus)

        self._notice = notice_label(self.tr("Scanned PDF notice"))

        self._message = QLabel()
        self._message.setAccessibleName(self.tr("PDF message"))
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setMargin(24)

        self._splitter = QSplitter(Qt.Orientation.Horizontal)
        self._splitter.addWidget(self._sidebar)
        self._splitter.addWidget(self._stack)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setSizes([170, 800])
        self._sidebar.hide()

        self._pages = QStackedWidget()
        self._pages.addWidget(self._splitter)
        self._pages.addWidget(self._message)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._toolbar)
        layout.addWidget(self.find_bar)
        layout.addWidget(self._notice)
        layout.addWidget(self._pages, 1)
        self.setFocusProxy(self._stack)
        self._set_enabled(False)

    # --- construction --------------------------------------------------------------------

    def _build_sidebar(self) -> None:
        self._thumb_view = PageThumbnails(self._wake, self._draw)
        self._thumb_view.page_chosen.connect(lambda row: self.go_to_page(row + 1))
        self._hit_list = HitPages()
        self._hit_list.page_chosen.connect(self._on_hit_page)
        self._sidebar = QTabWidget()
        self._sidebar.setAccessibleName(self.tr("PDF sidebar"))
        self._sidebar.setDocumentMode(True)
        self._sidebar.addTab(self._thumb_view, self.tr("Pages"))
        self._sidebar.addTab(self._hit_list, self.tr("Hits"))

    def _set_enabled(self, enabled: bool) -> None:
        self._toolbar.setEnabled(enabled)

    # --- the Viewer interface ------------------------------------------------------------

    def open_document(self, request: OpenRequest, data: bytes) -> None:
        self._close_document()
        self._request = request
        try:
            doc = PdfDocument(data, want_words=self._want_words, wait=self._text.wait)
            if request.ocr is not None:
                doc.set_ocr(request.ocr.pages, request.ocr.words)
        except PdfOpenError as exc:
            self._show_message(said(exc))
            return
        except Exception:
            log.exception("cannot open PDF %s", request.path)
            self._show_message(self.tr("This PDF cannot be shown."))
            return
        self._doc = doc
        self._draw.open(data)
        self._text.open(data)
        count = doc.page_count
        self._pages.setCurrentWidget(self._splitter)
        self._set_enabled(True)
        self._fit_mode = "width"
        self._stack.set_document(doc)
        self._apply_fit()
        self._syncing = True
        self._page_box.setRange(1, count)
        self._page_box.setSuffix(f" / {count}")
        self._syncing = False
        self._thumb_view.set_document(doc)
        start = request.page - 1 if request.page else None
        scan = self._scan = HitScan(doc, request.terms, start or 0, self._add_hits)
        self._check_scanned()
        first = -1
        if scan.terms:
            # The first hit, or the first on the page asked for: it is the current one, so
            # F3 goes on from it and the label says "Hit 1 of 2". Past the budget (a page
            # whose words take long) the view opens, and moves to it when it is found.
            self._text.wait(lambda: self._text.ready, START_WAIT_S)
            deadline = time.perf_counter() + FIRST_HIT_BUDGET_S
            wanted = (lambda: bool(scan.hits)) if start is None else (lambda: scan.looked > 0)
            scan.until(wanted, deadline)
            first = 0 if start is None and scan.hits else scan.index_on(start or 0)
            if start is None and first >= 0:
                start = scan.hits[first][0]
        self._stack.go_to_page(start or 0)
        if first >= 0:
            self._set_hit(first)
        self._initial_scroll = self._stack.verticalScrollBar().value()
        self._on_page_changed(self._stack.current_page())
        self._update_hit_label()
        self._wake()

    def clear(self) -> None:
        """Close the document, and end the worker processes (the next PDF starts new ones)."""
        self._close_document()
        self._draw.stop()
        self._text.stop()

    def set_reading_colours(self, colours: ReadingColours) -> None:
        super().set_reading_colours(colours)
        self._stack.set_colours(colours)  # the desk around the pages; inverted pages or not

    def closeEvent(self, event: QCloseEvent) -> None:
        self.clear()
        super().closeEvent(event)

    def _close_document(self) -> None:
        self._idle.stop()
        self._draw.open(None)
        self._text.open(None)
        self._stack.set_document(None)
        if self._doc is not None:
            self._doc.close()
        self._doc = None
        self._request = None
        self._scan = HitScan(None, QueryTerms())
        self._scanned = self._wanted_hit = self._copy_wanted = None
        self._finder = None
        self.find_bar.result.clear()
        self._thumb_view.set_document(None)
        self._hit_list.clear()
        self._notice.hide()
        self._message.clear()
        self._pages.setCurrentWidget(self._splitter)
        self._set_enabled(False)
        self._update_hit_label()
        self._emit_status("")

    def next_hit(self, *, backwards: bool = False) -> bool:
        """F3: the next match of the find bar while it is open, else the next search hit.
        True also when that hit is on pages still being looked at: the view goes to it
        once they are."""
        if self.find_bar.find_again(backwards):
            return True
        if self._doc is None or not self._scan.terms:
            return False
        self._wanted_hit = None
        moved = self._step_hit(backwards, time.perf_counter() + KEY_WAIT_S)
        if moved is None:
            self._wanted_hit = backwards
            self._wake()
            return True
        return moved

    def _step_hit(self, backwards: bool, deadline: float) -> bool | None:
        """Go to the next (previous) hit; None when it is not known by `deadline`."""
        index = self._scan.step(backwards, self._stack.current_page(), deadline)
        if index is not None and index >= 0:
            self._set_hit(index)
        return None if index is None else index >= 0

    def _retry_hit(self) -> None:
        """F3 pressed before its hit was known: moves there now, if it is known now."""
        wanted = self._wanted_hit
        if wanted is not None and self._step_hit(wanted, time.perf_counter()) is not None:
            self._wanted_hit = None

    def find(  # type: ignore[override]
        self, text: str, *, backwards: bool = False, incremental: bool = False
    ) -> bool:
        """The next (previous) match of `text`, case and accents aside; `incremental`: the
        text was typed further, so the search starts again where the view is. False when
        none is shown yet (not found, or the pages it needs are still being looked at)."""
        if self._doc is None or not text.strip():
            return False
        if self._finder is None:
            self._finder = PdfFind(self._doc.find, self._doc.page_count)
        finder = self._finder
        again = not incremental and text == finder.text
        match = finder.step(text, self._stack.current_page(), backwards=backwards, again=again)
        # The words of the pages it needs may still be coming: a moment's wait, else the
        # match is shown when they are there (_find_step).
        deadline = time.perf_counter() + KEY_WAIT_S
        while match is None and finder.waiting is not None and not finder.done:
            page = finder.next_page
            if not self._doc.wait_words(page, deadline - time.perf_counter()):
                break
            finder.search_some()
            match = finder.resume()
        self._show_found(match)
        if finder.waiting is not None or not finder.done:
            self._wake()  # the rest of the pages are looked at when the window is idle
        return match is not None

    def show_find_bar(self) -> None:
        self.find_bar.open_bar(self._stack.selected_text().strip()[:200])

    def _show_found(self, match: Match | None) -> None:
        if match is not None:
            self._stack.current_hit = (match.page, match.rect)
            self._stack.ensure_visible(match.page, match.rect)
            self._stack.viewport().update()
            self._on_page_changed(self._stack.current_page())
        if self._finder is not None:
            self.find_bar.show_result(self._finder.found())

    def _find_step(self) -> bool:
        """Look for the Find bar's text on more pages; False when there is nothing to do."""
        finder = self._finder
        if finder is None or finder.done:
            return False
        more = finder.search_some()
        waited = finder.waiting is not None
        match = finder.resume()
        if waited and (match is not None or finder.done):
            self._show_found(match)
        else:
            self.find_bar.show_result(finder.found())
        return more

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not common_keys(
            event,
            self.find_bar,
            self.show_find_bar,
            lambda back: self.next_hit(backwards=back),
            self.zoom_by,
        ):
            super().keyPressEvent(event)

    # --- public helpers (also used by tests) ---------------------------------------------

    @property
    def rendered_pages(self) -> int:
        """How many page images were rendered since the viewer was made."""
        return self._stack.rendered_pages

    @property
    def thumbnails_rendered(self) -> int:
        return self._thumb_view.rendered

    def page_notice(self, page: int) -> str:
        """What 1-based `page` shows instead of its content ("This page takes too long to
        draw"), or "" for a page drawn or still to be."""
        return self._stack.page_notice(page - 1)

    def worker_pids(self) -> list[int]:
        """The worker processes running now (tests: none is left behind)."""
        return [w.pid for w in (self._draw, self._text) if w.pid is not None]

    @property
    def page_count(self) -> int:
        return self._doc.page_count if self._doc else 0

    def current_page(self) -> int:
        """The 1-based page on screen."""
        return self._stack.current_page() + 1

    def hit_count(self) -> int:
        return len(self._scan.hits)

    def hit_rects(self, page: int) -> list[Any]:
        """The hit rectangles (QRectF, page points) found so far on 1-based `page`."""
        return list(self._stack.hits.get(page - 1, ()))

    @property
    def pages(self) -> PageStack:
        """The page view (scroll area) itself."""
        return self._stack

    def go_to_page(self, page: int) -> None:
        """Scroll to the top of 1-based `page`."""
        self._stack.go_to_page(page - 1)

    def zoom(self) -> float:
        return self._stack.zoom

    @property
    def fit_mode(self) -> str | None:  # "width"/"page" while the zoom follows the window
        return self._fit_mode

    def set_zoom(self, zoom: float) -> None:
        self._fit_mode = None
        self._stack.set_zoom(min(max(zoom, ZOOM_STEPS[0]), ZOOM_STEPS[-1]))
        self._zoom_label.setText(f"{round(self._stack.zoom * 100)} %")

    def zoom_by(self, steps: int) -> None:
        zoom = self._stack.zoom
        if steps > 0:
            self.set_zoom(next((z for z in ZOOM_STEPS if z > zoom + 0.01), ZOOM_STEPS[-1]))
        elif steps < 0:
            self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < zoom - 0.01), ZOOM_STEPS[0]))

    def set_fit(self, mode: str) -> None:
        """Zoom to fit the page "width" or the whole "page", and keep doing so on resize."""
        self._fit_mode = mode
        self._apply_fit()

    def copy_text(self, page_text: bool = False) -> None:
        """Copy the selected words, or the current page's text when nothing is selected."""
        if self._doc is None:
            return
        text = "" if page_text else self._stack.selected_text()
        text = text or self._doc.ocr_text(self._stack.current_page())  # a scan: OCR's text
        if text:
            copy_to_clipboard(text)
            return
        # The page's text comes from the text worker: at once as a rule, else when it is read.
        job = self._copy_wanted = Job("text", self._stack.current_page())
        self._text.submit(job, priority=0)
        self._text.wait(lambda: self._copy_wanted is None, KEY_WAIT_S)

    def selected_text(self) -> str:
        return self._stack.selected_text()

    def select_rect(self, page: int, rect: Any) -> None:
        """Select the words of 1-based `page` touched by `rect` (page points)."""
        self._stack.select_rect(page - 1, rect)

    # --- internals -----------------------------------------------------------------------

    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        self._pages.setCurrentWidget(self._message)
        self._set_enabled(False)
        self._emit_status(text)

    def _apply_fit(self) -> None:
        if self._doc is None or self._fit_mode is None:
            self._zoom_label.setText(f"{round(self._stack.zoom * 100)} %")
            return
        vbar = self._stack.verticalScrollBar()
        view = self._stack.viewport().size()
        width = view.width() - (0 if vbar.isVisible() else vbar.sizeHint().width())
        page_w, page_h = self._doc.page_sizes[self._stack.current_page()]
        zoom = (width - 2 * MARGIN) / (page_w * PX_PER_POINT)
        if self._fit_mode == "page":
            zoom = min(zoom, (view.height() - 2 * GAP) / (page_h * PX_PER_POINT))
        self._stack.set_zoom(min(max(zoom, 0.1), ZOOM_STEPS[-1]))
        self._zoom_label.setText(f"{round(self._stack.zoom * 100)} %")

    def _wake(self) -> None:
        if not self._idle.isActive():
            self._idle.start()

    # --- the workers' answers ------------------------------------------------------------

    def _want_words(self, page: int, urgent: bool) -> None:
        self._text.submit(Job("words", page), 0 if urgent else 1)

    def _on_drawn(self, job: Job, pixels: tuple[int, int, int, bytes]) -> None:
        if self._doc is None:
            return
        image = page_image(*pixels)
        if job.tag == "page":
            self._stack.add_image(job.page, job.scale, image)
        else:
            self._thumb_view.add_image(
                job.page, image, self.palette().color(QPalette.ColorRole.Mid)
            )
        self._wake()

    def _on_draw_failed(self, job: Job, reason: str) -> None:
        if self._doc is None:
            return
        self._doc.undrawable.setdefault(job.page, "slow" if reason == "slow" else "damaged")
        self._stack.viewport().update()
        self._wake()

    def _on_text(self, job: Job, result: Any) -> None:
        """Words (or None: they could not be read in time) or a page's text, for Copy."""
        if self._doc is None:
            return
        if job.kind == "text":
            if job == self._copy_wanted:
                self._copy_wanted = None
                if result is None:
                    self._emit_status(self.tr("The text of this page cannot be read."))
                else:
                    copy_to_clipboard(result)
            return
        self._doc.add_words(job.page, result)
        self._check_scanned()
        self._wake()  # the scan and Find go on

    def _check_scanned(self) -> None:
        """A scan has no words on its first pages: it says so (and has no hits) once they
        are read."""
        doc = self._doc
        if doc is None or self._scanned is not None:
            return
        words = [doc.words(n) for n in range(min(SCANNED_PROBE_PAGES, doc.page_count))]
        ocr = self._request.ocr if self._request is not None else None
        if ocr is not None and ocr.pages:
            self._notice.setText(ocr_notice(ocr.pages, ocr.missing))
            self._notice.show()
        if any(words):
            self._scanned = False
        elif all(w is not None for w in words):
            self._scanned = True
            scan_notice = translate("ScanNotice", SCAN_NOTICE)
            self._notice.setText(self._notice.text() if ocr and ocr.pages else scan_notice)
            self._notice.show()
            self._scan.stop()
            self._update_hit_label()

    def _idle_step(self) -> None:
        if self._doc is None:
            return
        # The drawing is the worker's: these only ask for the next page, then thumbnail.
        self._stack.render_one()
        self._thumb_view.render_one()
        more = self._find_step() or self._scan_step()
        self._retry_hit()
        if more:
            self._idle.start()

    def _scan_step(self) -> bool:
        """Look for hits on more pages; whether to go on at once (see HitScan.scan)."""
        more, found = self._scan.scan()
        if found:
            first_found = self._scan.index < 0 and self._request and self._request.page is None
            untouched = self._stack.verticalScrollBar().value() == self._initial_scroll == 0
            if first_found and untouched:
                self._stack.go_to_page(self._scan.hits[0][0])
                self._set_hit(0)
        self._update_hit_label()
        return more

    def _add_hits(self, page: int, rects: list[Any]) -> None:
        self._stack.hits[page] = rects
        self._stack.viewport().update()
        self._thumb_view.set_hits(page, len(rects))
        self._hit_list.add(page, len(rects))

    def _set_hit(self, index: int) -> None:
        self._scan.index = index
        page, rect = self._scan.hits[index]
        self._show_mark(page, rect)
        self._update_hit_label()

    def _show_mark(self, page: int, rect: Any) -> None:
        self._stack.current_hit = (page, rect)
        self._stack.ensure_visible(page, rect)
        self._stack.viewport().update()
        self._on_page_changed(self._stack.current_page())

    def _update_hit_label(self) -> None:
        scan = self._scan
        total = len(scan.hits)
        more = "" if scan.done else "+"
        self._hit_label.setText(self._labels.hit_label(scan))
        enabled = bool(scan.terms) and (total > 0 or bool(more))
        self._prev_hit.setEnabled(enabled)
        self._next_hit.setEnabled(enabled)
        self._on_page_changed(self._stack.current_page())

    def _on_page_changed(self, page: int) -> None:
        if self._doc is None:
            return
        self._syncing = True
        self._page_box.setValue(page + 1)
        self._syncing = False
        if self._sidebar.isVisible():
            self._thumb_view.show_page(page)
        self._emit_status(self._labels.status(page, self._doc.page_count, self._scan))

    def _emit_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)

    def _on_page_box(self, value: int) -> None:
        if not self._syncing:
            self.go_to_page(value)
            self._stack.setFocus()

    def _on_hit_page(self, page: int) -> None:
        index = self._scan.index_on(page)
        if index >= 0:
            self._stack.go_to_page(page)
            self._set_hit(index)

    def toggle_thumbnails(self) -> None:
        visible = not self._sidebar.isVisible()
        self._sidebar.setVisible(visible)
        self._sidebar_action.setChecked(visible)
        if visible and self._doc is not None:
            self._thumb_view.show_page(self._stack.current_page())

    def _on_link(self, link: Link) -> None:
        if link.page is not None:
            self._stack.go_to_page(link.page)
        elif link.uri:
            self.external_link.emit(link.uri)
        elif link.file and self._request is not None:
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(self._request.path), link.file)
            )
            if target.startswith("../") or target.startswith("/") or target == "..":
                return  # outside the volume: never followed
            self.open_requested.emit(target, "")


if __name__ == "__main__":
    import sys
    from typing import cast

    from PySide6.QtWidgets import QApplication

    from reader.model import Kind
    from reader.sources.volume import Volume

    app = QApplication(sys.argv)
    viewer = PdfViewer()
    viewer.resize(1000, 750)
    title = translate("PdfViewer", "PDF preview — {status}")
    viewer.status_changed.connect(lambda text: viewer.setWindowTitle(title.format(status=text)))
    request = OpenRequest(
        volume=cast(Volume, None), path="preview.pdf", kind=Kind.PDF, terms=terms_for("intercept")
    )
    viewer.show()
    viewer.open_document(request, preview_pdf())
    if len(sys.argv) > 2 and sys.argv[1] == "--screenshot":
        out = sys.argv[2]
        viewer._sidebar_action.trigger()  # show the thumbnails too

        def shoot() -> None:
            viewer.grab().save(out)
            app.quit()

        QTimer.singleShot(600, shoot)
    sys.exit(app.exec())
