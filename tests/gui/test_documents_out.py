"""Getting documents out, as a user does it: the context menu of a result and of a Browse
file, the File menu and its keys, dragging a result out; on a folder and inside an ISO."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import ClassInfo, QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QDrag
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.gui.reading import documents_out
from reader.gui.window.main_window import MainWindow
from reader.paths import app_dirs
from tests.archive_factory import html_bytes, image_bytes, pdf_bytes
from tests.gui.clicks import (
    answer_next_message_box,
    click_entry,
    entries,
    open_menu,
    right_click_row,
    type_into_next_file_dialog,
)
from tests.gui.conftest import UrlCatcher, index_folder, show_window, type_query
from tests.iso_factory import make_iso

# What the offscreen platform says of popup menus (it has no window stack or keyboard grab).
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

NFC = unicodedata.normalize("NFC", "café")
NFD = unicodedata.normalize("NFD", "café")
RESUMES = unicodedata.normalize("NFD", "résumés")  # a folder named only in NFD (a Mac copy)

#: One file of each kind the reader tells apart, and a word that finds it alone.
FILES = {
    "html": ("2001/cables.htm", "bramblewick"),
    "txt": ("2001/log.txt", "lanternfly"),
    "pdf": ("2001/stations.pdf", "saffronel"),
    "image": ("2001/photo.png", "type:image"),
    "other": ("2001/memo.doc", "type:other"),
}
WAYS_OUT = ["Open with System Viewer", "Save a Copy…", "Show in Folder", "Copy Path"]


def _write_disc(root: Path) -> Path:
    (root / "2001").mkdir(parents=True)
    (root / FILES["html"][0]).write_bytes(html_bytes("Cable routes", ["The bramblewick cable."]))
    (root / FILES["txt"][0]).write_text("lanternfly landing log\n", encoding="utf-8")
    (root / FILES["pdf"][0]).write_bytes(pdf_bytes(["page one", "the saffronel station"]))
    (root / FILES["image"][0]).write_bytes(image_bytes(64, 48, "PNG"))
    (root / FILES["other"][0]).write_bytes(b"\xd0\xcf\x11\xe0 an old word file")
    # Folder names that differ from the catalogue's: only in NFD, and NFC and NFD twins.
    (root / "2002" / RESUMES).mkdir(parents=True)
    (root / "2002" / RESUMES / "cv.txt").write_text("quillsworth resume\n", encoding="utf-8")
    for form, word in ((NFC, "twincomposed"), (NFD, "twindecomposed")):
        (root / "2003" / form).mkdir(parents=True)
        (root / "2003" / form / "note.txt").write_text(f"{word} note\n", encoding="utf-8")
    return root


@pytest.fixture
def disc(tmp_path: Path) -> Path:
    return _write_disc(tmp_path / "OUT_1")


@pytest.fixture
def win(qtbot: QtBot, disc: Path, basedir: Path) -> MainWindow:
    index_folder(disc)
    return show_window(qtbot)


@pytest.fixture
def iso_win(qtbot: QtBot, disc: Path, tmp_path: Path, basedir: Path) -> tuple[MainWindow, Path]:
    iso = make_iso(disc, tmp_path / "OUT_1.iso", label="OUT_1")
    index_folder(iso)
    return show_window(qtbot), iso


def _result_menu(qtbot: QtBot, win: MainWindow, query: str) -> Any:
    panel = win.search_panel
    type_query(qtbot, panel, query)
    assert panel.model.rowCount() == 1, f"{query!r} finds {panel.model.rowCount()} results"
    return right_click_row(qtbot, panel.view, panel.model.index(0))


@pytest.mark.parametrize("kind", list(FILES))
def test_save_a_copy_from_a_results_menu_writes_the_file_for_every_kind(
    qtbot: QtBot, win: MainWindow, disc: Path, tmp_path: Path, kind: str
) -> None:
    path, query = FILES[kind]
    menu = _result_menu(qtbot, win, query)
    assert entries(menu) == ["Open", *WAYS_OUT]
    dest = tmp_path / "out" / f"copy-{Path(path).name}"
    dest.parent.mkdir()
    answered = type_into_next_file_dialog(win, dest)
    click_entry(qtbot, menu, "Save a Copy…")
    qtbot.waitUntil(dest.is_file, timeout=5000)
    assert answered == ["Save a copy"]
    assert dest.read_bytes() == (disc / path).read_bytes()
    qtbot.waitUntil(lambda: f"Saved a copy as {dest}" in win.statusBar().currentMessage())


@pytest.mark.parametrize("kind", list(FILES))
def test_open_with_system_viewer_from_a_results_menu_hands_over_a_copy(
    qtbot: QtBot, win: MainWindow, disc: Path, file_manager: UrlCatcher, kind: str
) -> None:
    path, query = FILES[kind]
    click_entry(qtbot, _result_menu(qtbot, win, query), "Open with System Viewer")
    qtbot.waitUntil(lambda: bool(file_manager.urls))
    copy = Path(file_manager.urls[0].toLocalFile())
    assert copy.is_relative_to(app_dirs().cache / "opened")  # never the archive's own file
    assert copy.read_bytes() == (disc / path).read_bytes()


def test_show_in_folder_and_copy_path_name_the_folder_as_the_disc_spells_it(
    qtbot: QtBot, win: MainWindow, disc: Path, file_manager: UrlCatcher
) -> None:
    clipboard = QApplication.clipboard()
    for word, folder in (
        ("quillsworth", disc / "2002" / RESUMES),
        ("twincomposed", disc / "2003" / NFC),
        ("twindecomposed", disc / "2003" / NFD),
    ):
        click_entry(qtbot, _result_menu(qtbot, win, word), "Copy Path")
        name = "cv.txt" if word == "quillsworth" else "note.txt"
        assert clipboard.text() == str(folder / name)
        assert win.statusBar().currentMessage() == f"Copied the path: {folder / name}"
        assert Path(clipboard.text()).is_file()  # the path pastes into a shell or a dialog
        click_entry(qtbot, _result_menu(qtbot, win, word), "Show in Folder")
        qtbot.waitUntil(lambda: bool(file_manager.urls))
        assert file_manager.urls.pop().toLocalFile() == str(folder)


def test_the_file_menu_acts_on_the_document_shown_and_ctrl_s_saves_it(
    qtbot: QtBot, win: MainWindow, disc: Path, tmp_path: Path, file_manager: UrlCatcher
) -> None:
    menu = open_menu(qtbot, win, "File")
    ways = [a for a in menu.actions() if a.text().replace("&", "") in WAYS_OUT]
    assert [a.text().replace("&", "") for a in ways] == WAYS_OUT
    assert not any(a.isEnabled() for a in ways)  # no document yet
    menu.close()
    type_query(qtbot, win.search_panel, "saffronel")
    QTest.keyClick(win.search_panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.reading.current is not None, timeout=5000)
    pdf = disc / FILES["pdf"][0]

    dest = tmp_path / "saved.pdf"
    type_into_next_file_dialog(win, dest)
    QTest.keyClick(win.search_panel.query, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(dest.is_file, timeout=5000)
    assert dest.read_bytes() == pdf.read_bytes()

    click_entry(qtbot, open_menu(qtbot, win, "File"), "Show in Folder")
    qtbot.waitUntil(lambda: bool(file_manager.urls))
    assert file_manager.urls[-1].toLocalFile() == str(pdf.parent)
    click_entry(qtbot, open_menu(qtbot, win, "File"), "Copy Path")
    assert QApplication.clipboard().text() == str(pdf)


def test_a_copy_is_never_saved_into_the_archive(qtbot: QtBot, win: MainWindow, disc: Path) -> None:
    seen = answer_next_message_box(win, "OK")
    inside = disc / "2001" / "copy.txt"
    type_into_next_file_dialog(win, inside)
    click_entry(qtbot, _result_menu(qtbot, win, "lanternfly"), "Save a Copy…")
    qtbot.waitUntil(lambda: any("never written to" in text for text in seen), timeout=5000)
    assert not inside.exists()


def test_a_file_inside_an_iso_has_no_folder_and_is_offered_save_a_copy(
    qtbot: QtBot,
    iso_win: tuple[MainWindow, Path],
    disc: Path,
    tmp_path: Path,
    file_manager: UrlCatcher,
) -> None:
    win, iso = iso_win
    seen = answer_next_message_box(win, "Save a Copy…")
    dest = tmp_path / "from-iso.htm"
    type_into_next_file_dialog(win, dest)
    click_entry(qtbot, _result_menu(qtbot, win, "bramblewick"), "Show in Folder")
    qtbot.waitUntil(dest.is_file, timeout=5000)
    assert seen == [
        "This file is inside OUT_1.iso: it has no folder of its own. Use Save a Copy. cables.htm"
    ]
    assert file_manager.urls == []  # no folder was opened
    assert dest.read_bytes() == (disc / FILES["html"][0]).read_bytes()
    click_entry(qtbot, _result_menu(qtbot, win, "bramblewick"), "Copy Path")
    assert QApplication.clipboard().text() == str(iso / "2001" / "cables.htm")


class DropTarget:
    """Stands where the desktop would take a drop: records what a drag offers (offscreen Qt
    has no drag and drop of its own), and takes it as a copy."""

    def __init__(self) -> None:
        self.offers: list[tuple[list[str], Qt.DropAction]] = []

    def take(self, drag: QDrag, actions: Qt.DropAction) -> Qt.DropAction:
        self.offers.append(([u.toLocalFile() for u in drag.mimeData().urls()], actions))
        return Qt.DropAction.CopyAction


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> DropTarget:
    target = DropTarget()

    def exec_drag(drag: QDrag, actions: Qt.DropAction, *_default: object) -> Qt.DropAction:
        return target.take(drag, actions)

    monkeypatch.setattr(QDrag, "exec", exec_drag)
    return target


def _drag_first_result(qtbot: QtBot, win: MainWindow, query: str) -> None:
    panel = win.search_panel
    type_query(qtbot, panel, query)
    top, at = (
        win,
        panel.view.viewport().mapTo(win, panel.view.visualRect(panel.model.index(0)).center()),
    )
    handle = top.windowHandle()
    assert handle is not None
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    for step in range(1, 6):  # past the drag distance, a few pixels at a time
        QTest.mouseMove(handle, at + QPoint(8 * step, 4 * step))
        QTest.qWait(20)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def test_dragging_a_result_out_offers_its_file_for_copying(
    qtbot: QtBot, win: MainWindow, disc: Path, desktop: DropTarget
) -> None:
    _drag_first_result(qtbot, win, "twindecomposed")
    qtbot.waitUntil(lambda: bool(desktop.offers))
    [(files, actions)] = desktop.offers
    assert files == [str(disc / "2003" / NFD / "note.txt")]  # the disc's own file
    assert actions == Qt.DropAction.CopyAction  # never a move: it would delete it


def test_dragging_a_file_out_of_an_iso_offers_a_copy_removed_at_exit(
    qtbot: QtBot, iso_win: tuple[MainWindow, Path], disc: Path, basedir: Path, desktop: DropTarget
) -> None:
    win, _iso = iso_win
    _drag_first_result(qtbot, win, "saffronel")
    qtbot.waitUntil(lambda: bool(desktop.offers))
    [([copy], _actions)] = desktop.offers
    assert Path(copy).is_relative_to(basedir / "cache" / "opened")
    assert Path(copy).name == "stations.pdf"
    assert Path(copy).read_bytes() == (disc / FILES["pdf"][0]).read_bytes()
    win.close()
    assert not Path(copy).exists()


def test_a_file_too_large_to_copy_out_of_an_iso_at_once_is_not_dragged(
    qtbot: QtBot,
    iso_win: tuple[MainWindow, Path],
    desktop: DropTarget,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win, _iso = iso_win
    monkeypatch.setattr(documents_out, "DRAG_COPY_BYTES", 100)  # the PDF is larger
    _drag_first_result(qtbot, win, "saffronel")
    qtbot.waitUntil(lambda: "too large to drag" in win.statusBar().currentMessage())
    assert "Save a Copy" in win.statusBar().currentMessage()
    assert desktop.offers == []  # no drag, and the window was not held copying


def test_a_browse_file_has_the_same_menu(
    qtbot: QtBot, win: MainWindow, disc: Path, file_manager: UrlCatcher
) -> None:
    QTest.keyClick(win.search_panel.query, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    browse = win.browse
    qtbot.waitUntil(lambda: browse.folder_model.rowCount() == 1)
    browse.reveal(win.session.volumes()[0].id, f"2002/{unicodedata.normalize('NFC', RESUMES)}")
    folder = browse.folder_view.currentIndex()
    index = browse.folder_model.itemFromIndex(folder).child(0).index()
    assert index.data() == "cv.txt"
    menu = right_click_row(qtbot, browse.folder_view, index)
    assert entries(menu) == ["Open", *WAYS_OUT]
    click_entry(qtbot, menu, "Show in Folder")
    qtbot.waitUntil(lambda: bool(file_manager.urls))
    assert file_manager.urls[0].toLocalFile() == str(disc / "2002" / RESUMES)


def test_a_message_box_is_shown_not_a_traceback_when_the_file_went(
    qtbot: QtBot, win: MainWindow, disc: Path
) -> None:
    seen = answer_next_message_box(win, "OK")
    menu = _result_menu(qtbot, win, "lanternfly")
    (disc / FILES["txt"][0]).unlink()
    click_entry(qtbot, menu, "Show in Folder")
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "2001/log.txt" in seen[0] and "No such file" in seen[0]
    assert win.isVisible()


@ClassInfo({"D-Bus Interface": "org.freedesktop.FileManager1"})  # type: ignore[call-arg]
class FileManager1(QObject):  # type: ignore[operator]  # PySide6 stubs: ClassInfo(dict)
    """Stands where the desktop's file manager would, on a bus of the test's own: records
    the files it is asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[list[str]] = []

    @Slot("QStringList", str)
    def ShowItems(self, uris: list[str], _startup_id: str) -> None:
        self.shown.append(list(uris))


@pytest.mark.skipif(
    shutil.which("dbus-daemon") is None or shutil.which("dbus-send") is None,
    reason="needs dbus-daemon and dbus-send (.ci/run installs them)",
)
def test_show_in_folder_asks_the_file_manager_to_select_the_file(
    qtbot: QtBot,
    win: MainWindow,
    disc: Path,
    file_manager: UrlCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        bus = QDBusConnection.connectToBus(address, "file-manager")
        manager = FileManager1()
        assert bus.registerService("org.freedesktop.FileManager1")
        assert bus.registerObject(
            "/org/freedesktop/FileManager1", manager, QDBusConnection.RegisterOption.ExportAllSlots
        )
        click_entry(qtbot, _result_menu(qtbot, win, "quillsworth"), "Show in Folder")
        qtbot.waitUntil(lambda: bool(manager.shown), timeout=5000)
        [uris] = manager.shown
        assert [QUrl(u).toLocalFile() for u in uris] == [str(disc / "2002" / RESUMES / "cv.txt")]
        qtbot.wait(200)
        assert file_manager.urls == []  # the folder was not opened a second way
        QDBusConnection.disconnectFromBus("file-manager")
    finally:
        daemon.terminate()
        daemon.wait(5)
