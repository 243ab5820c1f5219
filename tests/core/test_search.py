"""The query language against a real index: every operator checked by brute force over the docs."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.search.engine import Sort, search
from reader.search.syntax import (
    And,
    DiscFilter,
    Not,
    Or,
    PathFilter,
    Phrase,
    TypeFilter,
    Word,
    YearFilter,
    parse,
)
from reader.store.documents import IndexDoc
from reader.store.fulltext import Form, FulltextIndex, analyze
from reader.store.writer import IndexWriter

BANNER = (
    "Cryptome DVD offer: send $25 for two DVDs of the complete archive by postal mail "
    "to the address on the home page."
)
TOPICS = [
    "The agency intercepts telephone traffic at the cable landing station.",
    "Officials intercepted the messages and the court ordered disclosure.",
    "Intercepting satellite links was described in the leaked budget request.",
    "A naïve reading of the statute ignores the surveillance of foreign targets.",
    "The café near the embassy was watched by police in Zürich for months.",
    "Encryption export controls were relaxed in the end.",
    "Litigation over the programme went on for years.",
    "The report lists antenna sites, cable routes and satellite ground stations.",
    "Court filings describe the wiretap applications and the judges who signed them.",
    "Photographs of the facility show radomes, fences and a guard house.",
    "The memo discusses budget cuts for the signals intelligence directorate.",
    "Researchers published the cipher source code and the test vectors.",
    "Privacy advocates asked the committee to limit bulk collection of records.",
]
LABELS = {"v1": "CRYPTOME_1", "v2": "CRYPTOME_2"}
KINDS = ["html", "html", "txt", "pdf", "image", "zip", "other", "html"]


def _make_docs() -> tuple[list[IndexDoc], dict[str, str]]:
    """100 documents and, per key, the text a search must see (the banner taken out)."""
    rnd = random.Random(7)
    docs: list[IndexDoc] = []
    real: dict[str, str] = {}
    for i in range(100):
        vol = "v1" if i < 60 else "v2"
        year = None if i % 17 == 0 else 1996 + i % 18
        month = 1 + i % 12
        kind = KINDS[i % len(KINDS)]
        paras = [" ".join(rnd.sample(TOPICS, 3)) for _ in range(rnd.randint(2, 4))]
        paras.append(f"Document number {i} in series {'alpha' if i % 2 else 'beta'}.")
        if i == 3:  # the one page really about DVDs
            paras.append(
                "This page reviews DVD burners: a DVD holds 4.7 GB, a dual layer DVD more."
            )
        if i == 11:
            paras.append("The survey of surveillance cameras counted every camera downtown.")
        main = "\n\n".join(paras)
        body = main
        if kind == "pdf":
            pages = [main, f"Second page mentions the pipeline of case {i}.", "Third page: annex."]
            if i == 19:
                pages[2] = "Third page: the xylograph appendix is here."
            body = main = "\f".join(pages)
        if i % 5 in (0, 2):  # 40 of 100 carry the site banner
            body = f"{main}\n\n{BANNER}" if i % 2 else f"{BANNER}\n\n{main}"
        date = None
        if year is not None:
            date = f"{year}-{month:02d}-{1 + i % 28:02d}" if i % 3 else f"{year}-{month:02d}"
        path = f"{year or 'misc'}/{month:02d}/doc-{i:03d}.{'pdf' if kind == 'pdf' else 'htm'}"
        title = f"Notes {i}: " + rnd.choice(["cable landing", "budget request", "court filing"])
        key = f"{vol}:{path}"
        docs.append(
            IndexDoc(
                key=key,
                volume_id=vol,
                volume_label=LABELS[vol],
                path=path,
                title=title,
                body=body,
                kind=kind,
                year=year,
                date=date,
                scanned=i % 23 == 0,
                size=len(body),
            )
        )
        real[key] = f"{title}\n{main}"
    return docs, real


DOCS, REAL = _make_docs()
BY_KEY = {d.key: d for d in DOCS}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> FulltextIndex:
    ix = FulltextIndex.open(Path(tmp_path_factory.mktemp("ix")))
    with IndexWriter(ix) as w:
        for n, d in enumerate(DOCS, 1):
            w.add(d)
            if n % 30 == 0:
                w.commit()
        w.finish()
    return ix


def _stems(key: str) -> set[str]:
    return set(analyze(REAL[key], Form.STEM))


def _folds(key: str) -> list[str]:
    return analyze(REAL[key], Form.FOLDED)


def _title_stems(key: str) -> set[str]:
    return set(analyze(BY_KEY[key].title, Form.STEM))


def _has_phrase(key: str, phrase: str) -> bool:
    want = analyze(phrase, Form.FOLDED)
    # Title and body are separate fields: a phrase does not run from one into the other.
    for part in (BY_KEY[key].title, REAL[key][len(BY_KEY[key].title) + 1 :]):
        toks = analyze(part, Form.FOLDED)
        if any(toks[i : i + len(want)] == want for i in range(len(toks))):
            return True
    return False


def _near(a: str, b: str) -> bool:
    """Edit distance <= 1 with transpositions (the test's own version)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        )
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _stem(w: str) -> str:
    return analyze(w, Form.STEM)[0]


TRUTH: list[tuple[str, Callable[[str], bool]]] = [
    ("intercepts", lambda k: _stem("intercepts") in _stems(k)),
    ("satellite budget", lambda k: {"satellit", "budget"} <= _stems(k)),
    ('"cable landing station"', lambda k: _has_phrase(k, "cable landing station")),
    ('"court filing"', lambda k: _has_phrase(k, "court filing")),
    ("radomes OR xylograph", lambda k: bool({"radom", "xylograph"} & _stems(k))),
    ("encryption -litigation", lambda k: "encrypt" in _stems(k) and "litig" not in _stems(k)),
    ("encryption NOT litigation", lambda k: "encrypt" in _stems(k) and "litig" not in _stems(k)),
    ("surv*", lambda k: any(t.startswith("surv") for t in _folds(k))),
    ("camara~", lambda k: any(_near("camara", t) for t in _folds(k))),
    ("title:budget", lambda k: "budget" in _title_stems(k)),
    ('title:"cable landing"', lambda k: "cable landing" in BY_KEY[k].title),
    ("type:pdf", lambda k: BY_KEY[k].kind == "pdf"),
    ("type:pdf,txt", lambda k: BY_KEY[k].kind in ("pdf", "txt")),
    ("year:2001", lambda k: BY_KEY[k].year == 2001),
    ("year:1999..2003", lambda k: (BY_KEY[k].year or 0) in range(1999, 2004)),
    ("disc:2", lambda k: BY_KEY[k].volume_label == "CRYPTOME_2"),
    ("disc:cryptome_1", lambda k: BY_KEY[k].volume_label == "CRYPTOME_1"),
    ("path:2001/06", lambda k: BY_KEY[k].path.startswith("2001/06")),
    ("path:misc", lambda k: BY_KEY[k].path.startswith("misc")),
    ("cafe", lambda k: "cafe" in _stems(k)),
    ("café", lambda k: "cafe" in _stems(k)),
    ("zurich naive", lambda k: {"zurich", "naiv"} <= _stems(k)),
    (
        "(radomes OR cipher) type:html",
        lambda k: bool({"radom", "cipher"} & _stems(k)) and BY_KEY[k].kind == "html",
    ),
    ("-encryption", lambda k: "encrypt" not in _stems(k)),
    ("beta year:..2000", lambda k: "beta" in _stems(k) and (BY_KEY[k].year or 9999) <= 2000),
]


@pytest.mark.parametrize(("query", "truth"), TRUTH, ids=[q for q, _ in TRUTH])
def test_operator_returns_exactly_the_brute_force_matches(index, query, truth):
    res = search(index, query, limit=200)
    want = {d.key for d in DOCS if truth(d.key)}
    assert want, "the corpus must exercise the query"
    assert not res.warnings
    assert res.total == len(want)
    assert {h.key for h in res.hits} == want


@pytest.mark.parametrize(
    "query", ["intercepts", "type:pdf", "satellite -budget", "year:1999..2005"]
)
def test_facets_equal_brute_force_counts_over_all_hits(index, query):
    res = search(index, query, limit=5)
    keys = {h.key for h in search(index, query, limit=200).hits}
    docs = [BY_KEY[k] for k in keys]
    assert len(res.hits) == min(5, len(keys))
    assert res.facets["type"] == dict(Counter(d.kind for d in docs))
    assert res.facets["year"] == dict(Counter(str(d.year) for d in docs if d.year is not None))
    assert res.facets["disc"] == dict(Counter(d.volume_label for d in docs))


def _marked(hit) -> list[str]:
    """The words a hit's snippet marks, as they stand in its text."""
    return [hit.snippet.text[a:b] for a, b in hit.snippet.marks]


def test_snippet_marks_stemmed_and_accented_forms(index):
    res = search(index, "intercepts", limit=200)
    marked = {w.lower() for h in res.hits for w in _marked(h)}
    assert "intercepted" in marked
    assert marked & {"intercepts", "intercepting"}
    for h in res.hits:
        assert _marked(h), h.key
    cafe = search(index, "cafe", limit=5).hits[0]
    assert "café" in _marked(cafe)


def test_snippet_is_text_with_marks_and_has_no_banner(index):
    res = search(index, "satellite", limit=200)
    for h in res.hits:
        assert all(w.lower().startswith("satellite") for w in _marked(h)), h.snippet
        assert h.snippet is not None and "<b>" not in h.snippet.text
        assert "Cryptome" not in h.snippet.text


def test_pdf_hit_reports_page_of_passage(index):
    hit = search(index, "xylograph").hits[0]
    assert hit.kind == "pdf" and hit.page == 3
    pages = {h.page for h in search(index, "pipeline", limit=100).hits}
    assert pages == {2}
    html_hits = search(index, "radomes type:html", limit=100).hits
    assert html_hits and all(h.page is None for h in html_hits)


def test_banner_word_ranks_the_page_about_it_first(index):
    res = search(index, "dvd", limit=10)
    assert res.hits[0].key == DOCS[3].key
    assert res.total == 1  # banner copies are not in the body


def test_banner_only_word_still_finds_banner_pages(index):
    res = search(index, "cryptome", limit=100)
    assert res.total == sum(1 for d in DOCS if BANNER in d.body)
    assert any("banner" in w for w in res.warnings)


def test_phrase_ranks_above_loose_words(index):
    res = search(index, "cable landing", limit=200)
    top = res.hits[0].key
    assert _has_phrase(top, "cable landing")


def test_title_match_ranks_above_body_matches(tmp_path):
    ix = FulltextIndex.open(tmp_path)
    with IndexWriter(ix) as w:
        for i in range(10):
            w.add(_doc(f"k{i}", "Filler", "tariffs tariffs tariffs and more tariffs text"))
        w.add(_doc("t", "Tariffs", "one mention of tariffs here"))
        w.finish()
    assert search(ix, "tariffs").hits[0].key == "t"


def _doc(key: str, title: str, body: str, **kw: object) -> IndexDoc:
    base: dict[str, object] = {
        "key": key, "volume_id": "v", "volume_label": "DISC 1", "path": f"{key}.htm",
        "title": title, "body": body, "kind": "html", "year": 2001, "date": "2001-02-03",
        "scanned": False, "size": len(body),
    }  # fmt: skip
    base.update(kw)
    return IndexDoc(**base)  # type: ignore[arg-type]


def test_sorts_and_paging(index):
    q = "satellite"
    rel = search(index, q, limit=200)
    keys = [h.key for h in rel.hits]
    assert [h.key for h in search(index, q, limit=7, offset=5).hits] == keys[5:12]
    by_path = [h.path for h in search(index, q, limit=200, sort=Sort.PATH).hits]
    assert by_path == sorted(by_path)

    def num(k: str) -> int:
        d = BY_KEY[k]
        if d.date:
            p = [int(x) for x in d.date.split("-")] + [0, 0]
            return p[0] * 10000 + p[1] * 100 + p[2]
        return (d.year or 0) * 10000

    new = [num(h.key) for h in search(index, q, limit=200, sort=Sort.DATE_NEW).hits]
    assert new == sorted(new, reverse=True)
    old = [num(h.key) for h in search(index, q, limit=200, sort=Sort.DATE_OLD).hits]
    dated = [n for n in old if n]
    assert dated == sorted(dated) and old[: len(dated)] == dated  # undated last


def test_did_you_mean_suggests_index_word(index):
    res = search(index, "survelance", limit=5)
    assert res.total == 0
    assert res.did_you_mean == "surveillance"
    res = search(index, "type:pdf survelance cables", limit=5)
    assert res.did_you_mean == "type:pdf surveillance cables"
    assert search(index, "satellite").did_you_mean is None


@pytest.mark.parametrize(
    "query",
    ['"unbalanced phrase', "satellite OR", "OR", "year:abc", "type:", "type:spreadsheet",
     "-", "NOT", "(satellite", "satellite)", "fuzzy~9", "a*", "title:", "year:"],
)  # fmt: skip
def test_malformed_query_warns_and_falls_back(index, query):
    res = search(index, query)
    assert res.warnings, query


def test_a_word_longer_than_the_index_keeps_says_so(index):
    # A hash is one 64-byte word, over the index's 40-byte limit.
    res = search(index, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    assert any("longer than the longest word the index keeps" in w for w in res.warnings)
    assert not any("no letters or digits" in w for w in res.warnings)
    # A Chinese clause (42 bytes without a space) is its characters (tests/core/test_cjk.py).
    assert not search(index, "请确保二进制的体系结构与您的").warnings
    res = search(index, "--")
    assert any("no letters or digits" in w for w in res.warnings)


def test_malformed_fallbacks_are_plain_words(index):
    want = {d.key for d in DOCS if "satellit" in _stems(d.key)}
    assert {h.key for h in search(index, '"satellite', limit=200).hits} == want
    assert {h.key for h in search(index, "(satellite", limit=200).hits} == want
    assert {h.key for h in search(index, "satellite type:", limit=200).hits} == want
    assert search(index, "year:radomes", limit=200).total == search(index, "radomes").total


def test_parse_builds_the_tree():
    p = parse('title:"cable landing" -foo (a OR b*) year:1999..2003 type:pdf disc:2 path:2013/03')
    assert p.warnings == []
    assert isinstance(p.root, And)
    nodes = p.root.nodes
    assert nodes[0] == Phrase("cable landing", "title", nodes[0].span)  # type: ignore[union-attr]
    assert isinstance(nodes[1], Not) and isinstance(nodes[1].node, Word)
    assert isinstance(nodes[2], Or)
    assert nodes[3] == YearFilter(1999, 2003)
    assert nodes[4] == TypeFilter(("pdf",))
    assert nodes[5] == DiscFilter("2")
    assert nodes[6] == PathFilter("2013/03")
    w = parse("colour~2").root
    assert isinstance(w, Word) and w.fuzzy == 2
    assert parse("a b OR c").root == And((Word("a", span=(0, 1)), Or((Word("b", span=(2, 3)),
                                           Word("c", span=(7, 8))))))  # fmt: skip


def test_blank_query_is_empty_without_warning(index):
    res = search(index, "   ")
    assert res.total == 0 and res.hits == [] and res.warnings == []


SYNTAX = st.lists(
    st.sampled_from([*'ab" ():-*~.,|yeartiplhdsc2019é\f\x00', "OR", "NOT", "type:", "year:"]),
    max_size=30,
).map("".join)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.one_of(st.text(max_size=60), SYNTAX))
def test_random_queries_never_raise(index, q):
    res = search(index, q, limit=3)
    assert res.total >= 0 and len(res.hits) <= 3
