"""The window on a disc searched in place: rows first (from the catalogue), snippets after."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.gui.background import Op
from reader.gui.viewers.pdf import PdfViewer
from reader.publish.masters import publish
from reader.search.engine import SearchResult
from reader.settings import Settings
from tests.archive_factory import Manifest
from tests.core.test_volume import set_tree_mode
from tests.gui.conftest import index_folder, show_window, type_query


def test_on_a_disc_the_rows_come_without_snippets_and_the_shown_ones_get_them(
    qtbot: QtBot, small_archive: Manifest, tmp_path: Path
) -> None:
    master = tmp_path / "master" / small_archive.root.name
    shutil.copytree(small_archive.root, master, symlinks=True)
    publish([master], Settings(workers=2), ocr=False)
    disc = tmp_path / "drive" / master.name
    shutil.copytree(master, disc, symlinks=True)
    set_tree_mode(disc, writable=False)
    try:
        index_folder(disc)  # its index is read where it lies
        win = show_window(qtbot)
        request = win.session.search_request("the", 0, 100, "relevance")
        assert request.catalogue is not None  # rows from the catalogue ...
        first: SearchResult = request.run()
        assert first.hits and all(h.snippet is None for h in first.hits)  # ... no snippet yet
        panel = win.search_panel
        type_query(qtbot, panel, "the")
        assert panel.model.rowCount() > 0

        # The rows painted ask for their snippets, which come in after them.
        def first_has_snippet() -> bool:
            shown = panel.model.hit(0)
            return shown is not None and shown.snippet is not None

        qtbot.waitUntil(first_has_snippet, timeout=10000)
        hit = panel.model.hit(0)
        assert hit is not None and hit.snippet is not None and hit.snippet.marks
    finally:
        set_tree_mode(disc, writable=True)


def test_a_local_index_still_gives_the_first_snippets_with_the_rows(
    qtbot: QtBot, small_archive: Manifest
) -> None:
    index_folder(small_archive.root)
    win = show_window(qtbot)
    request = win.session.search_request("the", 0, 100, "relevance")
    assert request.catalogue is None
    result = request.run()
    assert result.hits[0].snippet is not None and result.hits[-1].snippet is None


def _disc_with_a_survey(tmp_path: Path) -> Path:
    """A published disc, read-only, holding a PDF whose word stands once on page 1 and
    four times on page 3: its snippet (and the row) show page 3."""
    master = tmp_path / "master" / "SURVEY_1"
    (master / "2004").mkdir(parents=True)
    doc = pymupdf.open()
    for number in range(1, 5):
        page = doc.new_page()
        if number == 1:
            page.insert_text((72, 100), "A breakwater is mentioned once here.", fontsize=12)
        elif number == 3:
            for line in range(4):
                text = f"The breakwater lamp, record {line}: the breakwater keeper's log."
                page.insert_text((72, 100 + 20 * line), text, fontsize=12)
        else:
            page.insert_text((72, 100), f"Tide tables, part {number}.", fontsize=12)
    (master / "2004" / "survey.pdf").write_bytes(doc.tobytes())
    (master / "2004" / "notes.htm").write_text(
        "<html><body><p>Harbour notes without the word.</p></body></html>", encoding="utf-8"
    )
    publish([master], Settings(workers=2), ocr=False)
    disc = tmp_path / "drive" / master.name
    shutil.copytree(master, disc, symlinks=True)
    set_tree_mode(disc, writable=False)
    return disc


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_enter_before_the_snippet_came_opens_the_page_the_snippet_names(
    qtbot: QtBot, tmp_path: Path
) -> None:
    disc = _disc_with_a_survey(tmp_path)
    try:
        index_folder(disc)
        win = show_window(qtbot)
        panel = win.search_panel
        panel.query.setFocus()
        qtbot.keyClicks(panel.query, "breakwater")
        before = win.reading.current
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)  # before the results (and snippets)
        qtbot.waitUntil(lambda: win.reading.current is not before, timeout=10000)
        viewer = win.document.stack.currentWidget()
        assert isinstance(viewer, PdfViewer)
        hit = panel.model.hit(0)
        assert hit is not None and hit.snippet is not None and hit.page == 3
        qtbot.waitUntil(lambda: viewer.current_page() == 3, timeout=5000)
    finally:
        set_tree_mode(disc, writable=True)


def test_a_query_typed_while_snippets_are_made_waits_for_one_snippet_at_most(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """On a disc each snippet costs seeks (100 rows: seconds): the new query's search runs
    on the same thread, and the snippets of the list being replaced stop."""
    master = tmp_path / "master" / "NOTES_1"
    (master / "2004").mkdir(parents=True)
    for n in range(60):
        (master / "2004" / f"note{n:02}.htm").write_text(
            f"<html><body><p>Note {n}: the harbour keeper counted the boats.</p></body></html>",
            encoding="utf-8",
        )
    publish([master], Settings(workers=2), ocr=False)
    disc = tmp_path / "drive" / master.name
    shutil.copytree(master, disc, symlinks=True)
    set_tree_mode(disc, writable=False)
    release = threading.Event()
    try:
        index_folder(disc)
        win = show_window(qtbot)
        panel = win.search_panel
        type_query(qtbot, panel, "harbour")
        # The search thread is held (as by a slow disc) while the rows scrolled to ask for
        # their snippets, so that the new query comes while they wait to be made.
        panel._runner.run(Op(lambda _ctx: release.wait(10), lambda _r: None, name="held"))
        asked = list(panel._snippet_jobs)
        panel.view.setFocus()
        qtbot.keyClick(panel.view, Qt.Key.Key_End)
        qtbot.waitUntil(lambda: any(j not in asked for j in panel._snippet_jobs), timeout=5000)
        job = next(j for j in panel._snippet_jobs if j not in asked)
        panel.query.selectAll()
        qtbot.keyClicks(panel.query, "keeper")
        qtbot.waitUntil(lambda: not panel._debounce.isActive(), timeout=5000)
        release.set()
        qtbot.waitUntil(
            lambda: panel.last_result is not None and panel.last_result.query == "keeper",
            timeout=10000,
        )
        assert job.future is not None and job.future.done()
        _kind, (made, left) = job.future.result()
        assert not made and len(left) >= 5  # stopped before making any of them
        assert panel.model.rowCount() == 60
    finally:
        release.set()
        set_tree_mode(disc, writable=True)
