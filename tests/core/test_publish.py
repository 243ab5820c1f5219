"""Ready-made indexes: publish a set into its master folders, open the burned discs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import Interrupted, Phase, Progress
from reader.publish.masters import publish
from reader.search.engine import search
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.sources.volume import PUBLISHED_DIR as INDEX_DIR
from reader.store.archive import Archive
from reader.store.fulltext import FulltextIndex
from reader.store.published import FORMAT_FILE, Verdict, inspect_published
from tests.archive_factory import FileTruth, Manifest
from tests.core.test_cli import run_cli
from tests.core.test_discs import copy_set, planted, two_discs  # noqa: F401 - fixture
from tests.iso_factory import make_iso

SETTINGS = Settings(workers=2)


@pytest.fixture(scope="module")
def published(
    two_discs: Manifest,  # noqa: F811 - the fixture
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[Path], list[Path]]:
    """The set's master folders with a published index, and the ISOs burned from them."""
    base = tmp_path_factory.mktemp("published")
    folders = copy_set(two_discs, base / "masters")
    # Without OCR: the index is compared with one built here by indexing alone (the
    # published OCR text is tests/core/test_ocr_run.py's).
    publish(folders, SETTINGS, ocr=False)
    isos = [make_iso(f, base / f"{f.name}.iso", label=f.name) for f in folders]
    return folders, isos


def _fresh(tmp_path: Path, discs: list[Path]) -> tuple[str, int]:
    with Archive(tmp_path / "fresh") as archive:
        volumes = [open_volume(d) for d in discs]
        index_volumes(archive, volumes, SETTINGS)
        for v in volumes:
            v.close()
        return archive.index().digest(), archive.index().doc_count()


def test_publish_writes_the_whole_set_into_each_folder_and_nothing_else(
    two_discs: Manifest,  # noqa: F811
    published: tuple[list[Path], list[Path]],
) -> None:
    folders, _ = published
    for folder, original in zip(folders, two_discs.discs, strict=True):
        meta = json.loads((folder / INDEX_DIR / FORMAT_FILE).read_text())
        assert meta["format"] == 1 and meta["set_id"] == "cryptome-synthetic-23"
        assert [v["label"] for v in meta["volumes"]] == ["disc1", "disc2"]
        assert (folder / INDEX_DIR / "catalogue.sqlite").is_file()
        assert (folder / INDEX_DIR / "index" / "meta.json").is_file()
        names = {p.name for p in folder.iterdir()} - {INDEX_DIR}
        assert names == {p.name for p in original.iterdir()}
        # The disc is the same disc with its index as without (the id ignores it).
        with open_volume(folder) as a, open_volume(original) as b:
            assert a.id == b.id


def test_opening_one_published_iso_makes_the_whole_set_searchable_without_extracting(
    two_discs: Manifest,  # noqa: F811
    published: tuple[list[Path], list[Path]],
    tmp_path: Path,
) -> None:
    _, isos = published
    digest, count = _fresh(tmp_path, list(two_discs.discs))
    with Archive(tmp_path / "user") as archive, open_volume(isos[0]) as disc1:
        assert inspect_published(disc1).verdict is Verdict.USABLE
        summary = index_volumes(archive, [disc1], SETTINGS)
        assert summary.extracted == 0 and summary.adopted > 100
        assert any("ready-made index" in n.text for n in summary.notes)
        assert archive.index().doc_count() == count
        assert archive.index().digest() == digest
        # Disc 2 is not inserted, yet its documents are found (and say which disc).
        hit = search(archive.index(), f'"{planted(two_discs, 2)}"').hits[0]
        assert hit.volume_label == "disc2"
        assert len(archive.catalogue.volumes()) == 2
        # Inserting disc 2 later only checks it for changes.
        with open_volume(isos[1]) as disc2:
            again = index_volumes(archive, [disc2], SETTINGS)
        assert again.extracted == 0 and again.unchanged > 50
        assert archive.index().digest() == digest


def test_a_run_stopped_mid_scan_after_adopting_resumes_without_reading_the_discs(
    published: tuple[list[Path], list[Path]],
    tmp_path: Path,
) -> None:
    _, isos = published
    with Archive(tmp_path / "user") as archive:
        volumes = [open_volume(iso) for iso in isos]
        scanning = {"files": 0}

        def progress(p: Progress) -> None:
            if p.phase is Phase.SCANNING:
                scanning["files"] = p.scanned

        # Stopped after the ready-made index is taken, while the first disc is scanned:
        # the burned discs' file times are not the publisher's.
        with pytest.raises(Interrupted):
            index_volumes(
                archive,
                volumes,
                SETTINGS,
                progress=progress,
                cancel=lambda: scanning["files"] > 0,
            )
        for v in volumes:
            v.close()
        volumes = [open_volume(iso) for iso in isos]
        summary = index_volumes(archive, volumes, SETTINGS)
        for v in volumes:
            v.close()
    assert summary.extracted == 0  # the rerun reads nothing: sizes decide, as on first sight
    assert summary.unchanged == summary.scanned > 100


def test_a_published_folder_opened_directly_is_used_too(
    published: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    folders, _ = published
    with Archive(tmp_path / "user") as archive, open_volume(folders[1]) as disc2:
        summary = index_volumes(archive, [disc2], SETTINGS)
    assert summary.extracted == 0 and summary.adopted > 100


def test_a_stale_published_index_is_detected_and_the_disc_indexed(
    published: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    folders, _ = published
    disc = tmp_path / folders[0].name
    shutil.copytree(folders[0], disc, symlinks=True)
    (disc / "added-after-publishing.txt").write_text("a late addition")
    with Archive(tmp_path / "user") as archive, open_volume(disc) as volume:
        inspection = inspect_published(volume)
        assert inspection.verdict is Verdict.STALE
        summary = index_volumes(archive, [volume], SETTINGS)
    assert summary.extracted > 50 and summary.adopted == 0
    assert any("does not match the files on the disc" in n.text for n in summary.notes)


def _deep_page_on_disc2(manifest: Manifest) -> FileTruth:
    """A text page three levels down on disc 2: outside the fingerprint."""
    return next(
        t
        for t in manifest.documents()
        if t.disc == 2 and t.path.count("/") >= 2 and t.kind in ("txt", "html")
    )


def test_a_file_changed_deep_in_the_disc_is_the_only_one_extracted(
    two_discs: Manifest,  # noqa: F811
    published: tuple[list[Path], list[Path]],
    tmp_path: Path,
) -> None:
    folders, _ = published
    disc = tmp_path / folders[1].name
    shutil.copytree(folders[1], disc, symlinks=True)
    # Three levels down: outside the fingerprint, so only the per-file check sees it.
    deep = _deep_page_on_disc2(two_discs)
    with (disc / deep.path).open("a") as fh:
        fh.write("\nappended after publishing: xylophonist\n")
    with Archive(tmp_path / "user") as archive, open_volume(disc) as volume:
        summary = index_volumes(archive, [volume], SETTINGS)
        assert summary.adopted > 100 and summary.extracted == 1
        assert search(archive.index(), "xylophonist").hits[0].path == deep.path


def test_a_newer_format_is_refused_with_a_message(
    published: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    folders, _ = published
    disc = tmp_path / folders[0].name
    shutil.copytree(folders[0], disc, symlinks=True)
    meta_path = disc / INDEX_DIR / FORMAT_FILE
    meta = json.loads(meta_path.read_text())
    meta["format"] = 99
    meta_path.write_text(json.dumps(meta))
    with Archive(tmp_path / "user") as archive, open_volume(disc) as volume:
        assert inspect_published(volume).verdict is Verdict.NEWER
        summary = index_volumes(archive, [volume], SETTINGS)
    assert summary.adopted == 0 and summary.extracted > 50
    assert any("newer Archive Reader" in n.text for n in summary.notes)


def test_an_archive_holding_other_discs_indexes_the_disc_instead(
    small_archive: Manifest, published: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    _, isos = published
    with Archive(tmp_path / "user") as archive:
        with open_volume(small_archive.root) as other:
            index_volumes(archive, [other], SETTINGS)
        with open_volume(isos[0]) as disc1:
            summary = index_volumes(archive, [disc1], SETTINGS)
    assert summary.adopted == 0 and summary.extracted > 50
    assert any("separate archive" in n.text for n in summary.notes)


def test_cli_publish_then_index_uses_the_published_index(
    two_discs: Manifest,  # noqa: F811
    tmp_path: Path,
    basedir: Path,
) -> None:
    folders = copy_set(two_discs, tmp_path / "masters")
    out = run_cli("publish", "-q", *map(str, folders), base=basedir).stdout
    assert "Published the index of" in out and str(folders[1] / INDEX_DIR) in out
    out = run_cli("index", "-q", str(folders[0]), base=basedir).stdout
    assert "Used the ready-made index on disc1" in out
    text = run_cli("search", f'"{planted(two_discs, 2)}"', base=basedir).stdout
    assert "(disc disc2 not inserted)" in text
    proc = run_cli("publish", str(tmp_path / "nope"), base=basedir, check=False)
    assert proc.returncode == 1 and "not a folder" in proc.stderr


def test_a_disc_changed_after_publishing_takes_over_its_published_rows(
    two_discs: Manifest,  # noqa: F811
    published: tuple[list[Path], list[Path]],
    tmp_path: Path,
) -> None:
    folders, isos = published
    disc2 = tmp_path / folders[1].name
    shutil.copytree(folders[1], disc2, symlinks=True)
    (disc2 / "added-after-publishing.txt").write_text("a late page about zither tuning")
    with Archive(tmp_path / "user") as archive:
        with open_volume(isos[0]) as disc1:
            index_volumes(archive, [disc1], SETTINGS)  # the whole set, disc 2 not inserted
        known = {v.id for v in archive.catalogue.volumes()}
        with open_volume(disc2) as volume:
            assert inspect_published(volume).verdict is Verdict.STALE
            summary = index_volumes(archive, [volume], SETTINGS)
        # Disc 2 of the same set is the disc the published rows describe, changed: it
        # keeps their id (and the user's bookmarks on it), and only its new file is read.
        assert {v.id for v in archive.catalogue.volumes()} == known
        assert summary.extracted == 1
        assert any(
            "differs from the ready-made index of its set in 1 file;" in n.text
            for n in summary.notes
        )
        assert search(archive.index(), "zither").hits[0].path == "added-after-publishing.txt"
        assert len(search(archive.index(), f'"{planted(two_discs, 2)}"').hits) == 1


def _published_docs(folder: Path) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    index = FulltextIndex.open(folder / INDEX_DIR / "index", create=False)
    return sorted(
        (d.doc.volume_label, d.doc.path, d.doc.title, d.doc.body, tuple(sorted(d.banner_ids)))
        for d in index.searcher().all_docs()
    )


def test_publishing_again_reads_only_what_changed(
    two_discs: Manifest,  # noqa: F811
    published: tuple[list[Path], list[Path]],
    tmp_path: Path,
) -> None:
    folders, _ = published
    again = [tmp_path / "again" / f.name for f in folders]
    for f, a in zip(folders, again, strict=True):
        shutil.copytree(f, a, symlinks=True)
    deep = _deep_page_on_disc2(two_discs)
    with (again[1] / deep.path).open("a") as fh:
        fh.write("\nrevised before the second burn: xylophonist\n")
    gone = next(t for t in two_discs.documents() if t.disc == 1 and t.kind == "txt")
    (again[0] / gone.path).unlink()
    (again[0] / "errata.txt").write_text("errata for the second pressing: quokka")
    report = publish(again, SETTINGS, ocr=False)
    assert report.incremental and report.summary is not None
    assert report.summary.extracted == 2  # the revised page and the new one
    assert report.summary.removed == 1
    # The same documents as publishing those folders from scratch.
    fresh = [tmp_path / "fresh" / f.name for f in folders]
    for a, f in zip(again, fresh, strict=True):
        shutil.copytree(a, f, symlinks=True, ignore=shutil.ignore_patterns(INDEX_DIR))
    scratch = publish(fresh, SETTINGS, ocr=False)
    assert not scratch.incremental and scratch.summary and scratch.summary.extracted > 100
    assert _published_docs(again[0]) == _published_docs(fresh[0])
    # And a user inserting the re-burned disc 2 gets the revision without extracting.
    with Archive(tmp_path / "user") as archive, open_volume(again[1]) as disc2:
        summary = index_volumes(archive, [disc2], SETTINGS)
        assert summary.extracted == 0
        assert search(archive.index(), "xylophonist").hits[0].path == deep.path
        assert search(archive.index(), "quokka").hits[0].path == "errata.txt"
