"""Make the screenshots in docs/screenshots/ from a generated archive: `make screenshots`."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from reader.paths import set_basedir
from tests.archive_factory import Manifest, build_archive
from tests.gui.conftest import hit_at

SIZE = (1280, 800)


def _pump(app: QApplication, until: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the state to photograph")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):  # let idle-time rendering (PDF pages) finish
        app.processEvents()
        time.sleep(0.01)


def _save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def make(out: Path, work: Path) -> None:
    set_basedir(work / "home")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qs"))
    from reader.gui.app import make_app
    from reader.gui.indexing.failures import FailuresDialog
    from reader.gui.viewers.html import HtmlViewer
    from reader.gui.window.main_window import MainWindow
    from reader.settings import Settings

    manifest: Manifest = build_archive(work / "CRYPTOME_1", files=600, seed=11)
    app = make_app()
    win = MainWindow(Settings(workers=2, batch_files=20))
    win.resize(*SIZE)
    win.show()
    win.start_up()
    _pump(app, lambda: True)
    _save(win, out, "welcome")

    win.open_paths([str(manifest.root)])
    assert win.indexing.busy
    _pump(app, lambda: win.progress.bar.value() > 150 or not win.indexing.busy)
    win.search_panel.query.setText("surveillance")
    _pump(app, lambda: win.search_panel.last_result is not None)
    _save(win, out, "indexing")
    _pump(app, lambda: not win.indexing.busy, timeout=300)
    win.progress.hide()

    win.search_panel.query.setText("surveillance intercepts")
    _pump(
        app,
        lambda: (
            win.search_panel.last_result is not None
            and win.search_panel.last_result.query == "surveillance intercepts"
        ),
    )
    _save(win, out, "results")

    # A phrase hit on the deepest page there is: the PDF opens on it, the phrase marked.
    pdf = max(
        (t for t in manifest.documents() if t.kind == "pdf" and t.expected_state == "indexed"),
        key=lambda t: t.phrase_page or 0,
    )
    win.search_panel.query.setText(f'"{pdf.phrase}"')
    _pump(
        app,
        lambda: (
            win.search_panel.model.rowCount() > 0 and hit_at(win.search_panel, 0).path == pdf.path
        ),
    )
    win.reading.open_hit(hit_at(win.search_panel, 0), win.search_panel.terms())
    _pump(app, lambda: True)
    _save(win, out, "pdf-hit")

    page = next(
        t
        for t in manifest.documents()
        if t.kind == "html" and t.title and len(t.local_link_targets) > 1 and t.has_banner
    )
    win.search_panel.query.setText(f'"{page.phrase}"')
    _pump(
        app,
        lambda: (
            win.search_panel.model.rowCount() > 0 and hit_at(win.search_panel, 0).path == page.path
        ),
    )
    win.reading.open_hit(hit_at(win.search_panel, 0), win.search_panel.terms())
    _pump(app, lambda: True)
    _save(win, out, "html-page")

    # Find in the page, typed as a user types it: the count comes without Enter.
    viewer = win.document.stack.currentWidget()
    assert isinstance(viewer, HtmlViewer)
    QTest.keyClick(viewer.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(viewer.find_bar.edit, (page.phrase or "the").split()[0])
    _pump(app, lambda: " of " in viewer.find_bar.result.text())
    _save(win, out, "find-in-page")
    QTest.keyClick(viewer.find_bar.edit, Qt.Key.Key_Escape)

    failures = FailuresDialog(win.session.archive.catalogue.failures(), win)
    failures.show()
    _pump(app, failures.isVisible)
    _save(failures, out, "failures")
    failures.close()

    # Browse: the folder of that page, opened down to it.
    win.side.setCurrentWidget(win.browse)
    vid = win.session.archive.catalogue.volumes()[0].id
    win.browse.reveal(vid, page.path.rsplit("/", 1)[0])
    _pump(app, lambda: True)
    _save(win, out, "browse")

    # 800x600: the PDF toolbar keeps its hit arrows and count; zoom goes to its "»" menu.
    win.resize(800, 600)
    win.side.setCurrentWidget(win.search_panel)
    win.search_panel.query.setText(f'"{pdf.phrase}"')
    _pump(app, lambda: win.search_panel.model.rowCount() > 0)
    win.reading.open_hit(hit_at(win.search_panel, 0), win.search_panel.terms())
    _pump(app, lambda: True)
    _save(win, out, "pdf-800x600")
    win.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ar-shots-") as tmp:
        make(args.out, Path(tmp))
    sys.exit(0)


if __name__ == "__main__":
    main()
