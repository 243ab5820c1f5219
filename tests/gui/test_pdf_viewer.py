"""The PDF viewer as a user meets it: where it opens, hits, zoom, copy, scans, bad files."""

from __future__ import annotations

from typing import cast

import pymupdf
import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QWidget

from reader.gui.viewers.base import OpenRequest
from reader.gui.viewers.pdf import PdfViewer
from reader.model import Kind
from reader.search.analysis import terms_for
from reader.sources.volume import Volume

# Page (1-based) -> lines written at y = 100, 130, ... on that page.
TEXT = {
    1: ["Alpha beta gamma", "introduction to the archive"],
    3: ["calls were intercepted here"],
    5: ["Intercepted once", "and INTERCEPTED twice"],
    7: ["Écoute téléphonique", "zebra crossing"],
    9: ["the interception programme"],
}
PAGES = 12

# Qt 6.12's offscreen platform warns whenever a top-level window with a layout is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_pdf(pages: int = PAGES, text: dict[int, list[str]] | None = None) -> bytes:
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page()
        for row, line in enumerate((text or TEXT).get(number, [f"page {number} filler"])):
            page.insert_text((72, 100 + 30 * row), line, fontsize=12)
    return bytes(doc.tobytes())


def request(terms: str = "", page: int | None = None) -> OpenRequest:
    """Open at `page`, marked as a search for `terms` would mark it."""
    return OpenRequest(
        volume=cast(Volume, None),
        path="1999/report.pdf",
        kind=Kind.PDF,
        terms=terms_for(terms),
        page=page,
    )


@pytest.fixture
def viewer(qtbot):
    widget = PdfViewer()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def page_top_in_view(viewer: PdfViewer, page: int) -> int:
    return viewer.pages.page_rect(page - 1).top()


def test_opens_on_the_requested_page(viewer):
    viewer.open_document(request(terms="intercept", page=5), make_pdf())
    assert viewer.current_page() == 5
    assert -20 <= page_top_in_view(viewer, 5) <= 20  # page 5's top edge is at the top
    assert viewer.findChild(type(viewer.pages.verticalScrollBar()))  # a real scroll area


def test_opens_on_the_first_hit_page_when_no_page_is_given(viewer, qtbot):
    statuses: list[str] = []
    viewer.status_changed.connect(statuses.append)
    viewer.open_document(request(terms="intercept"), make_pdf())
    assert viewer.current_page() == 3
    qtbot.waitUntil(lambda: "+" not in label(viewer, "Hit position").text())
    assert label(viewer, "Hit position").text() == "Hit 1 of 4"
    assert statuses[-1] == "Page 3 of 12 · 1 of 4 hits"


def test_opens_on_page_one_without_terms(viewer):
    viewer.open_document(request(), make_pdf())
    assert viewer.current_page() == 1
    assert label(viewer, "Hit position").text() == ""


def test_next_hit_moves_across_pages_in_order_and_wraps(viewer):
    viewer.open_document(request(terms="intercept"), make_pdf())
    pages = [viewer.current_page()]
    for _ in range(4):
        assert viewer.next_hit()
        pages.append(viewer.current_page())
    assert pages == [3, 5, 5, 9, 3]
    assert viewer.next_hit(backwards=True)
    assert viewer.current_page() == 9
    assert label(viewer, "Hit position").text() == "Hit 4 of 4"


def test_hit_rectangles_lie_over_the_matching_words(viewer, qtbot):
    data = make_pdf()
    viewer.open_document(request(terms="intercept"), data)
    qtbot.waitUntil(lambda: viewer.hit_count() == 4)
    doc = pymupdf.open(stream=data, filetype="pdf")
    for page in (3, 5, 9):
        expected = doc[page - 1].search_for("intercept")  # a prefix: the hit is the word
        found = viewer.hit_rects(page)
        assert len(found) == len(expected)
        for hit, rect in zip(found, expected, strict=True):
            assert hit.contains(QRectF(rect.x0 + 0.5, rect.y0 + 0.5, 1, 1))
            assert abs(hit.top() - rect.y0) < 1 and abs(hit.left() - rect.x0) < 1


def test_terms_match_case_and_accent_insensitively(viewer, qtbot):
    viewer.open_document(request(terms="ecoute TÉLÉPHON*"), make_pdf())
    assert viewer.current_page() == 7
    qtbot.waitUntil(lambda: viewer.hit_count() == 2)


def test_zoom_changes_the_rendered_page_width(viewer, qtbot):
    viewer.open_document(request(), make_pdf())
    viewer.set_zoom(1.0)
    a4_width = 595 * 96 / 72  # new_page() makes A4 pages
    qtbot.waitUntil(lambda: abs(rendered_width(viewer, 1) - a4_width) <= 1)
    viewer.zoom_by(1)
    assert label(viewer, "Zoom").text() == "110 %"
    qtbot.waitUntil(lambda: abs(rendered_width(viewer, 1) - a4_width * 1.1) <= 1)
    assert viewer.pages.page_rect(0).width() == round(a4_width * 1.1)


def test_fit_width_fills_the_view(viewer):
    viewer.open_document(request(), make_pdf())
    viewer.set_zoom(0.5)
    viewer.set_fit("width")
    view_width = viewer.pages.viewport().width()
    assert view_width - 60 <= viewer.pages.page_rect(0).width() <= view_width


def test_a_2000_page_pdf_opens_lazily(viewer, qtbot):
    viewer.open_document(request(terms="filler"), make_pdf(2000, {}))
    qtbot.wait(300)
    assert viewer.page_count == 2000
    assert 1 <= viewer.rendered_pages <= 4
    viewer.go_to_page(1000)
    qtbot.wait(100)
    assert viewer.current_page() == 1000
    assert viewer.rendered_pages <= 8


def test_copy_puts_the_selected_words_in_the_clipboard(viewer):
    viewer.open_document(request(), make_pdf())
    viewer.select_rect(1, QRectF(70, 85, 50, 20))  # over "Alpha beta" of the first line
    viewer.copy_text()
    assert QApplication.clipboard().text() == "Alpha beta"
    viewer.pages.clear_selection()
    viewer.copy_text()
    assert QApplication.clipboard().text().split() == [
        "Alpha",
        "beta",
        "gamma",
        "introduction",
        "to",
        "the",
        "archive",
    ]


def test_dragging_with_the_mouse_selects_words(viewer, qtbot):
    viewer.open_document(request(), make_pdf())
    viewer.set_zoom(1.0)
    view = viewer.pages.viewport()
    page = viewer.pages.page_rect(0)
    scale = 96 / 72

    def at(x: float, y: float) -> QPoint:
        return QPoint(page.left() + round(x * scale), page.top() + round(y * scale))

    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=at(60, 80))
    qtbot.mouseMove(view, at(160, 125))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=at(160, 125))
    assert viewer.selected_text() == "Alpha beta gamma\nintroduction to the"


def test_a_scanned_pdf_shows_the_scan_notice(viewer):
    doc = pymupdf.open()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 260), False)
    pix.set_rect(pix.irect, (220, 220, 210))
    for _ in range(3):
        doc.new_page().insert_image(pymupdf.Rect(36, 36, 576, 756), pixmap=pix)
    viewer.open_document(request(terms="secret"), bytes(doc.tobytes()))
    notice = label(viewer, "Scanned PDF notice")
    assert notice.isVisible()
    assert "scan" in notice.text()
    assert viewer.current_page() == 1


def test_a_text_pdf_shows_no_scan_notice(viewer):
    viewer.open_document(request(), make_pdf())
    assert not label(viewer, "Scanned PDF notice").isVisible()


def test_a_password_protected_pdf_shows_a_message(viewer):
    doc = pymupdf.open(stream=make_pdf(), filetype="pdf")
    aes_256 = pymupdf.PDF_ENCRYPT_AES_256  # type: ignore[attr-defined]
    data = doc.tobytes(encryption=aes_256, user_pw="u", owner_pw="o")
    viewer.open_document(request(terms="intercept"), data)
    message = label(viewer, "PDF message")
    assert message.isVisible()
    assert "password" in message.text()
    assert not viewer.next_hit()


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 garbage"])
def test_damaged_data_shows_a_message(viewer, data):
    viewer.open_document(request(), data)
    assert label(viewer, "PDF message").isVisible()
    assert "damaged" in label(viewer, "PDF message").text()


@pytest.mark.parametrize("kept", [1 / 2, 2 / 3, 9 / 10])
def test_a_truncated_pdf_shows_its_pages_or_says_it_is_damaged(viewer, qtbot, kept):
    data = make_pdf()
    viewer.open_document(request(), data[: int(len(data) * kept)])
    message = label(viewer, "PDF message")
    if viewer.page_count == 0:
        # MuPDF could not repair it: the user is told, never left with an empty pane.
        assert message.isVisible() and "damaged" in message.text()
    else:
        # What survived is shown: the pages are there and the first ones are painted.
        qtbot.waitUntil(lambda: viewer.rendered_pages > 0, timeout=5000)
        assert not message.isVisible() and viewer.page_count == PAGES


def test_find_finds_a_word_on_a_later_page(viewer):
    viewer.open_document(request(), make_pdf())
    assert viewer.find("zebra")
    assert viewer.current_page() == 7
    assert viewer.find("intercepted")  # wraps past the last page
    assert viewer.current_page() == 3
    assert viewer.find("intercepted")
    assert viewer.current_page() == 5
    assert not viewer.find("nowhere-to-be-found")


def test_links_jump_inside_and_report_uris(viewer, qtbot):
    doc = pymupdf.open(stream=make_pdf(), filetype="pdf")
    doc[0].insert_link(
        {"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(72, 88, 110, 102), "page": 6}
    )
    doc[0].insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(72, 118, 160, 132),
            "uri": "http://cryptome.org/",
        }
    )
    viewer.open_document(request(), bytes(doc.tobytes()))
    viewer.set_zoom(1.0)
    page = viewer.pages.page_rect(0)
    view = viewer.pages.viewport()
    with qtbot.waitSignal(viewer.external_link) as uri:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=page.topLeft() + QPoint(110, 166))
    assert uri.args == ["http://cryptome.org/"]
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=page.topLeft() + QPoint(110, 126))
    assert viewer.current_page() == 7


def test_keyboard_moves_through_the_document(viewer, qtbot):
    viewer.open_document(request(), make_pdf())
    viewer.pages.setFocus()
    qtbot.keyClick(viewer.pages, Qt.Key.Key_End)
    assert viewer.current_page() == PAGES
    qtbot.keyClick(viewer.pages, Qt.Key.Key_Home)
    assert viewer.current_page() == 1
    qtbot.keyClick(viewer.pages, Qt.Key.Key_PageDown)
    assert viewer.pages.verticalScrollBar().value() > 0


def test_thumbnails_are_hidden_until_asked_for_and_jump_on_click(viewer, qtbot):
    viewer.open_document(request(terms="intercept"), make_pdf())
    sidebar = find(viewer, "PDF sidebar")
    assert not sidebar.isVisible()
    viewer._sidebar_action.trigger()
    assert sidebar.isVisible()
    view = find(viewer, "Page thumbnails")
    qtbot.waitUntil(lambda: viewer.thumbnails_rendered > 0)
    rect = view.visualRect(view.model().index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert viewer.current_page() == 2
    hits = find(viewer, "Pages with hits")
    qtbot.waitUntil(lambda: hits.count() == 3)
    assert [hits.item(i).text() for i in range(3)] == [
        "p. 3 (1 hit)",
        "p. 5 (2 hits)",
        "p. 9 (1 hit)",
    ]


def test_clear_forgets_the_document(viewer):
    viewer.open_document(request(terms="intercept"), make_pdf())
    viewer.clear()
    assert viewer.page_count == 0
    assert not viewer.next_hit()
    assert not viewer.find("zebra")


def find(viewer: PdfViewer, name: str):
    found = [w for w in viewer.findChildren(QWidget) if w.accessibleName() == name]
    assert len(found) == 1, name
    return found[0]


def label(viewer: PdfViewer, name: str) -> QLabel:
    widget = find(viewer, name)
    assert isinstance(widget, QLabel)
    return widget


def rendered_width(viewer: PdfViewer, page: int) -> int:
    cached = viewer.pages.cache.get(page - 1)
    return 0 if cached is None else round(cached[1].width() / cached[1].devicePixelRatio())


def test_a_deep_requested_page_has_its_hit_current_at_once(viewer, qtbot):
    """A search result on page 709 of 1,321 opened with no mark and "6+ hits": the scan for
    hits went from page 1 and had not reached it. It starts at the page asked for now."""
    words = " ".join(f"filler{i}" for i in range(60))
    text = {p: [words] for p in range(1, 1501)}
    text[1400] = ["the intercept was logged"]
    text[20] = ["an earlier intercept"]
    viewer.open_document(request(terms="intercept", page=1400), make_pdf(1500, text))
    # Before the window is idle even once: the hit on page 1,400 is marked and current.
    assert viewer.current_page() == 1400
    assert len(viewer.hit_rects(1400)) == 1
    assert label(viewer, "Hit position").text().startswith("Hit 1 of ")
    # Once the pages before it are looked at too, its number and the count settle, and
    # the list of pages with hits is in page order.
    qtbot.waitUntil(lambda: "+" not in label(viewer, "Hit position").text(), timeout=20000)
    assert label(viewer, "Hit position").text() == "Hit 2 of 2"
    hits = find(viewer, "Pages with hits")
    assert isinstance(hits, QListWidget)
    assert [hits.item(i).text() for i in range(hits.count())] == [
        "p. 20 (1 hit)",
        "p. 1400 (1 hit)",
    ]
    viewer.next_hit()  # wraps to the first
    assert viewer.current_page() == 20 and label(viewer, "Hit position").text() == "Hit 1 of 2"


def test_f4_shows_the_thumbnails_at_the_page_being_read(viewer, qtbot):
    """The strip opened at page 1 while the view was on page 59."""
    viewer.open_document(request(terms="intercept", page=9), make_pdf(60))
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_F4)
    view = find(viewer, "Page thumbnails")
    assert view.isVisible()
    assert view.currentIndex().row() == 8
    qtbot.wait(20)
    shown = view.visualRect(view.model().index(8, 0))
    assert view.viewport().rect().intersects(shown)  # scrolled to it, not left at page 1
