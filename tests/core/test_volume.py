"""Volumes: folders and ISO images walked, fingerprinted and read without writing anything."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.sources.folder import FolderVolume
from reader.sources.iso import IsoVolume
from reader.sources.opener import from_spec, open_volume
from reader.sources.volume import (
    PROBLEM_BAD_NAME,
    PROBLEM_BROKEN,
    PROBLEM_DIR_LINK,
    PROBLEM_LOOP,
    PROBLEM_OUTSIDE,
    RawEntry,
    Volume,
    VolumeError,
    VolumeSpec,
    slug,
)
from reader.sources.volume import PUBLISHED_DIR as INDEX_DIR
from tests.iso_factory import make_iso

NFD_NAME = unicodedata.normalize("NFD", "Zürich Café.txt")
NFC_NAME = unicodedata.normalize("NFC", NFD_NAME)

# relative path -> content; the archive every test starts from.
TREE: dict[str, bytes] = {
    "index.html": b"<html><title>Archive</title></html>",
    ".hidden-notes.txt": b"dot files are documents too",
    "1996/crypto notes.htm": b"<p>spaces in the name</p>" * 10,
    "1996/résumé à la carte.txt": "accented name, accented text: é".encode(),
    f"1996/{NFD_NAME}": b"stored with a decomposed (NFD) name",
    "1996/big.pdf": bytes(range(256)) * 300,
    "1997/sub/deep.txt": b"three levels down",
    "1997/empty.txt": b"",
    "1998/photo.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 5000,
    f"{INDEX_DIR}/catalogue.db": b"published index, never scanned",
}


def build_tree(root: Path) -> Path:
    for rel, data in TREE.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def expected_files() -> dict[str, bytes]:
    """The files a walk must yield: NFC paths, the published index left out."""
    return {
        unicodedata.normalize("NFC", rel): data
        for rel, data in TREE.items()
        if not rel.startswith(INDEX_DIR + "/")
    }


def sizes(volume: Volume) -> dict[str, int]:
    return {e.path: e.size for e in volume.walk() if e.problem is None}


def problems(volume: Volume) -> dict[str, str]:
    return {e.path: e.problem for e in volume.walk() if e.problem is not None}


def component_order(paths: list[str]) -> list[str]:
    return sorted(paths, key=lambda p: p.split("/"))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "ARCHIVE_1")


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    """The archive plus links of every sort and a file name that is not UTF-8."""
    root = build_tree(tmp_path / "TRICKY")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"not part of the archive")
    (root / "1996" / "loop").symlink_to("..")  # a folder link to its own parent
    (root / "1997" / "sub" / "up").symlink_to("../..")  # to the root, two levels up
    (root / "1997" / "outside.txt").symlink_to(outside / "secret.txt")
    (root / "1997" / "outside-dir").symlink_to(outside)
    (root / "1997" / "dangling.txt").symlink_to("no-such-file.txt")
    (root / "1998" / "alias.html").symlink_to("../index.html")
    (root / "1998" / "year96").symlink_to("../1996")
    (root / "1998" / "self").symlink_to("self")
    os.close(os.open(os.fsencode(root / "1998") + b"/bad\xffname.txt", os.O_CREAT | os.O_WRONLY))
    return root


# ----------------------------------------------------------------------------- folders


def test_folder_walk_yields_every_file_with_nfc_paths(archive: Path) -> None:
    with open_volume(archive) as vol:
        assert isinstance(vol, FolderVolume)
        entries = list(vol.walk())
        assert {e.path: e.size for e in entries} == {p: len(d) for p, d in expected_files().items()}
        assert all(e.problem is None and e.mtime > 0 for e in entries)
        paths = [e.path for e in entries]
        assert paths == component_order(paths), "walk must be depth-first in sorted order"
        assert vol.label == "ARCHIVE_1"
        assert vol.id.startswith("archive-1-") and len(vol.id) == len("archive-1-") + 12


def test_folder_open_reads_original_bytes(archive: Path) -> None:
    with open_volume(archive) as vol:
        for rel, data in expected_files().items():
            with vol.open(rel) as fh:
                assert fh.read() == data
            assert vol.read_bytes(rel, 7) == data[:7]
            assert vol.stat(rel)[0] == len(data)


def test_nfd_named_file_opens_by_its_nfc_path(archive: Path) -> None:
    assert (archive / "1996" / NFD_NAME).exists()
    assert NFC_NAME != NFD_NAME
    with open_volume(archive) as vol:
        assert f"1996/{NFC_NAME}" in sizes(vol)
        assert vol.read_bytes(f"1996/{NFC_NAME}", 100) == b"stored with a decomposed (NFD) name"
        assert vol.stat(f"1996/{NFC_NAME}")[0] == 35


def test_links_loops_and_bad_names_are_reported_not_followed(tricky: Path) -> None:
    with open_volume(tricky) as vol:
        found = problems(vol)
        ok = sizes(vol)
    assert found == {
        "1996/loop": PROBLEM_LOOP,
        "1997/sub/up": PROBLEM_LOOP,
        "1997/outside.txt": PROBLEM_OUTSIDE,
        "1997/outside-dir": PROBLEM_OUTSIDE,
        "1997/dangling.txt": PROBLEM_BROKEN,
        "1998/year96": PROBLEM_DIR_LINK,
        "1998/self": PROBLEM_LOOP,
        "1998/bad\\xffname.txt": PROBLEM_BAD_NAME,
    }
    # A link to a file inside the archive is a file at the link's path.
    assert ok["1998/alias.html"] == len(TREE["index.html"])
    assert set(ok) == set(expected_files()) | {"1998/alias.html"}


def test_open_refuses_paths_that_leave_the_root(tricky: Path) -> None:
    with open_volume(tricky) as vol:
        for bad in ("../x", "1996/../../x", "/etc/passwd", "1996/../..", "..", ""):
            with pytest.raises(VolumeError):
                vol.open(bad)
        with pytest.raises(VolumeError, match="outside"):
            vol.open("1997/outside.txt")
        with pytest.raises(VolumeError):
            vol.read_bytes("1997/outside-dir/secret.txt", 10)
        with pytest.raises(FileNotFoundError):
            vol.open("1996/missing.txt")
        with pytest.raises(OSError):
            vol.open("1997/dangling.txt")
        with pytest.raises(IsADirectoryError):
            vol.open("1996")
        # What the walk reports as files can be opened, even the badly named one.
        assert vol.read_bytes("1998/alias.html", 100) == TREE["index.html"]
        assert vol.read_bytes("1998/bad\\xffname.txt", 10) == b""


def test_published_index_folder_is_skipped_but_other_dot_files_kept(archive: Path) -> None:
    with open_volume(archive) as vol:
        paths = set(sizes(vol))
    assert ".hidden-notes.txt" in paths
    assert not any(p.startswith(INDEX_DIR) for p in paths)


def test_fingerprint_same_at_two_mount_points_and_changes_with_size(
    archive: Path, tmp_path: Path
) -> None:
    a = shutil.copytree(archive, tmp_path / "mnt-a" / "ARCHIVE_1")
    b = shutil.copytree(
        archive, tmp_path / "media" / "user" / "ARCHIVE_1", copy_function=shutil.copy
    )
    with open_volume(a) as va, open_volume(b) as vb:
        assert va.fingerprint() == vb.fingerprint()
        assert va.id == vb.id
        first = va.fingerprint()
    (b / "1996" / "crypto notes.htm").write_bytes(b"changed size")
    with open_volume(b) as vb:
        assert vb.fingerprint() != first
    # The published index and OS litter do not count; files at depth 3 are not looked at.
    (a / INDEX_DIR / "more.db").write_bytes(b"x")
    (a / ".DS_Store").write_bytes(b"x")
    with open_volume(a) as va:
        assert va.fingerprint() == first


def test_fingerprint_ignores_mtimes(archive: Path) -> None:
    with open_volume(archive) as vol:
        before = vol.fingerprint()
    os.utime(archive / "index.html", (1, 1))
    with open_volume(archive) as vol:
        assert vol.fingerprint() == before


# ----------------------------------------------------------------------------- ISO images

ISO_VARIANTS = {
    "rock_ridge": {"joliet": True, "rock_ridge": True},
    "joliet": {"joliet": True, "rock_ridge": False},
    "iso9660": {"joliet": False, "rock_ridge": False},
    "udf": {"joliet": False, "rock_ridge": False, "udf": True},
}


@pytest.fixture(params=sorted(ISO_VARIANTS))
def iso_case(
    request: pytest.FixtureRequest, archive: Path, tmp_path: Path
) -> Iterator[tuple[str, Path]]:
    naming = str(request.param)
    iso = make_iso(archive, tmp_path / f"{naming}.iso", label="ARCHIVE_1", **ISO_VARIANTS[naming])
    yield naming, iso


def test_iso_matches_the_folder(iso_case: tuple[str, Path], archive: Path) -> None:
    naming, iso = iso_case
    with open_volume(iso) as vol, open_volume(archive) as folder:
        assert isinstance(vol, IsoVolume)
        assert vol.naming == naming
        assert vol.label == "ARCHIVE_1"
        assert sizes(vol) == sizes(folder)
        assert [e.path for e in vol.walk()] == [e.path for e in folder.walk()]
        assert vol.fingerprint() == folder.fingerprint()
        assert vol.id == folder.id
        assert all(e.mtime > 0 for e in vol.walk())
        for rel, data in expected_files().items():
            assert vol.read_bytes(rel, 1 << 20) == data
            assert vol.read_bytes(rel, 5) == data[:5]
            assert vol.stat(rel)[0] == len(data)


def test_rock_ridge_relocated_deep_folders_keep_their_place(tmp_path: Path) -> None:
    src = tmp_path / "DEEP"
    deep = src.joinpath(*"abcdefghij")
    deep.mkdir(parents=True)
    (deep / "file.txt").write_bytes(b"ten levels down")
    (src / "top.txt").write_bytes(b"top")
    with open_volume(make_iso(src, tmp_path / "deep.iso")) as vol, open_volume(src) as folder:
        assert sizes(vol) == {"a/b/c/d/e/f/g/h/i/j/file.txt": 15, "top.txt": 3}
        assert vol.read_bytes("a/b/c/d/e/f/g/h/i/j/file.txt", 100) == b"ten levels down"
        assert vol.fingerprint() == folder.fingerprint()


def test_iso_streams_work_outside_with_and_interleaved(archive: Path, tmp_path: Path) -> None:
    iso = make_iso(archive, tmp_path / "a.iso")
    vol = open_volume(iso)
    pdf = TREE["1996/big.pdf"]
    a = vol.open("1996/big.pdf")
    b = vol.open("index.html")
    assert a.read(10) == pdf[:10]
    assert b.read() == TREE["index.html"]
    a.seek(1000)
    assert a.read(20) == pdf[1000:1020]
    assert a.read() == pdf[1020:]
    a.close()
    a.close()
    b.close()
    with vol.open("1997/empty.txt") as fh:
        assert fh.read() == b""
    vol.close()


def test_iso_refuses_escaping_and_missing_paths(archive: Path, tmp_path: Path) -> None:
    with open_volume(make_iso(archive, tmp_path / "a.iso")) as vol:
        for bad in ("../index.html", "/index.html", "1996/../../index.html"):
            with pytest.raises(VolumeError):
                vol.open(bad)
        with pytest.raises(FileNotFoundError):
            vol.open("nope.txt")
        with pytest.raises(FileNotFoundError):
            vol.open("1996")
        # "." segments and doubled slashes are harmless.
        assert vol.read_bytes("./1996//crypto notes.htm", 3) == b"<p>"


def test_joliet_label_is_preferred_when_nicer(archive: Path, tmp_path: Path) -> None:
    with open_volume(make_iso(archive, tmp_path / "a.iso", label="Cryptome 2")) as vol:
        assert vol.label == "Cryptome 2"
        assert vol.id.startswith("cryptome-2-")
    long_label = "CRYPTOME_ARCHIVE_DVD_1_2009"
    with open_volume(make_iso(archive, tmp_path / "b.iso", label=long_label)) as vol:
        assert vol.label == long_label, "a Joliet label cut to 16 characters is not nicer"


def test_plain_level1_disc_keeps_its_upper_case_names(tmp_path: Path) -> None:
    import io

    import pycdlib

    # Built by hand: a 1990s-style disc with only 8.3 ISO9660 names, one without extension.
    iso = pycdlib.PyCdlib()
    iso.new(interchange_level=1, vol_ident="OLD_DISC")
    iso.add_directory("/1996")
    for iso_path, data in (
        ("/README.TXT;1", b"read me"),
        ("/1996/CRYPTO.HTM;1", b"<p>x</p>"),
        ("/NOEXT.;1", b"no extension"),
    ):
        iso.add_fp(io.BytesIO(data), len(data), iso_path)
    path = tmp_path / "old.iso"
    iso.write(str(path))
    iso.close()
    with open_volume(path) as vol:
        assert isinstance(vol, IsoVolume)
        assert vol.naming == "iso9660"
        assert vol.label == "OLD_DISC"
        assert sizes(vol) == {"1996/CRYPTO.HTM": 8, "NOEXT": 12, "README.TXT": 7}
        assert vol.read_bytes("NOEXT", 100) == b"no extension"


def test_iso_is_recognised_by_signature_without_the_extension(
    archive: Path, tmp_path: Path
) -> None:
    iso = make_iso(archive, tmp_path / "disc.bin")
    with open_volume(iso) as vol:
        assert isinstance(vol, IsoVolume)


def test_iso_names_are_cleaned() -> None:
    from reader.sources.iso import _plain_iso_name

    assert _plain_iso_name(b"README.TXT;1", False) == ("README.TXT", True)
    assert _plain_iso_name(b"NOEXT.;1", False) == ("NOEXT", True)
    assert _plain_iso_name(b"NOEXT.", False) == ("NOEXT", True)
    assert _plain_iso_name(b"DIR", True) == ("DIR", True)


# ----------------------------------------------------------------------------- opening


def test_open_volume_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(VolumeError, match="does not exist"):
        open_volume(tmp_path / "missing")
    text = tmp_path / "notes.txt"
    text.write_text("just text\n")
    with pytest.raises(VolumeError, match="neither a folder nor an ISO"):
        open_volume(text)
    fake = tmp_path / "fake.iso"
    fake.write_bytes(b"\x00" * 40000)
    with pytest.raises(VolumeError, match="not a readable ISO"):
        open_volume(fake)
    empty = tmp_path / "empty.iso"
    empty.write_bytes(b"")
    with pytest.raises(VolumeError, match="not a readable ISO"):
        open_volume(empty)


def test_from_spec_round_trips_through_pickle(archive: Path, tmp_path: Path) -> None:
    iso = make_iso(archive, tmp_path / "a.iso")
    for path in (archive, iso):
        with open_volume(path) as vol:
            spec = pickle.loads(pickle.dumps(vol.spec))
            assert spec == vol.spec
            with from_spec(spec) as again:
                assert type(again) is type(vol)
                assert again.id == vol.id
                assert sizes(again) == sizes(vol)
                assert again.exists()
    with pytest.raises(VolumeError, match="not available"):
        from_spec(VolumeSpec("folder", str(tmp_path / "gone")))
    with pytest.raises(VolumeError, match="not available"):
        from_spec(VolumeSpec("iso", str(tmp_path / "gone.iso")))


def test_exists_follows_the_volume(archive: Path, tmp_path: Path) -> None:
    iso = make_iso(archive, tmp_path / "a.iso")
    folder = open_volume(archive)
    disc = open_volume(iso)
    assert folder.exists() and disc.exists()
    shutil.rmtree(archive)
    iso.unlink()
    assert not folder.exists() and not disc.exists()
    disc.close()


def test_slug() -> None:
    assert slug("Cryptome DVD #1 (é)") == "cryptome-dvd-1-e"
    assert slug("  ") == "volume"


# ----------------------------------------------------------------------------- no writes


def snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """(mode, mtime_ns, sha256 or link target) of everything under root, root included."""
    out: dict[str, tuple[int, int, str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [".", *dirnames, *filenames]:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                digest = os.readlink(path)
            else:
                digest = ""
            out[os.path.relpath(path, root)] = (st.st_mode, st.st_mtime_ns, digest)
    return out


def read_everything(vol: Volume) -> int:
    count = 0
    vol.fingerprint()
    for entry in list(vol.walk()):
        if entry.problem is None:
            with vol.open(entry.path) as fh:
                assert len(fh.read()) == entry.size
            vol.stat(entry.path)
            count += 1
    return count


def set_tree_mode(root: Path, *, writable: bool) -> None:
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            if not p.is_symlink():
                p.chmod(
                    0o755
                    if p.is_dir() and writable
                    else 0o644
                    if writable
                    else 0o555
                    if p.is_dir()
                    else 0o444
                )
    root.chmod(0o755 if writable else 0o555)


def test_nothing_is_written_to_a_folder_or_an_iso(tricky: Path, tmp_path: Path) -> None:
    iso = make_iso(tricky, tmp_path / "t.iso")
    iso_before = (hashlib.sha256(iso.read_bytes()).hexdigest(), iso.stat().st_mtime_ns)
    before = snapshot(tricky)
    with open_volume(tricky) as vol:
        assert read_everything(vol) == len(expected_files()) + 1
    assert snapshot(tricky) == before
    set_tree_mode(tricky, writable=False)
    iso.chmod(0o444)
    try:
        ro_before = snapshot(tricky)
        with open_volume(tricky) as vol:
            assert read_everything(vol) == len(expected_files()) + 1
        with open_volume(iso) as vol:
            assert read_everything(vol) == len(expected_files())
        assert snapshot(tricky) == ro_before
    finally:
        set_tree_mode(tricky, writable=True)
        iso.chmod(0o644)
    assert (hashlib.sha256(iso.read_bytes()).hexdigest(), iso.stat().st_mtime_ns) == iso_before


def test_raw_entry_defaults() -> None:
    assert RawEntry("a", 1, 0.0).problem is None
