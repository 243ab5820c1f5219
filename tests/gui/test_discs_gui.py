"""Discs in the window: a hit on an absent disc waits for it; inserted discs are offered."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.gui.background import InlineRunner
from reader.gui.discs.watcher import DiscOffer, DiscWatcher
from reader.gui.window.main_window import MainWindow, Place
from reader.indexing.pipeline import index_volumes
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from tests.archive_factory import Manifest, build_archive


@pytest.fixture(scope="module")
def disc_set(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return build_archive(tmp_path_factory.mktemp("set") / "set", files=80, seed=31, discs=2)


@pytest.fixture
def drive(disc_set: Manifest, tmp_path: Path, basedir: Path) -> list[Path]:
    """A private copy of both discs, indexed into the default archive."""
    copies = []
    for disc in disc_set.discs:
        copies.append(tmp_path / "drive" / disc.name)
        shutil.copytree(disc, copies[-1], symlinks=True)
    with Archive.named("default") as archive:
        volumes = [open_volume(p) for p in copies]
        index_volumes(archive, volumes, Settings(workers=2))
        for v in volumes:
            v.close()
    return copies


def _window(qtbot: QtBot, mounts: list[str], *, inline: bool = False) -> MainWindow:
    # The window's mount source is the test's own list: no mocking of our code. `inline`:
    # looking for discs runs at once, in the test's thread (no thread to wait for).
    win = MainWindow(
        Settings(workers=2),
        mount_source=lambda: list(mounts),
        make_runner=(lambda _name: InlineRunner()) if inline else None,
    )
    qtbot.addWidget(win)
    win.resize(1100, 700)
    win.show()
    win.start_up()
    return win


def _insert_and_wait_for_offer(
    qtbot: QtBot, win: MainWindow, mounts: list[str], disc: Path, mount: Path
) -> tuple[DiscWatcher, DiscOffer]:
    """Mount a copy of `disc` at `mount` while the window runs; returns when it is offered."""
    watcher, offer = win.archives.watcher, win.archives.offer
    assert watcher is not None
    shutil.copytree(disc, mount, symlinks=True)
    mounts.append(str(mount))
    watcher.check_now()
    qtbot.waitUntil(offer.isVisible, timeout=5000)
    return watcher, offer


def _current(win: MainWindow) -> Place | None:
    return win.reading.place


def _doc_on_disc2(manifest: Manifest) -> str:
    return next(t.path for t in manifest.documents() if t.disc == 2 and t.kind == "html")


def test_second_disc_hit_asks_for_disc_and_opens_once_it_appears_elsewhere(
    qtbot: QtBot, disc_set: Manifest, drive: list[Path], tmp_path: Path
) -> None:
    mounts: list[str] = []
    win = _window(qtbot, mounts)
    vid2 = next(r.id for r in win.session.archive.catalogue.volumes() if r.label == "disc2")
    path = _doc_on_disc2(disc_set)
    drive[1].rename(tmp_path / "ejected")  # the disc leaves the drive

    assert not win.reading.open(Place(vid2, path))
    dialog = win.archives.insert_disc_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert "Insert disc “disc2”" in dialog.heading.text()
    assert "disc 2 of 2" in dialog.message.text()
    assert _current(win) is None

    # Inserted again, at a mount point of another name: the document opens by itself.
    mount = tmp_path / "media" / "CRYPTOME 2"
    mount.parent.mkdir()
    (tmp_path / "ejected").rename(mount)
    mounts.append(str(mount))
    qtbot.waitUntil(lambda: win.reading.place is not None, timeout=5000)
    assert win.reading.place == Place(vid2, path)
    assert not dialog.isVisible() and not dialog.waiting
    assert win.session.discs.get(vid2) is not None


def test_switching_archives_closes_the_prompt_for_a_disc_of_the_one_left(
    qtbot: QtBot, disc_set: Manifest, drive: list[Path], tmp_path: Path
) -> None:
    mounts: list[str] = []
    win = _window(qtbot, mounts, inline=True)
    vid2 = next(r.id for r in win.session.archive.catalogue.volumes() if r.label == "disc2")
    drive[1].rename(tmp_path / "ejected")
    win.reading.open(Place(vid2, _doc_on_disc2(disc_set)))
    dialog = win.archives.insert_disc_dialog
    assert dialog is not None and dialog.isVisible()
    win.archives.switch_to("another")
    assert win.archives.insert_disc_dialog is None and not dialog.waiting
    # The disc comes back: nothing of the archive left opens in the new one.
    (tmp_path / "ejected").rename(drive[1])
    mounts.append(str(drive[1]))
    dialog.check_now()
    assert win.reading.place is None


def test_cancel_stops_waiting_for_the_disc(
    qtbot: QtBot, disc_set: Manifest, drive: list[Path], tmp_path: Path
) -> None:
    mounts: list[str] = []
    win = _window(qtbot, mounts)
    vid2 = next(r.id for r in win.session.archive.catalogue.volumes() if r.label == "disc2")
    drive[1].rename(tmp_path / "ejected")
    win.reading.open(Place(vid2, _doc_on_disc2(disc_set)))
    dialog = win.archives.insert_disc_dialog
    assert dialog is not None
    dialog.cancel_button.click()
    assert not dialog.isVisible() and not dialog.waiting
    (tmp_path / "ejected").rename(drive[1])
    mounts.append(str(drive[1]))
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        qtbot.wait(100)
    assert win.reading.place is None


def test_a_disc_inserted_while_the_window_runs_is_offered(
    qtbot: QtBot,
    small_archive: Manifest,
    drive: list[Path],
    tmp_path: Path,
    answer_dialogs: Callable[[str], list[str]],
) -> None:
    mounts: list[str] = []
    win = _window(qtbot, mounts)
    other = tmp_path / "media" / "CRYPTOME_OTHER"
    _watcher, offer = _insert_and_wait_for_offer(qtbot, win, mounts, small_archive.root, other)
    assert "CRYPTOME_OTHER" in offer.text.text()
    # It is not a disc of this set: the user is asked, and keeps it separate.
    seen = answer_dialogs("Separate Archive")
    offer.open_button.click()
    assert any("not a disc of the set" in text for text in seen)
    assert win.session.archive.folder.name == "cryptome-other"
    assert win.indexing.busy
    with qtbot.waitSignal(win.indexing.finished, timeout=120000):
        pass
    assert {r.label for r in win.session.archive.catalogue.volumes()} == {"CRYPTOME_OTHER"}
    with Archive.named("default") as default:
        assert {r.label for r in default.catalogue.volumes()} == {"disc1", "disc2"}


def test_disc_two_of_the_set_joins_without_asking(
    qtbot: QtBot, disc_set: Manifest, tmp_path: Path, answer_dialogs: Callable[[str], list[str]]
) -> None:
    win = _window(qtbot, [])
    seen = answer_dialogs("Cancel")
    win.open_paths([str(disc_set.discs[0])])
    assert win.indexing.busy
    with qtbot.waitSignal(win.indexing.finished, timeout=120000):
        pass
    win.open_paths([str(disc_set.discs[1])])
    with qtbot.waitSignal(win.indexing.finished, timeout=120000):
        pass
    assert not seen
    assert len(win.session.archive.catalogue.volumes()) == 2
    assert win.session.archive.folder.name == "default"


def test_a_disc_swapped_in_the_same_drive_between_two_looks_is_noticed(
    qtbot: QtBot, small_archive: Manifest, drive: list[Path], tmp_path: Path
) -> None:
    mounts: list[str] = []
    win = _window(qtbot, mounts)
    vid2 = next(r.id for r in win.session.archive.catalogue.volumes() if r.label == "disc2")
    # A disc of another archive in the drive: offered.
    mount = tmp_path / "media" / "DRIVE"
    watcher, offer = _insert_and_wait_for_offer(qtbot, win, mounts, small_archive.root, mount)
    # Ejected and disc 2 of this archive put in before the next look, mounted at the same
    # place under the same name: the offer goes, and disc 2 is there for the window.
    mount.rename(tmp_path / "other-ejected")
    drive[1].rename(mount)
    assert not win.session.discs.is_open(vid2)
    watcher.check_now()
    qtbot.waitUntil(lambda: not offer.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: win.session.discs.is_open(vid2), timeout=5000)


def test_saving_a_file_on_a_mounted_stick_does_not_offer_it_again(
    qtbot: QtBot, small_archive: Manifest, basedir: Path, tmp_path: Path
) -> None:
    mounts: list[str] = []
    win = _window(qtbot, mounts, inline=True)
    mount = tmp_path / "media" / "STICK"
    watcher, offer = _insert_and_wait_for_offer(qtbot, win, mounts, small_archive.root, mount)
    offer.dismiss.click()
    # A writable stick's root changes when a file is saved on it: still the same stick.
    time.sleep(0.02)
    (mount / "saved-later.txt").write_text("a note saved on the stick")
    removed: list[str] = []
    watcher.removed.connect(removed.append)
    watcher.check_now()  # inline: the look is done when this returns
    assert removed == [] and not offer.isVisible()
