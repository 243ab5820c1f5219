"""The timeline names its years and says what a bar holds; the indexing report does not
vanish from under the pointer."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from reader.gui.indexing import controller as indexing_controller
from reader.gui.search.timeline import Timeline
from tests.gui.conftest import show_window

# The offscreen platform says these for every shown window and tooltip; they are not ours.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture
def timeline(qtbot: QtBot) -> Timeline:
    widget = Timeline()
    qtbot.addWidget(widget)
    widget.resize(480, 60)
    widget.set_counts({str(y): (y - 1990) * 3 for y in range(1996, 2014)}, None)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _hover(qtbot: QtBot, timeline: Timeline, year: int) -> str:
    x = next(x for x in range(timeline.width()) if timeline.year_at(QPoint(x, 30)) == year)
    pos = QPoint(x, 30)
    QApplication.sendEvent(
        timeline, QHelpEvent(QEvent.Type.ToolTip, pos, timeline.mapToGlobal(pos))
    )
    qtbot.waitUntil(QToolTip.isVisible)
    return QToolTip.text()


def test_the_timeline_names_years_at_a_round_step(timeline: Timeline) -> None:
    named = timeline.label_years()
    assert len(named) > 2  # not only the first and the last
    steps = {b - a for a, b in itertools.pairwise(named)}
    assert len(steps) == 1 and steps.pop() in (1, 2, 5, 10)
    assert all(y % (named[1] - named[0]) == 0 for y in named)


def test_hovering_a_bar_says_its_year_and_count(qtbot: QtBot, timeline: Timeline) -> None:
    assert _hover(qtbot, timeline, 2001) == "2001: 33 documents; click to show only 2001"
    chosen: list[int] = []
    timeline.year_clicked.connect(chosen.append)
    x = next(x for x in range(timeline.width()) if timeline.year_at(QPoint(x, 30)) == 2001)
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    assert chosen == [2001]


def test_the_indexing_report_stays_while_the_pointer_is_over_what_it_would_move(
    qtbot: QtBot, tmp_path: Path, basedir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing_controller, "HIDE_AFTER_MS", 200)
    monkeypatch.setattr(indexing_controller, "HOVER_RETRY_MS", 100)
    disc = tmp_path / "SMALL_1"
    disc.mkdir()
    (disc / "note.txt").write_text("a short note about the harbour", encoding="utf-8")
    win = show_window(qtbot)
    win.archives.open_paths([str(disc)])
    qtbot.waitUntil(lambda: win.progress.title.text() == "Indexing finished", timeout=20000)
    results = win.search_panel.view
    qtbot.mouseMove(results, QPoint(20, 20))  # the user reaches for the results
    qtbot.wait(600)
    assert win.progress.isVisible()  # hiding it now would move the list under the pointer
    qtbot.mouseMove(win.menuBar(), QPoint(5, 5))  # the pointer leaves
    qtbot.waitUntil(lambda: not win.progress.isVisible(), timeout=3000)
