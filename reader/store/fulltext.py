"""The full-text engine (tantivy) behind one small interface: schema, writer, searcher."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from reader.store.banners import (
    BannerCounts,
    Block,
    banner_spans,
    bid_hex,
    blocks,
    split_out,
)
from reader.store.documents import (
    IndexDoc,
    Snippet,
    StoredDoc,
    collapse_spaces,
    date_num,
    disc_number,
    lead_in,
)
from reader.store.locks import claim_writer, release_writer, writer_holder
from reader.store.query import (
    BODY,
    BODY_EXACT,
    BOILER,
    DISC,
    DISC_NO,
    KIND,
    PATH_LOWER,
    PATH_WORDS,
    SCANNED,
    TITLE,
    TITLE_EXACT,
    VOLUME_ID,
    YEAR,
    AllQuery,
    BoostQuery,
    FuzzyQuery,
    IntQuery,
    KeysQuery,
    Order,
    PhraseQuery,
    PrefixQuery,
    Q,
    RangeQuery,
    TermQuery,
)

# Bump when the schema or the analyzers change: an older index is then rebuilt, not misread.
SCHEMA_VERSION = 1
_VERSION_FILE = "archive-reader-index.json"
_BANNER_FILE = "banners.state"


_STEM = "ar_stem"
_FOLD = "ar_fold"
_RAW_FOLD = "ar_raw_fold"
# Words longer than this are noise (base64, hashes) and bloat the term dictionary.
_MAX_TOKEN = 40


class IndexFormatError(Exception):
    """The folder holds an index of another schema version or engine; the caller rebuilds."""


class IndexLockedError(RuntimeError):
    """Another writer (in this or another process) holds the index; the message says who."""


# --- schema ---


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    sb.add_text_field(VOLUME_ID, stored=True, tokenizer_name="raw")
    sb.add_text_field("volume_label", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field(DISC, tokenizer_name=_RAW_FOLD, index_option="basic")
    sb.add_integer_field(DISC_NO, indexed=True)
    sb.add_text_field("path", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field(PATH_LOWER, tokenizer_name=_RAW_FOLD, index_option="basic")
    sb.add_text_field(PATH_WORDS, tokenizer_name=_FOLD)
    sb.add_text_field(TITLE, stored=True, tokenizer_name=_STEM)
    sb.add_text_field(TITLE_EXACT, tokenizer_name=_FOLD)
    sb.add_text_field(BODY, tokenizer_name=_STEM)
    sb.add_text_field(BODY_EXACT, tokenizer_name=_FOLD)
    sb.add_text_field(BOILER, tokenizer_name=_STEM)
    # The original text, stored only (bytes are not indexed): snippets and PDF pages come
    # from it, and banner removal can be undone from it.
    sb.add_bytes_field("text", stored=True)
    sb.add_text_field(KIND, stored=True, tokenizer_name="raw", fast=True)
    sb.add_integer_field(YEAR, stored=True, indexed=True, fast=True)
    sb.add_text_field("date", stored=True, tokenizer_name="raw", index_option="basic")
    # yyyymmdd (0 = unknown) for "newest first"; 99999999 - yyyymmdd for "oldest first",
    # so that undated documents come last in both orders.
    sb.add_integer_field("date_num", fast=True)
    sb.add_integer_field("date_rev", fast=True)
    sb.add_integer_field(SCANNED, stored=True, indexed=True)
    sb.add_integer_field("size", stored=True)
    sb.add_text_field("banner_ids", stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


def _analyzer(stem: bool) -> tantivy.TextAnalyzer:
    b = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_MAX_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    if stem:
        b = b.filter(tantivy.Filter.stemmer("english"))
    return b.build()


_STEMMER = _analyzer(True)
_FOLDER = _analyzer(False)
_RAW_FOLDER = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
    .filter(tantivy.Filter.lowercase())
    .filter(tantivy.Filter.ascii_fold())
    .build()
)


def analyze(text: str, *, stem: bool) -> list[str]:
    """The index's own word analysis: lowercase, accents folded, optionally stemmed."""
    return list((_STEMMER if stem else _FOLDER).analyze(text))


def fold_raw(text: str) -> str:
    """A whole value (path, label) as the raw-folded fields hold it."""
    out = _RAW_FOLDER.analyze(text)
    return out[0] if out else ""


# --- the index ---


class FulltextIndex:
    """One archive's full-text index in a folder."""

    def __init__(self, folder: Path, index: tantivy.Index) -> None:
        self.folder = folder
        self._index = index
        self._schema = index.schema
        for name, an in ((_STEM, _STEMMER), (_FOLD, _FOLDER), (_RAW_FOLD, _RAW_FOLDER)):
            index.register_tokenizer(name, an)
        # Reloaded explicitly in searcher(): no watcher thread, and a commit is seen at once.
        index.config_reader(reload_policy="manual")

    @classmethod
    def open(cls, folder: Path, *, create: bool = True) -> FulltextIndex:
        """Open the index in ``folder``, creating it when missing and ``create`` is set.

        Raises:
            IndexFormatError: the folder holds an index of another schema version.
            FileNotFoundError: there is no index and ``create`` is False.
        """
        folder = Path(folder)
        vfile = folder / _VERSION_FILE
        if folder.is_dir() and tantivy.Index.exists(str(folder)):
            try:
                meta = json.loads(vfile.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise IndexFormatError(f"{folder}: no readable {_VERSION_FILE}") from e
            if meta.get("schema_version") != SCHEMA_VERSION:
                raise IndexFormatError(
                    f"{folder}: index schema {meta.get('schema_version')!r},"
                    f" this version reads {SCHEMA_VERSION}"
                )
            try:
                index = tantivy.Index.open(str(folder))
            except ValueError as e:
                raise IndexFormatError(f"{folder}: {e}") from e
            return cls(folder, index)
        if not create:
            raise FileNotFoundError(f"no full-text index in {folder}")
        folder.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(_schema(), path=str(folder), reuse=False)
        tmp = vfile.with_suffix(".tmp")
        tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION}), encoding="utf-8")
        os.replace(tmp, vfile)
        return cls(folder, index)

    def writer(
        self,
        *,
        banners: Sequence[str] = (),
        heap_size: int = 128_000_000,
        threads: int = 2,
        banner_min_docs: int = 20,
        banner_min_fraction: float = 0.01,
    ) -> IndexWriter:
        """The index's single writer.

        Args:
            banners: texts to keep out of the body whatever their counts (from archive.toml).
            banner_min_docs, banner_min_fraction: a block of text is a banner when at least
                this many documents, and this fraction of all documents, carry it.

        Raises:
            IndexLockedError: another writer is open.
        """
        return IndexWriter(
            self,
            banners=banners,
            heap_size=heap_size,
            threads=max(1, min(threads, os.cpu_count() or 1)),
            min_docs=banner_min_docs,
            min_fraction=banner_min_fraction,
        )

    def searcher(self) -> Searcher:
        """A consistent view of the index as of the last commit."""
        self._index.reload()
        return Searcher(self._index.searcher(), self._schema)

    def doc_count(self) -> int:
        return self.searcher().num_docs

    def keys(self) -> set[str]:
        return {d.doc.key for d in self.searcher().all_docs()}

    def digest(self) -> str:
        """Hash over sorted (key, title, text, banner ids) of every document."""
        per_doc = []
        for d in self.searcher().all_docs():
            h = hashlib.sha256()
            for part in (d.doc.key, d.doc.title, d.doc.body, ",".join(sorted(d.banner_ids))):
                h.update(part.encode())
                h.update(b"\0")
            per_doc.append((d.doc.key, h.hexdigest()))
        total = hashlib.sha256()
        for key, hd in sorted(per_doc):
            total.update(f"{key}\0{hd}\n".encode())
        return total.hexdigest()


def _compile(q: Q, schema: tantivy.Schema) -> tantivy.Query:
    Qy = tantivy.Query
    if isinstance(q, TermQuery):
        return Qy.term_query(schema, q.field, q.text)
    if isinstance(q, IntQuery):
        return Qy.term_query(schema, q.field, q.value)
    if isinstance(q, RangeQuery):
        lo = q.lo if q.lo is not None else -(2**62)
        hi = q.hi if q.hi is not None else 2**62
        return Qy.range_query(schema, q.field, tantivy.FieldType.Integer, lo, hi)
    if isinstance(q, PhraseQuery):
        if q.prefix_last:
            return Qy.phrase_prefix_query(schema, q.field, list(q.words))
        if len(q.words) == 1:  # tantivy panics on one-word phrases
            return Qy.term_query(schema, q.field, q.words[0])
        return Qy.phrase_query(schema, q.field, list(q.words))
    if isinstance(q, PrefixQuery):
        return Qy.fuzzy_term_query(schema, q.field, q.prefix, 0, True, True)
    if isinstance(q, FuzzyQuery):
        return Qy.fuzzy_term_query(schema, q.field, q.text, q.distance, True, False)
    if isinstance(q, AllQuery):
        return Qy.all_query()
    if isinstance(q, KeysQuery):
        return Qy.term_set_query(schema, "key", sorted(f"{v}:{p}" for v, p in q.docs))
    if isinstance(q, BoostQuery):
        inner = _compile(q.query, schema)
        if q.factor == 0:
            return Qy.const_score_query(inner, 0.0)
        return Qy.boost_query(inner, q.factor)
    subs: list[tuple[tantivy.Occur, tantivy.Query]] = []
    subs += [(tantivy.Occur.Must, _compile(s, schema)) for s in q.must]
    subs += [(tantivy.Occur.Should, _compile(s, schema)) for s in q.should]
    subs += [(tantivy.Occur.MustNot, _compile(s, schema)) for s in q.must_not]
    if not q.must and not q.should:
        subs.append((tantivy.Occur.Must, Qy.all_query()))
    return Qy.boolean_query(subs)


def _stored(doc: tantivy.Document) -> StoredDoc:
    d = doc.to_dict()

    def one(name: str, default: Any = None) -> Any:
        v = d.get(name)
        return v[0] if v else default

    date = one("date")
    return StoredDoc(
        IndexDoc(
            key=one("key", ""),
            volume_id=one(VOLUME_ID, ""),
            volume_label=one("volume_label", ""),
            path=one("path", ""),
            title=one(TITLE, ""),
            body=bytes(one("text", b"")).decode("utf-8"),
            kind=one(KIND, ""),
            year=one(YEAR),
            date=date or None,
            scanned=bool(one(SCANNED, 0)),
            size=int(one("size", 0)),
        ),
        tuple(d.get("banner_ids", [])),
    )


@dataclass(frozen=True)
class DocRef:
    """An opaque pointer to a document inside one searcher's view."""

    segment: int
    doc: int


class Searcher:
    """A read-only view of the index; cheap to make, one per query."""

    def __init__(self, searcher: tantivy.Searcher, schema: tantivy.Schema) -> None:
        self._s = searcher
        self._schema = schema

    @property
    def num_docs(self) -> int:
        return self._s.num_docs

    def search(
        self, q: Q, *, limit: int, offset: int = 0, order: Order = Order.RELEVANCE
    ) -> tuple[int, list[tuple[float, DocRef]]]:
        """Total number of matches and one page of (score, ref), best first."""
        query = _compile(q, self._schema)
        kw: dict[str, Any] = {}
        if order is Order.DATE_NEW:
            kw = {"order_by_field": "date_num", "order": tantivy.Order.Desc}
        elif order is Order.DATE_OLD:
            kw = {"order_by_field": "date_rev", "order": tantivy.Order.Desc}
        elif order is Order.PATH:
            kw = {"order_by_field": "path", "order": tantivy.Order.Asc}
        res = self._s.search(query, max(1, limit), count=True, offset=max(0, offset), **kw)
        hits = [
            (float(s) if order is Order.RELEVANCE else 0.0, DocRef(a.segment_ord, a.doc))
            for s, a in res.hits[: max(0, limit)]
        ]
        return int(getattr(res, "count", 0) or 0), hits

    def doc(self, ref: DocRef) -> StoredDoc:
        return _stored(self._s.doc(tantivy.DocAddress(ref.segment, ref.doc)))

    def all_docs(self) -> Iterator[StoredDoc]:
        n = self._s.num_docs
        if n == 0:
            return
        for _, a in self._s.search(tantivy.Query.all_query(), n, count=False).hits:
            yield _stored(self._s.doc(a))

    def refs(self, q: Q) -> list[DocRef]:
        """Every matching document (for maintenance, not for user queries)."""
        n = self._s.num_docs
        if n == 0:
            return []
        res = self._s.search(_compile(q, self._schema), n, count=False)
        return [DocRef(a.segment_ord, a.doc) for _, a in res.hits]

    def facets(self, q: Q) -> dict[str, dict[str, int]]:
        """Counts per year, type and disc over all matches."""
        aggs = {
            "year": {"terms": {"field": YEAR, "size": 1000}},
            "type": {"terms": {"field": KIND, "size": 50}},
            "disc": {"terms": {"field": "volume_label", "size": 500}},
        }
        res = self._s.aggregate(_compile(q, self._schema), aggs)
        out: dict[str, dict[str, int]] = {}
        for name in aggs:
            buckets = res.get(name, {}).get("buckets", [])
            out[name] = {str(b["key"]): int(b["doc_count"]) for b in buckets}
        return out

    def doc_freq(self, field_name: str, term: str) -> int:
        """Documents holding the term (deleted ones not yet merged away included)."""
        return int(self._s.doc_freq(field_name, term))

    def terms_with_prefix(
        self, field_name: str, prefix: str, limit: int | None = None
    ) -> list[tuple[str, int]]:
        return [(t, int(n)) for t, n in self._s.terms_with_prefix(field_name, prefix, limit=limit)]

    def snippets(self, stems: Sequence[str], max_chars: int = 240) -> SnippetMaker:
        return SnippetMaker(self._s, self._schema, stems, max_chars)


class SnippetMaker:
    """Best passage of a text for a set of (stemmed) body terms."""

    # Tokenising the whole text is the cost; beyond this, a window around the first
    # likely match is used instead.
    WINDOW = 400_000

    def __init__(
        self, s: tantivy.Searcher, schema: tantivy.Schema, stems: Sequence[str], max_chars: int
    ) -> None:
        self._stems = sorted(set(stems))
        self._gen: tantivy.SnippetGenerator | None = None
        if self._stems:
            q = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(schema, BODY, t)) for t in stems]
            )
            self._gen = tantivy.SnippetGenerator.create(s, q, schema, BODY)
            self._gen.set_max_num_chars(max_chars)
            self._find = re.compile("|".join(re.escape(t) for t in self._stems), re.IGNORECASE)

    def make(self, text: str) -> tuple[Snippet, int] | None:
        """The passage and the character offset in `text` of its first match; None when no
        word of the query is in the text."""
        if self._gen is None or not text:
            return None
        base = 0
        if len(text) > self.WINDOW:
            m = self._find.search(text)
            base = max(0, (m.start() if m else 0) - self.WINDOW // 4)
            text = text[base : base + self.WINDOW]
        sn = self._gen.snippet_from_doc(tantivy.Document(body=text))
        if not sn.highlighted():
            return None
        # Offsets from the engine are in UTF-8 bytes; highlights count from the fragment.
        raw = text.encode()
        frag = raw[sn.fragment_range().start : sn.fragment_range().end]
        first = sn.fragment_range().start + sn.highlighted()[0].start
        marks = [
            (
                len(frag[: h.start].decode(errors="ignore")),
                len(frag[: h.end].decode(errors="ignore")),
            )
            for h in sn.highlighted()
        ]
        snippet = lead_in(collapse_spaces(frag.decode(errors="ignore"), marks))
        return snippet, base + len(raw[:first].decode(errors="ignore"))


# --- the writer ---


class IndexWriter:
    """Adds, replaces and deletes documents; keeps site banners out of the body."""

    def __init__(
        self,
        index: FulltextIndex,
        *,
        banners: Sequence[str],
        heap_size: int,
        threads: int,
        min_docs: int,
        min_fraction: float,
    ) -> None:
        self._index = index
        self._schema = index._schema
        try:
            w = index._index.writer(heap_size=heap_size, num_threads=threads)
        except ValueError as e:
            raise IndexLockedError(writer_holder(index.folder)) from e
        claim_writer(index.folder)
        self._w: tantivy.IndexWriter | None = w
        self._min_docs = max(1, min_docs)
        self._min_fraction = min_fraction
        self._state_path = index.folder / _BANNER_FILE
        st = BannerCounts.load(self._state_path)
        if st is None or st.opstamp != w.commit_opstamp:
            # Missing or older than the index (a crash between commit and save): recount.
            st = self._recount()
        self._st = st
        st.name_banners(banners)
        # key -> blocks of its current uncommitted version (None: deleted in this batch).
        self._batch: dict[str, list[Block] | None] = {}
        self._searcher = index.searcher()
        # While the index started empty, only keys committed by this writer can exist.
        self._known: set[str] | None = set() if self._searcher.num_docs == 0 else None
        self._dirty = False

    def _recount(self) -> BannerCounts:
        st = BannerCounts()
        for d in self._index.searcher().all_docs():
            st.change(blocks(d.doc.body), +1, self._min_docs, d.doc.body)
        assert self._w is not None
        st.opstamp = self._w.commit_opstamp
        return st

    def _writer(self) -> tantivy.IndexWriter:
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
        return blocks(self._searcher.doc(hits[0][1]).doc.body) if hits else None

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
        self._account(doc.key, bl, doc.body)
        self._write(doc, bl, self._banned(bl))

    def _write(self, doc: IndexDoc, bl: list[Block], banned: set[int]) -> None:
        w = self._writer()
        body, boiler = split_out(doc.body, banner_spans(doc.body, banned, bl) if banned else [])
        d = tantivy.Document()
        d.add_text("key", doc.key)
        d.add_text(VOLUME_ID, doc.volume_id)
        d.add_text("volume_label", doc.volume_label)
        d.add_text(DISC, doc.volume_label)
        if (n := disc_number(doc.volume_label)) is not None:
            d.add_integer(DISC_NO, n)
        d.add_text("path", doc.path)
        d.add_text(PATH_LOWER, doc.path)
        d.add_text(PATH_WORDS, doc.path)
        d.add_text(TITLE, doc.title)
        d.add_text(TITLE_EXACT, doc.title)
        d.add_text(BODY, body)
        d.add_text(BODY_EXACT, body)
        if boiler:
            d.add_text(BOILER, "\n".join(boiler))
        d.add_bytes("text", doc.body.encode("utf-8", "surrogatepass"))
        d.add_text(KIND, doc.kind)
        if doc.year is not None:
            d.add_integer(YEAR, doc.year)
        if doc.date:
            d.add_text("date", doc.date)
        dn = date_num(doc.date, doc.year)
        d.add_integer("date_num", dn)
        d.add_integer("date_rev", 99_999_999 - dn if dn else 0)
        d.add_integer(SCANNED, int(doc.scanned))
        d.add_integer("size", doc.size)
        for bid in sorted({k for _, _, k in bl if k in banned}):
            d.add_text("banner_ids", bid_hex(bid))
        w.delete_documents_by_term("key", doc.key)
        w.add_document(d)
        self._dirty = True

    def delete(self, key: str) -> None:
        self._account(key, None)
        self._writer().delete_documents_by_term("key", key)
        self._dirty = True

    def commit(self) -> None:
        """Make every change so far durable; the banner counts are saved with it."""
        w = self._writer()
        op = w.commit()
        # Saved after the commit: a crash in between leaves an older opstamp in the file,
        # and the next writer recounts from the index instead of trusting it.
        self._st.opstamp = op
        self._st.save(self._state_path)
        if self._known is not None:
            self._known.update(k for k, v in self._batch.items() if v is not None)
            self._known.difference_update(k for k, v in self._batch.items() if v is None)
        self._batch.clear()
        self._searcher = self._index.searcher()
        self._dirty = False

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
            words = analyze(self._st.texts.get(bid, ""), stem=False)
            if words:
                refs.update(s.refs(PhraseQuery(BODY_EXACT, tuple(words))))
        for hex_id, _n in s.terms_with_prefix("banner_ids", ""):
            if int(hex_id, 16) not in final:
                refs.update(s.refs(TermQuery("banner_ids", hex_id)))
        for ref in sorted(refs, key=lambda r: (r.segment, r.doc)):
            sd = s.doc(ref)
            bl = blocks(sd.doc.body)
            banned = {k for _, _, k in bl if k in final}
            if banned != {int(h, 16) for h in sd.banner_ids}:
                self._write(sd.doc, bl, banned)
        self.commit()

    def close(self) -> None:
        """Release the index lock; changes not committed are dropped."""
        if self._w is None:
            return
        w, self._w = self._w, None
        with contextlib.suppress(ValueError):
            if self._dirty:
                w.rollback()
            w.wait_merging_threads()
        del w
        release_writer(self._index.folder)

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
