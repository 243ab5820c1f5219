"""The OCR queue: pages that are pictures of text, per file, in the catalogue (table `ocr`).

A row is written with its file's extraction outcome: the file's content key, its pictured
pages, and those the OCR cache has no text for yet (`missing`). The queue is the rows with
pages missing; a row with none missing marks a file whose pages carry text from OCR. The
table is rebuilt with the catalogue (re-extraction finds the same pages, and the cache
still has their text), so nothing in it is precious.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from reader.store.sqlite import Store


class Catalogue(Protocol):
    """The catalogue (reader.store.catalogue.Catalogue), whose `ocr` table this is."""

    db: Store


class FileOutcome(Protocol):
    """A file's extraction outcome (reader.store.catalogue.FileOutcome)."""

    @property
    def file_id(self) -> int: ...

    @property
    def ocr(self) -> tuple[str, tuple[int, ...], tuple[int, ...]] | None: ...


@dataclass(frozen=True, slots=True)
class OcrFile:
    """A queued file: where it is, its content key, and the pages OCR has still to read."""

    file_id: int
    volume_id: str
    path: str
    kind: str
    size: int
    content: str
    missing: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class OcrCounts:
    """Pages in pictures of text, for `info` and the window."""

    files: int  # files with such pages
    pages: int
    missing: int  # pages OCR has still to read
    files_missing: int


def pages_text(pages: Iterable[int]) -> str:
    return " ".join(str(p) for p in pages)


def parse_pages(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split())


def record_ocr(conn: sqlite3.Connection, batch: Sequence[FileOutcome]) -> None:
    """Within record_outcomes' transaction: each file's row replaced by its new outcome's.

    The priority a file had (the user opened it) is kept while it is still queued.
    """
    conn.executemany(
        "DELETE FROM ocr WHERE file_id = ?",
        [(o.file_id,) for o in batch if o.ocr is None or not o.ocr[1]],
    )
    conn.executemany(
        """INSERT INTO ocr (file_id, content, pages, missing) VALUES (?, ?, ?, ?)
           ON CONFLICT(file_id) DO UPDATE SET content = excluded.content,
             pages = excluded.pages, missing = excluded.missing,
             priority = CASE WHEN excluded.missing = '' THEN 0 ELSE ocr.priority END""",
        [
            (o.file_id, o.ocr[0], pages_text(o.ocr[1]), pages_text(o.ocr[2]))
            for o in batch
            if o.ocr is not None and o.ocr[1]
        ],
    )


def queued(catalogue: Catalogue, volume_ids: Sequence[str]) -> Iterator[OcrFile]:
    """Files of these volumes with pages to read, most wanted first, then by path."""
    if not volume_ids:
        return
    marks = ",".join("?" * len(volume_ids))
    rows = catalogue.db.execute(
        "SELECT f.id, f.volume_id, f.path, f.kind, f.size, o.content, o.missing "
        "FROM ocr o JOIN files f ON f.id = o.file_id "
        f"WHERE o.missing != '' AND f.volume_id IN ({marks}) AND f.state = 'indexed' "
        "ORDER BY o.priority DESC, f.volume_id, f.path",
        list(volume_ids),
    ).fetchall()
    for r in rows:
        yield OcrFile(r[0], r[1], r[2], r[3], r[4], r[5], parse_pages(r[6]))


def counts(catalogue: Catalogue, volume_ids: Sequence[str] | None = None) -> OcrCounts:
    where, args = "", list(volume_ids or ())
    if volume_ids is not None:
        where = (
            f"WHERE file_id IN (SELECT id FROM files WHERE volume_id IN "
            f"({','.join('?' * len(args))}))"
        )
    files = pages = missing = files_missing = 0
    for pages_s, missing_s in catalogue.db.execute(f"SELECT pages, missing FROM ocr {where}", args):
        n_missing = len(missing_s.split())
        files += 1
        pages += len(pages_s.split())
        missing += n_missing
        files_missing += n_missing > 0
    return OcrCounts(files, pages, missing, files_missing)


def prefer(catalogue: Catalogue, file_ids: Sequence[int], priority: int) -> None:
    """Put these files ahead in the queue (the document open, the current results)."""
    with catalogue.db.atomic():
        catalogue.db.executemany(
            "UPDATE ocr SET priority = max(priority, ?) WHERE file_id = ? AND missing != ''",
            [(priority, i) for i in file_ids],
        )


def page_read_by_ocr(catalogue: Catalogue, volume_id: str, path: str, page: int | None) -> bool:
    """The text of that page of the file (an image: its picture) is what OCR read of a scan:
    a result from it says so, as it may hold misread words."""
    row = catalogue.db.execute(
        "SELECT o.pages, o.missing FROM ocr o JOIN files f ON f.id = o.file_id "
        "WHERE f.volume_id = ? AND f.path = ?",
        (volume_id, path),
    ).fetchone()
    if row is None:
        return False
    at = page or 1
    return at in parse_pages(row[0]) and at not in parse_pages(row[1])


def ocr_pages_of(
    catalogue: Catalogue, file_id: int
) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """(content key, pictured pages, those OCR has not read yet) of a file; ("", (), ())
    for a file with none."""
    row = catalogue.db.execute(
        "SELECT content, pages, missing FROM ocr WHERE file_id = ?", (file_id,)
    ).fetchone()
    if row is None:
        return "", (), ()
    return row[0], parse_pages(row[1]), parse_pages(row[2])


def requeue(
    catalogue: Catalogue, pages: Mapping[str, Sequence[int]], volume_ids: Sequence[str]
) -> int:
    """Put these pages (by content key) back on the queue of the files of these volumes
    that hold them. Returns the pages queued."""
    marks = ",".join("?" * len(volume_ids))
    rows = catalogue.db.execute(
        "SELECT o.file_id, o.content, o.missing FROM ocr o JOIN files f ON f.id = o.file_id "
        f"WHERE f.volume_id IN ({marks})",
        list(volume_ids),
    ).fetchall()
    queued = 0
    with catalogue.db.atomic():
        for file_id, content, missing in rows:
            again = set(pages.get(content, ())) - set(parse_pages(missing))
            if again:
                catalogue.db.execute(
                    "UPDATE ocr SET missing = ? WHERE file_id = ?",
                    (pages_text(sorted(again | set(parse_pages(missing)))), file_id),
                )
                queued += len(again)
    return queued


def contents(catalogue: Catalogue) -> list[str]:
    """The content keys of every file with pictured pages."""
    return [r[0] for r in catalogue.db.execute("SELECT DISTINCT content FROM ocr")]
