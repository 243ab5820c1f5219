"""The main window: search on the left, the document on the right, indexing on top."""

from __future__ import annotations

import logging
import posixpath
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader import settings as settings_mod
from reader.gui import discs as disc_ui
from reader.gui.browse import BrowsePanel
from reader.gui.jobs import IndexJob
from reader.gui.library_panel import BookmarkStar, LibraryPanel, open_library
from reader.gui.progress_panel import ProgressPanel
from reader.gui.search_help import SYNTAX_HTML
from reader.gui.search_panel import SearchPanel
from reader.gui.viewers.base import OpenRequest, Viewer
from reader.gui.viewers.html import MAX_HTML_BYTES, HtmlViewer
from reader.gui.viewers.image import MAX_IMAGE_BYTES, ImageViewer
from reader.gui.viewers.other import OtherViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.text import MAX_TEXT_BYTES, TextViewer
from reader.gui.welcome import WelcomeView
from reader.indexing.progress import Progress, RunSummary
from reader.indexing.scan import kind_for
from reader.library.store import LibraryError
from reader.library.transfer import export_file, import_json
from reader.model import Kind
from reader.search.engine import Sort, search
from reader.search.export import archive_title, citation, export_results_csv
from reader.search.syntax import parse
from reader.settings import Settings
from reader.source import source_offer
from reader.sources.mounts import mount_paths
from reader.sources.opener import open_volume
from reader.sources.registry import DiscRegistry
from reader.sources.volume import Volume, VolumeError
from reader.store.archive import Archive, archive_summaries

log = logging.getLogger(__name__)

MAX_OPEN_BYTES = 512 * 1024 * 1024  # a PDF is read whole (MuPDF needs all of it)
# Each viewer shows at most this much; one byte more tells it the file was longer.
READ_LIMITS = {
    Kind.HTML: MAX_HTML_BYTES + 1,
    Kind.TXT: MAX_TEXT_BYTES + 1,
    Kind.IMAGE: MAX_IMAGE_BYTES + 1,
    Kind.ZIP: 64 * 1024,
    Kind.OTHER: 64 * 1024,
}
RECENT_MAX = 8


@dataclass(frozen=True)
class Place:
    """A spot in the reading history.

    `offset`: in an HTML or text document, a character offset to show at the top (a
    bookmark's place; see Viewer.text_position); 0 for the top.
    """

    volume_id: str
    path: str
    page: int | None = None
    fragment: str = ""
    offset: int = 0


class DocumentPane(QWidget):
    """The right side: a header (title, place, back/forward) over the viewer of the kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = self.header = QHBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        self.back_button = QToolButton(self)
        self.back_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.back_button.setToolTip("Back (Alt+Left)")
        self.back_button.setAccessibleName("Back")
        self.forward_button = QToolButton(self)
        self.forward_button.setArrowType(Qt.ArrowType.RightArrow)
        self.forward_button.setToolTip("Forward (Alt+Right)")
        self.forward_button.setAccessibleName("Forward")
        header.addWidget(self.back_button)
        header.addWidget(self.forward_button)
        self.title = QLabel(self)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setAccessibleName("Document title")
        header.addWidget(self.title, 1)
        layout.addLayout(header)
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel("Open a search result or a file to read it here.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        self.stack.addWidget(self.placeholder)
        layout.addWidget(self.stack, 1)

    def set_title(self, title: str, place: str) -> None:
        self.title.setText(f"<b>{_esc(title)}</b>&nbsp;&nbsp;<span>{_esc(place)}</span>")
        self.title.setToolTip(place)


def _esc(text: str) -> str:
    import html

    return html.escape(text)


class MainWindow(QMainWindow):
    """The reader's window. Everything it needs is passed in; no global app object."""

    def __init__(
        self,
        settings: Settings,
        *,
        archive_name: str = "default",
        mount_source: disc_ui.MountSource | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.archive = Archive.named(archive_name)
        self.discs = DiscRegistry()
        # Where discs may be mounted (tests pass their own list); see reader.sources.mounts.
        self.mount_source: disc_ui.MountSource = mount_source or mount_paths
        self.insert_disc_dialog: disc_ui.InsertDiscDialog | None = None
        self.disc_watcher: disc_ui.DiscWatcher | None = None
        self.job: IndexJob | None = None
        self._status_primed = False
        self._job_volumes: list[Volume] = []
        self._history: list[Place] = []
        self._history_pos = -1
        self._terms: tuple[str, ...] = ()
        self.current: Place | None = None
        self.setWindowTitle("Archive Reader")
        self.setAcceptDrops(True)
        self.resize(1280, 820)

        self.pages = QStackedWidget(self)
        self.welcome = WelcomeView(self)
        self.welcome.open_folder_requested.connect(self.choose_folder)
        self.welcome.open_iso_requested.connect(self.choose_iso)
        self.welcome.sample_requested.connect(self.open_sample)
        self.welcome.recent_requested.connect(lambda p: self.open_paths([p]))
        self.pages.addWidget(self.welcome)

        main = QWidget(self)
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        self.progress = ProgressPanel(main)
        self.progress.hide()
        self.progress.cancel_requested.connect(self.cancel_indexing)
        self.progress.retry_requested.connect(self.retry_failed)
        main_layout.addWidget(self.progress)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, main)
        self.side = QTabWidget(self.splitter)
        self.side.setDocumentMode(True)
        self.search_panel = SearchPanel(self._run_search, self.side)
        self.search_panel.hit_activated.connect(self.open_hit)
        self.search_panel.help_requested.connect(self.show_syntax)
        self.side.addTab(self.search_panel, "Search")
        self.browse = BrowsePanel(self.side)
        self.browse.file_activated.connect(lambda vid, path: self.open_document(Place(vid, path)))
        self.side.addTab(self.browse, "Browse")
        # The user's own library: a third side tab (reader/library.py, docs/library.md).
        self.library, library_problem = open_library()
        self.library_panel = LibraryPanel(self.library, self._disc_present, self.side)
        self.library_panel.open_requested.connect(self._open_bookmarked)
        self.library_panel.changed.connect(self._update_star)
        self.side.addTab(self.library_panel, "Library")
        self.side.currentChanged.connect(self._side_changed)
        self.document = DocumentPane(self.splitter)
        self.document.back_button.clicked.connect(self.go_back)
        self.document.forward_button.clicked.connect(self.go_forward)
        self.star = BookmarkStar(self.document)
        self.star.clicked.connect(self.toggle_bookmark)
        self.document.header.addWidget(self.star)
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(self.document)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([480, 800])
        main_layout.addWidget(self.splitter, 1)
        self.pages.addWidget(main)
        self.setCentralWidget(self.pages)

        self.viewers: dict[Kind, Viewer] = {
            Kind.PDF: PdfViewer(self.document),
            Kind.HTML: HtmlViewer(self.document),
            Kind.TXT: TextViewer(self.document),
            Kind.IMAGE: ImageViewer(self.document),
            Kind.OTHER: OtherViewer(self.document),
        }
        self.viewers[Kind.ZIP] = self.viewers[Kind.OTHER]
        for viewer in set(self.viewers.values()):
            self.document.stack.addWidget(viewer)
            viewer.open_requested.connect(self._follow_link)
            viewer.external_link.connect(self.confirm_external_link)
            viewer.status_changed.connect(lambda text: self.statusBar().showMessage(text, 5000))
        other = self.viewers[Kind.OTHER]
        other.open_with_system.connect(self.open_with_system)  # type: ignore[attr-defined]
        other.save_copy.connect(self.save_copy)  # type: ignore[attr-defined]

        self.status_archive = QLabel(self)
        self.status_counts = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_counts)
        self.statusBar().addWidget(self.status_archive)
        self._make_menus()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(2000)
        self._refresh_timer.timeout.connect(self._refresh_while_indexing)
        self._restore_state()
        self._update_history_buttons()
        self._update_star()
        if library_problem:
            self.statusBar().showMessage(f"Bookmarks and notes unavailable: {library_problem}")

    # Menus and shortcuts

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(
            file, "Open Disc or &Folder…", self.choose_folder, QKeySequence.StandardKey.Open
        )
        self._action(file, "Open &ISO Image…", self.choose_iso, "Ctrl+Shift+O")
        self._action(file, "Open the &Sample Archive", self.open_sample)
        # Every archive on this machine, to search one whose discs are not inserted.
        self.archives_menu = file.addMenu("Switch &Archive")
        self.archives_menu.aboutToShow.connect(self._fill_archives_menu)
        file.addSeparator()
        self._action(file, "Export Results as &CSV…", self.export_results)
        self._action(file, "&Export Bookmarks and Notes…", self.export_library)
        self._action(file, "I&mport Bookmarks and Notes…", self.import_library)
        file.addSeparator()
        self.retry_action = self._action(file, "&Retry Failed Files", self.retry_failed)
        self.cancel_action = self._action(file, "&Cancel Indexing", self.cancel_indexing)
        self.cancel_action.setEnabled(False)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        self._action(
            edit, "&Find in Document…", self.find_in_document, QKeySequence.StandardKey.Find
        )
        self._action(
            edit, "Search the &Archive", self.search_panel.focus_query, ["Ctrl+L", "Ctrl+K"]
        )
        edit.addSeparator()
        self._action(edit, "&Bookmark This Page", self.toggle_bookmark, "Ctrl+D")
        self._action(edit, "Copy &Citation", self.copy_citation, "Ctrl+Shift+C")

        go = bar.addMenu("&Go")
        self._action(go, "&Back", self.go_back, ["Alt+Left", QKeySequence.StandardKey.Back])
        self._action(
            go, "&Forward", self.go_forward, ["Alt+Right", QKeySequence.StandardKey.Forward]
        )
        self._action(go, "&Next Hit", lambda: self._viewer_hit(False), "F3")
        self._action(go, "&Previous Hit", lambda: self._viewer_hit(True), "Shift+F3")

        view = bar.addMenu("&View")
        self._action(view, "&Search Panel", lambda: self._show_side(0), "Ctrl+1")
        self._action(view, "&Browse Panel", lambda: self._show_side(1), "Ctrl+2")
        self._action(
            view,
            "&Library Panel",
            lambda: self._show_side(self.side.indexOf(self.library_panel)),
            "Ctrl+3",
        )

        help_menu = bar.addMenu("&Help")
        self._action(
            help_menu, "Search &Syntax", self.show_syntax, QKeySequence.StandardKey.HelpContents
        )
        self._action(help_menu, "&About Archive Reader", self.show_about)

    # Start-up and archives

    def start_up(self) -> None:
        """Show the archive if it has discs, else the welcome view."""
        self._load_catalogue()
        if self.disc_watcher is None:
            self.disc_watcher = disc_ui.watch_discs(self)
        if not self.archive.catalogue.volumes():
            self.pages.setCurrentWidget(self.welcome)
        else:
            self.pages.setCurrentIndex(1)
            self.search_panel.focus_query()
            self.archive.index()  # opened now, so an index from another version says so
            if self.archive.notice:
                self.statusBar().showMessage(
                    self.archive.notice[0].upper() + self.archive.notice[1:]
                )
                self.progress.show_stopped("The search index must be rebuilt")
                self.progress.show()
                self.progress.details.setText(
                    "It was made by another version of Archive Reader. Open the discs again "
                    "(File → Open) to index them; your bookmarks and notes are kept."
                )

    def _load_catalogue(self) -> None:
        volumes = self.archive.catalogue.volumes()
        self.discs.remember(volumes)
        self.search_panel.set_discs([v.label for v in volumes])
        self.welcome.set_recent(self.settings.recent_paths)
        self.update_status()
        if self.side.currentWidget() is self.browse:
            self.browse.load(volumes, self.archive.catalogue.files())
        else:
            self._browse_stale = True

    def _side_changed(self, index: int) -> None:
        if self.side.widget(index) is self.browse and getattr(self, "_browse_stale", True):
            self._browse_stale = False
            self.browse.load(self.archive.catalogue.volumes(), self.archive.catalogue.files())

    def _show_side(self, index: int) -> None:
        self.side.setCurrentIndex(index)
        self.side.currentWidget().setFocus()

    def update_status(self) -> None:
        volumes = self.archive.catalogue.volumes()
        # Cheap on purpose: this runs at start-up and every 2 s while indexing.
        present = [v for v in volumes if self.discs.looks_present(v.id)]
        self.search_panel.model.set_absent(frozenset(v.id for v in volumes if v not in present))
        states = self.archive.catalogue.counts_by_state()
        discs = (
            ", ".join(f"{v.label}{'' if v in present else ' (absent)'}" for v in volumes)
            or "no discs yet"
        )
        self.status_archive.setText(f"Discs: {discs}")
        if self.job is not None and self.job.is_running():
            return  # the running job's progress shows the counts meanwhile
        failed = f", {states['failed']:,} failed" if states["failed"] else ""
        self.status_counts.setText(f"{states['indexed']:,} documents indexed{failed}")

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open a disc or a folder of the archive")
        if path:
            self.open_paths([path])

    def choose_iso(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open an ISO image", "", "Disc images (*.iso *.ISO);;All files (*)"
        )
        if path:
            self.open_paths([path])

    def open_sample(self) -> None:
        from reader.sample import sample_archive_path

        self.open_paths([str(sample_archive_path())])

    def _fill_archives_menu(self) -> None:
        menu = self.archives_menu
        menu.clear()
        busy = self.job is not None and self.job.is_running()
        current = self.archive.folder.name
        for summary in archive_summaries():
            if summary.problem:
                text = f"{summary.name} (cannot be opened: {summary.problem})"
            else:
                discs = f"{summary.discs} disc{'s' if summary.discs != 1 else ''}"
                text = f"{summary.title}  ·  {summary.documents:,} documents, {discs}"
            action = menu.addAction(text.replace("&", "&&"))
            action.setCheckable(True)
            action.setChecked(summary.name == current)
            action.setEnabled(not summary.problem and not busy)
            action.triggered.connect(lambda _=False, n=summary.name: self.switch_to_archive(n))
        if busy:
            menu.addSeparator()
            menu.addAction("Indexing is running: wait, or cancel it, to switch").setEnabled(False)

    def switch_to_archive(self, name: str) -> None:
        """Search and read another archive on this machine (File → Switch Archive)."""
        if name == self.archive.folder.name or (self.job is not None and self.job.is_running()):
            return
        self.current = None
        self.document.stack.setCurrentWidget(self.document.placeholder)
        self.document.title.clear()
        disc_ui.switch_archive(self, name)
        self.start_up()
        self.update_status()

    def open_paths(self, paths: Sequence[str]) -> None:
        """Open discs, folders or ISOs: register them and index what is new or changed."""
        volumes = []
        for path in paths:
            try:
                volume = open_volume(path)
            except (VolumeError, OSError) as exc:
                QMessageBox.warning(self, "Cannot open", f"{path}\n\n{exc}")
                continue
            self.discs.add(volume)
            volumes.append(volume)
            self._remember_recent(path)
        volumes = disc_ui.place_in_archive(self, volumes) if volumes else []
        if not volumes:
            return
        self.pages.setCurrentIndex(1)
        self.start_indexing(volumes)

    def _remember_recent(self, path: str) -> None:
        recent = [p for p in self.settings.recent_paths if p != path]
        self.settings.recent_paths = [path, *recent][:RECENT_MAX]
        settings_mod.save(self.settings)

    # Indexing

    def start_indexing(self, volumes: list[Volume], *, retry_failed: bool = False) -> None:
        if self.job is not None and self.job.is_running():
            QMessageBox.information(self, "Indexing", "Indexing is already running.")
            return
        self.job = IndexJob(
            self.archive.folder, volumes, self.settings, self, retry_failed=retry_failed
        )
        self._job_volumes = volumes
        self.job.progress_changed.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.cancelled.connect(self._on_cancelled)
        self.job.failed.connect(self._on_failed)
        self._status_primed = False
        self.progress.start(", ".join(v.label for v in volumes))
        self.cancel_action.setEnabled(True)
        self.job.start()
        self._refresh_timer.start()

    def cancel_indexing(self) -> None:
        if self.job is not None:
            self.progress.cancel_button.setEnabled(False)
            self.progress.details.setText("Stopping…")
            self.job.cancel()

    def retry_failed(self) -> None:
        volumes = [v for r in self.archive.catalogue.volumes() if (v := self.discs.get(r.id))]
        if volumes:
            self.start_indexing(volumes, retry_failed=True)

    def _on_progress(self, p: Progress) -> None:
        self.progress.update_progress(p)
        if p.phase == "extracting" and not self._status_primed:
            # The scan is done: the disc is known now, say so before the 2 s refresh.
            self._status_primed = True
            self.update_status()
        if p.phase == "extracting" and p.files_total:
            self.status_counts.setText(f"Indexing: {p.files_done:,} of {p.files_total:,} files")

    def _refresh_while_indexing(self) -> None:
        # Search covers what is already indexed while the rest goes on.
        self.search_panel.refresh()
        self.update_status()

    def _job_ended(self) -> None:
        self._refresh_timer.stop()
        self.cancel_action.setEnabled(False)
        self._load_catalogue()
        self.search_panel.refresh()

    def _on_finished(self, summary: RunSummary) -> None:
        self.progress.show_summary(summary)
        disc_ui.show_run_notes(self, summary)
        self._job_ended()
        if not summary.failures:
            QTimer.singleShot(4000, self._hide_progress_if_idle)

    def _hide_progress_if_idle(self) -> None:
        if self.job is None or not self.job.is_running():
            self.progress.hide()

    def _on_cancelled(self) -> None:
        self.progress.show_stopped("Indexing cancelled: open the disc again to resume.")
        self._job_ended()

    def _on_failed(self, message: str) -> None:
        self.progress.show_stopped(f"Indexing stopped: {message}")
        self._job_ended()

    # Searching

    def _run_search(self, query: str, offset: int, limit: int, sort: str) -> Any:
        """Runs on the search thread: reads only its arguments and the index."""
        return search(
            self.archive.index(),
            query,
            limit=limit,
            offset=offset,
            sort=Sort(sort),
            user=self.library,
        )

    def _highlight_terms(self) -> tuple[str, ...]:
        parsed = parse(self.search_panel.query.text())
        terms: list[str] = []
        for node in parsed.positive_terms():
            terms.extend(node.text.split())
        return tuple(dict.fromkeys(t.strip("*~").lower() for t in terms if t.strip("*~")))

    # Reading

    def open_hit(self, hit: Any) -> None:
        self._terms = self._highlight_terms()
        self.open_document(Place(hit.volume_id, hit.path, page=hit.page), title=hit.title)

    def open_document(self, place: Place, *, title: str = "", record: bool = True) -> bool:
        if place.path == "" or place.path.endswith("/"):
            # A link to a folder with no index page: show the folder in the Browse panel.
            self._show_side(1)
            self.browse.reveal(place.volume_id, place.path.rstrip("/"))
            return True
        volume = self.discs.get(place.volume_id)
        if volume is None:
            # Not modal: it waits for the disc and opens the document by itself.
            disc_ui.ask_for_disc(self, place, title)
            return False
        record_row = self.archive.catalogue.file(place.volume_id, place.path)
        kind = record_row.kind if record_row else kind_for(place.path)
        title = title or (record_row.title if record_row and record_row.title else "")
        try:
            data = volume.read_bytes(place.path, READ_LIMITS.get(kind, MAX_OPEN_BYTES))
        except (OSError, VolumeError) as exc:
            QMessageBox.warning(self, "Cannot read the file", f"{place.path}\n\n{exc}")
            return False
        viewer = self.viewers.get(kind, self.viewers[Kind.OTHER])
        request = OpenRequest(
            volume=volume,
            path=place.path,
            kind=kind,
            title=title or posixpath.basename(place.path),
            terms=self._terms,
            page=place.page,
            fragment=place.fragment,
            offset=place.offset,
        )
        # Shown first, so the viewer lays out at its real size before it scrolls to the hit.
        self.document.stack.setCurrentWidget(viewer)
        viewer.open_document(request, data)
        self.document.set_title(request.title, f"{volume.label}/{place.path}")
        self.setWindowTitle(f"{request.title} — Archive Reader")
        self.current = place
        self._library_opened(place, request.title, volume.label)
        if record:
            del self._history[self._history_pos + 1 :]
            self._history.append(place)
            self._history_pos = len(self._history) - 1
        self._update_history_buttons()
        return True

    def _follow_link(self, path: str, fragment: str) -> None:
        if self.current is None:
            return
        self.open_document(Place(self.current.volume_id, path, fragment=fragment))

    def go_back(self) -> None:
        if self._history_pos > 0:
            self._history_pos -= 1
            self.open_document(self._history[self._history_pos], record=False)

    def go_forward(self) -> None:
        if self._history_pos + 1 < len(self._history):
            self._history_pos += 1
            self.open_document(self._history[self._history_pos], record=False)

    def _update_history_buttons(self) -> None:
        self.document.back_button.setEnabled(self._history_pos > 0)
        self.document.forward_button.setEnabled(self._history_pos + 1 < len(self._history))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.go_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.go_forward()
        else:
            super().mouseReleaseEvent(event)

    def _current_viewer(self) -> Viewer | None:
        widget = self.document.stack.currentWidget()
        return widget if isinstance(widget, Viewer) else None

    def _viewer_hit(self, backwards: bool) -> None:
        viewer = self._current_viewer()
        if viewer is not None:
            viewer.next_hit(backwards=backwards)

    def find_in_document(self) -> None:
        viewer = self._current_viewer()
        if viewer is None:
            return
        show = getattr(viewer, "show_find_bar", None)
        if callable(show):
            show()
            return
        text, ok = QInputDialog.getText(self, "Find in document", "Find:")
        if ok and text and not viewer.find(text):
            self.statusBar().showMessage(f"“{text}” not found", 5000)

    def confirm_external_link(self, url: str) -> None:
        """Links that leave the archive open only when the user says so."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Link outside the archive")
        box.setText("This link leads outside the archive:")
        box.setInformativeText(url)
        open_button = box.addButton("Open in Browser", QMessageBox.ButtonRole.AcceptRole)
        copy_button = box.addButton("Copy Link", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl(url))
        elif box.clickedButton() is copy_button:
            QApplication.clipboard().setText(url)

    def _copy_to_temp(self, path: str) -> Path | None:
        if self.current is None:
            return None
        volume = self.discs.get(self.current.volume_id)
        if volume is None:
            return None
        folder = Path(tempfile.mkdtemp(prefix="archive-reader-"))
        target = folder / posixpath.basename(path)
        with volume.open(path) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        return target

    def open_with_system(self, path: str) -> None:
        # A copy, so the system viewer can never write to the archive.
        target = self._copy_to_temp(path)
        if target is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def save_copy(self, path: str) -> None:
        dest, _ = QFileDialog.getSaveFileName(self, "Save a copy", posixpath.basename(path))
        if not dest or self.current is None:
            return
        volume = self.discs.get(self.current.volume_id)
        if volume is None:
            return
        with volume.open(path) as src, open(dest, "wb") as dst:
            shutil.copyfileobj(src, dst)
        self.statusBar().showMessage(f"Saved {dest}", 5000)

    # The user's library

    def _disc_present(self, volume_id: str) -> bool:
        return self.discs.get(volume_id) is not None

    def _library_opened(self, place: Place, title: str, disc: str) -> None:
        self.library.record_opened(
            place.volume_id, place.path, page=place.page, title=title, disc=disc
        )
        self._current_title = title
        self.library_panel.set_document(place.volume_id, place.path, title=title, disc=disc)
        self.library_panel.refresh()
        self._update_star()

    def _current_page(self) -> int | None:
        viewer = self._current_viewer()
        if isinstance(viewer, PdfViewer):
            return viewer.current_page()
        return None

    def _update_star(self) -> None:
        place = self.current
        # No document, no star: the header stays empty until something is open.
        self.star.setVisible(place is not None)
        if place is None:
            self.star.set_state(False, enabled=False)
            return
        self.star.set_state(bool(self.library.bookmarks_of(place.volume_id, place.path)))

    def _open_bookmarked(
        self, volume_id: str, path: str, where: int | str | None, offset: int = 0
    ) -> None:
        """Open a document from the library at its PDF page, or its HTML anchor and the
        place (character offset) in an HTML or text document."""
        page = where if isinstance(where, int) else None
        fragment = where if isinstance(where, str) else ""
        self.open_document(Place(volume_id, path, page=page, fragment=fragment, offset=offset))

    def toggle_bookmark(self) -> None:
        """Ctrl+D: bookmark the open document (at its PDF page; in an HTML or text document,
        at the place shown), or remove that bookmark. In an HTML or text document that has
        its bookmark elsewhere, the bookmark moves to the place shown."""
        place = self.current
        viewer = self._current_viewer()
        if place is None:
            return
        page = self._current_page()
        # An HTML page opened at an anchor (a link to "#section") is bookmarked there.
        anchor = "" if page else place.fragment
        offset = (viewer.text_position() if viewer is not None else None) or 0
        existing = self.library.bookmark_at(place.volume_id, place.path, page=page, anchor=anchor)
        if (
            existing is not None
            and viewer is not None
            and viewer.shows_text_position(existing.offset)
        ):
            offset = existing.offset  # the bookmarked place is shown: Ctrl+D removes it
        on = self.library.toggle_bookmark(
            place.volume_id,
            place.path,
            page=page,
            anchor=anchor,
            offset=offset,
            title=getattr(self, "_current_title", ""),
            disc=self.discs.label(place.volume_id),
        )
        if not on:
            message = "Bookmark removed"
        elif existing is not None:
            message = "Bookmark moved here"
        elif page:
            message = f"Bookmarked this page {page}"
        else:
            message = "Bookmarked this place" if offset else "Bookmarked this document"
        self.statusBar().showMessage(message, 4000)
        self._update_star()
        self.library_panel.refresh()

    def copy_citation(self) -> None:
        place = self.current
        if place is None:
            return
        row = self.archive.catalogue.file(place.volume_id, place.path)
        labels = [v.label for v in self.archive.catalogue.volumes()]
        text = citation(
            title=getattr(self, "_current_title", "") or (row.title if row else "") or "",
            date=row.date if row else None,
            archive_title=archive_title(labels, self.archive.folder.name),
            disc_label=self.discs.label(place.volume_id),
            path=place.path,
            page=self._current_page(),
        )
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied: {text}", 6000)

    def export_results(self) -> None:
        result = self.search_panel.last_result
        if result is None or not result.total:
            self.statusBar().showMessage("No results to export: search first.", 5000)
            return
        dest, _ = QFileDialog.getSaveFileName(
            self, "Export results as CSV", "results.csv", "CSV (*.csv)"
        )
        if not dest:
            return
        hits = [self.search_panel.model.hit(i) for i in range(self.search_panel.model.rowCount())]
        if len(hits) < result.total:  # the list loads pages as it scrolls: get them all
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                hits = self._run_search(
                    self.search_panel.full_query(), 0, result.total, self.search_panel.sort()
                ).hits
            finally:
                QApplication.restoreOverrideCursor()
        n = export_results_csv(hits, Path(dest))
        self.statusBar().showMessage(f"Exported {n:,} results to {dest}", 5000)

    def export_library(self) -> None:
        dest, chosen = QFileDialog.getSaveFileName(
            self,
            "Export bookmarks and notes",
            "archive-reader-library.json",
            "JSON, to import again (*.json);;Markdown, to read (*.md)",
        )
        if not dest:
            return
        path = Path(dest)
        if not path.suffix:
            path = path.with_suffix(".md" if "Markdown" in chosen else ".json")
        self.library_panel.flush()
        try:
            export_file(self.library, path)
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"{path}\n\n{exc}")
            return
        self.statusBar().showMessage(f"Exported bookmarks and notes to {path}", 5000)

    def import_library(self) -> None:
        source, _ = QFileDialog.getOpenFileName(
            self, "Import bookmarks and notes", "", "Archive Reader export (*.json)"
        )
        if not source:
            return
        try:
            summary = import_json(self.library, Path(source))
        except LibraryError as exc:
            QMessageBox.warning(self, "Cannot import", str(exc))
            return
        self.statusBar().showMessage(
            f"Imported {summary.bookmarks} bookmarks, {summary.notes} notes, "
            f"{summary.tags} tags ({summary.notes_updated} notes updated)",
            8000,
        )
        self.library_panel.refresh()
        if self.current is not None:
            self.library_panel.set_document(
                self.current.volume_id,
                self.current.path,
                title=getattr(self, "_current_title", ""),
                disc=self.discs.label(self.current.volume_id),
            )
        self._update_star()

    # Help

    def show_syntax(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Search syntax")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(SYNTAX_HTML)
        box.exec()

    def show_about(self) -> None:
        import html
        import platform

        import pymupdf
        import PySide6
        from PySide6.QtCore import qVersion

        # The AGPL asks that every user can get the source: the dialog says where it is.
        offer = source_offer()
        folder = QUrl.fromLocalFile(
            str(offer.location.parent if offer.kind == "bundled" else offer.location)
        ).toString()
        if offer.kind == "bundled":
            where = (
                "The complete source code of this version comes with the app: "
                f'<a href="{html.escape(folder)}">{html.escape(offer.location.name)}</a>.'
            )
        elif offer.kind == "package":
            where = (
                "This copy runs from its own Python source code, in "
                f'<a href="{html.escape(folder)}">{html.escape(str(offer.location))}</a>.'
            )
        else:
            where = "Whoever gave you this copy must give you its source code on request."
        if offer.url:
            where += (
                f' The project is at <a href="{html.escape(offer.url)}">'
                f"{html.escape(offer.url)}</a>."
            )
        QMessageBox.about(
            self,
            "About Archive Reader",
            f"<h3>Archive Reader {__version__}</h3>"
            "<p>Read and search document archives offline.</p>"
            "<p>Free software: you can redistribute it and/or modify it under the terms of the "
            "GNU Affero General Public License, version 3 or later (AGPL-3.0-or-later). It "
            "comes with no warranty.</p>"
            f"<p>{where}</p>"
            "<p>It uses PyMuPDF (AGPL-3.0-or-later) to read and render PDFs, and Qt for Python "
            "(LGPL-3.0) for the window. Their licence texts come with the app (in a bundle: "
            "the <i>licenses</i> folder).</p>"
            f"<p><small>Qt {qVersion()} · PySide6 {PySide6.__version__} · "
            f"PyMuPDF {pymupdf.__version__} · Python {platform.python_version()}</small></p>",
        )

    # Window state, drag and drop, closing

    def _restore_state(self) -> None:
        qs = QSettings()
        geometry = qs.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = qs.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def _save_state(self) -> None:
        qs = QSettings()
        qs.setValue("window/geometry", self.saveGeometry())
        qs.setValue("window/splitter", self.splitter.saveState())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.job.wait(30)
        self._save_state()
        self.search_panel.shutdown()
        self.library_panel.flush()
        self.library.close()
        if self.disc_watcher is not None:
            self.disc_watcher.stop()
        if self.insert_disc_dialog is not None:
            self.insert_disc_dialog.shutdown()
        self.discs.close()
        self.archive.close()
        super().closeEvent(event)


__all__ = ["MainWindow", "Place"]
