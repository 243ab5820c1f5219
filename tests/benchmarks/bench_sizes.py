"""What a published disc carries: the catalogue by table, the index by file kind, and what
each indexed field and the stored text cost (issue 17: at most 20% of the set's bytes).

The split of the index files is read from the archive folder as it is. What one field's
postings or positions cost cannot be read off tantivy's files (a segment's `.pos` holds
every field's), so it is measured on a sample of the archive's own documents (every
`--every`-th, with its whole text): one small index per field and index option, each
holding that field alone. A field's share of the sample's postings, applied to the real
index's files, gives its figure for the whole corpus.

    python -m tests.benchmarks --only sizes          (the real corpus's archive)
    python -m tests.benchmarks.bench_sizes ARCHIVE_FOLDER SOURCE_FOLDER
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import sqlite3
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from reader.store.archive import Archive
from reader.store.catalogue import CATALOGUE_FILE
from reader.store.documents import StoredDoc

# The index's own analyzers (private to the engine wrapper: a benchmark may look inside).
from reader.store.fulltext import (
    _ANALYZERS,
    _EXACT,
    _FOLD,
    _STEM,
    PASSAGES_DIR,
    Form,
    pack_blocks,
)
from reader.store.passages import cut
from reader.store.published import index_files

TARGET = 0.20  # issue 17: a published disc carries at most this share of the set's bytes
_LZMA = [{"id": lzma.FILTER_LZMA2, "preset": 9, "dict_size": 1 << 20}]
_KINDS = (".store", ".pos", ".idx", ".term", ".fieldnorm", ".fast", ".del")
# The indexed text fields of the main index (reader.store.fulltext._schema), their
# analyzer, and what a document puts there (approximately: banners are left in the body).
_FIELDS: dict[str, tuple[str, Callable[[StoredDoc], str]]] = {
    "title": (_STEM, lambda d: d.doc.title),
    "title_exact": (_EXACT, lambda d: d.doc.title),
    "body": (_STEM, lambda d: d.doc.body),
    "body_exact": (_EXACT, lambda d: d.doc.body),
    "boiler": (_STEM, lambda d: d.doc.nav),
    "path_words": (_FOLD, lambda d: d.doc.path),
}


def _mb(n: float) -> str:
    return f"{n / 1e6:8.1f} MB"


def tree_bytes(root: Path) -> int:
    total = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            p = Path(dirpath, name)
            if not p.is_symlink() and p.is_file():
                total += p.stat().st_size
    return total


def catalogue_tables(path: Path) -> list[tuple[str, int]]:
    """(table or index, bytes) by SQLite's dbstat, largest first."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
    finally:
        conn.close()
    return [(str(n), int(b)) for n, b in rows]


def exported_catalogue_bytes(archive: Archive) -> int:
    """The catalogue as publish writes it (VACUUM INTO: free pages dropped)."""
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / CATALOGUE_FILE
        archive.catalogue.export_copy(dest)
        return dest.stat().st_size


def index_kinds(folder: Path) -> dict[str, int]:
    """Bytes of one tantivy index's segment files, by file kind."""
    out: dict[str, int] = defaultdict(int)
    for p in folder.iterdir():
        if p.is_file():
            kind = next((k for k in _KINDS if p.name.endswith(k)), "other")
            out[kind] += p.stat().st_size
    return dict(out)


def deleted_docs(folder: Path) -> tuple[int, int]:
    """(documents, deleted ones still in the segments) of one tantivy index."""
    meta = json.loads((folder / "meta.json").read_text())
    total = sum(int(s["max_doc"]) for s in meta["segments"])
    gone = sum(int((s.get("deletes") or {}).get("num_deleted_docs", 0)) for s in meta["segments"])
    return total, gone


# --- variants on a sample ---


@dataclass
class Sample:
    docs: list[StoredDoc]
    chars: int
    long_docs: int
    copies: int = 0  # documents of the sample whose text another document has too
    copy_chars: int = 0


def sample_docs(archive: Archive, every: int) -> Sample:
    s = archive.index().searcher()
    every_doc = sorted(s.all_docs(full=False), key=lambda d: d.doc.key)
    per_text: dict[int, int] = defaultdict(int)
    for d in every_doc:
        if d.doc.dup:
            per_text[d.doc.dup] += 1
    full = [s.with_full_text(d) for d in every_doc[::every]]
    sample = Sample(full, sum(len(d.doc.body) for d in full), sum(1 for d in full if d.long))
    # All but one of each set of copies (the one a result row shows) are repeated text.
    repeated = [d for d in full if per_text.get(d.doc.dup, 0) > 1]
    share = [(len(d.doc.body), 1 - 1 / per_text[d.doc.dup]) for d in repeated]
    sample.copies = round(sum(f for _, f in share))
    sample.copy_chars = round(sum(n * f for n, f in share))
    return sample


def _one_field_bytes(values: Iterable[str], tokenizer: str, option: str) -> dict[str, int]:
    """Bytes by file kind of an index holding one text field, indexed with `option`."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("f", tokenizer_name=tokenizer, index_option=option)
    with tempfile.TemporaryDirectory() as tmp:
        ix = tantivy.Index(sb.build(), path=tmp)
        ix.register_tokenizer(tokenizer, _analyzer_of(tokenizer))
        w = ix.writer(heap_size=200_000_000, num_threads=1)
        for v in values:
            d = tantivy.Document()
            d.add_text("f", v)
            w.add_document(d)
        w.commit()
        w.wait_merging_threads()
        return index_kinds(Path(tmp))


def _stored_bytes(values: Iterable[bytes]) -> int:
    """Bytes of the doc store of an index storing one bytes field (tantivy compresses it)."""
    sb = tantivy.SchemaBuilder()
    sb.add_bytes_field("b", stored=True)
    with tempfile.TemporaryDirectory() as tmp:
        ix = tantivy.Index(sb.build(), path=tmp)
        w = ix.writer(heap_size=200_000_000, num_threads=1)
        for v in values:
            d = tantivy.Document()
            d.add_bytes("b", v)
            w.add_document(d)
        w.commit()
        w.wait_merging_threads()
        return index_kinds(Path(tmp)).get(".store", 0)


def _analyzer_of(tokenizer: str) -> tantivy.TextAnalyzer:
    form = {_STEM: Form.STEM, _FOLD: Form.FOLDED, _EXACT: Form.EXACT}[tokenizer]
    return _ANALYZERS[form]


@dataclass
class FieldCost:
    name: str
    basic: int  # postings of doc ids (idx + term + fieldnorm)
    freq: int  # with term frequencies
    position: int  # with positions too (what the schema has for text fields)


def field_costs(sample: Sample) -> list[FieldCost]:
    out = []
    for name, (tokenizer, value) in _FIELDS.items():
        sizes = {
            opt: sum(_one_field_bytes((value(d) for d in sample.docs), tokenizer, opt).values())
            for opt in ("basic", "freq", "position")
        }
        out.append(FieldCost(name, sizes["basic"], sizes["freq"], sizes["position"]))
    return out


def _passage_texts(d: StoredDoc) -> list[str]:
    return [d.doc.body[s:e] for s, e, _ in cut(d.doc.body)] if d.long else []


def _enc(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _xz(data: bytes) -> bytes:
    """lzma -9 with a 1 MB window: the default 64 MB costs 45 ms a call to set up."""
    return lzma.compress(data, format=lzma.FORMAT_RAW, filters=_LZMA)


def stored_costs(sample: Sample, lead: int) -> dict[str, int]:
    """The doc store's parts, as stored now and with other choices."""
    main_text = [_enc(d.doc.body[:lead] if d.long else d.doc.body) for d in sample.docs]
    per_doc = [[_enc(t) for t in _passage_texts(d)] for d in sample.docs if d.long]
    passages = [t for ps in per_doc for t in ps]
    out = {
        "main: text (short docs whole, long docs' lead)": _stored_bytes(main_text),
        "main: text of short docs only (no lead)": _stored_bytes(
            _enc(d.doc.body) for d in sample.docs if not d.long
        ),
        "main: nav": _stored_bytes(_enc(d.doc.nav) for d in sample.docs),
        "main: blocks (banner accounting)": _stored_bytes(
            pack_blocks(d.blocks) for d in sample.docs
        ),
        "main: title + path + key": _stored_bytes(
            _enc(d.doc.title + d.doc.path + d.doc.key) for d in sample.docs
        ),
        "passages: text": _stored_bytes(passages),
        "main: text, zlib -6 per document": _stored_bytes(zlib.compress(t, 6) for t in main_text),
        "passages: text, zlib -6 per passage": _stored_bytes(zlib.compress(t, 6) for t in passages),
        # Stronger and in bigger pieces (issue 17): the text of 8 passages, of a document.
        "main: text, lzma -9 per document": _stored_bytes(map(_xz, main_text)),
        "passages: text, lzma -9 per 8 passages": _stored_bytes(
            _xz(b"".join(ps[i : i + 8])) for ps in per_doc for i in range(0, len(ps), 8)
        ),
        "passages: text, lzma -9 per document": _stored_bytes(_xz(b"".join(ps)) for ps in per_doc),
    }
    out["uncompressed: main text"] = sum(map(len, main_text))
    out["uncompressed: passages text"] = sum(map(len, passages))
    return out


# --- the report ---


@dataclass
class SizeReport:
    archive: Path
    source_bytes: int
    catalogue_file: int
    catalogue_exported: int
    tables: list[tuple[str, int]]
    main: dict[str, int]
    passages: dict[str, int]
    main_docs: tuple[int, int]
    passage_docs: tuple[int, int]
    published: int
    sample: Sample | None = None
    every: int = 0
    fields: list[FieldCost] = field(default_factory=list)
    stored: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [
            f"archive                   {self.archive}",
            f"source (the set's bytes)  {_mb(self.source_bytes)}",
            f"published (catalogue as exported + index files): {_mb(self.published)} = "
            f"{self.published / max(self.source_bytes, 1):.1%} of the source "
            f"(target <= {TARGET:.0%})",
            f"catalogue                 {_mb(self.catalogue_file)} on disk, "
            f"{_mb(self.catalogue_exported)} exported",
        ]
        out += [f"  {name:<32}{_mb(b)}" for name, b in self.tables if b >= 100_000]
        for label, kinds, (docs, gone) in (
            ("main index", self.main, self.main_docs),
            ("passages index", self.passages, self.passage_docs),
        ):
            out.append(
                f"{label:<26}{_mb(sum(kinds.values()))}; {docs:,} entries, {gone:,} deleted "
                f"but not merged away"
            )
            out += [
                f"  {k:<32}{_mb(b)}"
                for k, b in sorted(kinds.items(), key=lambda kv: -kv[1])
                if b >= 100_000
            ]
        out += self._sample_lines()
        return out

    def _sample_lines(self) -> list[str]:
        if self.sample is None:
            return []
        s = self.sample
        scale = self.main_docs[0] / max(len(s.docs), 1)  # the sample is every n-th document
        out = [
            f"sample                    every {self.every}th document: {len(s.docs):,} "
            f"({s.long_docs} long), {s.chars / 1e6:.1f} M characters; measured in "
            f"{self.seconds:.0f} s",
            f"  copies of another document's text: {s.copies:,} documents, "
            f"{s.copy_chars / max(s.chars, 1):.0%} of the characters",
            "  field (one index each)      postings  +freqs  +positions   -> corpus (x"
            f"{scale:.1f}): with freqs, positions",
        ]
        for f in self.fields:
            out.append(
                f"  {f.name:<26}{f.basic / 1e6:8.2f}{f.freq / 1e6:8.2f}{f.position / 1e6:10.2f}"
                f"   -> {_mb(f.freq * scale)}, {_mb((f.position - f.freq) * scale)}"
            )
        out.append(f"  stored (one store each, tantivy's compression) -> corpus (x{scale:.1f})")
        out += [f"    {k:<48}{v / 1e6:8.2f} MB -> {_mb(v * scale)}" for k, v in self.stored.items()]
        return out


def measure(
    archive_dir: Path, source: Path, *, every: int = 10, variants: bool = True
) -> SizeReport:
    index_dir = archive_dir / "index"
    started = time.perf_counter()
    with Archive(archive_dir) as archive:
        exported = exported_catalogue_bytes(archive)
        published = exported + sum((index_dir / p).stat().st_size for p in index_files(index_dir))
        report = SizeReport(
            archive=archive_dir,
            source_bytes=tree_bytes(source),
            catalogue_file=(archive_dir / CATALOGUE_FILE).stat().st_size,
            catalogue_exported=exported,
            tables=catalogue_tables(archive_dir / CATALOGUE_FILE),
            main=index_kinds(index_dir),
            passages=index_kinds(index_dir / PASSAGES_DIR),
            main_docs=deleted_docs(index_dir),
            passage_docs=deleted_docs(index_dir / PASSAGES_DIR),
            published=published,
        )
        if variants:
            from reader.store.passages import LEAD_CHARS

            sample = sample_docs(archive, every)
            report.sample, report.every = sample, every
            report.fields = field_costs(sample)
            report.stored = stored_costs(sample, LEAD_CHARS)
    report.seconds = time.perf_counter() - started
    return report


def bench_sizes(work: Path, *, every: int = 10) -> SizeReport:
    """The real corpus's archive (built by `--only relevance`) and its source folder."""
    from tests.benchmarks.bench_relevance import real_archive_dir
    from tests.benchmarks.real_corpus import corpus_root

    folder = real_archive_dir(work)
    if not (folder / "complete").exists():
        raise SystemExit(f"{folder}: not built; run `python -m tests.benchmarks --only relevance`")
    return measure(folder, corpus_root(work).resolve(), every=every)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_sizes")
    parser.add_argument("archive", type=Path, nargs="?", help="an Archive folder")
    parser.add_argument("source", type=Path, nargs="?", help="the folder it was indexed from")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("BENCH_DIR", ".bench")))
    parser.add_argument("--every", type=int, default=10, help="sample every n-th document")
    parser.add_argument("--no-variants", action="store_true", help="only the files as they are")
    args = parser.parse_args(argv)
    if args.archive is None:
        report = bench_sizes(args.work, every=args.every)
    else:
        if args.source is None:
            parser.error("give the source folder too")
        report = measure(args.archive, args.source, every=args.every, variants=not args.no_variants)
    for line in report.lines():
        print("  " + line)


if __name__ == "__main__":
    main()
