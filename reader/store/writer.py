"""The index's single writer: documents in, site banners out of their bodies, long texts in
passages (reader.store.passages), deletes; one commit makes a batch durable."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.store.banners import (
    BannerCounts,
    Block,
    banner_spans,
    bid_hex,
    blocks,
    mask_spans,
    split_out,
)
from reader.store.documents import IndexDoc, Passage, date_num, disc_number
from reader.store.fulltext import (
    DocRef,
    EngineWriter,
    Form,
    FulltextIndex,
    Searcher,
    analyze,
    pack_blocks,
)
from reader.store.passages import LEAD_CHARS, cut, is_long
from reader.store.query import (
    BODY,
    BODY_EXACT,
    BOILER,
    DISC,
    DISC_NO,
    DUP,
    KIND,
    PATH_LOWER,
    PATH_WORDS,
    SCANNED,
    TITLE,
    TITLE_EXACT,
    VOLUME_ID,
    YEAR,
    AllQuery,
    PhraseQuery,
    TermQuery,
)

_BANNER_FILE = "banners.state"


class IndexWriter:
    """Adds, replaces and deletes documents; keeps site banners out of the body.

    Args:
        banners: texts to keep out of the body whatever their counts (from archive.toml).
        banner_min_docs, banner_min_fraction: a block of text is a banner when at least
            this many documents, and this fraction of all documents, carry it.

    Raises:
        IndexLockedError: another writer is open (the message says who).
    """

    def __init__(
        self,
        index: FulltextIndex,
        *,
        banners: Sequence[str] = (),
        heap_size: int = 128_000_000,
        threads: int = 2,
        passage_heap: int | None = None,
        banner_min_docs: int = 20,
        banner_min_fraction: float = 0.01,
    ) -> None:
        self._index = index
        self._w: EngineWriter | None = index.engine_writer(
            heap_size=heap_size, threads=threads, passage_heap=passage_heap
        )
        self._min_docs = max(1, banner_min_docs)
        self._min_fraction = banner_min_fraction
        self._state_path = Path(index.folder) / _BANNER_FILE
        st = BannerCounts.load(self._state_path)
        if st is None or st.opstamp != self._w.opstamp:
            # Missing or older than the index (a crash between commit and save): recount.
            st = self._recount()
        self._st = st
        st.name_banners(banners)
        # key -> blocks of its current uncommitted version (None: deleted in this batch).
        self._batch: dict[str, list[Block] | None] = {}
        self._searcher = index.searcher()
        # While the index started empty, only keys committed by this writer can exist.
        self._known: set[str] | None = set() if self._searcher.num_docs == 0 else None

    def _recount(self) -> BannerCounts:
        st = BannerCounts()
        for d in self._index.searcher().all_docs():
            st.change(list(d.blocks), +1, self._min_docs, d.doc.body)
        assert self._w is not None
        st.opstamp = self._w.opstamp
        return st

    def _writer(self) -> EngineWriter:
        if self._w is None:
            raise RuntimeError("index writer is closed")
        return self._w

    def _banned(self, bl: Sequence[Block]) -> set[int]:
        return self._st.banned(bl, self._min_docs, self._min_fraction)

    def _old_blocks(self, key: str) -> list[Block] | None:
        if key in self._batch:
            return self._batch[key]
        if self._known is not None and key not in self._known:
            return None
        _, hits = self._searcher.search(TermQuery("key", key), limit=1)
        return list(self._searcher.doc(hits[0][1]).blocks) if hits else None

    def _account(self, key: str, new: list[Block] | None, body: str | None = None) -> None:
        old = self._old_blocks(key)
        if old is not None:
            self._st.change(old, -1, self._min_docs)
        if new is not None:
            self._st.change(new, +1, self._min_docs, body)
        self._batch[key] = new

    def add(self, doc: IndexDoc) -> None:
        """Add ``doc``, replacing any document with the same key."""
        bl = list(doc.blocks) if doc.blocks is not None else blocks(doc.body)
        # A key the index cannot hold yet has nothing to delete: measured, deleting anyway
        # cost a tenth of the writer's time on a first indexing (every delete is looked up
        # in every segment at the commit).
        replaces = self._known is None or doc.key in self._known or doc.key in self._batch
        self._account(doc.key, bl, doc.body)
        self._write(doc, bl, self._banned(bl), doc.nav, replaces=replaces)

    def _write(
        self, doc: IndexDoc, bl: list[Block], banned: set[int], nav: str, *, replaces: bool = True
    ) -> None:
        spans = banner_spans(doc.body, banned, bl) if banned else []
        body, boiler = split_out(doc.body, spans)
        if nav:
            boiler.append(nav)
        long = is_long(doc.body)
        fields: dict[str, object] = {
            "key": doc.key,
            VOLUME_ID: doc.volume_id,
            "volume_label": doc.volume_label,
            DISC: doc.volume_label,
            "path": doc.path,
            PATH_LOWER: doc.path,
            PATH_WORDS: doc.path,
            TITLE: doc.title,
            TITLE_EXACT: doc.title,
            BODY: body,
            BODY_EXACT: body,
            "text": (doc.body[:LEAD_CHARS] if long else doc.body).encode("utf-8", "surrogatepass"),
            "long": len(doc.body) if long else 0,
            "blocks": pack_blocks(bl),
            KIND: doc.kind,
            "date_num": (dn := date_num(doc.date, doc.year)),
            "date_rev": 99_999_999 - dn if dn else 0,
            SCANNED: int(doc.scanned),
            "size": doc.size,
            DUP: doc.dup,
            "nav": nav.encode("utf-8", "surrogatepass"),
            "banner_ids": [bid_hex(k) for k in sorted({k for _, _, k in bl if k in banned})],
        }
        if boiler:
            fields[BOILER] = "\n".join(boiler)
        if (n := disc_number(doc.volume_label)) is not None:
            fields[DISC_NO] = n
        if doc.year is not None:
            fields[YEAR] = doc.year
        if doc.date:
            fields["date"] = doc.date
        passages: list[Passage] = []
        words: list[str] = []
        if long:
            # Banner text is left out of what a passage is found by (never out of its text,
            # which a snippet shows with the banners masked).
            masked = mask_spans(doc.body, spans)
            for n, (start, end, page) in enumerate(cut(doc.body)):
                passages.append(Passage(n, start, page, doc.body[start:end]))
                words.append(masked[start:end])
        self._writer().put(fields, passages, words, replaces=replaces)

    def copy_all(self, source: Searcher) -> int:
        """Write every document of `source` into this writer's index (empty, and with no
        key of `source`'s) as `source` holds it: the same text, blocks and banners left
        out. Returns the documents written (committed by `commit`).

        In the order of their paths (then discs), not of `source`'s batches: the same set
        gives the same index however its build went, equal scores included."""
        written = 0
        for ref in _path_order(source):
            stored = source.doc(ref)
            doc = source.with_full_text(stored).doc
            bl = list(stored.blocks)
            # Counted as a recount would (not through _account: its batch would keep the
            # blocks of every document of the set until the commit).
            self._st.change(bl, +1, self._min_docs, doc.body)
            banned = {int(h, 16) for h in stored.banner_ids}
            self._write(doc, bl, banned, doc.nav, replaces=False)
            written += 1
        self._known = None  # every key of `source` is in the index now
        return written

    def delete(self, key: str) -> None:
        self._account(key, None)
        self._writer().delete(key)

    def commit(self) -> None:
        """Make every change so far durable; the banner counts are saved with it."""
        op = self._writer().commit()
        # Saved after the commit: a crash in between leaves an older opstamp in the file,
        # and the next writer recounts from the index instead of trusting it.
        self._st.opstamp = op
        self._st.save(self._state_path)
        if self._known is not None:
            self._known.update(k for k, v in self._batch.items() if v is not None)
            self._known.difference_update(k for k, v in self._batch.items() if v is None)
        self._batch.clear()
        self._searcher = self._index.searcher()

    def finish(self) -> None:
        """End of a run: settle the final banner set over all documents, then commit.

        Documents added before a block was recognised lose it now; documents that lost a
        block no longer frequent enough to count as a banner get it back.
        """
        self.commit()
        s = self._searcher
        final = self._st.final_set(self._min_docs, self._min_fraction)
        refs: set[DocRef] = set()
        for bid in final:
            words = analyze(self._st.texts.get(bid, ""), Form.EXACT)
            if words:
                refs.update(s.refs(PhraseQuery(BODY_EXACT, tuple(words))))
        for hex_id, _n in s.terms_with_prefix("banner_ids", ""):
            if int(hex_id, 16) not in final:
                refs.update(s.refs(TermQuery("banner_ids", hex_id)))
        for ref in sorted(refs, key=lambda r: (r.segment, r.doc)):
            stored = s.doc(ref)
            banned = {k for _, _, k in stored.blocks if k in final}
            if banned != {int(h, 16) for h in stored.banner_ids}:
                full = s.with_full_text(stored)
                self._write(full.doc, list(stored.blocks), banned, full.doc.nav)
        self.commit()

    def close(self) -> None:
        """Release the index lock; changes not committed are dropped."""
        if self._w is None:
            return
        w, self._w = self._w, None
        w.close()

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _path_order(source: Searcher) -> list[DocRef]:
    """Every document of `source`, by path, then disc (fast fields: none is read)."""
    n = source.num_docs
    _, paths = source.fast_texts("path", AllQuery(), n)
    _, labels = source.fast_texts("volume_label", AllQuery(), n)
    return sorted(
        source.refs(AllQuery()),  # every document, a path or not
        key=lambda r: (paths.get(r, ""), labels.get(r, ""), r.segment, r.doc),
    )


# What the published copy's writer may hold in memory, the documents' and the passages'
# together (tantivy takes it as it goes: a bound, not an allocation). An index whose
# in-memory form is bigger is written as one segment per this much (see compact_copy).
COMPACT_HEAP = 1_000_000_000
_COMPACT_PASSAGE_SHARE = 0.3  # passages: words without positions, a smaller in-memory form


def compact_copy(source: FulltextIndex, dest: Path, *, heap_size: int = COMPACT_HEAP) -> int:
    """Write `source` afresh into `dest` (missing or empty) as one segment per index.

    An index built in batches has a segment per commit and writer thread (tantivy merges
    them only eight at a time) and keeps replaced documents until a merge; each segment
    costs seeks to open where the index is read in place (a disc). One writer thread and
    one commit make one segment of each index, as long as what it holds in memory stays
    under its share of `heap_size`; past that, tantivy writes a further segment per share.

    Returns the documents written.
    """
    passage_heap = max(int(heap_size * _COMPACT_PASSAGE_SHARE), 15_000_000)
    copy = FulltextIndex.open(dest)
    main_heap = max(heap_size - passage_heap, 15_000_000)
    with IndexWriter(copy, heap_size=main_heap, threads=1, passage_heap=passage_heap) as writer:
        written = writer.copy_all(source.searcher())
        writer.commit()
    return written
