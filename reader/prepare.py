"""Work done in the extraction workers after extracting, so the single writer does less."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.blocks import Block, blocks
from reader.links import resolve
from reader.model import Extracted

if TYPE_CHECKING:
    from reader.workers import Task

MAX_LINKS = 2000  # per document; a page with more is a link farm, not a document


@dataclass(frozen=True, slots=True)
class Prepared:
    """Links resolved to archive paths or URLs, and the text's banner blocks."""

    links: tuple[tuple[str, str | None, str | None], ...]
    blocks: tuple[Block, ...]


def prepare(task: Task, extracted: Extracted) -> Prepared:
    """Runs in a worker process (see workers.Prepare): resolves links, finds text blocks."""
    links = tuple(
        (link.href, link.path, link.url)
        for link in (resolve(task.path, href) for href in extracted.links[:MAX_LINKS])
        if link.path or link.url
    )
    return Prepared(links=links, blocks=tuple(blocks(extracted.text)))
