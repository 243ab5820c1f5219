"""Where an opened document lands, and Find in the document, read off the shown window.

A hit opens a third down the view with lines above it, in the body text the results list
quoted (not in a menu at the top of the page); Find finds as the user types and says
"3 of 17" or "Not found"; Enter and Shift+Enter step; Esc closes.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.text import TextViewer
from reader.gui.window.main_window import MainWindow
from tests.gui.conftest import hit_at, index_folder, show_window, type_query

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier

# A site's menu, on every page: each link names a topic, "cables" among them.
MENU = "".join(
    f'<li><a href="{w}.htm">{w.title()}</a></li>'
    for w in ("news", "cables", "satellites", "cables", "archive", "about")
)


@pytest.fixture
def win(qtbot: QtBot, tmp_path: Path, basedir: Path) -> MainWindow:
    root = tmp_path / "LAND_1"
    folder = root / "2004"
    folder.mkdir(parents=True)
    filler = "".join(f"<p>Paragraph {i} of routine notes on the harbour.</p>" for i in range(80))
    (folder / "landing.htm").write_text(
        f"<html><head><title>Harbour notes</title></head><body><ul>{MENU}</ul>{filler}"
        "<p>The inspectors counted seven submarine cables at the north pier.</p>"
        f"{filler}</body></html>",
        encoding="utf-8",
    )
    for name in ("news", "satellites", "archive", "about"):  # more pages with the same menu
        (folder / f"{name}.htm").write_text(
            f"<html><head><title>{name}</title></head><body><ul>{MENU}</ul>"
            f"<p>The {name} page.</p></body></html>",
            encoding="utf-8",
        )
    (folder / "log.txt").write_text(
        "".join(
            f"line {i}: the duty officer wrote a long entry about the weather\n"
            if i != 1500
            else "line 1500: a tanker anchored off the breakwater at dawn\n"
            for i in range(3000)
        ),
        encoding="utf-8",
    )
    doc = pymupdf.open()
    for number in range(1, 31):
        page = doc.new_page()
        text = "the breakwater lamp" if number in (4, 11, 12, 27) else f"page {number}"
        page.insert_text((72, 100), text, fontsize=12)
        if number == 12:
            page.insert_text((72, 140), "a second breakwater mention", fontsize=12)
    doc.set_metadata(
        {"title": "Breakwater survey of the north harbour, with the lamp records of 1998-2004"}
    )
    (folder / "survey.pdf").write_bytes(doc.tobytes())
    index_folder(root)
    return show_window(qtbot)


def _open(qtbot: QtBot, win: MainWindow, text: str) -> QWidget:
    """Search, wait for the first row's snippet as the user would see it, press Enter."""
    type_query(qtbot, win.search_panel, text)
    qtbot.waitUntil(lambda: hit_at(win.search_panel).snippet is not None, timeout=5000)
    before = win.reading.current
    qtbot.keyClick(win.search_panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.reading.current is not before, timeout=5000)
    viewer = win.document.stack.currentWidget()
    assert viewer is not None
    return viewer


def _cursor_line_fraction(editor: QTextEdit | QPlainTextEdit) -> float:
    """How far down the view the text cursor's line is (0 top, 1 bottom)."""
    return editor.cursorRect().top() / editor.viewport().height()


def _line_at_cursor(editor: QTextEdit | QPlainTextEdit) -> str:
    cursor = editor.textCursor()
    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
    return cursor.selectedText().strip()


def _find_result(viewer: QWidget) -> str:
    found = [w for w in viewer.findChildren(QLabel) if w.accessibleName() == "Find result"]
    assert len(found) == 1
    return found[0].text()


def test_an_html_hit_opens_in_the_body_text_the_snippet_quoted(
    qtbot: QtBot, win: MainWindow
) -> None:
    viewer = _open(qtbot, win, "cables")
    assert isinstance(viewer, HtmlViewer)
    snippet = hit_at(win.search_panel).snippet
    assert snippet is not None and "north pier" in snippet.text  # the body, not the menu
    qtbot.wait(50)  # the layout settles, as on screen
    assert "north pier" in _line_at_cursor(viewer.browser)
    assert 0.15 <= _cursor_line_fraction(viewer.browser) <= 0.5  # context above it


def test_a_text_hit_opens_a_third_down_the_view(qtbot: QtBot, win: MainWindow) -> None:
    viewer = _open(qtbot, win, "tanker")
    assert isinstance(viewer, TextViewer)
    qtbot.wait(50)
    assert "tanker" in _line_at_cursor(viewer.editor)
    assert 0.2 <= _cursor_line_fraction(viewer.editor) <= 0.45


def test_find_in_a_text_file_counts_as_the_user_types(qtbot: QtBot, win: MainWindow) -> None:
    viewer = _open(qtbot, win, "tanker")
    assert isinstance(viewer, TextViewer)
    viewer.editor.setFocus()
    qtbot.keyClick(viewer.editor, Qt.Key.Key_Home, CTRL)  # from the top
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, CTRL)
    assert viewer.find_bar.edit.hasFocus()
    qtbot.keyClicks(viewer.find_bar.edit, "breakwat")  # no Enter: it finds as it is typed
    qtbot.waitUntil(lambda: _find_result(viewer) == "1 of 1")
    assert viewer.editor.textCursor().selectedText() == "breakwat"
    assert "line 1500" in _line_at_cursor(viewer.editor)
    viewer.find_bar.edit.selectAll()
    qtbot.keyClicks(viewer.find_bar.edit, "duty officer")
    qtbot.waitUntil(lambda: _find_result(viewer).endswith(" of 2999"))
    first = viewer.editor.textCursor().selectionStart()
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return)
    assert viewer.editor.textCursor().selectionStart() > first
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return, SHIFT)
    assert viewer.editor.textCursor().selectionStart() == first
    qtbot.keyClicks(viewer.find_bar.edit, " zebra")
    qtbot.waitUntil(lambda: _find_result(viewer) == "Not found")
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Escape)
    assert not viewer.find_bar.isVisible() and viewer.editor.hasFocus()


def test_find_grows_the_match_it_shows_as_letters_are_added(qtbot: QtBot, win: MainWindow) -> None:
    viewer = _open(qtbot, win, "cables")
    assert isinstance(viewer, HtmlViewer)
    viewer.browser.setFocus()
    qtbot.keyClick(viewer.browser, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(viewer.find_bar.edit, "pier")
    qtbot.waitUntil(lambda: _find_result(viewer) == "1 of 1")
    start = viewer.browser.textCursor().selectionStart()
    qtbot.keyClicks(viewer.find_bar.edit, ".")
    qtbot.waitUntil(lambda: viewer.browser.textCursor().selectedText() == "pier.")
    assert viewer.browser.textCursor().selectionStart() == start  # the same match, grown
    assert _find_result(viewer) == "1 of 1"


def test_f3_repeats_the_find_while_the_bar_is_open(qtbot: QtBot, win: MainWindow) -> None:
    viewer = _open(qtbot, win, "tanker")
    assert isinstance(viewer, TextViewer)
    qtbot.keyClick(viewer.editor, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(viewer.find_bar.edit, "weather")
    qtbot.waitUntil(lambda: " of " in _find_result(viewer))
    shown = _find_result(viewer)
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_F3)
    assert _find_result(viewer) != shown  # the next match, not the next search hit


def test_find_in_a_pdf_steps_across_pages_and_counts_every_match(
    qtbot: QtBot, win: MainWindow
) -> None:
    viewer = _open(qtbot, win, "page type:pdf")
    assert isinstance(viewer, PdfViewer)
    viewer.go_to_page(1)
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(viewer.find_bar.edit, "BREAKWATER")  # case does not matter
    qtbot.waitUntil(lambda: _find_result(viewer) == "1 of 5")
    assert viewer.current_page() == 4
    pages = []
    for _ in range(4):
        qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return)
        pages.append(viewer.current_page())
    assert pages == [11, 12, 12, 27]
    assert _find_result(viewer) == "5 of 5"
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return)  # wraps to the first
    assert viewer.current_page() == 4 and _find_result(viewer) == "1 of 5"
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return, SHIFT)  # and back to the last
    assert viewer.current_page() == 27 and _find_result(viewer) == "5 of 5"
    viewer.find_bar.edit.selectAll()
    qtbot.keyClicks(viewer.find_bar.edit, "lighthouse")
    qtbot.waitUntil(lambda: _find_result(viewer) == "Not found")


def test_the_type_box_says_what_type_the_query_asks_for(qtbot: QtBot, win: MainWindow) -> None:
    panel = win.search_panel
    type_query(qtbot, win.search_panel, "breakwater type:pdf")
    assert panel.type_box.currentText().startswith("PDF")
    assert {h.kind for h in panel.model.hits()} == {"pdf"}
    type_query(qtbot, win.search_panel, "breakwater")
    assert panel.type_box.currentText() == "All types"
    # Choosing a type in the box writes it in the query, where it can be seen and edited.
    panel.type_box.setFocus()
    for _ in range(panel.type_box.findData("txt")):  # All types, PDF, HTML, Text
        qtbot.keyClick(panel.type_box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: panel.last_result is not None and "type:txt" in panel.last_result.query)
    assert panel.query.text() == "breakwater type:txt"
    assert {h.kind for h in panel.model.hits()} == {"txt"}


def test_at_800_by_600_the_pdf_toolbar_keeps_its_hit_count_and_arrows(
    qtbot: QtBot, win: MainWindow
) -> None:
    viewer = _open(qtbot, win, "breakwater type:pdf")
    assert isinstance(viewer, PdfViewer)
    win.resize(800, 600)
    qtbot.waitUntil(lambda: win.width() == 800)  # a long title does not hold it wider
    qtbot.wait(50)
    for name in ("Hit position", "Previous hit", "Next hit"):
        shown = [
            w
            for w in viewer.findChildren(QWidget)
            if w.accessibleName() == name or w.toolTip().startswith(name)
        ]
        assert any(w.isVisible() for w in shown), f"{name} is hidden in the toolbar's overflow"
    title = win.document.title
    assert title.text().count("…") >= 1 and title.toolTip().startswith("Breakwater survey")
