"""What an indexed archive holds, read as the app reads it: hits for a query, a stored text."""

from __future__ import annotations

from pathlib import Path

from reader.search.engine import search
from reader.store.archive import Archive


def hit_paths(archive_dir: Path, query: str) -> list[str]:
    """The paths of the first 50 hits for `query`, best first."""
    with Archive(archive_dir) as archive:
        return [h.path for h in search(archive.index(), query, limit=50).hits]


def stored_body(archive_dir: Path, path: str) -> str:
    """The text the index holds for the document at `path`."""
    with Archive(archive_dir) as archive:
        for stored in archive.index().searcher().all_docs():
            if stored.doc.path == path:
                return stored.doc.body
    raise AssertionError(f"{path} is not in the index")
