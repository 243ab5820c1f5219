"""The window on an archive whose index is read in place from a published disc."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.gui import session as session_mod
from reader.publish.masters import publish
from reader.settings import Settings
from tests.archive_factory import Manifest
from tests.core.test_volume import set_tree_mode
from tests.gui.conftest import index_folder, show_window, type_query


def _mapped(disc: Path) -> int:
    where = str(disc.resolve())
    return sum(where in line for line in Path("/proc/self/maps").read_text().splitlines())


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="Linux: /proc/self/maps")
def test_the_window_asks_for_the_disc_searches_it_in_place_and_lets_it_go_when_idle(
    qtbot: QtBot,
    small_archive: Manifest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(session_mod, "RELEASE_DISC_INDEX_MS", 400)
    master = tmp_path / "master" / small_archive.root.name
    shutil.copytree(small_archive.root, master, symlinks=True)
    publish([master], Settings(workers=2), ocr=False)
    disc = tmp_path / "drive" / master.name
    shutil.copytree(master, disc, symlinks=True)
    set_tree_mode(disc, writable=False)
    index_folder(disc)  # opened once: its index is read where it lies
    away = disc.with_name("ejected")
    disc.rename(away)
    try:
        win = show_window(qtbot)
        panel = win.search_panel
        panel.query.setFocus()
        qtbot.keyClicks(panel.query, "the")
        qtbot.waitUntil(
            lambda: panel.count_label.text() == "Insert a disc to search", timeout=10000
        )
        assert f"insert {master.name} to search" in panel.message.text()
        assert "failed" not in panel.message.text().lower()

        away.rename(disc)  # the disc is back in the drive
        type_query(qtbot, panel, "the archive")
        assert panel.last_result is not None and panel.last_result.total > 0
        assert panel.model.rowCount() > 0
        # Left alone, the window lets go of the disc's files (it could be ejected now).
        qtbot.waitUntil(lambda: (gc.collect(), _mapped(disc))[1] == 0, timeout=10000)
        type_query(qtbot, panel, "document")  # and searches it again at once
        assert panel.model.rowCount() > 0
    finally:
        if away.exists():
            away.rename(disc)
        set_tree_mode(disc, writable=True)
