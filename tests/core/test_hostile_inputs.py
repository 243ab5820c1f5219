"""Archive-controlled depth, names, labels and counts: bounded, each ending with a reason.

Folders nested past any sensible depth, brackets nested 400 deep in a query, charset labels
that name a decompressor, names that differ only in Unicode normalisation, a PDF whose page
cannot be loaded, a TIFF with 100,000 page headers, a damaged ISO and a killed `publish`:
each is built here for real and goes through the real pipeline, search or volume.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.indexing.extract import extract
from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import NoteKind, RunSummary
from reader.model import Kind, State
from reader.paths import app_dirs
from reader.publish.masters import publish
from reader.search.engine import search
from reader.search.syntax import MAX_NESTING
from reader.settings import Limits, Settings
from reader.sources.iso import IsoVolume
from reader.sources.opener import open_volume
from reader.sources.volume import MAX_FOLDER_DEPTH, VolumeError
from reader.store.archive import Archive
from reader.store.catalogue import FileRecord
from tests.core.probes import hit_paths, stored_body
from tests.core.test_cli import run_cli
from tests.hostile_archive import CODEC_LABELS, charset_page, nested_dicts_pdf, tiff_many_frames
from tests.iso_factory import make_iso

# Far below the 100 s Pillow's frame count took on the 100,000-frame TIFF: it must not
# come near the time limit, and the file is indexed, not failed as "took longer".
FILE_SECONDS = 20
SETTINGS = Settings(workers=2, limits=Limits(file_seconds=FILE_SECONDS))
TWIN_NFC = unicodedata.normalize("NFC", "twin-caf\u00e9.txt")
TWIN_NFD = unicodedata.normalize("NFD", TWIN_NFC)
TWIN_SPELLED = "twin-cafe[U+0301].txt"
THAI = "ภาษาไทย ทดสอบการเข้ารหัส"  # in windows-874, labelled with the WHATWG alias "dos-874"


def _index(archive_dir: Path, root: Path) -> RunSummary:
    with Archive(archive_dir) as archive, open_volume(root) as volume:
        return index_volumes(archive, [volume], SETTINGS)


def _records(archive_dir: Path) -> dict[str, FileRecord]:
    with Archive(archive_dir) as archive:
        return {r.path: r for r in archive.catalogue.files()}


# ------------------------------------------------------------------------ deep folders


def _make_chain(top: Path, levels: int, files: dict[int, str]) -> None:
    """`top` and `levels - 1` folders "d" below it, with files[level] placed at that level.

    Built one mkdir at a time: Path.mkdir(parents=True) and os.makedirs recurse per level.
    """
    folder = str(top)
    for level in range(1, levels + 1):
        os.mkdir(folder)
        if level in files:
            with open(os.path.join(folder, f"level-{level}.txt"), "w", encoding="utf-8") as fh:
                fh.write(files[level] + "\n")
        folder = os.path.join(folder, "d")


def _remove_chain(top: Path) -> None:
    """Delete a folder chain bottom-up: shutil.rmtree recurses per level (Python 3.11), and
    pytest's clean-up of old temporary folders would fail on it in a later session."""
    folders = [str(top)]
    while os.path.isdir(os.path.join(folders[-1], "d")):
        folders.append(os.path.join(folders[-1], "d"))
    for folder in reversed(folders):
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)


@pytest.fixture
def deep_disc(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "DEEP_1"
    root.mkdir()
    (root / "top.txt").write_text("topsentinel a file at the root\n")
    files = {
        3: "shallowsentinel three folders down",
        MAX_FOLDER_DEPTH: "limitsentinel at the deepest level still read",
        MAX_FOLDER_DEPTH + 1: "toodeepsentinel one level past it",
        1_100: "bottomsentinel at the bottom of 1,100 folders",
    }
    _make_chain(root / "deep", 1_100, files)
    yield root
    _remove_chain(root / "deep")


def test_a_folder_1100_levels_deep_is_reported_and_the_run_and_its_rerun_finish(
    deep_disc: Path, tmp_path: Path
) -> None:
    archive_dir = tmp_path / "data"
    started = time.monotonic()
    summary = _index(archive_dir, deep_disc)
    print(f"indexing a 1,100-level tree took {time.monotonic() - started:.2f} s")
    limit_path = "deep/" + "d/" * (MAX_FOLDER_DEPTH - 1) + f"level-{MAX_FOLDER_DEPTH}.txt"
    too_deep = "deep/" + "d/" * (MAX_FOLDER_DEPTH - 1) + "d"
    records = _records(archive_dir)
    assert records[too_deep].state is State.FAILED
    assert f"nested more than {MAX_FOLDER_DEPTH} levels deep" in (records[too_deep].error or "")
    assert {p for p, r in records.items() if r.state is State.INDEXED} == {
        "top.txt",
        "deep/d/d/level-3.txt",
        limit_path,
    }
    assert summary.indexed == 3
    assert hit_paths(archive_dir, "limitsentinel") == [limit_path]
    assert hit_paths(archive_dir, "toodeepsentinel") == []
    # The rerun (the one that failed the same way for good) finds nothing new to do.
    again = _index(archive_dir, deep_disc)
    assert (again.indexed, again.unchanged) == (0, 3)


def test_an_archive_toml_nested_too_deeply_is_ignored_with_a_note(tmp_path: Path) -> None:
    root = tmp_path / "TOML_1"
    root.mkdir()
    (root / "archive.toml").write_text("title = " + "[" * 5_000 + "]" * 5_000 + "\n")
    (root / "page.txt").write_text("tomlsentinel the disc is still read\n")
    summary = _index(tmp_path / "data", root)
    assert summary.indexed == 2  # archive.toml is a document too
    notes = [n for n in summary.notes if n.kind is NoteKind.DISC_INFO_IGNORED]
    assert [n.text for n in notes] == [
        f"{root}/archive.toml: nested too deeply to read; the file is ignored"
    ]


def test_a_ready_made_index_nested_too_deeply_is_refused_and_the_disc_read(
    tmp_path: Path,
) -> None:
    root = tmp_path / "PUBLISHED_1"
    (root / ".archive-reader").mkdir(parents=True)
    (root / ".archive-reader" / "format.json").write_text("[" * 100_000)
    (root / "page.txt").write_text("publishedsentinel the disc is still read\n")
    summary = _index(tmp_path / "data", root)
    assert summary.indexed == 1
    assert hit_paths(tmp_path / "data", "publishedsentinel") == ["page.txt"]
    assert any("cannot be read" in n.text for n in summary.notes), summary.notes


# ------------------------------------------------------------------ the hostile archive


@dataclass
class Indexed:
    root: Path
    archive_dir: Path
    summary: RunSummary
    seconds: float
    records: dict[str, FileRecord]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    base = tmp_path_factory.mktemp("hostile-inputs")
    root = base / "HOSTILE_INPUTS"
    for sub in ("names", "charsets", "pdf", "images"):
        (root / sub).mkdir(parents=True)
    (root / "good.txt").write_text("walrus tariffs on a readable page\n")
    for form, name in (("nfc", TWIN_NFC), ("nfd", TWIN_NFD)):
        (root / "names" / name).write_text(f"twin{form}sentinel one of two names alike\n")
    for label in CODEC_LABELS:
        (root / "charsets" / f"charset-{label}.htm").write_bytes(charset_page(label))
    (root / "charsets/dos-874.htm").write_bytes(
        f'<meta charset="dos-874"><p>{THAI}</p>'.encode("cp874")
    )
    (root / "charsets/csisolatin1.htm").write_bytes(
        '<meta charset="csisolatin1"><p>Le caf\u00e9 \u201cnoir\u201d</p>'.encode("cp1252")
    )
    (root / "pdf/nested-dicts.pdf").write_bytes(nested_dicts_pdf())
    (root / "images/many-frames.tif").write_bytes(tiff_many_frames())
    archive_dir = base / "data"
    started = time.monotonic()
    summary = _index(archive_dir, root)
    seconds = time.monotonic() - started
    print(f"indexing the hostile inputs took {seconds:.1f} s")
    return Indexed(root, archive_dir, summary, seconds, _records(archive_dir))


def test_names_alike_after_normalisation_are_both_indexed_and_searchable(
    indexed: Indexed,
) -> None:
    nfc, spelled = f"names/{TWIN_NFC}", f"names/{TWIN_SPELLED}"
    for path in (nfc, spelled):
        assert indexed.records[path].state is State.INDEXED, indexed.records[path].error
    # The name stored in NFC keeps it; the other is shown with its decomposition spelled out.
    assert hit_paths(indexed.archive_dir, "twinnfcsentinel") == [nfc]
    assert hit_paths(indexed.archive_dir, "twinnfdsentinel") == [spelled]


def test_names_alike_on_an_iso_get_paths_of_their_own(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for form, name in (("nfc", TWIN_NFC), ("nfd", TWIN_NFD)):
        (src / name).write_text(f"twin{form}sentinel\n")
    with IsoVolume(make_iso(src, tmp_path / "twins.iso")) as iso:
        assert [(e.path, e.problem) for e in iso.walk()] == [
            (TWIN_SPELLED, None),
            (TWIN_NFC, None),
        ]
        assert iso.read_bytes(TWIN_NFC, 100) == b"twinnfcsentinel\n"
        assert iso.read_bytes(TWIN_SPELLED, 100) == b"twinnfdsentinel\n"


def test_charset_labels_that_are_not_text_encodings_are_ignored(indexed: Indexed) -> None:
    for label in CODEC_LABELS:
        path = f"charsets/charset-{label}.htm"
        record = indexed.records[path]
        assert record.state is State.INDEXED, (label, record.error)
        assert record.encoding in ("ascii", "cp1252", "utf-8"), (label, record.encoding)
        assert path in hit_paths(indexed.archive_dir, f'"codec{label} words"'), label
    # The page declaring bz2 ends in 200 bytes that inflate to 256 MB: never inflated.
    assert len(stored_body(indexed.archive_dir, "charsets/charset-bz2.htm")) < 1000


def test_charset_labels_resolve_through_the_whatwg_table(indexed: Indexed) -> None:
    thai = indexed.records["charsets/dos-874.htm"]
    assert (thai.state, thai.encoding) == (State.INDEXED, "cp874")
    assert stored_body(indexed.archive_dir, "charsets/dos-874.htm") == THAI
    latin = indexed.records["charsets/csisolatin1.htm"]
    assert latin.encoding == "cp1252"  # WHATWG: latin-1 labels mean windows-1252
    assert "\u201cnoir\u201d" in stored_body(indexed.archive_dir, "charsets/csisolatin1.htm")


def test_a_pdf_whose_page_cannot_be_loaded_fails_with_the_reason(indexed: Indexed) -> None:
    record = indexed.records["pdf/nested-dicts.pdf"]
    assert record.state is State.FAILED
    assert "nested too deeply" in (record.error or ""), record.error


def test_a_tiff_with_100000_page_headers_is_read_in_bounded_time(indexed: Indexed) -> None:
    record = indexed.records["images/many-frames.tif"]
    assert record.state is State.INDEXED, record.error
    assert indexed.seconds < FILE_SECONDS
    data = (indexed.root / "images/many-frames.tif").read_bytes()
    started = time.monotonic()
    meta = extract(Kind.IMAGE, "many-frames.tif", data, Limits()).meta
    seconds = time.monotonic() - started
    print(f"reading the 100,000-frame TIFF took {seconds:.2f} s")
    assert seconds < 1.0
    assert meta["pages"] == "10000" and meta["pages_counted"] == "the first 10,000"
    assert extract(Kind.IMAGE, "three.tif", tiff_many_frames(3), Limits()).meta["pages"] == "3"


def test_the_hostile_inputs_fail_only_where_a_reason_is_due(indexed: Indexed) -> None:
    failed = {p for p, r in indexed.records.items() if r.state is not State.INDEXED}
    assert failed == {"pdf/nested-dicts.pdf"}
    assert hit_paths(indexed.archive_dir, "walrus tariffs") == ["good.txt"]


# --------------------------------------------------------------------------- queries


def test_a_query_nested_400_brackets_deep_is_searched_with_a_warning(indexed: Indexed) -> None:
    with Archive(indexed.archive_dir) as archive:
        for query in ("(" * 400 + "walrus" + ")" * 400, "-(" * 400 + "walrus", "(a OR " * 300):
            result = search(archive.index(), query, limit=5)
            assert f"nested more than {MAX_NESTING} deep" in " ".join(result.warnings), query
        deep = search(archive.index(), "(" * 400 + "walrus" + ")" * 400, limit=5)
    assert [h.path for h in deep.hits] == ["good.txt"]
    assert len(deep.warnings) == 1


# ------------------------------------------------------------------------- a bad disc


def test_a_damaged_iso_is_one_clear_volume_error(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "report.txt").write_text("words on the disc\n")
    image = make_iso(src, tmp_path / "scratched.iso")
    data = bytearray(image.read_bytes())
    # Every Rock Ridge time stamp entry claims all four stamps: its record is cut short.
    for match in re.finditer(rb"TF[\x05-\xff]\x01", bytes(data)):
        data[match.start() + 4] = 0x0F
    image.write_bytes(bytes(data))
    with pytest.raises(VolumeError) as caught:
        open_volume(image)
    message = str(caught.value)
    assert message.startswith(f"The ISO image {image} is damaged: ")
    assert "\n" not in message


# --------------------------------------------------------------------------- publish


def test_a_killed_publish_leaves_nothing_the_next_publish_does_not_clean(
    basedir: Path, tmp_path: Path
) -> None:
    master = tmp_path / "MASTER_1"
    master.mkdir()
    for n in range(300):
        (master / f"page-{n:03}.txt").write_text(f"page {n} of the master disc\n")
    cache = app_dirs().cache
    env = {**os.environ, "ARCHIVE_READER_BASEDIR": str(basedir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "publish", str(master)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(cache.glob("publish-*")) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        with contextlib.suppress(ProcessLookupError):  # kill -9 the publish and its workers
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    left = list(cache.glob("publish-*"))
    assert len(left) == 1, "the killed publish left no work folder to clean"
    live = cache / f"publish-{os.getpid()}-running"  # owned by a process that still runs
    live.mkdir()
    legacy = cache / "publish-x1y2z3"  # named before owners were recorded, untouched for days
    (legacy / "archive").mkdir(parents=True)
    for path in (legacy / "archive", legacy):
        os.utime(path, (time.time() - 3 * 86400,) * 2)

    report = publish([master], Settings(workers=2))
    assert report.files == 300
    assert sorted(cache.glob("publish-*")) == [live]
    run_cli("publish", str(master), base=basedir)  # the CLI's run cleans up as well
    assert sorted(cache.glob("publish-*")) == [live]
