"""Discs in the window: "insert disc LABEL" and wait, inserted discs offered, disc sets."""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader import settings as settings_mod
from reader.model import VolumeRecord
from reader.sources.disc_info import DiscInfo, read_disc_info_safely
from reader.sources.identity import SetRelation, set_relation
from reader.sources.opener import open_volume
from reader.sources.registry import DiscRegistry, open_matching
from reader.sources.volume import PUBLISHED_DIR as INDEX_DIR
from reader.sources.volume import Volume, VolumeError, slug
from reader.store.archive import Archive

if TYPE_CHECKING:
    from reader.gui.window import MainWindow, Place
    from reader.indexing.progress import RunSummary

log = logging.getLogger(__name__)

MountSource = Callable[[], Sequence[str]]

WAIT_INTERVAL_MS = 1000  # how often the insert-disc prompt looks for the disc
WATCH_INTERVAL_MS = 2500  # how often the window looks for newly inserted discs


class _Background(QObject):
    """One background thread; a call's result comes back on the GUI thread as a signal.

    Only one call runs at a time (`busy`), so a slow disc spinning up never piles up checks.

    Signals:
        done(object): the result of the last call (None when it raised).
    """

    done = Signal(object)
    _delivered = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="discs")
        self.busy = False
        self._delivered.connect(self._deliver)

    def submit(self, fn: Callable[[], Any]) -> bool:
        if self.busy:
            return False
        self.busy = True

        def finished(fut: Future[Any]) -> None:
            exc = fut.exception()
            if exc is not None:
                log.warning("looking for discs failed: %r", exc)
            self._delivered.emit(None if exc is not None else fut.result())

        self._pool.submit(fn).add_done_callback(finished)
        return True

    def _deliver(self, result: object) -> None:
        self.busy = False
        self.done.emit(result)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------- insert disc


class InsertDiscDialog(QDialog):
    """Non-modal "Insert disc LABEL": looks for the disc every second, off the GUI thread.

    Looks at the disc's last place and at every mount point the mount source lists; the
    disc is recognised by its content (volume id / fingerprint), at any mount point or
    drive letter. Cancel stops looking.

    Signals:
        found(object): the disc's Volume, open and going by its known id.
    """

    found = Signal(object)

    def __init__(
        self,
        record: VolumeRecord | None,
        volume_id: str,
        what: str,
        mount_source: MountSource,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.volume_id = volume_id
        self.record = record
        self.mount_source = mount_source
        self.label = record.label if record else volume_id
        self.setModal(False)
        self.setWindowTitle("Insert disc")
        self.setAccessibleName("Insert disc")
        layout = QVBoxLayout(self)
        self.heading = QLabel(f"<h3>Insert disc “{html.escape(self.label)}”</h3>", self)
        layout.addWidget(self.heading)
        disc = ""
        if record is not None and record.disc_no and record.disc_count:
            disc = f", disc {record.disc_no} of {record.disc_count}"
            disc += f" of “{html.escape(record.title)}”" if record.title else ""
        self.message = QLabel(
            f"{html.escape(what)} is on the disc “{html.escape(self.label)}”{disc}, which is "
            "not inserted.<br><br>Insert it in any drive, or mount the disc or its ISO image "
            "anywhere: the document opens by itself as soon as the disc is there.",
            self,
        )
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(420)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        row.addWidget(self.busy, 1)
        self.status = QLabel("Waiting for the disc…", self)
        self.status.setEnabled(False)
        row.addWidget(self.status)
        layout.addLayout(row)
        buttons = QDialogButtonBox(self)
        self.browse_button = buttons.addButton(
            "Open ISO or Folder…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.browse_button.clicked.connect(self._browse)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._extra: list[str] = []
        self._worker = _Background(self)
        self._worker.done.connect(self._checked)
        self._timer = QTimer(self)
        self._timer.setInterval(WAIT_INTERVAL_MS)
        self._timer.timeout.connect(self.check_now)
        self.finished.connect(self._stop)

    def start(self) -> None:
        self.show()
        self._timer.start()
        self.check_now()

    @property
    def waiting(self) -> bool:
        return self._timer.isActive()

    def check_now(self) -> None:
        """Look for the disc once (in the background); quiet while a look is running."""
        vid, record, source, extra = self.volume_id, self.record, self.mount_source, self._extra

        def look() -> Volume | None:
            # Runs on the background thread: only its own inputs, no widget, no registry.
            return open_matching(vid, record, [*extra, *source()])

        self._worker.submit(look)

    def _checked(self, volume: object) -> None:
        if not isinstance(volume, Volume):
            return
        if not self.waiting:
            volume.close()  # cancelled meanwhile
            return
        self._timer.stop()
        self.status.setText("Found.")
        self.found.emit(volume)
        self.accept()

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, f"Where is the disc “{self.label}”?")
        if path:
            self._extra.append(path)
            self.check_now()

    def _stop(self) -> None:
        self._timer.stop()

    def shutdown(self) -> None:
        self._timer.stop()
        self._worker.shutdown()


def ask_for_disc(window: MainWindow, place: Place, title: str = "") -> InsertDiscDialog:
    """Show "Insert disc LABEL" for `place` and open it by itself once the disc is there.

    One prompt at a time: asking for another document replaces the previous prompt.
    """
    old = window.insert_disc_dialog
    if old is not None:
        old.shutdown()
        old.close()
        old.deleteLater()
    record = window.discs.record(place.volume_id)
    name = title or place.path.rsplit("/", 1)[-1]
    dialog = InsertDiscDialog(record, place.volume_id, f"“{name}”", window.mount_source, window)

    def found(volume: Volume) -> None:
        window.discs.add(volume)
        window.statusBar().showMessage(f"Disc “{volume.label}” found at {volume.spec.location}")
        window.open_document(place, title=title)
        window.update_status()

    dialog.found.connect(found)
    window.insert_disc_dialog = dialog
    dialog.start()
    window.update_status()  # the status bar says which discs are absent
    return dialog


# --------------------------------------------------------------------------- watching


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
        has_index = any(p.startswith(INDEX_DIR + "/") for p, _ in volume.published_files())
        return MountedDisc(path, volume.label, known_id, info, has_index)
    except (VolumeError, OSError):
        return None
    finally:
        volume.close()


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
        parent: QObject | None = None,
        interval_ms: int = WATCH_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.mount_source = mount_source
        self.known = known
        # Mount point -> what was there (see _mount_signature): a disc swapped for another
        # between two looks, at the same mount point, is noticed too.
        self._seen: dict[str, tuple[int, int, int] | None] = {}
        self._first = True
        self.offer: DiscOffer | None = None  # the window's notice, set by watch_discs
        self._worker = _Background(self)
        self._worker.done.connect(self._looked)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)

    def start(self) -> None:
        self._timer.start()
        self.check_now()

    def check_now(self) -> None:
        source, seen, known = self.mount_source, dict(self._seen), list(self.known())

        def look() -> tuple[dict[str, tuple[int, int, int] | None], list[MountedDisc]]:
            now = {(p := os.path.normpath(m)): _mount_signature(p) for m in source()}
            new = [
                d
                for p, sig in now.items()
                if (p not in seen or seen[p] != sig) and (d := _look_at(p, known)) is not None
            ]
            return now, new

        self._worker.submit(look)

    def _looked(self, result: object) -> None:
        if not isinstance(result, tuple):
            return
        now, new = result
        first, self._first = self._first, False
        swapped = {p for p, sig in now.items() if p in self._seen and self._seen[p] != sig}
        for gone in sorted((self._seen.keys() - now.keys()) | swapped):
            del self._seen[gone]
            self.removed.emit(gone)
        for disc in new:
            self._seen[disc.path] = now[disc.path]
            self.inserted.emit(disc, first)

    def stop(self) -> None:
        self._timer.stop()
        self._worker.shutdown()


class DiscOffer(QWidget):
    """A status-bar notice: "Disc X inserted [Open] [×]" (never a modal interruption)."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(self)
        layout.addWidget(self.text)
        self.open_button = QPushButton("Open", self)
        self.open_button.setAccessibleName("Open the inserted disc")
        layout.addWidget(self.open_button)
        self.dismiss = QToolButton(self)
        self.dismiss.setText("×")
        self.dismiss.setToolTip("Dismiss")
        self.dismiss.setAutoRaise(True)
        layout.addWidget(self.dismiss)
        self.path = ""
        self.open_button.clicked.connect(self._open)
        self.dismiss.clicked.connect(self.hide)
        self.hide()

    def offer(self, disc: MountedDisc) -> None:
        self.path = disc.path
        what = f" ({disc.info.describe()})" if disc.info else ""
        ready = ", with a ready-made index" if disc.has_index else ""
        self.text.setText(f"Disc “{disc.label}”{what}{ready} inserted at {disc.path}")
        self.show()

    def _open(self) -> None:
        self.hide()
        self.open_requested.emit(self.path)


def watch_discs(window: MainWindow) -> DiscWatcher:
    """Start noticing discs inserted while the window runs; returns the watcher."""
    offer = DiscOffer(window)
    offer.open_requested.connect(lambda path: window.open_paths([path]))
    window.statusBar().addPermanentWidget(offer)

    def known() -> list[tuple[str, str]]:
        return [(r.id, r.fingerprint) for r in window.discs.known()]

    watcher = DiscWatcher(window.mount_source, known, window)
    watcher.offer = offer

    def inserted(disc: MountedDisc, first: bool) -> None:
        if disc.known_id is not None:
            # One of this archive's discs: it is simply there now, nothing to open.
            if not window.discs.is_open(disc.known_id):
                window.discs.get(disc.known_id, [disc.path])
                window.statusBar().showMessage(f"Disc “{disc.label}” is inserted", 5000)
                window.update_status()
            return
        if first and not disc.looks_like_archive:
            return  # a USB stick that was there before the window: not ours to offer
        offer.offer(disc)

    def removed(path: str) -> None:
        if offer.path == path:
            offer.hide()
        window.update_status()

    watcher.inserted.connect(inserted)
    watcher.removed.connect(removed)
    watcher.start()
    return watcher


# --------------------------------------------------------------------------- disc sets


def _describe(volume: Volume, info: DiscInfo | None) -> str:
    return f"“{volume.label}” ({info.describe()})" if info else f"“{volume.label}”"


def place_in_archive(window: MainWindow, volumes: list[Volume]) -> list[Volume]:
    """Decide which archive the opened discs go to; returns the volumes to index there.

    A disc of the set already in the archive (archive.toml set id), or any disc opened
    into an empty archive, joins it. Otherwise the user chooses: this archive, a separate
    archive (the window switches to it), or cancel (returns []).
    """
    relations = []
    infos: list[DiscInfo | None] = []
    for volume in volumes:
        info, _problem = read_disc_info_safely(volume)
        infos.append(info)
        relations.append(
            set_relation(window.archive.catalogue.volumes(), volume, info.set_id if info else None)
        )
    ask = [
        (v, i)
        for v, i, r in zip(volumes, infos, relations, strict=True)
        if r in (SetRelation.OTHER_SET, SetRelation.UNKNOWN)
    ]
    joined = [
        (v, i)
        for v, i, r in zip(volumes, infos, relations, strict=True)
        if r is SetRelation.SAME_SET
    ]
    if joined:
        names = ", ".join(_describe(v, i) for v, i in joined)
        window.statusBar().showMessage(f"{names} joins the set in this archive", 8000)
    if not ask:
        return volumes
    records = window.archive.catalogue.volumes()
    current = next((r.title or r.set_id for r in records if r.title or r.set_id), None)
    here = f"this archive (“{current}”)" if current else "this archive"
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Add the disc to this archive?")
    box.setText(f"{', '.join(_describe(v, i) for v, i in ask)} is not a disc of the set in {here}.")
    box.setInformativeText(
        "Add it to this archive, so one search covers both, or keep it in a separate "
        "archive of its own?"
    )
    add = box.addButton("Add to This Archive", QMessageBox.ButtonRole.AcceptRole)
    separate = box.addButton("Separate Archive", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(add)
    box.exec()
    clicked = box.clickedButton()
    if clicked is add:
        return volumes
    if clicked is separate:
        volume, info = ask[0]
        switch_archive(window, _new_archive_name(info, volume), keep=volumes)
        return volumes
    for v in volumes:
        v.close()
    return []


def _new_archive_name(info: DiscInfo | None, volume: Volume) -> str:
    from reader.paths import app_dirs

    base = slug((info and (info.set_id or info.title)) or volume.label)
    name, n = base, 1
    while (app_dirs().archive_dir(name) / "catalogue.sqlite").exists():
        with Archive.named(name) as other:
            records = other.catalogue.volumes()
        if info and info.set_id and any(r.set_id == info.set_id for r in records):
            return name  # that set's archive exists already: join it
        n += 1
        name = f"{base}-{n}"
    return name


def switch_archive(window: MainWindow, name: str, keep: Sequence[Volume] = ()) -> None:
    """Point the window at another archive (its own catalogue and index).

    `keep`: volumes just opened, which stay open for the new archive.
    """
    window.archive.close()
    window.archive = Archive.named(name)
    window.discs = DiscRegistry()
    for volume in keep:
        window.discs.add(volume)
    window._history.clear()
    window._history_pos = -1
    window._load_catalogue()
    window.search_panel.refresh()
    window.statusBar().showMessage(f"Archive “{name}”", 5000)
    # The next start opens this archive again (File → Archives switches back).
    window.settings.last_archive = name
    settings_mod.save(window.settings)


def show_run_notes(window: MainWindow, summary: RunSummary) -> None:
    """A ready-made index used or refused, an archive.toml ignored: tell the user."""
    if not summary.notes:
        return
    text = " ".join(n.text for n in summary.notes)
    window.statusBar().showMessage(text, 15000)
    refused = [n.text for n in summary.notes if n.needs_attention]
    if refused:
        box = QMessageBox(window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("About this disc")
        box.setText("\n\n".join(refused))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setModal(False)
        box.show()
