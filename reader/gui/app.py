"""Start-up of the window: QApplication, the archive, the main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from reader import __version__
from reader import settings as settings_mod
from reader.gui.icons import app_icon
from reader.gui.window import MainWindow

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


def run_gui(paths: Sequence[str], archive: str = "default") -> int:
    """Open the window (on `paths` when given) and run until it is closed."""
    logging.basicConfig(level=os.environ.get("ARCHIVE_READER_LOG", "WARNING"))
    app = make_app()
    settings = settings_mod.load()
    window = MainWindow(settings, archive_name=archive)
    window.show()
    if paths:
        window.open_paths(list(paths))
    else:
        window.start_up()
    return int(app.exec())
