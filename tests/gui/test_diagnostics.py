"""What the window leaves for a bug report: the log file, the native crash stack, the log
folder in the Help menu, and the dialog of an uncaught exception."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from reader.gui.background import Op, OpContext
from reader.gui.diagnostics import CrashDialogs, Diagnostics
from reader.paths import AppDirs, app_dirs
from reader.sources.opener import open_volume
from reader.sources.volume import Volume
from tests.gui.conftest import UrlCatcher, show_window
from tests.gui.test_single_instance import Windows

# What the offscreen platform says of every window, and of every menu that opens.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    """The key pressed where the focus is, as the keyboard would deliver it."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClick(widget, key, modifier)


@pytest.fixture
def dirs(basedir: Path) -> Iterator[AppDirs]:
    """This test's directories, with the window's log file and crash file set up."""
    diagnostics = Diagnostics(app_dirs())
    yield diagnostics.dirs
    diagnostics.close()


@pytest.fixture
def windows(tmp_path: Path) -> Iterator[Windows]:
    started = Windows(tmp_path)
    yield started
    started.stop_all()


def test_a_background_jobs_traceback_goes_to_the_log_file(
    qtbot: QtBot, dirs: AppDirs, tmp_path: Path
) -> None:
    win = show_window(qtbot)
    failed: list[Exception] = []
    ejected = tmp_path / "EJECTED_1"

    def read_disc(_context: OpContext) -> Volume:
        return open_volume(ejected)

    op: Op[Volume] = Op(read_disc, lambda _v: None, failed.append, name="reading EJECTED_1")
    win.runners["discs"].run(op)  # the window's own thread for disc work
    qtbot.waitUntil(lambda: bool(failed), timeout=10000)

    text = dirs.log_file.read_text(encoding="utf-8")
    assert "reading EJECTED_1 failed" in text
    assert "Traceback (most recent call last)" in text
    assert f"{ejected} does not exist" in text
    assert "in read_disc" in text  # the frames of the work, not only its message


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGSEGV to send on Windows")
def test_a_native_crash_leaves_the_python_stack_in_the_log_folder(
    tmp_path: Path, windows: Windows
) -> None:
    base = tmp_path / "base"
    window = windows.start(base)
    windows.wait_ready(base, window)

    window.send_signal(signal.SIGSEGV)  # what a crash in Qt or MuPDF raises

    assert window.wait(30) == -signal.SIGSEGV
    crash = (base / "log" / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in crash
    assert f"{os.sep}reader{os.sep}gui{os.sep}app.py" in crash  # where the event loop ran


def test_help_open_log_folder_shows_the_log_folder(
    qtbot: QtBot, dirs: AppDirs, file_manager: UrlCatcher
) -> None:
    win = show_window(qtbot)
    qtbot.waitUntil(win.isActiveWindow)

    _press(qtbot, Qt.Key.Key_H, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert menu is not None
    qtbot.keyClick(menu, Qt.Key.Key_L)

    qtbot.waitUntil(lambda: bool(file_manager.urls))
    [url] = file_manager.urls
    assert Path(url.toLocalFile()) == dirs.log
    assert dirs.log_file.exists()


def _raise_on_the_gui_thread() -> None:
    known: dict[str, int] = {}
    known["no such key"]  # a bug, raised by a timer's callback on the GUI thread


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_exception_says_where_the_log_is_and_the_window_goes_on(
    qtbot: QtBot, dirs: AppDirs, answer_dialogs: Callable[[str], list[str]]
) -> None:
    win = show_window(qtbot)
    crashes = CrashDialogs(dirs, win)
    try:
        seen = answer_dialogs("Close")
        QTimer.singleShot(0, _raise_on_the_gui_thread)
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    finally:
        crashes.uninstall()

    [said] = seen
    assert "unexpected error (KeyError: 'no such key')" in said
    assert str(dirs.log_file) in said
    text = dirs.log_file.read_text(encoding="utf-8")
    assert "uncaught exception" in text and "in _raise_on_the_gui_thread" in text
    # The window goes on: its keys still do what they say.
    win.activateWindow()  # what the window manager does once a dialog closes (offscreen: no one)
    qtbot.waitUntil(win.isActiveWindow)
    _press(qtbot, Qt.Key.Key_2, CTRL)
    assert win.side.currentWidget() is win.browse


@pytest.mark.qt_no_exception_capture
def test_the_crash_dialog_opens_the_log_folder(
    qtbot: QtBot,
    dirs: AppDirs,
    answer_dialogs: Callable[[str], list[str]],
    file_manager: UrlCatcher,
) -> None:
    win = show_window(qtbot)
    crashes = CrashDialogs(dirs, win)
    try:
        answer_dialogs("Open Log Folder")
        QTimer.singleShot(0, _raise_on_the_gui_thread)
        qtbot.waitUntil(lambda: bool(file_manager.urls), timeout=10000)
    finally:
        crashes.uninstall()

    assert [Path(u.toLocalFile()) for u in file_manager.urls] == [dirs.log]
