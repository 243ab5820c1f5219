"""Print and Save as PDF, as a user does them: open a result, press Ctrl+P or Ctrl+Shift+S,
answer the dialogs; then read the PDF written with PyMuPDF. No printer is needed: the print
dialog's own "Print to File (PDF)" printer takes the job, as a real printer would."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
)
from pytestqt.qtbot import QtBot

from reader.gui.reading.printing import PageChoice, file_name_for
from reader.gui.window.main_window import MainWindow
from tests.archive_factory import html_bytes, image_bytes, pdf_bytes
from tests.gui.clicks import answer_next_message_box, entry, open_menu, type_into_next_file_dialog
from tests.gui.conftest import index_folder, show_window, type_query

# What the offscreen platform says of popup menus and dialogs (no window stack or grab).
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
#: One word on each page of the PDF, found on that page alone.
PAGE_WORDS = ["quillmoss", "saffronel", "morrowick", "tansyfold", "brackenly"]
PARAGRAPHS = [f"Paragraph {i} on the bramblewick cable landing." for i in range(150)]


@pytest.fixture
def disc(tmp_path: Path) -> Path:
    root = tmp_path / "PRINT_1"
    (root / "2001").mkdir(parents=True)
    (root / "2001" / "cables.htm").write_bytes(html_bytes("Cable routes", PARAGRAPHS))
    (root / "2001" / "log.txt").write_text(
        "".join(f"line {i}: lanternfly landing log\n" for i in range(300)), encoding="utf-8"
    )
    pages = [f"page {n} of the report\n{word}" for n, word in enumerate(PAGE_WORDS, start=1)]
    (root / "2001" / "report.pdf").write_bytes(pdf_bytes(pages, title="Station report"))
    ledger = [f"ledger page {n}" + (" ledgerwick" if n == 1 else "") for n in range(1, 81)]
    (root / "2001" / "ledger.pdf").write_bytes(pdf_bytes(ledger, title="Ledger"))
    (root / "2001" / "photo.png").write_bytes(image_bytes(320, 160, "PNG"))
    (root / "2001" / "memo.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old word file")
    (root / "2001" / "pictured.htm").write_text(
        "<html><head><title>Pictured</title></head><body><p>The gorsewick mast.</p>"
        '<img src="photo.png"></body></html>',
        encoding="utf-8",
    )
    return root


@pytest.fixture
def win(qtbot: QtBot, disc: Path, basedir: Path) -> MainWindow:
    index_folder(disc)
    return show_window(qtbot)


def _open(qtbot: QtBot, win: MainWindow, query: str) -> None:
    """Type the query, press Enter: its one result opens."""
    type_query(qtbot, win.search_panel, query)
    assert win.search_panel.model.rowCount() == 1, f"{query!r} finds more than one file"
    QTest.keyClick(win.search_panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.reading.current is not None, timeout=5000)


def _press(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """The key pressed where the keyboard focus is (back in the window after a dialog)."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    widget = QApplication.focusWidget()
    assert widget is not None
    QTest.keyClick(widget, key, modifiers)


def _when_modal(kind: type[QDialog], answer: Callable[[QDialog], None]) -> list[str]:
    """Answers the next modal dialog of that class; returns the titles of those seen."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog.windowTitle())
            QTimer.singleShot(100, lambda: answer(dialog))
        else:
            QTimer.singleShot(30, poll)

    QTimer.singleShot(30, poll)
    return seen


def _ended(qtbot: QtBot, win: MainWindow) -> list[str]:
    outcomes: list[str] = []
    win.printing.ended.connect(outcomes.append)
    return outcomes


def _text(path: Path) -> list[str]:
    with pymupdf.open(path) as doc:
        return [str(page.get_text()) for page in doc]


def test_print_and_save_as_pdf_wait_for_a_document(qtbot: QtBot, win: MainWindow) -> None:
    menu = open_menu(qtbot, win, "File")
    printing = [entry(menu, "Print…"), entry(menu, "Save as PDF…")]
    assert [a.shortcut().toString() for a in printing] == ["Ctrl+P", "Ctrl+Shift+S"]
    assert not any(a.isEnabled() for a in printing)
    menu.close()
    _open(qtbot, win, "lanternfly")
    assert all(a.isEnabled() for a in printing)
    win.search_panel.query.setFocus()
    _press(qtbot, Qt.Key.Key_W, CTRL)  # Close Document
    assert not any(a.isEnabled() for a in printing)


@pytest.mark.parametrize(("query", "words"), [("bramblewick", 150), ("lanternfly", 300)])
def test_ctrl_shift_s_saves_an_html_page_or_a_text_file_as_a_pdf_of_its_words(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, query: str, words: int
) -> None:
    _open(qtbot, win, query)
    outcomes = _ended(qtbot, win)
    dest = tmp_path / "saved.pdf"
    answered = type_into_next_file_dialog(win, dest)
    _press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=15000)
    assert answered == ["Save as PDF"]
    assert outcomes == [""]
    pages = _text(dest)
    assert len(pages) >= 2  # long enough for more than a page, and cut into pages
    assert " ".join(pages).count(query) == words  # every line, none cut off at a page end
    assert f"as {dest}" in win.statusBar().currentMessage()


def test_an_html_page_keeps_its_pictures_from_its_own_disc(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    _open(qtbot, win, "gorsewick")
    outcomes = _ended(qtbot, win)
    dest = tmp_path / "pictured.pdf"
    type_into_next_file_dialog(win, dest)
    _press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=15000)
    with pymupdf.open(dest) as doc:
        assert "gorsewick" in doc[0].get_text()
        [image] = doc[0].get_images()
        assert (image[2], image[3]) == (320, 160)


def test_the_save_dialog_proposes_the_title_outside_the_archive(
    qtbot: QtBot, win: MainWindow, disc: Path
) -> None:
    _open(qtbot, win, "bramblewick")
    proposed: list[str] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog)
        proposed.extend(f.toLocalFile() for f in dialog.selectedUrls())
        dialog.reject()

    _when_modal(QFileDialog, look)
    _press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(proposed), timeout=5000)
    [path] = proposed
    assert Path(path).name == "Cable routes.pdf"
    assert not Path(path).is_relative_to(disc)
    assert file_name_for('a/b: "c"?', "x.htm") == "a b c.pdf"
    assert file_name_for("  ", "notes.txt") == "notes.pdf"


def _choose_pages(first: int, last: int) -> Callable[[QDialog], None]:
    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, PageChoice)
        QTest.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # &Pages
        for box, value in zip(dialog.findChildren(QSpinBox), (first, last), strict=True):
            box.setFocus()
            box.selectAll()
            QTest.keyClicks(box, str(value))
        [save] = [b for b in dialog.findChildren(QPushButton) if b.text() == "&Save…"]
        QTest.mouseClick(save, Qt.MouseButton.LeftButton)

    return answer


def test_a_pdf_page_range_is_saved_as_exactly_those_pages_of_the_original(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    _open(qtbot, win, "morrowick")
    outcomes = _ended(qtbot, win)
    dest = tmp_path / "pages.pdf"
    chosen = _when_modal(PageChoice, _choose_pages(2, 4))
    type_into_next_file_dialog(win, dest)
    _press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10000)
    assert chosen == ["Save as PDF"]
    pages = _text(dest)
    assert len(pages) == 3
    for text, word in zip(pages, PAGE_WORDS[1:4], strict=True):
        assert word in text  # the original's text, not a picture of it
    assert not any(w in " ".join(pages) for w in (PAGE_WORDS[0], PAGE_WORDS[4]))
    assert win.statusBar().currentMessage() == f"Saved 3 pages of “Station report” as {dest}"


def test_an_image_is_saved_as_one_page_holding_it(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    _open(qtbot, win, "type:image")
    outcomes = _ended(qtbot, win)
    dest = tmp_path / "photo.pdf"
    type_into_next_file_dialog(win, dest)
    _press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10000)
    with pymupdf.open(dest) as doc:
        assert doc.page_count == 1
        [image] = doc[0].get_images()
        width, height = image[2], image[3]
        assert width / height == pytest.approx(2, rel=0.02)  # its shape kept


def test_a_kind_without_pages_says_it_cannot_be_printed(qtbot: QtBot, win: MainWindow) -> None:
    _open(qtbot, win, "type:other")
    for modifiers, key in ((CTRL, Qt.Key.Key_P), (CTRL_SHIFT, Qt.Key.Key_S)):
        seen = answer_next_message_box(win, "OK")
        win.activateWindow()  # offscreen, the focus does not come back after a box by itself
        win.search_panel.query.setFocus()
        _press(qtbot, key, modifiers)
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)  # noqa: B023 - waited for at once
        assert "cannot print it or save it as a PDF" in seen[0]


def test_a_folder_that_refuses_the_file_is_a_message_not_a_traceback(
    qtbot: QtBot, win: MainWindow
) -> None:
    _open(qtbot, win, "lanternfly")
    seen = answer_next_message_box(win, "OK")
    type_into_next_file_dialog(win, Path("/sys/refused.pdf"))  # even root may not write there
    _press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert "/sys/refused.pdf" in seen[0]
    assert win.isVisible()


def test_a_pdf_is_never_saved_into_the_archive(qtbot: QtBot, win: MainWindow, disc: Path) -> None:
    _open(qtbot, win, "bramblewick")
    seen = answer_next_message_box(win, "OK")
    inside = disc / "2001" / "cables.pdf"
    type_into_next_file_dialog(win, inside)
    _press(qtbot, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert "never written to" in seen[0]
    assert not inside.exists()


def _print_to_file(dest: Path, pages: tuple[int, int] | None = None) -> Callable[[QDialog], None]:
    """Answers the print dialog: its PDF printer, the file `dest`, maybe pages from-to."""

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, QPrintDialog)
        [printers] = [c for c in dialog.findChildren(QComboBox) if c.objectName() == "printers"]
        printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
        [name] = [e for e in dialog.findChildren(QLineEdit) if e.objectName() == "filename"]
        name.setText(str(dest))
        if pages is not None:
            boxes = {b.objectName(): b for b in dialog.findChildren(QSpinBox)}
            [radio] = [
                r for r in dialog.findChildren(QRadioButton) if r.objectName() == "printRange"
            ]
            radio.setChecked(True)
            boxes["from"].setValue(pages[0])
            boxes["to"].setValue(pages[1])
        [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == "&Print"]
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    return answer


def test_ctrl_p_opens_the_print_dialog(qtbot: QtBot, win: MainWindow) -> None:
    _open(qtbot, win, "bramblewick")
    seen = _when_modal(QPrintDialog, lambda dialog: dialog.reject())
    _press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == ["Print"]
    assert not win.printing.busy  # rejected: nothing printed


def test_printing_an_html_page_prints_its_words(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    _open(qtbot, win, "bramblewick")
    outcomes = _ended(qtbot, win)
    dest = tmp_path / "printed.pdf"
    _when_modal(QPrintDialog, _print_to_file(dest))
    _press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=15000)
    assert outcomes == [""]
    assert " ".join(_text(dest)).count("bramblewick") == len(PARAGRAPHS)


def test_printing_pdf_pages_draws_the_chosen_pages_one_by_one(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    _open(qtbot, win, "morrowick")
    outcomes = _ended(qtbot, win)
    dest = tmp_path / "printed.pdf"
    _when_modal(QPrintDialog, _print_to_file(dest, pages=(2, 3)))
    _press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=30000)
    assert outcomes == [""]
    with pymupdf.open(dest) as doc:
        assert doc.page_count == 2
        for page in doc:
            [image] = page.get_images()  # each page a picture drawn at print resolution
            assert image[3] >= 3000  # 11 inches high at 300 dpi, not at the screen's
    assert win.statusBar().currentMessage() == f"Saved “Station report” as {dest}"


def test_a_long_print_job_shows_its_progress_and_cancel_stops_it(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    _open(qtbot, win, "ledgerwick")
    outcomes = _ended(qtbot, win)
    dest = tmp_path / "ledger.pdf"
    _when_modal(QPrintDialog, _print_to_file(dest))
    progress: list[QDialog] = []
    _when_modal(QProgressDialog, progress.append)
    _press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(progress), timeout=15000)
    [dialog] = progress
    assert isinstance(dialog, QProgressDialog)
    assert dialog.labelText() == "Printing “Ledger”…"
    assert 0 <= dialog.value() < 80  # page by page, not all at once
    [cancel] = dialog.findChildren(QPushButton)
    QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert outcomes == ["cancelled"]
    assert not dest.exists()  # half a PDF is removed
    assert win.statusBar().currentMessage() == "Printing “Ledger” was cancelled."
    assert not win.printing.busy


def test_a_long_text_is_printed_whole_laid_out_a_piece_at_a_time(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.gui.reading import print_pages

    monkeypatch.setattr(print_pages, "PIECE_CHARS", 2_000)  # the 300-line log: 5 pieces
    events: list[str] = []

    class Recorded(print_pages.TextPages):  # the real layout, with when it happens noted
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            events.append("laid out")

        def ask(self, index: int, then: Any) -> None:
            events.append("printed")
            super().ask(index, then)

    monkeypatch.setattr(print_pages, "TextPages", Recorded)
    _open(qtbot, win, "lanternfly")
    outcomes = _ended(qtbot, win)
    dest = tmp_path / "log.pdf"
    _when_modal(QPrintDialog, _print_to_file(dest))
    _press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=15000)
    assert outcomes == [""]
    pages = _text(dest)
    words = " ".join(pages)
    # Every line once, in order, whatever piece it was laid out in.
    found = [int(n) for n in re.findall(r"line (\d+): lanternfly", words)]
    assert found == list(range(300))
    # The pages are numbered on through the pieces: the last page says how many there are.
    assert pages[-1].split()[-1] == str(len(pages)) and len(pages) > 1
    # A piece at a time: pages were printed before the last piece was laid out.
    assert events.count("laid out") >= 4
    assert events.index("printed") < len(events) - 1 - events[::-1].index("laid out")
