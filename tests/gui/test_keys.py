"""Every key the README, the menus and F1 advertise, pressed on the shown window as a user would.

The keys are sent as key events to the widget that has the focus (QTest key clicks go through
Qt's shortcut map, as a real key press does); the test then reads what the user would see. Two
actions on one key are "ambiguous" to Qt, which then does nothing but print a warning: the
test run fails on any Qt warning (qt_log_level_fail), so a doubled key fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from reader.gui.search.syntax_help import SYNTAX_HTML
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.text import TextViewer
from reader.gui.window.main_window import MainWindow
from tests.gui.conftest import index_folder, show_window, type_query

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
README = Path(__file__).resolve().parents[2] / "README.md"


def _pdf() -> bytes:
    """Twelve pages; "landing station" on pages 4 and 9, "landing" alone on page 2."""
    lines = {
        2: ["a landing strip"],
        4: ["the cable landing station at Bude"],
        9: ["a second landing station, in Cornwall"],
    }
    doc = pymupdf.open()
    for number in range(1, 13):
        page = doc.new_page()
        for row, line in enumerate(lines.get(number, [f"page {number} filler text"])):
            page.insert_text((72, 100 + 30 * row), line, fontsize=12)
    return bytes(doc.tobytes())


@pytest.fixture
def win(qtbot: QtBot, tmp_path: Path, basedir: Path) -> MainWindow:
    root = tmp_path / "KEYS_1"
    (root / "2001").mkdir(parents=True)
    (root / "2001" / "stations.pdf").write_bytes(_pdf())
    paragraphs = "".join(f"<p>Paragraph {i} about submarine cables.</p>" for i in range(60))
    (root / "2001" / "cables.htm").write_text(
        "<html><head><title>Cable routes</title></head><body>"
        f"{paragraphs}<p>The landing station list.</p>{paragraphs}</body></html>",
        encoding="utf-8",
    )
    (root / "2001" / "log.txt").write_text(
        "".join(f"line {i}: landing log\n" for i in range(200)), encoding="utf-8"
    )
    index_folder(root)
    return show_window(qtbot)


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    """The keyboard focus in `widget`, its window active (as after a click on it)."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def _press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """The key pressed where the focus is, as the keyboard would deliver it."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClick(widget, key, modifier)


def _named(parent: QWidget, name: str) -> QLabel:
    """The label a screen reader would announce by this name."""
    found = [w for w in parent.findChildren(QWidget) if w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return cast(QLabel, found[0])


def _open_first(qtbot: QtBot, win: MainWindow, text: str) -> QWidget:
    """Type the query, press Enter: the first hit opens."""
    type_query(qtbot, win.search_panel, text)
    before = win.reading.current
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.reading.current is not before, timeout=5000)
    viewer = win.document.stack.currentWidget()
    assert viewer is not None
    return viewer


def _focus_document(win: MainWindow) -> None:
    """The keyboard focus in the document shown, as a click on it would put it."""
    viewer = win.document.stack.currentWidget()
    assert viewer is not None
    viewer.setFocus()


def _when_a_dialog_shows(answer: Callable[[QDialog], None]) -> list[str]:
    """Answers the next modal dialog with `answer`; returns the titles of those seen."""
    from PySide6.QtCore import QTimer

    seen: list[str] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QDialog):
            seen.append(widget.windowTitle())
            answer(widget)
        else:
            QTimer.singleShot(30, poll)

    QTimer.singleShot(30, poll)
    return seen


def test_ctrl_l_and_ctrl_k_put_the_cursor_in_the_search_box(qtbot: QtBot, win: MainWindow) -> None:
    _open_first(qtbot, win, "landing station")
    for key in (Qt.Key.Key_L, Qt.Key.Key_K):
        _focus_document(win)
        qtbot.waitUntil(lambda: not win.search_panel.query.hasFocus())
        _press(qtbot, key, CTRL)
        assert win.search_panel.query.hasFocus()
        assert win.search_panel.query.selectedText() == "landing station"  # typing replaces it


def test_enter_opens_the_first_hit_on_the_page_of_the_phrase(qtbot: QtBot, win: MainWindow) -> None:
    viewer = _open_first(qtbot, win, '"landing station" type:pdf')
    assert isinstance(viewer, PdfViewer)
    assert viewer.current_page() == 4


def test_f3_and_shift_f3_step_through_the_phrase_in_a_pdf(qtbot: QtBot, win: MainWindow) -> None:
    viewer = _open_first(qtbot, win, '"landing station"')
    assert isinstance(viewer, PdfViewer)
    viewer.setFocus()
    position = _named(viewer, "Hit position")
    qtbot.waitUntil(lambda: position.text() == "Hit 1 of 2")
    _press(qtbot, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: viewer.current_page() == 9)
    assert position.text() == "Hit 2 of 2"
    _press(qtbot, Qt.Key.Key_F3, SHIFT)
    qtbot.waitUntil(lambda: viewer.current_page() == 4)
    assert position.text() == "Hit 1 of 2"


def test_f3_steps_through_hits_in_a_text_file(qtbot: QtBot, win: MainWindow) -> None:
    viewer = _open_first(qtbot, win, "log type:txt")
    assert isinstance(viewer, TextViewer)
    viewer.editor.setFocus()
    first = viewer.editor.textCursor().position()
    _press(qtbot, Qt.Key.Key_F3)
    assert viewer.editor.textCursor().position() > first
    _press(qtbot, Qt.Key.Key_F3, SHIFT)
    assert viewer.editor.textCursor().position() == first


def test_the_platform_find_next_key_steps_through_hits_too(qtbot: QtBot, win: MainWindow) -> None:
    # StandardKey.FindNext: Ctrl+G besides F3 here (Cmd+G on macOS), not a literal "F3";
    # pressed in the results list, where only the window's Go menu can take it.
    viewer = _open_first(qtbot, win, '"landing station"')
    assert isinstance(viewer, PdfViewer)
    win.search_panel.view.setFocus()
    position = _named(viewer, "Hit position")
    qtbot.waitUntil(lambda: position.text() == "Hit 1 of 2")
    _press(qtbot, Qt.Key.Key_G, CTRL)
    qtbot.waitUntil(lambda: viewer.current_page() == 9)
    assert position.text() == "Hit 2 of 2"
    _press(qtbot, Qt.Key.Key_G, CTRL | SHIFT)
    qtbot.waitUntil(lambda: viewer.current_page() == 4)


def test_ctrl_w_closes_the_document(qtbot: QtBot, win: MainWindow) -> None:
    _open_first(qtbot, win, "log type:txt")
    assert win.document.stack.currentWidget() is not win.document.placeholder
    _press(qtbot, Qt.Key.Key_W, CTRL)
    assert win.document.stack.currentWidget() is win.document.placeholder
    assert win.reading.current is None


def test_ctrl_f_opens_the_find_bar_and_esc_closes_it(qtbot: QtBot, win: MainWindow) -> None:
    viewer = _open_first(qtbot, win, "cables type:html")
    assert isinstance(viewer, HtmlViewer)
    viewer.browser.setFocus()
    _press(qtbot, Qt.Key.Key_F, CTRL)
    assert viewer.find_bar.isVisible() and viewer.find_bar.edit.hasFocus()
    _press(qtbot, Qt.Key.Key_Escape)
    assert not viewer.find_bar.isVisible()


def test_alt_left_and_alt_right_go_back_and_forward(qtbot: QtBot, win: MainWindow) -> None:
    _open_first(qtbot, win, "log type:txt")
    _open_first(qtbot, win, "cables type:html")
    _focus_document(win)
    _press(qtbot, Qt.Key.Key_Left, ALT)
    assert win.reading.place is not None and win.reading.place.path == "2001/log.txt"
    _press(qtbot, Qt.Key.Key_Right, ALT)
    assert win.reading.place.path == "2001/cables.htm"


def test_ctrl_d_bookmarks_the_open_document(qtbot: QtBot, win: MainWindow) -> None:
    _open_first(qtbot, win, "cables type:html")
    _focus_document(win)
    _press(qtbot, Qt.Key.Key_D, CTRL)
    assert [b.path for b in win.session.library.bookmarks()] == ["2001/cables.htm"]


def test_ctrl_shift_c_copies_a_citation(qtbot: QtBot, win: MainWindow) -> None:
    _open_first(qtbot, win, "cables type:html")
    _focus_document(win)
    _press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    text = QApplication.clipboard().text()
    assert text.startswith("“Cable routes”") and "2001/cables.htm" in text
    assert "default" not in text  # the archive's internal name means nothing to a reader


def test_ctrl_1_2_3_show_the_search_browse_and_library_panels(
    qtbot: QtBot, win: MainWindow
) -> None:
    win.search_panel.query.setFocus()
    for key, panel in (
        (Qt.Key.Key_2, win.browse),
        (Qt.Key.Key_3, win.library_panel),
        (Qt.Key.Key_1, win.search_panel),
    ):
        _press(qtbot, key, CTRL)
        assert win.side.currentWidget() is panel


def test_f1_shows_the_search_syntax(qtbot: QtBot, win: MainWindow) -> None:
    win.search_panel.query.setFocus()
    seen = _when_a_dialog_shows(lambda d: d.reject())
    _press(qtbot, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["Search syntax"]


def test_ctrl_o_and_ctrl_shift_o_ask_for_a_disc_and_an_iso(qtbot: QtBot, win: MainWindow) -> None:
    titles: list[str] = []
    for modifier in (CTRL, CTRL | SHIFT):
        _focus(qtbot, win.search_panel.query)
        seen = _when_a_dialog_shows(lambda d: d.reject())
        _press(qtbot, Qt.Key.Key_O, modifier)
        qtbot.waitUntil(lambda seen=seen: bool(seen))  # type: ignore[misc]
        titles += seen
    assert len(titles) == 2 and "folder" in titles[0].lower() and "iso" in titles[1].lower()


def test_pdf_keys_zoom_and_show_the_thumbnails(qtbot: QtBot, win: MainWindow) -> None:
    viewer = _open_first(qtbot, win, '"landing station"')
    assert isinstance(viewer, PdfViewer)
    viewer.setFocus()
    zoom = _named(viewer, "Zoom")
    fit_width = zoom.text()  # a PDF opens fitted to the width of the view
    _press(qtbot, Qt.Key.Key_Equal, CTRL)
    assert zoom.text() != fit_width
    _press(qtbot, Qt.Key.Key_Minus, CTRL)
    _press(qtbot, Qt.Key.Key_Minus, CTRL)
    assert int(zoom.text().rstrip(" %")) < int(fit_width.rstrip(" %"))
    _press(qtbot, Qt.Key.Key_0, CTRL)
    assert zoom.text() == fit_width
    _press(qtbot, Qt.Key.Key_F4)
    assert _named(viewer, "PDF sidebar").isVisible()
    _press(qtbot, Qt.Key.Key_F4)
    assert not _named(viewer, "PDF sidebar").isVisible()


def test_every_key_the_readme_and_f1_name_is_a_key_of_the_window(win: MainWindow) -> None:
    """The README's and the help's lists of keys and the window's keys agree (a key
    renamed in one place is seen here). Keys a widget takes itself (Enter, arrows, Esc in
    the find bar) are pressed in the other tests."""
    key = r"\b(?:(?:Ctrl\+Shift|Ctrl|Alt|Shift)\+(?:[A-Z0-9]|F\d+|Left|Right)|F\d+)\b"
    named = set(re.findall(key, README.read_text() + SYNTAX_HTML))
    bound = {
        seq.toString()
        for action in win.findChildren(type(win.menuBar().actions()[0]))
        for seq in action.shortcuts()
    }
    assert len(named) >= 15  # they do list them
    assert named <= bound


def test_quit_key_closes_the_window(qtbot: QtBot, win: MainWindow) -> None:
    _focus(qtbot, win.search_panel.query)
    _press(qtbot, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not win.isVisible())


def _folder_ctrl_o_starts_in(qtbot: QtBot) -> str:
    """Press Ctrl+O where the focus is; the folder the dialog shows (then closed)."""
    folders: list[str] = []

    def note_folder(dialog: QDialog) -> None:
        if isinstance(dialog, QFileDialog):
            folders.append(dialog.directory().absolutePath())
        dialog.reject()

    _when_a_dialog_shows(note_folder)
    _press(qtbot, Qt.Key.Key_O, CTRL)
    qtbot.waitUntil(lambda: bool(folders))
    return folders[0]


def test_a_file_dialog_opens_where_the_last_disc_was(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    disc = tmp_path / "KEYS_1"
    win.archives.open_paths([str(disc)])
    qtbot.waitUntil(lambda: not win.indexing.busy, timeout=20000)
    _focus(qtbot, win.search_panel.query)
    folders = [_folder_ctrl_o_starts_in(qtbot)]
    assert folders == [str(tmp_path)]  # the parent of KEYS_1, the disc opened last


def test_with_no_disc_opened_yet_the_dialog_starts_at_the_removable_media(
    qtbot: QtBot, basedir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It started in the folder the app was started from (its source folder, often)."""
    monkeypatch.chdir(Path(__file__).parent)
    win = show_window(qtbot)
    _focus(qtbot, win.welcome.open_folder_button)  # no archive yet: the welcome view
    folders = [_folder_ctrl_o_starts_in(qtbot)]
    media = [p for p in ("/media", "/run/media", "/Volumes") if Path(p).is_dir()]
    assert folders[0] != str(Path.cwd())
    assert any(folders[0].startswith(m) for m in media) or folders[0] == str(Path.home())
