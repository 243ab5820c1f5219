"""The PDF viewer: continuous pages, zoom, hits painted and stepped through, thumbnails, copy."""

from __future__ import annotations

import bisect
import logging
import posixpath
import time
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.gui.viewers.base import OpenRequest, Viewer
from reader.gui.viewers.highlight import FindBar, common_keys
from reader.gui.viewers.pdf_doc import Link, PdfDocument, PdfOpenError, preview_pdf
from reader.gui.viewers.pdf_find import Match, PdfFind
from reader.gui.viewers.pdf_pages import GAP, MARGIN, PX_PER_POINT, PageStack, copy_to_clipboard
from reader.gui.viewers.pdf_thumbnails import PageThumbnails
from reader.gui.viewers.pdf_toolbar import PdfToolbar
from reader.search.analysis import QueryTerms, terms_for

log = logging.getLogger(__name__)

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 6.0)
SCANNED_PROBE_PAGES = 5
SCAN_SLICE_S = 0.012  # hit scanning work per idle tick, so scrolling stays smooth
FIRST_HIT_BUDGET_S = 0.3  # how long opening may look for the first hit before showing page 1

AnyIndex = QModelIndex | QPersistentModelIndex


class PdfViewer(Viewer):
    """Shows a PDF as one continuous column of pages with the search terms painted on them.

    Rendering, thumbnails and the hit scan run in small steps from one zero-interval timer on
    the GUI thread (PyMuPDF is not thread-safe): visible pages first, then thumbnails, then
    the scan for hits on the pages not yet looked at.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc: PdfDocument | None = None
        self._request: OpenRequest | None = None
        self._terms = QueryTerms()
        self._hits: list[tuple[int, Any]] = []  # (page, QRectF) in reading order
        self._hit_index = -1
        self._scan_next = 0  # pages looked at for hits, from _scan_start round to it
        self._scan_start = 0
        self._fit_mode: str | None = "width"
        self._finder: PdfFind | None = None
        self._initial_scroll = 0
        self._status = ""
        self._syncing = False

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._idle_step)

        self._stack = PageStack()
        self._stack.setAccessibleName("PDF pages")
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

        self._notice = QLabel("This PDF is a scan: it has no text to search or copy.")
        self._notice.setAccessibleName("Scanned PDF notice")
        self._notice.setAutoFillBackground(True)
        self._notice.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self._notice.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self._notice.setContentsMargins(8, 4, 8, 4)
        self._notice.hide()

        self._message = QLabel()
        self._message.setAccessibleName("PDF message")
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
        self._thumb_view = PageThumbnails(self._wake)
        self._thumb_view.page_chosen.connect(lambda row: self.go_to_page(row + 1))
        self._hit_list = QListWidget()
        self._hit_list.setAccessibleName("Pages with hits")
        self._hit_list.itemActivated.connect(self._on_hit_item)
        self._hit_list.itemClicked.connect(self._on_hit_item)
        self._sidebar = QTabWidget()
        self._sidebar.setAccessibleName("PDF sidebar")
        self._sidebar.setDocumentMode(True)
        self._sidebar.addTab(self._thumb_view, "Pages")
        self._sidebar.addTab(self._hit_list, "Hits")

    def _set_enabled(self, enabled: bool) -> None:
        self._toolbar.setEnabled(enabled)

    # --- the Viewer interface ------------------------------------------------------------

    def open_document(self, request: OpenRequest, data: bytes) -> None:
        self.clear()
        self._request = request
        try:
            doc = PdfDocument(data)
        except PdfOpenError as exc:
            self._show_message(str(exc))
            return
        except Exception:
            log.exception("cannot open PDF %s", request.path)
            self._show_message("This PDF cannot be shown.")
            return
        self._doc = doc
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
        scanned = all(not doc.words(n) for n in range(min(SCANNED_PROBE_PAGES, count)))
        self._notice.setVisible(scanned)
        self._terms = QueryTerms() if scanned else request.terms
        start = request.page - 1 if request.page else None
        # Pages are looked at from the one asked for (a search result's page, maybe page
        # 709 of 1,321) to the end, then from the first: its hits are known at once.
        self._scan_start = start or 0
        self._scan_next = 0 if self._terms else count
        if self._terms:
            # The first hit, or the first on the page asked for: it is the current one, so
            # F3 goes on from it and the label says "Hit 1 of 2".
            deadline = time.perf_counter() + FIRST_HIT_BUDGET_S
            while self._scan_next < count and time.perf_counter() < deadline:
                if (self._hits and start is None) or (start is not None and self._scan_next):
                    break
                self._scan_step()
            first = next((i for i, (p, _) in enumerate(self._hits) if start in (None, p)), -1)
            if start is None and first >= 0:
                start = self._hits[first][0]
        else:
            first = -1
        self._stack.go_to_page(start or 0)
        if first >= 0:
            self._set_hit(first)
        self._initial_scroll = self._stack.verticalScrollBar().value()
        self._on_page_changed(self._stack.current_page())
        self._update_hit_label()
        self._wake()

    def clear(self) -> None:
        self._idle.stop()
        self._stack.set_document(None)
        if self._doc is not None:
            self._doc.close()
        self._doc = None
        self._request = None
        self._terms = QueryTerms()
        self._hits = []
        self._hit_index = -1
        self._scan_next = 0
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
        """F3: the next match of the find bar while it is open, else the next search hit."""
        if self.find_bar.find_again(backwards):
            return True
        if self._doc is None or not self._terms:
            return False
        if backwards and (self._hit_index <= 0 or self._hit_index < 0):
            self._scan_all()  # wrapping to the last hit needs them all
        if not self._hits and not self._scan_until_more(0):
            return False
        current = self._stack.current_page()
        if self._hit_index < 0:
            if backwards:
                before = [i for i, (page, _) in enumerate(self._hits) if page <= current]
                index = before[-1] if before else len(self._hits) - 1
            else:
                index = next((i for i, (p, _) in enumerate(self._hits) if p >= current), -1)
                if index < 0:
                    index = self._hits_from_page(current)
        elif backwards:
            index = self._hit_index - 1 if self._hit_index > 0 else len(self._hits) - 1
        else:
            index = self._hit_index + 1
            if index >= len(self._hits) and not self._scan_until_more(len(self._hits)):
                index = 0
        self._set_hit(index)
        return True

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
        again = not incremental and text == self._finder.text
        match = self._finder.step(
            text, self._stack.current_page(), backwards=backwards, again=again
        )
        self._show_found(match)
        if self._finder.waiting is not None or not self._finder.done:
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

    @property
    def page_count(self) -> int:
        return self._doc.page_count if self._doc else 0

    def current_page(self) -> int:
        """The 1-based page on screen."""
        return self._stack.current_page() + 1

    def hit_count(self) -> int:
        return len(self._hits)

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
        if not text:
            text = self._doc.text(self._stack.current_page())
        copy_to_clipboard(text)

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

    def _idle_step(self) -> None:
        if self._doc is None:
            return
        if (
            self._stack.render_one()
            or self._thumb_view.render_one(self.palette().color(QPalette.ColorRole.Mid))
            or self._find_step()
            or self._scan_step()
        ):
            self._idle.start()

    def _scan_step(self) -> bool:
        """Look for hits on the next pages for a few milliseconds; False when all are done."""
        if self._doc is None or self._scan_next >= self._doc.page_count:
            return False
        deadline = time.perf_counter() + SCAN_SLICE_S
        found = False
        count = self._doc.page_count
        while self._scan_next < count and time.perf_counter() < deadline:
            page = (self._scan_start + self._scan_next) % count
            self._scan_next += 1
            rects = self._doc.hits(page, self._terms)
            if rects:
                found = True
                self._add_hits(page, rects)
        if found:
            self._stack.viewport().update()
            first_found = self._hit_index < 0 and self._request and self._request.page is None
            untouched = self._stack.verticalScrollBar().value() == self._initial_scroll == 0
            if first_found and untouched:
                self._stack.go_to_page(self._hits[0][0])
                self._set_hit(0)
        self._update_hit_label()
        return self._scan_next < self._doc.page_count

    def _add_hits(self, page: int, rects: list[Any]) -> None:
        """The hits of one page, in page order among those known (pages after the first
        looked at come first, those before it when the scan wraps round)."""
        self._stack.hits[page] = rects
        at = bisect.bisect_left([p for p, _ in self._hits], page)
        self._hits[at:at] = [(page, rect) for rect in rects]
        if 0 <= at <= self._hit_index:
            self._hit_index += len(rects)  # the current hit keeps its place
        self._thumb_view.set_hits(page, len(rects))
        item = QListWidgetItem(f"p. {page + 1} ({len(rects)} hit{'s' * (len(rects) > 1)})")
        item.setData(Qt.ItemDataRole.UserRole, page)
        pages = [
            self._hit_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self._hit_list.count())
        ]
        self._hit_list.insertItem(bisect.bisect_left(pages, page), item)

    def _scan_until_more(self, known: int) -> bool:
        """Scan until there are more than `known` hits or no page is left; True if more."""
        while len(self._hits) <= known and self._scan_step():
            pass
        return len(self._hits) > known

    def _scan_all(self) -> None:
        while self._scan_step():
            pass

    def _hits_from_page(self, page: int) -> int:
        """Index of the first hit on or after `page`, scanning further as needed (0 if none)."""
        while True:
            index = next((i for i, (p, _) in enumerate(self._hits) if p >= page), -1)
            if index >= 0 or not self._scan_until_more(len(self._hits)):
                return max(index, 0)

    def _set_hit(self, index: int) -> None:
        self._hit_index = index
        page, rect = self._hits[index]
        self._show_mark(page, rect)
        self._update_hit_label()

    def _show_mark(self, page: int, rect: Any) -> None:
        self._stack.current_hit = (page, rect)
        self._stack.ensure_visible(page, rect)
        self._stack.viewport().update()
        self._on_page_changed(self._stack.current_page())

    def _update_hit_label(self) -> None:
        total = len(self._hits)
        more = "+" if self._doc is not None and self._scan_next < self._doc.page_count else ""
        if not self._terms:
            text = ""
        elif self._hit_index >= 0:
            text = f"Hit {self._hit_index + 1} of {total}{more}"
        else:
            text = f"{total}{more} hits" if total or more else "No hits"
        self._hit_label.setText(text)
        enabled = bool(self._terms) and (total > 0 or bool(more))
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
        status = f"Page {page + 1} of {self._doc.page_count}"
        if self._terms:
            total = len(self._hits)
            more = "+" if self._scan_next < self._doc.page_count else ""
            if self._hit_index >= 0:
                status += f" · {self._hit_index + 1} of {total}{more} hits"
            else:
                status += f" · {total}{more} hits" if total or more else " · no hits"
        self._emit_status(status)

    def _emit_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)

    def _on_page_box(self, value: int) -> None:
        if not self._syncing:
            self.go_to_page(value)
            self._stack.setFocus()

    def _on_hit_item(self, item: QListWidgetItem) -> None:
        page = int(item.data(Qt.ItemDataRole.UserRole))
        index = next((i for i, (p, _) in enumerate(self._hits) if p == page), -1)
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
    viewer.status_changed.connect(lambda text: viewer.setWindowTitle(f"PDF preview — {text}"))
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
