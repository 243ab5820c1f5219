"""Result rows without the index's stored documents, which cost a seek each on a DVD.

A row names its document: disc, path, title, type, date, whether it is a scan. The index
has all of it in its stored documents, compressed in blocks of several documents: the
first page of results read a dozen blocks or more, and on an index searched in place on a
disc (docs/discs.md) each block is a seek of the drive, ~100 ms. A row comes instead from

- the index's fast fields, column files that are read ahead when the index is opened:
  the path, volume label and kind (text columns, which tantivy-py reads only as the key
  of an ordered search: `Searcher.fast_texts`), the year and date number;
- the archive's catalogue, a local SQLite file: the volume id, title, date and scan flag
  of the file with that volume label and path.

A row is taken from them only where they agree: the label names one volume, the file is
in the catalogue as indexed, its year and date are the index's, and the index holds a
document with its key. Any other row (a file changed since it was indexed, a disc renamed)
is read from the stored document, as before; so are the rows whose snippets are made,
which need its text anyway. tests/core/test_rows.py compares both ways on a whole
generated archive.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.store import query as iq
from reader.store.documents import IndexDoc, date_num, name_title
from reader.store.fulltext import DocRef, Searcher

# The catalogue states of a file whose document the index holds (Catalogue.count_documents).
_IN_INDEX = ("indexed", "skipped")
_AT_MOST = 5000  # documents an ordered search gives (the rows asked for, copies, others)
_STRETCHES = 8  # ranges of dates the documents without a fingerprint are looked up in


@dataclass(frozen=True, slots=True)
class Row:
    """What a result row shows of its document (reader.search.engine.Hit has it all)."""

    key: str
    volume_id: str
    volume_label: str
    path: str
    title: str
    kind: str
    year: int | None
    date: str | None
    scanned: bool

    @staticmethod
    def of(doc: IndexDoc) -> Row:
        return Row(
            doc.key, doc.volume_id, doc.volume_label, doc.path, doc.title, doc.kind,
            doc.year, doc.date, doc.scanned,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _File:
    volume_id: str
    title: str | None
    date: str | None
    year: int | None
    scanned: bool
    state: str


class CatalogueRows:
    """The catalogue's side of result rows, read from any thread (a connection each).

    Args:
        path: the archive's catalogue file (reader.store.catalogue.CATALOGUE_FILE).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def close(self) -> None:
        """Close this thread's connection (the others close with their threads' data)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def files(self, places: Sequence[tuple[str, str]]) -> dict[tuple[str, str], _File]:
        """The files at these (volume label, path), for labels that name one volume only."""
        db = self._db()
        ids: dict[str, list[str]] = defaultdict(list)
        for vid, label in db.execute("SELECT id, label FROM volumes"):
            ids[label].append(vid)
        paths: dict[str, list[str]] = defaultdict(list)
        for label, path in dict.fromkeys(places):
            if len(ids.get(label, ())) == 1:
                paths[ids[label][0]].append(path)
        label_of = {vid[0]: label for label, vid in ids.items() if len(vid) == 1}
        found: dict[tuple[str, str], _File] = {}
        for vid, wanted in paths.items():
            for chunk in _chunks(wanted, 400):
                marks = ",".join("?" * len(chunk))
                for path, title, date, year, scanned, state in db.execute(
                    "SELECT path, title, date, year, scanned, state FROM files "
                    f"WHERE volume_id = ? AND path IN ({marks})",
                    (vid, *chunk),
                ):
                    found[label_of[vid], path] = _File(vid, title, date, year, bool(scanned), state)
        return found


def rows_of(
    s: Searcher,
    refs: Sequence[DocRef],
    dups: Mapping[DocRef, int],
    among: iq.Q,
    catalogue: CatalogueRows,
) -> dict[DocRef, Row]:
    """The rows of `refs` that fast fields and the catalogue give (see the module's doc);
    the others are left out: their stored documents must be read.

    Args:
        dups: each ref's copy fingerprint (the `dup` fast field), read already.
        among: the query that found them (searched again: its postings are read already).
    """
    refs = list(dict.fromkeys(refs))
    if not refs:
        return {}
    years = s.fast_values(iq.YEAR, refs)
    dates = s.fast_values("date_num", refs)
    # The documents with these fingerprints (a term each: the document and its copies);
    # short texts have none (0): the query's of about their dates. No posting is read
    # that the query did not read already.
    with_dup = [iq.IntQuery(iq.DUP, d) for d in dict.fromkeys(dups[r] for r in refs) if d]
    short = sorted({n for r, n in zip(refs, dates, strict=True) if not dups[r]})
    only = iq.BoolQuery(should=(*with_dup, *_short_texts(short, among)))
    limit = min(max(s.count(only), 1), _AT_MOST)
    texts = {name: s.fast_texts(name, only, limit)[1] for name in ("path", "volume_label", iq.KIND)}
    places = {
        r: (label, path)
        for r in refs
        if (label := texts["volume_label"].get(r)) is not None
        and (path := texts["path"].get(r)) is not None
    }
    try:
        files = catalogue.files(list(places.values()))
    except sqlite3.Error:  # the catalogue cannot be read now: the stored documents can
        return {}
    out: dict[DocRef, Row] = {}
    for ref, year, dn in zip(refs, years, dates, strict=True):
        label, path = places.get(ref, ("", ""))
        f = files.get((label, path))
        kind = texts[iq.KIND].get(ref)
        if f is None or kind is None or f.state not in _IN_INDEX:
            continue
        if (f.year or None) != (year or None) or date_num(f.date, f.year) != dn:
            continue  # not the document the catalogue describes now
        key = f"{f.volume_id}:{path}"
        if s.doc_freq("key", key) < 1:
            continue
        title = f.title or name_title(path)
        out[ref] = Row(
            key, f.volume_id, label, path, title, kind, f.year, f.date or None, f.scanned
        )
    # Two documents taken for one file: neither is trusted.
    seen: dict[str, int] = defaultdict(int)
    for row in out.values():
        seen[row.key] += 1
    return {r: row for r, row in out.items() if seen[row.key] == 1}


def _short_texts(dates: list[int], among: iq.Q) -> list[iq.Q]:
    """The documents of `among` without a fingerprint dated like these (sorted): a few
    stretches of dates, each a range of the fast column."""
    if not dates:
        return []
    # The largest gaps between the dates cut them into at most _STRETCHES stretches.
    gaps = sorted(range(1, len(dates)), key=lambda i: dates[i] - dates[i - 1])
    cuts = sorted(gaps[len(gaps) - _STRETCHES + 1 :] if len(gaps) >= _STRETCHES else gaps)
    bounds = [0, *cuts, len(dates)]
    stretches = tuple(
        iq.RangeQuery("date_num", dates[a], dates[b - 1]) for a, b in itertools.pairwise(bounds)
    )
    return [iq.BoolQuery(must=(among, iq.RangeQuery(iq.DUP, 0, 0), iq.BoolQuery(should=stretches)))]


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
