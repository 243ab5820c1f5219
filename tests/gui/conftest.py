"""GUI fixtures: an indexed generated archive and a real main window (offscreen)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from reader.gui.indexing import ocr as ocr_gui
from reader.gui.language import install_translations
from reader.gui.search.panel import SearchPanel
from reader.gui.window.main_window import MainWindow
from reader.indexing.pipeline import index_volumes
from reader.search.engine import Hit
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from tests.archive_factory import Manifest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """Every window test speaks English whatever the machine's language: English's catalogue
    (its plural forms: "1 document") and English numbers ("1,234"), as a user who chose
    English in Preferences has. tests/gui/test_translations.py puts French over it."""
    installed = install_translations("en")
    yield
    installed.remove()


@pytest.fixture(autouse=True)
def own_home(basedir: Path) -> Path:
    """Every window test has its own config, data and cache (window state included)."""
    return basedir


@pytest.fixture(autouse=True)
def no_desktop_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches the desktop's session bus (Show in Folder would ask the real file
    manager there); tests/gui/test_documents_out.py starts a bus of its own."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)


@pytest.fixture(autouse=True)
def no_background_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window does not start reading scans by itself (the generated archives have
    some): tests/gui/test_ocr_window.py turns it on for its own windows."""
    monkeypatch.setattr(ocr_gui, "AUTO_START_MS", None)


def index_folder(root: Path) -> None:
    """Index the folder `root` (a disc) into this test's default archive."""
    with Archive.named("default") as archive, open_volume(root) as volume:
        index_volumes(archive, [volume], Settings(workers=2))


@pytest.fixture
def indexed(small_archive: Manifest, basedir: Path) -> Manifest:
    """The small archive indexed into this test's default archive."""
    index_folder(small_archive.root)
    return small_archive


@pytest.fixture
def answer_dialogs() -> Iterator[Callable[[str], list[str]]]:
    """Presses a button (by text) on every modal dialog that opens; returns their texts."""
    seen: list[str] = []
    choice = {"button": "Cancel"}

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox):
            seen.append(widget.text() + " " + widget.informativeText())
            for button in widget.buttons():
                if button.text().replace("&", "") == choice["button"]:
                    button.click()
                    return
            widget.reject()
        elif isinstance(widget, QDialog):
            seen.append(widget.windowTitle())
            widget.reject()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(poll)
    timer.start()

    def set_choice(button: str) -> list[str]:
        choice["button"] = button
        return seen

    yield set_choice
    timer.stop()


def show_window(qtbot: QtBot, settings: Settings | None = None) -> MainWindow:
    """The real main window on the default archive, shown and focused."""
    win = MainWindow(settings or Settings(workers=2))
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    win.start_up()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


@pytest.fixture
def window(qtbot: QtBot, indexed: Manifest) -> MainWindow:
    """The real main window on the indexed small archive, shown and focused."""
    return show_window(qtbot)


class UrlCatcher(QObject):
    """Stands where the desktop's file handler would: records what it is asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def file_manager() -> Iterator[UrlCatcher]:
    """The file: URLs the window hands to the desktop, through Qt's own handler hook."""
    catcher = UrlCatcher()
    # PySide6 takes the slot name as str at run time (its stub says bytes).
    QDesktopServices.setUrlHandler("file", catcher, "open")  # type: ignore[arg-type]
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


def hit_at(panel: SearchPanel, row: int = 0) -> Hit:
    """The hit shown in that row of the result list (the row must be there)."""
    hit = panel.model.hit(row)
    assert hit is not None, f"no result in row {row}"
    return hit


def type_query(qtbot: QtBot, panel: SearchPanel, text: str) -> None:
    """Type `text` over the query box's text, as a user does, and wait for its results."""
    panel.query.setFocus()
    panel.query.selectAll()
    qtbot.keyClicks(panel.query, text)
    qtbot.waitUntil(
        lambda: panel.last_result is not None and panel.last_result.query == text, timeout=10000
    )
