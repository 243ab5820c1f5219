"""TextViewer, ImageViewer and OtherViewer on a real folder volume."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

from reader.gui.viewers.base import OpenRequest
from reader.gui.viewers.html import HtmlViewer
from reader.gui.viewers.image import ImageViewer, load_image
from reader.gui.viewers.other import OtherViewer
from reader.gui.viewers.text import MAX_LINE_CHARS, MAX_TEXT_BYTES, TextViewer
from reader.model import Kind
from reader.search.analysis import terms_for
from reader.sources.opener import open_volume
from reader.sources.volume import Volume
from tests.archive_factory import pdf_bytes
from tests.hostile_archive import svg_use_bomb, svg_with_references, tiff_that_crashed_qt

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MEMO = (
    "MEMORANDUM FOR THE RECORD\r\n\r\n"
    "Subject: caf\xe9 meetings and the intercept programme\r\n"
    "1. Intercepts were logged daily. The INTERCEPTOR station reported.\r\n"
    "2. No nonintercept traffic was kept. See the caf\xe9 list.\r\n"
)


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims width x height, with one tiny IDAT: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def volume(tmp_path: Path) -> Volume:
    root = tmp_path / "vol"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "memo.txt").write_bytes(MEMO.encode("cp1252"))
    Image.new("RGB", (40, 30), "green").save(root / "docs" / "photo.png")
    exif = Image.Exif()
    exif[0x0132] = "2004:05:01 10:20:30"
    Image.new("RGB", (64, 48), "gray").save(root / "docs" / "scan.jpg", exif=exif)
    (root / "docs" / "bomb.png").write_bytes(_png_header(100_000, 100_000))
    (root / "docs" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)
    (root / "docs" / "setup.exe").write_bytes(b"MZ" + b"\x00" * 3000)
    (root / "docs" / "report.wpd").write_bytes(b"\xffWPC" + b"\x01" * 1500)
    return open_volume(root)


def _request(volume: Volume, path: str, kind: Kind, **kw) -> tuple[OpenRequest, bytes]:
    return OpenRequest(volume=volume, path=path, kind=kind, **kw), volume.read_bytes(path, 10**8)


# -- text


def test_text_viewer_shows_detected_encoding_and_decoded_text(qtbot, volume):
    viewer = TextViewer()
    qtbot.addWidget(viewer)
    viewer.open_document(*_request(volume, "docs/memo.txt", Kind.TXT))
    assert viewer.encoding_label.text() == "Encoding: windows-1252"
    text = viewer.editor.toPlainText()
    assert "café meetings" in text
    assert "\r" not in text
    assert viewer.editor.isReadOnly()


def test_text_viewer_highlights_terms_and_steps_through_them(qtbot, volume):
    viewer = TextViewer()
    qtbot.addWidget(viewer)
    statuses: list[str] = []
    viewer.status_changed.connect(statuses.append)
    viewer.open_document(*_request(volume, "docs/memo.txt", Kind.TXT, terms=terms_for("intercept")))
    text = viewer.editor.toPlainText()
    # The word and its other forms, as the index has them; not INTERCEPTOR, not nonintercept.
    assert [text[a:b] for a, b in viewer.search.hits] == ["intercept", "Intercepts"]
    truth = 2
    assert viewer.hit_count == truth
    assert len(viewer.editor.extraSelections()) == truth
    assert statuses[-1] == "1 of 2 hits"
    assert viewer.next_hit()
    assert statuses[-1] == "2 of 2 hits"
    assert viewer.next_hit(backwards=True)
    assert viewer.next_hit(backwards=True)
    assert statuses[-1] == "2 of 2 hits"  # wrapped around


def test_text_viewer_accent_insensitive_find(qtbot, volume):
    viewer = TextViewer()
    qtbot.addWidget(viewer)
    viewer.open_document(*_request(volume, "docs/memo.txt", Kind.TXT))
    text = viewer.editor.toPlainText()
    assert viewer.find("CAFE")
    assert viewer.editor.textCursor().selectedText() == "café"
    first = viewer.editor.textCursor().selectionStart()
    assert viewer.find("cafe")
    assert viewer.editor.textCursor().selectionStart() == text.rindex("café") > first
    assert not viewer.find("zebra")


def test_large_text_file_is_capped_and_shown_quickly(qtbot, tmp_path):
    root = tmp_path / "big"
    root.mkdir()
    line = b"The quick brown fox jumps over the lazy dog, intercepted at 0123456789.\n"
    (root / "big.txt").write_bytes(line * (50 * 2**20 // len(line)))
    volume = open_volume(root)
    viewer = TextViewer()
    qtbot.addWidget(viewer)
    request = OpenRequest(volume=volume, path="big.txt", kind=Kind.TXT)
    data = volume.read_bytes("big.txt", MAX_TEXT_BYTES + 1)
    started = time.perf_counter()
    viewer.open_document(request, data)
    elapsed = time.perf_counter() - started
    assert len(viewer.editor.toPlainText()) <= MAX_TEXT_BYTES
    assert "first 20 MB of 50 MB" in viewer.notice.text()
    assert elapsed < 5, elapsed


def test_very_long_lines_are_broken_for_display(qtbot, tmp_path):
    root = tmp_path / "long"
    root.mkdir()
    (root / "one.txt").write_bytes(b"x" * (MAX_LINE_CHARS * 3 + 10))
    volume = open_volume(root)
    viewer = TextViewer()
    qtbot.addWidget(viewer)
    viewer.open_document(*_request(volume, "one.txt", Kind.TXT))
    assert viewer.editor.blockCount() == 4
    assert "broken" in viewer.notice.text()


def test_text_viewer_ctrl_f_and_zoom_keys(qtbot, volume):
    viewer = TextViewer()
    qtbot.addWidget(viewer)
    viewer.show()
    viewer.open_document(*_request(volume, "docs/memo.txt", Kind.TXT))
    size = viewer.editor.font().pointSizeF()
    qtbot.keyClick(viewer.editor, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert viewer.editor.font().pointSizeF() == size + 1
    qtbot.keyClick(viewer.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert viewer.find_bar.isVisible()
    qtbot.keyClicks(viewer.find_bar.edit, "daily")
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Return)
    assert viewer.editor.textCursor().selectedText() == "daily"
    qtbot.keyClick(viewer.find_bar.edit, Qt.Key.Key_Escape)
    assert not viewer.find_bar.isVisible()


# -- images


def test_image_viewer_shows_dimensions_and_format(qtbot, volume):
    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    viewer.resize(400, 300)
    viewer.open_document(*_request(volume, "docs/photo.png", Kind.IMAGE))
    assert "40 × 30 pixels" in viewer.info.text()
    assert "PNG" in viewer.info.text()
    assert viewer.stack.currentWidget() is viewer.view
    assert viewer.item.pixmap().width() == 40


def test_image_viewer_shows_the_exif_date(qtbot, volume):
    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    viewer.open_document(*_request(volume, "docs/scan.jpg", Kind.IMAGE))
    assert "64 × 48 pixels" in viewer.info.text()
    assert "2004-05-01" in viewer.info.text()


def test_image_bomb_is_refused_before_decoding(qtbot, volume):
    data = volume.read_bytes("docs/bomb.png", 10**6)
    loaded = load_image(data)
    assert loaded.image is None
    assert (loaded.width, loaded.height) == (100_000, 100_000)
    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    messages: list[str] = []
    viewer.status_changed.connect(messages.append)
    viewer.open_document(*_request(volume, "docs/bomb.png", Kind.IMAGE))
    assert viewer.stack.currentWidget() is viewer.message
    assert "too large" in viewer.message.text()
    assert "100,000 × 100,000" in viewer.message.text()
    assert viewer.item.pixmap().isNull()
    assert messages and "too large" in messages[-1]


def test_broken_image_shows_a_message(qtbot, volume):
    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    viewer.open_document(*_request(volume, "docs/broken.png", Kind.IMAGE))
    assert viewer.stack.currentWidget() is viewer.message
    assert "damaged" in viewer.message.text()


@pytest.mark.parametrize(
    ("name", "said"),
    [("drawing.png", "SVG drawing"), ("bomb.png", "SVG drawing"), ("doc.png", "holds a PDF")],
)
def test_svg_and_pdf_named_as_images_are_never_decoded(qtbot, tmp_path, name, said):
    # Qt would pick its SVG plugin from the content: it reads files outside the archive that
    # the drawing names, and the <use> bomb keeps the window busy for minutes.
    outside = tmp_path / "outside.png"
    Image.new("RGB", (4, 4), "red").save(outside)
    root = tmp_path / "vol"
    root.mkdir()
    content = {
        "drawing.png": svg_with_references(outside),
        "bomb.png": svg_use_bomb(),
        "doc.png": pdf_bytes(["a page"]),
    }[name]
    (root / name).write_bytes(content)
    os.utime(outside, (0, outside.stat().st_mtime))
    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    started = time.monotonic()
    viewer.open_document(*_request(open_volume(root), name, Kind.IMAGE))
    assert time.monotonic() - started < 2
    assert viewer.stack.currentWidget() is viewer.message
    assert said in viewer.message.text()
    assert outside.stat().st_atime == 0  # never opened (atime is set by any read here)


def test_a_damaged_tiff_that_crashed_qt_is_shown(tmp_path):
    # In a child process: if the crash came back it would take the test run down with it.
    (tmp_path / "crash.tif").write_bytes(tiff_that_crashed_qt())
    script = (
        "import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]); "
        "from reader.gui.viewers.image import load_image; "
        "got = load_image(open(sys.argv[1], 'rb').read()); "
        "print(got.format, got.width, got.height, got.image is not None)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "crash.tif")],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["TIFF", "8", "8", "True"]


def _fitted(viewer: ImageViewer) -> bool:
    return viewer.fit


def test_image_zoom_and_fit(qtbot, tmp_path):
    root = tmp_path / "img"
    root.mkdir()
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1000), "white").save(buffer, "PNG")
    (root / "wide.png").write_bytes(buffer.getvalue())
    volume = open_volume(root)
    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    viewer.resize(600, 400)
    viewer.show()
    viewer.open_document(*_request(volume, "wide.png", Kind.IMAGE))
    fitted = viewer.scale
    assert 0.2 < fitted < 0.35  # the whole image fits the window
    qtbot.keyClick(viewer.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert viewer.scale == pytest.approx(fitted * 1.25)
    assert not _fitted(viewer)
    qtbot.keyClick(viewer.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.scale < fitted
    qtbot.keyClick(viewer.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.scale == pytest.approx(fitted)
    assert _fitted(viewer)
    viewer.actual_size()
    assert viewer.scale == 1.0


# -- other files


def test_other_viewer_shows_size_and_emits_save_copy(qtbot, volume):
    viewer = OtherViewer()
    qtbot.addWidget(viewer)
    viewer.open_document(*_request(volume, "docs/report.wpd", Kind.OTHER))
    assert viewer.name.text() == "report.wpd"
    assert "1,504 bytes" in viewer.fields["Size"].text()
    assert viewer.fields["Kind"].text() == "WPD file"
    assert viewer.fields["Path"].text() == "docs/report.wpd"
    assert viewer.warning.isHidden()
    with qtbot.waitSignal(viewer.save_copy) as blocker:
        qtbot.mouseClick(viewer.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["docs/report.wpd"]
    with qtbot.waitSignal(viewer.open_with_system) as blocker:
        qtbot.mouseClick(viewer.open_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["docs/report.wpd"]


def test_other_viewer_warns_about_executables(qtbot, volume):
    viewer = OtherViewer()
    qtbot.addWidget(viewer)
    viewer.open_document(*_request(volume, "docs/setup.exe", Kind.OTHER))
    assert viewer.fields["Type"].text() == "Windows executable"
    assert not viewer.warning.isHidden()
    assert "run code" in viewer.warning.text()


# -- screenshot (written when ARCHIVE_READER_SCREENSHOTS=1)


def test_screenshot_of_the_text_viewer(qtbot, tmp_path):
    root = tmp_path / "shot" / "2001"
    root.mkdir(parents=True)
    body = (
        "                     UNITED STATES DEPARTMENT OF JUSTICE\n"
        "                      Office of Intelligence Policy and Review\n\n"
        "Date: 14 June 2001\nTo:   Cryptome\nRe:   FOIA request 01-0318 (intercept orders)\n\n"
    ) + "\n".join(
        f"{n:3d}. Record {n:04d}: the caf\xe9 line was intercepted on {1 + n % 28} March 2001;"
        " the intercept log is withheld under exemption (b)(1)."
        for n in range(1, 60)
    )
    (root / "foia-0318.txt").write_bytes(body.encode("cp1252"))
    volume = open_volume(tmp_path / "shot")
    viewer = TextViewer()
    qtbot.addWidget(viewer)
    viewer.resize(1000, 750)
    viewer.show()
    request = OpenRequest(volume, "2001/foia-0318.txt", Kind.TXT, terms=terms_for("intercept"))
    viewer.open_document(request, volume.read_bytes(request.path, 10**6))
    viewer.show_find_bar()
    viewer.find_bar.edit.setText("exemption")
    viewer.find("exemption")
    assert viewer.encoding_label.text() == "Encoding: windows-1252"
    if os.environ.get("ARCHIVE_READER_SCREENSHOTS"):
        out = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        assert viewer.grab().save(str(out / "text-viewer.png"))


def _wheel(widget, dx: int, dy: int) -> None:
    """A wheel turn (a tilt or a sideways swipe when dy is 0) with Ctrl held, over `widget`."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        widget.mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(dx, dy),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("kind", ["html", "txt"])
def test_ctrl_and_a_sideways_wheel_do_not_zoom(qtbot, volume, kind):
    viewer: HtmlViewer | TextViewer
    if kind == "html":
        html = viewer = HtmlViewer()
        request = OpenRequest(volume, "docs/page.htm", Kind.HTML)
        data = b"<p>" + b"a line of the page " * 200 + b"</p>"
        text: QAbstractScrollArea = html.browser

        def size() -> float:
            return float(html.browser.document().defaultFont().pointSizeF())
    else:
        plain = viewer = TextViewer()
        request, data = _request(volume, "docs/memo.txt", Kind.TXT)
        text = plain.editor

        def size() -> float:
            return float(plain.editor.font().pointSizeF())

    qtbot.addWidget(viewer)
    viewer.resize(600, 400)
    viewer.show()
    viewer.open_document(request, data)
    normal = size()
    _wheel(text.viewport(), 120, 0)  # sideways: nothing changes
    assert size() == normal
    _wheel(text.viewport(), 0, 120)  # up: larger
    assert size() > normal
    _wheel(text.viewport(), 0, -120)  # down: back
    assert size() == normal
