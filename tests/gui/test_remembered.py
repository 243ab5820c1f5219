"""What the window remembers from one start to the next (side tab, sort order, zooms, the last
document at its place) and File → Open Recent; each window closed and a new one opened on
the same settings folder, as a user quits and starts again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from reader import settings as settings_mod
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.image import ImageViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.text import TextViewer
from reader.gui.window.main_window import MainWindow
from tests.archive_factory import html_bytes, pdf_bytes
from tests.gui.clicks import (
    answer_next_message_box,
    click_entry,
    entries,
    open_menu,
    open_submenu,
)
from tests.gui.conftest import index_folder, type_query

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def disc(tmp_path: Path, basedir: Path) -> Path:
    root = tmp_path / "KEPT_1"
    (root / "2001").mkdir(parents=True)
    (root / "2001" / "stations.pdf").write_bytes(
        pdf_bytes([f"page {n} of the walrusine report" for n in range(1, 9)])
    )
    paragraphs = [f"Paragraph {n} on the gannetry cables." for n in range(300)]
    (root / "2001" / "cables.htm").write_bytes(html_bytes("Cable routes", paragraphs))
    (root / "2001" / "log.txt").write_text(
        "".join(f"line {n}: the ibexian log\n" for n in range(2000)), encoding="utf-8"
    )
    Image.new("RGB", (900, 700), "teal").save(root / "2001" / "quokkaland-map.png")
    index_folder(root)
    return root


def _start(qtbot: QtBot) -> MainWindow:
    """A window as the app starts one: on the settings as saved."""
    win = MainWindow(settings_mod.load())
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    win.start_up()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


def _press(
    qtbot: QtBot, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = CTRL
) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def _zoom_label(pdf: PdfViewer) -> QLabel:
    [label] = [w for w in pdf.findChildren(QLabel) if w.accessibleName() == "Zoom"]
    return label


def _open(qtbot: QtBot, win: MainWindow, query: str) -> QWidget:
    type_query(qtbot, win.search_panel, query)
    before = win.reading.current
    QTest.keyClick(win.search_panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.reading.current is not before, timeout=5000)
    viewer = win.document.stack.currentWidget()
    assert viewer is not None
    return viewer


def test_a_new_start_shows_the_tab_sort_zooms_and_document_at_its_place(
    qtbot: QtBot, disc: Path
) -> None:
    first = _start(qtbot)
    html = _open(qtbot, first, "gannetry")
    assert isinstance(html, HtmlViewer)
    _press(qtbot, html, Qt.Key.Key_Equal)  # one size larger
    html_size = html.browser.document().defaultFont().pointSizeF()
    text = _open(qtbot, first, "ibexian")
    assert isinstance(text, TextViewer)
    for _ in range(2):
        _press(qtbot, text.editor, Qt.Key.Key_Equal)
    text_size = text.editor.font().pointSizeF()
    pdf = _open(qtbot, first, "walrusine")
    assert isinstance(pdf, PdfViewer)
    for _ in range(2):
        _press(qtbot, pdf, Qt.Key.Key_Equal)
    zoom_text = _zoom_label(pdf).text()
    assert zoom_text != "100 %"
    page_box = next(w for w in pdf.findChildren(QSpinBox) if w.accessibleName() == "Page number")
    page_box.setFocus()
    page_box.selectAll()
    qtbot.keyClicks(page_box, "5")
    qtbot.keyClick(page_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pdf.current_page() == 5)
    sort_box = first.search_panel.sort_box
    for _ in range(2):  # Best match, Newest first, Oldest first
        _press(qtbot, sort_box, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    assert sort_box.currentText() == "Oldest first"
    _press(qtbot, first.search_panel.query, Qt.Key.Key_2)  # the Browse panel
    assert first.side.currentWidget() is first.browse
    first.close()

    second = _start(qtbot)
    assert second.side.currentWidget() is second.browse
    assert second.search_panel.sort_box.currentText() == "Oldest first"
    qtbot.waitUntil(lambda: second.reading.current is not None, timeout=5000)
    pdf2 = second.document.stack.currentWidget()
    assert isinstance(pdf2, PdfViewer)
    assert second.document.title.toolTip().endswith("KEPT_1/2001/stations.pdf")
    qtbot.waitUntil(lambda: pdf2.current_page() == 5)
    assert _zoom_label(pdf2).text() == zoom_text
    assert second.browse.folder_model.rowCount() == 1  # the Browse tab shows the disc
    html_again = _open(qtbot, second, "gannetry")
    assert isinstance(html_again, HtmlViewer)
    assert html_again.browser.document().defaultFont().pointSizeF() == html_size
    text_again = _open(qtbot, second, "ibexian")
    assert isinstance(text_again, TextViewer)
    assert text_again.editor.font().pointSizeF() == text_size


def test_a_picture_opens_at_the_zoom_it_was_left_at(qtbot: QtBot, disc: Path) -> None:
    first = _start(qtbot)
    picture = _open(qtbot, first, "quokkaland")
    assert isinstance(picture, ImageViewer)
    fitted_at_first = picture.fit
    for _ in range(2):
        _press(qtbot, picture.view, Qt.Key.Key_Equal)
    zoomed = picture.zoom_label.text()
    assert fitted_at_first and not picture.fit
    first.close()

    second = _start(qtbot)  # the picture was the last document: it is shown again, as left
    qtbot.waitUntil(lambda: second.reading.current is not None, timeout=5000)
    shown = second.document.stack.currentWidget()
    assert isinstance(shown, ImageViewer)
    assert not shown.fit and shown.zoom_label.text() == zoomed
    _press(qtbot, shown.view, Qt.Key.Key_0)  # fitted again: the next start fits it too
    second.close()
    third = _start(qtbot)
    qtbot.waitUntil(lambda: third.reading.current is not None, timeout=5000)
    again = third.document.stack.currentWidget()
    assert isinstance(again, ImageViewer) and again.fit


def test_a_text_document_reopens_where_it_was_read(qtbot: QtBot, disc: Path) -> None:
    first = _start(qtbot)
    text = _open(qtbot, first, "ibexian")
    assert isinstance(text, TextViewer)
    for _ in range(6):
        _press(qtbot, text.editor, Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier)
    place = text.text_position()
    line = text.editor.document().findBlock(place).text()
    assert place > 1000
    first.close()

    second = _start(qtbot)
    qtbot.waitUntil(lambda: second.reading.current is not None, timeout=5000)
    shown = second.document.stack.currentWidget()
    assert isinstance(shown, TextViewer)
    qtbot.waitUntil(lambda: shown.editor.document().findBlock(shown.text_position()).text() == line)


def test_the_last_document_is_skipped_quietly_when_its_disc_is_gone(
    qtbot: QtBot, disc: Path
) -> None:
    first = _start(qtbot)
    _open(qtbot, first, "ibexian")
    first.close()
    shutil.move(disc, disc.with_name("elsewhere"))

    second = _start(qtbot)
    QTest.qWait(300)  # the start's deferred reopening has run
    assert second.reading.current is None
    assert second.document.stack.currentWidget() is second.document.placeholder
    assert QApplication.activeModalWidget() is None  # no "insert disc", no error box
    second.close()
    shutil.move(disc.with_name("elsewhere"), disc)  # the disc is back: so is its document
    third = _start(qtbot)
    qtbot.waitUntil(lambda: third.reading.current is not None, timeout=5000)
    assert third.document.title.toolTip().endswith("KEPT_1/2001/log.txt")


def test_open_recent_lists_the_newest_first_and_disables_what_is_gone(
    qtbot: QtBot, tmp_path: Path, basedir: Path
) -> None:
    folders = []
    for name in ("DISC_A", "DISC_B", "DISC_C"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "note.txt").write_text(f"{name.lower()} notes\n", encoding="utf-8")
        folders.append(folder)
    first = _start(qtbot)
    for n, folder in enumerate(folders):  # dropped on the window one after the other
        if n:
            answer_next_message_box(first, "Add to This Archive")
        first.open_paths([str(folder)])
        qtbot.waitUntil(lambda: not first.indexing.busy, timeout=30000)
    first.close()
    shutil.move(folders[1], tmp_path / "moved")

    second = _start(qtbot)
    recent = open_submenu(qtbot, open_menu(qtbot, second, "File"), "Open Recent")
    shown = entries(recent)
    assert shown == [
        f"1 {folders[2]}",
        f"2 {folders[1]}  (not found)",
        f"3 {folders[0]}",
        "Clear Recent",
    ]
    assert [a.isEnabled() for a in recent.actions() if not a.isSeparator()] == [
        True,
        False,
        True,
        True,
    ]
    click_entry(qtbot, recent, "Clear Recent")
    recent = open_submenu(qtbot, open_menu(qtbot, second, "File"), "Open Recent")
    assert entries(recent) == ["No discs or folders opened yet", "Clear Recent"]
    recent.close()
    second.close()
    assert settings_mod.load().recent_paths == []
