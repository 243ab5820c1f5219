"""A PDF page that takes MuPDF seconds to draw, shown in the real viewer: the window stays
responsive while a worker process draws it, a page over the time limit says so, and no
worker process outlives the viewer."""

from __future__ import annotations

import sys
import time
import zlib
from collections.abc import Iterator
from typing import cast

import psutil
import pymupdf
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from reader.gui.viewers.base import OpenRequest
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.pdf_worker import MEMORY_MB, TIME_LIMIT_S
from reader.model import Kind
from reader.search.analysis import terms_for
from reader.sources.volume import Volume
from tests.gui.watchdog import GuiWatchdog
from tests.hostile_archive import raw_pdf

#: Longest the GUI thread may be away from its event loop while such a page is shown.
BUSY_LIMIT_S = 0.5
#: Filled squares on the slow page: MuPDF needs about 2.5 s to draw them and 1 s for words.
OPERATORS = 2_000_000
SLOW_TEXT = "marker on the slow page"
NEXT_TEXT = "the page after the slow one"


def slow_pdf(operators: int = OPERATORS) -> bytes:
    """Two A4 pages, written by hand: the first has `operators` 1-point filled squares
    (`x y 1 1 re f`, one FlateDecode stream) under a line of text, the second a line of text."""
    row = b"".join(b"%d %%d 1 1 re f\n" % x for x in range(40, 540))
    rows = [row % ((y,) * 500) for y in range(40, 740)]  # 700 distinct rows, repeated
    body = b"".join(rows[i % len(rows)] for i in range(operators // 500))
    slow = b"q 0.5 g\n" + body + b"Q\nBT /F1 14 Tf 72 790 Td (%s) Tj ET\n" % SLOW_TEXT.encode()
    stream = zlib.compress(slow, 1)
    plain = b"BT /F1 14 Tf 72 790 Td (%s) Tj ET\n" % NEXT_TEXT.encode()
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
    page += b" /Resources << /Font << /F1 5 0 R >> >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        page % 4,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        page % 7,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(plain), plain),
    ]
    return raw_pdf(objects)


@pytest.fixture(scope="module")
def slow_data() -> bytes:
    data = slow_pdf()
    # It is what it says: a valid PDF, and its page is slow for MuPDF itself.
    doc = pymupdf.open(stream=data, filetype="pdf")
    assert doc.page_count == 2 and not doc.is_repaired
    assert SLOW_TEXT in doc[0].get_text()
    return data


def request(terms: str = "") -> OpenRequest:
    return OpenRequest(
        volume=cast(Volume, None), path="traps/slow.pdf", kind=Kind.PDF, terms=terms_for(terms)
    )


def make_viewer(qtbot: QtBot, time_limit: float = TIME_LIMIT_S) -> PdfViewer:
    viewer = PdfViewer(time_limit=time_limit)
    qtbot.addWidget(viewer)
    viewer.resize(900, 700)
    viewer.show()
    qtbot.waitExposed(viewer)
    return viewer


def warm(qtbot: QtBot, viewer: PdfViewer) -> None:
    """A small PDF shown first, as in a window in use: the workers' fork server has loaded
    (once per run of the app, about half a second) before the watchdog starts."""
    small = pymupdf.open()
    small.new_page().insert_text((72, 100), "warming up")
    before = viewer.rendered_pages
    viewer.open_document(request(), bytes(small.tobytes()))
    qtbot.waitUntil(lambda: viewer.rendered_pages > before, timeout=20000)


def image_of(viewer: PdfViewer, page: int) -> QImage | None:
    cached = viewer.pages.cache.get(page - 1)
    return None if cached is None else cached[1]


@pytest.fixture
def no_zombies() -> Iterator[None]:
    yield
    # Workers killed or ended are reaped at once (the fork server they come from stays).
    for child in psutil.Process().children(recursive=True):
        try:
            status = child.status()
        except psutil.NoSuchProcess:
            continue
        assert status != psutil.STATUS_ZOMBIE, f"zombie process {child.pid}"


def test_a_page_that_takes_seconds_to_draw_never_holds_the_window(
    qtbot: QtBot, slow_data: bytes
) -> None:
    viewer = make_viewer(qtbot, time_limit=60.0)
    warm(qtbot, viewer)
    with GuiWatchdog() as watchdog:
        started = time.monotonic()
        viewer.open_document(request("marker"), slow_data)
        qtbot.waitUntil(lambda: image_of(viewer, 1) is not None, timeout=60000)
        drawn_after = time.monotonic() - started
        # It is the page: grey squares from x = 40 to 540 pt, white paper beside them.
        image = image_of(viewer, 1)
        assert image is not None
        scale = image.width() / 595
        y = round(400 * scale)
        assert image.pixelColor(round(300 * scale), y).lightness() < 200
        assert image.pixelColor(round(570 * scale), y).lightness() > 250
        # Its words came from the other worker: the hit is marked on the slow page.
        qtbot.waitUntil(lambda: viewer.hit_count() == 1, timeout=60000)
        mark = viewer.hit_rects(1)[0]
        assert mark.contains(QRectF(75, 45, 1, 1))  # "marker" at (72, 52) from the top
        # The thumbnails draw it too, as slowly, and off the GUI thread as well.
        viewer.setFocus()
        qtbot.keyClick(viewer, Qt.Key.Key_F4)
        qtbot.waitUntil(lambda: viewer.thumbnails_rendered >= 1, timeout=60000)
    assert drawn_after > BUSY_LIMIT_S  # a page that really is slow to draw
    assert watchdog.longest < BUSY_LIMIT_S, f"GUI thread busy {watchdog.longest:.2f} s"
    assert viewer.page_notice(1) == ""


def test_a_page_over_the_time_limit_says_so_and_the_next_page_is_drawn(
    qtbot: QtBot, slow_data: bytes, no_zombies: None
) -> None:
    viewer = make_viewer(qtbot, time_limit=0.5)
    warm(qtbot, viewer)
    with GuiWatchdog() as watchdog:
        viewer.open_document(request(), slow_data)
        first = set(viewer.worker_pids())
        qtbot.waitUntil(lambda: viewer.page_notice(1) != "", timeout=30000)
        assert viewer.page_notice(1) == "This page takes too long to draw"
        # A new worker took over: the page after it is drawn, and its words are searched.
        qtbot.waitUntil(lambda: image_of(viewer, 2) is not None, timeout=30000)
        viewer.setFocus()
        qtbot.keyClick(viewer, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(viewer.find_bar.edit, NEXT_TEXT[:12])
        qtbot.waitUntil(lambda: viewer.find_bar.result.text() == "1 of 1", timeout=30000)
        assert viewer.pages.current_hit is not None and viewer.pages.current_hit[0] == 1
    assert watchdog.longest < BUSY_LIMIT_S, f"GUI thread busy {watchdog.longest:.2f} s"
    assert image_of(viewer, 1) is None  # never drawn, and not tried again
    killed = first - set(viewer.worker_pids())
    assert killed  # the one drawing page 1 (and the one reading its words) were killed
    assert not any(psutil.pid_exists(pid) for pid in killed)  # and reaped


def test_no_worker_outlives_the_document_or_the_viewer(qtbot: QtBot, no_zombies: None) -> None:
    viewer = make_viewer(qtbot)
    warm(qtbot, viewer)
    pids = viewer.worker_pids()
    assert len(pids) == 2  # one draws, one reads words
    mine = {child.pid for child in psutil.Process().children(recursive=True)}
    assert set(pids) <= mine
    for pid in pids:
        worker = psutil.Process(pid)
        libraries = [m.path for m in worker.memory_maps()]
        assert any("mupdf" in path for path in libraries)  # MuPDF, not Qt
        assert not any("Qt6" in path or "pyside6" in path.lower() for path in libraries)
        if sys.platform.startswith("linux"):
            assert worker.rlimit(psutil.RLIMIT_AS) == (MEMORY_MB << 20, MEMORY_MB << 20)
            assert worker.nice() > psutil.Process().nice()  # the window comes first
    viewer.clear()  # the document closed
    assert viewer.worker_pids() == []
    assert not any(psutil.pid_exists(pid) for pid in pids)
    warm(qtbot, viewer)  # the next document gets new ones
    pids = viewer.worker_pids()
    assert len(pids) == 2
    viewer.close()  # the viewer closed
    assert not any(psutil.pid_exists(pid) for pid in pids)


def test_a_pdf_opened_while_a_slow_page_draws_is_not_held_up_by_it(
    qtbot: QtBot, slow_data: bytes, no_zombies: None
) -> None:
    viewer = make_viewer(qtbot, time_limit=60.0)
    warm(qtbot, viewer)
    viewer.open_document(request(), slow_data)
    qtbot.wait(300)  # the slow page is being drawn
    busy = set(viewer.worker_pids())
    small = pymupdf.open()
    small.new_page().insert_text((72, 100), "the next document")
    started = time.monotonic()
    viewer.open_document(request(), bytes(small.tobytes()))
    qtbot.waitUntil(lambda: image_of(viewer, 1) is not None, timeout=20000)
    assert time.monotonic() - started < 1.5  # not after the slow page (about 2.5 s)
    assert viewer.page_count == 1
    assert not any(psutil.pid_exists(pid) for pid in busy - set(viewer.worker_pids()))
