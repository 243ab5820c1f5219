"""The progress panel and the terminal bar draw every phase of a run, copying included."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from reader.cli.progress_bar import ProgressBar
from reader.gui.indexing.progress_panel import ProgressPanel
from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import Phase, Progress
from reader.publish.masters import publish
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from tests.archive_factory import Manifest


def _copying_snapshots(small_archive: Manifest, tmp_path: Path) -> list[Progress]:
    """What a run reports while it takes a disc's ready-made index (a real publication)."""
    master = tmp_path / "CRYPTOME_1"
    shutil.copytree(small_archive.root, master, symlinks=True)
    publish([master], Settings(workers=2))
    seen: list[Progress] = []

    def keep(p: Progress) -> None:
        if p.phase is Phase.COPYING:
            seen.append(replace(p))  # the run goes on changing its own

    with Archive(tmp_path / "fresh") as archive, open_volume(master) as volume:
        summary = index_volumes(archive, [volume], Settings(workers=2), progress=keep)
    assert summary.adopted > 50 and summary.extracted == 0
    return seen


def test_copying_a_ready_made_index_is_drawn_with_its_bytes(
    qtbot: QtBot, small_archive: Manifest, tmp_path: Path
) -> None:
    seen = _copying_snapshots(small_archive, tmp_path)
    assert seen, "no progress while copying"
    last = seen[-1]
    assert last.bytes_total > 0 and last.bytes_done == last.bytes_total
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    panel.start("CRYPTOME_1")
    panel.update_progress(last)
    assert panel.current.text() == "Copying the ready-made index of CRYPTOME_1"
    assert " of " in panel.details.text() and "0 of 0 files" not in panel.details.text()
    assert panel.bar.value() == panel.bar.maximum() > 0
    line = ProgressBar.render(last)
    assert "copying the ready-made index of CRYPTOME_1" in line and "100.0%" in line
    assert "0/0 files" not in line
