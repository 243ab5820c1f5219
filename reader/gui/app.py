"""Start-up of the window: QApplication, the archive, the main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from reader import __version__
from reader import settings as settings_mod
from reader.gui.icons import app_icon
from reader.gui.window.main_window import MainWindow
from reader.source import source_offer
from reader.store.archive import DEFAULT_ARCHIVE, archive_exists

log = logging.getLogger(__name__)


def make_app(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication, created once, with the names QSettings and the desktop use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("archive-reader")
    QCoreApplication.setApplicationName("Archive Reader")
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("org.archivereader.ArchiveReader")
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([sys.argv[0] if sys.argv else "archive-reader", *argv])
    icon: QIcon = app_icon()
    app.setWindowIcon(icon)
    return app


class FileOpenHandler(QObject):
    """Opens what the desktop hands over without a command line (macOS: an .iso or a
    folder double-clicked in Finder arrives as a FileOpen event)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file()
            if path:
                self._window.open_paths([path])
                return True
        return False


def initial_archive(settings: settings_mod.Settings) -> str:
    """The archive the window opens without --archive: the one used last, if it is there."""
    last = settings.last_archive
    return last if last and archive_exists(last) else DEFAULT_ARCHIVE


def run_gui(paths: Sequence[str], archive: str | None = None) -> int:
    """Open the window (on `paths` when given) and run until it is closed.

    Without `archive`, the window opens the archive used last (File → Archives).
    """
    logging.basicConfig(level=os.environ.get("ARCHIVE_READER_LOG", "WARNING"))
    app = make_app()
    settings = settings_mod.load()
    window = MainWindow(settings, archive_name=archive or initial_archive(settings))
    app.installEventFilter(FileOpenHandler(window))
    window.show()
    if paths:
        window.open_paths(list(paths))
    else:
        window.start_up()
    # Smoke tests and the start-up benchmark: close the window this many ms after the
    # event loop starts (0: as soon as the window is shown), going through closeEvent.
    quit_after = os.environ.get("ARCHIVE_READER_QUIT_AFTER_MS")
    if quit_after is not None:
        QTimer.singleShot(
            int(quit_after), lambda: (print(smoke_report(), flush=True), window.close())
        )
    return int(app.exec())


def smoke_report() -> str:
    """One line on what a packaged app must find: Qt platform, image formats, resources."""
    from PySide6.QtGui import QImageReader

    from reader.sample import SampleMissingError, sample_archive_path

    try:
        sample = str(sample_archive_path())
    except SampleMissingError:
        sample = "missing"
    formats = sorted(bytes(f.data()).decode() for f in QImageReader.supportedImageFormats())
    icon = not app_icon().pixmap(32, 32).isNull()
    return (
        f"window shown: platform={QGuiApplication.platformName()} icon={icon} "
        f"formats={','.join(formats)} sample={sample} source={source_offer().kind}"
    )
