"""The Library side panel: the open document's tags and notes; bookmarks, notes, tags, history."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QLocale, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.library.store import Library

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 500
HISTORY_SHOWN = 2000
ABSENT = "disc not inserted"  # in English, what the rows of an absent disc's documents say
# (volume_id, path, where): where is a PDF page (int), an HTML anchor (str) or None.
DocRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2  # bookmark or note id
# A bookmark's place in an HTML or text document: a character offset (0: the top).
OffsetRole = Qt.ItemDataRole.UserRole + 3


def _local(stamp: str) -> str:
    """A stored UTC time as local "YYYY-MM-DD HH:MM"."""
    try:
        return (
            datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            .astimezone()
            .strftime("%Y-%m-%d %H:%M")
        )
    except ValueError:
        return stamp


class BookmarkStar(QToolButton):
    """The star in the document header: filled when the open document is bookmarked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoRaise(True)
        self.setAccessibleName(self.tr("Bookmark"))
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.setFont(font)
        self._normal = self.palette().color(QPalette.ColorRole.ButtonText)
        self.set_state(False, enabled=False)

    def set_state(self, on: bool, *, enabled: bool = True) -> None:
        self.setText("★" if on else "☆")
        self.setEnabled(enabled)
        self.setToolTip(
            self.tr(
                "Bookmarked: Ctrl+D removes the bookmark of this page "
                "(in a page or text scrolled away from it, moves it to the place shown)"
            )
            if on
            else self.tr("Bookmark this document or page (Ctrl+D)")
        )
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.ButtonText, QColor("#c99400") if on else self._normal)
        self.setPalette(palette)


class _FilteredTree(QWidget):
    """A filter box over a tree; double-click or Enter asks to open the item's document.

    Signals:
        activated(str, str, object, int): (volume id, path, where, offset), as
            LibraryPanel.open_requested.
    """

    activated = Signal(str, str, object, int)

    def __init__(self, columns: list[str], placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter"))
        self.filter.textChanged.connect(self.apply_filter)
        layout.addWidget(self.filter)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(columns)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self.activate_item)
        # The first column (the title) takes the room the others leave; they are as wide as
        # their texts (a disc label, a date). A title still too long shows in full on hover.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(columns)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 1)

    def add_below(self, widget: QWidget) -> None:
        """A widget under the list (a button that acts on all of it)."""
        self._layout.addWidget(widget)

    def activate_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        doc = item.data(0, DocRole)
        if doc is not None:
            self.activated.emit(doc[0], doc[1], doc[2], int(item.data(0, OffsetRole) or 0))

    def apply_filter(self) -> None:
        words = self.filter.text().casefold().split()
        root = self.tree.invisibleRootItem()
        for i in range(root.childCount()):
            top = root.child(i)
            if top is None:
                continue
            own = _matches(top, words)
            any_child = False
            for j in range(top.childCount()):
                child = top.child(j)
                if child is None:
                    continue
                shown = own or _matches(child, words)
                child.setHidden(not shown)
                any_child |= shown
            top.setHidden(not (own or any_child))

    def add(
        self,
        texts: list[str],
        doc: tuple[str, str, int | str | None] | None,
        *,
        absent: bool = False,
        parent: QTreeWidgetItem | None = None,
        item_id: int | None = None,
        tooltip: str = "",
        offset: int = 0,
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent if parent is not None else self.tree, texts)
        item.setData(0, DocRole, doc)
        item.setData(0, IdRole, item_id)
        item.setData(0, OffsetRole, offset)
        for c, text in enumerate(texts):
            item.setToolTip(c, text)
        if tooltip:
            item.setToolTip(0, f"{texts[0]}\n{tooltip}" if texts and texts[0] else tooltip)
        if absent:
            grey = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
            for c in range(len(texts)):
                item.setForeground(c, grey)
                absent_tip = self.tr("The disc is not inserted.")
                item.setToolTip(c, f"{item.toolTip(c)}\n{absent_tip}".lstrip())
        return item

    def finish(self) -> None:
        self.apply_filter()


def _matches(item: QTreeWidgetItem, words: list[str]) -> bool:
    text = " ".join(item.text(c) for c in range(item.columnCount())).casefold()
    tip = (item.toolTip(0) or "").casefold()
    return all(w in text or w in tip for w in words)


class LibraryPanel(QWidget):
    """Tags and notes of the open document over four lists of the whole library.

    Notes save themselves ~500 ms after the last keystroke, each save one transaction.

    Signals:
        open_requested(str, str, object, int): open (volume id, path) at a PDF page (int),
            an HTML anchor (str) or the start (None); and, in an HTML or text document, at a
            character offset (a bookmark's place; 0: the top, or the anchor).
        changed(): bookmarks, notes or tags changed here (the window updates its star).
    """

    open_requested = Signal(str, str, object, int)
    changed = Signal()

    def __init__(
        self,
        library: Library,
        is_present: Callable[[str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._is_present = is_present
        self._doc: tuple[str, str, str, str] | None = None  # volume id, path, title, disc
        self._note_id: int | None = None
        self._dirty = False
        self._loading = False
        self._stale = True

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        split = QSplitter(Qt.Orientation.Vertical, self)
        layout.addWidget(split)
        self._build_document_side(QWidget(split))
        self._build_library_lists(split)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)
        self.set_document(None)

    def _build_document_side(self, current: QWidget) -> None:
        """The open document's tags (chips and an entry) and notes (a list and an editor)."""
        cur = QVBoxLayout(current)
        cur.setContentsMargins(0, 0, 0, 0)
        self.doc_label = QLabel(current)
        self.doc_label.setWordWrap(True)
        self.doc_label.setTextFormat(Qt.TextFormat.RichText)
        cur.addWidget(self.doc_label)
        tag_row = QHBoxLayout()
        self.tag_edit = QLineEdit(current)
        self.tag_edit.setPlaceholderText(self.tr("Add a tag and press Enter"))
        self.tag_edit.setAccessibleName(self.tr("Add a tag"))
        self.tag_edit.returnPressed.connect(self._add_tag)
        self._tag_names = QStringListModel(self)
        completer = QCompleter(self._tag_names, self.tag_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_edit.setCompleter(completer)
        tag_row.addWidget(self.tag_edit, 1)
        cur.addLayout(tag_row)
        self._build_chips(current)
        cur.addWidget(self.chips)
        self._build_note_row(current, cur)
        self.editor = QPlainTextEdit(current)
        self.editor.setAccessibleName(self.tr("Note"))
        self.editor.setPlaceholderText(
            self.tr("Write a note about this document; it saves itself.")
        )
        self.editor.textChanged.connect(self._note_edited)
        cur.addWidget(self.editor, 1)
        self.save_state = QLabel(current)
        self.save_state.setEnabled(False)
        cur.addWidget(self.save_state)

    def _build_chips(self, current: QWidget) -> None:
        self.chips = QListWidget(current)
        self.chips.setAccessibleName(self.tr("Tags of this document"))
        self.chips.setFlow(QListView.Flow.LeftToRight)
        self.chips.setWrapping(True)
        self.chips.setSpacing(3)
        self.chips.setMaximumHeight(self.fontMetrics().height() * 2 + 18)
        self.chips.setToolTip(
            self.tr("Double-click a tag (or select it and press Delete) to remove it")
        )
        self.chips.itemDoubleClicked.connect(self._remove_tag)
        QShortcut(QKeySequence.StandardKey.Delete, self.chips, self._remove_selected_tag)

    def _build_note_row(self, current: QWidget, cur: QVBoxLayout) -> None:
        note_row = QHBoxLayout()
        self.note_box = QComboBox(current)
        self.note_box.setAccessibleName(self.tr("Notes of this document"))
        self.note_box.currentIndexChanged.connect(self._pick_note)
        note_row.addWidget(self.note_box, 1)
        self.new_note_button = QPushButton(self.tr("New Note"), current)
        self.new_note_button.clicked.connect(self.new_note)
        note_row.addWidget(self.new_note_button)
        self.delete_note_button = QPushButton(self.tr("Delete"), current)
        self.delete_note_button.setToolTip(self.tr("Delete this note"))
        self.delete_note_button.clicked.connect(self.delete_note)
        note_row.addWidget(self.delete_note_button)
        cur.addLayout(note_row)

    def _build_library_lists(self, split: QSplitter) -> None:
        """The whole library: bookmarks, notes, tags and history, each with a filter."""
        self.tabs = QTabWidget(split)
        self.tabs.setDocumentMode(True)
        self.bookmarks = _FilteredTree(
            [self.tr("Document"), self.tr("Where"), self.tr("Added")], self.tr("Filter bookmarks")
        )
        self.notes = _FilteredTree(
            [self.tr("Note"), self.tr("Document"), self.tr("Edited")], self.tr("Filter notes")
        )
        self.tags = _FilteredTree(
            [self.tr("Tag / document"), self.tr("Where")], self.tr("Filter tags")
        )
        self.tags.tree.setRootIsDecorated(True)
        self.history = _FilteredTree(
            [self.tr("Document"), self.tr("Where"), self.tr("Opened")], self.tr("Filter history")
        )
        for tree, name in (
            (self.bookmarks, self.tr("Bookmarks")),
            (self.notes, self.tr("Notes")),
            (self.tags, self.tr("Tags")),
            (self.history, self.tr("History")),
        ):
            self.tabs.addTab(tree, name)
            tree.activated.connect(self.open_requested)
        self.bookmarks.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.bookmarks.tree.customContextMenuRequested.connect(self._bookmark_menu)
        self.clear_history_button = QPushButton(self.tr("Clear History"), self.history)
        self.clear_history_button.setToolTip(
            self.tr("Forget which documents were opened (bookmarks, notes and tags stay)")
        )
        self.clear_history_button.clicked.connect(self.clear_history)
        self.history.add_below(self.clear_history_button)
        self.tabs.currentChanged.connect(lambda _i: self.reload())

    def clear_history(self) -> None:
        """Forget the documents opened, after asking."""
        answer = QMessageBox.question(
            self,
            self.tr("Clear the history?"),
            self.tr("Forget which documents were opened and when? Bookmarks, notes and tags stay."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.library.clear_history()
            self._changed()

    # The open document

    def set_document(
        self, volume_id: str | None, path: str = "", *, title: str = "", disc: str = ""
    ) -> None:
        """Show the tags and notes of this document (None: no document is open)."""
        self.flush()
        self._doc = None if volume_id is None else (volume_id, path, title, disc)
        enabled = self._doc is not None
        for w in (self.tag_edit, self.chips, self.editor, self.note_box, self.new_note_button):
            w.setEnabled(enabled)
        self.doc_label.setText(
            f"<b>{html.escape(title or path)}</b><br>{html.escape(disc)} · {html.escape(path)}"
            if enabled
            else self.tr("No document open.")
        )
        self._load_tags()
        self._load_notes()

    def _load_tags(self) -> None:
        self.chips.clear()
        self._tag_names.setStringList([t.name for t in self.library.tags()])
        if self._doc is None:
            return
        for name in self.library.tags_of(self._doc[0], self._doc[1]):
            item = QListWidgetItem(f"{name}  ✕", self.chips)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self.chips.setVisible(self.chips.count() > 0)

    def _add_tag(self) -> None:
        name = self.tag_edit.text()
        if self._doc is None or not name.strip():
            return
        vid, path, title, disc = self._doc
        self.library.add_tag(vid, path, name, title=title, disc=disc)
        self.tag_edit.clear()
        self._load_tags()
        self._changed()

    def _remove_tag(self, item: QListWidgetItem) -> None:
        if self._doc is not None:
            self.library.remove_tag(self._doc[0], self._doc[1], item.data(Qt.ItemDataRole.UserRole))
            self._load_tags()
            self._changed()

    def _remove_selected_tag(self) -> None:
        item = self.chips.currentItem()
        if item is not None:
            self._remove_tag(item)

    def _load_notes(self, select: int | None = None) -> None:
        self._loading = True
        self.note_box.blockSignals(True)
        self.note_box.clear()
        notes = [] if self._doc is None else self.library.notes(self._doc[0], self._doc[1])
        for i, n in enumerate(notes, 1):
            first = n.text.strip().splitlines()[0][:60] if n.text.strip() else self.tr("(empty)")
            self.note_box.addItem(
                self.tr("Note {number} · {text}").format(number=i, text=first), n.id
            )
        if not notes:
            self.note_box.addItem(self.tr("New note"), None)
        index = self.note_box.findData(select) if select is not None else 0
        self.note_box.setCurrentIndex(max(index, 0))
        self.note_box.blockSignals(False)
        self._loading = False
        self._pick_note()
        self.note_box.setEnabled(self._doc is not None)
        self.delete_note_button.setEnabled(self._note_id is not None)

    def _pick_note(self) -> None:
        self.flush()
        self._note_id = self.note_box.currentData()
        note = self.library.note(self._note_id) if self._note_id is not None else None
        self._loading = True
        self.editor.setPlainText(note.text if note else "")
        self._loading = False
        saved = self.tr("Saved {time}").format(time=_local(note.updated)) if note else ""
        self.save_state.setText(saved)
        self.delete_note_button.setEnabled(self._note_id is not None)

    def new_note(self) -> None:
        self.flush()
        self._loading = True
        self.note_box.blockSignals(True)
        self.note_box.addItem(self.tr("New note"), None)
        self.note_box.setCurrentIndex(self.note_box.count() - 1)
        self.note_box.blockSignals(False)
        self.note_box.setEnabled(True)
        self._note_id = None
        self.editor.clear()
        self._loading = False
        self.save_state.setText("")
        self.editor.setFocus()

    def delete_note(self) -> None:
        self._save_timer.stop()
        self._dirty = False
        if self._note_id is not None:
            self.library.delete_note(self._note_id)
            self._note_id = None
            self._changed()
        self._load_notes()

    def _note_edited(self) -> None:
        if self._loading or self._doc is None:
            return
        self._dirty = True
        self.save_state.setText(self.tr("Editing…"))
        self._save_timer.start()

    def flush(self) -> None:
        """Save the note being edited now (called by the timer, on switching, on closing)."""
        self._save_timer.stop()
        if not self._dirty or self._doc is None:
            return
        self._dirty = False
        text = self.editor.toPlainText()
        vid, path, title, disc = self._doc
        if self._note_id is None:
            if not text.strip():
                return
            note = self.library.add_note(vid, path, text, title=title, disc=disc)
            self._note_id = note.id
            self.note_box.setItemData(self.note_box.currentIndex(), note.id)
        else:
            self.library.update_note(self._note_id, text)
        first = text.strip().splitlines()[0][:60] if text.strip() else self.tr("(empty)")
        at = self.note_box.currentIndex()
        self.note_box.setItemText(
            at, self.tr("Note {number} · {text}").format(number=at + 1, text=first)
        )
        self.delete_note_button.setEnabled(True)
        now = datetime.now().strftime("%H:%M:%S")
        self.save_state.setText(self.tr("Saved {time}").format(time=now))
        self._changed()

    def _changed(self) -> None:
        self._stale = True
        self.reload()
        self.changed.emit()

    # The lists

    def refresh(self) -> None:
        """The library changed elsewhere (a bookmark, an opened document, an import)."""
        self._stale = True
        if self._doc is not None and not self._dirty:
            self._load_tags()
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        """Fill the lists again, when they are stale and can be seen."""
        if not self._stale or not self.isVisible():
            return
        self.reload_now()

    def reload_now(self) -> None:
        self._stale = False
        present: dict[str, bool] = {}

        def absent(vid: str) -> bool:
            if vid not in present:
                present[vid] = self._is_present(vid)
            return not present[vid]

        def where(disc: str, vid: str, path: str, page: int | None = None) -> str:
            label = disc or vid
            if absent(vid):
                label = self.tr("{disc} (disc not inserted)").format(disc=label)
            page_text = " · " + self.tr("p. {page}").format(page=page) if page else ""
            return f"{label} · {path}{page_text}"

        self.bookmarks.tree.clear()
        for b in self.library.bookmarks():
            place = where(b.disc, b.volume_id, b.path, b.page)
            if b.anchor:
                place += f" #{b.anchor}"
            self.bookmarks.add(
                [b.label or b.title or b.path, place, _local(b.created)],
                (b.volume_id, b.path, b.page or b.anchor or None),
                absent=absent(b.volume_id),
                item_id=b.id,
                offset=b.offset,
            )
        self.bookmarks.finish()

        self.notes.tree.clear()
        for n in self.library.notes():
            first = " ".join(n.text.split())[:120] or self.tr("(empty)")
            self.notes.add(
                [first, n.title or n.path, _local(n.updated)],
                (n.volume_id, n.path, None),
                absent=absent(n.volume_id),
                item_id=n.id,
                tooltip=n.text[:1000] + "\n\n" + where(n.disc, n.volume_id, n.path),
            )
        self.notes.finish()

        self.tags.tree.clear()
        for tag in self.library.tags():
            top = self.tags.add([f"{tag.name} ({QLocale().toString(tag.count)})", ""], None)
            for d in self.library.docs_with_tag(tag.name):
                self.tags.add(
                    [d.title or d.path, where(d.disc, d.volume_id, d.path)],
                    (d.volume_id, d.path, None),
                    absent=absent(d.volume_id),
                    parent=top,
                )
            top.setExpanded(True)
        self.tags.finish()

        self.history.tree.clear()
        for h in self.library.history(HISTORY_SHOWN):
            self.history.add(
                [h.title or h.path, where(h.disc, h.volume_id, h.path, h.page), _local(h.opened)],
                (h.volume_id, h.path, h.page),
                absent=absent(h.volume_id),
            )
        self.history.finish()

    def _bookmark_menu(self, pos: Any) -> None:
        item = self.bookmarks.tree.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        open_action = menu.addAction(self.tr("Open"))
        remove_action = menu.addAction(self.tr("Remove Bookmark"))
        chosen = menu.exec(self.bookmarks.tree.viewport().mapToGlobal(pos))
        if chosen is open_action:
            self.bookmarks.activate_item(item)
        elif chosen is remove_action:
            self.library.remove_bookmark(item.data(0, IdRole))
            self._changed()


__all__ = ["BookmarkStar", "LibraryPanel"]
