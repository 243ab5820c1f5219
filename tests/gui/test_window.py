"""The main window driven like a user would, on a real indexed archive, offscreen."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from reader.gui.background import InlineRunner
from reader.gui.reading.documents_out import clear_opened_copies
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.window.main_window import MainWindow, Place
from reader.settings import Settings
from tests.archive_factory import Manifest
from tests.gui.conftest import UrlCatcher, hit_at
from tests.gui.runners import StepRunner
from tests.iso_factory import make_iso


def _search(qtbot: QtBot, win: MainWindow, text: str) -> None:
    win.search_panel.query.setText(text)
    qtbot.waitUntil(
        lambda: (
            win.search_panel.last_result is not None
            and win.search_panel.last_result.query.startswith(text)
        ),
        timeout=10000,
    )


def test_typing_a_planted_phrase_puts_its_document_first(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    truth = next(t for t in indexed.documents() if t.kind == "html")
    qtbot.keyClicks(window.search_panel.query, f'"{truth.phrase}"')
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() > 0, timeout=10000)
    first = hit_at(window.search_panel, 0)
    assert first.path == truth.path
    assert "1 document" in window.search_panel.count_label.text()


def test_opening_a_pdf_hit_shows_the_page_of_the_phrase(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    truth = next(t for t in indexed.documents() if t.kind == "pdf" and (t.phrase_page or 1) > 1)
    _search(qtbot, window, f'"{truth.phrase}"')
    hit = hit_at(window.search_panel, 0)
    assert hit.path == truth.path and hit.page == truth.phrase_page
    window.reading.open_hit(hit, window.search_panel.terms())
    viewer = window.document.stack.currentWidget()
    assert isinstance(viewer, PdfViewer)
    qtbot.waitUntil(lambda: viewer.current_page() == truth.phrase_page, timeout=5000)
    # The phrase is painted on that page, as one hit (its words are not marked alone).
    qtbot.waitUntil(lambda: len(viewer.hit_rects(truth.phrase_page or 1)) == 1, timeout=5000)


def test_following_an_html_link_inside_the_archive_and_going_back(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    vid = window.session.archive.catalogue.volumes()[0].id
    source = next(
        t
        for t in indexed.documents()
        if t.kind == "html"
        and t.local_link_targets
        and any(
            indexed.by_path(p).expected_state == "indexed"
            for p in t.local_link_targets
            if _exists(indexed, p)
        )
    )
    target = next(
        p
        for p in source.local_link_targets
        if _exists(indexed, p) and indexed.by_path(p).expected_state == "indexed"
    )
    assert window.reading.open(Place(vid, source.path))
    viewer = window.document.stack.currentWidget()
    assert isinstance(viewer, HtmlViewer)
    viewer.open_requested.emit(target, "")
    assert window.reading.place is not None and window.reading.place.path == target
    window.reading.go_back()
    assert window.reading.place.path == source.path
    window.reading.go_forward()
    assert window.reading.place.path == target


def _exists(manifest: Manifest, path: str) -> bool:
    try:
        manifest.by_path(path)
    except KeyError:
        return False
    return True


def test_external_link_is_never_opened_without_asking(
    qtbot: QtBot, window: MainWindow, indexed: Manifest, answer_dialogs: Callable[[str], list[str]]
) -> None:
    vid = window.session.archive.catalogue.volumes()[0].id
    page = next(t for t in indexed.documents() if t.kind == "html")
    window.reading.open(Place(vid, page.path))
    seen = answer_dialogs("Cancel")
    viewer = window.document.stack.currentWidget()
    assert isinstance(viewer, HtmlViewer)
    viewer.external_link.emit("http://example.com/x")
    assert any("http://example.com/x" in text for text in seen)
    assert window.reading.place is not None and window.reading.place.path == page.path


def test_cancel_then_reopen_resumes_indexing(
    qtbot: QtBot, small_archive: Manifest, basedir: Path
) -> None:
    win = MainWindow(Settings(workers=1, batch_files=5))
    qtbot.addWidget(win)
    win.show()
    win.start_up()
    assert win.pages.currentWidget() is win.welcome
    win.open_paths([str(small_archive.root)])
    assert win.indexing.busy
    with qtbot.waitSignal(win.indexing.progressed, timeout=20000):
        pass
    with qtbot.waitSignal(win.indexing.cancelled, timeout=30000):
        win.indexing.cancel()
    states = win.session.archive.catalogue.counts_by_state()
    assert states["pending"] > 0
    assert "cancelled" in win.progress.title.text().lower()
    win.open_paths([str(small_archive.root)])
    with qtbot.waitSignal(win.indexing.finished, timeout=120000):
        pass
    states = win.session.archive.catalogue.counts_by_state()
    assert states["pending"] == 0 and states["indexed"] > 50
    assert "finished" in win.progress.title.text().lower()
    # The failures of the run are listed with their reasons.
    reasons = [win.progress.failures.item(i).text() for i in range(win.progress.failures.count())]
    assert any("password" in r for r in reasons), reasons


def test_dropping_a_folder_opens_and_indexes_it(
    qtbot: QtBot, small_archive: Manifest, basedir: Path
) -> None:
    win = MainWindow(Settings(workers=2))
    qtbot.addWidget(win)
    win.show()
    win.start_up()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(small_archive.root))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    win.dropEvent(event)
    assert win.indexing.busy
    with qtbot.waitSignal(win.indexing.finished, timeout=120000):
        pass
    assert win.pages.currentIndex() == 1
    assert small_archive.root.name in win.status_archive.text()


def test_window_size_and_splitter_are_remembered(qtbot: QtBot, basedir: Path) -> None:
    first = MainWindow(Settings())
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)  # inside the offscreen screen (800x600)
    first.splitter.setSizes([250, 450])
    sizes = first.splitter.sizes()
    first.close()
    # Kept with the app's own settings: --basedir moves it too.
    assert (basedir / "config" / "window.ini").is_file()
    second = MainWindow(Settings())
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 500)
    assert second.splitter.sizes() == sizes


def test_the_sample_archive_is_offered_indexed_and_searchable(qtbot: QtBot, basedir: Path) -> None:
    win = MainWindow(Settings(workers=2))
    qtbot.addWidget(win)
    win.show()
    win.start_up()
    assert win.pages.currentWidget() is win.welcome
    win.welcome.sample_button.click()
    assert win.indexing.busy
    with qtbot.waitSignal(win.indexing.finished, timeout=60000):
        pass
    states = win.session.archive.catalogue.counts_by_state()
    assert states["indexed"] >= 20 and states["failed"] == 0
    _search(qtbot, win, '"key recovery"')
    assert win.search_panel.model.rowCount() >= 2
    assert "Key recovery" in hit_at(win.search_panel, 0).title


def test_a_file_handed_over_by_the_desktop_is_opened(
    qtbot: QtBot, small_archive: Manifest, basedir: Path
) -> None:
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from reader.gui.app import FileOpenHandler

    win = MainWindow(Settings(workers=2))
    qtbot.addWidget(win)
    app = QApplication.instance()
    assert app is not None
    handler = FileOpenHandler(win)
    app.installEventFilter(handler)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(small_archive.root)))
        assert win.indexing.busy  # the folder is being opened and indexed
        with qtbot.waitSignal(win.indexing.finished, timeout=120000):
            pass
    finally:
        app.removeEventFilter(handler)
    assert small_archive.root.name in win.status_archive.text()


@pytest.mark.parametrize("damage", ["another version", "meta.json lost"])
def test_a_repaired_index_is_announced_at_start(
    qtbot: QtBot, indexed: Manifest, basedir: Path, damage: str
) -> None:
    index_dir = basedir / "data" / "archives" / "default" / "index"
    if damage == "another version":
        (index_dir / "archive-reader-index.json").write_text('{"schema_version": 0}')
    else:
        (index_dir / "meta.json").unlink()
    win = MainWindow(Settings(workers=2))
    qtbot.addWidget(win)
    win.show()
    win.start_up()
    assert win.progress.isVisible()
    assert "repaired and must be indexed again" in win.progress.title.text()
    assert "bookmarks and notes are kept" in win.progress.details.text()
    assert win.session.archive.catalogue.counts_by_state()["indexed"] == 0  # all pending again


def test_switch_archive_lists_every_archive_and_the_window_reopens_the_last_one(
    qtbot: QtBot, window: MainWindow, indexed: Manifest
) -> None:
    from reader import settings as settings_mod
    from reader.gui.app import initial_archive
    from reader.indexing.pipeline import index_volumes
    from reader.sample import sample_archive_path
    from reader.sources.opener import open_volume
    from reader.store.archive import Archive

    # A second archive on this machine, whose disc is not inserted now.
    with Archive.named("sample") as other, open_volume(sample_archive_path()) as volume:
        index_volumes(other, [volume], Settings(workers=2))
        sample_docs = other.catalogue.counts_by_state()["indexed"]
    default_docs = window.session.archive.catalogue.counts_by_state()["indexed"]
    window.archives.fill_archives_menu(window.menus.archives)
    actions = window.menus.archives.actions()
    assert len(actions) == 2
    [current] = [a for a in actions if a.isChecked()]
    assert current.text().endswith(f"{default_docs:,} documents, 1 disc")
    [sample] = [a for a in actions if not a.isChecked()]
    assert sample.text() == f"SAMPLE_ARCHIVE  ·  {sample_docs:,} documents, 1 disc"
    sample.trigger()
    assert window.session.archive.folder.name == "sample"
    _search(qtbot, window, "type:pdf")
    assert window.search_panel.last_result is not None
    assert window.search_panel.last_result.total > 0
    assert all(h.volume_label == "SAMPLE_ARCHIVE" for h in window.search_panel.last_result.hits)
    # Remembered: the next start opens it again; the command line keeps its default.
    assert initial_archive(settings_mod.load()) == "sample"


def _open_files_of(path: Path) -> int:
    """How many file descriptors of this process are open on `path`."""
    fds = Path("/proc/self/fd")
    count = 0
    for fd in fds.iterdir():
        try:
            if Path(os.readlink(fd)) == path:
                count += 1
        except OSError:
            continue
    return count


def test_switching_archives_closes_the_discs_of_the_one_left(
    qtbot: QtBot, small_archive: Manifest, tmp_path: Path
) -> None:
    iso = make_iso(small_archive.root, tmp_path / "CRYPTOME_1.iso", label="CRYPTOME_1")
    win = MainWindow(Settings(workers=2), make_runner=lambda _name: InlineRunner())
    qtbot.addWidget(win)
    win.show()
    win.start_up()
    win.open_paths([str(iso)])  # indexed at once: the runner is inline
    assert win.session.archive.catalogue.counts_by_state()["indexed"] > 50
    assert _open_files_of(iso) >= 1  # the window reads the disc image
    win.archives.switch_to("another")
    assert _open_files_of(iso) == 0


def test_open_with_system_viewer_hands_over_a_copy_in_the_apps_cache(
    qtbot: QtBot, window: MainWindow, indexed: Manifest, basedir: Path, file_manager: UrlCatcher
) -> None:
    zipped = next(t for t in indexed.files if t.kind == "zip" and t.expected_state == "indexed")
    vid = window.session.volumes()[0].id
    assert window.reading.open(Place(vid, zipped.path))
    viewer = window.document.other
    qtbot.mouseClick(viewer.open_button, Qt.MouseButton.LeftButton)
    [url] = file_manager.urls
    copy = Path(url.toLocalFile())
    cache = basedir / "cache" / "opened"
    assert copy.is_relative_to(cache) and copy.name == Path(zipped.path).name
    assert copy.read_bytes() == (indexed.root / zipped.path).read_bytes()
    window.close()
    assert not cache.exists()  # nothing is left behind outside the app's own folders


def test_cancel_indexing_is_offered_while_failed_files_are_read_again(
    qtbot: QtBot, small_archive: Manifest
) -> None:
    index_runner = StepRunner()
    win = MainWindow(
        Settings(workers=2),
        make_runner=lambda name: index_runner if name == "index" else InlineRunner(),
    )
    qtbot.addWidget(win)
    win.show()
    win.open_paths([str(small_archive.root)])
    index_runner.step()  # the first run, to its end
    assert not win.menus.cancel_indexing.isEnabled()
    win.indexing.retry_failed()  # File → Retry Failed Files
    assert index_runner.names() == ["indexing"]
    assert win.menus.cancel_indexing.isEnabled()
    index_runner.step()
    assert not win.menus.cancel_indexing.isEnabled()


def test_copies_of_windows_still_running_are_kept_and_the_others_removed(
    basedir: Path,
) -> None:
    root = basedir / "cache" / "opened"
    gone = root / "999999999"  # no such process
    other = root / str(os.getppid())  # a process that runs: another window, say
    for folder in (gone, other):
        folder.mkdir(parents=True)
        (folder / "copy.pdf").write_bytes(b"%PDF")
    clear_opened_copies()
    assert not gone.exists() and (other / "copy.pdf").is_file()


def test_nothing_overlaps_on_the_welcome_view(qtbot: QtBot, basedir: Path) -> None:
    """The logo's magnifier was drawn over the title's first letters: the card got the
    height of a wider guess than the width it was given."""
    from PySide6.QtWidgets import QLabel, QPushButton

    win = MainWindow(Settings(workers=2))
    qtbot.addWidget(win)
    win.show()
    win.start_up()
    qtbot.waitExposed(win)
    for size in ((1280, 800), (800, 600), (640, 700)):
        win.resize(*size)
        qtbot.wait(20)
        labels = [
            w for w in win.welcome.findChildren(QLabel) if w.text() or not w.pixmap().isNull()
        ]
        buttons = win.welcome.findChildren(QPushButton)
        shown = [w for w in labels if w.isVisible()] + [w for w in buttons if w.isVisible()]
        view = win.welcome
        rects = [(w.text(), w.rect().translated(w.mapTo(view, w.rect().topLeft()))) for w in shown]
        assert len(rects) >= 6
        for i, (a, ra) in enumerate(rects):
            for b, rb in rects[i + 1 :]:
                assert not ra.intersects(rb), f"{a[:20]!r} overlaps {b[:20]!r}"
