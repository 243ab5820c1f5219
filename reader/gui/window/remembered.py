"""What the window showed when it was closed: the side tab, the sort order, each viewer's
zoom, the last document at its place; kept in the settings and shown again at the next start.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtWidgets import QTabWidget, QWidget

from reader.gui.reading.controller import Opened, Place, ReadingController
from reader.gui.reading.document_pane import DocumentPane
from reader.gui.search.panel import SearchPanel
from reader.gui.session import Session
from reader.gui.viewers.highlight import SearchableTextViewer
from reader.gui.viewers.image import ImageViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.model import Kind
from reader.settings import WindowState
from reader.sources.volume import VolumeError

log = logging.getLogger(__name__)


class StateHost(Protocol):
    """The parts of the window whose state is kept."""

    session: Session
    side: QTabWidget
    search_panel: SearchPanel
    document: DocumentPane
    reading: ReadingController

    @property
    def browse(self) -> QWidget: ...

    @property
    def library_panel(self) -> QWidget: ...


class RememberedState:
    """Restores a WindowState into the window and reads the window's state back.

    The PDF zoom applies to the first PDF opened after the start (PDFs open fitted to the
    width otherwise), the image zoom to the first picture (else fitted to the window); until
    one is opened, the zoom remembered is kept as it was.
    """

    def __init__(self, window: StateHost, state: WindowState) -> None:
        self._window = window
        self._state = state
        self._pdf_zoom_due = True
        self._image_zoom_due = True
        self._document_due = True
        # The last document could not be shown (its disc is out): kept for the next start,
        # unless another one is opened meanwhile.
        self._document_waits = False
        window.reading.opened.connect(self._opened)

    def _tabs(self) -> dict[str, QWidget]:
        w = self._window
        return {"search": w.search_panel, "browse": w.browse, "library": w.library_panel}

    def restore_view(self) -> None:
        """The side tab, the sort order and the text viewers' font sizes (at construction)."""
        w, state = self._window, self._state
        tab = self._tabs().get(state.side_tab)
        if tab is not None and tab is not w.side.currentWidget():
            # Quietly: the Browse tab loads the catalogue when shown, which start_up does
            # anyway, and the window has not read it yet.
            w.side.blockSignals(True)
            w.side.setCurrentWidget(tab)
            w.side.blockSignals(False)
        sort_box = w.search_panel.sort_box
        if (index := sort_box.findData(state.sort)) >= 0:
            sort_box.setCurrentIndex(index)
        for kind, steps in ((Kind.HTML, state.html_zoom), (Kind.TXT, state.text_zoom)):
            viewer = w.document.viewer_for(kind)
            if isinstance(viewer, SearchableTextViewer):
                viewer.set_zoom_steps(steps)

    def restore_document(self) -> None:
        """The last document at its place, once, if its disc is here; silently not else."""
        if not self._document_due:
            return
        self._document_due = False
        state, session = self._state, self._window.session
        if not state.document_volume or not state.document_path:
            return
        volume = session.discs.get(state.document_volume)
        if volume is None:
            self._document_waits = True
            return
        try:
            volume.stat(state.document_path)
        except (OSError, VolumeError) as exc:
            log.info("last document not reopened: %s", exc)  # gone from the disc: forgotten
            return
        place = Place(
            state.document_volume,
            state.document_path,
            page=state.document_page or None,
            offset=state.document_offset,
        )
        self._window.reading.open(place)

    def _opened(self, opened: Opened) -> None:
        self._document_waits = False
        viewer = self._window.reading.viewer()
        if isinstance(viewer, ImageViewer) and self._image_zoom_due:
            self._image_zoom_due = False
            if self._state.image_zoom > 0:
                viewer.set_zoom(self._state.image_zoom)
            return
        if not isinstance(viewer, PdfViewer) or not self._pdf_zoom_due:
            return
        self._pdf_zoom_due = False
        page = viewer.current_page()
        if self._state.pdf_fit:
            viewer.set_fit(self._state.pdf_fit)
        else:
            viewer.set_zoom(self._state.pdf_zoom)
        if viewer.current_page() != page:  # the new zoom moved the view: back to its page
            viewer.go_to_page(page)

    def capture(self) -> WindowState:
        """The window's state now, to keep for the next start."""
        w, old = self._window, self._state
        shown = w.side.currentWidget()
        side = next((name for name, tab in self._tabs().items() if tab is shown), "search")
        html, text = w.document.viewer_for(Kind.HTML), w.document.viewer_for(Kind.TXT)
        pdf = w.document.viewer_for(Kind.PDF)
        state = WindowState(
            side_tab=side,
            sort=w.search_panel.sort(),
            pdf_fit=old.pdf_fit,
            pdf_zoom=old.pdf_zoom,
            html_zoom=html.zoom_steps if isinstance(html, SearchableTextViewer) else 0,
            text_zoom=text.zoom_steps if isinstance(text, SearchableTextViewer) else 0,
        )
        if not self._pdf_zoom_due and isinstance(pdf, PdfViewer):
            state.pdf_fit, state.pdf_zoom = pdf.fit_mode or "", pdf.zoom()
        image = w.document.viewer_for(Kind.IMAGE)
        state.image_zoom = old.image_zoom
        if not self._image_zoom_due and isinstance(image, ImageViewer):
            state.image_zoom = 0.0 if image.fit else image.scale
        place = w.reading.place
        if place is None and self._document_waits:
            state.document_volume, state.document_path = old.document_volume, old.document_path
            state.document_page, state.document_offset = old.document_page, old.document_offset
        elif place is not None:
            viewer = w.reading.viewer()
            state.document_volume, state.document_path = place.volume_id, place.path
            state.document_page = w.reading.current_page() or 0
            state.document_offset = (viewer.text_position() if viewer is not None else None) or 0
        return state
