"""The user's own library: bookmarks, notes, tags and history, in one SQLite file of their own."""

from __future__ import annotations

import re
import threading
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.library import library_path
from reader.library.schema import MIGRATIONS
from reader.sentences import QT_TRANSLATE_NOOP
from reader.store.sqlite import open_store

HISTORY_MAX = 5000


class LibraryError(Exception):
    """The library or an import file cannot be used; the message is for the user."""


def now_iso() -> str:
    """The current time as stored: UTC, ISO 8601, milliseconds (sorts as text)."""
    t = datetime.now(UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def normalise_tag(name: str) -> str:
    """The form under which a tag is unique: trimmed, inner spaces collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def clean_tag(name: str) -> str:
    """A tag as it is shown: trimmed, inner spaces collapsed, case kept."""
    return " ".join(unicodedata.normalize("NFC", name).split())


# --- records ---


@dataclass(frozen=True, slots=True)
class Doc:
    """A document as the library remembers it (title and disc label as last seen)."""

    volume_id: str
    path: str
    title: str
    disc: str


@dataclass(frozen=True, slots=True)
class Bookmark:
    id: int
    volume_id: str
    path: str
    page: int | None
    anchor: str
    label: str
    created: str
    title: str
    disc: str
    #: HTML and text: the character offset of the first character shown (0: the top).
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    uid: str  # stable across machines: import merges by it
    volume_id: str
    path: str
    text: str
    created: str
    updated: str
    title: str
    disc: str


@dataclass(frozen=True, slots=True)
class TagCount:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    volume_id: str
    path: str
    page: int | None
    opened: str
    title: str
    disc: str


@dataclass(frozen=True, slots=True)
class ImportSummary:
    bookmarks: int = 0
    notes: int = 0
    notes_updated: int = 0
    tags: int = 0

    @property
    def changed(self) -> int:
        return self.bookmarks + self.notes + self.notes_updated + self.tags


# --- schema ---


class Library:
    """Read and write access to the user's library.

    Every write is one transaction, so a crash or ``kill -9`` loses at most the write in
    progress, never the file. The object may be shared between the GUI thread and the
    search thread: a lock serialises the use of its one connection.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        # FULL: a committed note survives a power cut too, not only a killed process.
        self.db = open_store(
            path,
            MIGRATIONS,
            what=QT_TRANSLATE_NOOP("Core", "the library"),
            error=LibraryError,
            synchronous="FULL",
        )

    @classmethod
    def open_default(cls) -> Library:
        return cls(library_path())

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        with self._lock, self.db.atomic():
            yield

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        with self._lock:
            return self.db.execute(sql, tuple(args)).fetchall()

    def integrity_ok(self) -> bool:
        return bool(self._rows("PRAGMA integrity_check")[0][0] == "ok")

    # Documents

    def _remember(self, volume_id: str, path: str, title: str, disc: str) -> None:
        """Keep the document's title and disc label; empty values keep what was known."""
        self.db.execute(
            """INSERT INTO docs (volume_id, path, title, disc, seen) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(volume_id, path) DO UPDATE SET
                 title = CASE WHEN excluded.title != '' THEN excluded.title ELSE docs.title END,
                 disc = CASE WHEN excluded.disc != '' THEN excluded.disc ELSE docs.disc END,
                 seen = excluded.seen""",
            (volume_id, path, title, disc, now_iso()),
        )

    def remember(self, volume_id: str, path: str, *, title: str = "", disc: str = "") -> None:
        with self._write():
            self._remember(volume_id, path, title, disc)

    def doc(self, volume_id: str, path: str) -> Doc:
        rows = self._rows(
            "SELECT title, disc FROM docs WHERE volume_id = ? AND path = ?", (volume_id, path)
        )
        title, disc = rows[0] if rows else ("", "")
        return Doc(volume_id, path, title, disc)

    # Bookmarks

    def add_bookmark(
        self,
        volume_id: str,
        path: str,
        *,
        page: int | None = None,
        anchor: str = "",
        offset: int | None = None,
        label: str = "",
        title: str = "",
        disc: str = "",
    ) -> Bookmark:
        """Bookmark the document (at a PDF page or an HTML anchor).

        An existing bookmark of that page and anchor is kept; given an `offset` (a character
        offset into an HTML or text document), it is moved there.
        """
        keep = offset is None
        with self._write():
            self._remember(volume_id, path, title, disc)
            self.db.execute(
                """INSERT INTO bookmarks
                     (volume_id, path, page, anchor, text_offset, label, created)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (volume_id, path, page, anchor) DO UPDATE
                     SET text_offset = excluded.text_offset WHERE NOT ?""",
                (volume_id, path, page or 0, anchor, max(offset or 0, 0), label, now_iso(), keep),
            )
        found = self.bookmark_at(volume_id, path, page=page, anchor=anchor)
        assert found is not None
        return found

    def bookmark_at(
        self, volume_id: str, path: str, *, page: int | None = None, anchor: str = ""
    ) -> Bookmark | None:
        rows = self._rows(
            _BOOKMARK_SQL + " WHERE b.volume_id = ? AND b.path = ? AND b.page = ? AND b.anchor = ?",
            (volume_id, path, page or 0, anchor),
        )
        return _bookmark(rows[0]) if rows else None

    def bookmarks_of(self, volume_id: str, path: str) -> list[Bookmark]:
        rows = self._rows(
            _BOOKMARK_SQL + " WHERE b.volume_id = ? AND b.path = ? ORDER BY b.page, b.anchor",
            (volume_id, path),
        )
        return [_bookmark(r) for r in rows]

    def toggle_bookmark(
        self,
        volume_id: str,
        path: str,
        *,
        page: int | None = None,
        anchor: str = "",
        offset: int = 0,
        title: str = "",
        disc: str = "",
    ) -> bool:
        """Add the bookmark, or remove it when it exists; True when it exists afterwards.

        A bookmark of the same page and anchor at another `offset` is moved to `offset`
        (True), not removed: Ctrl+D further down a page moves its bookmark there.
        """
        existing = self.bookmark_at(volume_id, path, page=page, anchor=anchor)
        if existing is not None and existing.offset == max(offset, 0):
            self.remove_bookmark(existing.id)
            return False
        self.add_bookmark(
            volume_id, path, page=page, anchor=anchor, offset=offset, title=title, disc=disc
        )
        return True

    def remove_bookmark(self, bookmark_id: int) -> None:
        with self._write():
            self.db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))

    def bookmarks(self) -> list[Bookmark]:
        """All bookmarks, newest first."""
        return [_bookmark(r) for r in self._rows(_BOOKMARK_SQL + " ORDER BY b.created DESC, b.id")]

    # Notes

    def add_note(
        self, volume_id: str, path: str, text: str, *, title: str = "", disc: str = ""
    ) -> Note:
        stamp = now_iso()
        with self._write():
            self._remember(volume_id, path, title, disc)
            cur = self.db.execute(
                """INSERT INTO notes (uid, volume_id, path, text, created, updated)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (uuid.uuid4().hex, volume_id, path, text, stamp, stamp),
            )
            note_id = int(cur.lastrowid or 0)
        note = self.note(note_id)
        assert note is not None
        return note

    def update_note(self, note_id: int, text: str) -> None:
        with self._write():
            self.db.execute(
                "UPDATE notes SET text = ?, updated = ? WHERE id = ? AND text != ?",
                (text, now_iso(), note_id, text),
            )

    def delete_note(self, note_id: int) -> None:
        with self._write():
            self.db.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    def note(self, note_id: int) -> Note | None:
        rows = self._rows(_NOTE_SQL + " WHERE n.id = ?", (note_id,))
        return _note(rows[0]) if rows else None

    def notes(self, volume_id: str | None = None, path: str | None = None) -> list[Note]:
        """Notes of one document (oldest first), or all notes (last edited first)."""
        if volume_id is not None and path is not None:
            rows = self._rows(
                _NOTE_SQL + " WHERE n.volume_id = ? AND n.path = ? ORDER BY n.created, n.id",
                (volume_id, path),
            )
        else:
            rows = self._rows(_NOTE_SQL + " ORDER BY n.updated DESC, n.id")
        return [_note(r) for r in rows]

    # Tags

    def _tag_id(self, name: str) -> int:
        norm = normalise_tag(name)
        self.db.execute(
            "INSERT INTO tags (name, norm) VALUES (?, ?) ON CONFLICT(norm) DO NOTHING",
            (clean_tag(name), norm),
        )
        return int(self.db.execute("SELECT id FROM tags WHERE norm = ?", (norm,)).fetchone()[0])

    def add_tag(
        self, volume_id: str, path: str, name: str, *, title: str = "", disc: str = ""
    ) -> bool:
        """Tag the document; False when the name is blank or the tag was there already."""
        if not normalise_tag(name):
            return False
        with self._write():
            self._remember(volume_id, path, title, disc)
            cur = self.db.execute(
                """INSERT INTO doc_tags (volume_id, path, tag_id, created) VALUES (?, ?, ?, ?)
                   ON CONFLICT DO NOTHING""",
                (volume_id, path, self._tag_id(name), now_iso()),
            )
            return cur.rowcount > 0

    def remove_tag(self, volume_id: str, path: str, name: str) -> None:
        with self._write():
            self.db.execute(
                """DELETE FROM doc_tags WHERE volume_id = ? AND path = ?
                   AND tag_id = (SELECT id FROM tags WHERE norm = ?)""",
                (volume_id, path, normalise_tag(name)),
            )
            # A tag on no document is forgotten (it would only clutter the completer).
            self.db.execute(
                "DELETE FROM tags WHERE id NOT IN (SELECT DISTINCT tag_id FROM doc_tags)"
            )

    def tags_of(self, volume_id: str, path: str) -> list[str]:
        rows = self._rows(
            """SELECT t.name FROM doc_tags d JOIN tags t ON t.id = d.tag_id
               WHERE d.volume_id = ? AND d.path = ? ORDER BY t.norm""",
            (volume_id, path),
        )
        return [r[0] for r in rows]

    def tags(self) -> list[TagCount]:
        rows = self._rows(
            """SELECT t.name, count(d.tag_id) FROM tags t
               LEFT JOIN doc_tags d ON d.tag_id = t.id GROUP BY t.id ORDER BY t.norm"""
        )
        return [TagCount(r[0], r[1]) for r in rows]

    def docs_with_tag(self, name: str) -> list[Doc]:
        rows = self._rows(
            """SELECT d.volume_id, d.path, coalesce(o.title, ''), coalesce(o.disc, '')
               FROM doc_tags d JOIN tags t ON t.id = d.tag_id
               LEFT JOIN docs o ON o.volume_id = d.volume_id AND o.path = d.path
               WHERE t.norm = ? ORDER BY o.title, d.path""",
            (normalise_tag(name),),
        )
        return [Doc(*r) for r in rows]

    # History

    def record_opened(
        self,
        volume_id: str,
        path: str,
        *,
        page: int | None = None,
        title: str = "",
        disc: str = "",
    ) -> None:
        """A document was opened; only the last HISTORY_MAX openings are kept."""
        with self._write():
            self._remember(volume_id, path, title, disc)
            cur = self.db.execute(
                "INSERT INTO history (volume_id, path, page, opened) VALUES (?, ?, ?, ?)",
                (volume_id, path, page, now_iso()),
            )
            self.db.execute(
                "DELETE FROM history WHERE id <= ?", (int(cur.lastrowid or 0) - HISTORY_MAX,)
            )

    def history(self, limit: int = HISTORY_MAX) -> list[HistoryEntry]:
        """Openings, most recent first."""
        rows = self._rows(
            """SELECT h.id, h.volume_id, h.path, h.page, h.opened,
                      coalesce(o.title, ''), coalesce(o.disc, '')
               FROM history h LEFT JOIN docs o ON o.volume_id = h.volume_id AND o.path = h.path
               ORDER BY h.id DESC LIMIT ?""",
            (int(limit),),
        )
        return [HistoryEntry(*r) for r in rows]

    def clear_history(self) -> None:
        with self._write():
            self.db.execute("DELETE FROM history")

    # Search: the reader.search.UserKeys protocol (documents as (volume id, path))

    def docs_tagged(self, name: str) -> set[tuple[str, str]]:
        rows = self._rows(
            """SELECT d.volume_id, d.path FROM doc_tags d JOIN tags t ON t.id = d.tag_id
               WHERE t.norm = ?""",
            (normalise_tag(name),),
        )
        return {(r[0], r[1]) for r in rows}

    def docs_having(self, what: str) -> set[tuple[str, str]]:
        """Documents with a "note", a "bookmark" or a "tag"."""
        table = {"note": "notes", "bookmark": "bookmarks", "tag": "doc_tags"}[what]
        rows = self._rows(f"SELECT DISTINCT volume_id, path FROM {table}")
        return {(r[0], r[1]) for r in rows}

    def docs_noted(self, text: str, *, prefix: bool = False) -> set[tuple[str, str]]:
        """Documents with a note holding the words of ``text`` next to each other.

        Matching is FTS5 with the Porter stemmer, case and accents ignored: close to the
        index's own rules, so a word finds the same forms in notes as in documents.
        """
        words = re.findall(r"\w+", text)
        if not words:
            return set()
        match = '"' + " ".join(words) + '"' + ("*" if prefix else "")
        rows = self._rows(
            """SELECT DISTINCT n.volume_id, n.path FROM notes_fts f
               JOIN notes n ON n.id = f.rowid WHERE notes_fts MATCH ?""",
            (match,),
        )
        return {(r[0], r[1]) for r in rows}

    # Merging an export (reader.library.transfer reads and writes the files)

    def doc_tags(self) -> list[tuple[str, str, str]]:
        """(volume id, path, tag name) of every tagged document, by tag."""
        return [
            (r[0], r[1], r[2])
            for r in self._rows(
                """SELECT d.volume_id, d.path, t.name FROM doc_tags d
                   JOIN tags t ON t.id = d.tag_id ORDER BY t.norm"""
            )
        ]

    def import_documents(self, docs: list[dict[str, Any]]) -> ImportSummary:
        """Merge an export's documents (checked by transfer.read_export) in one transaction.

        Idempotent: what is already here is not added again. A note already here (same id)
        takes the imported text only when that was edited later.
        """
        added_b = added_n = updated_n = added_t = 0
        with self._write():
            for d in docs:
                vid, path = str(d["volume_id"]), str(d["path"])
                self._remember(vid, path, str(d.get("title") or ""), str(d.get("disc") or ""))
                for b in d.get("bookmarks", []):
                    # "offset" came in after version 1 was out: an older export has none.
                    cur = self.db.execute(
                        """INSERT INTO bookmarks
                             (volume_id, path, page, anchor, text_offset, label, created)
                           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        (
                            vid,
                            path,
                            int(b.get("page") or 0),
                            str(b.get("anchor") or ""),
                            _offset(b.get("offset")),
                            str(b.get("label") or ""),
                            str(b.get("created") or now_iso()),
                        ),
                    )
                    added_b += cur.rowcount
                for n in d.get("notes", []):
                    uid = str(n.get("id") or uuid.uuid4().hex)
                    created = str(n.get("created") or now_iso())
                    updated = str(n.get("updated") or created)
                    text = str(n.get("text") or "")
                    row = self.db.execute(
                        "SELECT updated, text FROM notes WHERE uid = ?", (uid,)
                    ).fetchone()
                    if row is None:
                        self.db.execute(
                            """INSERT INTO notes (uid, volume_id, path, text, created, updated)
                               VALUES (?, ?, ?, ?, ?, ?)""",
                            (uid, vid, path, text, created, updated),
                        )
                        added_n += 1
                    elif updated > row[0] and text != row[1]:
                        self.db.execute(
                            "UPDATE notes SET text = ?, updated = ? WHERE uid = ?",
                            (text, updated, uid),
                        )
                        updated_n += 1
                for name in d.get("tags", []):
                    if not normalise_tag(str(name)):
                        continue
                    cur = self.db.execute(
                        """INSERT INTO doc_tags (volume_id, path, tag_id, created)
                           VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        (vid, path, self._tag_id(str(name)), now_iso()),
                    )
                    added_t += cur.rowcount
        return ImportSummary(added_b, added_n, updated_n, added_t)


_BOOKMARK_SQL = """SELECT b.id, b.volume_id, b.path, b.page, b.anchor, b.label, b.created,
                          coalesce(o.title, ''), coalesce(o.disc, ''), b.text_offset
                   FROM bookmarks b
                   LEFT JOIN docs o ON o.volume_id = b.volume_id AND o.path = b.path"""
_NOTE_SQL = """SELECT n.id, n.uid, n.volume_id, n.path, n.text, n.created, n.updated,
                      coalesce(o.title, ''), coalesce(o.disc, '')
               FROM notes n LEFT JOIN docs o ON o.volume_id = n.volume_id AND o.path = n.path"""


def _bookmark(r: Any) -> Bookmark:
    return Bookmark(r[0], r[1], r[2], r[3] or None, r[4], r[5], r[6], r[7], r[8], r[9])


def _offset(value: Any) -> int:
    """A bookmark's offset from an export: 0 (the top) when absent or not a whole number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 0
    try:
        return max(int(value), 0)
    except (ValueError, OverflowError):
        return 0


def _note(r: Any) -> Note:
    return Note(*r)


__all__ = [
    "HISTORY_MAX",
    "Bookmark",
    "Doc",
    "HistoryEntry",
    "ImportSummary",
    "Library",
    "LibraryError",
    "Note",
    "TagCount",
    "library_path",
    "normalise_tag",
]
