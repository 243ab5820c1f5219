"""The archive-reader command as a user runs it: real subprocesses, exit codes, output."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.store.archive import Archive
from reader.store.writer import IndexWriter
from tests.archive_factory import Manifest

COMMANDS = ["index", "info", "search", "gui", "ocr", "publish", "verify"]


def run_cli(*args: str, base: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ARCHIVE_READER_BASEDIR": str(base)}
    proc = subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_version_and_help_on_every_command(basedir: Path) -> None:
    out = run_cli("--version", base=basedir).stdout
    assert out.startswith("archive-reader ")
    top = run_cli("--help", base=basedir).stdout
    for command in COMMANDS:
        assert command in top
        text = run_cli(command, "--help", base=basedir).stdout
        assert text.startswith("usage: archive-reader " + command)
        assert len(text.splitlines()) > 3


def test_bad_path_gives_one_line_and_nonzero_status(basedir: Path, tmp_path: Path) -> None:
    proc = run_cli("index", str(tmp_path / "no-such-disc"), base=basedir, check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0
    assert "no such file or folder" in proc.stderr

    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("hello")
    proc = run_cli("index", str(not_an_archive), base=basedir, check=False)
    assert proc.returncode == 1 and proc.stderr.startswith("archive-reader: ")

    proc = run_cli("search", base=basedir, check=False)
    assert proc.returncode == 2 and "usage:" in proc.stderr


def test_index_then_info_json_describes_the_archive(small_archive: Manifest, basedir: Path) -> None:
    proc = run_cli("index", str(small_archive.root), base=basedir)
    assert "Indexed" in proc.stdout
    data = json.loads(run_cli("info", "--json", base=basedir).stdout)
    [volume] = data["volumes"]
    assert volume["label"] == small_archive.root.name
    assert volume["present"] is True
    assert volume["files"] == sum(data["by_state"].values())
    expected_failed = {t.path for t in small_archive.files if t.expected_state == "failed"}
    assert {f["path"] for f in data["failures"]} >= expected_failed
    assert all(f["error"] and f["volume"] == volume["label"] for f in data["failures"])
    expected_kinds = {t.kind for t in small_archive.files}
    assert expected_kinds <= set(data["by_kind"])
    assert data["by_state"]["pending"] == 0

    text = run_cli("info", base=basedir).stdout
    assert small_archive.root.name in text and "present" in text


def test_info_marks_a_disc_absent_once_it_is_gone(tmp_path: Path, basedir: Path) -> None:
    disc = tmp_path / "DISC_A"
    disc.mkdir()
    (disc / "page.txt").write_text("hello there\n")
    run_cli("index", str(disc), base=basedir)
    disc.rename(tmp_path / "elsewhere")
    data = json.loads(run_cli("info", "--json", base=basedir).stdout)
    assert data["volumes"][0]["present"] is False
    assert data["by_state"]["indexed"] == 1  # nothing forgotten because the disc is absent


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun_matches_uninterrupted(
    small_archive: Manifest, tmp_path: Path
) -> None:
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    run_cli("index", str(small_archive.root), base=whole)
    for base in (killed,):
        (base / "config").mkdir(parents=True)
        # Small batches, so a kill lands between commits and mid-batch.
        (base / "config" / "settings.toml").write_text("batch_files = 7\nworkers = 2\n")
    env = {**os.environ, "ARCHIVE_READER_BASEDIR": str(killed)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "-q", str(small_archive.root)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = killed / "data" / "archives" / "default" / "catalogue.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if not db.exists():
            continue
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                indexed = conn.execute("SELECT count(*) FROM files WHERE state='indexed'")
                if indexed.fetchone()[0] >= 10:
                    break
        except sqlite3.Error:
            continue
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Archive(killed / "data" / "archives" / "default") as archive:
        assert archive.catalogue.counts_by_state()["pending"] > 0, "the run ended before the kill"
    run_cli("index", str(small_archive.root), base=killed)
    with (
        Archive(whole / "data" / "archives" / "default") as a,
        Archive(killed / "data" / "archives" / "default") as b,
    ):
        assert b.catalogue.integrity_ok()
        assert b.catalogue.counts_by_state() == a.catalogue.counts_by_state()
        assert b.index().keys() == a.index().keys()
        assert b.index().digest() == a.index().digest()


def test_core_imports_no_qt() -> None:
    code = (
        "import sys, reader.cli.main, reader.indexing.pipeline, reader.search.engine;"
        "import reader.store.catalogue, reader.publish.masters, reader.library.store;"
        "bad = [m for m in sys.modules if m.startswith('PySide6')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_search_uses_the_users_tags_and_notes(small_archive: Manifest, basedir: Path) -> None:
    from reader.library.store import Library, library_path

    run_cli("index", "-q", str(small_archive.root), base=basedir)
    doc = next(t for t in small_archive.documents() if t.kind == "html")
    with Archive.named("default") as archive:
        vid = archive.catalogue.volumes()[0].id
    with Library(library_path()) as library:
        library.add_tag(vid, doc.path, "follow up")
        library.add_note(vid, doc.path, "ask the clerk about the zanzibar docket")
    for query in ('tag:"follow up"', "zanzibar docket"):
        data = json.loads(run_cli("search", query, "--json", base=basedir).stdout)
        assert [h["path"] for h in data["hits"]] == [doc.path], query


def test_a_catalogue_from_a_newer_release_is_refused_with_a_message(basedir: Path) -> None:
    db = basedir / "data" / "archives" / "default" / "catalogue.sqlite"
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    proc = run_cli("info", base=basedir, check=False)
    assert proc.returncode == 1
    assert "newer Archive Reader" in proc.stderr and "update the app" in proc.stderr
    with sqlite3.connect(db) as conn:  # and it was left as it was
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 999


def test_an_index_from_another_version_is_rebuilt_not_misread(
    small_archive: Manifest, basedir: Path
) -> None:
    run_cli("index", "-q", str(small_archive.root), base=basedir)
    index_dir = basedir / "data" / "archives" / "default" / "index"
    version = index_dir / "archive-reader-index.json"
    version.write_text('{"schema_version": 0}')
    doc = next(t for t in small_archive.documents() if t.kind == "html")
    # A search only says so (and which command repairs it): it changes nothing.
    proc = run_cli("search", f'"{doc.phrase}"', base=basedir, check=False)
    assert proc.returncode == 7
    assert "made by another version" in proc.stderr and "archive-reader index" in proc.stderr
    assert version.read_text() == '{"schema_version": 0}'
    proc = run_cli("index", "-q", str(small_archive.root), base=basedir)
    assert "being rebuilt" in proc.stderr
    data = json.loads(run_cli("search", f'"{doc.phrase}"', "--json", base=basedir).stdout)
    assert [h["path"] for h in data["hits"]] == [doc.path]


def test_index_while_another_run_holds_the_archive_says_who_and_keeps_the_work(
    small_archive: Manifest, basedir: Path, tmp_path: Path
) -> None:
    disc = tmp_path / "CRYPTOME_1"
    shutil.copytree(small_archive.root, disc, symlinks=True)
    run_cli("index", str(disc), base=basedir)
    (disc / "2013" / "added-later.txt").write_text("a page added to the mirror since")
    # Another Archive Reader (the window, say) is writing this archive's index right now.
    with Archive.named("default") as archive:
        writer = IndexWriter(archive.index())
        try:
            proc = run_cli("index", str(disc), base=basedir, check=False)
        finally:
            writer.close()
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "this archive is being indexed by" in proc.stderr
    assert f"process {os.getpid()}" in proc.stderr
    assert "run this again" in proc.stderr
    assert "exit status" in run_cli("--help", base=basedir).stdout
    # Once it is free, the same command goes on: the earlier work is kept, the new file read.
    again = run_cli("index", str(disc), base=basedir)
    assert "Indexed 1 file," in again.stdout, again.stdout


def test_names_from_the_archive_cannot_drive_the_terminal(basedir: Path, tmp_path: Path) -> None:
    disc = tmp_path / "DISC_1"
    disc.mkdir()
    hostile = "\x1b]0;pwned\x07report \x1b[31mred.txt"
    (disc / hostile).write_text("zanzibarite appears in this report")
    run_cli("index", str(disc), base=basedir)
    out = run_cli("search", "zanzibarite", base=basedir).stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07report" in out
