"""The catalogue: one SQLite file of volumes, files and their states (reader.store.sqlite)."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.model import FileEntry, Kind, State, VolumeRecord
from reader.sentences import QT_TRANSLATE_NOOP
from reader.store.ocr_queue import record_ocr
from reader.store.sqlite import Migration, Store, is_damaged, is_full, open_store

if TYPE_CHECKING:
    import sqlite_utils  # the migrations' schema API (reader.store.sqlite)

CATALOGUE_FILE = "catalogue.sqlite"


class CatalogueError(Exception):
    """The catalogue cannot be used (made by a newer version, damaged); shown to the user."""


class CatalogueDamaged(CatalogueError):
    """SQLite says the file is broken (malformed, cut short, not a database at all).

    Attributes:
        reason: what SQLite said ("database disk image is malformed").
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def disk_full(where: Path) -> OSError:
    """The error a write that found no space raises, whoever reported it (SQLite, tantivy)."""
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(where))


# A read that went wrong because the disc went away, not because the file is bad
# (reader.indexing.workers words them so).
READ_ERROR_PREFIXES = ("read error:", "the disc cannot be read:")


@dataclass(frozen=True, slots=True)
class PendingFile:
    """A file that still needs extracting."""

    id: int
    path: str
    kind: Kind
    size: int
    mtime: float


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One catalogued file as the rest of the app sees it."""

    id: int
    volume_id: str
    path: str
    kind: Kind
    size: int
    mtime: float
    date: str | None
    year: int | None
    date_source: str | None
    title: str | None
    pages: int | None
    encoding: str | None
    scanned: bool
    state: State
    error: str | None


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What extraction made of one file; written by the pipeline in batches."""

    file_id: int
    state: State
    error: str | None = None
    title: str | None = None
    date: str | None = None
    year: int | None = None
    date_source: str | None = None
    pages: int | None = None
    encoding: str | None = None
    scanned: bool = False
    # The pages that are pictures of text (content key, pages, those OCR has not read yet);
    # reader.store.ocr_queue keeps them.
    ocr: tuple[str, tuple[int, ...], tuple[int, ...]] | None = None


# Each migration takes the schema one step further; PRAGMA user_version counts the steps
# taken. A catalogue from a newer release (more steps than we know) is refused, not guessed at.
def _m1_initial(db: sqlite_utils.Database) -> None:
    db.table("volumes").create(
        {
            "id": str,
            "label": str,
            "fingerprint": str,
            "kind": str,
            "location": str,
            "first_seen": float,
            "last_seen": float,
        },
        pk="id",
    )
    db.table("files").create(
        {
            "id": int,
            "volume_id": str,
            "path": str,
            "kind": str,
            "size": int,
            "mtime": float,
            "date": str,
            "year": int,
            "date_source": str,
            "title": str,
            "pages": int,
            "encoding": str,
            "scanned": int,
            "state": str,
            "error": str,
            "scan_mark": int,
            "indexed_at": float,
        },
        pk="id",
        not_null={"volume_id", "path", "kind", "size", "state"},
        defaults={"state": State.PENDING.value, "scanned": 0, "scan_mark": 0},
        foreign_keys=[("volume_id", "volumes", "id")],
    )
    db.table("files").create_index(["volume_id", "path"], unique=True)
    db.table("files").create_index(["volume_id", "state"])
    db.table("links").create(
        {"file_id": int, "href": str, "target_path": str, "url": str},
        foreign_keys=[("file_id", "files", "id")],
    )
    db.table("links").create_index(["file_id"])
    db.table("links").create_index(["target_path"])
    db.table("meta").create({"key": str, "value": str}, pk="key")


def _m2_disc_sets(db: sqlite_utils.Database) -> None:
    # What a disc's archive.toml says: which set it belongs to, and which disc of it it is.
    volumes = db.table("volumes")
    for column, kind in (("set_id", str), ("disc_no", int), ("disc_count", int), ("title", str)):
        volumes.add_column(column, kind)


def _m3_no_link_target_index(db: sqlite_utils.Database) -> None:
    # Nothing looks links up by their target; keeping that index up to date on a million
    # links cost 30% of writing them (1.7 s of CPU indexing the real corpus).
    db.execute("DROP INDEX IF EXISTS idx_links_target_path")


def _m4_ocr(db: sqlite_utils.Database) -> None:
    # Per file with pictures of text: its content key, those pages, and the ones OCR has
    # still to read (the queue; reader.store.ocr_queue). Gone with its file.
    db.execute(
        """CREATE TABLE ocr (
             file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
             content TEXT NOT NULL, pages TEXT NOT NULL, missing TEXT NOT NULL,
             priority INTEGER NOT NULL DEFAULT 0)"""
    )
    db.execute("CREATE INDEX idx_ocr_queue ON ocr(priority) WHERE missing != ''")


def _m5_no_links(db: sqlite_utils.Database) -> None:
    # The links each page holds were kept for nothing: the viewer resolves a link when it is
    # clicked (reader.sources.links), and no search reads them. On the real corpus they were
    # 99 of the catalogue's 107 MB, on every published disc. The file keeps the pages
    # free until a VACUUM (publishing copies it with VACUUM INTO, which drops them).
    db.execute("DROP TABLE IF EXISTS links")


MIGRATIONS: list[Migration] = [
    _m1_initial, _m2_disc_sets, _m3_no_link_target_index, _m4_ocr, _m5_no_links,
]  # fmt: skip


class Catalogue:
    """Read and write access to one archive's catalogue.

    One process writes (the pipeline); readers (the GUI, the CLI) open their own Catalogue.
    WAL mode lets them read while a run writes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.db = open_store(
                path,
                MIGRATIONS,
                what=QT_TRANSLATE_NOOP("Core", "the catalogue"),
                error=CatalogueError,
            )
        except CatalogueError as exc:
            cause = exc.__cause__
            if cause is not None and is_full(cause):
                raise disk_full(path.parent) from cause
            if cause is not None and is_damaged(cause):
                raise CatalogueDamaged(str(exc), str(cause)) from cause
            raise

    def check(self) -> str:
        """What is wrong with the file, as SQLite's quick check finds it; "" when nothing.

        Reads every page (0.3 s for 54,000 files and the million links kept then): for a
        writer's open, not a search's.
        """
        try:
            rows = self.db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            if is_damaged(exc):
                return str(exc)
            raise
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        return problems[0] if problems else ""

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Volumes

    def upsert_volume(
        self, vid: str, label: str, fingerprint: str, kind: str, location: str
    ) -> None:
        now = time.time()
        with self.db.atomic():
            self.db.execute(
                """INSERT INTO volumes
                     (id, label, fingerprint, kind, location, first_seen, last_seen)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET label=excluded.label, kind=excluded.kind,
                     fingerprint=excluded.fingerprint,
                     location=excluded.location, last_seen=excluded.last_seen""",
                (vid, label, fingerprint, kind, location, now, now),
            )

    def volumes(self) -> list[VolumeRecord]:
        rows = self.db.execute(
            """SELECT v.id, v.label, v.fingerprint, v.kind, v.location, v.last_seen,
                      (SELECT count(*) FROM files f WHERE f.volume_id = v.id),
                      v.set_id, v.disc_no, v.disc_count, v.title
               FROM volumes v ORDER BY v.label, v.id"""
        ).fetchall()
        return [
            VolumeRecord(
                id=r[0],
                label=r[1],
                fingerprint=r[2],
                kind=r[3],
                location=r[4],
                last_seen=r[5],
                files=r[6],
                set_id=r[7],
                disc_no=r[8],
                disc_count=r[9],
                title=r[10],
            )
            for r in rows
        ]

    def set_disc_info(
        self,
        volume_id: str,
        *,
        set_id: str | None,
        disc_no: int | None,
        disc_count: int | None,
        title: str | None,
    ) -> None:
        """Record what the disc's archive.toml says (None clears a field)."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE volumes SET set_id = ?, disc_no = ?, disc_count = ?, title = ? "
                "WHERE id = ?",
                (set_id, disc_no, disc_count, title, volume_id),
            )

    # Publishing: a catalogue copied onto a disc, and adopted from one

    def export_copy(self, dest: Path) -> None:
        """A compact single-file copy (no WAL) at `dest`, with no machine's locations in it."""
        dest.unlink(missing_ok=True)
        self.db.execute("VACUUM INTO ?", (str(dest),))
        conn = sqlite3.connect(str(dest))
        try:
            with conn:
                # Where the publisher's folders were means nothing on a user's machine.
                conn.execute("UPDATE volumes SET location = ''")
                conn.execute("UPDATE files SET scan_mark = 0")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()

    def adopt(self, other: Path) -> tuple[int, int]:
        """Copy the volumes and files (and their OCR state) of the catalogue file `other` here.

        `other` must have this schema (open it as a Catalogue first, which migrates it).
        Volumes this catalogue already knows are left as they are. Returns (volumes, files)
        added.
        """
        self.db.execute("ATTACH DATABASE ? AS pub", (str(other),))
        try:
            with self.db.atomic():
                known = {r[0] for r in self.db.execute("SELECT id FROM volumes")}
                new = [r[0] for r in self.db.execute("SELECT id FROM pub.volumes")]
                new = [v for v in new if v not in known]
                if not new:
                    return 0, 0
                marks = ",".join("?" * len(new))
                vcols = _columns(self.db, "volumes")
                self.db.execute(
                    f"INSERT INTO volumes ({vcols}) SELECT {vcols} FROM pub.volumes "
                    f"WHERE id IN ({marks})",
                    new,
                )
                offset = int(
                    self.db.execute("SELECT coalesce(max(id), 0) FROM files").fetchone()[0]
                )
                fcols = [c for c in _columns(self.db, "files").split(", ") if c != "id"]
                cur = self.db.execute(
                    f"INSERT INTO files (id, {', '.join(fcols)}) SELECT id + ?, "
                    f"{', '.join(fcols)} FROM pub.files WHERE volume_id IN ({marks})",
                    [offset, *new],
                )
                n_files = cur.rowcount
                self.db.execute(
                    "INSERT INTO ocr (file_id, content, pages, missing) "
                    "SELECT o.file_id + ?, o.content, o.pages, o.missing FROM pub.ocr o "
                    f"JOIN pub.files f ON f.id = o.file_id WHERE f.volume_id IN ({marks})",
                    [offset, *new],
                )
            return len(new), n_files
        finally:
            self.db.execute("DETACH DATABASE pub")

    # Scanning

    def begin_scan(self, volume_id: str) -> int:
        """A fresh mark for this scan; files not marked by the end are gone from the volume."""
        row = self.db.execute(
            "SELECT coalesce(max(scan_mark), 0) + 1 FROM files WHERE volume_id = ?", (volume_id,)
        ).fetchone()
        return int(row[0])

    def record_scanned(
        self,
        volume_id: str,
        mark: int,
        entries: Iterable[FileEntry],
        *,
        sizes_only: bool = False,
    ) -> int:
        """Add new files as pending, send changed ones back to pending, keep unchanged ones.

        A file changed when its size or time differs from the catalogue's. With
        `sizes_only`, only a size that differs counts, and the file takes the volume's time:
        the rows came from a ready-made index, and a burned disc's times are not the
        publisher's (burn date, 1 s or 2 s resolution, time zones).

        Returns the number of entries written. Runs as one transaction per call, so call it
        with batches of entries.
        """
        changed = "files.size != excluded.size" + (
            "" if sizes_only else " OR files.mtime != excluded.mtime"
        )
        rows = [
            # A problem is known at scan time (a link out of the volume, a loop, ...).
            (
                volume_id, e.path, e.kind.value, e.size, e.mtime,
                State.FAILED.value if e.problem else State.PENDING.value, e.problem, mark,
            )
            for e in entries
        ]  # fmt: skip
        with self.db.atomic():
            self.db.conn.executemany(
                f"""INSERT INTO files
                         (volume_id, path, kind, size, mtime, state, error, scan_mark)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT(volume_id, path) DO UPDATE SET
                         scan_mark = excluded.scan_mark,
                         kind = excluded.kind,
                         state = CASE WHEN {changed}
                                        OR excluded.state = 'failed' AND files.state != 'failed'
                                      THEN excluded.state ELSE files.state END,
                         error = CASE WHEN {changed}
                                        OR excluded.state = 'failed'
                                      THEN excluded.error ELSE files.error END,
                         size = excluded.size, mtime = excluded.mtime""",
                rows,
            )
        return len(rows)

    def remove_unmarked(self, volume_id: str, mark: int) -> list[str]:
        """Forget files a completed scan did not see again; returns their paths."""
        with self.db.atomic():
            rows = self.db.execute(
                "SELECT id, path FROM files WHERE volume_id = ? AND scan_mark != ?",
                (volume_id, mark),
            ).fetchall()
            ids = [r[0] for r in rows]
            for chunk in _chunks(ids, 500):
                marks = ",".join("?" * len(chunk))
                self.db.execute(f"DELETE FROM files WHERE id IN ({marks})", chunk)
        return [r[1] for r in rows]

    def sample_paths(self, volume_id: str, n: int) -> list[str]:
        """Up to n paths of the volume, spread evenly over it (deterministic)."""
        total = self.db.execute(
            "SELECT count(*) FROM files WHERE volume_id = ?", (volume_id,)
        ).fetchone()[0]
        step = max(1, total // max(n, 1))
        rows = self.db.execute(
            "SELECT path FROM (SELECT path, row_number() OVER (ORDER BY path) AS i FROM files "
            "WHERE volume_id = ?) WHERE i % ? = 0 LIMIT ?",
            (volume_id, step, n),
        )
        return [r[0] for r in rows]

    def count_pending(self, volume_id: str) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM files WHERE volume_id = ? AND state = 'pending'", (volume_id,)
        ).fetchone()
        return int(row[0])

    def pending(self, volume_id: str) -> Iterator[PendingFile]:
        """Files still to extract, in path order (so progress reads naturally)."""
        rows = self.db.execute(
            "SELECT id, path, kind, size, mtime FROM files "
            "WHERE volume_id = ? AND state = 'pending' "
            "ORDER BY path",
            (volume_id,),
        ).fetchall()
        for r in rows:
            yield PendingFile(id=r[0], path=r[1], kind=Kind(r[2]), size=r[3], mtime=r[4] or 0.0)

    def reset_to_pending(self) -> int:
        """Send every file that was read back to pending (the index is being rebuilt)."""
        with self.db.atomic():
            # Files the scanner knows are unreadable go back to failed at the next scan.
            cur = self.db.execute(
                "UPDATE files SET state = 'pending', error = NULL WHERE state != 'pending'"
            )
        return cur.rowcount

    def mark_pending(self, file_ids: Iterable[int]) -> None:
        """Send these files back to pending (to be read again: their OCR text came)."""
        with self.db.atomic():
            self.db.executemany(
                "UPDATE files SET state = 'pending' WHERE id = ? AND state = 'indexed'",
                [(i,) for i in file_ids],
            )

    def reset_read_errors(self, volume_id: str, since: float) -> int:
        """Send files that failed to be read since `since` back to pending: the disc went
        away under them, and the rerun must read them without being asked to retry (one
        that was unreadable anyway fails again then, with its reason)."""
        likes = " OR ".join("error LIKE ?" for _ in READ_ERROR_PREFIXES)
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE files SET state = 'pending', error = NULL WHERE volume_id = ? "
                f"AND state = 'failed' AND indexed_at >= ? AND ({likes})",
                (volume_id, since, *(p + "%" for p in READ_ERROR_PREFIXES)),
            )
        return cur.rowcount

    def reset_failed(self, volume_id: str | None = None) -> int:
        """Send failed files back to pending ("retry failed files")."""
        where, args = ("AND volume_id = ?", (volume_id,)) if volume_id else ("", ())
        with self.db.atomic():
            cur = self.db.execute(
                f"UPDATE files SET state = 'pending', error = NULL WHERE state = 'failed' {where}",
                args,
            )
        return cur.rowcount

    # Writing outcomes

    def record_outcomes(self, outcomes: Iterable[FileOutcome]) -> None:
        """Store a batch of extraction results in one transaction (a few statements)."""
        now = time.time()
        batch = list(outcomes)
        conn = self.db.conn
        with self.db.atomic():
            conn.executemany(
                """UPDATE files SET state=?, error=?, title=?, date=?, year=?, date_source=?,
                     pages=?, encoding=?, scanned=?, indexed_at=? WHERE id=?""",
                [
                    (
                        o.state.value, o.error, o.title, o.date, o.year, o.date_source, o.pages,
                        o.encoding, int(o.scanned), now, o.file_id,
                    )
                    for o in batch
                ],
            )  # fmt: skip
            record_ocr(conn, batch)

    # Reading

    def counts_by_state(self) -> dict[str, int]:
        counts = {s.value: 0 for s in State}
        for state, n in self.db.execute("SELECT state, count(*) FROM files GROUP BY state"):
            counts[state] = n
        return counts

    def count_documents(self) -> int:
        """Files whose document the index must hold (indexed, or by name only: skipped)."""
        row = self.db.execute(
            "SELECT count(*) FROM files WHERE state IN ('indexed', 'skipped')"
        ).fetchone()
        return int(row[0])

    def counts_by_kind(self) -> dict[str, int]:
        rows = self.db.execute("SELECT kind, count(*) FROM files GROUP BY kind ORDER BY kind")
        return {kind: n for kind, n in rows}

    def failures(self, limit: int | None = None) -> list[tuple[str, str, str]]:
        """(volume label, path, error) of failed files, by volume and path."""
        sql = """SELECT v.label, f.path, coalesce(f.error, '') FROM files f
                 JOIN volumes v ON v.id = f.volume_id WHERE f.state = 'failed'
                 ORDER BY v.label, f.path"""
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [(r[0], r[1], r[2]) for r in self.db.execute(sql)]

    def failed_files(self, volume_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(path, error) of the failed files of these volumes, by path."""
        ids = list(volume_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT path, coalesce(error, '') FROM files WHERE state = 'failed' "
            f"AND volume_id IN ({marks}) ORDER BY volume_id, path",
            ids,
        )
        return [(r[0], r[1]) for r in rows]

    def file(self, volume_id: str, path: str) -> FileRecord | None:
        row = self.db.execute(
            f"SELECT {_FILE_COLUMNS} FROM files WHERE volume_id = ? AND path = ?",
            (volume_id, path),
        ).fetchone()
        return _file_record(row) if row else None

    def files(self, volume_id: str | None = None) -> Iterator[FileRecord]:
        where, args = ("WHERE volume_id = ?", (volume_id,)) if volume_id else ("", ())
        for row in self.db.execute(
            f"SELECT {_FILE_COLUMNS} FROM files {where} ORDER BY volume_id, path", args
        ):
            yield _file_record(row)

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def delete_meta(self, key: str) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM meta WHERE key = ?", (key,))

    def integrity_ok(self) -> bool:
        return bool(self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def _columns(db: Store, table: str) -> str:
    return ", ".join(r[1] for r in db.execute(f"PRAGMA main.table_info({table})"))


_FILE_COLUMNS = (
    "id, volume_id, path, kind, size, mtime, date, year, date_source, title, pages, encoding, "
    "scanned, state, error"
)


def _file_record(r: Any) -> FileRecord:
    return FileRecord(
        id=r[0],
        volume_id=r[1],
        path=r[2],
        kind=Kind(r[3]),
        size=r[4],
        mtime=r[5],
        date=r[6],
        year=r[7],
        date_source=r[8],
        title=r[9],
        pages=r[10],
        encoding=r[11],
        scanned=bool(r[12]),
        state=State(r[13]),
        error=r[14],
    )


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
