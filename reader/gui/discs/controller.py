"""Archives and discs in the window: opening discs, folders and ISOs, which archive they go
to, switching archives, discs inserted while the window runs, and asking for a disc."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from reader import settings as settings_mod
from reader.gui.background import Runner
from reader.gui.core_text import said
from reader.gui.discs.insert_dialog import InsertDiscDialog
from reader.gui.discs.watcher import DiscOffer, DiscWatcher, MountedDisc
from reader.gui.language import translate
from reader.gui.session import Session
from reader.paths import app_dirs
from reader.sample import sample_archive_path
from reader.sources.disc_info import DiscInfo, read_disc_info_safely
from reader.sources.identity import SetRelation, set_relation
from reader.sources.opener import open_volume
from reader.sources.volume import Volume, VolumeError, slug
from reader.store.archive import Archive, archive_summaries
from reader.store.catalogue import CATALOGUE_FILE

RECENT_MAX = 10  # File → Open Recent and the welcome view's list
# Where desktops mount removable media, for the first open dialog of a new user.
_MEDIA_FOLDERS = ("/media/{user}", "/run/media/{user}", "/media", "/Volumes")


def _describe(volume: Volume, info: DiscInfo | None) -> str:
    if info:
        return translate("ArchivesController", "“{label}” ({about})").format(
            label=volume.label, about=info.describe()
        )
    return translate("ArchivesController", "“{label}”").format(label=volume.label)


def dialog_start_folder(recent: Sequence[str]) -> str:
    """Where an open dialog starts: beside the disc opened last, else the removable media."""
    for path in recent:
        parent = Path(path).parent
        if parent.is_dir():
            return str(parent)
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    for pattern in _MEDIA_FOLDERS:
        folder = Path(pattern.format(user=user))
        if folder.is_dir():
            return str(folder)
    return str(Path.home())


class ArchivesController(QObject):
    """Which archive the window shows, and the discs that come and go.

    Signals:
        index_wanted(object): volumes opened by the user that need indexing (a list).
        discs_changed(): a disc came or went (the status bar says which are present).
        recent_changed(list): the discs, folders and ISOs opened last, newest first.
        message(str, int): a line for the status bar, and how long it stays (ms, 0: until
            the next).
    """

    index_wanted = Signal(object)
    discs_changed = Signal()
    recent_changed = Signal(list)
    message = Signal(str, int)

    def __init__(
        self,
        session: Session,
        watch_runner: Runner,
        prompt_runner: Runner,
        window: QMainWindow,
        busy: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self._session = session
        self._runner = watch_runner
        self._prompt_runner = prompt_runner
        self._window = window
        self._busy = busy
        self.insert_disc_dialog: InsertDiscDialog | None = None
        self.watcher: DiscWatcher | None = None
        self.offer = DiscOffer(window)
        self.offer.open_requested.connect(lambda path: self.open_paths([path]))
        window.statusBar().addPermanentWidget(self.offer)
        session.archive_changed.connect(self._archive_changed)

    # Opening

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self._window,
            self.tr("Open a disc or a folder of the archive"),
            dialog_start_folder(self._session.settings.recent_paths),
        )
        if path:
            self.open_paths([path])

    def choose_iso(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Open an ISO image"),
            dialog_start_folder(self._session.settings.recent_paths),
            self.tr("Disc images (*.iso *.ISO);;All files (*)"),
        )
        if path:
            self.open_paths([path])

    def open_sample(self) -> None:
        self.open_paths([str(sample_archive_path())])

    def open_paths(self, paths: Sequence[str]) -> None:
        """Open discs, folders or ISOs: register them, and index what is new or changed."""
        volumes = []
        for path in paths:
            try:
                volume = open_volume(path)
            except (VolumeError, OSError) as exc:
                QMessageBox.warning(
                    self._window,
                    self.tr("Cannot open"),
                    self.tr("{path}\n\n{reason}").format(path=path, reason=said(exc)),
                )
                continue
            self._session.discs.add(volume)
            volumes.append(volume)
            self._remember_recent(path)
        volumes = self.place_in_archive(volumes) if volumes else []
        if volumes:
            self.index_wanted.emit(volumes)

    def _remember_recent(self, path: str) -> None:
        settings = self._session.settings
        recent = [p for p in settings.recent_paths if p != path]
        settings.recent_paths = [path, *recent][:RECENT_MAX]
        settings_mod.save(settings)
        self.recent_changed.emit(list(settings.recent_paths))

    def fill_recent_menu(self, menu: QMenu) -> None:
        """File → Open Recent: newest first; one that is not there now (a disc out, a copy
        moved) is shown disabled rather than forgotten, since the disc may come back."""
        menu.clear()
        recent = self._session.settings.recent_paths
        for n, path in enumerate(recent, start=1):
            present = os.path.exists(path)
            # &1 … &9, &0 for the tenth: a key each.
            text = path.replace("&", "&&")
            if not present:
                text = self.tr("{path}  (not found)").format(path=text)
            action = menu.addAction(f"&{n % 10} {text}" if n <= 10 else text)
            action.setToolTip(path)
            action.setEnabled(present)
            action.triggered.connect(lambda _=False, p=path: self.open_paths([p]))
        if not recent:
            menu.addAction(self.tr("No discs or folders opened yet")).setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction(self.tr("&Clear Recent"))
        clear.setEnabled(bool(recent))
        clear.triggered.connect(lambda _=False: self.clear_recent())

    def clear_recent(self) -> None:
        self._session.settings.recent_paths = []
        settings_mod.save(self._session.settings)
        self.recent_changed.emit([])
        self.message.emit(self.tr("The list of recent discs and folders is cleared"), 4000)

    # Disc sets

    def place_in_archive(self, volumes: list[Volume]) -> list[Volume]:
        """Decide which archive the opened discs go to; returns the volumes to index there.

        A disc of the set already in the archive (archive.toml set id), or any disc opened
        into an empty archive, joins it. Otherwise the user chooses: this archive, a
        separate archive (the window switches to it), or cancel (returns []).
        """
        records = self._session.volumes()
        infos = [read_disc_info_safely(v)[0] for v in volumes]
        relations = [
            set_relation(records, v, i.set_id if i else None)
            for v, i in zip(volumes, infos, strict=True)
        ]
        pairs = list(zip(volumes, infos, relations, strict=True))
        ask = [(v, i) for v, i, r in pairs if r in (SetRelation.OTHER_SET, SetRelation.UNKNOWN)]
        joined = [(v, i) for v, i, r in pairs if r is SetRelation.SAME_SET]
        if joined:
            names = ", ".join(_describe(v, i) for v, i in joined)
            text = self.tr("{names} joins the set in this archive", "", len(joined))
            self.message.emit(text.format(names=names), 8000)
        if not ask:
            return volumes
        current = next((r.title or r.set_id for r in records if r.title or r.set_id), None)
        names = ", ".join(_describe(v, i) for v, i in ask)
        if current:
            text = self.tr(
                "{names} is not a disc of the set in this archive (“{archive}”).", "", len(ask)
            )
        else:
            text = self.tr("{names} is not a disc of the set in this archive.", "", len(ask))
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Add the disc to this archive?", "", len(ask)))
        box.setText(text.format(names=names, archive=current))
        box.setInformativeText(
            self.tr(
                "Add it to this archive, so one search covers both, or keep it in a separate "
                "archive of its own?",
                "",
                len(ask),
            )
        )
        add = box.addButton(self.tr("Add to This Archive"), QMessageBox.ButtonRole.AcceptRole)
        separate = box.addButton(self.tr("Separate Archive"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(add)
        box.exec()
        clicked = box.clickedButton()
        if clicked is add:
            return volumes
        if clicked is separate:
            volume, info = ask[0]
            self.switch_to(_new_archive_name(info, volume), keep=volumes)
            return volumes
        for v in volumes:
            v.close()
        return []

    # Archives

    def fill_archives_menu(self, menu: QMenu) -> None:
        """File → Switch Archive: every archive on this machine, the current one checked."""
        menu.clear()
        busy = self._busy()
        for summary in archive_summaries():
            if summary.problem:
                text = self.tr("{name} (cannot be opened: {reason})").format(
                    name=summary.name, reason=said(summary.problem)
                )
            else:
                text = self.tr("{title}  ·  {documents}, %Ln discs", "", summary.discs).format(
                    title=summary.title,
                    documents=self.tr("%Ln documents", "", summary.documents),
                )
            action = menu.addAction(text.replace("&", "&&"))
            action.setCheckable(True)
            action.setChecked(summary.name == self._session.name)
            action.setEnabled(not summary.problem and not busy)
            action.triggered.connect(lambda _=False, n=summary.name: self.switch_to(n))
        if busy:
            menu.addSeparator()
            wait = self.tr("Indexing is running: wait, or cancel it, to switch")
            menu.addAction(wait).setEnabled(False)

    def switch_to(self, name: str, keep: Sequence[Volume] = ()) -> None:
        """Show another archive of this machine (its own catalogue and index).

        `keep`: volumes just opened, which stay open for it.
        """
        if name == self._session.name or self._busy():
            return
        self._session.switch(name, keep)
        self.message.emit(self.tr("Archive “{name}”").format(name=name), 5000)

    def discs_line(self) -> str:
        """'Discs: CRYPTOME_1, CRYPTOME_2 (absent)': cheap, for a status bar refreshed often."""
        volumes = self._session.volumes()
        registry = self._session.discs
        text = ", ".join(
            v.label
            if registry.looks_present(v.id)
            else self.tr("{disc} (absent)").format(disc=v.label)
            for v in volumes
        )
        return self.tr("Discs: {discs}").format(discs=text or self.tr("no discs yet"))

    def absent_ids(self) -> frozenset[str]:
        registry = self._session.discs
        return frozenset(v.id for v in self._session.volumes() if not registry.looks_present(v.id))

    # A disc asked for

    def ask_for_disc(
        self, volume_id: str, what: str, then: Callable[[], object]
    ) -> InsertDiscDialog:
        """Show "Insert disc LABEL" for the document named `what`; once the disc is there,
        call `then` (it opens the document). One prompt at a time: a new one replaces it."""
        old = self.insert_disc_dialog
        if old is not None:
            old.shutdown()
            old.close()
            old.deleteLater()
        registry = self._session.discs
        dialog = InsertDiscDialog(
            registry.record(volume_id),
            volume_id,
            self.tr("“{document}”").format(document=what),
            self._session.mount_source,
            runner=self._prompt_runner,
            parent=self._window,
        )

        def found(volume: Volume) -> None:
            self._session.discs.add(volume)
            text = self.tr("Disc “{disc}” found at {place}")
            self.message.emit(text.format(disc=volume.label, place=volume.spec.location), 0)
            then()
            self.discs_changed.emit()

        dialog.found.connect(found)
        self.insert_disc_dialog = dialog
        dialog.start()
        self.discs_changed.emit()  # the status bar says which discs are absent
        return dialog

    # Discs coming and going

    def watch(self) -> None:
        """Start noticing discs inserted while the window runs (once)."""
        if self.watcher is not None:
            return

        def known() -> list[tuple[str, str]]:
            return [(r.id, r.fingerprint) for r in self._session.discs.known()]

        self.watcher = DiscWatcher(self._session.mount_source, known, self._runner, self)
        self.watcher.inserted.connect(self._inserted)
        self.watcher.removed.connect(self._removed)
        self.watcher.start()

    def _inserted(self, disc: MountedDisc, first: bool) -> None:
        registry = self._session.discs
        if disc.known_id is not None:
            # One of this archive's discs: it is simply there now, nothing to open.
            if not registry.is_open(disc.known_id):
                registry.get(disc.known_id, [disc.path])
                text = self.tr("Disc “{disc}” is inserted").format(disc=disc.label)
                self.message.emit(text, 5000)
                self.discs_changed.emit()
            return
        if first and not disc.looks_like_archive:
            return  # a USB stick that was there before the window: not ours to offer
        self.offer.offer(disc)

    def _archive_changed(self) -> None:
        """A prompt for a disc of the archive left goes; the watcher looks afresh."""
        if self.insert_disc_dialog is not None:
            self.insert_disc_dialog.shutdown()
            self.insert_disc_dialog.close()
            self.insert_disc_dialog.deleteLater()
            self.insert_disc_dialog = None
        if self.watcher is not None:
            self.watcher.look_afresh()

    def _removed(self, path: str) -> None:
        if self.offer.path == path:
            self.offer.hide()
        self.discs_changed.emit()

    def shutdown(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        if self.insert_disc_dialog is not None:
            self.insert_disc_dialog.shutdown()


def _new_archive_name(info: DiscInfo | None, volume: Volume) -> str:
    """A name for a disc's own archive; the archive of its set when there is one."""
    base = slug((info and (info.set_id or info.title)) or volume.label)
    name, n = base, 1
    while (app_dirs().archive_dir(name) / CATALOGUE_FILE).exists():
        with Archive.named(name, read_only=True) as other:
            records = other.catalogue.volumes()
        if info and info.set_id and any(r.set_id == info.set_id for r in records):
            return name  # that set's archive exists already: join it
        n += 1
        name = f"{base}-{n}"
    return name


def run_notes_box(notes: Sequence[str], window: QMainWindow) -> None:
    """A ready-made index refused, an archive.toml ignored: said where it is seen."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(translate("ArchivesController", "About this disc"))
    box.setText("\n\n".join(notes))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setModal(False)
    box.show()
