"""OCR results by content: the text and word boxes of each page OCR read, kept apart from
the full-text index (rebuilding the index never OCRs again) in `ocr.sqlite` beside it.

A page is filed under the file's content key (reader.indexing.extract.content), its page
number, and the engine key (engine, version, languages, settings). Reading takes the
result of the engine asked for when there is one, else any other: text a published disc
brought, made with other languages, is better than reading the page again.

Word boxes are in 1/10,000 of the page image's width and height, so the viewer scales
them to whatever size it draws the page. A page OCR could not read (it took too long, the
engine failed on it) is filed too, with its reason and no text, so the queue moves on.
"""

from __future__ import annotations

import sqlite3
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.sentences import QT_TRANSLATE_NOOP
from reader.store.sqlite import Store, open_store

OCR_CACHE_FILE = "ocr.sqlite"

# (text, x0, y0, x1, y1) in 1/10,000 of the image's sides
Word = tuple[str, int, int, int, int]


class OcrCacheError(Exception):
    """The OCR cache cannot be opened (its message says why)."""


@dataclass(frozen=True, slots=True)
class CachedPage:
    page: int
    engine: str
    text: str
    confidence: float
    error: str  # "" when read


def _m1_pages(db: Any) -> None:  # a sqlite_utils.Database (see reader.store.sqlite)
    db.execute(
        """CREATE TABLE pages (
             content TEXT NOT NULL, page INTEGER NOT NULL, engine TEXT NOT NULL,
             text TEXT NOT NULL, words BLOB, confidence REAL NOT NULL DEFAULT 0,
             seconds REAL NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '',
             made REAL NOT NULL,
             PRIMARY KEY (content, page, engine)) WITHOUT ROWID"""
    )


def pack_words(words: Iterable[Word]) -> bytes:
    lines = "\n".join(f"{x0} {y0} {x1} {y1} {text}" for text, x0, y0, x1, y1 in words)
    return zlib.compress(lines.encode("utf-8", "surrogatepass"), 6)


def unpack_words(blob: bytes | None) -> list[Word]:
    if not blob:
        return []
    out: list[Word] = []
    for line in zlib.decompress(blob).decode("utf-8", "replace").split("\n"):
        parts = line.split(" ", 4)
        if len(parts) == 5:
            out.append((parts[4], int(parts[0]), int(parts[1]), int(parts[2]), int(parts[3])))
    return out


class OcrCache:
    """One archive's OCR results. One process writes (the OCR run); readers open their own."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if read_only:
                # A disc's copy, or a reader beside the writer: never created, never changed.
                conn = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    check_same_thread=False,
                    isolation_level=None,
                )
                self.db = Store(conn)
            else:
                self.db = open_store(
                    path,
                    [_m1_pages],
                    what=QT_TRANSLATE_NOOP("Core", "the OCR cache"),
                    error=OcrCacheError,
                )
        except sqlite3.Error as exc:
            raise OcrCacheError(
                QT_TRANSLATE_NOOP("Core", "the OCR cache {file} cannot be opened: {reason}").format(
                    file=path, reason=exc
                )
            ) from exc

    @classmethod
    def empty(cls) -> OcrCache:
        """A cache of nothing, in memory (an archive opened read-only that has none)."""
        return cls(Path(":memory:"))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> OcrCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(  # noqa: PLR0917 - one row's columns
        self,
        content: str,
        page: int,
        engine: str,
        text: str,
        words: Sequence[Word],
        confidence: float,
        seconds: float,
        error: str = "",
    ) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO pages (content, page, engine, text, words, confidence,"
                " seconds, error, made) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (content, page, engine, text, pack_words(words) if words else None,
                 confidence, seconds, error, time.time()),
            )  # fmt: skip

    def pages(self, content: str, engine: str = "") -> dict[int, CachedPage]:
        """What is filed under `content`, by page: `engine`'s result first, else the most
        recent of any engine (a page an engine failed on counts as read)."""
        out: dict[int, CachedPage] = {}
        rows = self.db.execute(
            "SELECT page, engine, text, confidence, error FROM pages WHERE content = ? "
            "ORDER BY page, engine = ? DESC, error = '' DESC, made DESC",
            (content, engine),
        )
        for page, eng, text, confidence, error in rows:
            if page not in out:
                out[page] = CachedPage(page, eng, text, confidence, error)
        return out

    def words(self, content: str, page: int, engine: str = "") -> list[Word]:
        row = self.db.execute(
            "SELECT words FROM pages WHERE content = ? AND page = ? "
            "ORDER BY engine = ? DESC, error = '' DESC, made DESC LIMIT 1",
            (content, page, engine),
        ).fetchone()
        return unpack_words(row[0]) if row else []

    def _failed_pages(self, contents: Iterable[str]) -> list[tuple[str, int]]:
        """(content, page) of the pages of these contents that no engine could read."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (content TEXT PRIMARY KEY)")
        try:
            self.db.executemany(
                "INSERT OR IGNORE INTO temp.wanted VALUES (?)", ((c,) for c in contents)
            )
            rows = self.db.execute(
                "SELECT content, page FROM pages "
                "WHERE content IN (SELECT content FROM temp.wanted) GROUP BY content, page "
                "HAVING max(error = '') = 0 ORDER BY content, page"
            ).fetchall()
            return [(str(c), int(p)) for c, p in rows]
        finally:
            self.db.execute("DELETE FROM temp.wanted")

    def failed(self, contents: Iterable[str]) -> int:
        """Pages of these contents that OCR could not read (and no engine read since)."""
        return len(self._failed_pages(contents))

    def forget_failed(self, contents: Iterable[str]) -> dict[str, list[int]]:
        """Drop the pages of these contents that no engine could read, so that they are
        read again; returns them, by content."""
        rows = self._failed_pages(contents)
        with self.db.atomic():
            self.db.executemany(
                "DELETE FROM pages WHERE content = ? AND page = ? AND error != ''", rows
            )
        out: dict[str, list[int]] = {}
        for content, page in rows:
            out.setdefault(content, []).append(page)
        return out

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM pages").fetchone()[0])

    def take_from(self, other: Path) -> int:
        """Add the pages of the cache file `other` (a published disc's) that this one lacks."""
        self.db.execute("ATTACH DATABASE ? AS other", (f"{other.resolve().as_uri()}?mode=ro",))
        try:
            with self.db.atomic():
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO pages SELECT content, page, engine, text, words, "
                    "confidence, seconds, error, made FROM other.pages"
                )
            return cur.rowcount
        finally:
            self.db.execute("DETACH DATABASE other")

    def export_copy(self, dest: Path, contents: Iterable[str] | None = None) -> None:
        """A compact single-file copy at `dest` (for a published disc): every page, or only
        those of `contents`."""
        dest.unlink(missing_ok=True)
        self.db.execute("VACUUM INTO ?", (str(dest),))
        if contents is None:
            return
        conn = sqlite3.connect(str(dest))
        try:
            conn.execute("CREATE TEMP TABLE keep (content TEXT PRIMARY KEY)")
            conn.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((c,) for c in contents))
            with conn:
                conn.execute("DELETE FROM pages WHERE content NOT IN (SELECT content FROM keep)")
            conn.execute("VACUUM")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
