"""Every file of the hostile archive, opened in the shown window as a user opens it: none
may hold the GUI thread, grow the window past its memory bound, or read outside the archive.

The archive is tests/hostile_archive.py's, indexed with the real pipeline. Each file is
opened from the Browse panel (its folder revealed, the file selected, Enter pressed) while a
watchdog measures the longest time the GUI thread did not get back to its event loop.
"""

from __future__ import annotations

import faulthandler
import os
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from reader.gui.browse import PathRole
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.image import ImageViewer
from reader.gui.window.main_window import MainWindow
from reader.store.archive import Archive
from reader.store.catalogue import FileRecord
from tests.gui.conftest import index_folder, show_window
from tests.gui.watchdog import GuiWatchdog
from tests.hostile_archive import build_hostile, remove_deep_folders

#: The issue's bound: no file keeps the GUI thread busy longer (we measure ~1 s at most).
GUI_BUSY_LIMIT = 2.0
WINDOW_RSS_LIMIT = 1 << 30
#: Past this a file has frozen the window for good: dump every thread's stack and stop.
HANG_SECONDS = 60
#: What the reader says on screen about some of the traps (file -> words shown).
SAID = {
    "display/svg-as.png": "SVG drawing",
    "display/pdf-as.png": "holds a PDF",
    "display/use-bomb-as.png": "SVG drawing",
    "display/nested-div.htm": "Shown simplified",
    "display/colspan.htm": "oversized tables",
    "display/long-token.htm": "only its first part is shown",
    "images/bomb.png": "too large to show safely",
}


@pytest.fixture(scope="module")
def hostile_disc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    base = tmp_path_factory.mktemp("hostile-window")
    root, outside = build_hostile(base)
    yield root, outside
    remove_deep_folders(root)


def _atime_is_kept(probe: Path) -> bool:
    """Whether this file system records reads (noatime mounts do not)."""
    os.utime(probe, (0, probe.stat().st_mtime))
    probe.read_bytes()
    return probe.stat().st_atime > 0


def _file_item(win: MainWindow, record: FileRecord) -> QStandardItem:
    folder = record.path.rsplit("/", 1)[0] if "/" in record.path else ""
    win.browse.reveal(record.volume_id, folder)
    view = win.browse.folder_view
    parent = win.browse.folder_model.itemFromIndex(view.currentIndex())
    for row in range(parent.rowCount()):
        child = parent.child(row)
        if child.data(PathRole) == (record.volume_id, record.path):
            return child
    raise AssertionError(f"{record.path} is not in the Browse panel")


def _open_from_browse(qtbot: QtBot, win: MainWindow, record: FileRecord) -> None:
    item = _file_item(win, record)
    view = win.browse.folder_view
    view.setCurrentIndex(item.index())
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Return)


def _said(win: MainWindow) -> str:
    """The viewer's message or notice line, as the user reads it."""
    viewer = win.reading.pane.current_viewer()
    if isinstance(viewer, ImageViewer):
        return viewer.message.text()
    if isinstance(viewer, HtmlViewer):
        return viewer.notice.text() if viewer.notice.isVisible() else ""
    return ""


# Damaged images make Qt's decoders complain, which is the input working as meant; an SVG
# or PDF decoder (qt.svg: ..., qt.pdf: ...) saying anything still fails the test.
@pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "Unsupported marker",
    "Corrupt JPEG",
    "Invalid JPEG",
    "Unsupported JPEG",
    "JPEG datastream",
    "libpng",
    "Sanity check",
)
def test_no_hostile_file_holds_the_window_or_reads_outside(
    qtbot: QtBot, hostile_disc: tuple[Path, Path], answer_dialogs
) -> None:
    root, outside = hostile_disc
    index_folder(root)
    with Archive.named("default") as archive:
        records = [r for r in archive.catalogue.files() if not r.path.endswith("/")]
    assert len(records) > 50  # every file of the hostile disc, failed ones included
    reads_seen = _atime_is_kept(root / "good/report.txt")
    os.utime(outside, (0, outside.stat().st_mtime))

    win = show_window(qtbot)
    win.side.setCurrentWidget(win.browse)
    answer_dialogs("OK")  # "Cannot read the file" boxes are answered like a user would
    me = psutil.Process()
    busy: dict[str, float] = {}
    said: dict[str, str] = {}
    peak_rss = 0
    with GuiWatchdog() as watchdog:
        for record in records:
            faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
            qtbot.wait(30)  # the event loop runs: the watchdog starts from a fresh stamp
            watchdog.restart()
            _open_from_browse(qtbot, win, record)
            qtbot.wait(60)  # what the open posted (layout, images) runs before we measure
            faulthandler.cancel_dump_traceback_later()
            busy[record.path] = watchdog.longest
            said[record.path] = _said(win)
            peak_rss = max(peak_rss, me.memory_info().rss)
    slowest = sorted(busy.items(), key=lambda item: -item[1])[:5]
    print("longest GUI-thread busy times:", [(path, round(s, 2)) for path, s in slowest])
    print(f"window peak RSS {peak_rss >> 20} MB")
    slow = {path: round(s, 2) for path, s in busy.items() if s > GUI_BUSY_LIMIT}
    assert not slow, f"these files held the GUI thread longer than {GUI_BUSY_LIMIT} s: {slow}"
    for path, words in SAID.items():
        assert words in said[path], f"{path}: the window said {said[path]!r}"
    assert peak_rss < WINDOW_RSS_LIMIT, f"the window grew to {peak_rss >> 20} MB"
    if reads_seen:
        assert outside.stat().st_atime == 0, "a file outside the archive was read"
