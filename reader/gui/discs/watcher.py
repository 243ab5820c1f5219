"""Noticing discs: a watcher of the mount points, and the status-bar notice that offers one."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from reader.gui.background import Op, OpContext, Runner
from reader.gui.session import MountSource
from reader.sources.disc_info import DiscInfo, read_disc_info_safely
from reader.sources.opener import open_volume
from reader.sources.volume import PUBLISHED_DIR, VolumeError

WATCH_INTERVAL_MS = 2500  # how often the window looks for newly inserted discs


@dataclass(frozen=True, slots=True)
class MountedDisc:
    """A disc or medium that appeared at a mount point, as the watcher saw it."""

    path: str
    label: str
    known_id: str | None  # the archive's volume id when it is one of its discs
    info: DiscInfo | None
    has_index: bool  # carries a ready-made index

    @property
    def looks_like_archive(self) -> bool:
        return self.known_id is not None or self.info is not None or self.has_index


def _mount_signature(path: str) -> tuple[int, int, int] | None:
    """Device and inode of a mount point's root, and its time when the mount is read-only:
    another disc in the same drive, at the same mount point, has another root (an ISO 9660
    root carries the disc's date). A writable stick's root time changes with every file
    saved on it, which must not look like a new disc."""
    try:
        st = os.stat(path)
        read_only = hasattr(os, "statvfs") and bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns if read_only else 0)


def _look_at(path: str, known: Sequence[tuple[str, str]]) -> MountedDisc | None:
    """What is at a mount point (on the background thread)."""
    try:
        volume = open_volume(path)
    except (VolumeError, OSError):
        return None
    try:
        fingerprint = volume.fingerprint()
        known_id = next((vid for vid, fp in known if fp == fingerprint or vid == volume.id), None)
        info, _problem = read_disc_info_safely(volume)
        has_index = any(p.startswith(PUBLISHED_DIR + "/") for p, _ in volume.published_files())
        return MountedDisc(path, volume.label, known_id, info, has_index)
    except (VolumeError, OSError):
        return None
    finally:
        volume.close()


# What one look found: mount point -> its signature, and the discs new since the last look.
_Look = tuple[dict[str, tuple[int, int, int] | None], list["MountedDisc"]]


class DiscWatcher(QObject):
    """Polls the mount source every few seconds and reports discs coming and going.

    The first look reports what is already mounted (`initial` is True then).

    Signals:
        inserted(object, bool): a MountedDisc that appeared; whether this is the first look.
        removed(str): a mount point that went away.
    """

    inserted = Signal(object, bool)
    removed = Signal(str)

    def __init__(
        self,
        mount_source: MountSource,
        known: Callable[[], Sequence[tuple[str, str]]],
        runner: Runner,
        parent: QObject | None = None,
        interval_ms: int = WATCH_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.mount_source = mount_source
        self.known = known
        self._runner = runner
        self._looking = False
        # Mount point -> what was there (see _mount_signature): a disc swapped for another
        # between two looks, at the same mount point, is noticed too.
        self._seen: dict[str, tuple[int, int, int] | None] = {}
        self._first = True
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)

    def start(self) -> None:
        self._timer.start()
        self.check_now()

    def check_now(self) -> None:
        """Look at the mount points once, in the background (one look at a time)."""
        if self._looking:
            return
        self._looking = True
        source, seen, known = self.mount_source, dict(self._seen), list(self.known())

        def look(_ctx: OpContext) -> _Look:
            now = {(p := os.path.normpath(m)): _mount_signature(p) for m in source()}
            new = [
                d
                for p, sig in now.items()
                if (p not in seen or seen[p] != sig) and (d := _look_at(p, known)) is not None
            ]
            return now, new

        self._runner.run(Op(look, self._looked, self._look_failed, name="watching for discs"))

    def _look_failed(self, exc: Exception) -> None:
        self._looking = False  # logged; the next look comes with the timer

    def _looked(self, result: _Look) -> None:
        self._looking = False
        now, new = result
        first, self._first = self._first, False
        swapped = {p for p, sig in now.items() if p in self._seen and self._seen[p] != sig}
        for gone in sorted((self._seen.keys() - now.keys()) | swapped):
            del self._seen[gone]
            self.removed.emit(gone)
        for disc in new:
            self._seen[disc.path] = now[disc.path]
            self.inserted.emit(disc, first)

    def look_afresh(self) -> None:
        """Forget what was seen (another archive is shown) and look again, as at the start."""
        self._seen.clear()
        self._first = True
        self.check_now()

    def stop(self) -> None:
        self._timer.stop()


class DiscOffer(QWidget):
    """A status-bar notice: "Disc X inserted [Open] [×]" (never a modal interruption)."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(self)
        layout.addWidget(self.text)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setAccessibleName(self.tr("Open the inserted disc"))
        layout.addWidget(self.open_button)
        self.dismiss = QToolButton(self)
        self.dismiss.setText("×")
        self.dismiss.setToolTip(self.tr("Dismiss"))
        self.dismiss.setAutoRaise(True)
        layout.addWidget(self.dismiss)
        self.path = ""
        self.open_button.clicked.connect(self._open)
        self.dismiss.clicked.connect(self.hide)
        self.hide()

    def offer(self, disc: MountedDisc) -> None:
        self.path = disc.path
        what = f" ({disc.info.describe()})" if disc.info else ""
        if disc.has_index:
            text = self.tr("Disc “{label}”{what}, with a ready-made index, inserted at {path}")
        else:
            text = self.tr("Disc “{label}”{what} inserted at {path}")
        self.text.setText(text.format(label=disc.label, what=what, path=disc.path))
        self.show()

    def _open(self) -> None:
        self.hide()
        self.open_requested.emit(self.path)
