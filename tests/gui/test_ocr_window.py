"""Scans in the window: read by OCR in the background after indexing, with the progress in
the status bar, then found by a search and opened with the hit marked on the scan.

Real parts: scans from tests/scans.py, the real Tesseract, a real window shown offscreen,
the query typed and the result opened with the keys a user presses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from reader.gui.indexing import ocr as ocr_gui
from reader.gui.search.results import OcrRole, place_line
from reader.gui.viewers.image import ImageViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.window.main_window import MainWindow
from tests.gui.conftest import hit_at, index_folder, show_window, type_query

pytest.importorskip("tesserocr")
scans = pytest.importorskip("tests.scans")

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _label(widget: QWidget, name: str) -> str:
    found = [w for w in widget.findChildren(QLabel) if w.accessibleName() == name]
    assert found, f"no label {name!r}"
    return found[0].text()


@pytest.fixture
def win(qtbot: QtBot, tmp_path: Path, basedir: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    root = tmp_path / "SCANS_1"
    (root / "1987").mkdir(parents=True)
    (root / "1987" / "cable-scan.pdf").write_bytes(
        scans.scan_pdf(
            [
                ["Cover sheet of the file", "Nothing of note on this page"],
                ["The ambassador requested a secure teleprinter", "for the consulate staff"],
            ],
            quality="office",
        )
    )
    (root / "1987" / "notice.png").write_bytes(
        scans.scan_png(["Public notice: the lighthouse closes in winter"], quality="office")
    )
    index_folder(root)
    monkeypatch.setattr(ocr_gui, "AUTO_START_MS", 0)  # the window starts OCR by itself
    return show_window(qtbot)


def test_scans_are_read_in_the_background_then_found_and_marked(
    qtbot: QtBot, win: MainWindow
) -> None:
    status = win.ocr_status
    qtbot.waitUntil(status.isVisible, timeout=10_000)
    seen: list[str] = []

    def read_all() -> bool:
        seen.append(status.label.text())
        return status.label.text().startswith("Scans read")

    qtbot.waitUntil(read_all, timeout=90_000)
    assert any(text.startswith("Reading scans") for text in seen), seen
    assert status.label.text().startswith("Scans read: 3 pages")

    type_query(qtbot, win.search_panel, "teleprinter")
    qtbot.waitUntil(lambda: hit_at(win.search_panel).snippet is not None, timeout=10_000)
    hit = hit_at(win.search_panel)
    assert hit.path == "1987/cable-scan.pdf" and hit.page == 2
    assert "teleprinter" in hit.snippet.text.lower()  # type: ignore[union-attr]
    # The row says where its text came from: the words may be misread.
    model = win.search_panel.model
    shown = place_line(hit, False, bool(model.data(model.index(0), OcrRole)))
    assert shown.endswith("PDF p. 2  ·  text from OCR")
    qtbot.keyClick(win.search_panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(win.document.stack.currentWidget(), PdfViewer), timeout=5000)
    viewer = win.document.stack.currentWidget()
    assert isinstance(viewer, PdfViewer)
    qtbot.waitUntil(lambda: "read by OCR" in _label(viewer, "Scanned PDF notice"), timeout=5000)
    assert viewer.isVisible()
    # The hit is marked on the scanned page 2, and the toolbar counts it.
    qtbot.waitUntil(lambda: _label(viewer, "Hit position").startswith("Hit 1 of 1"), timeout=5000)
    assert viewer.current_page() == 2
    # Ctrl+C with nothing selected copies the scanned page's text, as OCR read it.
    QApplication.clipboard().clear()
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "teleprinter" in QApplication.clipboard().text(), timeout=3000)
    assert "consulate staff" in QApplication.clipboard().text()

    type_query(qtbot, win.search_panel, "lighthouse")
    qtbot.waitUntil(lambda: hit_at(win.search_panel).path == "1987/notice.png", timeout=10_000)
    qtbot.keyClick(win.search_panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: isinstance(win.document.stack.currentWidget(), ImageViewer), timeout=5000
    )
    image = win.document.stack.currentWidget()
    assert isinstance(image, ImageViewer)
    assert "read by OCR" in image.notice.text() and image.notice.isVisible()
    assert len(image.hit_rects()) == 1
    box = image.hit_rects()[0]
    assert box.width() > 0 and box.top() < image.image_size[1] / 2  # on the first line


def test_pause_stops_the_workers_and_resume_goes_on(qtbot: QtBot, win: MainWindow) -> None:
    status = win.ocr_status
    qtbot.waitUntil(lambda: status.label.text().startswith("Reading scans"), timeout=10_000)
    qtbot.mouseClick(status.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "paused" in status.label.text(), timeout=30_000)
    paused_at = status.label.text()
    qtbot.wait(1500)
    assert status.label.text() == paused_at  # nothing read while paused
    assert status.pause_button.text() == "Resume"
    qtbot.mouseClick(status.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.label.text().startswith("Scans read"), timeout=90_000)


def test_a_window_closed_before_its_ocr_starts_leaves_nothing_to_run_after(
    qtbot: QtBot, tmp_path: Path, basedir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "SCANS_2"
    root.mkdir()
    (root / "notice.png").write_bytes(
        scans.scan_png(["Public notice: the lighthouse closes in winter"], quality="office")
    )
    index_folder(root)
    monkeypatch.setattr(ocr_gui, "AUTO_START_MS", 300)
    win = show_window(qtbot)
    win.close()  # before the start it scheduled: the catalogue is closed now
    # A start due after closing raised "Cannot operate on a closed database" here (pytest-qt
    # fails the test on an exception in a Qt callback).
    qtbot.wait(800)
    assert not win.ocr.busy


def test_a_mixed_page_marks_its_own_words_and_those_read_from_its_picture(
    qtbot: QtBot, tmp_path: Path, basedir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "MIXED_1"
    root.mkdir()
    data = scans.mixed_pdf(
        ["Typed heading of the quarterly report"],
        ["Dear colleague, the cryptographic appendix follows."],
    )
    (root / "cover-and-letter.pdf").write_bytes(data)
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        height = pdf[0].rect.height
    index_folder(root)
    monkeypatch.setattr(ocr_gui, "AUTO_START_MS", 0)
    win = show_window(qtbot)
    qtbot.waitUntil(lambda: win.ocr_status.label.text().startswith("Scans read"), timeout=90_000)
    for word, lower_half in (("quarterly", False), ("cryptographic", True)):
        type_query(qtbot, win.search_panel, word)
        qtbot.waitUntil(lambda: win.search_panel.model.rowCount() == 1, timeout=10_000)
        qtbot.keyClick(win.search_panel.query, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: isinstance(win.document.stack.currentWidget(), PdfViewer), timeout=5000
        )
        viewer = win.document.stack.currentWidget()
        assert isinstance(viewer, PdfViewer)
        qtbot.waitUntil(
            lambda v=viewer: _label(v, "Hit position").startswith("Hit 1 of 1"),  # type: ignore[misc]
            timeout=5000,
        )
        rects = viewer.hit_rects(1)
        assert rects, word
        # The typed heading at the top, the pasted-in letter (read by OCR) below the middle.
        assert (rects[0].top() > height / 2) is lower_half, word
