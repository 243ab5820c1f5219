"""The user's own library: bookmarks, notes, tags and history, and their export."""

from __future__ import annotations

from pathlib import Path

from reader.paths import app_dirs

LIBRARY_FILE = "library.sqlite"


def library_path() -> Path:
    """Where the library lives: the data dir in force (``--basedir`` moves it too).

    Here rather than in store.py so that a search can see there is no library without
    importing the library's code (a command-line search starts faster).
    """
    return app_dirs().data / LIBRARY_FILE
