"""Where a user gets this program's source code: the AGPL's offer, shown in About.

A frozen bundle carries the complete source of its version beside the executables
(`source/`, written by packaging/pyinstaller/archive-reader.spec), so it needs no network
and no address that may move. An installed package runs from its own Python source. A
project address is offered too, when pyproject.toml names a real one.
"""

from __future__ import annotations

import importlib.metadata
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import reader

SOURCE_DIR = "source"


@dataclass(frozen=True, slots=True)
class SourceOffer:
    """kind: "bundled" (a source archive beside the app), "package" (the installed Python
    files are the source) or "none" (a bundle built without it); location: that file or
    folder; url: the project's source address, or "" when there is none worth showing."""

    kind: str
    location: Path
    url: str


def source_archive_name(version: str) -> str:
    return f"archive-reader-{version}-source.tar.gz"


def project_url() -> str:
    """The Source address from the package metadata; "" when missing or a placeholder
    (a reserved .invalid or .example domain)."""
    try:
        urls = importlib.metadata.metadata("archive-reader").get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return ""
    url = next((u.split(",", 1)[1].strip() for u in urls if u.startswith("Source,")), "")
    host = (urlsplit(url).hostname or "").lower()
    if not host or host.rsplit(".", 1)[-1] in _RESERVED_TLDS:
        return ""
    return url


_RESERVED_TLDS = frozenset({"invalid", "example", "test", "localhost"})  # RFC 2606


def source_offer() -> SourceOffer:
    url = project_url()
    if getattr(sys, "frozen", False):
        exe = Path(sys.executable).resolve().parent
        # Beside the executables; in a macOS app, Contents/Resources.
        for folder in (exe / SOURCE_DIR, exe.parent / "Resources" / SOURCE_DIR):
            archive = folder / source_archive_name(reader.__version__)
            if archive.is_file():
                return SourceOffer("bundled", archive, url)
        return SourceOffer("none", exe, url)  # a bundle built without its source
    return SourceOffer("package", Path(reader.__file__).resolve().parent, url)
