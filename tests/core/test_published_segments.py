"""A published index is one segment per index: each segment costs seeks to open on a disc."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.indexing.pipeline import index_volumes
from reader.publish.masters import publish
from reader.search.engine import search
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.sources.volume import PUBLISHED_DIR
from reader.store.archive import Archive
from reader.store.banners import BannerCounts
from reader.store.fulltext import PASSAGES_DIR, FulltextIndex
from reader.store.published import INDEX_NAME
from tests.archive_factory import Manifest
from tests.core.test_discs import copy_set, planted, two_discs  # noqa: F401 - fixture

# An index build commits after a second, then every few seconds, at the end and once the
# banners are settled: a segment per commit and writer thread. Here the first, the last
# two: 2 to 6 segments, whatever the machine's speed (at 8, tantivy would merge them).
BATCHED = Settings(workers=2, batch_seconds=3600)


def _add_long_reports(disc: Path) -> None:
    """Long documents (kept in passages) in several folders, so in several batches: the
    disc's generated text files, gathered in another order in each."""
    texts = [p.read_text("utf-8", "replace") for p in sorted(disc.rglob("*.txt"))]
    folders = sorted(p for p in disc.iterdir() if p.is_dir())
    for n, folder in enumerate(folders[::3]):
        gathered = "\n\n".join(texts[n:] + texts[:n])
        (folder / f"gathered-reports-{n}.txt").write_text(gathered, encoding="utf-8")


def _segments(index: Path) -> tuple[int, int]:
    """The segments of the documents' and the passages' index (tantivy's meta.json)."""
    return tuple(  # type: ignore[return-value]
        len(json.loads((folder / "meta.json").read_text())["segments"])
        for folder in (index, index / PASSAGES_DIR)
    )


def _queries(manifest: Manifest) -> list[str]:
    # Planted phrases (one document each, and in the long documents), common words (many
    # documents), a prefix, a title word.
    return [
        f'"{planted(manifest, 1)}"',
        f'"{planted(manifest, 2)}"',
        "surveillance",
        "report OR memo",
        "gov*",
        "title:secret",
    ]


def _results(index: FulltextIndex, queries: list[str]) -> list[tuple[int, list[Any]]]:
    """Each query's matches with their snippets (the long documents' from their passages).
    As sets: replaced documents not yet merged away still count in the scores of the index
    built in batches, so close scores may swap places."""
    out: list[tuple[int, list[Any]]] = []
    for q in queries:
        result = search(index, q, limit=200, snippets=200, facets=False)
        shown = [(h.key, h.page, h.snippet.text if h.snippet else None) for h in result.hits]
        out.append((result.total, sorted(shown, key=str)))
    return out


@pytest.fixture(scope="module")
def built(
    two_discs: Manifest,  # noqa: F811 - the fixture
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[list[Path], Archive]]:
    """The set (with long documents) published, and an archive that indexed the same
    masters the same way as publishing does, before its copy for the discs."""
    base = tmp_path_factory.mktemp("segments")
    folders = copy_set(two_discs, base / "masters")
    for folder in folders:
        _add_long_reports(folder)
    publish(folders, BATCHED, ocr=False)
    volumes = [open_volume(f) for f in folders]
    with Archive(base / "source") as archive:
        try:
            index_volumes(archive, volumes, BATCHED, use_published=False)
        finally:
            for v in volumes:
                v.close()
        yield folders, archive


def test_a_published_index_is_one_segment_each_where_its_build_made_many(
    built: tuple[list[Path], Archive],
) -> None:
    folders, source = built
    documents, passages = _segments(source.index_dir)
    assert documents > 1 and passages > 1  # what publishing starts from (else no test)
    for folder in folders:
        index = folder / PUBLISHED_DIR / INDEX_NAME
        assert _segments(index) == (1, 1)
        # The banner counts are those of the index's own commit: a writer on it (a disc
        # found changed) takes them as they are instead of reading every document.
        counts = BannerCounts.load(index / "banners.state")
        assert counts is not None and counts.docs == source.index().doc_count()
        assert counts.opstamp == json.loads((index / "meta.json").read_text())["opstamp"]


def test_a_published_index_finds_what_an_index_built_in_batches_finds(
    two_discs: Manifest,  # noqa: F811
    built: tuple[list[Path], Archive],
    tmp_path: Path,
) -> None:
    folders, source = built
    queries = _queries(two_discs)
    expected = _results(source.index(), queries)
    assert all(total for total, _ in expected)
    long_hits = [h for _, hits in expected for h in hits if "gathered-reports" in h[0]]
    assert long_hits and all(text for _, _, text in long_hits)
    with Archive(tmp_path / "user") as user, open_volume(folders[0]) as disc1:
        summary = index_volumes(user, [disc1], BATCHED)  # adopted, read in place
        assert summary.adopted > 100 and summary.extracted == 0
        assert user.index().digest() == source.index().digest()
        assert _results(user.index(), queries) == expected
