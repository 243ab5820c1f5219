"""What the archive-reader command says of each fault: one sentence, and an exit status per
kind (`archive-reader --help` lists them; so does docs/security.md)."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys

from reader.cli.terminal import safe
from reader.paths import app_dirs
from reader.store.archive import DEFAULT_ARCHIVE, ArchiveDamaged, IndexOnDisc
from reader.store.catalogue import CatalogueError
from reader.store.index_errors import IndexLockedError
from reader.store.sqlite import is_damaged, is_full

EXIT_PROBLEM = 1
EXIT_BUSY = 3  # another Archive Reader is indexing the same archive
EXIT_DISC_GONE = 4
EXIT_NO_SPACE = 5
EXIT_DISC_UNREADABLE = 6
EXIT_DAMAGED = 7
EXIT_BUG = 70  # sysexits.h: EX_SOFTWARE
EXIT_CANCELLED = 130

EXIT_CODES = """exit status:
  0    done
  1    a problem with what was asked (no such disc, not a disc or ISO image, ...)
  2    the command line itself is wrong
  3    another Archive Reader is indexing this archive now: wait, then run it again
  4    a disc went away during the run, or the disc the search index is read from is not
       in: insert it and run the same command again
  5    no space left on the disk that holds the archive: free some, then run it again
  6    a disc cannot be read (a damaged ISO image...): what was indexed so far is kept
  7    the archive's catalogue or search index is damaged or lost: the message says which
       command rebuilds it (your bookmarks and notes are kept)
  70   an unexpected error (a bug): one line here, the details in the error log
  130  cancelled (Ctrl+C): run the same command again to resume

Each fault is one sentence on stderr; --debug shows an unexpected error's traceback."""

# An OSError with one of these is a disk that cannot take more (full, quota, file size).
_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
ERROR_LOG = "last-error.log"


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


class DiscUnreadable(Exception):
    """A disc (folder, ISO image) that was found but cannot be read; exit status 6."""


def _say(message: str, status: int) -> int:
    print(f"archive-reader: {safe(message)}", file=sys.stderr)
    return status


def report(exc: BaseException, archive: str | None) -> int:
    """One sentence on stderr for a fault; returns its exit status (see EXIT_CODES).

    Args:
        archive: the --archive the command was given (for a command that repairs).
    """
    # Imported here, at a fault: every command starts without the indexing modules.
    from reader.indexing.progress import DiscGone
    from reader.sources.volume import VolumeError

    if isinstance(exc, UsageError | CatalogueError):
        return _say(str(exc), EXIT_PROBLEM)
    if isinstance(exc, IndexLockedError):
        return _say(
            f"{exc}. Wait for it to finish (or stop it), then run this again: what was "
            "indexed so far is kept.",
            EXIT_BUSY,
        )
    if isinstance(exc, DiscGone):
        return _say(
            f"{exc} ({exc.done:,} files read in this run, {exc.left:,} still to read).",
            EXIT_DISC_GONE,
        )
    if isinstance(exc, DiscUnreadable | VolumeError):
        return _say(f"{exc}; what was indexed so far is kept.", EXIT_DISC_UNREADABLE)
    if isinstance(exc, sqlite3.DatabaseError) and is_damaged(exc):
        # Met outside Archive.faults() (by a read-only command): the same sentence.
        exc = ArchiveDamaged(f"the catalogue is damaged ({exc})")
    if isinstance(exc, IndexOnDisc):  # nothing is wrong: a disc is out of the drive
        return _say(
            f"{exc.problem} (a copy of a disc in a folder: `archive-reader index FOLDER` "
            "once, and the index reads it there).",
            EXIT_DISC_GONE,
        )
    if isinstance(exc, ArchiveDamaged):
        return _say(_damage_sentence(exc, archive), EXIT_DAMAGED)
    if isinstance(exc, sqlite3.DatabaseError) and is_full(exc):
        exc = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
        where = exc.filename or app_dirs().archive_dir(archive or DEFAULT_ARCHIVE)
        return _say(
            f"there is no room left to write to {where} ({exc.strerror}); free some space "
            "there, then run the same command again: what was done so far is kept.",
            EXIT_NO_SPACE,
        )
    if isinstance(exc, OSError):
        return _say(str(exc), EXIT_PROBLEM)
    if isinstance(exc, KeyboardInterrupt):
        print("\nCancelled.", file=sys.stderr)
        return EXIT_CANCELLED
    return _say(_bug_sentence(exc), EXIT_BUG)


def unexpected(exc: BaseException) -> bool:
    """Not a fault of the world (disc, disk, archive) but of the code: a bug."""
    from reader.indexing.progress import DiscGone
    from reader.sources.volume import VolumeError

    known = (UsageError, CatalogueError, IndexLockedError, DiscGone, DiscUnreadable, VolumeError)
    return not isinstance(exc, (*known, ArchiveDamaged, OSError, KeyboardInterrupt)) and not (
        isinstance(exc, sqlite3.DatabaseError) and (is_damaged(exc) or is_full(exc))
    )


def _damage_sentence(exc: ArchiveDamaged, archive: str | None) -> str:
    import shlex  # only a damaged archive's sentence quotes a command line

    if exc.rerun:
        return (
            f"{exc.problem}; run the same command again: the damaged file is then moved "
            "aside and the archive rebuilt from the discs (your bookmarks and notes are kept)."
        )
    option = f" --archive {shlex.quote(archive)}" if archive else ""
    discs = " ".join(shlex.quote(d) for d in exc.discs) or "DISC..."
    return (
        f"{exc.problem}; nothing was changed: `archive-reader{option} index {discs}` "
        "rebuilds it from the discs (your bookmarks and notes are kept)."
    )


def _bug_sentence(exc: BaseException) -> str:
    """An error nobody foresaw: its one line here, its traceback in the error log."""
    import traceback

    log = app_dirs().log / ERROR_LOG  # beside the window's log: one folder to send
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = f"the details are in {log} (or run the command again with --debug)"
    except OSError:
        where = "run the command again with --debug for the details"
    text = " ".join(str(exc).split())[:200]
    return f"unexpected error ({type(exc).__name__}: {text}); this is a bug: {where}."
