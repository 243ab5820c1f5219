"""Opening our SQLite files (catalogue, library): WAL, foreign keys, counted migrations.

sqlite-utils builds the schemas (the migrations get a `sqlite_utils.Database`), but it is
not imported to read or write a file whose schema is current: its import (click, dateutil,
plugin discovery) took 130 ms, most of what `archive-reader search` cost as a command.
Reading and writing go through `Store`, the few calls the code needs on sqlite3 itself.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.sentences import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    import sqlite_utils

Migration = Callable[["sqlite_utils.Database"], None]

# SQLite's primary result codes (the low byte of an extended one) that say what went wrong.
_SQLITE_CORRUPT = 11  # "database disk image is malformed"
_SQLITE_FULL = 13  # "database or disk is full"
_SQLITE_NOTADB = 26  # "file is not a database" (a header overwritten or cut)

_savepoints = itertools.count()


class Store:
    """An open SQLite file in autocommit mode: a statement outside `atomic` commits itself,
    the statements inside one block commit together (or none, on an exception)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Store]:
        """One transaction; nested blocks are savepoints inside it."""
        if self.conn.in_transaction:
            name = f"sp_{next(_savepoints)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException:
            _rollback(self.conn)  # a failed statement may have ended it already
            raise

    def close(self) -> None:
        self.conn.close()


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def open_store(
    path: Path,
    migrations: Sequence[Migration],
    *,
    what: str,
    error: type[Exception],
    synchronous: str = "NORMAL",
) -> Store:
    """Open (creating if new) and migrate the SQLite file at `path`.

    Each migration takes the schema one step further; PRAGMA user_version counts the steps
    taken. A file from a newer release (more steps than we know) is refused, not guessed at.

    Args:
        what: how the user knows the file ("the catalogue"), for messages.
        error: the exception to raise, with a message for the user.
        synchronous: NORMAL (a crash may lose the last commit, never the file) or FULL.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Shared with a search thread in the window (the owner serialises its use).
        # isolation_level=None: no transaction opens behind our back; `atomic` opens them.
        conn = sqlite3.connect(
            str(path), timeout=30.0, check_same_thread=False, isolation_level=None
        )
        db = Store(conn)
        if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            db.execute("PRAGMA journal_mode=wal")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(f"PRAGMA synchronous={synchronous}")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > len(migrations):
            db.close()
            raise error(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "{what} was made by a newer Archive Reader"
                    " ({file}: schema {version}, this one knows {known}); update the app",
                ).format(what=what, file=path, version=version, known=len(migrations))
            )
        if version < len(migrations):
            _migrate(db, migrations, version)
    except sqlite3.DatabaseError as exc:
        raise error(
            QT_TRANSLATE_NOOP("Core", "{what} cannot be opened ({file}): {reason}").format(
                what=what, file=path, reason=exc
            )
        ) from exc
    return db


def is_damaged(exc: BaseException) -> bool:
    """SQLite says the file itself is broken (not locked, not full, not a bad statement)."""
    return _primary_code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def is_full(exc: BaseException) -> bool:
    """SQLite could not write for want of space."""
    return _primary_code(exc) == _SQLITE_FULL


def _primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None) if isinstance(exc, sqlite3.Error) else None
    return code & 0xFF if isinstance(code, int) else None


def _migrate(db: Store, migrations: Sequence[Migration], version: int) -> None:
    import sqlite_utils

    schema = sqlite_utils.Database(db.conn, execute_plugins=False)
    for step in range(version, len(migrations)):
        # IMMEDIATE: the write lock before the version is read again, so that two processes
        # opening a new file at once do not both create its tables ("table already exists").
        db.execute("BEGIN IMMEDIATE")
        try:
            if int(db.execute("PRAGMA user_version").fetchone()[0]) <= step:
                migrations[step](schema)
                db.execute(f"PRAGMA user_version = {step + 1}")
            db.execute("COMMIT")
        except BaseException:
            _rollback(db.conn)
            raise
