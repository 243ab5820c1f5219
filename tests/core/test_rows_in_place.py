"""The first query of a published disc searched in place reads no stored document.

Each stored document read from a disc is a seek of the drive (docs/discs.md: "At DVD
speed"): the rows of the first page come from the index's fast fields and the catalogue
(reader.search.rows), the snippets after them. The work is counted, not timed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.indexing.adopt import adopt_published
from reader.search.engine import SNIPPETS_AT_ONCE, search, snippets_for
from reader.search.rows import CatalogueRows
from reader.sources.folder import FolderVolume
from reader.store.archive import Archive
from reader.store.fulltext import Searcher
from tests.archive_factory import Manifest
from tests.core.test_discs import planted, two_discs  # noqa: F401 - fixture
from tests.core.test_publish import published  # noqa: F401 - fixture
from tests.core.test_volume import set_tree_mode

Masters = tuple[list[Path], list[Path]]


@pytest.fixture
def burned(published: Masters, tmp_path: Path) -> Iterator[Path]:  # noqa: F811
    """Disc 1 as a burned disc is: read-only."""
    disc = tmp_path / "drive" / published[0][0].name
    shutil.copytree(published[0][0], disc, symlinks=True)
    set_tree_mode(disc, writable=False)
    yield disc
    set_tree_mode(disc, writable=True)


def test_the_first_page_of_a_disc_searched_in_place_reads_no_stored_document(
    two_discs: Manifest,  # noqa: F811
    burned: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[str] = []
    for name in ("doc", "best_passages", "passages_of", "all_docs"):
        real = getattr(Searcher, name)

        def counted(self: Searcher, *args: object, _real: object = real, _n: str = name) -> object:
            reads.append(_n)
            return _real(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(Searcher, name, counted)
    queries = ["the", "archive", f'"{planted(two_discs, 2)}"', "type:pdf", "disc:2", "doc*"]
    checked: list[str] = []

    def first_queries() -> None:
        # The moment the window can search: before the disc's checks and its scan.
        assert archive.index_on_disc
        rows = CatalogueRows(archive.catalogue.path)
        try:
            for query in queries:
                del reads[:]
                fast = search(archive.index(), query, limit=100, snippets=0, catalogue=rows)
                assert fast.total and fast.hits, query
                assert reads == [], query  # no stored document, no passage
                # The same rows as from the stored documents, and the same snippets after.
                stored = search(archive.index(), query, limit=100, snippets=SNIPPETS_AT_ONCE)
                shown = fast.hits[:SNIPPETS_AT_ONCE]
                made = snippets_for(archive.index(), [h.key for h in shown], fast.terms)
                for h in shown:
                    h.snippet, h.page = made[h.key]
                assert fast.hits == stored.hits, query
                assert fast.next_offset == stored.next_offset
                checked.append(query)
        finally:
            rows.close()

    with Archive(tmp_path / "user") as archive, FolderVolume(burned) as volume:
        adoption = adopt_published(archive, volume, on_searchable=first_queries)
        assert adoption.adopted, adoption.reason
    assert checked == queries
