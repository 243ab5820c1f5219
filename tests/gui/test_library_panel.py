"""The Library panel in the real window: Ctrl+D, notes that save themselves, history, tags."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from reader.gui.library.panel import ABSENT, SAVE_DELAY_MS, DocRole
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.window.main_window import MainWindow, Place
from reader.library.store import Library, library_path
from tests.archive_factory import Manifest


def _vid(win: MainWindow) -> str:
    return win.session.archive.catalogue.volumes()[0].id


def _items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    out: list[QTreeWidgetItem] = []
    root = tree.invisibleRootItem()
    for i in range(root.childCount()):
        top = root.child(i)
        assert top is not None
        out.append(top)
        out.extend(c for j in range(top.childCount()) if (c := top.child(j)) is not None)
    return out


def _docs_in(tree: QTreeWidget) -> list[tuple[str, str, int | str | None]]:
    return [d for item in _items(tree) if (d := item.data(0, DocRole)) is not None]


def _show_library(win: MainWindow) -> None:
    win.side.setCurrentWidget(win.library_panel)


def test_ctrl_d_bookmarks_the_open_document_and_it_is_listed(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    vid = _vid(window)
    page = next(t for t in indexed.documents() if t.kind == "html")
    assert window.reading.open(Place(vid, page.path))
    assert window.star.text() == "☆"
    qtbot.keyClick(window.document, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.star.text() == "★"
    _show_library(window)
    panel = window.library_panel
    panel.tabs.setCurrentWidget(panel.bookmarks)
    assert _docs_in(panel.bookmarks.tree) == [(vid, page.path, None)]
    # Ctrl+D again takes it away.
    qtbot.keyClick(window.document, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.star.text() == "☆"
    assert _docs_in(panel.bookmarks.tree) == []


def test_ctrl_d_on_a_pdf_bookmarks_the_page_shown(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    vid = _vid(window)
    pdf = next(t for t in indexed.documents() if t.kind == "pdf" and (t.pages or 1) >= 2)
    assert window.reading.open(Place(vid, pdf.path, page=2))
    viewer = window.document.stack.currentWidget()
    assert isinstance(viewer, PdfViewer)
    qtbot.waitUntil(lambda: viewer.current_page() == 2, timeout=5000)
    qtbot.keyClick(window.document, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    [bookmark] = window.session.library.bookmarks()
    assert (bookmark.path, bookmark.page) == (pdf.path, 2)
    assert bookmark.title  # the title as shown, kept for when the disc is away


def test_typed_note_is_saved_after_the_pause(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    vid = _vid(window)
    doc = next(t for t in indexed.documents() if t.kind == "txt")
    assert window.reading.open(Place(vid, doc.path))
    _show_library(window)
    editor = window.library_panel.editor
    qtbot.keyClicks(editor, "Compare with the cable map")
    qtbot.wait(SAVE_DELAY_MS + 200)

    def saved() -> list[str]:
        with Library(library_path()) as other:  # a second connection, as after a restart
            return [n.text for n in other.notes(vid, doc.path)]

    qtbot.waitUntil(lambda: saved() == ["Compare with the cable map"], timeout=3000)
    qtbot.keyClicks(editor, ", second edition")
    qtbot.waitUntil(lambda: saved() == ["Compare with the cable map, second edition"], timeout=3000)
    # The note's words find the document in the search box.
    window.search_panel.query.setText("cable map")
    qtbot.waitUntil(
        lambda: (
            window.search_panel.last_result is not None
            and any(h.path == doc.path for h in window.search_panel.last_result.hits)
        ),
        timeout=10000,
    )


def test_double_click_in_history_opens_the_document_again(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    vid = _vid(window)
    first, second = [t for t in indexed.documents() if t.kind == "html"][:2]
    assert window.reading.open(Place(vid, first.path))
    assert window.reading.open(Place(vid, second.path))
    _show_library(window)
    panel = window.library_panel
    panel.tabs.setCurrentWidget(panel.history)
    tree = panel.history.tree
    assert [d[1] for d in _docs_in(tree)] == [second.path, first.path]
    item = next(i for i in _items(tree) if i.data(0, DocRole)[1] == first.path)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reading.place is not None and window.reading.place.path == first.path


def test_tag_typed_for_the_document_is_shown_and_searchable(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    vid = _vid(window)
    doc = next(t for t in indexed.documents() if t.kind == "html")
    assert window.reading.open(Place(vid, doc.path))
    _show_library(window)
    panel = window.library_panel
    qtbot.keyClicks(panel.tag_edit, "  Cable Landing ")
    qtbot.keyClick(panel.tag_edit, Qt.Key.Key_Return)
    chips = [panel.chips.item(i).text() for i in range(panel.chips.count())]
    assert chips == ["Cable Landing  ✕"]
    window.search_panel.query.setText('tag:"cable landing"')
    qtbot.waitUntil(
        lambda: (
            window.search_panel.last_result is not None
            and [h.path for h in window.search_panel.last_result.hits] == [doc.path]
        ),
        timeout=10000,
    )


def test_documents_of_an_absent_disc_still_show_greyed(qtbot: QtBot, window: MainWindow) -> None:
    window.session.library.add_bookmark(
        "gone-disc", "1999/old.htm", title="An old page", disc="OLD_1"
    )
    window.session.library.add_note("gone-disc", "1999/old.htm", "still here")
    _show_library(window)
    panel = window.library_panel
    panel.refresh()
    for tree in (panel.bookmarks.tree, panel.notes.tree):
        [item] = _items(tree)
        assert ABSENT in " ".join(item.text(c) for c in range(3)) + item.toolTip(0)
        assert item.foreground(0).color() != tree.palette().color(tree.foregroundRole())
    [item] = _items(panel.bookmarks.tree)
    assert item.text(0) == "An old page" and "OLD_1" in item.text(1)


def test_a_page_opened_at_an_anchor_is_bookmarked_and_reopened_there(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    vid = _vid(window)
    page = next(t for t in indexed.documents() if t.kind == "html")
    assert window.reading.open(Place(vid, page.path, fragment="notes"))
    qtbot.keyClick(window.document, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    _show_library(window)
    panel = window.library_panel
    assert _docs_in(panel.bookmarks.tree) == [(vid, page.path, "notes")]
    window.reading.open(Place(vid, next(t for t in indexed.documents() if t.kind == "txt").path))
    [item] = [i for i in _items(panel.bookmarks.tree) if i.data(0, DocRole) is not None]
    panel.bookmarks.tree.itemActivated.emit(item, 0)
    assert window.reading.place == Place(vid, page.path, fragment="notes")


def test_a_bookmarked_title_gets_the_room_the_other_columns_leave(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    """Titles were cut at 38% of the list ("Lawful ac…") beside empty room."""
    vid = _vid(window)
    page = max(
        (t for t in indexed.documents() if t.kind == "html" and t.title),
        key=lambda t: len(t.title or ""),
    )
    assert window.reading.open(Place(vid, page.path))
    qtbot.keyClick(window.document, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    _show_library(window)
    panel = window.library_panel
    panel.tabs.setCurrentWidget(panel.bookmarks)
    tree = panel.bookmarks.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1)
    item = tree.topLevelItem(0)
    assert item is not None
    widths = [tree.columnWidth(c) for c in range(tree.columnCount())]
    # The other columns are as wide as their texts, the title column takes the rest...
    for c in range(1, tree.columnCount()):
        assert widths[c] >= tree.fontMetrics().horizontalAdvance(item.text(c))
    assert sum(widths) >= tree.viewport().width() - 2
    # ...and the whole title shows on hover when it is still too long.
    assert item.toolTip(0).startswith(item.text(0))
