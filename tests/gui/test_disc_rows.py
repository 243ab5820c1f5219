"""The window on a disc searched in place: rows first (from the catalogue), snippets after."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

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
