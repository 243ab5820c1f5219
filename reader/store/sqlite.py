"""Opening our SQLite files (catalogue, library): WAL, foreign keys, counted migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def open_store(
    path: Path,
    migrations: Sequence[Migration],
    *,
    what: str,
    error: type[Exception],
    synchronous: str = "NORMAL",
) -> sqlite_utils.Database:
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
        conn = sqlite3.connect(str(path), timeout=30.0, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        db.enable_wal()
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(f"PRAGMA synchronous={synchronous}")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > len(migrations):
            db.close()
            raise error(
                f"{what} {path} was made by a newer Archive Reader "
                f"(schema {version}, this one knows {len(migrations)}); update the app"
            )
        for step in range(version, len(migrations)):
            with db.atomic():
                migrations[step](db)
                db.execute(f"PRAGMA user_version = {step + 1}")
    except sqlite3.DatabaseError as exc:
        raise error(f"{what} {path} cannot be opened: {exc}") from exc
    return db
