"""HtmlViewer: decoding, safe resource loading, links, history, find and highlights."""

from __future__ import annotations

import os
import re
import time
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtGui import QImage, QMouseEvent, QTextDocument

from reader.gui.viewers.base import OpenRequest
from reader.gui.viewers.html import HtmlViewer
from reader.indexing.extract.html_display import DisplayLimits, display_html
from reader.model import Kind
from reader.search.analysis import terms_for
from reader.sources.opener import open_volume
from reader.sources.volume import Volume

IMAGE = QTextDocument.ResourceType.ImageResource.value
STYLESHEET = QTextDocument.ResourceType.StyleSheetResource.value

# The offscreen platform plugin says this whenever a top-level widget is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

INDEX = (
    "<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'>"
    "<title>Caf\xe9 intercepts</title><style>body { color: white }</style>"
    "<script>document.write('SCRIPTTEXT')</script></head><body>"
    "<h1>Caf\xe9 society</h1>"
    "<p>The intercept was Intercepted twice; INTERCEPTION is noted; nonintercept is not."
    " alpha one</p>"
    "<img src='img/a.png'>"
    "<p><a href='2001/x.htm#top'>relative</a> <a href='http://cryptome.org/2001/x.htm'>abs</a>"
    " <a href='http://example.com/page'>out</a> <a href='#sec2'>down</a>"
    " <a href='2001/'>folder</a></p>"
    + "<p>filler line</p>"
    * 120
    + "<h2><a name='sec2'>Section two</a></h2><p>alpha two and the interceptor</p>"
    "</body></html>"
)


def _png(path: Path, size: tuple[int, int], color: str = "blue") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)


@pytest.fixture
def volume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Volume:
    root = tmp_path / "vol"
    root.mkdir()
    # Windows-1252 bytes on a page that says UTF-8: the case real archives have.
    (root / "index.htm").write_bytes(INDEX.encode("cp1252"))
    _png(root / "img" / "a.png", (30, 20))
    (root / "2001").mkdir()
    (root / "2001" / "x.htm").write_text("<html><body><p>Page X</p></body></html>")
    (root / "2001" / "index.htm").write_text("<p>Year index</p>")
    # A real image just outside the volume, reachable from the working directory: Qt's
    # own fallback loader would read it if the viewer ever returned nothing.
    _png(tmp_path / "outside.png", (7, 5), "red")
    monkeypatch.chdir(root)
    return open_volume(root)


@pytest.fixture
def viewer(qtbot, volume: Volume) -> HtmlViewer:
    widget = HtmlViewer()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    return widget


def _open(viewer: HtmlViewer, volume: Volume, path: str, terms: str = "", **kw) -> None:
    request = OpenRequest(volume=volume, path=path, kind=Kind.HTML, terms=terms_for(terms), **kw)
    viewer.open_document(request, volume.read_bytes(path, 10**7))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_mislabelled_cp1252_page_shows_cafe_and_no_script(viewer, volume):
    _open(viewer, volume, "index.htm")
    text = viewer.browser.toPlainText()
    assert "Café society" in text
    assert "SCRIPTTEXT" not in text and "document.write" not in text
    assert "color: white" not in text
    assert viewer.encoding == "cp1252"
    assert viewer.title() == "Café intercepts"


def test_shown_markup_drops_scripts_styles_links_and_turns_frames_into_links():
    page = display_html(
        "<link rel=stylesheet href=x.css><SCRIPT>a()</SCRIPT><style>p{}</style>"
        "<iframe src=\"ad.htm\"></iframe><p onclick='b()' style='color: red; "
        "background: url(http://x.invalid/t.png)'>words</p><script>unclosed"
    ).html
    assert "<link" not in page and "a()" not in page and "p{}" not in page
    assert "unclosed" not in page and "onclick" not in page and "url(" not in page
    assert '<a href="ad.htm">' in page and '<p style="color: red">words</p>' in page
    frames = display_html(
        "<html><frameset cols='20%,80%'><frame src='menu.htm'><frame src='main.htm'>"
        "<noframes>Use the frames</noframes></frameset></html>"
    ).html
    assert '<a href="menu.htm">' in frames and '<a href="main.htm">' in frames


def test_image_from_the_volume_is_loaded_at_its_size(viewer, volume):
    _open(viewer, volume, "index.htm")
    image = viewer.browser.loadResource(IMAGE, QUrl("img/a.png"))
    assert isinstance(image, QImage)
    assert (image.width(), image.height()) == (30, 20)
    # The site's absolute URL for the same image maps to the local copy.
    image = viewer.browser.loadResource(IMAGE, QUrl("http://cryptome.org/img/a.png"))
    assert (image.width(), image.height()) == (30, 20)
    # And the document really uses it when laying out the page.
    shown = viewer.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, "img/a.png"
    )
    assert shown.size().width() == 30


@pytest.mark.parametrize(
    "href",
    [
        "http://example.com/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x.png",
        "file:///etc/passwd",
        "../../../etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "../outside.png",
    ],
)
def test_remote_local_and_escaping_resources_are_refused_without_reading(
    viewer, volume: Volume, monkeypatch, href
):
    _open(viewer, volume, "index.htm")
    reads: list[str] = []
    real_read = volume.read_bytes

    def spy(path: str, limit: int) -> bytes:
        reads.append(path)
        return real_read(path, limit)

    monkeypatch.setattr(volume, "read_bytes", spy)
    result = viewer.browser.loadResource(IMAGE, QUrl(href))
    assert isinstance(result, QImage) and result.isNull()
    # Through the document too: Qt's fallback (local files, data: URLs) must not kick in.
    via_doc = viewer.browser.document().resource(QTextDocument.ResourceType.ImageResource, href)
    assert not isinstance(via_doc, QImage) or via_doc.isNull()
    assert reads == []


def test_outside_file_is_not_read_by_qt_fallback(viewer, volume, tmp_path):
    outside = QUrl.fromLocalFile(str(tmp_path / "outside.png"))
    document = viewer.browser.document()
    for url in (outside, QUrl("../outside.png"), QUrl("outside.png")):
        result = document.resource(QTextDocument.ResourceType.ImageResource, url)
        assert not isinstance(result, QImage) or result.isNull(), url
    assert os.getcwd() == str(tmp_path / "vol")


def test_stylesheets_are_never_loaded(viewer, volume):
    _open(viewer, volume, "index.htm")
    result = viewer.browser.loadResource(STYLESHEET, QUrl("style.css"))
    assert not result


def test_internal_link_emits_open_requested_with_resolved_path(qtbot, viewer, volume):
    _open(viewer, volume, "index.htm")
    with qtbot.waitSignal(viewer.open_requested) as blocker:
        viewer.browser.anchorClicked.emit(QUrl("2001/x.htm#top"))
    assert blocker.args == ["2001/x.htm", "top"]


def test_absolute_site_link_opens_the_local_copy(qtbot, viewer, volume):
    _open(viewer, volume, "index.htm")
    with qtbot.waitSignal(viewer.open_requested) as blocker:
        viewer.follow_link(QUrl("http://cryptome.org/2001/x.htm"))
    assert blocker.args == ["2001/x.htm", ""]


def test_a_link_to_the_site_archive_toml_names_opens_the_local_copy(qtbot, viewer, tmp_path):
    # A disc of another site: its archive.toml says where the pages were on the web.
    root = tmp_path / "mirror"
    (root / "2001").mkdir(parents=True)
    (root / "archive.toml").write_text('base_url = "http://example.org/mirror/"\n')
    (root / "index.htm").write_text(
        '<p><a href="http://example.org/mirror/2001/x.htm">x</a>'
        ' <a href="http://cryptome.org/2001/x.htm">c</a></p>'
    )
    (root / "2001" / "x.htm").write_text("<p>Page X</p>")
    mirror = open_volume(root)
    _open(viewer, mirror, "index.htm")
    with qtbot.waitSignal(viewer.open_requested) as blocker:
        viewer.follow_link(QUrl("https://www.example.org/mirror/2001/x.htm"))
    assert blocker.args == ["2001/x.htm", ""]
    # The built-in addresses are another site's, not this disc's: they stay outside.
    with qtbot.waitSignal(viewer.external_link) as outside:
        viewer.follow_link(QUrl("http://cryptome.org/2001/x.htm"))
    assert outside.args[0].startswith("http://cryptome.org/")


def test_folder_link_opens_its_index_page(qtbot, viewer, volume):
    _open(viewer, volume, "index.htm")
    with qtbot.waitSignal(viewer.open_requested) as blocker:
        viewer.follow_link(QUrl("2001/"))
    assert blocker.args == ["2001/index.htm", ""]
    _open(viewer, volume, "2001/x.htm")
    for href in ("http://cryptome.org/", "/"):
        with qtbot.waitSignal(viewer.open_requested, timeout=500) as blocker:
            viewer.follow_link(QUrl(href))
        assert blocker.args == ["index.htm", ""]


@pytest.mark.parametrize("href", ["http://example.com/page", "mailto:jya@example.com"])
def test_external_link_is_reported_and_nothing_is_loaded(qtbot, viewer, volume, href):
    _open(viewer, volume, "index.htm")
    before = viewer.browser.toPlainText()
    opened: list[tuple[str, str]] = []
    viewer.open_requested.connect(lambda p, f: opened.append((p, f)))
    with qtbot.waitSignal(viewer.external_link) as blocker:
        viewer.follow_link(QUrl(href))
    assert blocker.args == [href]
    assert opened == []
    assert viewer.browser.toPlainText() == before
    assert not viewer.can_go_forward() and not viewer.can_go_back()


def test_script_and_file_links_are_not_followed(qtbot, viewer, volume):
    _open(viewer, volume, "index.htm")
    with (
        qtbot.assertNotEmitted(viewer.external_link),
        qtbot.assertNotEmitted(viewer.open_requested),
    ):
        viewer.follow_link(QUrl("javascript:alert(1)"))
        viewer.follow_link(QUrl("file:///etc/passwd"))


def test_hovering_a_link_shows_its_target(qtbot, viewer, volume):
    _open(viewer, volume, "index.htm")
    with qtbot.waitSignal(viewer.status_changed) as blocker:
        viewer.browser.highlighted.emit(QUrl("http://cryptome.org/2001/x.htm"))
    assert blocker.args == ["2001/x.htm"]
    with qtbot.waitSignal(viewer.status_changed) as blocker:
        viewer.browser.highlighted.emit(QUrl("http://example.com/page"))
    assert blocker.args == ["http://example.com/page"]


def test_back_and_forward_restore_pages(qtbot, viewer, volume):
    states: list[tuple[bool, bool]] = []
    viewer.history_changed.connect(lambda b, f: states.append((b, f)))
    viewer.show()
    _open(viewer, volume, "index.htm")
    viewer.browser.verticalScrollBar().setValue(120)
    _open(viewer, volume, "2001/x.htm")
    assert "Page X" in viewer.browser.toPlainText()
    assert states[-1] == (True, False)
    with qtbot.waitSignal(viewer.page_changed) as blocker:
        assert viewer.back()
    assert blocker.args[0] == "index.htm"
    assert "Café society" in viewer.browser.toPlainText()
    assert viewer.browser.verticalScrollBar().value() == 120
    assert states[-1] == (False, True)
    assert viewer.forward()
    assert "Page X" in viewer.browser.toPlainText()
    assert not viewer.forward()
    # Opening a new page from the middle drops the forward entries.
    viewer.back()
    _open(viewer, volume, "2001/index.htm")
    assert (viewer.can_go_back(), viewer.can_go_forward()) == (True, False)
    assert len(viewer.entries) == 2


def test_alt_left_and_mouse_back_button_go_back(qtbot, viewer, volume):
    _open(viewer, volume, "index.htm")
    _open(viewer, volume, "2001/x.htm")
    qtbot.keyClick(viewer.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert "Café society" in viewer.browser.toPlainText()
    qtbot.keyClick(viewer.browser, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert "Page X" in viewer.browser.toPlainText()
    press = QMouseEvent(
        QMouseEvent.Type.MouseButtonPress,
        QPointF(10, 10),
        QPointF(10, 10),
        Qt.MouseButton.BackButton,
        Qt.MouseButton.BackButton,
        Qt.KeyboardModifier.NoModifier,
    )
    viewer.browser.mousePressEvent(press)
    assert viewer.current is not None and viewer.current.path == "index.htm"


def test_anchor_link_scrolls_within_the_page_and_back_returns(viewer, volume):
    viewer.show()
    _open(viewer, volume, "index.htm")
    bar = viewer.browser.verticalScrollBar()
    assert bar.value() == 0
    viewer.follow_link(QUrl("#sec2"))
    assert bar.value() > 0
    assert viewer.can_go_back()
    viewer.back()
    assert bar.value() == 0
    assert "Café society" in viewer.browser.toPlainText()


def test_highlight_count_equals_term_occurrences(qtbot, viewer, volume):
    _open(viewer, volume, "index.htm", terms="intercept")
    text = viewer.browser.toPlainText()
    # The word and its forms (the index's stem), not "interceptor", not "nonintercept".
    marked = [text[a:b] for a, b in viewer.search.hits]
    assert marked == ["intercept", "Intercepted", "INTERCEPTION"]
    truth = 3
    assert viewer.hit_count == truth
    assert len(viewer.browser.extraSelections()) == truth
    with qtbot.waitSignal(viewer.status_changed) as blocker:
        assert viewer.next_hit()
    assert blocker.args == [f"2 of {truth} hits"]
    cursor = viewer.browser.textCursor()
    start = viewer.search.hits[1][0]
    assert cursor.position() == start


def test_accented_term_and_phrase_highlight(viewer, volume):
    _open(viewer, volume, "index.htm", terms='cafe "alpha two"')
    text = viewer.browser.toPlainText()
    hits = [text[a:b] for a, b in viewer.search.hits]
    assert hits == ["Café", "alpha two"]  # the <title> is not part of the page text
    assert "alpha two" in hits


def test_find_moves_to_the_next_occurrence_and_wraps(viewer, volume):
    _open(viewer, volume, "index.htm")
    text = viewer.browser.toPlainText()
    first, second = (m.start() for m in re.finditer("alpha", text))
    assert viewer.find("ALPHA")
    assert viewer.browser.textCursor().selectionStart() == first
    assert viewer.find("alpha")
    assert viewer.browser.textCursor().selectionStart() == second
    assert viewer.find("alpha")  # wraps to the top
    assert viewer.browser.textCursor().selectionStart() == first
    assert viewer.find("alpha", backwards=True)
    assert viewer.browser.textCursor().selectionStart() == second
    assert not viewer.find("no such words")


def test_ctrl_f_opens_the_find_bar_and_escape_closes_it(qtbot, viewer, volume):
    viewer.show()
    _open(viewer, volume, "index.htm")
    viewer.browser.setFocus()
    qtbot.keyClick(viewer.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert viewer.find_bar.isVisible()
    qtbot.keyClicks(viewer.find_bar.edit, "section")
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return)
    assert viewer.browser.textCursor().selectedText() == "Section"
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Escape)
    assert not viewer.find_bar.isVisible()


def test_zoom_keys_change_the_font_size(qtbot, viewer, volume):
    _open(viewer, volume, "index.htm")
    base = viewer.browser.document().defaultFont().pointSizeF()
    qtbot.keyClick(viewer.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert viewer.browser.document().defaultFont().pointSizeF() == base + 1
    qtbot.keyClick(viewer.browser, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.browser.document().defaultFont().pointSizeF() == base


def test_unreadable_page_on_back_shows_a_message(viewer, volume, tmp_path):
    _open(viewer, volume, "index.htm")
    _open(viewer, volume, "2001/x.htm")
    (tmp_path / "vol" / "index.htm").unlink()
    assert viewer.back()
    assert "cannot be read" in viewer.browser.toPlainText()


# -- screenshot of a realistic old-style page (written when ARCHIVE_READER_SCREENSHOTS=1)

OLD_PAGE = """<html><head><title>NSA Intercept Orders, 2001</title></head>
<body bgcolor="#FFFFFF" text="#000000" link="#0000FF">
<table width="100%" cellpadding="6"><tr>
<td><img src="img/seal.png" width="96" height="96"></td>
<td><font face="Times New Roman" size="5"><b>Foreign Intelligence Intercept Orders</b></font>
<br><font size="2">Cryptome, 14 June 2001. Source: <a href="http://www.fas.org/irp/">FAS</a>
</font></td></tr></table>
<hr>
<p>The following orders were released under the Freedom of Information Act. Each order
authorised the <b>interception</b> of communications; intercepts were reviewed monthly.
See also <a href="2001/x.htm">earlier orders</a> and the
<a href="http://cryptome.org/2001/index.htm">2001 index</a>.</p>
<table border="1" cellpadding="4" cellspacing="0">
<tr bgcolor="#CCCCCC"><th>Order</th><th>Date</th><th>Target</th><th>Status</th></tr>
<tr><td>FISC 01-114</td><td>1 March 2001</td><td>Intercept of telex traffic</td>
<td>Granted</td></tr>
<tr><td>FISC 01-131</td><td>9 April 2001</td><td>Pen register</td><td>Granted</td></tr>
<tr><td>FISC 01-158</td><td>2 May 2001</td><td>Intercepted e-mail</td><td>Modified</td></tr>
</table>
<h3>Excerpt</h3>
<pre>
   UNITED STATES FOREIGN INTELLIGENCE SURVEILLANCE COURT
   Docket 01-114        ORDER AUTHORIZING INTERCEPT
</pre>
<p><font color="#990000">Note:</font> the caf\xe9 receipts mentioned in exhibit B are not
reproduced. <a href="mailto:jya@pipeline.com">jya@pipeline.com</a></p>
</body></html>"""


def test_screenshot_of_an_old_style_page(viewer, volume, tmp_path):
    root = tmp_path / "vol"
    seal = Image.new("RGB", (96, 96), "white")
    draw = ImageDraw.Draw(seal)
    draw.ellipse((2, 2, 93, 93), fill="#1f3a6e", outline="#c9a227", width=4)
    draw.text((26, 40), "SEAL", fill="white")
    seal.save(root / "img" / "seal.png")
    (root / "orders.htm").write_bytes(OLD_PAGE.encode("cp1252"))
    viewer.resize(1000, 750)
    viewer.show()
    _open(viewer, volume, "orders.htm", terms="intercept")
    # intercept, intercepts, Intercept (twice), Intercepted, INTERCEPT, interception: one stem.
    assert viewer.hit_count == 6
    assert "café" in viewer.browser.toPlainText()
    target = os.environ.get("ARCHIVE_READER_SCREENSHOTS")
    if target:
        out = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        assert viewer.grab().save(str(out / "html-viewer.png"))


def test_deeply_nested_tables_are_flattened_and_render_fast(qtbot, viewer, volume, tmp_path):
    nested = "<table><tr><td>" * 60 + "deep cell" + "</td></tr></table>" * 60
    (tmp_path / "vol" / "nested.htm").write_text(
        f"<html><body>{nested}<span style='font-size:0px'>tiny</span></body></html>"
    )
    started = time.perf_counter()
    _open(viewer, volume, "nested.htm")
    viewer.browser.grab()
    assert time.perf_counter() - started < 3
    assert "deep cell" in viewer.browser.toPlainText()
    assert "tiny" in viewer.browser.toPlainText()
    assert display_html(nested).html.count("<table") == DisplayLimits().max_table_depth


def _long_page(root: Path) -> None:
    # A real long page: 1.3 M characters of paragraphs, a word found only at its very end.
    paragraphs = "".join(
        f"<p>Paragraph {n} of the long minutes, read in order.</p>" for n in range(26_000)
    )
    (root / "long.htm").write_text(
        f"<html><body><h1>Long minutes</h1>{paragraphs}<p>The closing zanzibar clause.</p>"
        "</body></html>"
    )


def test_a_long_page_shows_its_first_part_and_the_whole_at_a_click(qtbot, viewer, volume):
    _long_page(Path(volume.root))
    viewer.show()
    _open(viewer, volume, "long.htm")
    assert viewer.notice_bar.isVisible()
    assert "only its first part is shown" in viewer.notice.text()
    assert "zanzibar" not in viewer.browser.toPlainText()
    qtbot.mouseClick(viewer.whole_button, Qt.MouseButton.LeftButton)
    assert "The closing zanzibar clause." in viewer.browser.toPlainText()
    assert not viewer.notice_bar.isVisible()


def test_a_hit_past_the_first_part_opens_the_whole_page_on_it(qtbot, viewer, volume):
    _long_page(Path(volume.root))
    viewer.show()
    _open(viewer, volume, "long.htm", "zanzibar")
    assert "The closing zanzibar clause." in viewer.browser.toPlainText()
    browser = viewer.browser
    text = browser.toPlainText()
    assert browser.textCursor().position() == text.index("zanzibar")  # at the hit
    assert 0 <= browser.cursorRect().top() < browser.viewport().height()  # and on screen
    assert not viewer.notice_bar.isVisible()
