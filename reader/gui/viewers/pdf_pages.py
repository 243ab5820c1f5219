"""The continuous page view of the PDF viewer: layout, lazy drawing, highlights, selection.

In dark mode the pages may be shown inverted (View → Invert PDF Pages in Dark Mode): each
drawing is inverted once as it arrives from the worker (QImage.invertPixels, a few ms a page),
and hits are then marked with the dual of the highlighter's blend so they still show.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QMenu, QWidget

from reader.gui.viewers.base import wheel_zoom
from reader.gui.viewers.pdf_doc import ImageCache, Link, PdfDocument, Word
from reader.gui.viewers.pdf_worker import Job, PdfWorker
from reader.gui.viewers.reading_colours import ReadingColours, desk_palette
from reader.sentences import QT_TRANSLATE_NOOP

# 100 % shows a page at its printed size on a 96 dpi screen.
PX_PER_POINT = 96 / 72
GAP = 10
MARGIN = 12
CACHE_BYTES = 150 * 1024 * 1024

# Highlighter colours stay the same in a dark palette: they are painted on the (white) paper
# with Multiply, or on inverted (black) paper with Screen, its dual: the paper takes the colour
# and the text stays as dark (light) as it was.
HIT_COLOR = QColor(255, 221, 0, 110)
CURRENT_HIT_COLOR = QColor(255, 128, 0, 150)
#: What a page that cannot be drawn shows, by the reason (PdfDocument.undrawable).
#: Translated where shown (PageStack.page_notice).
UNDRAWABLE = {
    "damaged": QT_TRANSLATE_NOOP("PageStack", "This page is damaged"),
    "slow": QT_TRANSLATE_NOOP("PageStack", "This page takes too long to draw"),
}
#: How long a drag on a page whose words are not there yet waits for them (once).
SELECT_WAIT_S = 0.3


class PageStack(QAbstractScrollArea):
    """All pages of a document stacked vertically; only the visible ones are ever drawn.

    Every page's size is known from the document without drawing, so the layout of a
    2,000-page document is a list of numbers. `render_one()` asks the draw worker for one
    page that is visible (or next below) but not yet drawn at the current zoom; the viewer
    calls it from its idle queue and hands the image back to `add_image`. Until then a page
    shows a scaled older image, or blank paper.

    Args:
        draw: the worker process that draws the pages.

    Signals:
        current_page_changed(int): the 0-based page at the top of the view changed.
        render_wanted(): a page needs rendering (start the idle queue).
        zoom_step(int): Ctrl+wheel asked for one zoom step in (+1) or out (-1).
        resized(): the viewport changed size (re-apply a fit mode).
        link_activated(object): the user clicked a `Link`.
        copy_requested(bool): the context menu asked to copy the selection (False) or the
            page text (True).
    """

    current_page_changed = Signal(int)
    render_wanted = Signal()
    zoom_step = Signal(int)
    resized = Signal()
    link_activated = Signal(object)
    copy_requested = Signal(bool)

    def __init__(self, draw: PdfWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: PdfDocument | None = None
        self.draw = draw
        self.zoom = 1.0
        self.rendered_pages = 0  # how many page images so far (tests and measurements)
        self.cache = ImageCache(CACHE_BYTES)
        self._select_waited = -1  # the page a drag last waited for the words of
        self._tops: list[int] = []
        self._sizes: list[tuple[int, int]] = []
        self._content = (0, 0)
        self._current = -1
        self.hits: dict[int, list[QRectF]] = {}
        self.current_hit: tuple[int, QRectF] | None = None
        self._sel_page = -1
        self._sel_anchor = QPointF()
        self._press_pos: QPoint | None = None
        self._press_link: Link | None = None
        self.selected: list[Word] = []
        self.inverted = False  # the pages are drawn inverted (set_colours)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Dark)
        self.viewport().setAutoFillBackground(True)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)

    # --- document and layout -------------------------------------------------------------

    def set_document(self, doc: PdfDocument | None) -> None:
        self.doc = doc
        self.cache.clear()
        self.hits = {}
        self.current_hit = None
        self._current = -1
        self.clear_selection()
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)
        self.viewport().update()

    @property
    def page_count(self) -> int:
        return self.doc.page_count if self.doc else 0

    def px_per_point(self) -> float:
        return self.zoom * PX_PER_POINT

    def set_zoom(self, zoom: float) -> None:
        """Zoom to `zoom` (1.0 = 100 %), keeping the same place of the page at the top."""
        if self.doc is None or abs(zoom - self.zoom) < 1e-6:
            self.zoom = zoom
            return
        page, frac = self._anchor()
        self.zoom = zoom
        self._relayout()
        self.verticalScrollBar().setValue(self._tops[page] + round(frac * self._sizes[page][1]))
        self.viewport().update()
        self.render_wanted.emit()

    def _anchor(self) -> tuple[int, float]:
        top = self.verticalScrollBar().value()
        page = max(0, bisect.bisect_right(self._tops, top) - 1)
        return page, (top - self._tops[page]) / max(1, self._sizes[page][1])

    def _relayout(self) -> None:
        scale = self.px_per_point()
        self._sizes = []
        self._tops = []
        y = MARGIN
        widest = 0
        for width, height in self.doc.page_sizes if self.doc else []:
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            self._tops.append(y)
            self._sizes.append(size)
            y += size[1] + GAP
            widest = max(widest, size[0])
        self._content = (widest + 2 * MARGIN, y - GAP + MARGIN if self._tops else 0)
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        view = self.viewport().size()
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, self._content[1] - view.height()))
        vbar.setPageStep(view.height())
        hbar.setRange(0, max(0, self._content[0] - view.width()))
        hbar.setPageStep(view.width())

    def page_rect(self, page: int) -> QRect:
        """Where page `page` is in viewport coordinates."""
        width, height = self._sizes[page]
        view_w = self.viewport().width()
        if self._content[0] <= view_w:
            x = (view_w - width) // 2
        else:
            x = MARGIN + (self._content[0] - 2 * MARGIN - width) // 2
            x -= self.horizontalScrollBar().value()
        return QRect(x, self._tops[page] - self.verticalScrollBar().value(), width, height)

    def visible_pages(self) -> range:
        if not self._tops:
            return range(0)
        top = self.verticalScrollBar().value()
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        last = max(first, bisect.bisect_left(self._tops, top + self.viewport().height()) - 1)
        return range(first, min(last, len(self._tops) - 1) + 1)

    def current_page(self) -> int:
        """The 0-based page the reader is on: the one a fifth down the view (or the last)."""
        if not self._tops:
            return 0
        vbar = self.verticalScrollBar()
        if vbar.value() >= vbar.maximum() > 0:
            return len(self._tops) - 1
        probe = vbar.value() + self.viewport().height() // 5
        return max(0, bisect.bisect_right(self._tops, probe) - 1)

    def go_to_page(self, page: int) -> None:
        if self._tops:
            page = min(max(page, 0), len(self._tops) - 1)
            self.verticalScrollBar().setValue(self._tops[page] - GAP // 2)

    def ensure_visible(self, page: int, rect_pt: QRectF) -> None:
        """Scroll so the page rectangle `rect_pt` is in view (a third down when it was not)."""
        scale = self.px_per_point()
        top = self._tops[page] + round(rect_pt.top() * scale)
        bottom = self._tops[page] + round(rect_pt.bottom() * scale)
        vbar, view_h = self.verticalScrollBar(), self.viewport().height()
        if top < vbar.value() or bottom > vbar.value() + view_h:
            vbar.setValue(top - view_h // 3)
        left = self.page_rect(page).left() + self.horizontalScrollBar().value()
        x0, x1 = left + round(rect_pt.left() * scale), left + round(rect_pt.right() * scale)
        hbar, view_w = self.horizontalScrollBar(), self.viewport().width()
        if x0 < hbar.value() or x1 > hbar.value() + view_w:
            hbar.setValue(x0 - view_w // 4)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
        self._check_current()
        self.render_wanted.emit()

    def _check_current(self) -> None:
        page = self.current_page()
        if page != self._current and self._tops:
            self._current = page
            self.current_page_changed.emit(page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()
        self.resized.emit()
        self.render_wanted.emit()

    def set_colours(self, colours: ReadingColours) -> None:
        """The desk around the pages in `colours`, and the pages inverted when it says so
        (the drawings so far are drawn again)."""
        desk_palette(self.viewport(), colours, QPalette.ColorRole.Dark)
        inverted = colours.dark and colours.invert_pdf
        if inverted != self.inverted:
            self.inverted = inverted
            self.cache.clear()
            self.render_wanted.emit()
        self.viewport().update()

    # --- rendering -----------------------------------------------------------------------

    def _device_scale(self) -> float:
        return self.px_per_point() * self.viewport().devicePixelRatioF()

    def render_one(self) -> bool:
        """Ask the draw worker, if it is free, for one visible (or the next) page that has no
        image at this zoom. Always False: the image comes later, to `add_image`."""
        if self.doc is None or not self.draw.idle:
            return False
        scale = self._device_scale()
        visible = self.visible_pages()
        if not visible:
            return False
        wanted = [*visible, visible[-1] + 1] if visible[-1] + 1 < self.page_count else visible
        for page in wanted:
            cached = self.cache.get(page)
            drawn = cached is not None and abs(cached[0] - scale) < 1e-6
            if not drawn and page not in self.doc.undrawable:
                self.draw.submit(Job("draw", page, scale, "page"))
                return False
        return False

    def add_image(self, page: int, scale: float, image: QImage) -> None:
        """The worker's drawing of `page` at `scale` device pixels per point."""
        if self.doc is None or not 0 <= page < self.page_count:
            return
        image.setDevicePixelRatio(self.viewport().devicePixelRatioF())
        if self.inverted:
            image.invertPixels()
        self.cache.put(page, scale, image)
        self.rendered_pages += 1
        if page in self.visible_pages():
            self.viewport().update(self.page_rect(page))

    def page_notice(self, page: int) -> str:
        """What page `page` (0-based) says instead of its content: "" for a page drawn or
        still to be drawn, else why it cannot be."""
        reason = self.doc.undrawable.get(page) if self.doc is not None else None
        notice = UNDRAWABLE.get(reason or "", "")
        return self.tr(notice) if notice else ""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        palette = self.palette()
        scale = self.px_per_point()
        device_scale = self._device_scale()
        dpr = self.viewport().devicePixelRatioF()
        missing = False
        for page in self.visible_pages():
            target = self.page_rect(page)
            if not target.intersects(event.rect()):
                continue
            cached = self.cache.get(page)
            # A drawing capped at pdf_render.MAX_PIXELS is smaller than its page: scaled up.
            whole = cached is not None and cached[1].width() / dpr >= target.width() - 2
            if cached is not None and abs(cached[0] - device_scale) < 1e-6 and whole:
                painter.drawImage(target.topLeft(), cached[1])
            else:
                # Paper, whatever the palette (black once inverted).
                painter.fillRect(
                    target, Qt.GlobalColor.black if self.inverted else Qt.GlobalColor.white
                )
                if cached is not None:
                    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                    painter.drawImage(QRectF(target), cached[1])
                notice = self.page_notice(page)
                if notice:
                    painter.setPen(QColor(165, 165, 165) if self.inverted else QColor(90, 90, 90))
                    painter.drawText(target, Qt.AlignmentFlag.AlignCenter, notice)
                elif cached is None or abs(cached[0] - device_scale) >= 1e-6:
                    missing = True
            self._paint_marks(painter, page, target, scale, palette)
            painter.setPen(palette.color(QPalette.ColorRole.Shadow))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(target.adjusted(-1, -1, 0, 0))
        painter.end()
        if missing:
            self.render_wanted.emit()

    def _paint_marks(
        self, painter: QPainter, page: int, target: QRect, scale: float, palette: QPalette
    ) -> None:
        def to_view(rect: QRectF) -> QRectF:
            return QRectF(
                target.left() + rect.left() * scale,
                target.top() + rect.top() * scale,
                rect.width() * scale,
                rect.height() * scale,
            )

        painter.setPen(Qt.PenStyle.NoPen)
        modes = QPainter.CompositionMode
        blend = modes.CompositionMode_Screen if self.inverted else modes.CompositionMode_Multiply
        painter.setCompositionMode(blend)
        for rect in self.hits.get(page, ()):
            painter.fillRect(to_view(rect), HIT_COLOR)
        if self.current_hit is not None and self.current_hit[0] == page:
            painter.fillRect(to_view(self.current_hit[1]), CURRENT_HIT_COLOR)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        if page == self._sel_page and self.selected:
            colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(90)
            for word in self.selected:
                painter.fillRect(to_view(word.rect), colour)

    # --- mouse: links and selection ------------------------------------------------------

    def page_at(self, pos: QPoint) -> tuple[int, QPointF] | None:
        """The page under viewport position `pos` and the point on it in page points."""
        for page in self.visible_pages():
            rect = self.page_rect(page)
            if rect.contains(pos):
                scale = self.px_per_point()
                return page, QPointF(
                    (pos.x() - rect.left()) / scale, (pos.y() - rect.top()) / scale
                )
        return None

    def _link_at(self, pos: QPoint) -> Link | None:
        found = self.page_at(pos)
        if found is None or self.doc is None:
            return None
        page, point = found
        return next((link for link in self.doc.links(page) if link.rect.contains(point)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position().toPoint()
        self._press_pos = pos
        self._press_link = self._link_at(pos)
        found = self.page_at(pos)
        self.clear_selection()
        if found is not None:
            self._sel_page, self._sel_anchor = found

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if not event.buttons() & Qt.MouseButton.LeftButton:
            self._update_cursor(pos)
            return
        if self._press_pos is None or self._sel_page < 0 or self.doc is None:
            return
        if (pos - self._press_pos).manhattanLength() < QApplication.startDragDistance():
            return
        self._press_link = None
        rect = self.page_rect(self._sel_page)
        scale = self.px_per_point()
        point = QPointF((pos.x() - rect.left()) / scale, (pos.y() - rect.top()) / scale)
        self.select_rect(self._sel_page, QRectF(self._sel_anchor, point).normalized())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press_link is not None:
            self.link_activated.emit(self._press_link)
        self._press_pos = None
        self._press_link = None

    def _update_cursor(self, pos: QPoint) -> None:
        shape = Qt.CursorShape.ArrowCursor
        if self._link_at(pos) is not None:
            shape = Qt.CursorShape.PointingHandCursor
        else:
            found = self.page_at(pos)
            if found is not None and self.doc is not None:
                page, point = found
                if any(w.rect.contains(point) for w in self.doc.words(page) or ()):
                    shape = Qt.CursorShape.IBeamCursor
        self.viewport().setCursor(shape)

    def select_rect(self, page: int, rect_pt: QRectF) -> None:
        """Select the words of `page` that the rectangle (page points) touches."""
        if self.doc is None:
            return
        self._sel_page = page
        # A drag at once after opening waits a moment for the words; a page whose words
        # take longer (a hostile one) makes it wait once, not on every mouse move.
        wait = SELECT_WAIT_S if page != self._select_waited else 0.0
        words = self.doc.words(page, wait=wait)
        if words is None:
            self._select_waited = page
        self.selected = [w for w in words or () if w.rect.intersects(rect_pt)]
        self.viewport().update()

    def clear_selection(self) -> None:
        if self.selected:
            self.viewport().update()
        self.selected = []

    def selected_text(self) -> str:
        """The selected words, a space between words and a newline between lines."""
        parts: list[str] = []
        previous: tuple[int, int] | None = None
        for word in self.selected:
            if previous is not None:
                parts.append(" " if previous == (word.block, word.line) else "\n")
            parts.append(word.text)
            previous = (word.block, word.line)
        return "".join(parts)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        copy = QAction(self.tr("&Copy"), menu)
        copy.setEnabled(bool(self.selected))
        copy.triggered.connect(lambda: self.copy_requested.emit(False))
        copy_page = QAction(self.tr("Copy &page text"), menu)
        copy_page.setEnabled(self.doc is not None)
        copy_page.triggered.connect(lambda: self.copy_requested.emit(True))
        menu.addActions([copy, copy_page])
        menu.exec(event.globalPos())

    # --- keyboard and wheel --------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        vbar = self.verticalScrollBar()
        step = max(40, self.viewport().height() - 40)
        key = event.key()
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            vbar.setValue(vbar.value() + step)
        elif key == Qt.Key.Key_PageUp:
            vbar.setValue(vbar.value() - step)
        elif key == Qt.Key.Key_Home:
            vbar.setValue(0)
        elif key == Qt.Key.Key_End:
            vbar.setValue(vbar.maximum())
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_zoom(event, self.zoom_step.emit):
            super().wheelEvent(event)


def copy_to_clipboard(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(text)
