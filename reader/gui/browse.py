"""Browse the archive without searching: discs and folders, or documents by year (lazy trees)."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable

from PySide6.QtCore import QLocale, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyle, QTabWidget, QTreeView, QWidget

from reader.gui.core_text import said
from reader.gui.file_drag import DragData, start_file_drag
from reader.gui.icons import kind_icon, standard
from reader.gui.language import translate
from reader.model import State, VolumeRecord
from reader.sentences import QT_TRANSLATE_NOOP
from reader.store.catalogue import FileRecord

PathRole = Qt.ItemDataRole.UserRole + 1  # (volume id, path) of a file item
FolderRole = Qt.ItemDataRole.UserRole + 2  # (volume id, folder) of a not yet filled folder
VolumeRole = Qt.ItemDataRole.UserRole + 3  # volume id of a disc item


class _FolderIndex:
    """Children of every folder of one volume, built once from the catalogue's paths."""

    def __init__(self, records: Iterable[FileRecord]) -> None:
        self.folders: dict[str, set[str]] = defaultdict(set)
        self.files: dict[str, list[FileRecord]] = defaultdict(list)
        for r in records:
            folder = posixpath.dirname(r.path)
            self.files[folder].append(r)
            while folder:
                parent = posixpath.dirname(folder)
                if folder in self.folders[parent]:
                    break
                self.folders[parent].add(folder)
                folder = parent


class FileTree(QTreeView):
    """A Browse tree; a file dragged out offers its file (see start_file_drag)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drag_data: DragData | None = None
        self.setDragEnabled(True)
        self.setDragDropMode(QTreeView.DragDropMode.DragOnly)

    def set_drag_data(self, data: DragData) -> None:
        self._drag_data = data

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        refs = [i.data(PathRole) for i in self.selectedIndexes()]
        start_file_drag(self, [(r[0], r[1]) for r in refs if r], self._drag_data)


# A file's state, as its tooltip says it.
_STATES = {
    State.PENDING: QT_TRANSLATE_NOOP("BrowsePanel", "not indexed yet"),
    State.INDEXED: QT_TRANSLATE_NOOP("BrowsePanel", "indexed"),
    State.FAILED: QT_TRANSLATE_NOOP("BrowsePanel", "failed"),
    State.SKIPPED: QT_TRANSLATE_NOOP("BrowsePanel", "skipped"),
}


class BrowsePanel(QTabWidget):
    """Two lazy trees: Folders (disc > folder > file) and Years (year > file).

    Signals:
        file_activated(str, str): (volume id, path) of a file the user opened.
        menu_requested(str, str, QPoint): the context menu of a file: (volume id, path,
            global position).
    """

    file_activated = Signal(str, str)
    menu_requested = Signal(str, str, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.folder_model = QStandardItemModel(self)
        self.folder_view = self._view(self.folder_model, self.tr("Folders"))
        self.folder_view.expanded.connect(self._fill)
        self.year_model = QStandardItemModel(self)
        self.year_view = self._view(self.year_model, self.tr("Documents by year"))
        self.year_view.expanded.connect(self._fill_year)
        self.addTab(self.folder_view, self.tr("Folders"))
        self.addTab(self.year_view, self.tr("Years"))
        self._indexes: dict[str, _FolderIndex] = {}
        self._by_year: dict[int | None, list[FileRecord]] = {}

    def _view(self, model: QStandardItemModel, name: str) -> FileTree:
        view = FileTree(self)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos: self._menu_at(view, pos))
        view.setModel(model)
        view.setHeaderHidden(True)
        view.setUniformRowHeights(True)  # keeps 10,000-item folders fast
        view.setAccessibleName(name)
        view.activated.connect(self._activate)
        return view

    def load(self, volumes: list[VolumeRecord], records: Iterable[FileRecord]) -> None:
        """(Re)build from the catalogue; folders are filled when first expanded."""
        by_volume: dict[str, list[FileRecord]] = defaultdict(list)
        self._by_year = defaultdict(list)
        for r in records:
            by_volume[r.volume_id].append(r)
            self._by_year[r.year].append(r)
        self._indexes = {vid: _FolderIndex(rs) for vid, rs in by_volume.items()}
        self.folder_model.clear()
        disc_icon = standard(QStyle.StandardPixmap.SP_DriveCDIcon)
        for v in volumes:
            item = QStandardItem(
                disc_icon, self.tr("{disc}  (%Ln files)", "", v.files).format(disc=v.label)
            )
            item.setEditable(False)
            item.setDragEnabled(False)
            item.setData((v.id, ""), FolderRole)
            item.setData(v.id, VolumeRole)
            item.appendRow(QStandardItem("…"))  # placeholder so the arrow shows
            self.folder_model.appendRow(item)
        self.year_model.clear()
        for year in sorted(self._by_year, key=lambda y: (y is None, y or 0)):
            label = str(year) if year is not None else self.tr("No date")
            item = QStandardItem(f"{label}  ({QLocale().toString(len(self._by_year[year]))})")
            item.setEditable(False)
            item.setDragEnabled(False)
            item.setData(year, FolderRole)
            item.appendRow(QStandardItem("…"))
            self.year_model.appendRow(item)

    def _fill(self, index: QModelIndex) -> None:
        item = self.folder_model.itemFromIndex(index)
        target = item.data(FolderRole)
        if target is None:
            return
        item.setData(None, FolderRole)
        item.removeRows(0, item.rowCount())
        vid, folder = target
        tree = self._indexes.get(vid)
        if tree is None:
            return
        folder_icon = standard(QStyle.StandardPixmap.SP_DirIcon)
        for sub in sorted(tree.folders.get(folder, ())):
            child = QStandardItem(folder_icon, posixpath.basename(sub))
            child.setEditable(False)
            child.setDragEnabled(False)
            child.setData((vid, sub), FolderRole)
            child.appendRow(QStandardItem("…"))
            item.appendRow(child)
        for r in sorted(tree.files.get(folder, ()), key=lambda r: r.path):
            item.appendRow(self._file_item(r, posixpath.basename(r.path)))

    def _fill_year(self, index: QModelIndex) -> None:
        item = self.year_model.itemFromIndex(index)
        if item.rowCount() != 1 or item.child(0).data(PathRole) is not None:
            return
        year = item.data(FolderRole)
        item.removeRows(0, item.rowCount())
        records = sorted(self._by_year.get(year, ()), key=lambda r: (r.date or "", r.path))
        for r in records:
            item.appendRow(self._file_item(r, f"{r.date or '?'}  {r.title or r.path}"))

    @staticmethod
    def _file_item(r: FileRecord, text: str) -> QStandardItem:
        item = QStandardItem(kind_icon(r.kind), text)
        item.setEditable(False)
        item.setData((r.volume_id, r.path), PathRole)
        state = translate("BrowsePanel", _STATES[r.state])
        item.setToolTip(f"{r.path}\n{state}" + (f": {said(r.error)}" if r.error else ""))
        return item

    def reveal(self, volume_id: str, folder: str) -> None:
        """Expand the tree down to `folder` of the volume and select it."""
        self.setCurrentWidget(self.folder_view)
        parent = next(
            (
                self.folder_model.item(row)
                for row in range(self.folder_model.rowCount())
                if self.folder_model.item(row).data(VolumeRole) == volume_id
            ),
            None,
        )
        if parent is None:
            return
        parts = [p for p in folder.split("/") if p]
        for depth in range(len(parts) + 1):
            self.folder_view.expand(parent.index())
            self._fill(parent.index())
            if depth == len(parts):
                break
            name = parts[depth]
            child = next(
                (
                    parent.child(r)
                    for r in range(parent.rowCount())
                    if parent.child(r).text() == name and parent.child(r).data(PathRole) is None
                ),
                None,
            )
            if child is None:
                break
            parent = child
        self.folder_view.setCurrentIndex(parent.index())
        self.folder_view.scrollTo(parent.index())

    def set_drag_data(self, data: DragData) -> None:
        """What dragging a file out of either tree offers."""
        self.folder_view.set_drag_data(data)
        self.year_view.set_drag_data(data)

    def _menu_at(self, view: QTreeView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        if not index.isValid():  # the menu key: the current item
            index = view.currentIndex()
            pos = view.visualRect(index).center()
        target = index.data(PathRole)
        if target:
            view.setCurrentIndex(index)
            self.menu_requested.emit(*target, view.viewport().mapToGlobal(pos))

    def _activate(self, index: QModelIndex) -> None:
        target = index.data(PathRole)
        if target:
            self.file_activated.emit(*target)
