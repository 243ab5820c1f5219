"""Work done in the extraction workers after extracting, so the single writer does less."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.model import SCANNED_CHARS_PER_PAGE, Extracted
from reader.store.banners import Block, blocks

if TYPE_CHECKING:
    from reader.indexing.workers import Task


@dataclass(frozen=True, slots=True)
class Prepared:
    """The text's banner blocks, and the fingerprint its copies share (text_fingerprint).

    Links are not resolved here any more: nothing kept them but a catalogue table no one
    read (dropped); the HTML viewer resolves a link when it is clicked."""

    blocks: tuple[Block, ...]
    dup: int = 0

    def __reduce__(self) -> tuple[type[Prepared], tuple[object, ...]]:
        return (Prepared, (self.blocks, self.dup))  # see Extracted.__reduce__


_WORDS = re.compile(r"[^\W_]+")
_MIN_DUP_WORDS = 20  # shorter texts (a caption, a stub) are not taken for copies


def text_fingerprint(text: str) -> int:
    """A signed 64-bit hash of the text's words in order, case folded; 0 for a short text.

    Copies of one page (the same handbook in several folders, a mirror's two paths) have
    the same words, whatever their markup or spacing.
    """
    words = _WORDS.findall(text.casefold())
    if len(words) < _MIN_DUP_WORDS:
        return 0
    digest = hashlib.blake2b(" ".join(words).encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True) or 1


def prepare(task: Task, extracted: Extracted) -> Prepared:
    """Runs in a worker process (see workers.Prepare): finds the text's blocks and its
    copies' fingerprint."""
    return Prepared(blocks=tuple(blocks(extracted.text)), dup=text_fingerprint(extracted.text))


def with_ocr_text(text: str, read: Mapping[int, str]) -> str:
    """`text` (pages joined by "\\f") with the pages OCR read (by 1-based page) put in.

    A pictured page's own few characters (a stamp, a page number) are replaced: OCR read
    them too. A mixed page (text of its own beside a picture: OCR read only the picture)
    keeps its text, the picture's after it. An image file's frames become pages the same
    way.
    """
    pages = text.split("\f")
    top = max(read, default=0)
    if len(pages) < top:
        pages.extend([""] * (top - len(pages)))
    for page, found in read.items():
        if page >= 1:
            own = pages[page - 1]
            ocr_text = found.replace("\f", "\n")
            mixed = len("".join(own.split())) >= SCANNED_CHARS_PER_PAGE and ocr_text.strip()
            pages[page - 1] = f"{own.rstrip()}\n\n{ocr_text}" if mixed else ocr_text
    return "\f".join(pages)
