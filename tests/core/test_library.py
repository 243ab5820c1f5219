"""The user's library: it survives re-indexing, round-trips through export, feeds the search."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.indexing.pipeline import index_volumes
from reader.library import schema as library_schema
from reader.library import store as library_mod
from reader.library.store import Library, LibraryError, library_path, normalise_tag
from reader.library.transfer import export_data, export_file, import_data, import_json
from reader.search.engine import search
from reader.search.export import CSV_COLUMNS, archive_title, citation, export_results_csv
from reader.search.syntax import HasFilter, TagFilter, parse
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from reader.store.sqlite import open_store
from tests.archive_factory import FileTruth, Manifest

REPO = Path(__file__).resolve().parents[2]


def _index(folder: Path, root: Path) -> None:
    with Archive(folder) as archive, open_volume(root) as volume:
        index_volumes(archive, [volume], Settings(workers=2, batch_files=40))


@pytest.fixture(scope="module")
def indexed_dir(small_archive: Manifest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small archive indexed once for the read-only tests of this module."""
    folder = tmp_path_factory.mktemp("lib") / "archive"
    _index(folder, small_archive.root)
    return folder


@pytest.fixture
def archive(indexed_dir: Path) -> Iterator[Archive]:
    with Archive(indexed_dir) as a:
        yield a


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with Library(tmp_path / "library.sqlite") as lib:
        yield lib


def _docs(manifest: Manifest) -> list[FileTruth]:
    return sorted(manifest.documents(), key=lambda t: t.path)


def _keys(archive: Archive, query: str, lib: Library) -> set[tuple[str, str]]:
    result = search(archive.index(), query, limit=10_000, user=lib, snippets=False)
    assert result.total == len(result.hits)
    return {(h.volume_id, h.path) for h in result.hits}


# --- the basics ---


def test_library_lives_in_the_data_dir_of_the_basedir(basedir: Path) -> None:
    assert library_path() == basedir / "data" / "library.sqlite"
    with Library.open_default() as lib:
        lib.add_note("v", "a.htm", "x")
    assert (basedir / "data" / "library.sqlite").is_file()


def test_tag_names_are_trimmed_and_unique_ignoring_case(lib: Library) -> None:
    assert normalise_tag("  NSA   Files ") == "nsa files"
    assert lib.add_tag("v", "a.htm", "  NSA   Files ")
    assert not lib.add_tag("v", "a.htm", "nsa files")
    assert not lib.add_tag("v", "a.htm", "   ")
    lib.add_tag("v", "b.htm", "Nsa FILES")
    assert [(t.name, t.count) for t in lib.tags()] == [("NSA Files", 2)]
    assert lib.tags_of("v", "a.htm") == ["NSA Files"]
    lib.remove_tag("v", "a.htm", "nsa files")
    lib.remove_tag("v", "b.htm", "NSA FILES")
    assert lib.tags() == []


def test_bookmark_toggles_per_page_and_keeps_the_title_seen(lib: Library) -> None:
    assert lib.toggle_bookmark("v", "a.pdf", page=3, title="A report", disc="CRYPTOME_1")
    assert lib.toggle_bookmark("v", "a.pdf", title="A report")
    assert {b.page for b in lib.bookmarks_of("v", "a.pdf")} == {3, None}
    assert not lib.toggle_bookmark("v", "a.pdf", page=3)
    [b] = lib.bookmarks()
    assert (b.title, b.disc, b.page) == ("A report", "CRYPTOME_1", None)


def test_bookmark_of_a_page_remembers_the_place_and_moves_with_ctrl_d(lib: Library) -> None:
    # Ctrl+D halfway down a page: the bookmark holds the character offset shown at the top.
    assert lib.toggle_bookmark("v", "long.htm", offset=5120, title="Long")
    [first] = lib.bookmarks_of("v", "long.htm")
    assert (first.page, first.anchor, first.offset) == (None, "", 5120)
    # Ctrl+D further down the same page moves that bookmark; it does not add another.
    assert lib.toggle_bookmark("v", "long.htm", offset=9000)
    [moved] = lib.bookmarks_of("v", "long.htm")
    assert (moved.id, moved.created, moved.offset) == (first.id, first.created, 9000)
    # Adding without a place keeps the place; with one, moves it.
    assert lib.add_bookmark("v", "long.htm").offset == 9000
    assert lib.add_bookmark("v", "long.htm", offset=42).offset == 42
    # A bookmark at an anchor is its own, with its own place.
    assert lib.toggle_bookmark("v", "long.htm", anchor="notes", offset=300)
    assert [(b.anchor, b.offset) for b in lib.bookmarks_of("v", "long.htm")] == [
        ("", 42),
        ("notes", 300),
    ]
    # Ctrl+D at the bookmarked place removes it.
    assert not lib.toggle_bookmark("v", "long.htm", offset=42)
    assert [b.anchor for b in lib.bookmarks_of("v", "long.htm")] == ["notes"]
    # The whole document, with no place given, is the top: toggles as before.
    assert lib.toggle_bookmark("v", "plain.txt")
    assert lib.bookmark_at("v", "plain.txt") is not None
    assert lib.bookmark_at("v", "plain.txt").offset == 0  # type: ignore[union-attr]
    assert not lib.toggle_bookmark("v", "plain.txt")


def test_library_of_the_previous_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    # Made as the previous release made it: its migrations only, rows written by its SQL.
    old = open_store(path, library_schema.MIGRATIONS[:1], what="the library", error=LibraryError)
    with old.atomic():
        old.execute(
            """INSERT INTO docs (volume_id, path, title, disc, seen)
               VALUES ('v', 'a.htm', 'Alpha', 'CRYPTOME_1', '2024-05-01T12:00:00.000Z')"""
        )
        old.execute(
            """INSERT INTO bookmarks (volume_id, path, page, anchor, label, created) VALUES
               ('v', 'a.htm', 0, '', '', '2024-05-01T12:00:00.000Z'),
               ('v', 'b.pdf', 3, '', 'table', '2024-05-01T12:00:01.000Z')"""
        )
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()
    with Library(path) as lib:
        assert lib.db.execute("PRAGMA user_version").fetchone()[0] == len(library_schema.MIGRATIONS)
        assert lib.integrity_ok()
        alpha, table = sorted(lib.bookmarks(), key=lambda b: b.path)
        assert (alpha.title, alpha.page, alpha.offset) == ("Alpha", None, 0)
        assert (table.page, table.label, table.offset) == (3, "table", 0)
        # The old bookmark of the page is at its top; Ctrl+D further down moves it there.
        assert lib.toggle_bookmark("v", "a.htm", offset=777)
        assert [b.offset for b in lib.bookmarks_of("v", "a.htm")] == [777]
    with Library(path) as lib:  # opened again: nothing more to migrate, the move is kept
        assert [b.offset for b in lib.bookmarks_of("v", "a.htm")] == [777]


def test_history_keeps_the_last_openings(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_mod, "HISTORY_MAX", 10)
    for i in range(25):
        lib.record_opened("v", f"{i}.htm", title=f"Doc {i}")
    entries = lib.history()
    assert [e.path for e in entries] == [f"{i}.htm" for i in range(24, 14, -1)]
    assert entries[0].title == "Doc 24"


def test_library_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    Library(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(LibraryError, match="newer"):
        Library(path)


def test_citation_names_title_date_archive_disc_path_and_page() -> None:
    text = citation(
        title="Cable landing stations",
        date="2013-03-18",
        archive_title=archive_title(["CRYPTOME_1", "CRYPTOME_2"], "default"),
        disc_label="CRYPTOME_2",
        path="2013/03/cables.pdf",
        page=4,
    )
    assert text == (
        "“Cable landing stations” (2013-03-18). CRYPTOME archive, disc CRYPTOME_2, "
        "2013/03/cables.pdf, p. 4."
    )
    assert archive_title(["A_1", "B_1"], "default") == "default"


def test_query_language_parses_tag_and_has() -> None:
    assert parse("tag:NSA").root == TagFilter("NSA")
    assert parse('tag:"two  words"').root == TagFilter("two words")
    assert parse("has:notes").root == HasFilter("note")
    parsed = parse("has:cake")
    assert parsed.warnings and str(parsed) == "cake"


# --- user data outlives the catalogue and the index ---


def test_bookmarks_notes_tags_survive_reindex_and_rebuild(
    small_archive: Manifest, tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    _index(folder, small_archive.root)
    chosen = random.Random(3).sample(_docs(small_archive), 6)
    with Archive(folder) as archive, Library(tmp_path / "library.sqlite") as lib:
        vid = archive.catalogue.volumes()[0].id
        for i, t in enumerate(chosen):
            rec = archive.catalogue.file(vid, t.path)
            assert rec is not None
            kw = {"title": rec.title or "", "disc": "CRYPTOME_1"}
            pdf = t.kind == "pdf"
            lib.add_bookmark(
                vid,
                t.path,
                page=2 if pdf else None,
                offset=0 if pdf else 100 * i + 7,  # a place in a page or a text
                title=kw["title"],
                disc=kw["disc"],
            )
            lib.add_note(vid, t.path, f"note number {i} about {t.path}", **kw)
            lib.add_tag(vid, t.path, "Keep", **kw)
        titles = {t.path: archive.catalogue.file(vid, t.path).title for t in chosen}  # type: ignore[union-attr]
        before = export_data(lib)
        tagged = _keys(archive, "tag:keep", lib)
    assert tagged == {(vid, t.path) for t in chosen}

    def check() -> None:
        with Archive(folder) as archive, Library(tmp_path / "library.sqlite") as lib:
            assert archive.catalogue.volumes()[0].id == vid
            after = export_data(lib)
            assert after["documents"] == before["documents"]
            assert {(b.volume_id, b.path) for b in lib.bookmarks()} == set(tagged)
            assert any(b.offset for b in lib.bookmarks())
            assert len(lib.notes()) == len(chosen)
            for note in lib.notes():
                rec = archive.catalogue.file(note.volume_id, note.path)
                assert rec is not None and rec.title == titles[note.path] == note.title
            assert _keys(archive, "tag:KEEP", lib) == tagged
            assert _keys(archive, "has:note", lib) == tagged

    _index(folder, small_archive.root)  # re-index: nothing changed
    check()
    # The catalogue and the index deleted and built again from the disc.
    shutil.rmtree(folder)
    _index(folder, small_archive.root)
    check()


# --- export and import ---


def _filled(lib: Library) -> None:
    lib.add_bookmark("v1", "2001/a.htm", title="Alpha page", disc="CRYPTOME_1")
    lib.add_bookmark("v1", "2003/b.pdf", page=7, label="the table", title="B report")
    lib.add_bookmark("v2", "c.htm", anchor="part-2", title="C")
    lib.add_bookmark("v2", "d.txt", offset=12345, title="D, halfway down")
    lib.add_note("v1", "2001/a.htm", "First line\n\nsecond *paragraph* — café")
    lib.add_note("v1", "2001/a.htm", "another note")
    lib.add_note("v2", "only-note.txt", "lonely", title="Only a note", disc="CRYPTOME_2")
    lib.add_tag("v1", "2001/a.htm", "Signals Intelligence")
    lib.add_tag("v1", "2003/b.pdf", "signals intelligence")
    lib.add_tag("v1", "2003/b.pdf", "budget")


def _without_stamp(data: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in data.items() if k != "exported"}


def test_export_then_import_into_a_fresh_library_is_identical(tmp_path: Path) -> None:
    with Library(tmp_path / "a.sqlite") as a:
        _filled(a)
        export_file(a, tmp_path / "export.json")
        original = export_data(a)
    with Library(tmp_path / "b.sqlite") as b:
        summary = import_json(b, tmp_path / "export.json")
        assert (summary.bookmarks, summary.notes, summary.tags) == (4, 3, 3)
        assert _without_stamp(export_data(b)) == _without_stamp(original)
        again = import_json(b, tmp_path / "export.json")
        assert again.changed == 0
        assert _without_stamp(export_data(b)) == _without_stamp(original)
        assert len(b.notes()) == 3 and len(b.bookmarks()) == 4
        assert b.bookmark_at("v2", "d.txt").offset == 12345  # type: ignore[union-attr]
    exported = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    [d] = [d for d in exported["documents"] if d["path"] == "d.txt"]
    assert d["bookmarks"][0]["offset"] == 12345


def test_import_of_an_export_without_places_puts_bookmarks_at_the_top(
    tmp_path: Path, lib: Library
) -> None:
    # As the previous release exported: no "offset" in its bookmarks.
    doc = {"volume_id": "v", "path": "a.htm", "title": "Alpha", "disc": "CRYPTOME_1"}
    old = {
        "format": "archive-reader-library",
        "version": 1,
        "documents": [
            {
                **doc,
                "tags": [],
                "notes": [],
                "bookmarks": [
                    {"page": None, "anchor": "", "label": "", "created": "2024-05-01T12:00:00Z"},
                    {"page": None, "anchor": "x", "offset": "junk", "created": "2024-05-01"},
                    {"page": None, "anchor": "y", "offset": -5, "created": "2024-05-01"},
                ],
            }
        ],
    }
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    assert import_json(lib, tmp_path / "old.json").bookmarks == 3
    assert [(b.anchor, b.offset) for b in lib.bookmarks_of("v", "a.htm")] == [
        ("", 0),
        ("x", 0),
        ("y", 0),
    ]
    # A bookmark already here keeps its place when the same one is imported again.
    lib.add_bookmark("v", "a.htm", offset=99)
    assert import_json(lib, tmp_path / "old.json").changed == 0
    assert lib.bookmark_at("v", "a.htm").offset == 99  # type: ignore[union-attr]


def test_import_merges_with_what_is_there(tmp_path: Path) -> None:
    with Library(tmp_path / "a.sqlite") as a:
        _filled(a)
        data = export_data(a)
    with Library(tmp_path / "b.sqlite") as b:
        b.add_note("v9", "mine.htm", "my own")
        b.add_tag("v1", "2001/a.htm", "SIGNALS intelligence")
        summary = import_data(b, data)
        assert summary.tags == 2  # the one already there is not added again
        assert len(b.notes()) == 4
        assert b.tags_of("v1", "2001/a.htm") == ["SIGNALS intelligence"]


def test_import_refuses_what_is_not_an_export(tmp_path: Path, lib: Library) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something else"}))
    with pytest.raises(LibraryError):
        import_json(lib, bad)
    bad.write_text(json.dumps({"format": "archive-reader-library", "version": 99}))
    with pytest.raises(LibraryError, match="update"):
        import_json(lib, bad)
    bad.write_text("{not json")
    with pytest.raises(LibraryError):
        import_json(lib, bad)


def test_markdown_export_shows_titles_tags_and_notes(tmp_path: Path, lib: Library) -> None:
    _filled(lib)
    export_file(lib, tmp_path / "notes.md")
    text = (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert "## Alpha page" in text and "## Only a note" in text
    assert "**Signals Intelligence**" in text
    assert "> First line" in text and "> second *paragraph* — café" in text
    assert "page 7" in text and "#part-2" in text
    assert "at character 12,345" in text


# --- the result list as CSV ---


def test_csv_export_has_exactly_the_rows_shown(archive: Archive, tmp_path: Path) -> None:
    result = search(archive.index(), "the", limit=40)
    assert len(result.hits) == 40
    n = export_results_csv(result.hits, tmp_path / "results.csv")
    assert n == 40
    with (tmp_path / "results.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 41
    for hit, row in zip(result.hits, rows[1:], strict=True):
        assert row[:5] == [hit.title, hit.volume_label, hit.path, hit.date or "", hit.kind]
        assert hit.snippet is not None
        assert row[5] == hit.snippet.text and "<b>" not in row[5]
        assert row[5]  # every hit of "the" has a passage


# --- tag:, has:note and notes in the search box ---


def test_tag_and_has_note_queries_return_exactly_those_documents(
    archive: Archive, small_archive: Manifest, lib: Library
) -> None:
    vid = archive.catalogue.volumes()[0].id
    docs = _docs(small_archive)
    rnd = random.Random(11)
    tagged = {(vid, t.path) for t in rnd.sample(docs, 12)}
    noted = {(vid, t.path) for t in rnd.sample(docs, 9)}
    for v, p in tagged:
        lib.add_tag(v, p, "Follow Up")
    for v, p in noted:
        lib.add_note(v, p, "check this later")
    html_docs = _keys(archive, "type:html", lib)
    assert _keys(archive, "tag:follow", lib) == set()
    assert _keys(archive, 'tag:"FOLLOW up"', lib) == tagged
    assert _keys(archive, "has:note", lib) == noted
    assert _keys(archive, 'tag:"follow up" has:note', lib) == tagged & noted
    assert _keys(archive, 'tag:"follow up" OR has:note', lib) == tagged | noted
    assert _keys(archive, "-has:note type:html", lib) == html_docs - noted
    # Without the library the filters match nothing, and say why.
    result = search(archive.index(), "has:note", limit=10)
    assert result.total == 0 and result.warnings


def test_a_notes_words_find_its_document(
    archive: Archive, small_archive: Manifest, lib: Library
) -> None:
    vid = archive.catalogue.volumes()[0].id
    a, b = _docs(small_archive)[:2]
    lib.add_note(vid, a.path, "Compare with the Zürich wiretaps, quixotically filed")
    assert _keys(archive, "quixotically", lib) == {(vid, a.path)}
    assert _keys(archive, "zurich", lib) >= {(vid, a.path)}
    assert _keys(archive, '"zurich wiretap"', lib) >= {(vid, a.path)}
    assert _keys(archive, "quixot*", lib) == {(vid, a.path)}
    # A note word and a document word together: both must hold, each from either source.
    assert b.phrase is not None
    word = b.phrase.split()[0]
    lib.add_note(vid, b.path, "quixotically")
    both = _keys(archive, f"quixotically {word}", lib)
    assert (vid, b.path) in both
    assert _keys(archive, "quixotically -has:note", lib) == set()


# --- kill -9 while saving ---

_WRITER = """
import sys
from pathlib import Path
from reader.library.store import Library
lib = Library(Path(sys.argv[1]))
i = 0
while True:
    i += 1
    note = lib.add_note("v", f"doc{i % 17}.htm", f"note {i} " + "x" * (i % 300))
    lib.update_note(note.id, f"note {i} edited " + "y" * (i % 500))
    print(note.id, i, flush=True)
"""


@pytest.mark.slow
def test_kill_9_while_saving_notes_keeps_every_committed_note(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert proc.stdout is not None
    committed: list[tuple[int, int]] = []
    deadline = time.monotonic() + 60
    target = random.Random().randint(150, 400)
    while len(committed) < target and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        note_id, i = map(int, line.split())
        committed.append((note_id, i))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    rest = proc.stdout.read()
    committed += [tuple(map(int, x.split())) for x in rest.splitlines() if x.strip()]  # type: ignore[misc]
    assert len(committed) >= 100
    with Library(path) as lib:
        assert lib.integrity_ok()
        notes = {n.id: n.text for n in lib.notes()}
    for note_id, i in committed:
        assert notes[note_id] == f"note {i} edited " + "y" * (i % 500)
    # At most the note being written when the process died is beyond what it reported.
    assert len(notes) - len(committed) <= 1
