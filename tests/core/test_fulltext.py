"""The tantivy wrapper: replace by key, schema versions, banners, crash-safe order-free builds."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reader.store.documents import IndexDoc
from reader.store.fulltext import FulltextIndex
from reader.store.index_errors import IndexFormatError, IndexLockedError
from reader.store.query import BODY, BOILER
from reader.store.query import TermQuery as Term
from reader.store.writer import IndexWriter

BANNER = "Cryptome DVD offer: send $25 for two DVDs of the complete archive by postal mail."
LOCAL = "Mirror notice: this regional copy is refreshed every night from the main server."


def doc(i: int, body: str | None = None, **kw: object) -> IndexDoc:
    base: dict[str, object] = {
        "key": f"v1:{i:04d}.htm", "volume_id": "v1", "volume_label": "DISC 1",
        "path": f"{i:04d}.htm", "title": f"Page {i}", "kind": "html", "year": 2000 + i % 10,
        "date": None, "scanned": False, "size": 10,
        "body": body if body is not None else f"Unique words for page {i}: token{i} alpha.",
    }  # fmt: skip
    base.update(kw)
    return IndexDoc(**base)  # type: ignore[arg-type]


def corpus(n: int = 100) -> list[IndexDoc]:
    docs = []
    for i in range(n):
        parts = [f"Report {i} about topic{i % 7} and the weather in region {i % 5}."]
        if i % 5 in (1, 3):  # 40 %
            parts.insert(i % 2, BANNER)
        if i < 6:  # frequent early, rare overall: provisionally a banner, finally not
            parts.append(LOCAL)
        docs.append(doc(i, "\n\n".join(parts)))
    return docs


def build(folder: Path, docs: list[IndexDoc], batch: int, **writer_kw: object) -> FulltextIndex:
    ix = FulltextIndex.open(folder)
    with IndexWriter(ix, **writer_kw) as w:  # type: ignore[arg-type]
        for n, d in enumerate(docs, 1):
            w.add(d)
            if n % batch == 0:
                w.commit()
        w.finish()
    return ix


def body_hits(ix: FulltextIndex, field: str, term: str) -> int:
    return ix.searcher().search(Term(field, term), limit=1)[0]


def test_add_twice_with_same_key_leaves_one_doc(tmp_path):
    ix = FulltextIndex.open(tmp_path)
    with IndexWriter(ix) as w:
        w.add(doc(1, "first version zebra"))
        w.add(doc(1, "second version zebra"))  # same batch
        w.commit()
        w.add(doc(1, "third version okapi"))  # after a commit
        w.commit()
    assert ix.doc_count() == 1
    assert ix.keys() == {"v1:0001.htm"}
    assert body_hits(ix, BODY, "okapi") == 1
    assert body_hits(ix, BODY, "zebra") == 0


def test_delete_removes_and_uncommitted_changes_are_dropped_on_close(tmp_path):
    ix = FulltextIndex.open(tmp_path)
    with IndexWriter(ix) as w:
        w.add(doc(1))
        w.add(doc(2))
        w.commit()
        w.delete(doc(1).key)
        w.commit()
        w.add(doc(3))  # never committed
    assert ix.keys() == {doc(2).key}


def test_one_writer_at_a_time(tmp_path):
    ix = FulltextIndex.open(tmp_path)
    w = IndexWriter(ix)
    try:
        with pytest.raises(IndexLockedError):
            IndexWriter(ix)
    finally:
        w.close()
    IndexWriter(ix).close()  # the lock is released by close()


def test_schema_mismatch_raises_index_format_error(tmp_path):
    FulltextIndex.open(tmp_path)
    vf = tmp_path / "archive-reader-index.json"
    vf.write_text(json.dumps({"schema_version": 0}))
    with pytest.raises(IndexFormatError):
        FulltextIndex.open(tmp_path)
    vf.unlink()
    with pytest.raises(IndexFormatError):
        FulltextIndex.open(tmp_path)


def test_open_without_create_needs_an_index(tmp_path):
    with pytest.raises(FileNotFoundError):
        FulltextIndex.open(tmp_path / "none", create=False)


def test_reopened_index_keeps_documents(tmp_path):
    build(tmp_path, corpus(30), batch=10)
    again = FulltextIndex.open(tmp_path, create=False)
    assert again.doc_count() == 30


def test_frequent_block_leaves_body_but_stays_in_boiler(tmp_path):
    ix = build(tmp_path, corpus(), batch=7)
    # Every banner copy is gone from the body, including those added before it was seen.
    assert body_hits(ix, BODY, "cryptom") == 0
    assert body_hits(ix, BOILER, "cryptom") == 40
    # A block that looked frequent early but is rare overall is put back.
    assert body_hits(ix, BODY, "mirror") == 6
    assert ix.doc_count() == 100


def test_explicit_banner_is_removed_even_when_rare(tmp_path):
    docs = [doc(1, f"Real text about okapis.\n\n{LOCAL}"), doc(2, "Other text.")]
    ix = build(tmp_path, docs, batch=10, banners=[LOCAL.replace(" ", "  ")])
    assert body_hits(ix, BODY, "mirror") == 0
    assert body_hits(ix, BODY, "okapi") == 1


def test_digest_is_independent_of_batch_order(tmp_path):
    docs = corpus()
    shuffled = docs[:]
    random.Random(3).shuffle(shuffled)
    a = build(tmp_path / "a", docs, batch=25)
    b = build(tmp_path / "b", shuffled, batch=9)
    c = build(tmp_path / "c", list(reversed(docs)), batch=100)
    assert a.digest() == b.digest() == c.digest()
    assert a.keys() == {d.key for d in docs}


def test_digest_changes_with_content(tmp_path):
    a = build(tmp_path / "a", corpus(20), batch=5)
    b = build(tmp_path / "b", [*corpus(19), doc(19, "different")], batch=5)
    assert a.digest() != b.digest()


@pytest.mark.parametrize("lose_state", [False, True])
def test_resumed_run_gives_same_index_as_uninterrupted(tmp_path, lose_state):
    docs = corpus()
    whole = build(tmp_path / "whole", docs, batch=10)
    folder = tmp_path / "resumed"
    ix = FulltextIndex.open(folder)
    w = IndexWriter(ix)
    for d in docs[:45]:
        w.add(d)
    w.commit()
    for d in docs[45:52]:
        w.add(d)  # lost in the "crash": never committed
    w.close()
    if lose_state:  # crash between the index commit and saving the banner counts
        (folder / "banners.state").unlink()
    ix = FulltextIndex.open(folder)
    with IndexWriter(ix) as w:
        for n, d in enumerate(docs[40:], 1):  # redo from the catalogue's last safe point
            w.add(d)
            if n % 10 == 0:
                w.commit()
        w.finish()
    assert ix.digest() == whole.digest()
    assert ix.doc_count() == 100


def test_replacing_documents_updates_banner_counts(tmp_path):
    docs = corpus()
    ix = FulltextIndex.open(tmp_path)
    with IndexWriter(ix) as w:
        for d in docs:
            w.add(d)
        w.commit()
        for d in docs:  # reindex every page without the banner
            w.add(doc(int(d.path[:4]), d.body.replace(BANNER, "")))
        w.finish()
    fresh = build(
        tmp_path / "fresh", [doc(int(d.path[:4]), d.body.replace(BANNER, "")) for d in docs], 50
    )
    assert ix.digest() == fresh.digest()
    assert body_hits(ix, BOILER, "cryptom") == 0


def test_a_line_repeated_inside_one_document_is_not_a_banner(tmp_path):
    # A long report whose every page ends with the same release line: one document
    # carries it, so it is the report's own text, not a site banner.
    footer = "Approved for release 2005/01/02 by the records office, reference RDP-0077"
    report = "\n\n".join(f"Page {p} of the report on canal dredging.\n{footer}" for p in range(60))
    docs = [doc(0, report), *(doc(i) for i in range(1, 100))]
    ix = build(tmp_path / "ix", docs, batch=25)
    assert body_hits(ix, BODY, "dredg") == 1
    assert body_hits(ix, BODY, "rdp") == 1  # still in the body
    assert body_hits(ix, BOILER, "rdp") == 0


def test_only_headers_and_footers_of_long_documents_can_be_banners(tmp_path):
    statute = "Section 552 of title 5 requires each agency to make records promptly available."
    filler = "\n\n".join(f"Paragraph {p} of the long report on canal dredging." for p in range(120))
    docs = [
        # 40 long reports quote the statute in their middle, under the site's banner.
        doc(i, f"{BANNER}\n\n{filler}\n\n{statute}\n\n{filler}") if i < 40 else doc(i)
        for i in range(100)
    ]
    ix = build(tmp_path / "ix", docs, batch=25)
    assert body_hits(ix, BODY, "cryptom") == 0  # the header is a banner
    assert body_hits(ix, BOILER, "cryptom") == 40
    assert body_hits(ix, BODY, "552") == 40  # the quoted statute is content
