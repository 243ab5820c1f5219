"""HTML viewer: QTextBrowser on untrusted pages; images from the same volume only.

Safety: QTextBrowser runs no scripts and has no network code, but when a loadResource
override returns nothing, QTextDocument falls back to decoding data: URLs and to reading
*local files* (file: URLs, and relative names against the working directory). So every
refusal here returns an empty, non-null value, never None. The browser never sees a page as
it is on the disc: it gets the markup `display_html` rebuilds from the parsed page (only
Qt's tags and harmless attributes, no scripts or style sheets, depth, spans, sizes and
length bounded), so no page can keep Qt's layout busy for long. Pages render on the paper of
the reading colours (reading_colours.py), whatever the application palette: white paper with
black text as in a browser (archive pages assume it), or dark paper without the page's own
colours (docs/reading-colours.md).
"""

from __future__ import annotations

import html as html_lib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QByteArray, QLocale, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont, QImage, QMouseEvent, QTextDocument, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.gui.core_text import said
from reader.gui.language import translate
from reader.gui.viewers.base import OpenRequest, wheel_zoom
from reader.gui.viewers.highlight import FindBar, SearchableTextViewer, TextSearch
from reader.gui.viewers.image import MAX_IMAGE_BYTES, load_image
from reader.gui.viewers.reading_colours import ReadingColours, link_style, paper_palette
from reader.indexing.extract.html import declared_charset
from reader.indexing.extract.html_display import DisplayLimits, DisplayPage, display_html
from reader.indexing.extract.text import decode
from reader.sentences import QT_TRANSLATE_NOOP
from reader.sources.disc_info import read_disc_info_safely
from reader.sources.links import DEFAULT_SITE_URLS, resolve
from reader.sources.volume import Volume, VolumeError

log = logging.getLogger(__name__)

#: Larger pages are cut (Qt lays out about 3 MB of HTML per second).
MAX_HTML_BYTES = 6 * 1024 * 1024
#: Decoded image bytes one page may use in total (a page of 500 big scans stays bounded).
PAGE_IMAGE_BUDGET = 400 * 1024 * 1024
MAX_HISTORY = 200
EXTERNAL_SCHEMES = frozenset({"http", "https", "ftp", "mailto", "news", "gopher"})
INDEX_NAMES = ("index.html", "index.htm", "default.htm", "default.html", "index.shtml")


def _refused(kind: int) -> Any:
    # Non-null on purpose: a null result makes Qt read local files itself (module docstring).
    return QImage() if kind == QTextDocument.ResourceType.ImageResource.value else QByteArray()


# How a page was simplified, by html_display's reason (translated in _notice).
_SIMPLIFIED = {
    "big tables": QT_TRANSLATE_NOOP("HtmlViewer", "big tables shown as lines"),
    "depth": QT_TRANSLATE_NOOP("HtmlViewer", "elements nested too deeply"),
    "elements": QT_TRANSLATE_NOOP("HtmlViewer", "too many elements"),
    "long words": QT_TRANSLATE_NOOP("HtmlViewer", "very long words broken"),
    "sizes": QT_TRANSLATE_NOOP("HtmlViewer", "oversized tables or pictures shrunk"),
    "tables": QT_TRANSLATE_NOOP("HtmlViewer", "tables nested too deeply"),
}


#: Limits when the user asks for the whole of a long page, or a hit lies past the first part:
#: up to about four times the layout time of the first part (a few seconds at worst).
WHOLE_PAGE = DisplayLimits(max_chars=4_000_000, max_elements=250_000, max_table_cells=30_000)


def _notice(page: DisplayPage, cut_bytes: bool) -> str:
    """What the user is told about a page that is not shown whole or not as written."""
    parts = []
    if page.cut:
        parts.append(translate("HtmlViewer", "This page is long: only its first part is shown."))
    elif cut_bytes:
        text = translate("HtmlViewer", "This page is long: only its first {size} MB are shown.")
        parts.append(text.format(size=QLocale().toString(MAX_HTML_BYTES // 2**20)))
    if page.simplified:
        reasons = ", ".join(
            translate("HtmlViewer", _SIMPLIFIED[r]) if r in _SIMPLIFIED else r
            for r in page.simplified
        )
        parts.append(
            translate("HtmlViewer", "Shown simplified ({reasons}).").format(reasons=reasons)
        )
    return " ".join(parts)


def _beyond(page: DisplayPage, request: OpenRequest) -> bool:
    """Whether the place asked for lies past the part of the page shown."""
    if request.offset:
        return request.offset > len(page.text)
    return bool(request.terms) and not request.terms.marks(page.text, limit=1)


@dataclass(frozen=True)
class VisitedPage:
    request: OpenRequest
    scroll: int = 0


class _Browser(QTextBrowser):
    """QTextBrowser whose resources, history keys and mouse buttons go to the viewer."""

    def __init__(self, owner: HtmlViewer) -> None:
        super().__init__(owner)
        self.owner = owner

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        return self.owner.load_resource(kind, QUrl(name) if isinstance(name, str) else name)

    # QTextBrowser binds Alt+Left / Alt+Right to these slots; its own history stays empty.
    def backward(self) -> None:
        self.owner.back()

    def forward(self) -> None:
        self.owner.forward()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.owner.back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.owner.forward()
        else:
            super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_zoom(event, self.owner.zoom):
            super().wheelEvent(event)


class HtmlViewer(SearchableTextViewer):
    """Renders archive HTML pages; follows links inside the volume through the window.

    Signals:
        history_changed(bool, bool): (can go back, can go forward) after any navigation.
        page_changed(str, str): the page shown changed, also by back/forward within the
            viewer: (volume-relative path, title).

    The window opens linked documents (open_requested) by calling open_document, which
    records history; back()/forward() re-read the page from the entry's volume themselves.
    """

    history_changed = Signal(bool, bool)
    page_changed = Signal(str, str)

    def __init__(
        self, parent: QWidget | None = None, site_urls: Sequence[str] = DEFAULT_SITE_URLS
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("HTML viewer"))
        # For a volume without an archive.toml base URL (the built-in cryptome.org ones).
        self.site_urls = tuple(site_urls)
        self._volume_urls: dict[str, tuple[str, ...]] = {}  # by volume id
        self.entries: list[VisitedPage] = []
        self.index = -1
        self.encoding = ""
        self._shown: OpenRequest | None = None  # the page whose HTML is in the browser
        self._shown_data = b""
        self._shown_whole = False
        self._image_bytes = 0
        self._zoom = 0
        self.browser = _Browser(self)
        self.browser.setAccessibleName(self.tr("Page"))
        self.browser.setToolTip(
            self.tr(
                "Alt+Left / Alt+Right: back / forward · Ctrl+F: find · "
                "F3: next hit · Ctrl+= / Ctrl+-: zoom"
            )
        )
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([])
        self._paint_paper()
        self._base_font = self.browser.document().defaultFont()
        self.browser.anchorClicked.connect(self.follow_link)
        self.browser.highlighted.connect(self._hovered)
        self.search = TextSearch(self.browser, self.status_changed.emit)
        self.find_bar = FindBar(self)
        self.find_bar.find_requested.connect(self._find_from_bar)
        self.find_bar.closed.connect(self.browser.setFocus)
        self.notice = QLabel(self)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(6, 2, 6, 2)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.whole_button = QPushButton(self.tr("Show Whole Page"), self)
        self.whole_button.setToolTip(
            self.tr("Lay out all of this long page (this can take a few seconds)")
        )
        self.whole_button.clicked.connect(self.show_whole_page)
        self.notice_bar = QWidget(self)
        bar = QHBoxLayout(self.notice_bar)
        bar.setContentsMargins(0, 0, 6, 0)
        bar.addWidget(self.notice, 1)
        bar.addWidget(self.whole_button)
        self.notice_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice_bar)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.find_bar)

    # -- Viewer interface

    @property
    def current(self) -> OpenRequest | None:
        return self.entries[self.index].request if self.index >= 0 else None

    def open_document(self, request: OpenRequest, data: bytes) -> None:
        """Show a page and make it the newest history entry (forward entries are dropped)."""
        self._remember_scroll()
        current = self.current
        same = (
            current is not None
            and current.volume is request.volume
            and current.path == request.path
            and current.fragment == request.fragment
        )
        if same:
            self.entries[self.index] = VisitedPage(request)
        else:
            del self.entries[self.index + 1 :]
            self.entries.append(VisitedPage(request))
            if len(self.entries) > MAX_HISTORY:
                del self.entries[0]
            self.index = len(self.entries) - 1
        self._render(request, data, None)
        self._history_changed()

    def _text_widget(self) -> QTextBrowser:
        return self.browser

    def _font(self) -> QFont:
        return self.browser.document().defaultFont()

    def _set_font(self, font: QFont) -> None:
        self.browser.document().setDefaultFont(font)

    def set_reading_colours(self, colours: ReadingColours) -> None:
        """The paper, text and links in `colours`; the page shown is laid out again at the
        same place (dark paper drops the page's own colours, see html_display)."""
        before = replace(self.reading_colours, invert_pdf=False)
        super().set_reading_colours(colours)
        if replace(colours, invert_pdf=False) == before:
            return
        self._paint_paper()
        shown, hit = self._shown, self.search.current
        if shown is None:
            return
        bar = self.browser.verticalScrollBar()
        scroll = bar.value()
        self._render(shown, self._shown_data, scroll, whole=self._shown_whole)
        if 0 <= hit < len(self.search.hits):
            # The hit the reader was at stays the current one (F3 goes on from it), and the
            # view stays where it was, after the layout's own moves too.
            self.search.go_to_hit(hit)
            bar.setValue(scroll)
            QTimer.singleShot(0, self, lambda: bar.setValue(scroll))

    def _paint_paper(self) -> None:
        colours = self.reading_colours
        self.browser.setPalette(paper_palette(colours))
        # Before setHtml: the style sheet applies as a page is parsed.
        self.browser.document().setDefaultStyleSheet(link_style(colours))

    def clear(self) -> None:
        self.entries.clear()
        self.index = -1
        self._shown = None
        self.search.reset()
        self.browser.clear()
        self.notice_bar.hide()
        self._history_changed()

    # -- history

    def can_go_back(self) -> bool:
        return self.index > 0

    def can_go_forward(self) -> bool:
        return 0 <= self.index < len(self.entries) - 1

    def back(self) -> bool:
        return self._go(self.index - 1)

    def forward(self) -> bool:
        return self._go(self.index + 1)

    def _go(self, index: int) -> bool:
        if not 0 <= index < len(self.entries) or index == self.index:
            return False
        self._remember_scroll()
        self.index = index
        entry = self.entries[index]
        request = entry.request
        shown = self._shown
        if shown is not None and shown.volume is request.volume and shown.path == request.path:
            self._scroll_to(request.fragment, entry.scroll)
        else:
            try:
                data = request.volume.read_bytes(request.path, MAX_HTML_BYTES + 1)
            except (OSError, VolumeError) as exc:
                message = self.tr("This page cannot be read: {reason}").format(reason=said(exc))
                self._show_error(request, message)
            else:
                self._render(request, data, entry.scroll)
        self._history_changed()
        return True

    def _remember_scroll(self) -> None:
        if self.index >= 0:
            entry = self.entries[self.index]
            scroll = self.browser.verticalScrollBar().value()
            self.entries[self.index] = replace(entry, scroll=scroll)

    def _history_changed(self) -> None:
        self.history_changed.emit(self.can_go_back(), self.can_go_forward())

    # -- rendering

    def _render(
        self, request: OpenRequest, data: bytes, scroll: int | None, *, whole: bool = False
    ) -> None:
        cut = len(data) > MAX_HTML_BYTES
        data = data[:MAX_HTML_BYTES]
        text, self.encoding = decode(data, declared_charset(data))
        self._shown = request
        self._shown_data = data
        self._image_bytes = 0
        self.search.reset()
        self._forget_position_request()
        colours = not self.reading_colours.dark
        page = display_html(text, WHOLE_PAGE if whole else None, colours=colours)
        if page.cut and not whole and _beyond(page, request):
            # The bookmark or every hit lies past the first part: show the whole page.
            page = display_html(text, WHOLE_PAGE, colours=colours)
            whole = True
        self._shown_whole = whole
        self.browser.setHtml(page.html)  # also empties the document's resource cache
        notice = _notice(page, cut)
        self.notice.setText(notice)
        self.whole_button.setVisible(page.cut)
        self.notice_bar.setVisible(bool(notice))
        count = self.search.set_terms(request.terms)
        title = self.title() or request.title or request.path
        self.page_changed.emit(request.path, title)
        if request.offset and scroll is None:  # a bookmarked place (back/forward: where left)
            self.scroll_to_text_position(request.offset)
        elif request.fragment or scroll is not None:
            self._scroll_to(request.fragment, scroll)
        elif count:
            self.search.first_hit(request.near)
        else:
            self.browser.verticalScrollBar().setValue(0)
        if not count:
            self.status_changed.emit("")

    def show_whole_page(self) -> None:
        """Lay out all of a page that was shown in part (its place on screen is kept)."""
        current = self.current
        if current is not None and self._shown is not None:
            scroll = self.browser.verticalScrollBar().value()
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._render(current, self._shown_data, scroll, whole=True)
            finally:
                QApplication.restoreOverrideCursor()

    def _scroll_to(self, fragment: str, scroll: int | None) -> None:
        self._forget_position_request()
        if scroll is not None:
            bar = self.browser.verticalScrollBar()
            bar.setValue(scroll)
            # Layout can finish after this call; try once more when the event loop runs.
            QTimer.singleShot(0, self, lambda: bar.setValue(scroll))
        elif fragment:
            self.browser.scrollToAnchor(fragment)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def _show_error(self, request: OpenRequest, message: str) -> None:
        self._shown = None
        self.search.reset()
        self.browser.setHtml(f"<p><b>{html_lib.escape(message)}</b></p>")
        self.status_changed.emit(message)
        self.page_changed.emit(request.path, request.title or request.path)

    def title(self) -> str:
        meta = QTextDocument.MetaInformation.DocumentTitle
        return " ".join(self.browser.document().metaInformation(meta).split())

    # -- resources and links

    def load_resource(self, kind: int, url: QUrl) -> Any:
        """An image from the shown page's volume, or an empty refusal for anything else."""
        try:
            return self._load_resource(int(kind), url)
        except Exception:  # a failure must not reach Qt, which would then read local files
            log.exception("loading %s failed", url.toString())
            return _refused(int(kind))

    def _load_resource(self, kind: int, url: QUrl) -> Any:
        page = self._shown
        if page is None or kind != QTextDocument.ResourceType.ImageResource.value:
            return _refused(kind)
        href = url.toString()
        link = resolve(page.path, href, self._site_urls(page.volume))
        if link.path is None or link.url is not None or link.path.endswith("/"):
            return _refused(kind)
        try:
            size = page.volume.stat(link.path)[0]
            if size > MAX_IMAGE_BYTES or self._image_bytes + size > PAGE_IMAGE_BUDGET:
                return _refused(kind)
            data = page.volume.read_bytes(link.path, MAX_IMAGE_BYTES + 1)
        except (OSError, VolumeError):
            return _refused(kind)
        loaded = load_image(data)
        if loaded.image is None:
            return _refused(kind)
        self._image_bytes += loaded.image.sizeInBytes()
        if self._image_bytes > PAGE_IMAGE_BUDGET:
            return _refused(kind)
        return loaded.image

    def _target(self, href: str) -> tuple[str | None, str, str | None]:
        """(volume path, fragment, outside URL) for a link on the shown page."""
        page = self.current
        if page is None:
            return None, "", None
        urls = self._site_urls(page.volume)
        link = resolve(page.path, href, urls)
        if link.url is not None:
            return None, "", link.url
        path = link.path
        if path is None:
            lowered = href.strip().lower()
            root = lowered.startswith("/") and not lowered.startswith("//")
            if not (root or lowered.startswith(tuple(u.lower() for u in urls))):
                return None, "", None
            path = ""  # "/" or the original site's root: the volume's root folder
        if path == "" or path.endswith("/"):
            path = self._folder_index(path)
        return path, link.fragment, None

    def _site_urls(self, volume: Volume) -> tuple[str, ...]:
        """The original site's addresses for links on `volume`'s pages: its archive.toml
        base URLs (read once per disc), else the viewer's defaults. Absolute links to them
        open the disc's copy of the page."""
        urls = self._volume_urls.get(volume.id)
        if urls is None:
            try:
                info, _problem = read_disc_info_safely(volume)
            except (OSError, VolumeError):
                info = None
            found = info.site_urls() if info is not None else ()
            urls = self._volume_urls[volume.id] = tuple(found) or self.site_urls
        return urls

    def _folder_index(self, folder: str) -> str:
        page = self.current
        if page is not None:
            for name in INDEX_NAMES:
                try:
                    page.volume.stat(folder + name)
                except (OSError, VolumeError):
                    continue
                return folder + name
        return folder

    def follow_link(self, url: QUrl) -> None:
        """A clicked link: scroll within the page, ask the window to open a volume path,
        or report an outside URL (never loaded here)."""
        href = url.toString()
        path, fragment, outside = self._target(href)
        page = self.current
        if outside is not None:
            scheme = QUrl(outside).scheme().lower()
            if scheme in EXTERNAL_SCHEMES:
                self.external_link.emit(outside)
            else:
                text = self.tr("This link cannot be followed: {link}")
                self.status_changed.emit(text.format(link=outside))
            return
        if path is None or page is None:
            text = self.tr("This link cannot be followed: {link}")
            self.status_changed.emit(text.format(link=href))
            return
        if path == page.path:
            self._remember_scroll()
            del self.entries[self.index + 1 :]
            self.entries.append(VisitedPage(replace(page, fragment=fragment, offset=0)))
            self.index = len(self.entries) - 1
            self._scroll_to(fragment, None)
            self._history_changed()
            return
        self.open_requested.emit(path, fragment)

    def _hovered(self, url: QUrl) -> None:
        href = url.toString()
        if not href:
            self.status_changed.emit("")
            return
        path, fragment, outside = self._target(href)
        if outside is not None:
            self.status_changed.emit(outside)
        elif path is not None:
            self.status_changed.emit(path + (f"#{fragment}" if fragment else ""))
        else:
            self.status_changed.emit(self.tr("{link} (cannot be followed)").format(link=href))

    # -- find, zoom, keys
