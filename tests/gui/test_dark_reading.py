"""Dark reading mode (issue 18): View → Reading Colours chosen with the keys, as a user does,
then what the viewers draw: dark paper, light text, readable links and hits, kept at the next
start, following the desktop's scheme on "System", PDF pages inverted on request only and
pictures never."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from reader import settings as settings_mod
from reader.gui.reading.controller import Place
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.image import ImageViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.reading_colours import DARK, LIGHT, contrast
from reader.gui.viewers.text import TextViewer
from reader.gui.window.main_window import MainWindow
from reader.indexing.extract.html_display import display_html
from reader.model import Kind
from tests.archive_factory import image_bytes, pdf_bytes
from tests.gui.conftest import index_folder, type_query

# Offscreen, a menu's popup cannot raise itself or grab the keyboard (it works all the same).
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

ALT = Qt.KeyboardModifier.AltModifier

# A page that assumes white paper: black text, white cells, its own link colour.
PAGE = """<html><head><title>Cable colours</title></head>
<body bgcolor="#ffffff" text="#000000" link="#0000ff" vlink="#800080">
<h1>Submarine cable routes</h1>
<p><font color="#000000">The landing station at Bude takes the cable.</font></p>
<table bgcolor="#ffffff" width="100%"><tr><td bgcolor="#f8f8f8">
<span style="color: #111111; background-color: #eeeeee">A white cell about cables.</span>
</td></tr></table>
<p><a href="other.htm">The other page</a> and <a href="https://example.org/">a site</a>;
<a href="other.htm"><font color="#000080">a navy link</font></a>.</p>
</body></html>"""


@pytest.fixture
def folder(tmp_path: Path, basedir: Path) -> Path:
    root = tmp_path / "DARK_1"
    (root / "2001").mkdir(parents=True)
    (root / "2001" / "colours.htm").write_text(PAGE, encoding="utf-8")
    (root / "2001" / "other.htm").write_text("<p>Elsewhere.</p>", encoding="utf-8")
    (root / "2001" / "log.txt").write_text(
        "".join(f"line {i}: seabed survey\n" for i in range(80)), encoding="utf-8"
    )
    (root / "2001" / "stations.pdf").write_bytes(
        pdf_bytes(["The repeater station at Porthcurno.\nMore words about the seabed."])
    )
    (root / "2001" / "photo.png").write_bytes(image_bytes(160, 120, "PNG", seed=4))
    index_folder(root)
    return root


def _show(qtbot: QtBot) -> MainWindow:
    """The window as a start makes it: with the settings read from settings.toml."""
    win = MainWindow(settings_mod.load())
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    win.start_up()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


@pytest.fixture
def win(qtbot: QtBot, folder: Path) -> MainWindow:
    return _show(qtbot)


def _popup(qtbot: QtBot, before: QWidget | None = None) -> QMenu:
    qtbot.waitUntil(
        lambda: (
            isinstance(QApplication.activePopupWidget(), QMenu)
            and QApplication.activePopupWidget() is not before
        )
    )
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def _view_menu(qtbot: QtBot, win: MainWindow, *keys: Qt.Key) -> None:
    """Alt+V in the window, then each key in the menu that is open (a submenu opens on its
    mnemonic)."""
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.search_panel.focus_query()
    qtbot.waitUntil(win.search_panel.query.hasFocus)
    qtbot.keyClick(win.search_panel.query, Qt.Key.Key_V, ALT)
    menu: QMenu | None = _popup(qtbot)
    for key in keys:
        assert menu is not None
        qtbot.keyClick(menu, key)
        if key == Qt.Key.Key_C:  # Reading Colours: its submenu opens
            menu = _popup(qtbot, menu)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def _choose(qtbot: QtBot, win: MainWindow, key: Qt.Key, expected: str) -> None:
    _view_menu(qtbot, win, Qt.Key.Key_C, key)
    assert win.reading_colours.choice == expected


def _open_first(qtbot: QtBot, win: MainWindow, query: str) -> QWidget:
    type_query(qtbot, win.search_panel, query)
    before = win.reading.current
    qtbot.keyClick(win.search_panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.reading.current is not before, timeout=5000)
    viewer = win.document.stack.currentWidget()
    assert viewer is not None
    return viewer


def _pixels(image: QImage, rect: QRect | None = None, step: int = 2) -> Iterator[QColor]:
    area = rect or image.rect()
    for y in range(area.top(), area.bottom() + 1, step):
        for x in range(area.left(), area.right() + 1, step):
            yield image.pixelColor(x, y)


def _lightness(colour: QColor) -> int:
    return colour.lightness()


def test_dark_from_the_view_menu_shows_an_html_page_dark_with_readable_links(
    qtbot: QtBot, win: MainWindow
) -> None:
    _choose(qtbot, win, Qt.Key.Key_D, "dark")
    viewer = _open_first(qtbot, win, "landing station")
    assert isinstance(viewer, HtmlViewer)
    browser = viewer.browser
    qtbot.wait(50)
    shot = browser.viewport().grab().toImage()
    background = shot.pixelColor(shot.width() - 4, shot.height() - 4)
    assert _lightness(background) < 50, background.name()
    # Nothing is drawn white: the page's white body, table and cell colours are gone.
    whites = [c for c in _pixels(shot, step=3) if min(c.red(), c.green(), c.blue()) > 235]
    assert whites == []
    # Light text is drawn: its brightest pixels are about the text colour.
    text = browser.palette().color(QPalette.ColorRole.Text)
    assert _lightness(text) > 180
    assert max(_lightness(c) for c in _pixels(shot)) > 180
    assert contrast(text, background) >= 4.5
    # Every run of text has the paper's colours or ones readable on it, links included.
    links = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            assert fmt.background().style() == Qt.BrushStyle.NoBrush or it.fragment().text() == ""
            if fmt.foreground().style() != Qt.BrushStyle.NoBrush:
                colour = fmt.foreground().color()
                assert contrast(colour, background) >= 4.5, (it.fragment().text(), colour.name())
            if fmt.isAnchor() and fmt.anchorHref():
                links.append(fmt.foreground().color())
            it += 1
        block = block.next()
    assert len(links) == 3
    for colour in [*links, browser.palette().color(QPalette.ColorRole.LinkVisited)]:
        assert contrast(colour, background) >= 4.5, colour.name()
    # The search hits are marked in colours that read on the dark paper too.
    selections = browser.extraSelections()
    assert selections
    for selection in selections:
        hit = selection.format
        assert contrast(hit.foreground().color(), hit.background().color()) >= 4.5
        assert contrast(hit.background().color(), background) >= 3


def test_light_shows_the_page_on_white_with_browser_links_then_dark_at_once(
    qtbot: QtBot, win: MainWindow
) -> None:
    _choose(qtbot, win, Qt.Key.Key_L, "light")
    viewer = _open_first(qtbot, win, "landing station")
    assert isinstance(viewer, HtmlViewer)
    shot = viewer.browser.viewport().grab().toImage()
    assert shot.pixelColor(shot.width() - 4, shot.height() - 4).name() == "#ffffff"
    cursor = QTextCursor(viewer.browser.document())
    found = viewer.browser.document().find("The other page", cursor)
    # Not the application palette's link colour (a dark desktop's light blue).
    assert found.charFormat().foreground().color().name() == LIGHT.link
    assert found.charFormat().foreground().color() != QApplication.palette().link().color()
    current = viewer.search.current
    assert current >= 0

    _choose(qtbot, win, Qt.Key.Key_D, "dark")  # the page open is laid out again, dark
    shot = viewer.browser.viewport().grab().toImage()
    assert shot.pixelColor(shot.width() - 4, shot.height() - 4).name() == DARK.page
    assert viewer.search.current == current  # the reader's hit stays the current one


def test_dark_text_file_is_light_on_dark_and_switches_back_at_once(
    qtbot: QtBot, win: MainWindow
) -> None:
    viewer = _open_first(qtbot, win, "seabed survey")
    assert isinstance(viewer, TextViewer)
    light = viewer.editor.viewport().grab().toImage()
    assert _lightness(light.pixelColor(light.width() - 4, light.height() - 4)) > 240

    _choose(qtbot, win, Qt.Key.Key_D, "dark")  # applied to the document open
    shot = viewer.editor.viewport().grab().toImage()
    background = shot.pixelColor(shot.width() - 4, shot.height() - 4)
    assert background.name() == DARK.page
    text = viewer.editor.palette().color(QPalette.ColorRole.Text)
    assert contrast(text, background) >= 4.5
    assert max(_lightness(c) for c in _pixels(shot)) > 180

    _choose(qtbot, win, Qt.Key.Key_L, "light")
    shot = viewer.editor.viewport().grab().toImage()
    assert shot.pixelColor(shot.width() - 4, shot.height() - 4).name() == "#ffffff"


def test_the_chosen_colours_are_kept_for_the_next_start(qtbot: QtBot, win: MainWindow) -> None:
    _choose(qtbot, win, Qt.Key.Key_D, "dark")
    saved = tomllib.loads(settings_mod.settings_path().read_text(encoding="utf-8"))
    assert saved["reading_colours"] == "dark"
    win.close()

    again = _show(qtbot)
    assert again.reading_colours.choice == "dark"
    viewer = again.document.viewer_for(Kind.HTML)
    assert isinstance(viewer, HtmlViewer)
    assert viewer.browser.palette().color(QPalette.ColorRole.Base).name() == DARK.page
    _view_menu(qtbot, again, Qt.Key.Key_C, Qt.Key.Key_S)  # back to System, kept as well
    assert settings_mod.load().reading_colours == "system"


def test_system_follows_the_desktop_switching_to_dark_and_back(
    qtbot: QtBot, win: MainWindow
) -> None:
    assert win.reading_colours.choice == "system"
    viewer = _open_first(qtbot, win, "seabed survey")
    assert isinstance(viewer, TextViewer)

    def page() -> str:
        shot = viewer.editor.viewport().grab().toImage()
        return shot.pixelColor(shot.width() - 4, shot.height() - 4).name()

    assert page() == LIGHT.page
    hints = QGuiApplication.styleHints()
    # The platform's scheme change (offscreen has no scheme of its own to change).
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert page() == DARK.page
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert page() == LIGHT.page
    # A desktop that reports no scheme but hands over a dark palette.
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Unknown)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e0e0e0"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: page() == DARK.page)
    finally:
        app.setPalette(original)
    qtbot.waitUntil(lambda: page() == LIGHT.page)
    # A choice of its own no longer follows the desktop.
    _choose(qtbot, win, Qt.Key.Key_L, "light")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert page() == LIGHT.page


def _page_pixel(qtbot: QtBot, viewer: PdfViewer, rendered: int) -> tuple[QImage, QRect]:
    stack = viewer.pages
    qtbot.waitUntil(lambda: stack.rendered_pages > rendered, timeout=10000)
    qtbot.wait(30)
    return stack.viewport().grab().toImage(), stack.page_rect(0)


def test_pdf_pages_are_inverted_only_when_asked_and_hits_still_show(
    qtbot: QtBot, win: MainWindow
) -> None:
    _choose(qtbot, win, Qt.Key.Key_D, "dark")
    viewer = _open_first(qtbot, win, "repeater station")
    assert isinstance(viewer, PdfViewer)
    shot, page = _page_pixel(qtbot, viewer, 0)
    corner = page.topLeft() + QPoint(6, 6)
    assert shot.pixelColor(corner).name() == "#ffffff"  # dark mode alone: paper as printed
    desk = shot.pixelColor(2, 2)
    assert _lightness(desk) < 60  # the desk around the page follows the mode

    rendered = viewer.pages.rendered_pages
    _view_menu(qtbot, win, Qt.Key.Key_I)  # View → Invert PDF Pages in Dark Mode
    assert win.reading_colours.colours.invert_pdf
    shot, page = _page_pixel(qtbot, viewer, rendered)
    assert _lightness(shot.pixelColor(page.topLeft() + QPoint(6, 6))) < 30
    # The hit is marked: its box is tinted, not black like the paper around the words.
    hit = viewer.hit_rects(1)[0]
    scale = viewer.pages.px_per_point()
    box = QRect(
        page.left() + round(hit.left() * scale),
        page.top() + round(hit.top() * scale),
        round(hit.width() * scale),
        round(hit.height() * scale),
    )
    tinted = [c for c in _pixels(shot, box, 1) if c.red() > 80 and c.blue() < 40]
    assert len(tinted) > box.width() * box.height() // 4


def test_pictures_are_never_inverted_and_only_their_surround_turns_dark(
    qtbot: QtBot, win: MainWindow
) -> None:
    _choose(qtbot, win, Qt.Key.Key_D, "dark")
    _view_menu(qtbot, win, Qt.Key.Key_I)
    vid = win.session.archive.catalogue.volumes()[0].id
    assert win.reading.open(Place(vid, "2001/photo.png"))
    viewer = win.document.stack.currentWidget()
    assert isinstance(viewer, ImageViewer)
    qtbot.wait(30)
    source = viewer.item.pixmap().toImage()
    view = viewer.view
    shot = view.viewport().grab().toImage()
    assert shot.pixelColor(3, 3).name() == DARK.page
    assert viewer.scale == 1.0
    checked = 0
    for x, y in ((20, 20), (80, 60), (140, 100), (40, 100), (120, 25)):
        around = {source.pixelColor(x + dx, y + dy).rgb() for dx in (-2, 0, 2) for dy in (-2, 0, 2)}
        if len(around) != 1:
            continue  # an edge of a shape: smoothing may blend it
        at = view.mapFromScene(QPointF(x + 0.5, y + 0.5))
        drawn, wanted = shot.pixelColor(at), source.pixelColor(x, y)
        assert max(abs(drawn.red() - wanted.red()), abs(drawn.blue() - wanted.blue())) <= 6
        checked += 1
    assert checked >= 2


def test_dark_pages_are_rebuilt_without_the_pages_own_colours() -> None:
    kept = display_html(PAGE).html
    assert 'bgcolor="#ffffff"' in kept and 'color="#000000"' in kept and "color: #111111" in kept
    dropped = display_html(PAGE, colours=False).html
    assert "color" not in dropped.lower()
    assert 'href="other.htm"' in dropped and "A white cell about cables." in dropped


def test_settings_changed_elsewhere_apply_at_once(qtbot: QtBot, win: MainWindow) -> None:
    viewer = win.document.viewer_for(Kind.TXT)
    assert isinstance(viewer, TextViewer)
    changed = copy.deepcopy(win.session.settings)
    changed.reading_colours, changed.invert_pdf_pages = "dark", True
    win.reading_colours.settings_changed(changed)
    assert viewer.editor.palette().color(QPalette.ColorRole.Base).name() == DARK.page
    assert win.session.settings.reading_colours == "dark"
    assert win.reading_colours.colours.invert_pdf
