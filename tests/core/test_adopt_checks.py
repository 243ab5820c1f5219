"""A ready-made index is searchable before its disc is checked against it, and a disc that
fails the checks afterwards has its adoption undone: never trusted, only sooner searched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import BinaryIO

import pytest

from reader.indexing.adopt import UNCHECKED, adopt_published
from reader.indexing.pipeline import index_volumes
from reader.search.engine import search
from reader.sources.folder import FolderVolume
from reader.sources.volume import PUBLISHED_DIR
from reader.store.archive import Archive
from reader.store.linked_index import LINKS_FILE
from reader.store.published import FORMAT_FILE
from tests.archive_factory import Manifest
from tests.core.test_discs import planted, two_discs  # noqa: F401 - fixture
from tests.core.test_publish import SETTINGS, published  # noqa: F401 - fixture

Masters = tuple[list[Path], list[Path]]


class CountingFolder(FolderVolume):
    """A folder volume that notes the files it opens and the folders the fingerprint lists."""

    def __init__(self, location: Path) -> None:
        super().__init__(location)
        self.opened: list[str] = []
        self.listed = 0

    def open(self, path: str) -> BinaryIO:
        self.opened.append(path)
        return super().open(path)

    def _fingerprint_level(self, directory: str) -> list[tuple[str, os.DirEntry[str], int]]:
        self.listed += 1
        return super()._fingerprint_level(directory)


def _copy(master: Path, where: Path) -> Path:
    disc = where / master.name
    shutil.copytree(master, disc, symlinks=True)
    return disc


def _spot_checked(disc: Path) -> str:
    """A file of `disc` whose first bytes format.json hashed."""
    meta = json.loads((disc / PUBLISHED_DIR / FORMAT_FILE).read_text())
    entry = next(v for v in meta["volumes"] if v["label"] == disc.name)
    return str(entry["checks"][len(entry["checks"]) // 2][0])


def _same_size_other_bytes(disc: Path) -> str:
    """Change a spot-checked file's first byte, keeping its size (and the fingerprint)."""
    path = _spot_checked(disc)
    data = bytearray((disc / path).read_bytes())
    data[0] ^= 0x20
    (disc / path).write_bytes(bytes(data))
    return path


def test_before_the_index_is_searchable_only_its_format_and_catalogue_are_read(
    two_discs: Manifest,  # noqa: F811
    published: Masters,  # noqa: F811
    tmp_path: Path,
) -> None:
    master = published[0][0]
    volume = CountingFolder(master)
    with Archive(tmp_path / "user") as archive, volume:
        opened_then: list[str] = []
        listed_then: list[int] = []
        found: list[int] = []

        def searchable() -> None:
            opened_then.extend(volume.opened)
            listed_then.append(volume.listed)
            found.append(search(archive.index(), f'"{planted(two_discs, 2)}"').total)

        adoption = adopt_published(archive, volume, on_searchable=searchable)
        assert adoption.adopted
        # No fingerprint listing, no spot check: the format and the catalogue only.
        assert listed_then == [0]
        assert set(opened_then) <= {
            f"{PUBLISHED_DIR}/{FORMAT_FILE}",
            f"{PUBLISHED_DIR}/catalogue.sqlite",
            f"{PUBLISHED_DIR}/ocr.sqlite",
        }
        assert found == [1]  # the whole set searchable, disc 2's documents too
        # Then the disc was checked: its fingerprint listed, its spot-checked files read.
        assert volume.listed > 0
        assert len(volume.opened) > len(opened_then)
        assert archive.catalogue.get_meta(UNCHECKED) is None
        # The banner counts are read from the disc too, not copied.
        assert (archive.index_dir / "banners.state").is_symlink()


def test_a_disc_failing_a_spot_check_after_adoption_is_undone_and_indexed(
    two_discs: Manifest,  # noqa: F811
    published: Masters,  # noqa: F811
    tmp_path: Path,
) -> None:
    disc = _copy(published[0][0], tmp_path / "drive")
    changed = _same_size_other_bytes(disc)
    with Archive(tmp_path / "user") as archive, FolderVolume(disc) as volume:
        found: list[int] = []
        adoption = adopt_published(
            archive,
            volume,
            on_searchable=lambda: found.append(
                search(archive.index(), f'"{planted(two_discs, 2)}"').total
            ),
        )
        assert found == [1]  # it was searchable for a moment...
        assert not adoption.adopted  # ... and is not trusted
        assert "does not match the files on the disc" in adoption.reason
        assert f"({changed} differs)" in adoption.reason
        # Undone: nothing of the set is left, nothing links to the disc.
        assert archive.catalogue.volumes() == []
        assert archive.index().doc_count() == 0
        assert not (archive.folder / LINKS_FILE).exists()
        assert not any(p.is_symlink() for p in archive.index_dir.rglob("*"))
        assert archive.catalogue.get_meta(UNCHECKED) is None
    # The indexing run that follows reads the whole disc, as for a stale index before.
    with Archive(tmp_path / "run") as archive, FolderVolume(disc) as volume:
        summary = index_volumes(archive, [volume], SETTINGS)
        assert summary.adopted == 0 and summary.extracted > 50
        assert any(f"({changed} differs)" in n.text for n in summary.notes)
        assert not any("Used the ready-made index" in n.text for n in summary.notes)
        assert len(archive.catalogue.volumes()) == 1  # disc 2's published rows are not taken
        assert search(archive.index(), f'"{planted(two_discs, 2)}"').total == 0
        assert search(archive.index(), f'"{planted(two_discs, 1)}"').total >= 1


def test_cancelled_while_the_disc_is_checked_the_adoption_is_undone(
    published: Masters,  # noqa: F811
    tmp_path: Path,
) -> None:
    master = published[0][0]
    asked = {"searchable": False}

    def cancel() -> bool:
        return asked["searchable"]  # stop as soon as the checks begin

    with Archive(tmp_path / "user") as archive, FolderVolume(master) as volume:
        with pytest.raises(InterruptedError):
            adopt_published(
                archive, volume, cancel=cancel, on_searchable=lambda: asked.update(searchable=True)
            )
        assert archive.catalogue.volumes() == [] and archive.index().doc_count() == 0
        # The pipeline says so as any cancel, and a rerun adopts it again, checked.
        asked["searchable"] = False
        summary = index_volumes(archive, [volume], SETTINGS)
        assert summary.adopted > 100 and summary.extracted == 0


_KILLED_WHEN_SEARCHABLE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from reader.indexing.adopt import adopt_published
    from reader.sources.folder import FolderVolume
    from reader.store.archive import Archive

    archive = Archive(Path(sys.argv[1]))
    volume = FolderVolume(sys.argv[2])
    adopt_published(archive, volume, on_searchable=lambda: os.kill(os.getpid(), signal.SIGKILL))
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_run_killed_before_the_disc_is_checked_is_undone_by_the_next(
    two_discs: Manifest,  # noqa: F811
    published: Masters,  # noqa: F811
    tmp_path: Path,
) -> None:
    disc = _copy(published[0][0], tmp_path / "drive")
    changed = _same_size_other_bytes(disc)
    user = tmp_path / "user"
    proc = subprocess.run(
        [sys.executable, "-c", _KILLED_WHEN_SEARCHABLE, str(user), str(disc)],
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert proc.returncode == -9
    with Archive(user) as archive:
        # Killed with the index searchable and the disc not yet checked: marked so.
        assert archive.catalogue.get_meta(UNCHECKED) is not None
        assert len(archive.catalogue.volumes()) == 2
        with FolderVolume(disc) as volume:
            summary = index_volumes(archive, [volume], SETTINGS)
        # The next run does not trust it: undone, adopted again, checked, refused.
        assert summary.adopted == 0 and summary.extracted > 50
        assert any(f"({changed} differs)" in n.text for n in summary.notes)
        assert len(archive.catalogue.volumes()) == 1
        assert search(archive.index(), f'"{planted(two_discs, 2)}"').total == 0
        assert archive.catalogue.get_meta(UNCHECKED) is None
