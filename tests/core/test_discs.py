"""Disc sets: two discs as folders or ISOs, absent discs found again, archive.toml, read-only."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from reader.indexing.pipeline import index_volumes
from reader.search.engine import search
from reader.settings import Settings
from reader.sources.disc_info import DiscTomlError, parse_disc_toml, read_disc_info
from reader.sources.identity import SetRelation, set_relation
from reader.sources.links import resolve
from reader.sources.opener import open_volume
from reader.sources.registry import DiscRegistry, presence
from reader.sources.volume import VolumeError
from reader.store.archive import Archive
from tests.archive_factory import Manifest, build_archive, tree_digest
from tests.core.test_cli import run_cli
from tests.iso_factory import make_iso

SETTINGS = Settings(workers=2)


@pytest.fixture(scope="session")
def two_discs(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    """A generated two-disc set (disc1/, disc2/, each with archive.toml); read-only."""
    return build_archive(
        tmp_path_factory.mktemp("set") / "set",
        files=160,
        seed=23,
        discs=2,
        site_url="http://example.org/mirror/",
    )


@pytest.fixture(scope="session")
def two_isos(two_discs: Manifest, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The same two discs as ISO images, labelled like their folders."""
    out = tmp_path_factory.mktemp("isos")
    return [make_iso(d, out / f"{d.name}.iso", label=d.name) for d in two_discs.discs]


def copy_set(manifest: Manifest, dest: Path) -> list[Path]:
    """A private copy of the set's disc folders (links kept as links, times kept)."""
    out = []
    for disc in manifest.discs:
        target = dest / disc.name
        shutil.copytree(disc, target, symlinks=True)
        out.append(target)
    return out


def index(archive_dir: Path, paths: list[Path]) -> Archive:
    archive = Archive(archive_dir)
    volumes = [open_volume(p) for p in paths]
    try:
        index_volumes(archive, volumes, SETTINGS)
    finally:
        for v in volumes:
            v.close()
    return archive


def planted(manifest: Manifest, disc: int) -> str:
    return next(t.phrase for t in manifest.documents() if t.disc == disc and t.phrase)


def test_set_indexed_as_folders_and_as_isos_gives_the_same_documents(
    two_discs: Manifest, two_isos: list[Path], tmp_path: Path
) -> None:
    with (
        index(tmp_path / "folders", list(two_discs.discs)) as folders,
        index(tmp_path / "isos", two_isos) as isos,
    ):
        folder_keys, iso_keys = folders.index().keys(), isos.index().keys()
        assert len(folder_keys) > 100
        # The same disc as a folder or as its image is the same volume: same ids, same keys.
        assert iso_keys == folder_keys
        assert {v.id for v in folders.catalogue.volumes()} == {
            v.id for v in isos.catalogue.volumes()
        }
        for disc in (1, 2):
            result = search(isos.index(), f'"{planted(two_discs, disc)}"')
            assert result.total == 1
            assert result.hits[0].volume_label == f"disc{disc}"


def test_archive_toml_puts_both_discs_in_one_set(two_discs: Manifest, tmp_path: Path) -> None:
    with index(tmp_path / "a", list(two_discs.discs)) as archive:
        records = sorted(archive.catalogue.volumes(), key=lambda r: r.disc_no or 0)
        assert [(r.set_id, r.disc_no, r.disc_count) for r in records] == [
            ("cryptome-synthetic-23", 1, 2),
            ("cryptome-synthetic-23", 2, 2),
        ]
        assert records[0].title and "seed 23" in records[0].title


def test_base_url_from_archive_toml_rewrites_links_to_the_local_copy(
    two_discs: Manifest,
) -> None:
    # The set was generated with http://example.org/mirror/ as its site, which is not one
    # of the built-in cryptome.org addresses: only archive.toml can tell where it is.
    with open_volume(two_discs.discs[0]) as volume:
        info = read_disc_info(volume)
    assert info is not None
    site = [
        (t.path, href)
        for t in two_discs.files
        if t.disc == 1
        for href in t.links
        if href.startswith("http://example.org/")
    ]
    assert site, "the generator writes absolute links to its site"
    for page, href in site:
        link = resolve(page, href, info.site_urls())
        assert link.path and link.url is None, href


def test_disc_two_joins_the_set_of_disc_one(two_discs: Manifest, tmp_path: Path) -> None:
    disc1, disc2 = two_discs.discs
    with index(tmp_path / "a", [disc1]) as archive, open_volume(disc2) as v2:
        info = read_disc_info(v2)
        assert info is not None and info.disc == 2
        assert set_relation(archive.catalogue.volumes(), v2, info.set_id) is SetRelation.SAME_SET
        assert set_relation(archive.catalogue.volumes(), v2, "another-set") is SetRelation.OTHER_SET
        assert set_relation(archive.catalogue.volumes(), v2, None) is SetRelation.UNKNOWN
        with open_volume(disc1) as v1:
            assert set_relation(archive.catalogue.volumes(), v1, info.set_id) is SetRelation.KNOWN
    with Archive(tmp_path / "empty") as empty, open_volume(disc2) as v2:
        assert set_relation(empty.catalogue.volumes(), v2, "x") is SetRelation.EMPTY


def test_second_disc_hit_asks_for_disc_then_finds_it_at_another_path(
    two_discs: Manifest, tmp_path: Path
) -> None:
    disc1, disc2 = copy_set(two_discs, tmp_path / "drive")
    with index(tmp_path / "a", [disc1, disc2]) as archive:
        hit = search(archive.index(), f'"{planted(two_discs, 2)}"').hits[0]
        # The disc is ejected: its folder is gone from where it was indexed.
        elsewhere = tmp_path / "media" / "CRYPTOME 2 (mounted elsewhere)"
        elsewhere.parent.mkdir()
        disc2.rename(elsewhere)
        registry = DiscRegistry()
        registry.remember(archive.catalogue.volumes())
        assert registry.get(hit.volume_id) is None
        assert registry.label(hit.volume_id) == "disc2"
        assert presence(archive.catalogue.volumes())[hit.volume_id] is None
        # ... and inserted again at another mount point: recognised by its content.
        mounts = [str(tmp_path / "media" / "nothing-here"), str(elsewhere)]
        volume = registry.get(hit.volume_id, extra_locations=mounts)
        assert volume is not None
        assert volume.id == hit.volume_id and volume.label == "disc2"
        truth = two_discs.by_path(hit.path, disc=2)
        assert volume.read_bytes(hit.path, 10**7) == two_discs.abspath(truth).read_bytes()
        assert presence(archive.catalogue.volumes(), mounts)[hit.volume_id] == str(elsewhere)
        registry.close()
        # Nothing about the absent disc was forgotten meanwhile.
        assert len(archive.catalogue.volumes()) == 2


def test_a_disc_at_its_known_place_opens_without_listing_it(
    two_discs: Manifest, tmp_path: Path
) -> None:
    disc1, disc2 = copy_set(two_discs, tmp_path / "drive")
    with index(tmp_path / "a", [disc1, disc2]) as archive:
        registry = DiscRegistry()
        registry.remember(archive.catalogue.volumes())
        vid = next(r.id for r in archive.catalogue.volumes() if r.label == "disc2")
        volume = registry.get(vid)
        # Found where it was indexed, under its label: the first document opened from a
        # disc does not wait for its fingerprint (seconds on a DVD).
        assert volume is not None and volume.id == vid
        assert volume._fingerprint_memo is None
        registry.close()


def test_an_iso_at_a_drive_letter_like_path_keeps_the_known_label(
    two_discs: Manifest, two_isos: list[Path], tmp_path: Path
) -> None:
    # A mount point named after the drive, not the disc ("E:"): same disc, same id.
    drive = tmp_path / "E"
    shutil.copytree(two_discs.discs[0], drive, symlinks=True)
    with index(tmp_path / "a", [two_discs.discs[0]]) as archive:
        known = archive.catalogue.volumes()[0]
        registry = DiscRegistry()
        registry.remember([known])
        volume = registry.get(known.id, [str(drive)])
        assert volume is not None and volume.label == "disc1"
        registry.close()
        with open_volume(drive) as again:
            summary = index_volumes(archive, [again], SETTINGS)
        assert summary.extracted == 0 and len(archive.catalogue.volumes()) == 1


# archive.toml


def test_archive_toml_is_validated_with_the_file_and_key_named() -> None:
    info = parse_disc_toml(
        'title = "T"\nset_id = "s"\ndisc = 1\ndisc_count = 2\n'
        'base_url = "http://cryptome.org"\nbanners = ["Buy the DVD"]\nfuture = 1\n',
        "/media/d/archive.toml",
    )
    assert info.describe() == "T, disc 1 of 2"
    assert info.base_urls == ("http://cryptome.org/",)
    assert set(info.site_urls()) >= {
        "http://cryptome.org/",
        "https://cryptome.org/",
        "https://www.cryptome.org/",
    }
    assert info.banners == ("Buy the DVD",)
    assert any("'future'" in w for w in info.warnings)
    bad = {
        "disc = 0": "disc",
        'disc = "two"': "disc",
        "disc = 3\ndisc_count = 2": "disc_count",
        'base_url = "ftp://x.org/"': "base_url",
        "base_urls = 5": "base_urls",
        "banners = [1]": "banners",
        'title = ""': "title",
        "title = ": "not valid TOML",
    }
    for text, key in bad.items():
        with pytest.raises(DiscTomlError) as err:
            parse_disc_toml(text, "/media/d/archive.toml")
        assert "/media/d/archive.toml" in str(err.value) and key in str(err.value), text


def test_invalid_archive_toml_is_reported_and_the_disc_still_indexed(
    small_archive: Manifest, tmp_path: Path
) -> None:
    disc = tmp_path / "CRYPTOME_1"
    shutil.copytree(small_archive.root, disc, symlinks=True)
    (disc / "archive.toml").write_text("disc = -1\n")
    with Archive(tmp_path / "a") as archive, open_volume(disc) as volume:
        summary = index_volumes(archive, [volume], SETTINGS)
    assert summary.indexed > 50
    assert any("archive.toml" in n.text and "disc" in n.text for n in summary.notes)
    assert any(n.needs_attention for n in summary.notes)


def test_banners_named_in_archive_toml_are_kept_out_of_the_index(
    small_archive: Manifest, tmp_path: Path
) -> None:
    disc = tmp_path / "CRYPTOME_1"
    shutil.copytree(small_archive.root, disc, symlinks=True)
    truth = next(t for t in small_archive.documents() if t.kind == "txt" and t.phrase)
    sentence = "Mirror kindly hosted by the zanzibar quokkafoundation."
    path = disc / truth.path
    path.write_bytes(path.read_bytes() + f"\n\n{sentence}\n".encode())
    (disc / "archive.toml").write_text(f'banners = ["{sentence}"]\n')
    with Archive(tmp_path / "a") as archive, open_volume(disc) as volume:
        index_volumes(archive, [volume], SETTINGS)
        assert search(archive.index(), f'"{truth.phrase}"').total == 1
        result = search(archive.index(), "quokkafoundation")
        # Found only as a banner (the search falls back to banner text and says so).
        assert result.total <= 1 and (result.total == 0 or result.warnings)


# The CLI: absent discs


def test_cli_marks_hits_on_absent_discs_and_info_lists_the_set(
    two_discs: Manifest, tmp_path: Path, basedir: Path
) -> None:
    disc1, disc2 = copy_set(two_discs, tmp_path / "drive")
    run_cli("index", str(disc1), str(disc2), base=basedir)
    disc2.rename(tmp_path / "ejected")
    phrase2, phrase1 = planted(two_discs, 2), planted(two_discs, 1)
    text = run_cli("search", f'"{phrase2}"', base=basedir).stdout
    assert "(disc disc2 not inserted)" in text
    text = run_cli("search", f'"{phrase1}"', base=basedir).stdout
    assert "not inserted" not in text and "disc1/" in text
    data = json.loads(run_cli("search", "--json", f'"{phrase2}"', base=basedir).stdout)
    assert [h["present"] for h in data["hits"]] == [False]
    info = run_cli("info", base=basedir).stdout
    assert "(set cryptome-synthetic-23)" in info
    assert "disc 1 of 2" in info and "disc 2 of 2" in info
    line2 = next(line for line in info.splitlines() if "disc 2 of 2" in line)
    assert "absent" in line2
    data = json.loads(run_cli("info", "--json", base=basedir).stdout)
    assert sorted((v["disc"], v["present"]) for v in data["volumes"]) == [(1, True), (2, False)]


# Read-only guarantee


def _iso_state(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_nothing_is_ever_written_to_a_read_only_disc_or_an_iso(
    two_discs: Manifest, two_isos: list[Path], tmp_path: Path
) -> None:
    disc = tmp_path / "ro" / "disc1"
    shutil.copytree(two_discs.discs[0], disc, symlinks=True)
    subprocess.run(["chmod", "-R", "a-w", str(disc)], check=True)
    try:
        # Tests run as root, who may write anyway: so the proof is the tree's own digest.
        before = tree_digest(disc)
        iso_before = _iso_state(two_isos[1])
        with Archive(tmp_path / "a") as archive:
            volumes = [open_volume(disc), open_volume(two_isos[1])]
            summary = index_volumes(archive, volumes, SETTINGS)
            assert summary.indexed > 50
            # The viewers' read path: every file read whole.
            for volume in volumes:
                for record in archive.catalogue.files(volume.id):
                    # Links out of the disc, loops: refused, never written.
                    with contextlib.suppress(OSError, VolumeError):
                        volume.read_bytes(record.path, 1 << 26)
                volume.close()
        assert tree_digest(disc) == before
        assert not (disc / ".archive-reader").exists()
        assert _iso_state(two_isos[1]) == iso_before
    finally:
        for root, dirs, _files in os.walk(disc):
            for d in dirs:
                p = os.path.join(root, d)
                if not os.path.islink(p):
                    os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)
        os.chmod(disc, os.stat(disc).st_mode | stat.S_IWUSR)
