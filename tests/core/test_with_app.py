"""A disc that carries its reader: publish --with-app, and the reader started from the disc."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import Interrupted, Phase, Progress
from reader.paths import BASEDIR_ENV
from reader.publish.masters import PublishError, publish
from reader.publish.with_app import (
    AUTORUN_FILE,
    DESKTOP_FILE,
    README_FILE,
    START_SCRIPT,
    AppBundle,
    disc_of,
    find_bundle,
    host_platform,
)
from reader.settings import Settings
from reader.sources.folder import FolderVolume
from reader.sources.opener import open_volume
from reader.sources.volume import APP_DIR, APP_ROOT_FILES, PUBLISHED_DIR
from reader.store.archive import Archive
from reader.store.published import Verdict, inspect_published
from tests.archive_factory import Manifest, build_archive, tree_digest
from tests.core.test_cli import run_cli
from tests.core.test_discs import copy_set, two_discs  # noqa: F401 - fixture
from tests.iso_factory import make_iso

SETTINGS = Settings(workers=2)
# What the stand-in reader does when started: say how, in the file $MARK names.
STAND_IN = '#!/bin/sh\nprintf \'%s\\n\' "exe=$0" "cwd=$PWD" "args=$*" > "$MARK"\n'


def stand_in_bundle(folder: Path) -> Path:
    """A folder shaped like dist/archive-reader: an executable script, libraries, a link
    inside it, one link out of it and one to nothing (the real build takes minutes)."""
    (folder / "_internal" / "PySide6").mkdir(parents=True)
    exe = folder / "archive-reader"
    exe.write_text(STAND_IN)
    exe.chmod(0o755)
    (folder / "_internal" / "PySide6" / "libQt6Core.so.6").write_bytes(os.urandom(300_000))
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("PySide6/libQt6Core.so.6")
    (folder / "_internal" / "passwd").symlink_to("/etc/passwd")
    (folder / "_internal" / "pruned.so").symlink_to("PySide6/gone.so")
    (folder / "licenses").mkdir()
    (folder / "licenses" / "AGPL-3.0.txt").write_text("GNU AFFERO GENERAL PUBLIC LICENSE\n")
    return folder


@pytest.fixture(scope="module")
def with_app(
    two_discs: Manifest,  # noqa: F811 - the fixture
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[Path], AppBundle, list[str]]:
    """The set's masters (in a folder whose name has a space) published with a stand-in
    reader; and the publish warnings."""
    base = tmp_path_factory.mktemp("with-app")
    bundle = find_bundle(stand_in_bundle(base / "dist" / "archive-reader"))
    folders = copy_set(two_discs, base / "burn here")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(BASEDIR_ENV, str(base / "home"))
        report = publish(folders, SETTINGS, ocr=False, app=bundle)
    return folders, bundle, report.warnings


def test_publish_with_app_puts_the_reader_its_launchers_and_a_readme_on_each_master(
    two_discs: Manifest,  # noqa: F811
    with_app: tuple[list[Path], AppBundle, list[str]],
) -> None:
    folders, bundle, warnings = with_app
    assert bundle.platform == host_platform()  # a script: the platform that publishes it
    for folder in folders:
        app = folder / APP_DIR / bundle.platform
        assert os.access(app / "archive-reader", os.X_OK)
        core = app / "_internal" / "PySide6" / "libQt6Core.so.6"
        assert (
            core.read_bytes() == (bundle.folder / "_internal/PySide6/libQt6Core.so.6").read_bytes()
        )
        # A link inside the bundle stays a link inside it; links out of it are not followed.
        assert os.readlink(app / "_internal" / "libQt6Core.so.6") == "PySide6/libQt6Core.so.6"
        assert not os.path.lexists(app / "_internal" / "passwd")
        assert not os.path.lexists(app / "_internal" / "pruned.so")
        assert (app / "licenses" / "AGPL-3.0.txt").is_file()
        assert [p.name for p in (folder / APP_DIR).iterdir() if p.name.startswith(".")] == []
        assert os.access(folder / START_SCRIPT, os.X_OK)
        desktop = (folder / DESKTOP_FILE).read_text()
        assert "Exec=sh -c " in desktop and desktop.rstrip().endswith("Categories=Office;Viewer;")
        autorun = (folder / AUTORUN_FILE).read_bytes().decode()
        assert f"label={folder.name}\r\n" in autorun and "open=" not in autorun  # no Windows app
        readme = (folder / README_FILE).read_text()
        assert START_SCRIPT in readme and "--portable" in readme
        # What was added at the root is exactly what the fingerprint leaves out.
        original = two_discs.discs[folders.index(folder)]
        added = {p.name for p in folder.iterdir()} - {p.name for p in original.iterdir()}
        assert {n.lower() for n in added} == {*APP_ROOT_FILES, APP_DIR.lower(), PUBLISHED_DIR}
    assert any("2 link(s) in the bundle pointing out of it" in w for w in warnings)


def test_the_published_index_is_still_usable_on_a_disc_that_carries_its_reader(
    two_discs: Manifest,  # noqa: F811
    with_app: tuple[list[Path], AppBundle, list[str]],
    tmp_path: Path,
) -> None:
    folders, _, _ = with_app
    iso = make_iso(folders[0], tmp_path / "disc1.iso", label="disc1")
    for disc, original in ((folders[0], two_discs.discs[0]), (iso, two_discs.discs[0])):
        with open_volume(disc) as carried, open_volume(original) as bare:
            # The reader and its launchers leave the disc the same disc (same fingerprint).
            assert carried.id == bare.id
            assert inspect_published(carried).verdict is Verdict.USABLE
            walked = {e.path.split("/")[0] for e in carried.walk()}
            assert not walked & {APP_DIR, START_SCRIPT, DESKTOP_FILE, README_FILE, AUTORUN_FILE}


def test_a_reader_started_from_a_read_only_disc_finds_it_opens_it_and_writes_nothing(
    with_app: tuple[list[Path], AppBundle, list[str]],
    tmp_path: Path,
) -> None:
    folders, bundle, _ = with_app
    disc = tmp_path / "media" / "disc1"
    shutil.copytree(folders[0], disc, symlinks=True)
    subprocess.run(["chmod", "-R", "a-w", str(disc)], check=True)
    try:
        before = tree_digest(disc)  # tests run as root, who could write anyway
        exe = disc / APP_DIR / bundle.platform / "archive-reader"
        assert disc_of(exe) == disc
        assert disc_of(bundle.folder / "archive-reader") is None  # not on a disc
        assert disc_of(disc / "1997" / "x.htm") is None  # not the reader's folder
        # What the window does with it: open that disc, as the user would.
        with Archive(tmp_path / "user") as archive, open_volume(disc_of(exe) or "") as volume:
            summary = index_volumes(archive, [volume], SETTINGS)
            assert summary.adopted > 100 and summary.extracted == 0
        assert tree_digest(disc) == before
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(disc)], check=True)


def _gio() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("gio-2.0") or "libgio-2.0.so.0"
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def _wait_for(path: Path) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text().count("\n") >= 3:
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"the reader never started ({path} not written)")


def test_the_start_script_and_the_desktop_launcher_start_the_reader_on_the_disc(
    with_app: tuple[list[Path], AppBundle, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folders, bundle, _ = with_app
    exe = folders[0] / APP_DIR / bundle.platform / "archive-reader"
    mark = tmp_path / "started"
    monkeypatch.setenv("MARK", str(mark))
    # From anywhere, with the arguments passed on (here: a portable data folder).
    script = folders[0] / START_SCRIPT
    subprocess.run(["sh", str(script), "--portable", "/stick/data"], cwd="/", check=True)
    said = _wait_for(mark)
    assert f"exe={exe}\n" in said and "args=--portable /stick/data\n" in said
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(folders[0] / DESKTOP_FILE)], check=True)
    gio = _gio()
    if gio is None:
        pytest.skip("no GLib here to launch the .desktop file as a file manager does")
    # As GLib-based file managers do: the launcher by its path, the working folder elsewhere.
    mark.unlink()
    gio.g_desktop_app_info_new_from_filename.restype = ctypes.c_void_p
    gio.g_desktop_app_info_new_from_filename.argtypes = [ctypes.c_char_p]
    gio.g_app_info_launch.argtypes = [ctypes.c_void_p] * 4
    info = gio.g_desktop_app_info_new_from_filename(os.fsencode(folders[0] / DESKTOP_FILE))
    assert info
    monkeypatch.chdir("/")
    assert gio.g_app_info_launch(info, None, None, None)
    assert f"exe={exe}\n" in _wait_for(mark)


def test_with_app_without_a_bundle_when_not_frozen_is_a_clear_error(
    tmp_path: Path, basedir: Path
) -> None:
    master = tmp_path / "DISC_1"
    master.mkdir()
    (master / "a.txt").write_text("a document\n")
    proc = run_cli("publish", str(master), "--with-app", base=basedir, check=False)
    assert proc.returncode == 1
    assert "--with-app needs the built bundle: run `make bundle` or name its folder" in proc.stderr
    proc = run_cli("publish", "--with-app", str(master), str(master), base=basedir, check=False)
    assert proc.returncode == 1 and "not an Archive Reader bundle" in proc.stderr
    assert sorted(p.name for p in master.iterdir()) == ["a.txt"]


def test_a_master_with_an_autorun_inf_of_its_own_is_refused_before_any_work(
    tmp_path: Path,
) -> None:
    bundle = find_bundle(stand_in_bundle(tmp_path / "bundle"))
    master = tmp_path / "DISC_1"
    master.mkdir()
    (master / "AUTORUN.INF").write_text("[autorun]\nlabel=OURS\n")
    with pytest.raises(PublishError, match=r"autorun\.inf of its own"):
        publish([master], SETTINGS, ocr=False, app=bundle)
    assert sorted(p.name for p in master.iterdir()) == ["AUTORUN.INF"]


def test_a_disc_keeps_its_own_autorun_inf_in_its_fingerprint(tmp_path: Path) -> None:
    disc = tmp_path / "DISC"
    (disc / "docs").mkdir(parents=True)
    (disc / "docs" / "a.txt").write_text("a")
    plain = FolderVolume(disc).fingerprint()
    (disc / "autorun.inf").write_text("[autorun]\nlabel=DISC\n")
    own = FolderVolume(disc).fingerprint()
    assert own != plain  # an older disc's own file: its id stays what it was
    (disc / "autorun.inf").unlink()
    (disc / APP_DIR / "linux-x86_64").mkdir(parents=True)
    for name in (AUTORUN_FILE, START_SCRIPT, DESKTOP_FILE, README_FILE):
        (disc / name).write_text("carried\n")
    assert FolderVolume(disc).fingerprint() == plain


def test_a_cancelled_copy_of_the_reader_leaves_the_master_as_it_was(tmp_path: Path) -> None:
    bundle = find_bundle(stand_in_bundle(tmp_path / "bundle"))
    master = build_archive(tmp_path / "DISC_1", files=20, seed=3, awkward=False).root
    before = tree_digest(master)
    copying = {"seen": False}

    def progress(p: Progress) -> None:
        copying["seen"] = copying["seen"] or p.phase in (Phase.COPYING, Phase.DONE)

    with pytest.raises(Interrupted):
        publish(
            [master],
            SETTINGS,
            ocr=False,
            app=bundle,
            app_progress=progress,
            cancel=lambda: copying["seen"],
        )
    assert copying["seen"]
    assert tree_digest(master) == before
    assert not (master / APP_DIR).exists() and not (master / PUBLISHED_DIR).exists()


def test_the_bundle_named_by_the_frozen_app_itself_is_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = stand_in_bundle(tmp_path / "archive-reader")
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.executable", str(bundle / "archive-reader"))
    found = find_bundle(None)
    assert found.folder == bundle.resolve() and found.cli == "archive-reader"
