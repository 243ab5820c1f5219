"""The viewers load nothing remote or outside the volume; reading never writes to the archive."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.gui.viewers.base import OpenRequest, Viewer
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.image import ImageViewer
from reader.gui.viewers.other import OtherViewer
from reader.gui.viewers.pdf import PdfViewer
from reader.gui.viewers.text import TextViewer
from reader.gui.window.main_window import MainWindow, Place
from reader.indexing.pipeline import index_volumes
from reader.model import Kind
from reader.search.analysis import terms_for
from reader.search.engine import search
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.sources.volume import Volume
from reader.store.archive import Archive
from tests.archive_factory import Manifest, image_bytes, tree_digest
from tests.core.test_no_network import (
    NetworkGuard,
    internet_sockets,
    needs_strace,
    remote_archive,
)
from tests.hostile_archive import giant_page_pdf, png_bomb

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

IMAGE = QTextDocument.ResourceType.ImageResource.value
STYLESHEET = QTextDocument.ResourceType.StyleSheetResource.value


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    guard = NetworkGuard(monkeypatch)
    yield guard
    assert guard.attempts == [], f"network connection attempted: {guard.attempts}"


@pytest.fixture
def volume(tmp_path: Path) -> Iterator[Volume]:
    root = remote_archive(tmp_path / "REMOTE_1")
    (root / "img").mkdir()
    (root / "img/ok.png").write_bytes(image_bytes(20, 10, "PNG"))
    (root / "bomb.png").write_bytes(png_bomb())
    (root / "giant.pdf").write_bytes(giant_page_pdf())
    (tmp_path / "outside.png").write_bytes(image_bytes(20, 10, "PNG"))
    (root / "link-out.png").symlink_to(tmp_path / "outside.png")
    with open_volume(root) as vol:
        yield vol


def _empty(value: object) -> bool:
    if isinstance(value, QImage):
        return value.isNull()
    return isinstance(value, QByteArray) and value.isEmpty()


def test_html_resource_loader_refuses_everything_outside_the_volume(
    qtbot: QtBot, volume: Volume, tmp_path: Path
) -> None:
    viewer = HtmlViewer()
    qtbot.addWidget(viewer)
    page = b"<html><body><p>page</p><img src='img/ok.png'></body></html>"
    viewer.open_document(OpenRequest(volume, "links.htm", Kind.HTML), page)
    assert not viewer.load_resource(IMAGE, QUrl("img/ok.png")).isNull()  # the control
    outside = tmp_path / "outside.png"
    refused = [
        "http://a.invalid/i.png",
        "https://b.invalid/i.png",
        "ftp://c.invalid/i.png",
        "//d.invalid/i.png",
        "data:image/png;base64,iVBORw0KGgo=",
        QUrl.fromLocalFile(str(outside)).toString(),
        "file:outside.png",
        "file:///etc/passwd",
        "../outside.png",
        "../../../../../../" + str(outside).lstrip("/"),
        "link-out.png",  # a link on the disc that points out of it
        "bomb.png",  # inside, but a decompression bomb
        "img/",
    ]
    for href in refused:
        for kind in (IMAGE, STYLESHEET):
            value = viewer.load_resource(kind, QUrl(href))
            assert value is not None and _empty(value), (href, kind)
    assert _empty(viewer.load_resource(STYLESHEET, QUrl("img/ok.png")))


def _open(qtbot: QtBot, viewer: Viewer, volume: Volume, path: str, kind: Kind) -> None:
    data = volume.read_bytes(path, 64 * 1024 * 1024)
    viewer.open_document(OpenRequest(volume, path, kind, terms=terms_for("words")), data)
    qtbot.wait(50)
    QApplication.processEvents()


def test_every_viewer_runs_with_sockets_blocked(
    qtbot: QtBot, volume: Volume, no_network: NetworkGuard
) -> None:
    html, pdf, image, text, other = (
        HtmlViewer(),
        PdfViewer(),
        ImageViewer(),
        TextViewer(),
        OtherViewer(),
    )
    outside_links: list[str] = []
    for viewer in (html, pdf, image, text, other):
        qtbot.addWidget(viewer)
        viewer.resize(800, 600)
        viewer.show()
        viewer.external_link.connect(outside_links.append)
    for path in ("hostile.htm", "links.htm"):
        _open(qtbot, html, volume, path, Kind.HTML)
        html.follow_link(QUrl("http://a.invalid"))  # a click: reported, never loaded
    for path in ("scripted.pdf", "giant.pdf"):
        _open(qtbot, pdf, volume, path, Kind.PDF)
        bar = pdf._stack.verticalScrollBar()
        bar.setValue(bar.maximum())
        qtbot.wait(50)
    _open(qtbot, image, volume, "bomb.png", Kind.IMAGE)
    _open(qtbot, image, volume, "img/ok.png", Kind.IMAGE)
    _open(qtbot, text, volume, "note.txt", Kind.TXT)
    _open(qtbot, other, volume, "note.txt", Kind.OTHER)
    assert "http://a.invalid" in outside_links


def _make_readonly(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + dirnames:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode & 0o555)


def test_indexing_searching_and_opening_everything_writes_nothing_to_the_archive(
    qtbot: QtBot,
    small_archive: Manifest,
    basedir: Path,
    no_network: NetworkGuard,
    answer_dialogs: Callable[[str], list[str]],
) -> None:
    root = small_archive.root
    before = tree_digest(root)
    with Archive.named("default") as archive, open_volume(root) as vol:
        index_volumes(archive, [vol], Settings(workers=2))
        for query in ("the", "type:pdf", '"intercept"', "year:1999..2003", "walrus~"):
            search(archive.index(), query)
        paths = [r.path for r in archive.catalogue.files()]
        volume_id = vol.id
    win = MainWindow(Settings(workers=2))
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    win.start_up()
    answer_dialogs("OK")
    opened = 0
    for path in paths:
        opened += win.reading.open(Place(volume_id, path))
        QApplication.processEvents()
    win.close()
    # Everything but the few files the disc itself cannot give (links out, loops).
    assert opened >= len(paths) - 5, (opened, len(paths))
    assert tree_digest(root) == before


def test_a_read_only_copy_can_be_indexed_and_read(
    qtbot: QtBot, volume: Volume, tmp_path: Path, basedir: Path
) -> None:
    root = Path(volume.spec.location)
    _make_readonly(root)
    before = tree_digest(root)
    with Archive.named("default") as archive, open_volume(root) as vol:
        summary = index_volumes(archive, [vol], Settings(workers=2))
    assert summary.indexed >= 5
    doc = pymupdf.open(root / "scripted.pdf")
    assert doc.page_count == 1
    doc.close()
    assert tree_digest(root) == before


_OPEN_EVERYTHING = """
import sys
from pathlib import Path

from reader.gui.app import make_app
from reader.gui.window.main_window import MainWindow, Place
from reader.settings import Settings

app = make_app()
win = MainWindow(Settings(workers=1), mount_source=lambda: [])
win.resize(1000, 700)
win.show()
win.start_up()
opened = 0
for record in list(win.session.archive.catalogue.files()):
    opened += bool(win.reading.open(Place(record.volume_id, record.path)))
    for _ in range(30):
        app.processEvents()
Path(sys.argv[1]).write_text(str(opened))
"""


@needs_strace
def test_the_window_opens_no_internet_socket_native_code_included(
    tmp_path: Path, basedir: Path
) -> None:
    # The socket guard sees Python only; Qt and MuPDF are native code. strace sees all.
    root = remote_archive(tmp_path / "REMOTE_1")
    (root / "ok.png").write_bytes(image_bytes(20, 10, "PNG"))
    env = {**os.environ, "ARCHIVE_READER_BASEDIR": str(basedir), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, "-m", "reader", "index", "-q", str(root)], env=env, check=True, timeout=240
    )
    opened = tmp_path / "opened.txt"
    script = [sys.executable, "-c", _OPEN_EVERYTHING, str(opened)]
    assert internet_sockets(script, env, tmp_path / "window.strace") == []
    assert int(opened.read_text()) == 5  # every file shown: 2 pages, a PDF, text, image
