"""Image viewer: fit to window, zoom, pan; size checked from the header before decoding.

Untrusted bytes never choose their decoder. Qt picks an image plugin from the content, and
its plugins include SVG (which reads files and URLs an image names, and can take minutes to
draw) and PDF: so an image is decoded only when its first bytes are one of the raster formats
below, and then by that format's decoder, named explicitly. A picture is never recoloured: only
the paper around it follows the reading colours (reading_colours.py).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageReader,
    QKeyEvent,
    QPainter,
    QPen,
    QPixelFormat,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.gui.core_text import said
from reader.gui.language import translate
from reader.gui.viewers.base import OpenRequest, Viewer, wheel_zoom
from reader.gui.viewers.highlight import zoom_key
from reader.gui.viewers.reading_colours import ReadingColours
from reader.gui.viewers.scan_notice import notice_label, ocr_notice
from reader.indexing.extract.image import extract_image
from reader.model import ExtractError
from reader.settings import Limits

#: Bigger files are not decoded at all (a page's image or the viewer's own).
MAX_IMAGE_BYTES = 64 * 1024 * 1024
#: Decoded pixel budget per image: above it the image is refused before any decoding.
MAX_PIXELS = 50_000_000
ZOOM_STEP = 1.25
MIN_SCALE = 0.02
MAX_SCALE = 32.0


#: The raster formats shown, by the magic bytes that start them; nothing else is decoded.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


def raster_format(data: bytes) -> str:
    """The allowed raster format the bytes start with, or "" for anything else."""
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return ""


def _not_shown(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith(b"%pdf"):
        return translate(
            "ImageViewer", "This file holds a PDF, not a picture: it is not shown as one."
        )
    if b"<svg" in head or head.startswith(b"<?xml"):
        return translate(
            "ImageViewer",
            "This is an SVG drawing: it is not drawn here (an SVG can name files and web "
            "addresses to load). Save a copy to look at it elsewhere.",
        )
    return translate(
        "ImageViewer",
        "This is not an image format the reader shows (PNG, JPEG, GIF, BMP, TIFF, WebP).",
    )


@dataclass(frozen=True)
class LoadedImage:
    """A decoded image, or why there is none (`image` is None and `error` says why)."""

    image: QImage | None
    error: str = ""
    format: str = ""
    width: int = 0
    height: int = 0


def load_image(data: bytes, max_pixels: int = MAX_PIXELS) -> LoadedImage:
    """Decode image bytes, refusing bombs from the header alone (nothing is allocated).

    Only the raster formats of `raster_format` are decoded, each by its own decoder (module
    docstring). The header's width x height is checked against `max_pixels`, and the
    decoded size against Qt's own allocation limit, so Qt never logs "Rejecting image".
    """
    if len(data) > MAX_IMAGE_BYTES:
        text = translate("ImageViewer", "The file is too large to show ({size} MB).")
        return LoadedImage(None, text.format(size=QLocale().toString(len(data) // 2**20)))
    raster = raster_format(data)
    if not raster:
        return LoadedImage(None, _not_shown(data))
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(raster.encode()))
    try:
        return _decode(reader, raster.upper(), max_pixels)
    finally:
        # The reader's format handler touches the device when it goes: Qt's TIFF handler
        # crashes the process if the buffer is freed first, which Python's order of
        # clearing locals does. Detach it while the buffer still lives.
        reader.setDevice(None)  # type: ignore[arg-type]  # Qt takes a null device


def _decode(reader: QImageReader, fmt: str, max_pixels: int) -> LoadedImage:
    reader.setDecideFormatFromContent(False)
    reader.setAutoTransform(True)  # EXIF orientation
    if not reader.canRead():
        text = translate("ImageViewer", "The image is damaged or its {format} decoder is missing.")
        return LoadedImage(None, text.format(format=fmt), fmt)
    size = reader.size()
    if not size.isValid() or size.width() <= 0 or size.height() <= 0:
        text = translate("ImageViewer", "The image is damaged: its size cannot be read.")
        return LoadedImage(None, text, fmt)
    width, height = size.width(), size.height()
    if width * height > max_pixels:
        return LoadedImage(
            None,
            translate(
                "ImageViewer",
                "The image is too large to show safely: {width} × {height} pixels "
                "(limit {limit} pixels).",
            ).format(
                width=QLocale().toString(width),
                height=QLocale().toString(height),
                limit=QLocale().toString(max_pixels),
            ),
            fmt,
            width,
            height,
        )
    depth = 32
    if reader.imageFormat() != QImage.Format.Format_Invalid:
        pixel: QPixelFormat = QImage.toPixelFormat(reader.imageFormat())
        depth = max(pixel.bitsPerPixel(), 32)
    limit_mb = QImageReader.allocationLimit()
    if limit_mb and width * height * depth // 8 > limit_mb * 2**20:
        text = translate("ImageViewer", "The image needs too much memory to show.")
        return LoadedImage(None, text, fmt, width, height)
    image = reader.read()
    if image.isNull():
        text = translate("ImageViewer", "The image is damaged ({reason}).").format(
            reason=reader.errorString()
        )
        return LoadedImage(None, text, fmt, width, height)
    return LoadedImage(image, "", fmt, width, height)


def _human_size(size: int) -> str:
    locale = QLocale()
    if size < 1024:
        return translate("ImageViewer", "{size} bytes").format(size=locale.toString(size))
    if size < 2**20:
        return translate("ImageViewer", "{size} KB").format(
            size=locale.toString(size / 1024, "f", 1)
        )
    return translate("ImageViewer", "{size} MB").format(size=locale.toString(size / 2**20, "f", 1))


class _View(QGraphicsView):
    """The picture: pan by dragging, Ctrl+wheel zooms around the mouse."""

    def __init__(self, owner: ImageViewer) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_zoom(event, self.owner.zoom):
            super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.owner.fit:
            self.owner.fit_to_window()


class ImageViewer(Viewer):
    """Shows one image, fitted to the window until the user zooms (Ctrl+= / Ctrl+- / Ctrl+0)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Image viewer"))
        self.fit = True
        self.image_size = (0, 0)
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = _View(self)
        self.view.setScene(self.scene)
        self.view.setBackgroundBrush(QColor(self.reading_colours.page))
        self.view.setAccessibleName(self.tr("Image"))
        self.view.setToolTip(
            self.tr("Drag to pan; Ctrl+wheel or Ctrl+= / Ctrl+- to zoom; Ctrl+0 fits the window")
        )
        self.message = QLabel(self)
        self.message.setAccessibleName(self.tr("Image message"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMargin(24)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)

        self.info = QLabel(self)
        self.info.setAccessibleName(self.tr("Image information"))
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.info, 1)
        self.zoom_label = QLabel(self)
        self.zoom_label.setAccessibleName(self.tr("Zoom level"))
        bar.addWidget(self.zoom_label)
        for text, name, key, slot in (
            ("−", self.tr("Zoom out"), "Ctrl+-", lambda: self.zoom(-1)),
            ("+", self.tr("Zoom in"), "Ctrl+=", lambda: self.zoom(1)),
            (self.tr("Fit"), self.tr("Fit to window"), "Ctrl+0", lambda: self.zoom(0)),
            ("1:1", self.tr("Actual size"), "", self.actual_size),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(
                self.tr("{action} ({key})").format(action=name, key=key) if key else name
            )
            button.setAccessibleName(name)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.notice = notice_label(self.tr("Scanned image notice"))
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bar)
        self._hits: list[QGraphicsRectItem] = []
        self._hit = -1

    # -- Viewer interface

    def open_document(self, request: OpenRequest, data: bytes) -> None:
        self.clear()
        facts = []
        date = None
        if raster_format(data):  # Pillow, too, would pick its decoder from the content
            with contextlib.suppress(ExtractError):  # Pillow cannot read it; Qt may still
                date = extract_image(request.path, data, Limits(image_max_pixels=MAX_PIXELS)).date
        loaded = load_image(data)
        if loaded.width:
            facts.append(
                self.tr("{width} × {height} pixels").format(
                    width=loaded.width, height=loaded.height
                )
            )
        if loaded.format:
            facts.append(loaded.format)
        if date:
            facts.append(self.tr("taken {date}").format(date=date))
        facts.append(_human_size(len(data)))
        self.info.setText("  ·  ".join(facts))
        if loaded.image is None:
            error = said(loaded.error)
            self.message.setText(error)
            self.stack.setCurrentWidget(self.message)
            self.status_changed.emit(error)
            return
        self.image_size = (loaded.image.width(), loaded.image.height())
        self.item.setPixmap(QPixmap.fromImage(loaded.image))
        self.scene.setSceneRect(self.item.boundingRect())
        self.stack.setCurrentWidget(self.view)
        self.fit = True
        self.fit_to_window()
        if request.ocr is not None and request.ocr.pages:
            self._show_ocr(request)

    def _show_ocr(self, request: OpenRequest) -> None:
        """A scan's text from OCR: say so, and mark the query's words on the picture."""
        ocr = request.ocr
        assert ocr is not None
        self.notice.setText(ocr_notice(ocr.pages, ocr.missing, what="image"))
        self.notice.show()
        words = ocr.words(1)
        if not words or not request.terms:
            return
        width, height = self.image_size
        starts, pos = [], 0
        for text, *_box in words:
            starts.append(pos)
            pos += len(text) + 1
        marks = request.terms.marks(" ".join(w[0] for w in words))
        brush = QColor(255, 200, 0, 90)
        for mark in marks:
            for i, (_text, x0, y0, x1, y1) in enumerate(words):
                if starts[i] < mark.end and starts[i] + len(_text) > mark.start:
                    rect = QRectF(
                        x0 * width / 10_000,
                        y0 * height / 10_000,
                        (x1 - x0) * width / 10_000,
                        (y1 - y0) * height / 10_000,
                    )
                    item = self.scene.addRect(rect, QPen(QColor(230, 150, 0)), brush)
                    self._hits.append(item)
        if self._hits:
            self.status_changed.emit(self.tr("%Ln hits marked on the scan", "", len(self._hits)))

    def hit_rects(self) -> list[QRectF]:
        """Where the hits are marked, in image pixels."""
        return [item.rect() for item in self._hits]

    def next_hit(self, *, backwards: bool = False) -> bool:
        if not self._hits:
            return False
        self._hit = (self._hit + (-1 if backwards else 1)) % len(self._hits)
        self.view.centerOn(self._hits[self._hit])
        text = self.tr("Hit {current} of {count}")
        self.status_changed.emit(text.format(current=self._hit + 1, count=len(self._hits)))
        return True

    def set_reading_colours(self, colours: ReadingColours) -> None:
        super().set_reading_colours(colours)
        self.view.setBackgroundBrush(QColor(colours.page))

    def clear(self) -> None:
        for item in self._hits:
            self.scene.removeItem(item)
        self._hits.clear()
        self._hit = -1
        self.notice.hide()
        self.item.setPixmap(QPixmap())
        self.image_size = (0, 0)
        self.info.clear()
        self.message.clear()
        self.zoom_label.clear()
        self.stack.setCurrentWidget(self.view)

    # -- zoom

    @property
    def scale(self) -> float:
        return float(self.view.transform().m11())

    def _set_scale(self, scale: float) -> None:
        scale = min(max(scale, MIN_SCALE), MAX_SCALE)
        self.view.setTransform(QTransform.fromScale(scale, scale))
        self.zoom_label.setText(f"{round(scale * 100)}%" if self.image_size[0] else "")

    def fit_to_window(self) -> None:
        """Whole image visible, never enlarged beyond its own size."""
        width, height = self.image_size
        if not width:
            return
        viewport = self.view.viewport().size()
        scale = min(1.0, (viewport.width() - 4) / width, (viewport.height() - 4) / height)
        self._set_scale(max(scale, MIN_SCALE))

    def zoom(self, step: int) -> None:
        """+1 zooms in, -1 out, 0 fits the window again."""
        if step == 0:
            self.fit = True
            self.fit_to_window()
            return
        self.fit = False
        self._set_scale(self.scale * (ZOOM_STEP if step > 0 else 1 / ZOOM_STEP))

    def set_zoom(self, scale: float) -> None:
        """Show the picture at `scale` (1.0: its own size), no longer fitted to the window."""
        self.fit = False
        self._set_scale(scale)

    def actual_size(self) -> None:
        self.fit = False
        self._set_scale(1.0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = zoom_key(event)
        if step is not None:
            self.zoom(step)
            return
        super().keyPressEvent(event)
