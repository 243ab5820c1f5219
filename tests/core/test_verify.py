"""`archive-reader verify`: a disc master, or its ISO image, checked against its published
index before burning, without a byte written to it."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from reader.publish.verify import Check, verify_disc
from reader.sources.volume import PUBLISHED_DIR as INDEX_DIR
from reader.store.published import FORMAT_FILE
from tests.archive_factory import FileTruth, Manifest, tree_digest
from tests.core.test_cli import run_cli
from tests.core.test_discs import two_discs  # noqa: F401 - fixture
from tests.core.test_publish import published  # noqa: F401 - fixture

Published = tuple[list[Path], list[Path]]


def _master_copy(folder: Path, tmp_path: Path) -> Path:
    """A private copy of a published master, to damage."""
    disc = tmp_path / "masters" / folder.name
    shutil.copytree(folder, disc, symlinks=True)
    return disc


def _file_hash(path: Path) -> str:
    return f"{hashlib.sha256(path.read_bytes()).hexdigest()} {path.stat().st_mtime_ns}"


def _deep_files_on_disc2(manifest: Manifest) -> list[FileTruth]:
    """Files three levels down on disc 2: outside the fingerprint."""
    return [
        t
        for t in manifest.documents()
        if t.disc == 2 and t.path.count("/") >= 2 and t.size > 1 and t.symlink_target is None
    ]


def _published_meta(folder: Path) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads((folder / INDEX_DIR / FORMAT_FILE).read_text())
    return meta


def test_an_untouched_master_is_ready_to_burn_and_is_not_written_to(
    published: Published,  # noqa: F811
    basedir: Path,
) -> None:
    folders, _ = published
    meta = _published_meta(folders[0])
    before = tree_digest(folders[0])
    report = verify_disc(folders[0])
    assert report.ok and report.findings == []
    assert report.label == "disc1"
    assert report.volume_id is not None and report.volume_id.startswith("disc1-")
    files = next(v["files"] for v in meta["volumes"] if v["label"] == "disc1")
    assert report.files_checked == files > 50
    assert report.documents == meta["documents"]
    proc = run_cli("verify", str(folders[0]), base=basedir)
    assert proc.stdout.splitlines() == [
        f"disc1: {files:,} files checked, index readable ({meta['documents']:,} documents): "
        "ready to burn."
    ]
    assert tree_digest(folders[0]) == before


def test_a_deleted_and_a_truncated_file_are_named_and_the_master_fails(
    two_discs: Manifest,  # noqa: F811
    published: Published,  # noqa: F811
    tmp_path: Path,
    basedir: Path,
) -> None:
    folders, _ = published
    disc = _master_copy(folders[1], tmp_path)
    gone, cut = _deep_files_on_disc2(two_discs)[:2]
    (disc / gone.path).unlink()
    with (disc / cut.path).open("r+b") as fh:
        fh.truncate(cut.size // 2)
    before = tree_digest(disc)
    report = verify_disc(disc)
    assert not report.ok
    assert [f.path for f in report.of(Check.MISSING)] == [gone.path]
    assert [f.path for f in report.of(Check.SIZE)] == [cut.path]
    assert {f.path for f in report.findings} == {gone.path, cut.path}
    proc = run_cli("verify", str(disc), base=basedir, check=False)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"  missing: {gone.path} ({gone.size:,} bytes when published)",
        f"  changed size: {cut.path} ({cut.size:,} bytes when published, {cut.size // 2:,} now)",
        "disc2: 1 file missing, 1 file changed size: publish again before burning.",
    ]
    assert tree_digest(disc) == before


def test_a_file_added_after_publishing_is_a_warning_not_a_failure(
    two_discs: Manifest,  # noqa: F811
    published: Published,  # noqa: F811
    tmp_path: Path,
) -> None:
    folders, _ = published
    disc = _master_copy(folders[1], tmp_path)
    # Beside a deep file: outside the fingerprint, so a reader still takes the index.
    added = f"{_deep_files_on_disc2(two_discs)[0].path.rsplit('/', 1)[0]}/errata.txt"
    (disc / added).write_text("errata for the second pressing")
    report = verify_disc(disc)
    assert report.ok
    assert report.lines() == [f"warning: not in the catalogue: {added} (added after publishing?)"]
    assert "1 file not in its catalogue: ready to burn" in report.summary()


def test_a_lost_index_segment_file_is_reported(
    published: Published,  # noqa: F811
    tmp_path: Path,
    basedir: Path,
) -> None:
    folders, _ = published
    disc = _master_copy(folders[0], tmp_path)
    index = disc / INDEX_DIR / "index"
    segment = json.loads((index / "meta.json").read_text())["segments"][0]["segment_id"]
    lost = f"{segment.replace('-', '')}.store"
    (index / lost).unlink()
    report = verify_disc(disc)
    assert not report.ok and report.documents is None
    assert report.lines() == [f"{INDEX_DIR}/index/{lost} is missing"]
    proc = run_cli("verify", str(disc), base=basedir, check=False)
    assert proc.returncode == 1
    assert (
        proc.stdout.splitlines()[-1] == "disc1: the index is damaged: publish again before burning."
    )


def test_a_damaged_catalogue_is_reported(
    published: Published,  # noqa: F811
    tmp_path: Path,
) -> None:
    folders, _ = published
    disc = _master_copy(folders[1], tmp_path)
    with (disc / INDEX_DIR / "catalogue.sqlite").open("r+b") as fh:
        fh.seek(3 * 4096)
        fh.write(b"\xff" * 4096)
    report = verify_disc(disc)
    assert not report.ok
    assert [f.check for f in report.findings] == [Check.CATALOGUE]
    assert "catalogue.sqlite is damaged" in report.lines()[0]
    assert report.summary() == "disc2: the catalogue is damaged: publish again before burning."


def test_the_iso_made_from_each_master_is_ready_to_burn_and_is_not_written_to(
    published: Published,  # noqa: F811
    basedir: Path,
) -> None:
    folders, isos = published
    for folder, iso in zip(folders, isos, strict=True):
        before = _file_hash(iso)
        report = verify_disc(iso)
        assert report.ok, report.lines()
        # The master's symbolic links are not in the image; that is said, not held against it.
        assert {f.check for f in report.findings} <= {Check.LINKS}
        assert report.volume_id == verify_disc(folder).volume_id
        assert report.documents == _published_meta(folder)["documents"]
        assert _file_hash(iso) == before
    proc = run_cli("verify", str(isos[1]), base=basedir)
    assert proc.stdout.rstrip().endswith("ready to burn.")


def test_a_folder_without_a_published_index_gets_one_sentence(
    two_discs: Manifest,  # noqa: F811
    basedir: Path,
) -> None:
    proc = run_cli("verify", str(two_discs.discs[0]), base=basedir, check=False)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "has no published index" in proc.stderr
    assert "archive-reader publish" in proc.stderr
    proc = run_cli("verify", str(basedir / "nope.iso"), base=basedir, check=False)
    assert proc.returncode == 1 and "no such file or folder" in proc.stderr
