"""Plain data passed between the core modules; no behaviour, no heavy imports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# Letters a PDF page needs of its own not to be a picture of text (a scan): below, OCR reads
# the whole page; at or above it, beside a picture, OCR reads only the picture (mixed page).
SCANNED_CHARS_PER_PAGE = 20


class Kind(StrEnum):
    """What a file is, decided from its name (and, for a few, its first bytes)."""

    HTML = "html"
    TXT = "txt"
    PDF = "pdf"
    IMAGE = "image"
    ZIP = "zip"
    OTHER = "other"


class State(StrEnum):
    """Where a file is in the indexing job; stored per file in the catalogue."""

    PENDING = "pending"
    INDEXED = "indexed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One file found on a volume by the scanner.

    Attributes:
        path: relative POSIX path inside the volume, NFC-normalised, never starting with "/"
            and never containing ".." segments.
        size: size in bytes.
        mtime: modification time, seconds since the epoch (0.0 when the volume has none).
        kind: the extractor that will read it.
        problem: why the scanner could not take the file (broken link, bad name...), else None.
    """

    path: str
    size: int
    mtime: float
    kind: Kind
    problem: str | None = None


@dataclass(slots=True)
class Extracted:
    """What an extractor read from one file.

    Attributes:
        title: document title ("" when the file has none; the pipeline falls back to the name).
        text: visible text, NFC-normalised, soft hyphens removed. For PDFs the pages are
            joined with form feeds ("\\f"), so page n is ``text.split("\\f")[n - 1]``.
        date: a date found inside the document (``<meta>``, PDF metadata, EXIF), as
            "YYYY-MM-DD", "YYYY-MM" or "YYYY"; None when there is none.
        pages: page count for paged documents (PDF), else None.
        encoding: the text encoding used to decode the file (HTML/TXT), else None.
        scanned: True for a PDF with pages but (almost) no text layer.
        meta: other facts worth showing (author, dimensions, zip member count, ...).
        nav: an HTML page's navigation (menus, sidebars, link lists), kept out of `text`.
        ocr_pages: the pages (1-based; an image file's frames) that are pictures of text
            with no text of their own: what OCR should read.
        content_key: a hash of the file's bytes when it has `ocr_pages`, else "": OCR text
            is kept by content, so a moved or copied file is never read twice.
    """

    title: str = ""
    text: str = ""
    date: str | None = None
    pages: int | None = None
    encoding: str | None = None
    scanned: bool = False
    meta: dict[str, str] = field(default_factory=dict)
    nav: str = ""
    ocr_pages: tuple[int, ...] = ()
    content_key: str = ""

    def __reduce__(self) -> tuple[type[Extracted], tuple[object, ...]]:
        # One crosses a pipe from a worker per file: positional arguments unpickle several
        # times faster than a slotted dataclass's generic state.
        return (
            Extracted,
            (
                self.title, self.text, self.date, self.pages, self.encoding,
                self.scanned, self.meta, self.nav, self.ocr_pages, self.content_key,
            ),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class VolumeRecord:
    """A disc (or folder, or ISO) the archive knows about, present or not."""

    id: str
    label: str
    fingerprint: str
    kind: str
    location: str
    files: int
    last_seen: float
    set_id: str | None = None
    disc_no: int | None = None
    disc_count: int | None = None
    title: str | None = None


class ExtractError(Exception):
    """A file that cannot be read; the message is shown to the user as the failure reason."""
