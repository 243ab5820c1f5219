"""Edit → Preferences: opened with its key, changed as a user does, saved, and in force."""

from __future__ import annotations

import tomllib

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListWidget
from pytestqt.qtbot import QtBot

from reader.gui.window.main_window import MainWindow
from reader.gui.window.preferences import PreferencesDialog
from reader.settings import settings_path

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _answer(qtbot: QtBot, act: object) -> list[PreferencesDialog]:
    """Runs `act(dialog)` on the Preferences dialog once it is shown (it is modal)."""
    seen: list[PreferencesDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PreferencesDialog) and not seen:
            seen.append(dialog)
            act(dialog)  # type: ignore[operator]
        elif not seen:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)
    return seen


def _press_ctrl_comma(qtbot: QtBot, win: MainWindow) -> None:
    """Ctrl+, where the keyboard focus is (the query box, as after start-up)."""
    win.activateWindow()
    win.search_panel.query.setFocus()
    qtbot.waitUntil(win.search_panel.query.hasFocus)
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)


def test_preferences_open_with_their_key_and_what_is_chosen_is_saved_and_in_force(
    qtbot: QtBot, window: MainWindow
) -> None:
    win = window
    light_before = not win.reading_colours.colours.dark

    def change(dialog: PreferencesDialog) -> None:
        # As a user does: click the check box, type the number, pick with the keyboard.
        QTest.mouseClick(dialog.copy_index, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
        dialog.workers.setFocus()
        dialog.workers.selectAll()
        QTest.keyClicks(dialog.workers, "3")
        dialog.colours.setFocus()
        QTest.keyClick(dialog.colours, Qt.Key.Key_End)  # the last: Dark
        languages: QListWidget = dialog.languages
        codes = [languages.item(i).data(Qt.ItemDataRole.UserRole) for i in range(languages.count())]
        assert "eng" in codes  # the installed language data is listed
        QTest.keyClick(dialog, Qt.Key.Key_Return)  # OK

    seen = _answer(qtbot, change)
    _press_ctrl_comma(qtbot, win)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.waitUntil(lambda: not seen[0].isVisible(), timeout=5000)

    saved = tomllib.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["copy_published_index"] is True
    assert saved["workers"] == 3
    assert saved["reading_colours"] == "dark"
    # In force at once: the documents go dark, the next runs take the rest.
    assert light_before and win.reading_colours.colours.dark
    assert win.session.settings.copy_published_index is True
    assert win.session.settings.workers == 3


def test_cancel_changes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    workers = win.session.settings.workers

    def cancel(dialog: PreferencesDialog) -> None:
        QTest.mouseClick(dialog.copy_index, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    seen = _answer(qtbot, cancel)
    _press_ctrl_comma(qtbot, win)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible(), timeout=5000)
    assert not settings_path().exists() or "copy_published_index = true" not in (
        settings_path().read_text(encoding="utf-8")
    )
    assert win.session.settings.copy_published_index is False
    assert win.session.settings.workers == workers
