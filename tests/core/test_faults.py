"""Faults as a user meets them: a lost index, a damaged catalogue, a disc pulled mid-run, a
full disk, two runs at once, a damaged ISO. Each is made for real (files deleted or
overwritten, a folder moved or unmounted, a tmpfs that fills up) and met through the real
command: one sentence, an exit status per kind, the work done kept, and a way back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli.faults import ERROR_LOG, report
from reader.library.store import Library, library_path
from reader.store.archive import Archive
from tests.core.test_cli import run_cli
from tests.iso_factory import make_iso

EXIT_BUSY, EXIT_DISC_GONE, EXIT_NO_SPACE, EXIT_DISC_UNREADABLE, EXIT_DAMAGED = 3, 4, 5, 6, 7


def _archive_dir(base: Path) -> Path:
    return base / "data" / "archives" / "default"


def _disc(root: Path, files: int, *, words: str = "pulleddisc", noise: int = 0) -> Path:
    """A folder disc of small text pages, each findable by its own word (page0042...);
    `noise` words of hex per page make an index that does not compress to nothing."""
    for i in range(files):
        folder = root / f"d{i // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        hexes = " ".join(
            hashlib.md5(f"{root.name}{i}:{n}".encode()).hexdigest() for n in range(noise)
        )
        text = f"page{i:04d} {words} words of a report {hexes}\n"
        (folder / f"page-{i:04d}.txt").write_text(text * 5)
    return root


def _settings(base: Path, text: str) -> None:
    (base / "config").mkdir(parents=True, exist_ok=True)
    (base / "config" / "settings.toml").write_text(text)


def _states(base: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{_archive_dir(base) / 'catalogue.sqlite'}?mode=ro", uri=True) as c:
        return dict(c.execute("SELECT state, count(*) FROM files GROUP BY state").fetchall())


def _hits(base: Path, query: str) -> list[str]:
    data = json.loads(run_cli("search", query, "--json", base=base).stdout)
    return [h["path"] for h in data["hits"]]


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("archive-reader: "), stderr
    return lines[0]


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _tag_a_page(disc: Path, base: Path) -> None:
    """The user's library: one tag, which no repair of the archive may lose."""
    with Archive(_archive_dir(base)) as archive:
        vid = archive.catalogue.volumes()[0].id
    with Library(library_path()) as library:
        library.add_tag(vid, "d00/page-0003.txt", "keep me")


# ------------------------------------------------------------------ a lost or damaged index


def _lose_meta(index: Path) -> None:
    (index / "meta.json").unlink()


def _lose_folder(index: Path) -> None:
    shutil.rmtree(index)


def _cut_a_segment(index: Path) -> None:
    segment = sorted(index.glob("*.store"))[0]
    os.truncate(segment, 10)


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (_lose_meta, "the search index is missing (its meta.json is gone)"),
        (_lose_folder, "the search index is missing (its folder is gone)"),
        (_cut_a_segment, "the search index is damaged (its file "),
    ],
    ids=["meta-json-deleted", "index-folder-deleted", "segment-cut"],
)
def test_a_lost_index_is_said_by_search_and_info_and_rebuilt_by_the_next_index(
    tmp_path: Path, basedir: Path, damage: object, said: str
) -> None:
    disc = _disc(tmp_path / "DISC_1", 12)
    run_cli("index", "-q", str(disc), base=basedir)
    _tag_a_page(disc, basedir)
    index = _archive_dir(basedir) / "index"
    assert callable(damage)
    damage(index)
    before = _tree_digest(_archive_dir(basedir))

    # Read-only commands say what is wrong and what repairs it, and change nothing.
    proc = run_cli("search", "page0003", base=basedir, check=False)
    line = _one_line(proc.stderr)
    assert proc.returncode == EXIT_DAMAGED, proc.stderr
    assert said in line
    assert f"`archive-reader index {disc}` rebuilds it" in line
    info = run_cli("info", base=basedir, check=False)
    assert info.returncode == EXIT_DAMAGED and said in _one_line(info.stderr)
    assert "indexed 12" in info.stdout  # what the catalogue says is still shown
    assert _tree_digest(_archive_dir(basedir)) == before

    # The next index run says so in a sentence and reads every file again.
    proc = run_cli("index", str(disc), base=basedir)
    assert said in proc.stderr and "it is being rebuilt from the discs" in proc.stderr
    assert "Indexed 12 files, 0 failed" in proc.stdout
    assert _hits(basedir, "page0007") == ["d00/page-0007.txt"]
    assert _hits(basedir, 'tag:"keep me"') == ["d00/page-0003.txt"]  # the library kept
    assert run_cli("info", base=basedir).returncode == 0


# ------------------------------------------------------------------ a damaged catalogue


def _overwrite_pages(db: Path) -> None:
    """Every page but the first (the header) overwritten, as a bad sector would."""
    size = db.stat().st_size
    with open(db, "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xa5" * (size - 4096))


def _cut_in_half(db: Path) -> None:
    os.truncate(db, db.stat().st_size // 2)


@pytest.mark.parametrize(
    "damage", [_overwrite_pages, _cut_in_half], ids=["pages-overwritten", "cut-in-half"]
)
def test_a_damaged_catalogue_is_moved_aside_and_rebuilt_never_refused_for_good(
    tmp_path: Path, basedir: Path, damage: object
) -> None:
    disc = _disc(tmp_path / "DISC_1", 12)
    run_cli("index", "-q", str(disc), base=basedir)
    _tag_a_page(disc, basedir)
    db = _archive_dir(basedir) / "catalogue.sqlite"
    assert not Path(f"{db}-wal").exists()  # the last run checkpointed: the file is all
    assert callable(damage)
    damage(db)
    damaged = db.read_bytes()

    for command in (["info"], ["search", "page0003"]):
        proc = run_cli(*command, base=basedir, check=False)
        line = _one_line(proc.stderr)
        assert proc.returncode == EXIT_DAMAGED, (command, proc.stderr)
        assert "the catalogue is damaged (" in line and "archive-reader index" in line
    assert db.read_bytes() == damaged  # a read-only command touched nothing

    proc = run_cli("index", str(disc), base=basedir)
    assert "the catalogue is damaged" in proc.stderr and "moved aside to" in proc.stderr
    assert "Indexed 12 files, 0 failed" in proc.stdout
    [aside] = _archive_dir(basedir).glob("catalogue.damaged-*.sqlite")
    assert aside.read_bytes() == damaged  # kept as it was, for whoever wants to look
    assert _states(basedir) == {"indexed": 12}
    assert _hits(basedir, "page0011") == ["d00/page-0011.txt"]
    assert _hits(basedir, 'tag:"keep me"') == ["d00/page-0003.txt"]
    assert run_cli("info", base=basedir).returncode == 0


# ------------------------------------------------------------------ a disc pulled mid-run


def _indexed(base: Path) -> int:
    try:
        return _states(base).get("indexed", 0)
    except sqlite3.Error:
        return 0


def _pull_mid_run(disc: Path, base: Path, pull: object) -> subprocess.CompletedProcess[str]:
    """Start `index`, and pull the disc once some files are written (small batches, one
    worker: 300 files take some 4 s, the pull comes after 0.2)."""
    _settings(base, "batch_files = 5\nworkers = 1\n")
    env = {**os.environ, "ARCHIVE_READER_BASEDIR": str(base)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "-q", str(disc)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while _indexed(base) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert callable(pull)
    pull()
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture
def tmpfs() -> Iterator[object]:
    """mount(size, where): a tmpfs, unmounted at the end; needs root (CI runs as root)."""
    mounted: list[Path] = []

    def mount(size: str, where: Path) -> Path:
        if os.geteuid() != 0 or not shutil.which("mount"):
            pytest.skip("a tmpfs needs root to mount")
        where.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(where)
        return where

    yield mount
    for where in reversed(mounted):
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["folder-moved", "disc-unmounted"])
def test_a_disc_pulled_mid_run_stops_with_a_message_and_the_rerun_resumes(
    tmp_path: Path, basedir: Path, how: str, tmpfs: object
) -> None:
    assert callable(tmpfs)
    master = _disc(tmp_path / "master" / "CRYPTOME_7", 300)
    disc = tmp_path / "CRYPTOME_7"
    if how == "disc-unmounted":  # the mount point stays behind, an empty folder
        tmpfs("32m", disc)
    # Times kept (copy2): the disc put back in is the same disc, file for file.
    shutil.copytree(master, disc, dirs_exist_ok=True)

    def pull() -> None:
        if how == "folder-moved":
            disc.rename(tmp_path / "elsewhere")
        else:
            subprocess.run(["umount", "-l", str(disc)], check=True)

    proc = _pull_mid_run(disc, basedir, pull)
    line = _one_line(proc.stderr)
    assert proc.returncode == EXIT_DISC_GONE, proc.stderr
    assert "the disc CRYPTOME_7 went away; insert it and run again to go on" in line
    states = _states(basedir)
    assert states.get("failed", 0) == 0, states  # no file blamed for the disc going
    assert 0 < states["indexed"] < 300 and states["pending"] == 300 - states["indexed"]
    assert f"{states['pending']:,} still to read" in line

    # The disc is back: the same command goes on where it stopped, no --retry-failed.
    if how == "folder-moved":
        (tmp_path / "elsewhere").rename(disc)
    else:
        shutil.copytree(master, tmpfs("32m", disc), dirs_exist_ok=True)
    again = run_cli("index", str(disc), base=basedir)
    files = f"{states['pending']:,} file" + ("" if states["pending"] == 1 else "s")
    assert f"Indexed {files}, 0 failed" in again.stdout, again.stdout
    assert f"{states['indexed']:,} unchanged" in again.stdout
    assert _states(basedir) == {"indexed": 300}


# ------------------------------------------------------------------ a full disk


@pytest.mark.slow
def test_a_full_disk_stops_the_run_with_a_message_and_keeps_the_work_done(
    tmp_path: Path, basedir: Path, tmpfs: object
) -> None:
    """The archive lives on a real filesystem that fills up: a tmpfs, shrunk to what the
    first disc's index takes plus 160 KB, so that the second disc's run meets ENOSPC
    ("No space left on device (os error 28)" from tantivy, "database or disk is full"
    from SQLite) as a full disk gives it. (Without root there is no tmpfs to mount; an
    RLIMIT_FSIZE would make EFBIG instead, which SQLite reports as a plain I/O error.)"""
    assert callable(tmpfs)
    tmpfs("64m", basedir)
    _settings(basedir, "batch_files = 20\n")
    first = _disc(tmp_path / "DISC_1", 40, words="firstdisc")
    second = _disc(tmp_path / "DISC_2", 400, words="seconddisc", noise=40)
    run_cli("index", "-q", str(first), base=basedir)
    used = shutil.disk_usage(basedir).used
    subprocess.run(["mount", "-o", f"remount,size={used + 160 * 1024}", str(basedir)], check=True)

    proc = run_cli("index", "-q", str(second), base=basedir, check=False)
    line = _one_line(proc.stderr)
    assert proc.returncode == EXIT_NO_SPACE, proc.stderr
    assert "there is no room left to write to " in line and "(No space left on device)" in line
    assert "run the same command again: what was done so far is kept" in line

    # Space again: what the runs did is there, and the same command goes on.
    subprocess.run(["mount", "-o", "remount,size=64m", str(basedir)], check=True)
    states = _states(basedir)
    assert states.get("failed", 0) == 0 and states["indexed"] >= 40, states
    assert len(_hits(basedir, "firstdisc")) == 20  # one page of hits: the first disc's
    again = run_cli("index", str(second), base=basedir)
    assert "0 failed" in again.stdout
    assert _states(basedir) == {"indexed": 440}
    with Archive(_archive_dir(basedir)) as archive:
        assert archive.catalogue.integrity_ok()
        assert archive.index().doc_count() == 440


# ------------------------------------------------------------------ two runs at once


@pytest.mark.slow
def test_a_second_index_run_says_which_process_holds_the_archive(
    tmp_path: Path, basedir: Path
) -> None:
    disc = _disc(tmp_path / "DISC_1", 300)
    _settings(basedir, "batch_files = 5\nworkers = 1\n")
    env = {**os.environ, "ARCHIVE_READER_BASEDIR": str(basedir)}
    first = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "-q", str(disc)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while _indexed(basedir) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc = run_cli("index", "-q", str(disc), base=basedir, check=False)
    finally:
        first.wait(timeout=120)
    line = _one_line(proc.stderr)
    assert proc.returncode == EXIT_BUSY, proc.stderr
    assert f"being indexed by `archive-reader index` (process {first.pid}, since " in line
    assert first.returncode == 0
    again = run_cli("index", str(disc), base=basedir).stdout
    assert "Indexed 0 files, 0 failed, 0 skipped, 300 unchanged" in again


def test_commands_started_together_on_a_new_archive_all_open_it(basedir: Path) -> None:
    """The first opening creates the catalogue's tables; several at once must not each try
    ("table volumes already exists")."""
    env = {**os.environ, "ARCHIVE_READER_BASEDIR": str(basedir)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "reader", "info", "--json"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [(p.wait(timeout=60), p.stderr.read() if p.stderr else "") for p in procs]
    assert all(code == 0 for code, _ in results), results


# ------------------------------------------------------------------ a damaged disc image


def test_a_damaged_iso_is_one_sentence_and_the_archive_is_kept(
    tmp_path: Path, basedir: Path
) -> None:
    first = _disc(tmp_path / "DISC_1", 5)
    run_cli("index", "-q", str(first), base=basedir)
    src = _disc(tmp_path / "src", 30, words="isodisc")
    image = make_iso(src, tmp_path / "scratched.iso", label="SCRATCHED")
    with open(image, "r+b") as fh:  # its directory records, where pycdlib unpacks structs
        fh.seek(28 * 2048)
        fh.write(b"\x07" * 8 * 2048)

    proc = run_cli("index", str(image), base=basedir, check=False)
    line = _one_line(proc.stderr)
    assert proc.returncode == EXIT_DISC_UNREADABLE, proc.stderr
    assert str(image) in line and "what was indexed so far is kept" in line
    assert _states(basedir) == {"indexed": 5}
    assert _hits(basedir, "page0004") == ["d00/page-0004.txt"]


# ------------------------------------------------------------------ the rest


def test_help_gives_an_exit_status_for_each_kind_of_fault(basedir: Path) -> None:
    text = run_cli("--help", base=basedir).stdout
    for status, words in [
        (3, "indexing this archive now"),
        (4, "a disc went away"),
        (5, "no space left"),
        (6, "a disc cannot be read"),
        (7, "damaged or lost"),
        (70, "an unexpected error"),
    ]:
        assert any(
            line.strip().startswith(f"{status} ") and words in line for line in text.splitlines()
        ), (
            status,
            text,
        )


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_log(
    basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages: dict[str, int] = {}
    try:
        pages["no such key"]  # a real error, raised, with its traceback
    except KeyError as exc:
        status = report(exc, None)
    err = capsys.readouterr().err
    line = _one_line(err)
    assert status == 70
    assert "unexpected error (KeyError: 'no such key'); this is a bug" in line
    log = basedir / "log" / ERROR_LOG
    assert str(log) in line and "--debug" in line
    assert "Traceback" in log.read_text() and "test_faults.py" in log.read_text()
