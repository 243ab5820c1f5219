"""Resolve links written in archive pages to paths inside the archive, or to outside URLs."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

DEFAULT_SITE_URLS: tuple[str, ...] = ("http://cryptome.org/", "https://cryptome.org/")
# Characters that make urlsplit/unquote do something to a link (scheme, fragment, query,
# escapes, and the control characters urlsplit strips).
_NOT_PLAIN = re.compile(r"[:#?%\x00-\x1f]")


@dataclass(frozen=True, slots=True)
class Link:
    """A link's target: a path inside the same volume, or an outside URL (never both)."""

    href: str
    path: str | None = None  # volume-relative POSIX path, NFC, no fragment
    url: str | None = None
    fragment: str = ""


def resolve(source_path: str, href: str, site_urls: Sequence[str] = DEFAULT_SITE_URLS) -> Link:
    """Resolve `href` found in the file at `source_path` (volume-relative).

    Relative links resolve against the source's folder; absolute links to the archive's
    original site (e.g. http://cryptome.org/2001/x.htm) resolve to the local copy's path.
    A relative link that climbs above the volume root is clamped there, never outside it.
    """
    href = href.strip()
    if not href:
        return Link(href=href)
    for base in site_urls:
        if href.lower().startswith(base.lower()):
            href_rel = "/" + href[len(base) :]
            return _local(posixpath.dirname(source_path), href_rel, href)
    if not _NOT_PLAIN.search(href) and not href.startswith("//"):
        # A plain relative or root-relative path (most links in an archive): what urlsplit
        # and unquote would give back unchanged, without their cost.
        return Link(href=href, path=_clean(posixpath.dirname(source_path), href))
    try:
        parts = urlsplit(href)
    except ValueError:  # "http://[user@/": a link that is no URL stays inert, the page is read
        return Link(href=href)
    if parts.scheme or parts.netloc:
        if parts.scheme.lower() == "file":
            # file: links would read the user's disk outside the archive; keep them inert.
            return Link(href=href)
        return Link(href=href, url=href)
    if not parts.path:  # "#anchor": a link within the same page
        # The page itself, cleaned as any target is (a source path is data too).
        return Link(href=href, path=_clean("", source_path), fragment=parts.fragment)
    return _local(posixpath.dirname(source_path), href, href)


def _local(base_dir: str, target: str, href: str) -> Link:
    try:
        parts = urlsplit(target)
    except ValueError:
        return Link(href=href)
    return Link(href=href, path=_clean(base_dir, unquote(parts.path)), fragment=parts.fragment)


def _clean(base_dir: str, raw: str) -> str | None:
    joined = raw if raw.startswith("/") else posixpath.join("/", base_dir, raw)
    # normpath on an absolute path never climbs above "/", which is the volume root here.
    path = posixpath.normpath(joined).lstrip("/")
    if raw.endswith("/") and path:
        path += "/"
    return unicodedata.normalize("NFC", path) or None
