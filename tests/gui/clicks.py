"""Clicks as a user makes them: right clicks that open context menus, menu entries, file
dialogs answered by typing a name. The mouse goes through the window, as the platform's
events do (a right click sent to a widget directly makes no context menu)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot


def _window_point(widget: QWidget, point: QPoint) -> tuple[QWidget, QPoint]:
    top = widget.window()
    return top, widget.mapTo(top, point)


def open_popup(qtbot: QtBot) -> QMenu:
    """The menu that popped up."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def click(
    widget: QWidget, point: QPoint, button: Qt.MouseButton = Qt.MouseButton.LeftButton
) -> None:
    """A click at `point` of `widget`, delivered to its window as the platform delivers it
    (clicks sent to a popup widget directly leave Qt thinking the next press a double one)."""
    top, at = _window_point(widget, point)
    handle = top.windowHandle()
    assert handle is not None, f"{top} is not shown"
    QTest.mouseClick(handle, button, Qt.KeyboardModifier.NoModifier, at)


def right_click_row(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> QMenu:
    """Right click on the row of `index`; the context menu it opens."""
    view.scrollTo(index)
    # A row just added (a folder just expanded) is laid out when the event loop runs.
    qtbot.waitUntil(lambda: view.viewport().rect().contains(view.visualRect(index)))
    click(view.viewport(), view.visualRect(index).center(), Qt.MouseButton.RightButton)
    return open_popup(qtbot)


def entries(menu: QMenu) -> list[str]:
    """The entries as shown (without the & of their keys), separators left out."""
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def entry(menu: QMenu, text: str) -> QAction:
    found = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert found, f"no {text!r} in {entries(menu)}"
    return found[0]


def click_entry(qtbot: QtBot, menu: QMenu, text: str) -> None:
    """Click the entry shown as `text` (it must be enabled)."""
    action = entry(menu, text)
    assert action.isEnabled(), f"{text!r} is disabled"
    click(menu, menu.actionGeometry(action).center())


def open_menu(qtbot: QtBot, window: QMainWindow, title: str) -> QMenu:
    """Click a menu of the menu bar ("File"); the menu shown."""
    bar = window.menuBar()
    [action] = [a for a in bar.actions() if a.text().replace("&", "") == title]
    click(bar, bar.actionGeometry(action).center())
    return open_popup(qtbot)


def open_submenu(qtbot: QtBot, menu: QMenu, text: str) -> QMenu:
    """Hover a submenu's entry and click it; the submenu shown."""
    action = entry(menu, text)
    sub = action.menu()
    assert isinstance(sub, QMenu)
    click(menu, menu.actionGeometry(action).center())
    qtbot.waitUntil(sub.isVisible, timeout=3000)
    return sub


def type_into_next_file_dialog(window: QWidget, path: Path) -> list[str]:
    """When the next file dialog of `window` opens, type `path` as its file name and press
    Enter. Returns the titles of the dialogs answered (filled when one was). It waits as long
    as the window is shown, and no longer: a later test's dialogs are not its business."""
    answered: list[str] = []

    def type_name(dialog: QFileDialog, tries: int) -> None:
        name = next(e for e in dialog.findChildren(QLineEdit) if e.objectName() == "fileNameEdit")
        # The name box completes from the folder as it is typed into; its popup, once the
        # folder is listed (at a time of its own), takes the Enter meant for the dialog, and
        # the listing itself can put the proposed name back: the run hung there. Typed with
        # no completion, once the dialog has settled, and typed again while it stays open.
        name.setCompleter(None)  # type: ignore[arg-type]  # Qt takes nullptr: no completer
        name.selectAll()
        QTest.keyClicks(name, str(path))
        QTest.keyClick(name, Qt.Key.Key_Return)

        def still_open() -> None:
            if not dialog.isVisible():
                return
            if tries > 1:
                type_name(dialog, tries - 1)
            else:  # the test fails on what was (not) saved; the dialog must not hold the run
                dialog.reject()

        QTimer.singleShot(1000, dialog, still_open)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            if window.isVisible():
                QTimer.singleShot(30, window, poll)
            return
        answered.append(dialog.windowTitle())
        QTimer.singleShot(300, dialog, lambda: type_name(dialog, 3))

    QTimer.singleShot(30, window, poll)
    return answered


def answer_next_message_box(window: QWidget, button: str) -> list[str]:
    """Click `button` on the next message box of `window` (file dialogs are left alone,
    unlike conftest's answer_dialogs); returns its text once it was answered. It waits as
    long as the window is shown."""
    seen: list[str] = []

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(f"{box.text()} {box.informativeText()}")
            shown = [b.text().replace("&", "") for b in box.buttons()]
            if button in shown:
                box.buttons()[shown.index(button)].click()
            else:  # the test fails on what it sees; the box must not hold the run
                seen.append(f"no {button!r} button, only {shown}")
                box.reject()
            return
        if window.isVisible():
            QTimer.singleShot(30, window, poll)

    QTimer.singleShot(30, window, poll)
    return seen
