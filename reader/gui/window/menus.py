"""The window's menus, and the keys they bind.

Every key is bound once: a key bound by two actions of one window is "ambiguous" to Qt and
does nothing at all (Back was "Alt+Left" and StandardKey.Back, the same key on Linux).
Platform keys come from StandardKey where Qt has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QTabWidget

from reader.gui.diagnostics import open_log_folder
from reader.gui.discs.controller import ArchivesController
from reader.gui.indexing.controller import IndexingController
from reader.gui.indexing.ocr import OcrController
from reader.gui.language import translate
from reader.gui.library.controller import LibraryController
from reader.gui.library.panel import LibraryPanel
from reader.gui.reading.controller import Place, ReadingController
from reader.gui.reading.documents_out import DocumentsOut
from reader.gui.reading.printing import Printing
from reader.gui.search.panel import SearchPanel
from reader.gui.viewers.reading_colours import ReadingColoursControl
from reader.paths import app_dirs


class MenuHost(Protocol):
    """What the menus act on: the window's controllers and a few of its own actions."""

    archives: ArchivesController
    indexing: IndexingController
    ocr: OcrController
    reading: ReadingController
    documents: DocumentsOut
    printing: Printing
    library: LibraryController
    search_panel: SearchPanel
    library_panel: LibraryPanel
    side: QTabWidget
    reading_colours: ReadingColoursControl

    def menuBar(self) -> QMenuBar: ...

    def close(self) -> bool: ...

    def export_results(self) -> None: ...

    def show_side(self, index: int) -> None: ...

    def show_syntax(self) -> None: ...

    def show_about(self) -> None: ...

    def edit_preferences(self) -> None: ...


Key = QKeySequence.StandardKey | str | list[QKeySequence | str]


def _action(menu: QMenu, text: str, slot: Callable[[], object], key: Key | None = None) -> QAction:
    # The menu owns its actions; their keys work anywhere in the window (menu bar actions).
    action = QAction(text, menu)
    if isinstance(key, QKeySequence.StandardKey):
        action.setShortcuts(key)  # all of the platform's keys for it
    elif isinstance(key, list):
        action.setShortcuts([QKeySequence(k) for k in key])
    elif key is not None:
        action.setShortcut(QKeySequence(key))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


@dataclass(frozen=True)
class Menus:
    """What the window changes in its menus after building them."""

    archives: QMenu  # File → Switch Archive, filled when it opens
    recent: QMenu  # File → Open Recent, filled when it opens
    cancel_indexing: QAction  # enabled while a run goes
    document_out: list[QAction]  # the ways out of the document shown: enabled with one


def build_menus(window: MenuHost) -> Menus:
    """File, Edit, Go, View and Help, with their keys."""
    menus = _file_menu(window)
    _other_menus(window)
    return menus


def _file_menu(window: MenuHost) -> Menus:
    bar = window.menuBar()
    archives, reading, library = window.archives, window.reading, window.library
    std = QKeySequence.StandardKey

    file = bar.addMenu(translate("Menus", "&File"))
    _action(file, translate("Menus", "Open Disc or &Folder…"), archives.choose_folder, std.Open)
    _action(file, translate("Menus", "Open &ISO Image…"), archives.choose_iso, "Ctrl+Shift+O")
    recent = file.addMenu(translate("Menus", "Open Recen&t"))
    recent.aboutToShow.connect(lambda: archives.fill_recent_menu(recent))
    _action(file, translate("Menus", "Open the &Sample Archive"), archives.open_sample)
    # Every archive on this machine, to search one whose discs are not inserted.
    archives_menu = file.addMenu(translate("Menus", "Switch &Archive"))
    archives_menu.aboutToShow.connect(lambda: archives.fill_archives_menu(archives_menu))
    file.addSeparator()
    # The same entries as a result's context menu, for the document shown.
    out = window.documents
    ways_out: list[tuple[str, Callable[[Place], None], Key | None]] = [
        (translate("Menus", "Open &with System Viewer"), out.open_with_system, None),
        (translate("Menus", "Save a Cop&y…"), out.save_copy, std.Save),
        (translate("Menus", "Show in Fo&lder"), out.show_in_folder, None),
        (translate("Menus", "Copy &Path"), out.copy_path, None),
    ]
    document_out = [
        _action(file, text, partial(out.on_shown, act), key) for text, act, key in ways_out
    ]
    file.addSeparator()
    document_out.append(
        _action(file, translate("Menus", "Pri&nt…"), window.printing.print_shown, std.Print)
    )
    # Not StandardKey.SaveAs: it is empty on Windows; Ctrl+Shift+S is its key elsewhere.
    save_pdf = _action(
        file, translate("Menus", "Save as PD&F…"), window.printing.save_pdf_shown, "Ctrl+Shift+S"
    )
    document_out.append(save_pdf)
    file.addSeparator()
    _action(file, translate("Menus", "Export Results as &CSV…"), window.export_results)
    _action(file, translate("Menus", "&Export Bookmarks and Notes…"), library.export_library)
    _action(file, translate("Menus", "I&mport Bookmarks and Notes…"), library.import_library)
    file.addSeparator()
    _action(file, translate("Menus", "&Retry Failed Files"), window.indexing.retry_failed)
    _action(
        file,
        translate("Menus", "Read Scanned Pages (&OCR)"),
        lambda: window.ocr.maybe_start(asked=True),
    )
    cancel = _action(file, translate("Menus", "&Cancel Indexing"), window.indexing.cancel)
    cancel.setEnabled(False)
    file.addSeparator()
    # Not StandardKey.Quit: it is empty on Windows (and offscreen); Ctrl+Q is Cmd+Q on a Mac.
    _action(file, translate("Menus", "Close &Document"), reading.close_document, std.Close)
    _action(file, translate("Menus", "&Quit"), window.close, "Ctrl+Q")
    return Menus(archives_menu, recent, cancel, document_out)


def _other_menus(window: MenuHost) -> None:
    bar = window.menuBar()
    reading, library = window.reading, window.library
    std = QKeySequence.StandardKey

    edit = bar.addMenu(translate("Menus", "&Edit"))
    _action(edit, translate("Menus", "&Find in Document…"), reading.find_in_document, std.Find)
    _action(
        edit,
        translate("Menus", "Search the &Archive"),
        window.search_panel.focus_query,
        ["Ctrl+L", "Ctrl+K"],
    )
    edit.addSeparator()
    _action(edit, translate("Menus", "&Bookmark This Page"), library.toggle_bookmark, "Ctrl+D")
    _action(edit, translate("Menus", "Copy &Citation"), library.copy_citation, "Ctrl+Shift+C")
    edit.addSeparator()
    # The platform's key (Cmd+, on macOS); Linux desktops have none, so Ctrl+, there.
    prefs = std.Preferences if QKeySequence.keyBindings(std.Preferences) else "Ctrl+,"
    _action(edit, translate("Menus", "Pre&ferences…"), window.edit_preferences, prefs).setMenuRole(
        QAction.MenuRole.PreferencesRole
    )

    go = bar.addMenu(translate("Menus", "&Go"))
    _action(go, translate("Menus", "&Back"), reading.go_back, std.Back)
    _action(go, translate("Menus", "&Forward"), reading.go_forward, std.Forward)
    # The platform's find-next keys: F3 and Ctrl+G on Linux and Windows, Cmd+G on macOS.
    _action(go, translate("Menus", "&Next Hit"), reading.next_hit, std.FindNext)
    _action(
        go,
        translate("Menus", "&Previous Hit"),
        lambda: reading.next_hit(backwards=True),
        std.FindPrevious,
    )

    view = bar.addMenu(translate("Menus", "&View"))
    _action(view, translate("Menus", "&Search Panel"), lambda: window.show_side(0), "Ctrl+1")
    _action(view, translate("Menus", "&Browse Panel"), lambda: window.show_side(1), "Ctrl+2")
    _action(
        view,
        translate("Menus", "&Library Panel"),
        lambda: window.show_side(window.side.indexOf(window.library_panel)),
        "Ctrl+3",
    )
    view.addSeparator()
    # Reading Colours (System, Light, Dark) and Invert PDF Pages in Dark Mode.
    window.reading_colours.add_menu(view)

    help_menu = bar.addMenu(translate("Menus", "&Help"))
    _action(help_menu, translate("Menus", "Search &Syntax"), window.show_syntax, std.HelpContents)
    # Where a bug report's log and crash stack are (the Windows build has no console).
    _action(
        help_menu,
        translate("Menus", "Open &Log Folder"),
        lambda: open_log_folder(app_dirs(), bar.window()),
    )
    _action(help_menu, translate("Menus", "&About Archive Reader"), window.show_about)
