"""Results that arrive late land where they belong: under their own query, in their own
archive, or nowhere. Each search is held by a runner the test steps by hand."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader.gui.background import InlineRunner
from reader.gui.search.panel import SearchPanel
from reader.gui.session import Session
from reader.gui.window.main_window import MainWindow
from reader.search.engine import search
from reader.settings import Settings
from tests.archive_factory import Manifest
from tests.gui.runners import StepRunner

PAGE = 10


def _panel(qtbot: QtBot, runner: StepRunner) -> tuple[SearchPanel, Session]:
    session = Session(Settings(workers=2), "default", lambda: [])
    panel = SearchPanel(session.search_request, runner, page_size=PAGE)
    qtbot.addWidget(panel)
    panel.resize(500, 600)
    panel.show()
    qtbot.waitExposed(panel)
    return panel, session


def _type(qtbot: QtBot, panel: SearchPanel, runner: StepRunner, text: str) -> None:
    panel.query.selectAll()
    qtbot.keyClicks(panel.query, text)
    qtbot.waitUntil(lambda: "search" in runner.names(), timeout=5000)  # after the debounce


def _scroll_to_the_end(qtbot: QtBot, panel: SearchPanel) -> None:
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_End)


def _two_common_words(session: Session) -> tuple[str, str]:
    """Two words each in more than two pages of documents (found through the index)."""
    index = session.index()
    words = ["the", "and", "report", "surveillance", "intercepts", "archive", "of"]
    common = [w for w in words if search(index, w, limit=1, snippets=False).total > 3 * PAGE]
    assert len(common) >= 2, common
    return common[0], common[1]


def test_a_page_of_an_old_query_never_lands_under_a_new_one(
    qtbot: QtBot, indexed: Manifest
) -> None:
    runner = StepRunner()
    panel, session = _panel(qtbot, runner)
    first, second = _two_common_words(session)
    _type(qtbot, panel, runner, first)
    runner.step()
    assert panel.model.rowCount() == PAGE
    _scroll_to_the_end(qtbot, panel)
    assert runner.names() == ["search page"]  # the first query's page 2, on its way

    _type(qtbot, panel, runner, second)
    runner.step(-1)  # the new query's first page comes first...
    runner.step(0)  # ...and the old query's page 2 after it
    shown = [panel.model.hit(i) for i in range(panel.model.rowCount())]
    expected = search(session.index(), second, limit=PAGE, snippets=False).hits
    assert [h.key for h in shown if h] == [h.key for h in expected]

    _scroll_to_the_end(qtbot, panel)  # the new query's own page 2 is asked for, and comes
    assert runner.names() == ["search page"]
    runner.step()
    assert panel.model.rowCount() == 2 * PAGE
    panel.shutdown()
    session.close()


def test_a_failed_page_is_asked_for_again_when_the_list_scrolls(
    qtbot: QtBot, indexed: Manifest
) -> None:
    runner = StepRunner()
    panel, session = _panel(qtbot, runner)
    word, _ = _two_common_words(session)
    _type(qtbot, panel, runner, word)
    runner.step()
    _scroll_to_the_end(qtbot, panel)
    op, _handle = runner.waiting.pop()
    op.on_failure(OSError("the disc went away"))  # what the runner delivers for a failure
    assert "More results could not be loaded: the disc went away" in panel.message.text()
    qtbot.keyClick(panel.view, Qt.Key.Key_Home)  # the user scrolls up, and down again
    _scroll_to_the_end(qtbot, panel)
    assert runner.names() == ["search page"]
    runner.step()
    assert panel.model.rowCount() == 2 * PAGE
    panel.shutdown()
    session.close()


def test_a_search_still_running_when_the_archive_changes_is_shown_to_no_one(
    qtbot: QtBot, indexed: Manifest
) -> None:
    runner = StepRunner()

    def runners(name: str) -> StepRunner | InlineRunner:
        return runner if name == "search" else InlineRunner()

    win = MainWindow(Settings(workers=2), make_runner=runners)
    qtbot.addWidget(win)
    win.show()
    win.start_up()
    qtbot.keyClicks(win.search_panel.query, "the")
    qtbot.waitUntil(lambda: runner.names() == ["search"], timeout=5000)
    win.archives.switch_to("another")
    runner.step(0)  # the old archive's search ends now: its index is its own, not closed
    assert win.search_panel.model.rowCount() == 0
    assert win.search_panel.last_result is None or win.search_panel.last_result.total == 0
