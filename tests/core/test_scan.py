"""Scanner: file kinds by extension, FileEntry records, problem entries carried through."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.indexing.scan import kind_for, scan
from reader.model import FileEntry, Kind
from reader.sources.opener import open_volume
from reader.sources.volume import PROBLEM_BROKEN, PROBLEM_DIR_LINK
from tests.iso_factory import make_iso


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("1996/index.htm", Kind.HTML),
        ("a.HTML", Kind.HTML),
        ("x/y.shtml", Kind.HTML),
        ("p.xhtml", Kind.HTML),
        ("notes.txt", Kind.TXT),
        ("NOTES.TXT", Kind.TXT),
        ("key.asc", Kind.TXT),
        ("data.csv", Kind.TXT),
        ("readme.md", Kind.TXT),
        ("mail.eml", Kind.TXT),
        ("plain.text", Kind.TXT),
        ("doc.pdf", Kind.PDF),
        ("Doc.PDF", Kind.PDF),
        *(
            (f"img.{ext}", Kind.IMAGE)
            for ext in ("jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp")
        ),
        ("IMG.JPG", Kind.IMAGE),
        ("bundle.zip", Kind.ZIP),
        ("prog.exe", Kind.OTHER),
        ("README", Kind.OTHER),
        (".txt", Kind.OTHER),
        ("dir.htm/file", Kind.OTHER),
        ("archive.tar.gz", Kind.OTHER),
        ("trailing.", Kind.OTHER),
    ],
)
def test_kind_for(path: str, kind: Kind) -> None:
    assert kind_for(path) is kind


def make_archive(root: Path) -> Path:
    (root / "1996").mkdir(parents=True)
    (root / "1996" / "a page.htm").write_bytes(b"<p>hello</p>")
    (root / "1996" / "scan.PDF").write_bytes(b"%PDF-1.4\n")
    (root / "1997").mkdir()
    (root / "1997" / "notes.txt").write_bytes(b"notes")
    (root / "1997" / "photo.jpeg").write_bytes(b"\xff\xd8")
    (root / "1997" / "bundle.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (root / "1997" / "tool.exe").write_bytes(b"MZ")
    return root


def test_scan_folder_gives_file_entries_with_kinds(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "ARCHIVE")
    with open_volume(root) as vol:
        entries = list(scan(vol))
    assert all(isinstance(e, FileEntry) and e.problem is None for e in entries)
    assert [(e.path, e.size, e.kind) for e in entries] == [
        ("1996/a page.htm", 12, Kind.HTML),
        ("1996/scan.PDF", 9, Kind.PDF),
        ("1997/bundle.zip", 22, Kind.ZIP),
        ("1997/notes.txt", 5, Kind.TXT),
        ("1997/photo.jpeg", 2, Kind.IMAGE),
        ("1997/tool.exe", 2, Kind.OTHER),
    ]


def test_scan_carries_problems_as_other(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "ARCHIVE")
    (root / "1997" / "gone.htm").symlink_to("missing.htm")
    (root / "1997" / "years").symlink_to("../1996")
    with open_volume(root) as vol:
        bad = {e.path: e for e in scan(vol) if e.problem}
    assert bad["1997/gone.htm"].problem == PROBLEM_BROKEN
    assert bad["1997/gone.htm"].kind is Kind.OTHER
    assert bad["1997/years"].problem == PROBLEM_DIR_LINK
    assert set(bad) == {"1997/gone.htm", "1997/years"}


def test_scan_iso_equals_scan_folder(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "ARCHIVE")
    iso = make_iso(root, tmp_path / "archive.iso")
    with open_volume(root) as folder, open_volume(iso) as disc:
        from_folder = [(e.path, e.size, e.kind, e.problem) for e in scan(folder)]
        from_iso = [(e.path, e.size, e.kind, e.problem) for e in scan(disc)]
    assert from_iso == from_folder


def test_file_entry_problem_defaults_to_none() -> None:
    assert FileEntry("a.txt", 1, 0.0, Kind.TXT).problem is None
