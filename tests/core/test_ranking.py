"""Exact words first, related forms after; counts that say which; copies in one row; a long
document's snippet from one passage. A real index, written and searched as the app does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.indexing.prepare import text_fingerprint
from reader.search.analysis import Mark, QueryTerms, terms_for
from reader.search.engine import make_snippet, search
from reader.store.documents import IndexDoc
from reader.store.fulltext import FulltextIndex
from reader.store.passages import PASSAGE_CHARS
from reader.store.query import TermQuery
from reader.store.writer import IndexWriter

FILLER = (
    "The committee met on Tuesday to review the budget and the minutes of the last "
    "meeting. Members discussed the schedule, the staffing plan and the annual report. "
)


def _doc(n: int, title: str, body: str, kind: str = "html", **kw: object) -> IndexDoc:
    return IndexDoc(
        key=f"v:{n:04}",
        volume_id="v",
        volume_label="DISC_1",
        path=f"{2000 + n % 20}/doc{n:04}.{kind}",
        title=title,
        body=body,
        kind=kind,
        year=2000 + n % 20,
        date=None,
        scanned=False,
        size=len(body),
        **kw,  # type: ignore[arg-type]
    )


def _index(folder: Path, docs: list[IndexDoc]) -> FulltextIndex:
    ix = FulltextIndex.open(folder)
    with IndexWriter(ix) as w:
        for d in docs:
            w.add(d)
        w.finish()
    return ix


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> FulltextIndex:
    rng = random.Random(3)
    docs: list[IndexDoc] = []
    # 50 documents full of other forms of "readable", with the stem many times over...
    for n in range(50):
        forms = " ".join(rng.choice(["readable", "reading", "read", "reads"]) for _ in range(40))
        docs.append(_doc(n, f"Reading list {n}", f"{FILLER}{forms} {FILLER}"))
    # ...and one that says "readability" once, in a long ordinary text.
    docs.append(
        _doc(50, "Style guide", FILLER * 8 + "The readability of a page matters. " + FILLER)
    )
    # English pages with "elevation", French ones with "élévation".
    for n in range(51, 61):
        docs.append(_doc(n, f"Site survey {n}", f"{FILLER} the elevation of the site " * 3))
    for n in range(61, 64):
        docs.append(_doc(n, f"Rapport {n}", f"{FILLER} l'élévation du terrain est notée."))
    # One text in three folders: one row of results, "3 copies".
    copy = (
        "The annual lighthouse inspection found the lamp, the lens and the logbook in order. " * 3
    )
    for n in range(64, 67):
        docs.append(_doc(n, "Lighthouse inspection", copy, dup=text_fingerprint(copy)))
    # A 2,000-page report with its rare word on page 1,700 only.
    pages = [f"Page {p}. {FILLER}" for p in range(1, 2001)]
    pages[1699] = "Page 1700. The zeppelin hangar was inspected. " + FILLER
    pages[1299] = "Page 1300. The Happiness of the crews was noted. " + FILLER
    docs.append(_doc(67, "A very long report", "\f".join(pages), kind="pdf"))
    docs.append(_doc(68, "A short note", "The zeppelin flew over the town. " + FILLER))
    return _index(tmp_path_factory.mktemp("ranking"), docs)


def test_the_one_document_with_the_exact_derived_word_outranks_fifty_with_other_forms(
    index: FulltextIndex,
) -> None:
    result = search(index, "readability")
    assert result.hits[0].path.endswith("doc0050.html")
    assert result.hits[0].exact is True and all(h.exact is False for h in result.hits[1:])
    assert result.total == 51
    assert result.exact_total == 1  # "1 document with readability · 50 more with related"


def test_an_accented_query_prefers_accented_documents_and_a_plain_one_finds_both(
    index: FulltextIndex,
) -> None:
    accented = search(index, "élévation", limit=20)
    assert {h.title for h in accented.hits[:3]} == {"Rapport 61", "Rapport 62", "Rapport 63"}
    assert accented.exact_total == 3 and accented.total == 13
    plain = search(index, "elevation", limit=20)
    assert plain.total == 13 and plain.exact_total == 10
    assert all(h.title.startswith("Site survey") for h in plain.hits[:10])


def test_quoted_words_are_exact_and_relax_only_when_nothing_is_exact(
    index: FulltextIndex,
) -> None:
    quoted = search(index, '"readability"')
    assert [h.path for h in quoted.hits] == ["2010/doc0050.html"]
    none_exact = search(index, '"readabilities"')
    assert none_exact.total > 0  # related forms, with a warning that says so
    assert any("exactly as typed" in w for w in none_exact.warnings)


def test_copies_of_one_text_fold_into_one_row(index: FulltextIndex) -> None:
    result = search(index, "lighthouse")
    [row] = [h for h in result.hits if h.title == "Lighthouse inspection"]
    assert len(row.copies) == 2 and result.total == 3
    assert {row.path, *(c.path for c in row.copies)} == {
        "2004/doc0064.html",
        "2005/doc0065.html",
        "2006/doc0066.html",
    }
    assert result.next_offset == 3  # three documents taken, one row shown


def test_a_long_documents_snippet_reads_a_passage_not_the_document(
    index: FulltextIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    analysed: list[int] = []
    real = QueryTerms.marks

    def counting(self: QueryTerms, text: str, limit: int | None = None) -> list[Mark]:
        analysed.append(len(text))
        return real(self, text, limit)

    monkeypatch.setattr(QueryTerms, "marks", counting)
    s = index.searcher()
    terms = terms_for("zeppelin")
    result = search(index, "zeppelin", snippets=False)
    by_title = {h.title: h for h in result.hits}
    work = {}
    for title in ("A very long report", "A short note"):
        analysed.clear()
        _, refs = s.search(TermQuery("key", by_title[title].key), limit=1)
        snippet, page = make_snippet(s, s.doc(refs[0][1]), terms)
        work[title] = sum(analysed)
        assert snippet.marks and snippet.text[slice(*snippet.marks[0])].lower() == "zeppelin"
        if title == "A very long report":
            assert page == 1700
    # A 2,000-page report costs a few passages, no more than a short page of 12,000 chars.
    assert work["A very long report"] <= 3 * PASSAGE_CHARS
    assert work["A very long report"] <= max(work["A short note"], 12_000)


def test_a_long_documents_passage_is_found_by_another_form_of_the_word(
    index: FulltextIndex,
) -> None:
    """The passages are indexed unstemmed: "happy" must still find the passage that says
    "Happiness" (their shared stem "happi" is not a prefix of "happy")."""
    result = search(index, "happy")
    hit = next(h for h in result.hits if h.title == "A very long report")
    assert hit.page == 1300
    assert hit.snippet is not None and hit.snippet.marks
    assert hit.snippet.text[slice(*hit.snippet.marks[0])] == "Happiness"


def test_a_snippet_starts_at_a_word_and_says_when_it_is_cut(index: FulltextIndex) -> None:
    hit = next(h for h in search(index, "readability").hits if h.title == "Style guide")
    assert hit.snippet is not None
    text = hit.snippet.text
    assert text.startswith("…") and text[1] != " " and text[1:].split()[0] in FILLER.split()
