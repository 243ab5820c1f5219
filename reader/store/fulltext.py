"""The full-text engine (tantivy) behind one small interface: schema, analyzers, searcher.

An archive's index is two tantivy indexes in one folder: the documents (`folder`), and the
passages of long documents (`folder/passages`), whose text is stored and searched in pieces
so that a snippet of a 2,000-page PDF reads one page, not the whole text
(reader.store.passages). reader.store.writer writes both; this module is the only one that
imports tantivy.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tantivy

from reader.sentences import QT_TRANSLATE_NOOP
from reader.store import query as iq
from reader.store.documents import Passage, StoredDoc, stored_doc
from reader.store.documents import pack_blocks as pack_blocks  # noqa: PLC0414 - the writer's
from reader.store.index_errors import (
    IndexDamagedError,
    IndexFormatError,
    IndexLockedError,
    damaged_problem,
    engine_error,
    writing,
)
from reader.store.locks import claim_writer, release_writer, writer_holder
from reader.store.query import (
    AllQuery,
    BoolQuery,
    BoostQuery,
    ConstQuery,
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
from reader.store.words import MAX_TOKEN_BYTES, space_cjk
from reader.store.words import Form as Form  # noqa: PLC0414 - reader.store.writer's import

# Bump when the schema or the analyzers change: an older index is then rebuilt, not misread.
# 2: the exact fields keep accents; long documents stored as passages; navigation apart.
# 3: passages indexed folded, not stemmed (reader.search.engine.passage_words).
# 4: no positions in body_exact and boiler (a phrase there is compiled as _unpositioned).
# 5: each CJK character a word (reader.store.words.space_cjk); older indexes are rebuilt.
SCHEMA_VERSION = 5
_VERSION_FILE = "archive-reader-index.json"
PASSAGES_DIR = "passages"

_STEM = "ar_stem"
_FOLD = "ar_fold"
_EXACT = "ar_exact"
_RAW_FOLD = "ar_raw_fold"


# --- analysis: what a word is, the index's own way (reader.search.analysis uses it) ---


def _analyzer(form: Form) -> tantivy.TextAnalyzer:
    b = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
        .filter(tantivy.Filter.lowercase())
    )
    if form is not Form.EXACT:
        b = b.filter(tantivy.Filter.ascii_fold())
    if form is Form.STEM:
        b = b.filter(tantivy.Filter.stemmer("english"))
    return b.build()


_ANALYZERS = {form: _analyzer(form) for form in Form}
_RAW_FOLDER = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
    .filter(tantivy.Filter.lowercase())
    .filter(tantivy.Filter.ascii_fold())
    .build()
)


def analyze(text: str, form: Form) -> list[str]:
    """The words of `text` as the index holds them in fields of that form."""
    return list(_ANALYZERS[form].analyze(space_cjk(text)))


def fold_raw(text: str) -> str:
    """A whole value (path, label) as the raw-folded fields hold it."""
    out = _RAW_FOLDER.analyze(text)
    return out[0] if out else ""


# --- schema ---


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    sb.add_text_field(iq.VOLUME_ID, stored=True, tokenizer_name="raw")
    sb.add_text_field("volume_label", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field(iq.DISC, tokenizer_name=_RAW_FOLD, index_option="basic")
    sb.add_integer_field(iq.DISC_NO, indexed=True)
    sb.add_text_field("path", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field(iq.PATH_LOWER, tokenizer_name=_RAW_FOLD, index_option="basic")
    sb.add_text_field(iq.PATH_WORDS, tokenizer_name=_FOLD)
    sb.add_text_field(iq.TITLE, stored=True, tokenizer_name=_STEM)
    sb.add_text_field(iq.TITLE_EXACT, tokenizer_name=_EXACT)
    sb.add_text_field(iq.BODY, tokenizer_name=_STEM)
    # Positions only where phrases need them: body_exact's were a quarter of this index.
    sb.add_text_field(iq.BODY_EXACT, tokenizer_name=_EXACT, index_option="freq")
    sb.add_text_field(iq.BOILER, tokenizer_name=_STEM, index_option="freq")
    # The text, stored only: a short document's whole text (its snippets come from it), a
    # long one's lead (the rest is in its passages).
    sb.add_bytes_field("text", stored=True)
    sb.add_integer_field("long", stored=True)  # a long text's length (0: short, text above)
    sb.add_bytes_field("blocks", stored=True)  # packed (start, end, id): banner accounting
    sb.add_text_field(iq.KIND, stored=True, tokenizer_name="raw", fast=True)
    sb.add_integer_field(iq.YEAR, stored=True, indexed=True, fast=True)
    sb.add_text_field("date", stored=True, tokenizer_name="raw", index_option="basic")
    # yyyymmdd (0 = unknown) for "newest first"; 99999999 - yyyymmdd for "oldest first",
    # so that undated documents come last in both orders.
    sb.add_integer_field("date_num", fast=True)
    sb.add_integer_field("date_rev", fast=True)
    sb.add_integer_field(iq.SCANNED, stored=True, indexed=True)
    sb.add_integer_field("size", stored=True)
    # The same words in the same order (copies of a page in several folders): one row.
    sb.add_integer_field(iq.DUP, stored=True, indexed=True, fast=True)
    sb.add_bytes_field("nav", stored=True)  # given back to BOILER when the document is rewritten
    sb.add_text_field("banner_ids", stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


# The fields of words (the others hold whole values): their text goes in through space_cjk.
_ANALYZED = frozenset({iq.PATH_WORDS, iq.TITLE, iq.TITLE_EXACT, iq.BODY, iq.BODY_EXACT, iq.BOILER})
_spaced = functools.lru_cache(maxsize=2)(space_cjk)  # body and body_exact: one text


def _passage_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("parent", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("n", stored=True, fast=True)
    sb.add_integer_field("start", stored=True)
    sb.add_integer_field("page", stored=True)
    # Only to pick a document's best passage for its snippet: no positions needed.
    sb.add_text_field("words", tokenizer_name=_FOLD, index_option="freq")
    sb.add_bytes_field("text", stored=True)
    return sb.build()


# --- the index ---


def _open_one(folder: Path, schema: tantivy.Schema, create: bool) -> tantivy.Index:
    if folder.is_dir() and tantivy.Index.exists(str(folder)):
        try:
            return tantivy.Index.open(str(folder))
        except ValueError as e:
            raise IndexDamagedError(f"{folder}: {e}", damaged_problem(str(e))) from e
    if not create:
        raise FileNotFoundError(f"no full-text index in {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return tantivy.Index(schema, path=str(folder), reuse=False)
    except ValueError as e:
        if tantivy.Index.exists(str(folder)):  # another process created it meanwhile
            return tantivy.Index.open(str(folder))
        raise engine_error(e, folder) from e


class FulltextIndex:
    """One archive's full-text index in a folder (documents, and passages of long ones)."""

    def __init__(self, folder: Path, index: tantivy.Index, passages: tantivy.Index) -> None:
        self.folder = folder
        self._index = index
        self._passages = passages
        for ix in (index, passages):
            for form, name in ((Form.STEM, _STEM), (Form.FOLDED, _FOLD), (Form.EXACT, _EXACT)):
                ix.register_tokenizer(name, _ANALYZERS[form])
            ix.register_tokenizer(_RAW_FOLD, _RAW_FOLDER)
            # Reloaded explicitly in searcher(): no watcher thread, a commit is seen at once.
            ix.config_reader(reload_policy="manual")

    @classmethod
    def open(cls, folder: Path, *, create: bool = True) -> FulltextIndex:
        """Open the index in ``folder``, creating it when missing and ``create`` is set.

        Raises:
            IndexFormatError: the folder holds an index of another schema version.
            IndexDamagedError: it holds one that cannot be opened (a file lost or cut).
            FileNotFoundError: there is no index (no meta.json) and ``create`` is False.
            OSError: it could not be created (the disk is full...).
        """
        folder = Path(folder)
        vfile = folder / _VERSION_FILE
        if folder.is_dir() and tantivy.Index.exists(str(folder)):
            try:
                meta = json.loads(vfile.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise IndexDamagedError(
                    QT_TRANSLATE_NOOP("Core", "{folder}: no readable {file}").format(
                        folder=folder, file=_VERSION_FILE
                    ),
                    QT_TRANSLATE_NOOP(
                        "Core", "the search index is damaged (its {file} is missing)"
                    ).format(file=_VERSION_FILE),
                ) from e
            if not isinstance(meta, dict) or meta.get("schema_version") != SCHEMA_VERSION:
                version = meta.get("schema_version") if isinstance(meta, dict) else None
                raise IndexFormatError(
                    f"{folder}: index schema {version!r}, this version reads {SCHEMA_VERSION}"
                )
            main = _open_one(folder, _schema(), create=False)
            try:
                passages = _open_one(folder / PASSAGES_DIR, _passage_schema(), create=False)
            except FileNotFoundError as e:
                # Without them the long documents could not be searched or shown.
                raise IndexDamagedError(
                    QT_TRANSLATE_NOOP("Core", "{folder}: no passages index").format(folder=folder),
                    QT_TRANSLATE_NOOP(
                        "Core", "the search index is damaged (its passages are missing)"
                    ),
                ) from e
            return cls(folder, main, passages)
        if not create:
            raise FileNotFoundError(f"no full-text index in {folder}")
        folder.mkdir(parents=True, exist_ok=True)
        # The main index's meta.json last: whoever sees it (the index exists) sees the
        # schema version and the passages too, even if the disk filled up half-way.
        # A name of its own: commands started together on a new archive all create it, and
        # a shared temporary file would be moved away under the others' feet.
        tmp = vfile.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION}), encoding="utf-8")
        os.replace(tmp, vfile)
        passages = _open_one(folder / PASSAGES_DIR, _passage_schema(), create=True)
        main = _open_one(folder, _schema(), create=True)
        return cls(folder, main, passages)

    def engine_writer(
        self, *, heap_size: int, threads: int, passage_heap: int | None = None
    ) -> EngineWriter:
        """The raw writer of both indexes (reader.store.writer.IndexWriter wraps it).

        `heap_size` and `threads` are the documents'; `passage_heap` given, the passages
        get that much and `threads` too (else a quarter of `heap_size`, tantivy's threads).

        Raises:
            IndexLockedError: another writer is open.
            OSError: the disk is full (and other failures to write).
        """
        return EngineWriter(self, heap_size=heap_size, threads=threads, passage_heap=passage_heap)

    def searcher(self) -> Searcher:
        """A consistent view of the index as of the last commit."""
        self._index.reload()
        self._passages.reload()
        return Searcher(self._index.searcher(), self._passages.searcher(), self._index.schema)

    def doc_count(self) -> int:
        return self.searcher().num_docs

    def keys(self) -> set[str]:
        return {d.doc.key for d in self.searcher().all_docs(full=False)}

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


class EngineWriter:
    """Adds and deletes documents and passages in both indexes; commits passages first.

    A crash between the two commits leaves a document's new passages beside its old entry:
    its catalogue row is still pending then, and the rerun writes both again.

    tantivy reports a failed write as a ValueError ("An IO error occurred: 'No space left
    on device (os error 28)'"); every write here raises it as the OSError it is.
    """

    def __init__(
        self,
        index: FulltextIndex,
        *,
        heap_size: int,
        threads: int,
        passage_heap: int | None = None,
    ) -> None:
        self.index = index
        folder = index.folder
        try:
            self._w = index._index.writer(heap_size=heap_size, num_threads=threads)
        except ValueError as e:
            raise _writer_error(e, folder) from e
        if passage_heap is None:
            passage_heap, passage_threads = max(heap_size // 4, 15_000_000), 0
        else:
            passage_threads = threads
        try:
            self._p = index._passages.writer(heap_size=passage_heap, num_threads=passage_threads)
        except ValueError as e:
            with contextlib.suppress(ValueError):
                self._w.wait_merging_threads()  # lets the first lock go
            del self._w
            raise _writer_error(e, folder) from e
        claim_writer(folder)
        self._dirty = False

    @property
    def opstamp(self) -> int:
        return int(self._w.commit_opstamp)

    def put(
        self,
        fields: dict[str, Any],
        passages: Iterable[Passage],
        words: Sequence[str],
        *,
        replaces: bool = True,
    ) -> None:
        """Replace the document with key `fields["key"]` (and its passages) by this one.

        `fields`: field name -> a value or a list of values (str, int, bytes); `words`:
        the indexed text of each passage (its text with banners left out); `replaces`:
        False when no document with this key can be in the index (nothing to delete).
        """
        key = fields["key"]
        with writing(self.index.folder):
            if replaces:
                self.delete(key)
            self._dirty = True
            d = tantivy.Document()
            for name, value in fields.items():
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, bytes):
                        d.add_bytes(name, v)
                    elif isinstance(v, int):
                        d.add_integer(name, v)
                    else:
                        d.add_text(name, _spaced(v) if name in _ANALYZED else v)
            self._w.add_document(d)
            for p, text in zip(passages, words, strict=True):
                pd = tantivy.Document()
                pd.add_text("parent", key)
                pd.add_integer("n", p.n)
                pd.add_integer("start", p.start)
                pd.add_integer("page", p.page)
                pd.add_text("words", _spaced(text))
                pd.add_bytes("text", p.text.encode("utf-8", "surrogatepass"))
                self._p.add_document(pd)

    def delete(self, key: str) -> None:
        with writing(self.index.folder):
            self._w.delete_documents_by_term("key", key)
            self._p.delete_documents_by_term("parent", key)
        self._dirty = True

    def commit(self) -> int:
        with writing(self.index.folder):
            self._p.commit()
            op = int(self._w.commit())
        self._dirty = False
        return op

    def close(self) -> None:
        """Release the lock; what was not committed is dropped."""
        for w in (self._p, self._w):
            with contextlib.suppress(ValueError):
                if self._dirty:
                    w.rollback()
                w.wait_merging_threads()
        del self._w, self._p
        release_writer(self.index.folder)


def _writer_error(exc: ValueError, folder: Path) -> Exception:
    """Why tantivy would not give a writer: another one holds it, or a failed write."""
    # tantivy: "Failed to acquire Lockfile: LockBusy. ..." when another writer holds it.
    if "lockbusy" in str(exc).lower():
        return IndexLockedError(writer_holder(folder))
    return engine_error(exc, folder)


def _compile(q: Q, schema: tantivy.Schema) -> tantivy.Query:
    Qy = tantivy.Query
    if isinstance(q, TermQuery):
        # Scored by frequencies: tantivy's default would read the word's positions too
        # (a seek each on an index searched in place on a DVD), which nothing here uses.
        return Qy.term_query(schema, q.field, q.text, "freq")
    if isinstance(q, IntQuery):
        return Qy.term_query(schema, q.field, q.value)
    if isinstance(q, RangeQuery):
        lo = q.lo if q.lo is not None else -(2**62)
        hi = q.hi if q.hi is not None else 2**62
        return Qy.range_query(schema, q.field, tantivy.FieldType.Integer, lo, hi)
    if isinstance(q, PhraseQuery):
        if q.field in _UNPOSITIONED:
            return _compile(_unpositioned(q), schema)
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
    if isinstance(q, ConstQuery):
        return Qy.const_score_query(_compile(q.query, schema), q.score)
    if isinstance(q, BoostQuery):
        inner = _compile(q.query, schema)
        if q.factor == 0:
            return Qy.const_score_query(inner, 0.0)
        return Qy.boost_query(inner, q.factor)
    assert isinstance(q, BoolQuery)
    subs: list[tuple[tantivy.Occur, tantivy.Query]] = []
    subs += [(tantivy.Occur.Must, _compile(s, schema)) for s in q.must]
    subs += [(tantivy.Occur.Should, _compile(s, schema)) for s in q.should]
    subs += [(tantivy.Occur.MustNot, _compile(s, schema)) for s in q.must_not]
    if not q.must and not q.should:
        subs.append((tantivy.Occur.Must, Qy.all_query()))
    return Qy.boolean_query(subs)


_ORDER_BY = {
    Order.DATE_NEW: ("date_num", tantivy.Order.Desc),
    Order.DATE_OLD: ("date_rev", tantivy.Order.Desc),
    Order.PATH: ("path", tantivy.Order.Asc),
}
# Fields without positions -> the one holding the same words stemmed, with positions.
_UNPOSITIONED = {iq.BODY_EXACT: iq.BODY, iq.BOILER: None}


def _unpositioned(q: PhraseQuery) -> Q:
    """A phrase in a field without positions: its words there, and in a row in the stemmed
    field their stems, a last prefix's left out (landi* is no prefix of landing's: land)."""
    words = q.words[:-1] if q.prefix_last else q.words
    must: list[Q] = [TermQuery(q.field, w) for w in words]
    if q.prefix_last:
        must.append(PrefixQuery(q.field, q.words[-1]))
    if (stemmed := _UNPOSITIONED[q.field]) and len(words) >= 2:
        stems = tuple(t for w in words for t in analyze(w, Form.STEM))
        if len(stems) == len(words):
            must.append(PhraseQuery(stemmed, stems))
    return BoolQuery(must=tuple(must))


def _stored(doc: tantivy.Document) -> StoredDoc:
    return stored_doc(doc.to_dict())


def _passage(doc: tantivy.Document) -> Passage:
    d = doc.to_dict()
    text = bytes(d["text"][0]).decode("utf-8", "surrogatepass")
    return Passage(int(d["n"][0]), int(d["start"][0]), int(d["page"][0]), text)


@dataclass(frozen=True)
class DocRef:
    """An opaque pointer to a document inside one searcher's view."""

    segment: int
    doc: int


class Searcher:
    """A read-only view of the index; cheap to make, one per query."""

    def __init__(
        self, searcher: tantivy.Searcher, passages: tantivy.Searcher, schema: tantivy.Schema
    ) -> None:
        self._s = searcher
        self._p = passages
        self._schema = schema
        self._pschema = _passage_schema()

    @property
    def num_docs(self) -> int:
        return int(self._s.num_docs)

    def search(
        self, q: Q, *, limit: int, offset: int = 0, order: Order = Order.RELEVANCE
    ) -> tuple[int, list[tuple[float, DocRef]]]:
        """Total number of matches and one page of (score, ref), best first."""
        query = _compile(q, self._schema)
        by = _ORDER_BY.get(order)
        kw: dict[str, Any] = {"order_by_field": by[0], "order": by[1]} if by else {}
        res = self._s.search(query, max(1, limit), count=True, offset=max(0, offset), **kw)
        hits = [
            (float(s) if order is Order.RELEVANCE else 0.0, DocRef(a.segment_ord, a.doc))
            for s, a in res.hits[: max(0, limit)]
        ]
        return int(getattr(res, "count", 0) or 0), hits

    def count(self, q: Q) -> int:
        """How many documents match (no document is read)."""
        res = self._s.search(_compile(q, self._schema), 1, count=True)
        return int(getattr(res, "count", 0) or 0)

    def doc(self, ref: DocRef) -> StoredDoc:
        return _stored(self._s.doc(tantivy.DocAddress(ref.segment, ref.doc)))

    def fast_values(self, field_name: str, refs: Sequence[DocRef]) -> list[Any]:
        """One fast field's value for each ref, without reading the documents."""
        addresses = [tantivy.DocAddress(r.segment, r.doc) for r in refs]
        return list(self._s.fast_field_values(field_name, addresses)) if addresses else []

    def fast_texts(self, field_name: str, q: Q, limit: int) -> tuple[int, dict[DocRef, str]]:
        """A text fast field's value for the documents matching `q` (the first `limit` of
        them in that field's order), without reading them: (matches, ref -> value).

        tantivy-py reads text fast fields only as the key of an ordered search."""
        res = self._s.search(
            _compile(q, self._schema), max(1, limit), count=True,
            order_by_field=field_name, order=tantivy.Order.Asc,
        )  # fmt: skip
        found = {DocRef(a.segment_ord, a.doc): str(v) for v, a in res.hits}
        return int(getattr(res, "count", 0) or 0), found

    def all_docs(self, *, full: bool = True) -> Iterator[StoredDoc]:
        """Every document; with `full`, long ones with their whole text (maintenance)."""
        n = self._s.num_docs
        if n == 0:
            return
        for _, a in self._s.search(tantivy.Query.all_query(), n, count=False).hits:
            stored = _stored(self._s.doc(a))
            if full and stored.long:
                stored = self.with_full_text(stored)
            yield stored

    def with_full_text(self, stored: StoredDoc) -> StoredDoc:
        """A long document with its whole text put back together from its passages."""
        if not stored.long:
            return stored
        text = _join_passages(self.passages_of(stored.doc.key), stored.long)
        return replace(stored, doc=replace(stored.doc, body=text))

    def passages_of(self, key: str) -> list[Passage]:
        """Every passage of the document `key`, in order."""
        q = tantivy.Query.term_query(self._pschema, "parent", key)
        n = max(int(self._p.num_docs), 1)
        hits = self._p.search(q, n, count=False).hits
        return sorted((_passage(self._p.doc(a)) for _, a in hits), key=lambda p: p.n)

    def passage_words_with_prefix(self, prefix: str, limit: int) -> list[str]:
        """Words of the passages' dictionary (folded) that start with `prefix`."""
        return [t for t, _ in self._p.terms_with_prefix("words", prefix, limit=limit)]

    def best_passages(self, key: str, words: Sequence[str], limit: int = 3) -> list[Passage]:
        """The passages of `key` where the (folded) words weigh most (BM25), best first."""
        parent = tantivy.Query.term_query(self._pschema, "parent", key)
        any_word = [
            (tantivy.Occur.Should, tantivy.Query.term_query(self._pschema, "words", w))
            for w in dict.fromkeys(words)
        ]
        if not any_word:
            return []
        q = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, parent),
                (tantivy.Occur.Must, tantivy.Query.boolean_query(any_word)),
            ]
        )
        hits = self._p.search(q, limit, count=False).hits
        return [_passage(self._p.doc(a)) for _, a in hits]

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
            "year": {"terms": {"field": iq.YEAR, "size": 1000}},
            "type": {"terms": {"field": iq.KIND, "size": 50}},
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


def _join_passages(passages: Sequence[Passage], length: int) -> str:
    """The text the passages were cut from: what lay between them is page breaks."""
    out: list[str] = []
    pos = 0
    for p in passages:
        out.append("\f" * (p.start - pos))
        out.append(p.text)
        pos = p.start + len(p.text)
    out.append("\f" * (length - pos))
    return "".join(out)
