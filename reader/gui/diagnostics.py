"""What the window leaves for a bug report: a rotating log file, faulthandler, a crash dialog.

The windowed Windows build has no stderr: without the log file, every traceback that the
background jobs log (`background._outcome`) and every uncaught exception would be lost.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from types import TracebackType
from typing import IO

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, QUrl, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reader import __version__
from reader.gui.language import translate
from reader.paths import AppDirs

log = logging.getLogger(__name__)

LOG_BYTES = 1_000_000
LOG_BACKUPS = 3  # archive-reader.log.1 .. .3: a few runs back, 4 MB at most
_CRASH_FILE_BYTES = 1_000_000  # one marker line per start: started afresh past this
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class Diagnostics:
    """The log file and the native crash file of this process; `close()` undoes both.

    Args:
        dirs: the app's directories (the log dir is `dirs.log`).
        stderr_level: what also goes to stderr ($ARCHIVE_READER_LOG), when there is one.
    """

    def __init__(self, dirs: AppDirs, stderr_level: str = "WARNING") -> None:
        self.dirs = dirs
        dirs.log.mkdir(parents=True, exist_ok=True)
        root = logging.getLogger()
        self._root_level = root.level
        self._handlers: list[logging.Handler] = []
        file_handler = RotatingFileHandler(
            dirs.log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        wanted = logging.getLevelNamesMapping().get(stderr_level.upper(), logging.WARNING)
        # $ARCHIVE_READER_LOG=DEBUG is for the file too: the Windows build has no stderr.
        file_handler.setLevel(min(logging.INFO, wanted))
        self._handlers.append(file_handler)
        if sys.stderr is not None:  # None in the windowed Windows build
            stream = logging.StreamHandler(sys.stderr)
            stream.setLevel(wanted)
            self._handlers.append(stream)
        for handler in self._handlers:
            handler.setFormatter(logging.Formatter(_FORMAT))
            root.addHandler(handler)
        root.setLevel(min(h.level for h in self._handlers))
        self._faults_were_on = faulthandler.is_enabled()
        self._crash_file = _open_crash_file(dirs)
        # The log handler cannot run when native code crashes: faulthandler writes the
        # Python stack of every thread to its own file then.
        faulthandler.enable(self._crash_file, all_threads=True)
        log.info(
            "Archive Reader %s started (Python %s, %s); a native crash is written to %s",
            __version__,
            sys.version.split()[0],
            sys.platform,
            dirs.crash_file,
        )

    def close(self) -> None:
        """Detach the handlers and faulthandler (at quit, and after a test)."""
        root = logging.getLogger()
        for handler in self._handlers:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(self._root_level)
        faulthandler.disable()
        if self._faults_were_on and sys.__stderr__ is not None:
            faulthandler.enable(sys.__stderr__)
        self._crash_file.close()


def _open_crash_file(dirs: AppDirs) -> IO[str]:
    path = dirs.crash_file
    big = path.exists() and path.stat().st_size > _CRASH_FILE_BYTES
    crash_file = path.open("w" if big else "a", encoding="utf-8")
    # Says which start a stack below it belongs to.
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    crash_file.write(f"--- {stamp}: Archive Reader {__version__} started ---\n")
    crash_file.flush()
    return crash_file


def open_log_folder(dirs: AppDirs, parent: QWidget | None = None) -> None:
    """Show the log folder in the file manager (Help → Open Log Folder, the crash dialog);
    without one, say where it is."""
    dirs.log.mkdir(parents=True, exist_ok=True)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(dirs.log))):
        QMessageBox.information(
            parent,
            translate("Diagnostics", "Log folder"),
            translate("Diagnostics", "The log files are in {folder}").format(folder=dirs.log),
        )


class CrashDialogs:
    """Takes over sys.excepthook: an uncaught exception on the GUI thread is logged with its
    traceback and shown in a dialog that says where the log is; the window goes on.

    One dialog at a time, and one per place in the code: an exception raised on every
    repaint would otherwise open dialogs without end. Exceptions of other threads
    (threading.excepthook) are only logged: a dialog belongs to the GUI thread.

    Args:
        parent: the window the dialog belongs to.
    """

    def __init__(self, dirs: AppDirs, parent: QWidget | None = None) -> None:
        self.dirs = dirs
        self._parent = parent
        self._shown: set[tuple[str, str, int]] = set()
        self._showing = False
        self._previous: ExceptHook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = self._previous_thread_hook

    def _hook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            self._previous(kind, exc, tb)
            return
        log.critical("uncaught exception:\n%s", "".join(traceback.format_exception(exc)))
        place = _origin(tb)
        app = QApplication.instance()
        on_gui_thread = app is not None and threading.current_thread() is threading.main_thread()
        if not on_gui_thread or self._showing or place in self._shown:
            return
        self._shown.add(place)
        self._showing = True
        # Not here: the hook may run inside a paint event or a slot; the dialog's own event
        # loop starts from the top of the window's.
        QTimer.singleShot(0, lambda: self._show(exc))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.critical(
                "uncaught exception in thread %s:\n%s",
                args.thread.name if args.thread else "?",
                "".join(traceback.format_exception(args.exc_value)),
            )

    def _show(self, exc: BaseException) -> None:
        try:
            crash_box(exc, self.dirs, self._parent).exec()
        finally:
            self._showing = False


def crash_box(exc: BaseException, dirs: AppDirs, parent: QWidget | None) -> QMessageBox:
    """The dialog of an uncaught exception: what happened in one sentence, where the log is."""
    what = " ".join(str(exc).split())[:200]
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(translate("Diagnostics", "Unexpected error"))
    if what:
        text = translate(
            "Diagnostics",
            "Archive Reader ran into an unexpected error ({kind}: {what}); the details are "
            "in the log, {file}.",
        )
    else:
        text = translate(
            "Diagnostics",
            "Archive Reader ran into an unexpected error ({kind}); the details are in the "
            "log, {file}.",
        )
    box.setText(text.format(kind=type(exc).__name__, what=what, file=dirs.log_file))
    box.setInformativeText(
        translate(
            "Diagnostics",
            "This is a bug: the log helps to fix it. You can go on working; if the window "
            "misbehaves, close it and start it again (your bookmarks and notes are kept).",
        )
    )
    box.setDetailedText("".join(traceback.format_exception(exc)))
    open_log = box.addButton(
        translate("Diagnostics", "Open Log Folder"), QMessageBox.ButtonRole.ActionRole
    )
    open_log.clicked.connect(lambda: open_log_folder(dirs, parent))
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    return box


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def log_qt_messages() -> None:
    """Qt's own warnings go to the log too (they went to stderr only, which the Windows
    build has not). Not in tests: pytest-qt's handler turns each into a failure there."""
    qt_log = logging.getLogger("qt")

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def _origin(tb: TracebackType | None) -> tuple[str, str, int]:
    """Where an exception was raised: the innermost frame of its traceback."""
    frames = traceback.extract_tb(tb)
    if not frames:
        return ("", "", 0)
    last = frames[-1]
    return (last.filename, last.name, last.lineno or 0)
