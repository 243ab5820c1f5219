"""The main window: search on the left, the document on the right, indexing on top.

A shell: it lays out the widgets, builds the controllers (archives and discs, indexing,
reading, library) with what each needs, and wires their signals. The controllers never
reach into each other or into the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QMimeData, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.gui.about import show_about
from reader.gui.background import Runner, ThreadRunner
from reader.gui.browse import BrowsePanel
from reader.gui.core_text import said
from reader.gui.discs.controller import ArchivesController, run_notes_box
from reader.gui.indexing.controller import IndexingController
from reader.gui.indexing.failures import FailuresDialog
from reader.gui.indexing.ocr import OcrController, OcrStatus
from reader.gui.indexing.progress_panel import ProgressPanel
from reader.gui.library.controller import LibraryController
from reader.gui.library.panel import BookmarkStar, LibraryPanel
from reader.gui.reading.controller import Place, ReadingController
from reader.gui.reading.document_pane import DocumentPane
from reader.gui.reading.documents_out import DocumentsOut
from reader.gui.reading.printing import Printing
from reader.gui.search.panel import SearchPanel
from reader.gui.search.syntax_help import syntax_html
from reader.gui.session import MountSource, Session
from reader.gui.viewers.reading_colours import ReadingColoursControl
from reader.gui.welcome import WelcomeView
from reader.gui.window.menus import build_menus
from reader.gui.window.preferences import edit_preferences
from reader.gui.window.remembered import RememberedState
from reader.indexing.progress import Phase, Progress, RunSummary
from reader.paths import app_dirs
from reader.search.engine import Hit
from reader.search.export import export_results_csv
from reader.settings import Settings, save_window_state
from reader.sources.mounts import mount_paths
from reader.sources.volume import Volume
from reader.store import ocr_queue
from reader.store.archive import DEFAULT_ARCHIVE

# name -> a runner of background work of that kind (tests give inline ones)
RunnerFactory = Callable[[str], Runner]


class MainWindow(QMainWindow):
    """The reader's window. Everything it needs is passed in; no global app object.

    Args:
        mount_source: where discs may be mounted now (tests pass their own list).
        make_runner: the runner of each kind of background work ("search", "index",
            "discs"); by default a thread of its own each.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        archive_name: str = DEFAULT_ARCHIVE,
        mount_source: MountSource | None = None,
        make_runner: RunnerFactory | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Archive Reader"))
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        make_runner = make_runner or (lambda name: ThreadRunner(name, self))
        # A thread for each kind of work: a disc that does not answer holds up no search,
        # and the watcher's looks never hold up the prompt for a disc the user inserts.
        kinds = ("search", "index", "discs", "insert-disc", "copies")
        self.runners = {name: make_runner(name) for name in kinds}
        self.session = Session(settings, archive_name, mount_source or mount_paths, self)
        self._status_primed = False  # the status bar told of the disc of a run
        self._browse_stale = True  # the Browse panel shows an older catalogue
        self._build_widgets()
        self._build_controllers()
        self._wire()
        self.reading_colours = ReadingColoursControl(
            settings, self.document.distinct_viewers(), self
        )
        self.menus = build_menus(self)
        self.remembered = RememberedState(self, settings.window)
        self._restore_state()
        self._update_document_actions()
        if self.session.library_problem:
            problem = self.session.library_problem
            self.show_message(
                self.tr("Bookmarks and notes unavailable: {problem}").format(problem=said(problem)),
                0,
            )

    # Building

    def _build_widgets(self) -> None:
        self.pages = QStackedWidget(self)
        self.welcome = WelcomeView(self)
        self.pages.addWidget(self.welcome)
        main = QWidget(self)
        layout = QVBoxLayout(main)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progress = ProgressPanel(main)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, main)
        self.side = QTabWidget(self.splitter)
        self.side.setDocumentMode(True)
        self.search_panel = SearchPanel(
            self.session.search_request, self.runners["search"], self.side
        )
        self.side.addTab(self.search_panel, self.tr("Search"))
        self.browse = BrowsePanel(self.side)
        self.side.addTab(self.browse, self.tr("Browse"))
        self.library_panel = LibraryPanel(
            self.session.library, lambda vid: self.session.discs.get(vid) is not None, self.side
        )
        self.side.addTab(self.library_panel, self.tr("Library"))
        self.document = DocumentPane(self.splitter)
        self.star = BookmarkStar(self.document)
        self.document.header.addWidget(self.star)
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(self.document)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([480, 800])
        layout.addWidget(self.splitter, 1)
        self.pages.addWidget(main)
        self.setCentralWidget(self.pages)
        self.status_archive = QLabel(self)
        self.status_counts = QLabel(self)
        self.status_counts.setAccessibleName(self.tr("Documents indexed"))
        self.status_counts.setTextFormat(Qt.TextFormat.RichText)
        self.status_counts.linkActivated.connect(lambda _link: self.show_failures())
        self.statusBar().addWidget(self.status_archive)
        self.ocr_status = OcrStatus(self)
        self.statusBar().addPermanentWidget(self.ocr_status)
        self.statusBar().addPermanentWidget(self.status_counts)

    def _build_controllers(self) -> None:
        self.indexing = IndexingController(self.session, self.progress, self.runners["index"], self)
        # On the indexing thread: the two write one index, one after the other.
        self.ocr = OcrController(
            self.session,
            self.ocr_status,
            self.runners["index"],
            self,
            indexing=lambda: self.indexing.busy,
        )
        self.archives = ArchivesController(
            self.session,
            self.runners["discs"],
            self.runners["insert-disc"],
            self,
            busy=lambda: self.indexing.busy,
        )
        self.reading = ReadingController(
            self.session, self.document, self.archives.ask_for_disc, self
        )
        self.library = LibraryController(
            self.session, self.library_panel, self.star, self.reading, self
        )
        self.documents = DocumentsOut(
            self.session, self.reading, self.archives.ask_for_disc, self, self.runners["copies"]
        )
        self.printing = Printing(self.session, self.reading, self.archives.ask_for_disc, self)

    def _wire(self) -> None:
        welcome, archives, reading = self.welcome, self.archives, self.reading
        welcome.open_folder_requested.connect(archives.choose_folder)
        welcome.open_iso_requested.connect(archives.choose_iso)
        welcome.sample_requested.connect(archives.open_sample)
        welcome.recent_requested.connect(lambda path: archives.open_paths([path]))
        archives.index_wanted.connect(self._index)
        archives.discs_changed.connect(self.update_status)
        self.session.archive_changed.connect(self._archive_changed)
        self.indexing.started.connect(self._index_started)
        self.indexing.progressed.connect(self._on_progress)
        self.indexing.indexed_some.connect(self._caught_up)
        self.indexing.finished.connect(self._on_finished)
        self.indexing.ended.connect(self._index_ended)
        self.indexing.started.connect(self.ocr.cancel)  # it waits for OCR to stop
        self.ocr.read_some.connect(self._caught_up)
        self.ocr.unavailable.connect(lambda text: self.show_message(text, 15000))
        archives.discs_changed.connect(self.ocr.schedule_start)
        reading.opened.connect(self._read_first)
        self.search_panel.searched.connect(self._read_first)
        self.search_panel.model.set_ocr_lookup(
            lambda hit: ocr_queue.page_read_by_ocr(
                self.session.archive.catalogue, hit.volume_id, hit.path, hit.page
            )
        )
        self.search_panel.hit_activated.connect(
            lambda hit: reading.open_hit(hit, self.search_panel.terms())
        )
        self.search_panel.help_requested.connect(self.show_syntax)
        self.browse.file_activated.connect(lambda vid, path: reading.open(Place(vid, path)))
        self.search_panel.menu_requested.connect(self._hit_menu)
        self.browse.menu_requested.connect(self._file_menu)
        self.search_panel.view.set_drag_data(self._drag_data)
        self.browse.set_drag_data(self._drag_data)
        archives.recent_changed.connect(self.welcome.set_recent)
        reading.folder_requested.connect(self._reveal_folder)
        reading.opened.connect(
            lambda o: self.setWindowTitle(self.tr("{title} — Archive Reader").format(title=o.title))
        )
        reading.history_changed.connect(self._update_history_buttons)
        reading.history_changed.connect(self._update_document_actions)
        self.side.currentChanged.connect(self._side_changed)
        for source in (archives, reading, self.library, self.documents, self.printing):
            source.message.connect(self.show_message)
        self._update_history_buttons()

    # Start-up and archives

    def start_up(self) -> None:
        """Show the archive if it has discs, else the welcome view."""
        self._load_catalogue()
        self.archives.watch()
        if not self.session.volumes():
            self.pages.setCurrentWidget(self.welcome)
            return
        self.pages.setCurrentIndex(1)
        self.search_panel.focus_query()
        self.ocr.schedule_start()  # scans left unread last time
        # Once the window is up: finding the disc of the last document takes a moment.
        QTimer.singleShot(0, self, self.remembered.restore_document)
        archive = self.session.archive
        if self.session.problem:  # opened read-only: what is wrong and how to repair it
            self.progress.show_stopped(said(self.session.problem))
            self.progress.show()
        elif archive.notice:  # repaired while opening: the discs must be indexed again
            self.show_message(archive.notice[0].upper() + archive.notice[1:], 0)
            self.progress.show_stopped(
                self.tr("The archive was repaired and must be indexed again")
            )
            self.progress.show()
            self.progress.details.setText(
                self.tr(
                    "Open the discs again (File → Open) to index them; your bookmarks and "
                    "notes are kept."
                )
            )

    def open_paths(self, paths: list[str]) -> None:
        """Open discs, folders or ISO images (command line, drops, the desktop)."""
        self.archives.open_paths(paths)

    def _archive_changed(self) -> None:
        self.search_panel.drop_pending()
        self.start_up()
        self.search_panel.refresh()

    def _load_catalogue(self) -> None:
        volumes = self.session.volumes()
        self.session.discs.remember(volumes)
        self.search_panel.set_discs([v.label for v in volumes])
        self.welcome.set_recent(self.session.settings.recent_paths)
        self.update_status()
        self._browse_stale = True
        if self.side.currentWidget() is self.browse:
            self._load_browse()

    def _load_browse(self) -> None:
        self._browse_stale = False
        catalogue = self.session.archive.catalogue
        self.browse.load(catalogue.volumes(), catalogue.files())

    def _side_changed(self, index: int) -> None:
        if self.side.widget(index) is self.browse and self._browse_stale:
            self._load_browse()

    def show_side(self, index: int) -> None:
        self.side.setCurrentIndex(index)
        self.side.currentWidget().setFocus()

    def _reveal_folder(self, volume_id: str, path: str) -> None:
        self.show_side(self.side.indexOf(self.browse))
        self.browse.reveal(volume_id, path)

    def show_message(self, text: str, ms: int = 5000) -> None:
        self.statusBar().showMessage(text, ms)

    def update_status(self) -> None:
        """Which discs are present, and the counts (cheap: runs every 2 s while indexing)."""
        self.search_panel.model.set_absent(self.archives.absent_ids())
        self.status_archive.setText(self.archives.discs_line())
        if self.indexing.busy:
            return  # the run's progress shows the counts meanwhile
        states = self.session.archive.catalogue.counts_by_state()
        failed = (
            self.tr(', <a href="#failures">%Ln failed</a>', "", states["failed"])
            if states["failed"]
            else ""
        )
        indexed = self.tr("%Ln documents indexed", "", states["indexed"])
        self.status_counts.setText(indexed + failed)
        self.status_counts.setToolTip(
            self.tr("Click the failed count for the files and the reasons")
        )

    def show_failures(self) -> None:
        """The files that could not be read, with their reasons (from the status bar)."""
        FailuresDialog(self.session.archive.catalogue.failures(), self).exec()

    # Indexing

    def _index(self, volumes: list[Volume]) -> None:
        self.pages.setCurrentIndex(1)
        self.indexing.start(volumes)

    def _index_started(self) -> None:
        self._status_primed = False
        self.menus.cancel_indexing.setEnabled(True)

    def _on_progress(self, p: Progress) -> None:
        if p.phase is Phase.EXTRACTING and not self._status_primed:
            # The scan is done: the disc is known now; say so before the 2 s refresh.
            self._status_primed = True
            self.update_status()
        if p.phase is Phase.EXTRACTING and p.files_total:
            self.status_counts.setText(
                self.tr("Indexing: {done} of %Ln files", "", p.files_total).format(
                    done=QLocale().toString(p.files_done)
                )
            )

    def _caught_up(self) -> None:
        # Search covers what is already indexed while the rest goes on.
        self.search_panel.refresh()
        self.update_status()

    def _on_finished(self, summary: RunSummary) -> None:
        if summary.notes:
            self.show_message(" ".join(said(n.text) for n in summary.notes), 15000)
            if attention := [said(n.text) for n in summary.notes if n.needs_attention]:
                run_notes_box(attention, self)

    def _index_ended(self) -> None:
        self.menus.cancel_indexing.setEnabled(False)
        self._load_catalogue()
        self.search_panel.refresh()
        self.ocr.schedule_start()

    def _read_first(self, _changed: object = None) -> None:
        """OCR reads the document open first, then the scans among the results shown."""
        catalogue = self.session.archive.catalogue
        places = [(h.volume_id, h.path) for h in self.search_panel.model.hits() if h.scanned]
        if self.reading.current is not None:
            place = self.reading.current.place
            places.insert(0, (place.volume_id, place.path))
        rows = (catalogue.file(vid, path) for vid, path in places[:50])
        self.ocr.want([row.id for row in rows if row is not None])

    # Reading

    def _update_history_buttons(self) -> None:
        self.document.back_button.setEnabled(self.reading.can_go_back())
        self.document.forward_button.setEnabled(self.reading.can_go_forward())

    def _update_document_actions(self) -> None:
        for action in self.menus.document_out:
            action.setEnabled(self.reading.current is not None)

    # Documents out: the context menus of a result and of a Browse file, and dragging

    def _hit_menu(self, hit: Hit, at: QPoint) -> None:
        terms = self.search_panel.terms()
        menu = self.documents.context_menu(
            Place(hit.volume_id, hit.path), lambda: self.reading.open_hit(hit, terms)
        )
        menu.popup(at)

    def _file_menu(self, volume_id: str, path: str, at: QPoint) -> None:
        place = Place(volume_id, path)
        self.documents.context_menu(place, lambda: self.reading.open(place)).popup(at)

    def _drag_data(self, refs: list[tuple[str, str]]) -> QMimeData | None:
        return self.documents.drag_data([Place(vid, path) for vid, path in refs])

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.reading.go_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.reading.go_forward()
        else:
            super().mouseReleaseEvent(event)

    # Search results out

    def export_results(self) -> None:
        """File → Export Results as CSV: every hit of the current search."""
        panel = self.search_panel
        result = panel.last_result
        if result is None or not result.total:
            self.show_message(self.tr("No results to export: search first."))
            return
        dest, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export results as CSV"),
            self.tr("results.csv", "the file name offered"),
            self.tr("CSV (*.csv)"),
        )
        if not dest:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # The list loads pages as it scrolls: the export runs the query for all.
            request = self.session.search_request(panel.full_query(), 0, result.total, panel.sort())
            n = export_results_csv(request.run().hits, Path(dest))
        finally:
            QApplication.restoreOverrideCursor()
        self.show_message(self.tr("Exported %Ln results to {file}", "", n).format(file=dest))

    # Help

    def show_syntax(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Search syntax"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(syntax_html())
        box.exec()

    def show_about(self) -> None:
        show_about(self)

    def edit_preferences(self) -> None:
        """Edit → Preferences: saved to settings.toml; the reading colours apply at once."""
        edit_preferences(self.session.settings, self, self.reading_colours.settings_changed)

    # Window state, drag and drop, closing

    def _window_settings(self) -> QSettings:
        # Beside the app's other settings: --basedir moves it too.
        return QSettings(str(app_dirs().window_state), QSettings.Format.IniFormat)

    def _restore_state(self) -> None:
        qs = self._window_settings()
        geometry = qs.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = qs.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.remembered.restore_view()

    def _save_state(self) -> None:
        qs = self._window_settings()
        qs.setValue("window/geometry", self.saveGeometry())
        qs.setValue("window/splitter", self.splitter.saveState())
        qs.sync()
        save_window_state(self.session.settings, self.remembered.capture())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ocr.stop_and_wait(15)
        self.indexing.stop_and_wait(30)
        self._save_state()
        self.search_panel.shutdown()
        self.library_panel.flush()
        self.archives.shutdown()
        self.documents.shutdown()
        self.printing.shutdown()
        for runner in self.runners.values():
            runner.shutdown()
        self.session.close()
        super().closeEvent(event)


__all__ = ["MainWindow", "Place"]
