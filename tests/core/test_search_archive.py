"""Search on a whole generated archive, indexed by the real pipeline: the planted truth."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.indexing.pipeline import index_volumes
from reader.model import State
from reader.search.engine import Sort, search
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from tests.archive_factory import FileTruth, Manifest, build_archive


@pytest.fixture(scope="module")
def archive(small_archive: Manifest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    folder = tmp_path_factory.mktemp("search-archive")
    with Archive(folder) as archive, open_volume(small_archive.root) as volume:
        index_volumes(archive, [volume], Settings(workers=2))
        yield archive


def _rank(archive: Archive, query: str, path: str) -> int | None:
    result = search(archive.index(), query, limit=10)
    paths = [h.path for h in result.hits]
    return paths.index(path) + 1 if path in paths else None


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_every_planted_phrase_finds_its_document_in_the_top_three(
    archive: Archive, small_archive: Manifest
) -> None:
    docs = small_archive.documents()
    assert len(docs) > 60
    misses = [
        (d.path, d.phrase) for d in docs if (_rank(archive, f'"{d.phrase}"', d.path) or 99) > 3
    ]
    assert misses == []


def test_every_rare_word_finds_its_document_in_the_top_three(
    archive: Archive, small_archive: Manifest
) -> None:
    docs = [d for d in small_archive.documents() if d.rare_word]
    misses = [
        (d.path, d.rare_word) for d in docs if (_rank(archive, d.rare_word or "", d.path) or 99) > 3
    ]
    assert misses == []


def test_pdf_hits_name_the_page_of_the_phrase_and_mark_the_words(
    archive: Archive, small_archive: Manifest
) -> None:
    pdfs = [d for d in small_archive.documents() if d.kind == "pdf" and d.phrase_page]
    assert any((d.phrase_page or 1) > 1 for d in pdfs)
    for d in pdfs:
        [hit] = [h for h in search(archive.index(), f'"{d.phrase}"').hits if h.path == d.path]
        assert hit.page == d.phrase_page, d.path
        assert hit.snippet is not None
        # The phrase is marked as one, its words not alone.
        marked = [" ".join(hit.snippet.text[a:b].lower().split()) for a, b in hit.snippet.marks]
        assert (d.phrase or "").lower() in marked, (d.path, hit.snippet)


def test_words_inside_zip_members_find_the_zip(archive: Archive, small_archive: Manifest) -> None:
    members = small_archive.member_documents()
    assert members
    zips = {m.container for m in members}
    for m in members:
        hits = search(archive.index(), f'"{m.phrase}"').hits
        assert [h.path for h in hits][:1] == [m.container], m.path
    assert zips


def test_a_failed_document_is_not_found(archive: Archive, small_archive: Manifest) -> None:
    locked = [t for t in small_archive.files if t.expected_state == "failed" and t.phrase]
    assert locked, "the generator plants a phrase in the password-protected PDF"
    for t in locked:
        assert search(archive.index(), f'"{t.phrase}"').total == 0


def test_accented_words_match_with_and_without_accents(
    archive: Archive, small_archive: Manifest
) -> None:
    legacy = [
        d
        for d in small_archive.documents()
        if d.encoding not in (None, "utf-8", "ascii")
        and any(_strip_accents(w) != w for w in d.accented_words)
    ]
    assert legacy, "the generator writes Windows-1252 pages with accented words"
    for d in legacy:
        word = next(w for w in d.accented_words if _strip_accents(w) != w)
        for form in (word, _strip_accents(word)):
            paths = [h.path for h in search(archive.index(), f"{form} {d.rare_word}").hits]
            assert d.path in paths, (d.path, form, d.encoding)


def test_facets_count_every_hit_by_year_and_type(archive: Archive) -> None:
    result = search(archive.index(), "the", limit=5)
    records = {r.path: r for r in archive.catalogue.files() if r.state is State.INDEXED}
    hits = search(archive.index(), "the", limit=10_000).hits
    assert result.total == len(hits) > 20
    by_type = Counter(records[h.path].kind.value for h in hits)
    by_year = Counter(str(records[h.path].year) for h in hits if records[h.path].year)
    assert result.facets["type"] == dict(by_type)
    assert {k: v for k, v in result.facets["year"].items() if k != "unknown"} == dict(by_year)


def test_type_year_and_path_filters_match_the_catalogue(archive: Archive) -> None:
    records = [r for r in archive.catalogue.files() if r.state is State.INDEXED]
    hits = search(archive.index(), "type:pdf year:1999..2005", limit=10_000).hits
    want = {r.path for r in records if r.kind.value == "pdf" and r.year and 1999 <= r.year <= 2005}
    assert {h.path for h in hits} == want
    folder = next(r.path.rsplit("/", 1)[0] for r in records if r.path.count("/") == 2)
    hits = search(archive.index(), f"path:{folder}", limit=10_000).hits
    assert {h.path for h in hits} == {r.path for r in records if r.path.startswith(folder + "/")}


def test_date_sort_puts_newest_first(archive: Archive) -> None:
    hits = search(archive.index(), "the", limit=50, sort=Sort.DATE_NEW).hits
    dates = [h.date for h in hits if h.date]
    assert dates == sorted(dates, reverse=True)


def test_site_banner_is_kept_out_of_the_body_of_every_page(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # Enough pages for the banner to count as one (20 pages and 1% of the archive).
    root = tmp_path_factory.mktemp("banner") / "CRYPTOME_1"
    manifest = build_archive(root, files=400, seed=5, awkward=False)
    banner_pages = {t.path for t in manifest.files if t.has_banner}
    assert len(banner_pages) >= 40
    with Archive(root.parent / "a") as archive, open_volume(root) as volume:
        index_volumes(archive, [volume], Settings(workers=2))
        phrase = " ".join(manifest.banner_text.split()[:6])
        result = search(archive.index(), f'"{phrase}"', limit=500)
    # Still findable (a user may look for it), but only as repeated boilerplate.
    assert {h.path for h in result.hits} == banner_pages
    assert any("repeated on many pages" in w for w in result.warnings)


def _truth_paths(truths: list[FileTruth]) -> set[str]:
    return {t.path for t in truths}


def test_did_you_mean_suggests_a_word_of_the_archive(archive: Archive) -> None:
    result = search(archive.index(), "survelance")
    assert result.total == 0
    assert result.did_you_mean == "surveillance"


def test_every_indexed_document_is_in_the_index_once(
    archive: Archive, small_archive: Manifest, tmp_path: Path
) -> None:
    vid = archive.catalogue.volumes()[0].id
    keys = archive.index().keys()
    indexed = {r.path for r in archive.catalogue.files() if r.state is not State.FAILED}
    assert keys == {f"{vid}:{p}" for p in indexed}
    assert _truth_paths(small_archive.documents()) <= indexed
