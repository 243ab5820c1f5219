"""The index's errors, and tantivy's as the rest of the app should hear them: a damaged
index said short, a failed write as the OSError it is (reader.store.fulltext raises them).
Free of tantivy, so that a caller can catch them without loading the engine."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from reader.sentences import QT_TRANSLATE_NOOP


class IndexFormatError(Exception):
    """The folder holds an index this version cannot read; the caller rebuilds it.

    Attributes:
        problem: what is wrong, for the user ("the search index was made by another version").
    """

    def __init__(self, message: str, problem: str = "") -> None:
        super().__init__(message)
        self.problem = problem or QT_TRANSLATE_NOOP(
            "Core", "the search index was made by another version of Archive Reader"
        )


class IndexDamagedError(IndexFormatError):
    """The folder's index cannot be opened: files of it are missing, cut or overwritten."""


class IndexLockedError(RuntimeError):
    """Another writer (in this or another process) holds the index; the message says who."""


_FILE_NAMED = re.compile(r'filepath: "([^"]+)"|FileDoesNotExist\("([^"]+)"\)')


def damaged_problem(detail: str) -> str:
    """tantivy's words for an index it cannot open, short: which of its files is wrong."""
    found = _FILE_NAMED.search(detail)
    name = Path(found.group(1) or found.group(2)).name if found else ""
    if name and "FileDoesNotExist" in detail:
        what = QT_TRANSLATE_NOOP("Core", "its file {file} is missing").format(file=name)
    elif name:
        what = QT_TRANSLATE_NOOP("Core", "its file {file} is cut short or overwritten").format(
            file=name
        )
    elif "meta.json" in detail:
        what = QT_TRANSLATE_NOOP("Core", "its meta.json cannot be read")
    else:
        what = " ".join(detail.split())[:160]
    return QT_TRANSLATE_NOOP("Core", "the search index is damaged ({reason})").format(reason=what)


_OS_ERROR = re.compile(r"os error (\d+)")
# A writer thread that died of an I/O error says only "(io::Error most likely)"; with less
# than this left on the index's disk, the error was the disk being full.
_LOW_SPACE_BYTES = 64 * 1024 * 1024


def engine_error(exc: ValueError, folder: Path) -> Exception:
    """What a failed tantivy write means: an OSError (the disk full...) or the error itself."""
    found = _OS_ERROR.search(str(exc))
    if found:
        code = int(found.group(1))
        return OSError(code, os.strerror(code), str(folder))
    try:
        low = shutil.disk_usage(folder).free < _LOW_SPACE_BYTES
    except OSError:
        low = False
    if low and "io::error" in str(exc).lower():
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder))
    return exc


@contextlib.contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Around a write to the index in `folder`: its ValueErrors as engine_error says."""
    try:
        yield
    except ValueError as e:
        raise engine_error(e, folder) from e
