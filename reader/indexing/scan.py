"""Turn a volume's files into FileEntry records, choosing each file's extractor by name."""

from __future__ import annotations

from collections.abc import Iterator

from reader.model import FileEntry, Kind
from reader.sources.volume import Volume

_KIND_BY_EXTENSION: dict[str, Kind] = {
    **dict.fromkeys((".htm", ".html", ".shtml", ".shtm", ".xhtml", ".xht"), Kind.HTML),
    **dict.fromkeys(
        (
            ".txt",
            ".text",
            ".asc",
            ".csv",
            ".tsv",
            ".md",
            ".markdown",
            ".rst",
            ".eml",
            ".log",
            ".nfo",
            ".diz",
            ".me",
            ".lst",
        ),
        Kind.TXT,
    ),
    ".pdf": Kind.PDF,
    **dict.fromkeys(
        (".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"),
        Kind.IMAGE,
    ),
    ".zip": Kind.ZIP,
}


def kind_for(path: str) -> Kind:
    """The extractor for a file, from its extension (case-insensitive); OTHER when unknown."""
    name = path.rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        # No extension, or a dot file such as ".txt": nothing to go on.
        return Kind.OTHER
    return _KIND_BY_EXTENSION.get("." + ext.lower(), Kind.OTHER)


def scan(volume: Volume) -> Iterator[FileEntry]:
    """Every file of the volume in walk order; unreadable ones carry a problem and kind OTHER."""
    for raw in volume.walk():
        kind = Kind.OTHER if raw.problem else kind_for(raw.path)
        yield FileEntry(raw.path, raw.size, raw.mtime, kind, raw.problem)
