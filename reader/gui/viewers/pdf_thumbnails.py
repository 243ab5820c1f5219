"""The PDF viewer's sidebar lists: a thumbnail of every page, each drawn when it is seen, and
the pages with hits."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

from reader.gui.viewers.pdf_doc import ImageCache, PdfDocument
from reader.gui.viewers.pdf_worker import Job, PdfWorker

THUMB = QSize(96, 128)
AnyIndex = QModelIndex | QPersistentModelIndex


class ThumbnailModel(QAbstractListModel):
    """One row per page; icons are drawn only when the list view asks for them."""

    def __init__(self, request_render: Callable[[int], None]) -> None:
        super().__init__()
        self._request_render = request_render
        self._count = 0
        self.hit_counts: dict[int, int] = {}
        self.cache = ImageCache(24 * 1024 * 1024)
        self._placeholder = QPixmap(THUMB)
        self._placeholder.fill(QColor(255, 255, 255))

    def reset(self, count: int) -> None:
        self.beginResetModel()
        self._count = count
        self.hit_counts = {}
        self.cache.clear()
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < self._count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            hits = self.hit_counts.get(row)
            if not hits:
                return str(row + 1)
            return self.tr("{page} · %Ln hits", "", hits).format(page=row + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            cached = self.cache.get(row)
            if cached is None:
                self._request_render(row)
                return self._placeholder
            return QPixmap.fromImage(cached[1])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Page {page}").format(page=row + 1)
        return None

    def set_thumbnail(self, row: int, image: Any) -> None:
        self.cache.put(row, 0.0, image)
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def set_hits(self, row: int, count: int) -> None:
        self.hit_counts[row] = count
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])


class PageThumbnails(QListView):
    """One thumbnail per page, drawn by the draw worker one at a time when it has no page of
    the view to draw (the viewer's idle steps ask; the image comes back to `add_image`).

    Args:
        wake: called when a thumbnail is wanted (the viewer runs its idle steps).
        draw: the worker process that draws the pages.

    Signals:
        page_chosen(int): the user clicked or activated this page (0-based).
    """

    page_chosen = Signal(int)

    def __init__(self, wake: Callable[[], None], draw: PdfWorker) -> None:
        super().__init__()
        self._wake = wake
        self._draw = draw
        self._wanted: list[int] = []
        self._doc: PdfDocument | None = None
        self.rendered = 0  # thumbnails made since the list was made
        self._model = ThumbnailModel(self._want)
        self.setAccessibleName(self.tr("Page thumbnails"))
        self.setModel(self._model)
        self.setIconSize(THUMB)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setMovement(QListView.Movement.Static)
        self.setSpacing(4)
        self.clicked.connect(lambda index: self.page_chosen.emit(index.row()))
        self.activated.connect(lambda index: self.page_chosen.emit(index.row()))

    def set_document(self, doc: PdfDocument | None) -> None:
        self._doc = doc
        self._wanted = []
        self._model.reset(doc.page_count if doc is not None else 0)

    def show_page(self, page: int) -> None:
        """Select the page's thumbnail and scroll the list to it."""
        index = self._model.index(page)
        self.setCurrentIndex(index)
        self.scrollTo(index, QListView.ScrollHint.PositionAtCenter)
        # Just shown, the list lays its items out later, and the scroll would be lost (it
        # opened at page 1 while the view was on page 59): once more when that is done.
        QTimer.singleShot(0, self, lambda: self._scroll_to_current(page))

    def _scroll_to_current(self, page: int) -> None:
        if self.currentIndex().row() == page:
            self.scrollTo(self.currentIndex(), QListView.ScrollHint.PositionAtCenter)

    def set_hits(self, page: int, count: int) -> None:
        self._model.set_hits(page, count)

    def _want(self, row: int) -> None:
        if row not in self._wanted:
            self._wanted.append(row)
            self._wake()

    def render_one(self) -> bool:
        """Ask the draw worker, if it is free, for one wanted thumbnail. Always False: the
        image comes later, to `add_image`."""
        while self._wanted and self._doc is not None and self._draw.idle:
            row = self._wanted.pop()  # the latest asked for is most likely on screen
            if self._model.cache.get(row) is not None or row in self._doc.undrawable:
                continue  # (a page too slow for the view is as slow for its thumbnail)
            width, height = self._doc.page_sizes[row]
            scale = min(THUMB.width() / width, THUMB.height() / height) * self.devicePixelRatioF()
            self._draw.submit(Job("draw", row, scale, "thumb"), priority=2)
        return False

    def add_image(self, row: int, image: QImage, edge: QColor) -> None:
        """The worker's drawing of page `row`; `edge` frames it, so white paper shows on a
        white list."""
        if self._doc is None or not 0 <= row < self._doc.page_count:
            return
        ratio = self.devicePixelRatioF()
        image.setDevicePixelRatio(ratio)
        painter = QPainter(image)
        painter.setPen(edge)
        painter.drawRect(0, 0, round(image.width() / ratio) - 1, round(image.height() / ratio) - 1)
        painter.end()
        self._model.set_thumbnail(row, image)
        self.rendered += 1


class HitPages(QListWidget):
    """The pages with hits, in page order, with their number of hits ("p. 5 (2 hits)").

    Signals:
        page_chosen(int): the user clicked or activated this page (0-based).
    """

    page_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Pages with hits"))
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)

    def add(self, page: int, hits: int) -> None:
        item = QListWidgetItem(self.tr("p. {page} (%Ln hits)", "", hits).format(page=page + 1))
        item.setData(Qt.ItemDataRole.UserRole, page)
        pages = [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]
        self.insertItem(bisect.bisect_left(pages, page), item)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.page_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
