"""Start-up of the window: one per base dir, its log, QApplication, the archive, the window."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from reader import __version__
from reader import settings as settings_mod
from reader.gui.diagnostics import CrashDialogs, Diagnostics, log_qt_messages
from reader.gui.icons import app_icon
from reader.gui.instance import FirstInstance, hand_over
from reader.gui.language import install_translations
from reader.paths import AppDirs, app_dirs
from reader.source import source_offer
from reader.store.archive import DEFAULT_ARCHIVE, archive_exists

# The window's modules (0.6 s of imports) are loaded once this start is the window: a
# second start that hands its paths to the running one exits before that.
if TYPE_CHECKING:
    from reader.gui.window.main_window import MainWindow

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

    When a window of the same base dir runs already, hand `paths` to it (it raises itself)
    and return 0 at once. Without `archive`, the window opens the archive used last.
    """
    started = time.monotonic()
    dirs = app_dirs()
    # Resolved here: the running window has a working directory of its own.
    wanted = [os.path.abspath(os.path.expanduser(p)) for p in paths]
    first = FirstInstance.claim(dirs)
    if first is None and hand_over(dirs, wanted):
        return 0
    diagnostics = Diagnostics(dirs, os.environ.get("ARCHIVE_READER_LOG", "WARNING"))
    try:
        if first is None:
            # A window holds the lock but did not answer (hung, or still starting): this
            # one runs alone, as two windows did before.
            log.warning("the running window did not answer: this start opens its own")
        log_qt_messages()
        return _run_window(dirs, wanted, archive, first, started)
    except Exception:
        log.exception("the window failed")
        raise
    finally:
        if first is not None:
            first.release()
        diagnostics.close()


def _run_window(
    dirs: AppDirs,
    paths: list[str],
    archive: str | None,
    first: FirstInstance | None,
    started: float,
) -> int:
    from reader.gui.window.main_window import MainWindow

    app = make_app()
    server = first.serve(app) if first is not None else None
    settings = settings_mod.load()
    # Before the first widget: texts are translated when they are made.
    translations = install_translations(settings.interface_language)
    log.info("interface language: %s", translations.language)
    window = MainWindow(settings, archive_name=archive or initial_archive(settings))
    crashes = CrashDialogs(dirs, window)
    app.installEventFilter(FileOpenHandler(window))
    if server is not None:
        server.requested.connect(lambda asked: bring_forward(window, asked))
        # At quit, not at exit: a later start meanwhile would hand its paths to a window
        # that is closing; it takes the lock and opens its own instead.
        app.aboutToQuit.connect(server.stop)
    window.show()
    if paths:
        window.open_paths(paths)
    else:
        window.start_up()
    QTimer.singleShot(0, lambda: log.info("window ready in %.2f s", time.monotonic() - started))
    # Smoke tests and the start-up benchmark: close the window this many ms after the
    # event loop starts (0: as soon as the window is shown), going through closeEvent.
    quit_after = os.environ.get("ARCHIVE_READER_QUIT_AFTER_MS")
    if quit_after is not None:
        QTimer.singleShot(
            int(quit_after),
            lambda: (
                print(smoke_report(window, translations.language), flush=True),
                window.close(),
            ),
        )
    try:
        return int(app.exec())
    finally:
        crashes.uninstall()
        if server is not None:
            server.stop()


def bring_forward(window: MainWindow, paths: list[str]) -> None:
    """What a later start asked for: the window in front, with its paths opened."""
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
    if paths:
        window.open_paths(paths)


def smoke_report(window: QWidget, language: str) -> str:
    """What a packaged app must find, a line each: Qt platform, image formats, resources;
    and the language it speaks: its menus, Qt's own buttons, the core's sentences."""
    from PySide6.QtGui import QImageReader

    from reader.gui.core_text import said
    from reader.sample import SampleMissingError, sample_archive_path

    try:
        sample = str(sample_archive_path())
    except SampleMissingError:
        sample = "missing"
    formats = sorted(bytes(f.data()).decode() for f in QImageReader.supportedImageFormats())
    icon = not app_icon().pixmap(32, 32).isNull()
    menus = window.menuBar().actions() if isinstance(window, QMainWindow) else []
    return (
        f"window shown: platform={QGuiApplication.platformName()} icon={icon} "
        f"formats={','.join(formats)} sample={sample} source={source_offer().kind}\n"
        f"window language: {language} "
        f"menus={','.join(a.text().replace('&', '') for a in menus)} "
        f"cancel={QCoreApplication.translate('QPlatformTheme', 'Cancel')} "
        f"core={said('Nothing to search for.')}"
    )
