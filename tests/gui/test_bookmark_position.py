"""Ctrl+D halfway down a long page or text file, and the bookmark reopens at that place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from reader.gui.library.panel import DocRole
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.text import TextViewer
from reader.gui.window.main_window import MainWindow, Place
from reader.indexing.pipeline import index_volumes
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from tests.gui.conftest import show_window

PARAGRAPHS = 400
MARKER = re.compile(r"\[(?:P|L)\d{4}\]")


@pytest.fixture
def long_docs(tmp_path: Path, basedir: Path) -> Path:
    """A disc with a long HTML page, a long text file and a short page, indexed."""
    root = tmp_path / "LONGREAD_1"
    root.mkdir()
    paragraphs = "".join(
        f"<p>[P{i:04d}] Paragraph {i} of the long report on cable landing stations.</p>\n"
        for i in range(PARAGRAPHS)
    )
    (root / "long.htm").write_text(
        f"<html><head><title>A long report</title></head><body><h1>A long report</h1>\n"
        f"{paragraphs}</body></html>",
        encoding="utf-8",
    )
    (root / "long.txt").write_text(
        "".join(f"[L{i:04d}] Line {i} of the intercept log, plain text.\n" for i in range(3000)),
        encoding="utf-8",
    )
    (root / "short.htm").write_text(
        "<html><head><title>Short</title></head><body><p>Nothing much.</p></body></html>",
        encoding="utf-8",
    )
    with Archive.named("default") as archive, open_volume(root) as volume:
        index_volumes(archive, [volume], Settings(workers=2))
    return root


@pytest.fixture
def win(qtbot: QtBot, long_docs: Path) -> MainWindow:
    return show_window(qtbot)


def _top_marker(widget: QTextEdit | QPlainTextEdit) -> str:
    """The marker of the topmost paragraph (line) the reader sees, at least half of it."""
    text = widget.toPlainText()
    cursor = QTextCursor(widget.document())
    for match in MARKER.finditer(text):
        cursor.setPosition(match.start())
        if widget.cursorRect(cursor).center().y() >= 0:
            return match.group()
    return ""


def _marker_top(widget: QTextEdit | QPlainTextEdit, marker: str) -> int:
    """Where the marker's line is in the view, in pixels from its top."""
    cursor = QTextCursor(widget.document())
    cursor.setPosition(widget.toPlainText().index(marker))
    return widget.cursorRect(cursor).top()


def _ctrl_d(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.document, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)


def _reopen_from_library(qtbot: QtBot, window: MainWindow, path: str) -> None:
    """Double-click the document's bookmark in the Library tab, as a user would."""
    window.side.setCurrentWidget(window.library_panel)
    panel = window.library_panel
    panel.tabs.setCurrentWidget(panel.bookmarks)
    tree = panel.bookmarks.tree
    root = tree.invisibleRootItem()
    items: list[QTreeWidgetItem] = [it for i in range(root.childCount()) if (it := root.child(i))]
    [item] = [it for it in items if it.data(0, DocRole)[1] == path]
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _scroll_halfway(qtbot: QtBot, widget: QTextEdit | QPlainTextEdit) -> str:
    bar = widget.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > widget.viewport().height(), timeout=5000)
    qtbot.wait(50)  # the layout of the whole page settles
    bar.setValue(bar.maximum() // 2 + 7)  # not on a line's edge: a line shows only in part
    marker = _top_marker(widget)
    assert marker and marker not in ("[P0000]", "[L0000]")
    return marker


def test_bookmark_of_a_long_page_reopens_at_the_paragraph_shown(
    qtbot: QtBot, win: MainWindow
) -> None:
    vid = win.session.archive.catalogue.volumes()[0].id
    assert win.reading.open(Place(vid, "long.htm"))
    viewer = win.document.stack.currentWidget()
    assert isinstance(viewer, HtmlViewer)
    browser = viewer.browser
    marker = _scroll_halfway(qtbot, browser)
    _ctrl_d(qtbot, win)
    assert win.star.text() == "★"
    [bookmark] = win.session.library.bookmarks()
    assert bookmark.path == "long.htm" and bookmark.offset > 0
    assert "Bookmarked this place" in win.statusBar().currentMessage()

    # Elsewhere, in a narrower window: a character offset does not care.
    assert win.reading.open(Place(vid, "short.htm"))
    assert "Nothing much" in browser.toPlainText()
    win.resize(1000, 700)
    _reopen_from_library(qtbot, win, "long.htm")
    assert win.reading.place is not None and win.reading.place.path == "long.htm"
    qtbot.waitUntil(lambda: _top_marker(browser) == marker, timeout=5000)
    qtbot.wait(50)  # and it stays there once the event loop has run
    assert _top_marker(browser) == marker
    assert 0 <= _marker_top(browser, marker) < 10  # at the very top, not just on screen

    # Ctrl+D at the bookmarked place takes the bookmark away (the star, as before).
    _ctrl_d(qtbot, win)
    assert win.star.text() == "☆" and win.session.library.bookmarks() == []


def _text_widget(window: MainWindow) -> QTextEdit | QPlainTextEdit:
    viewer = window.document.stack.currentWidget()
    assert isinstance(viewer, HtmlViewer | TextViewer)
    return viewer.browser if isinstance(viewer, HtmlViewer) else viewer.editor


@pytest.mark.parametrize("path", ["long.htm", "long.txt"])
def test_ctrl_d_further_down_moves_the_bookmark(qtbot: QtBot, win: MainWindow, path: str) -> None:
    vid = win.session.archive.catalogue.volumes()[0].id
    assert win.reading.open(Place(vid, path))
    widget = _text_widget(win)
    _scroll_halfway(qtbot, widget)
    _ctrl_d(qtbot, win)
    [first] = win.session.library.bookmarks()
    # Three screens further: Ctrl+D moves the bookmark there.
    bar = widget.verticalScrollBar()
    bar.setValue(bar.value() + 3 * bar.pageStep())
    further = _top_marker(widget)
    _ctrl_d(qtbot, win)
    assert win.star.text() == "★"
    assert win.statusBar().currentMessage() == "Bookmark moved here"
    [moved] = win.session.library.bookmarks()
    assert moved.id == first.id and moved.offset > first.offset
    assert win.reading.open(Place(vid, "short.htm"))
    _reopen_from_library(qtbot, win, path)
    qtbot.waitUntil(lambda: _top_marker(widget) == further, timeout=5000)
    # Scrolled back up by a screen, the bookmark is out of sight: Ctrl+D moves it back.
    bar.setValue(bar.value() - bar.pageStep())
    _ctrl_d(qtbot, win)
    [again] = win.session.library.bookmarks()
    assert again.offset < moved.offset
    assert win.statusBar().currentMessage() == "Bookmark moved here"
    # A nudge (a line) does not leave the place: Ctrl+D there takes the bookmark away.
    bar.setValue(bar.value() + bar.singleStep())
    _ctrl_d(qtbot, win)
    assert win.statusBar().currentMessage() == "Bookmark removed"
    assert win.session.library.bookmarks() == [] and win.star.text() == "☆"


def test_bookmark_of_a_long_text_file_reopens_at_the_line_shown(
    qtbot: QtBot, win: MainWindow
) -> None:
    vid = win.session.archive.catalogue.volumes()[0].id
    assert win.reading.open(Place(vid, "long.txt"))
    viewer = win.document.stack.currentWidget()
    assert isinstance(viewer, TextViewer)
    editor = viewer.editor
    marker = _scroll_halfway(qtbot, editor)
    _ctrl_d(qtbot, win)
    [bookmark] = win.session.library.bookmarks()
    assert bookmark.path == "long.txt" and bookmark.offset > 0
    assert win.reading.open(Place(vid, "short.htm"))
    win.resize(1000, 700)
    _reopen_from_library(qtbot, win, "long.txt")
    assert win.document.stack.currentWidget() is viewer
    qtbot.waitUntil(lambda: _top_marker(editor) == marker, timeout=5000)
    qtbot.wait(50)
    assert _top_marker(editor) == marker
    assert 0 <= _marker_top(editor, marker) < 10
