"""A published disc's index searched where it lies: nothing copied, nothing written to it."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.indexing.pipeline import index_volumes
from reader.search.engine import search
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.sources.volume import PUBLISHED_DIR
from reader.store.archive import DEFAULT_ARCHIVE, Archive, IndexOnDisc
from reader.store.linked_index import LINKS_FILE
from tests.archive_factory import Manifest
from tests.core.test_cli import run_cli
from tests.core.test_discs import planted, two_discs  # noqa: F401 - fixture
from tests.core.test_publish import SETTINGS, _deep_page_on_disc2, published  # noqa: F401
from tests.core.test_volume import set_tree_mode, snapshot

Masters = tuple[list[Path], list[Path]]


def _burned(master: Path, where: Path) -> Path:
    """A copy of a published master as a burned disc is: read-only."""
    disc = where / master.name
    shutil.copytree(master, disc, symlinks=True)
    set_tree_mode(disc, writable=False)
    return disc


def _index_files(index_dir: Path) -> tuple[list[Path], list[Path]]:
    """(links, regular files) in an archive's index folder."""
    every = [p for p in index_dir.rglob("*") if not p.is_dir() or p.is_symlink()]
    links = [p for p in every if p.is_symlink()]
    return links, [p for p in every if not p.is_symlink()]


@pytest.fixture
def burned_set(published: Masters, tmp_path: Path) -> Iterator[list[Path]]:  # noqa: F811
    discs = [_burned(m, tmp_path / "drive") for m in published[0]]
    yield discs
    for disc in discs:
        if disc.exists():
            set_tree_mode(disc, writable=True)


def test_a_read_only_disc_is_searched_in_place_with_no_index_file_copied_or_written(
    two_discs: Manifest,  # noqa: F811
    burned_set: list[Path],
    tmp_path: Path,
) -> None:
    disc1 = burned_set[0]
    before = snapshot(disc1)
    published_bytes = sum(
        p.stat().st_size for p in (disc1 / PUBLISHED_DIR / "index").rglob("*") if p.is_file()
    )
    with Archive(tmp_path / "user") as archive, open_volume(disc1) as volume:
        summary = index_volumes(archive, [volume], SETTINGS)
        assert summary.adopted > 100 and summary.extracted == 0
        links, own = _index_files(archive.index_dir)
        # Every segment file is read from the disc; the archive holds a few small files.
        assert links and all(
            Path(os.readlink(p)).is_relative_to(disc1.resolve() / PUBLISHED_DIR) for p in links
        )
        copied = sum(p.stat().st_size for p in own)
        assert copied < 64 * 1024 < published_bytes
        assert archive.index_on_disc and archive.index_source() == (
            disc1.resolve() / PUBLISHED_DIR / "index"
        )
        # The whole set is searchable, disc 2's documents included.
        assert search(archive.index(), f'"{planted(two_discs, 2)}"').total >= 1
    assert snapshot(disc1) == before


def test_a_changed_file_on_a_read_only_disc_is_indexed_beside_the_links(
    two_discs: Manifest,  # noqa: F811
    published: Masters,  # noqa: F811
    tmp_path: Path,
) -> None:
    disc = tmp_path / "drive" / published[0][1].name
    shutil.copytree(published[0][1], disc, symlinks=True)
    deep = _deep_page_on_disc2(two_discs)
    with (disc / deep.path).open("a") as fh:
        fh.write("\nappended after publishing: xylophonist\n")
    set_tree_mode(disc, writable=False)
    before = snapshot(disc)
    try:
        with Archive(tmp_path / "user") as archive, open_volume(disc) as volume:
            summary = index_volumes(archive, [volume], SETTINGS)
            assert summary.extracted == 1
            assert search(archive.index(), "xylophonist").hits[0].path == deep.path
            links, own = _index_files(archive.index_dir)
            assert links and any(p.suffix == ".store" for p in own)  # the new segment
        assert snapshot(disc) == before
    finally:
        set_tree_mode(disc, writable=True)


def test_with_its_disc_out_the_archive_asks_for_a_disc_of_the_set_and_rebuilds_nothing(
    two_discs: Manifest,  # noqa: F811
    burned_set: list[Path],
    basedir: Path,
) -> None:
    disc1, disc2 = burned_set
    out = run_cli("index", "-q", str(disc1), base=basedir).stdout
    assert "Used the ready-made index on disc1" in out
    with Archive.named(DEFAULT_ARCHIVE) as archive:
        documents = archive.catalogue.count_documents()
    ejected = disc1.with_name("ejected")
    disc1.rename(ejected)  # out of the drive: its last place is empty
    try:
        with Archive.named(DEFAULT_ARCHIVE) as archive:
            assert "insert disc1 or disc2 to search" in archive.problem
            with pytest.raises(IndexOnDisc):
                archive.index()
            assert archive.catalogue.count_documents() == documents  # nothing reset
            assert (archive.folder / LINKS_FILE).is_file()
        # The command line says so in a sentence, and changes nothing.
        proc = run_cli("search", "anything", base=basedir, check=False)
        assert proc.returncode != 0 and "insert disc1 or disc2 to search" in proc.stderr
        assert "Traceback" not in proc.stderr and "rebuild" not in proc.stderr
        # Disc 2 carries the same index: opening it is enough to search the set again.
        run_cli("index", "-q", str(disc2), base=basedir)
        with Archive.named(DEFAULT_ARCHIVE) as archive:
            assert archive.index_source() == disc2.resolve() / PUBLISHED_DIR / "index"
            assert archive.catalogue.count_documents() == documents
        text = run_cli("search", f'"{planted(two_discs, 1)}"', base=basedir).stdout
        assert "(disc disc1 not inserted)" in text
    finally:
        ejected.rename(disc1)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="Linux: /proc/self/maps")
def test_letting_go_of_the_index_leaves_no_file_of_the_disc_open(
    burned_set: list[Path], tmp_path: Path
) -> None:
    disc1 = burned_set[0]

    def mapped() -> int:
        where = str(disc1.resolve())
        return sum(where in line for line in Path("/proc/self/maps").read_text().splitlines())

    with Archive(tmp_path / "user") as archive, open_volume(disc1) as volume:
        index_volumes(archive, [volume], SETTINGS)
        search(archive.index(), "the")
        assert mapped() > 0  # searching reads the disc's files in place
        archive.release_index()
        gc.collect()
        assert mapped() == 0  # so that the disc can be ejected
        assert search(archive.index(), "the").total > 0  # opened again on demand


def test_asked_to_copy_the_index_the_archive_searches_with_no_disc_in(
    two_discs: Manifest,  # noqa: F811
    burned_set: list[Path],
    tmp_path: Path,
) -> None:
    disc1 = burned_set[0]
    copying = Settings(workers=2, copy_published_index=True)
    with Archive(tmp_path / "user") as archive, open_volume(disc1) as volume:
        index_volumes(archive, [volume], SETTINGS)  # in place first
        in_place = archive.index_on_disc
        index_volumes(archive, [volume], copying)  # then asked to keep a copy
        links, _own = _index_files(archive.index_dir)
        assert in_place and not links and not archive.index_on_disc
    disc1.rename(disc1.with_name("ejected"))
    try:
        with Archive(tmp_path / "user") as archive:
            assert archive.problem == ""
            assert search(archive.index(), f'"{planted(two_discs, 2)}"').total >= 1
    finally:
        disc1.with_name("ejected").rename(disc1)


def test_an_iso_image_has_its_index_copied(published: Masters, tmp_path: Path) -> None:  # noqa: F811
    with Archive(tmp_path / "user") as archive, open_volume(published[1][0]) as iso:
        index_volumes(archive, [iso], SETTINGS)
        links, own = _index_files(archive.index_dir)
        assert not links and not archive.index_on_disc and own
