"""Getting a document out of the archive: open it with the system's viewer, save a copy, show
its folder, copy its path, drag it out. Nothing here ever writes to the archive."""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QProcess, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QWidget

from reader.gui.background import InlineRunner, Op, OpContext, Runner
from reader.gui.core_text import said
from reader.gui.reading.controller import Place, ReadingController
from reader.gui.session import Session
from reader.indexing.progress import Interrupted
from reader.paths import app_dirs
from reader.processes import pid_alive
from reader.sources.opener import open_volume
from reader.sources.volume import Volume, VolumeError
from reader.units import human_bytes

AskForDisc = Callable[[str, str, Callable[[], object]], object]


def _own_copies() -> Path:
    """This window's folder of copies handed to system viewers and drags: one per process,
    so that a second window never deletes what the first handed over."""
    return app_dirs().opened_copies / str(os.getpid())


def clear_opened_copies() -> None:
    """Remove this window's copies, and those of windows that are gone."""
    root = app_dirs().opened_copies
    if not root.is_dir():
        return
    for folder in root.iterdir():
        pid = int(folder.name) if folder.name.isdigit() else 0
        if pid and pid != os.getpid() and pid_alive(pid):
            continue  # another window's: it may still be shown
        shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        root.rmdir()  # when nothing is left in it


# A file inside an ISO image is copied out before a drag can offer it, on the window's
# thread (a drag needs its files at once): up to this size, well under a second.
DRAG_COPY_BYTES = 64 * 1024 * 1024

# The freedesktop file managers' interface (Nautilus, Dolphin, Nemo, Caja, Thunar...):
# ShowItems opens the folder with the file selected. Asked with dbus-send, present wherever
# D-Bus is; no answer within REVEAL_TIMEOUT_MS (no such file manager, no session bus): the
# folder is opened the plain way, without the selection.
REVEAL_TIMEOUT_MS = 2000


def reveal_in_file_manager(path: str, parent: QObject) -> None:
    """The file manager on the folder of `path`, with the file selected where it can be."""
    folder = QUrl.fromLocalFile(os.path.dirname(path))
    if sys.platform == "win32":
        QProcess.startDetached("explorer.exe", ["/select,", os.path.normpath(path)])
        return
    if sys.platform == "darwin":
        QProcess.startDetached("open", ["-R", path])
        return
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") or shutil.which("dbus-send") is None:
        QDesktopServices.openUrl(folder)
        return
    asking = QProcess(parent)
    asking.setProgram("dbus-send")
    asking.setArguments(
        [
            "--session",
            "--print-reply",
            f"--reply-timeout={REVEAL_TIMEOUT_MS}",
            "--dest=org.freedesktop.FileManager1",
            "--type=method_call",
            "/org/freedesktop/FileManager1",
            "org.freedesktop.FileManager1.ShowItems",
            f"array:string:{QUrl.fromLocalFile(path).toString(QUrl.ComponentFormattingOption.FullyEncoded)}",
            "string:",
        ]
    )

    def answered(code: int, status: QProcess.ExitStatus) -> None:
        if code != 0 or status != QProcess.ExitStatus.NormalExit:
            QDesktopServices.openUrl(folder)
        asking.deleteLater()

    asking.finished.connect(answered)

    def not_started(error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            QDesktopServices.openUrl(folder)

    asking.errorOccurred.connect(not_started)
    asking.start()


def _copy_file(location: str, path: str, dest: str, ctx: OpContext) -> int:
    """Copy the file `path` of the disc at `location` to `dest` (through a `.part` file, so
    a failure leaves nothing half-written). The disc is opened again here: an ISO image's
    handle is not shared between threads."""
    part = f"{dest}.part"
    copied = 0
    try:
        with open_volume(location) as own, own.open(path) as src, open(part, "wb") as dst:
            while chunk := src.read(1024 * 1024):
                if ctx.cancelled():  # the window closes
                    raise Interrupted(f"saving a copy of {path} was cancelled")
                dst.write(chunk)
                copied += len(chunk)
                ctx.report(copied)
        os.replace(part, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise
    return copied


def _name(place: Place) -> str:
    return posixpath.basename(place.path) or place.path


class DocumentsOut(QObject):
    """The ways out of the archive, for the document shown (File menu) or any file (the
    context menu of a result or of the Browse tree, and dragging one).

    Args:
        ask_for_disc: (volume id, what, then): "Insert disc", then `then` once it is there.

    Signals:
        message(str, int): a status line and its time in ms.
    """

    message = Signal(str, int)

    def __init__(
        self,
        session: Session,
        reading: ReadingController,
        ask_for_disc: AskForDisc,
        window: QWidget,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(window)
        self._session = session
        self._reading = reading
        self._ask_for_disc = ask_for_disc
        self._window = window
        # Save a Copy copies there, off the window's thread (a large file from a DVD takes
        # seconds); without one (tests of the menus alone), inline.
        self._runner: Runner = runner or InlineRunner()
        self._save_folder = Path.home()
        # The buttons of the viewer of files the reader cannot show: the same ways out.
        other = reading.pane.other
        other.open_with_system.connect(lambda _path: self.on_shown(self.open_with_system))
        other.save_copy.connect(lambda _path: self.on_shown(self.save_copy))
        clear_opened_copies()

    def on_shown(self, action: Callable[[Place], object]) -> None:
        """`action` on the document shown (the File menu's entries)."""
        place = self._reading.place
        if place is None:
            self.message.emit(self.tr("No document is open."), 4000)
            return
        action(Place(place.volume_id, place.path))

    def _volume(self, place: Place, then: Callable[[], object]) -> Volume | None:
        """The file's disc, or None after asking for it (`then` runs once it is there)."""
        volume = self._session.discs.get(place.volume_id)
        if volume is None:
            self._ask_for_disc(place.volume_id, _name(place), then)
        return volume

    # The ways out

    def open_with_system(self, place: Place) -> None:
        """A copy in the app's cache goes to the system's viewer, which can then never
        write to the archive; the copies go when the window closes (or next starts)."""
        volume = self._volume(place, lambda: self.open_with_system(place))
        if volume is None:
            return
        try:
            target = self._copy_out(volume, place)
        except (OSError, VolumeError) as exc:
            QMessageBox.warning(
                self._window,
                self.tr("Cannot open the file"),
                self.tr("{path}\n\n{reason}").format(path=place.path, reason=said(exc)),
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def _copy_out(self, volume: Volume, place: Place) -> Path:
        """A copy of the file in a folder of its own under this window's copies."""
        root = _own_copies()
        root.mkdir(parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(dir=root)) / _name(place)
        with volume.open(place.path) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        return target

    def save_copy(self, place: Place) -> None:
        """Ask where, and copy the file there (never into the archive itself)."""
        volume = self._volume(place, lambda: self.save_copy(place))
        if volume is None:
            return
        dest, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Save a copy"), str(self._save_folder / _name(place))
        )
        if not dest:
            return
        archive_root = Path(volume.spec.location).resolve()
        if Path(dest).resolve().is_relative_to(archive_root):
            QMessageBox.warning(
                self._window,
                self.tr("Cannot save the copy there"),
                self.tr(
                    "{file} is inside the archive, which is never written to. "
                    "Choose a folder outside it."
                ).format(file=dest),
            )
            return
        self._runner.run(
            Op(
                partial(_copy_file, volume.spec.location, place.path, dest),
                lambda _size: self._saved(dest),
                lambda exc: self._not_saved(dest, exc),
                on_progress=lambda done: self.message.emit(
                    self.tr("Saving a copy of {file}: {done}").format(
                        file=_name(place), done=human_bytes(int(done))
                    ),
                    0,
                ),
                name="save a copy",
            )
        )

    def _saved(self, dest: str) -> None:
        self._save_folder = Path(dest).parent
        self.message.emit(self.tr("Saved a copy as {file}").format(file=dest), 5000)

    def _not_saved(self, dest: str, exc: Exception) -> None:
        QMessageBox.warning(
            self._window,
            self.tr("Cannot save the copy"),
            self.tr("{path}\n\n{reason}").format(path=dest, reason=said(exc)),
        )

    def show_in_folder(self, place: Place) -> None:
        """The file manager on the folder that holds the file, as the disc names it. A file
        inside an ISO image has no folder: the user is told so, and offered Save a Copy."""
        volume = self._volume(place, lambda: self.show_in_folder(place))
        if volume is None:
            return
        try:
            local = volume.local_path(place.path)
        except (OSError, VolumeError) as exc:
            QMessageBox.warning(
                self._window,
                self.tr("Cannot show the folder"),
                self.tr("{path}\n\n{reason}").format(path=place.path, reason=said(exc)),
            )
            return
        if local is None:
            self._no_folder_of_its_own(volume, place)
            return
        reveal_in_file_manager(local, self)
        text = self.tr("Showing the folder of {file}").format(file=_name(place))
        self.message.emit(text, 5000)

    def _no_folder_of_its_own(self, volume: Volume, place: Place) -> None:
        image = os.path.basename(volume.spec.location)
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("No folder to show"))
        box.setText(
            self.tr(
                "This file is inside {image}: it has no folder of its own. Use Save a Copy."
            ).format(image=image)
        )
        box.setInformativeText(_name(place))
        save = box.addButton(self.tr("Save a Copy…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is save:
            self.save_copy(place)

    def copy_path(self, place: Place) -> None:
        """The file's full path as text: on a folder as the disc spells it; inside an ISO
        image, the image's path and the path inside it. With the disc out, the path at its
        last known place."""
        volume = self._session.discs.get(place.volume_id)
        text = ""
        if volume is not None:
            with contextlib.suppress(OSError, VolumeError):
                text = volume.location_of(place.path)
        if not text:
            record = self._session.discs.record(place.volume_id)
            base = record.location if record is not None else ""
            text = os.path.join(base, *place.path.split("/")) if base else place.path
        QApplication.clipboard().setText(text)
        self.message.emit(self.tr("Copied the path: {path}").format(path=text), 5000)

    def drag_data(self, places: list[Place]) -> QMimeData | None:
        """What dragging these files out offers: their own file on a folder, a copy in the
        app's cache for a file inside an ISO image. None when none of them can be had."""
        urls, absent = [], []
        for place in places:
            volume = self._session.discs.get(place.volume_id)
            if volume is None:
                absent.append(self._session.discs.label(place.volume_id))
                continue
            try:
                local = volume.local_path(place.path)
                if local is None and volume.stat(place.path)[0] > DRAG_COPY_BYTES:
                    # Copied now, on the window's thread, before the drag can start.
                    text = self.tr(
                        "{file} is too large to drag out of a disc image: use Save a Copy"
                    )
                    self.message.emit(text.format(file=_name(place)), 8000)
                    continue
                path = local if local is not None else str(self._copy_out(volume, place))
            except (OSError, VolumeError) as exc:
                text = self.tr("Cannot drag {file}: {reason}")
                self.message.emit(text.format(file=_name(place), reason=said(exc)), 8000)
                continue
            urls.append(QUrl.fromLocalFile(path))
        if absent:
            discs = list(dict.fromkeys(absent))
            text = self.tr("Insert {discs} to drag its files", "", len(discs))
            self.message.emit(text.format(discs=", ".join(discs)), 8000)
        if not urls:
            return None
        mime = QMimeData()
        mime.setUrls(urls)
        mime.setText("\n".join(u.toLocalFile() for u in urls))
        return mime

    def context_menu(self, place: Place, open_here: Callable[[], object]) -> QMenu:
        """The menu of a result or of a file of the Browse tree (shown with popup())."""
        menu = QMenu(self._window)
        menu.setAccessibleName(self.tr("File menu"))
        open_action = menu.addAction(self.tr("&Open"))
        open_action.triggered.connect(lambda _checked=False: open_here())
        menu.setDefaultAction(open_action)  # shown bold: what a double click does
        menu.addSeparator()
        for text, action in (
            (self.tr("Open &with System Viewer"), self.open_with_system),
            (self.tr("Save a Cop&y…"), self.save_copy),
            (self.tr("Show in Fo&lder"), self.show_in_folder),
            (self.tr("Copy &Path"), self.copy_path),
        ):
            item = menu.addAction(text)
            item.triggered.connect(lambda _checked=False, act=action: act(place))
        menu.aboutToHide.connect(menu.deleteLater)
        return menu

    def shutdown(self) -> None:
        clear_opened_copies()
