"""Work done in the extraction workers after extracting, so the single writer does less."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.model import Extracted
from reader.sources.links import DEFAULT_SITE_URLS, resolve
from reader.store.banners import Block, blocks

if TYPE_CHECKING:
    from reader.indexing.workers import Task

MAX_LINKS = 2000  # per document; a page with more is a link farm, not a document


@dataclass(frozen=True, slots=True)
class Prepared:
    """Links resolved to archive paths or URLs, and the text's banner blocks."""

    links: tuple[tuple[str, str | None, str | None], ...]
    blocks: tuple[Block, ...]

    def __reduce__(self) -> tuple[type[Prepared], tuple[object, ...]]:
        return (Prepared, (self.links, self.blocks))  # see Extracted.__reduce__


def prepare(
    task: Task,
    extracted: Extracted,
    site_urls: Mapping[str, Sequence[str]] | None = None,
) -> Prepared:
    """Runs in a worker process (see workers.Prepare): resolves links, finds text blocks.

    `site_urls` maps a volume location to its original site's base URLs (from the disc's
    archive.toml); other volumes use the default ones.
    """
    urls = (site_urls or {}).get(task.spec.location, DEFAULT_SITE_URLS)
    links = tuple(
        (link.href, link.path, link.url)
        for link in (resolve(task.path, href, urls) for href in extracted.links[:MAX_LINKS])
        if link.path or link.url
    )
    return Prepared(links=links, blocks=tuple(blocks(extracted.text)))


def prepare_with(site_urls: Mapping[str, Sequence[str]]) -> Any:
    """`prepare` bound to per-volume site URLs (picklable), or None when there are none."""
    if not site_urls:
        return None
    return functools.partial(prepare, site_urls={k: tuple(v) for k, v in site_urls.items()})
