"""The PDF viewer: continuous pages, zoom, hits painted and stepped through, thumbnails, copy."""

from __future__ import annotations

import logging
import posixpath
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reader.gui.viewers.base import OpenRequest, Viewer
from reader.gui.viewers.pdf_doc import Link, PdfDocument, PdfOpenError, preview_pdf
from reader.gui.viewers.pdf_pages import GAP, MARGIN, PX_PER_POINT, PageStack, copy_to_clipboard
from reader.gui.viewers.pdf_thumbnails import PageThumbnails
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
        self._scan_next = 0
        self._fit_mode: str | None = "width"
        self._find_state: tuple[str, int, int] | None = None
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

        self._build_toolbar()
        self._build_sidebar()

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
        layout.addWidget(self._notice)
        layout.addWidget(self._pages, 1)
        self.setFocusProxy(self._stack)
        self._set_enabled(False)

    # --- construction --------------------------------------------------------------------

    def _action(
        self,
        text: str,
        tip: str,
        slot: Callable[[], Any],
        keys: tuple[str, ...] = (),
        icon: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if icon and QIcon.hasThemeIcon(icon):
            action.setIcon(QIcon.fromTheme(icon))
        action.setToolTip(tip + (f" ({keys[0]})" if keys else ""))
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        bar = self._toolbar = QToolBar("PDF")
        bar.setAccessibleName("PDF toolbar")
        bar.setIconSize(QSize(18, 18))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonFollowStyle)
        self._sidebar_action = self._action(
            "Thumbnails",
            "Show page thumbnails and pages with hits",
            self._toggle_sidebar,
            ("F4",),
            "view-sidebar",
        )
        self._sidebar_action.setCheckable(True)
        bar.addAction(self._sidebar_action)
        bar.addSeparator()
        bar.addAction(
            self._action("−", "Zoom out", lambda: self.zoom_by(-1), ("Ctrl+-",), "zoom-out")
        )
        self._zoom_label = QLabel("100 %")
        self._zoom_label.setAccessibleName("Zoom")
        self._zoom_label.setMinimumWidth(48)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self._zoom_label)
        bar.addAction(
            self._action("+", "Zoom in", lambda: self.zoom_by(1), ("Ctrl+=", "Ctrl++"), "zoom-in")
        )
        bar.addAction(
            self._action(
                "Fit width",
                "Fit the page width",
                lambda: self.set_fit("width"),
                ("Ctrl+0",),
                "zoom-fit-width",
            )
        )
        bar.addAction(
            self._action(
                "Fit page", "Show whole pages", lambda: self.set_fit("page"), (), "zoom-fit-best"
            )
        )
        bar.addSeparator()
        bar.addWidget(QLabel(" Page "))
        self._page_box = QSpinBox()
        self._page_box.setAccessibleName("Page number")
        self._page_box.setToolTip("Go to page (type a number and press Enter)")
        self._page_box.setKeyboardTracking(False)
        self._page_box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self._page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._page_box.valueChanged.connect(self._on_page_box)
        bar.addWidget(self._page_box)
        bar.addSeparator()
        self._prev_hit = self._action(
            "◀", "Previous hit", lambda: self.next_hit(backwards=True), ("Shift+F3",), "go-up"
        )
        self._next_hit = self._action("▶", "Next hit", self.next_hit, ("F3",), "go-down")
        bar.addAction(self._prev_hit)
        self._hit_label = QLabel()
        self._hit_label.setAccessibleName("Hit position")
        self._hit_label.setMinimumWidth(90)
        self._hit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self._hit_label)
        bar.addAction(self._next_hit)
        self._action("Copy", "Copy the selected text", self.copy_text, ("Ctrl+C",))

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
        self._scan_next = 0 if self._terms else count
        start = request.page - 1 if request.page else None
        if start is None and self._terms:
            deadline = time.perf_counter() + FIRST_HIT_BUDGET_S
            while not self._hits and self._scan_next < count and time.perf_counter() < deadline:
                self._scan_step()
            if self._hits:
                start = self._hits[0][0]
        self._stack.go_to_page(start or 0)
        if start is not None and self._hits and request.page is None:
            self._set_hit(0)
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
        self._find_state = None
        self._thumb_view.set_document(None)
        self._hit_list.clear()
        self._notice.hide()
        self._message.clear()
        self._pages.setCurrentWidget(self._splitter)
        self._set_enabled(False)
        self._update_hit_label()
        self._emit_status("")

    def next_hit(self, *, backwards: bool = False) -> bool:
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

    def find(self, text: str, *, backwards: bool = False) -> bool:  # type: ignore[override]
        if self._doc is None or not text.strip():
            return False
        count = self._doc.page_count
        if self._find_state is not None and self._find_state[0] == text:
            start_page, start_index = self._find_state[1], self._find_state[2]
        else:
            start_page, start_index = self._stack.current_page(), (10**9 if backwards else -1)
        step = -1 if backwards else 1
        for offset in range(count + 1):
            page = (start_page + offset * step) % count
            rects = self._doc.search(page, text)
            indexes = range(len(rects) - 1, -1, -1) if backwards else range(len(rects))
            for index in indexes:
                if offset == 0 and (index >= start_index if backwards else index <= start_index):
                    continue
                self._find_state = (text, page, index)
                self._show_mark(page, rects[index])
                return True
        return False

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
            or self._scan_step()
        ):
            self._idle.start()

    def _scan_step(self) -> bool:
        """Look for hits on the next pages for a few milliseconds; False when all are done."""
        if self._doc is None or self._scan_next >= self._doc.page_count:
            return False
        deadline = time.perf_counter() + SCAN_SLICE_S
        found = False
        while self._scan_next < self._doc.page_count and time.perf_counter() < deadline:
            page = self._scan_next
            self._scan_next += 1
            rects = self._doc.hits(page, self._terms)
            if rects:
                found = True
                self._stack.hits[page] = rects
                self._hits.extend((page, rect) for rect in rects)
                self._thumb_view.set_hits(page, len(rects))
                item = QListWidgetItem(f"p. {page + 1} ({len(rects)} hit{'s' * (len(rects) > 1)})")
                item.setData(Qt.ItemDataRole.UserRole, page)
                self._hit_list.addItem(item)
        if found:
            self._stack.viewport().update()
            first_found = self._hit_index < 0 and self._request and self._request.page is None
            untouched = self._stack.verticalScrollBar().value() == self._initial_scroll == 0
            if first_found and untouched:
                self._stack.go_to_page(self._hits[0][0])
                self._set_hit(0)
        self._update_hit_label()
        return self._scan_next < self._doc.page_count

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

    def _toggle_sidebar(self) -> None:
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
