"""Result rows made from fast fields and the catalogue are the rows of the stored documents.

reader.search.rows gives the rows without a snippet from the index's fast fields and the
archive's catalogue, so that an index searched in place on a disc reads no stored
document for them (a seek each). These tests search a whole generated archive (copies of
pages in a second folder, files indexed by name only, PDFs, zips, images) both ways and
compare every field of every row, and count the stored documents read.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.indexing.pipeline import index_volumes
from reader.search.engine import SearchResult, Sort, search
from reader.search.rows import CatalogueRows
from reader.settings import Limits, Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from reader.store.fulltext import Searcher
from tests.archive_factory import Manifest
from tests.scans import scan_pdf

ALL = "type:pdf,txt,html,image,zip,other"
QUERIES = [
    ALL,
    "the",
    "surveillance",
    "intercepts",
    "nsa OR gchq",
    "surveil*",
    "survelance~",
    '"the of"',
    "type:pdf",
    "type:image",
    "year:1999..2005",
    "report -the",
    "title:memo",
    "path:mirror",
    "doc*",
]
SORTS = [Sort.RELEVANCE, Sort.DATE_NEW, Sort.DATE_OLD, Sort.PATH]


@pytest.fixture(scope="module")
def archive(small_archive: Manifest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """The small archive with copies of some of its pages in a folder of their own (they
    fold into their originals' rows), and its biggest files indexed by name only."""
    disc = tmp_path_factory.mktemp("rows") / "CRYPTOME_1"
    shutil.copytree(small_archive.root, disc, symlinks=True)
    pages = sorted(p for p in disc.rglob("*.htm") if p.is_file() and not p.is_symlink())[:12]
    (disc / "mirror").mkdir()
    for p in pages:
        shutil.copyfile(p, disc / "mirror" / p.name)
    (disc / "scans").mkdir()
    for n in range(3):  # scans (of no date but the file's)
        (disc / "scans" / f"scanned-letter-{n}.pdf").write_bytes(scan_pdf([[f"Letter {n}"]]))
    sizes = sorted(p.stat().st_size for p in disc.rglob("*.pdf") if p.is_file())
    limits = Limits(max_read_bytes=sizes[-3])  # the two biggest PDFs: by name only
    folder = tmp_path_factory.mktemp("rows-archive")
    with Archive(folder) as archive, open_volume(disc) as volume:
        index_volumes(archive, [volume], Settings(workers=2, limits=limits))
        yield archive


@pytest.fixture
def catalogue(archive: Archive) -> Iterator[CatalogueRows]:
    rows = CatalogueRows(archive.catalogue.path)
    yield rows
    rows.close()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every stored document (or passage) read, as it is read."""
    seen: list[object] = []
    doc, passages = Searcher.doc, Searcher.best_passages

    def counted_doc(self: Searcher, ref: object) -> object:
        seen.append(ref)
        return doc(self, ref)  # type: ignore[arg-type]

    def counted_passages(self: Searcher, key: str, *args: object, **kw: object) -> object:
        seen.append(key)
        return passages(self, key, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Searcher, "doc", counted_doc)
    monkeypatch.setattr(Searcher, "best_passages", counted_passages)
    return seen


def _copy_of_catalogue(archive: Archive, where: Path) -> Path:
    copy = where / "catalogue.sqlite"
    with sqlite3.connect(archive.catalogue.path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    return copy


def _same(a: SearchResult, b: SearchResult) -> None:
    assert (a.total, a.next_offset, a.exact_total) == (b.total, b.next_offset, b.exact_total)
    assert a.hits == b.hits


def test_the_archive_has_what_the_rows_must_get_right(archive: Archive) -> None:
    counts = archive.catalogue.counts_by_state()
    assert counts["skipped"] >= 2 and counts["indexed"] > 100
    hits = search(archive.index(), "path:mirror", limit=100, snippets=False).hits
    folded = search(archive.index(), "the", limit=200, snippets=False).hits
    assert not hits or all(h.path.startswith("mirror/") for h in hits)
    assert sum(len(h.copies) for h in folded) >= 10  # the mirror's pages are copies
    every = search(archive.index(), ALL, limit=1000, snippets=False).hits
    assert {h.kind for h in every} == {"html", "txt", "pdf", "image", "zip", "other"}
    assert any(h.scanned for h in every)


@pytest.mark.parametrize("sort", SORTS)
def test_rows_from_the_catalogue_are_the_rows_of_the_stored_documents(
    archive: Archive, catalogue: CatalogueRows, reads: list[object], sort: Sort
) -> None:
    index = archive.index()
    for query in QUERIES:
        for offset, limit in ((0, 100), (7, 20)):
            stored = search(index, query, limit=limit, offset=offset, sort=sort, snippets=False)
            del reads[:]
            fast = search(
                index, query, limit=limit, offset=offset, sort=sort, snippets=False,
                catalogue=catalogue,
            )  # fmt: skip
            _same(stored, fast)
            assert reads == [], query  # every row came without its stored document
            # With snippets for the first rows: theirs are the same, the rest come later.
            both = search(index, query, limit=limit, offset=offset, sort=sort, snippets=5)
            mixed = search(
                index, query, limit=limit, offset=offset, sort=sort, snippets=5,
                catalogue=catalogue,
            )  # fmt: skip
            _same(both, mixed)
            assert [h.snippet for h in mixed.hits[5:]] == [None] * len(mixed.hits[5:])


def test_a_file_that_changed_since_it_was_indexed_is_read_from_its_stored_document(
    archive: Archive, tmp_path: Path, reads: list[object]
) -> None:
    index = archive.index()
    before = search(index, "the", limit=30, snippets=False)
    changed, renamed = before.hits[3], before.hits[8]
    copy = _copy_of_catalogue(archive, tmp_path)
    with sqlite3.connect(copy) as db:
        # The scan found it changed (pending, its old title still there) ...
        db.execute(
            "UPDATE files SET state = 'pending', title = 'not its title' WHERE path = ?",
            (changed.path,),
        )
        # ... and a row whose catalogue date is no longer the index's.
        db.execute("UPDATE files SET date = '1901-01-01' WHERE path = ?", (renamed.path,))
    rows = CatalogueRows(copy)
    try:
        del reads[:]
        after = search(index, "the", limit=30, snippets=False, catalogue=rows)
    finally:
        rows.close()
    _same(before, after)
    assert len(reads) == 2  # those two rows only


def test_a_disc_label_two_volumes_share_is_read_from_the_stored_documents(
    archive: Archive, tmp_path: Path, reads: list[object]
) -> None:
    index = archive.index()
    copy = _copy_of_catalogue(archive, tmp_path)
    [volume] = archive.catalogue.volumes()
    with sqlite3.connect(copy) as db:
        db.execute(
            "INSERT INTO volumes (id, label, fingerprint, kind, location) "
            "VALUES ('other', ?, '', 'folder', '')",
            (volume.label,),
        )
    rows = CatalogueRows(copy)
    try:
        before = search(index, "the", limit=10, snippets=False)
        del reads[:]
        _same(before, search(index, "the", limit=10, snippets=False, catalogue=rows))
    finally:
        rows.close()
    assert len(reads) >= 10
