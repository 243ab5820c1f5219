"""Bookmarks, notes and tags out of the library and back in: a versioned JSON export, and a
Markdown rendering a person can read."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reader import __version__
from reader.library.store import ImportSummary, Library, LibraryError, now_iso
from reader.sentences import QT_TRANSLATE_NOOP

EXPORT_FORMAT = "archive-reader-library"
EXPORT_VERSION = 1


def export_data(library: Library) -> dict[str, Any]:
    """Bookmarks, notes and tags, grouped by document, in the versioned export format."""
    docs: dict[tuple[str, str], dict[str, Any]] = {}

    def entry(volume_id: str, path: str) -> dict[str, Any]:
        key = (volume_id, path)
        if key not in docs:
            d = library.doc(volume_id, path)
            docs[key] = {
                "volume_id": volume_id,
                "path": path,
                "title": d.title,
                "disc": d.disc,
                "tags": [],
                "bookmarks": [],
                "notes": [],
            }
        return docs[key]

    for b in sorted(library.bookmarks(), key=lambda b: (b.created, b.page or 0, b.anchor)):
        entry(b.volume_id, b.path)["bookmarks"].append(
            {
                "page": b.page,
                "anchor": b.anchor,
                "offset": b.offset,
                "label": b.label,
                "created": b.created,
            }
        )
    for n in sorted(library.notes(), key=lambda n: (n.created, n.uid)):
        entry(n.volume_id, n.path)["notes"].append(
            {"id": n.uid, "text": n.text, "created": n.created, "updated": n.updated}
        )
    for vid, path, name in library.doc_tags():
        entry(vid, path)["tags"].append(name)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "app_version": __version__,
        "exported": now_iso(),
        "documents": [docs[k] for k in sorted(docs)],
    }


def export_json(library: Library, dest: Path) -> None:
    _write_text(dest, json.dumps(export_data(library), ensure_ascii=False, indent=2) + "\n")


def export_markdown(library: Library, dest: Path) -> None:
    _write_text(dest, to_markdown(export_data(library)))


def export_file(library: Library, dest: Path) -> None:
    """JSON, or Markdown when the name ends in .md / .markdown."""
    if dest.suffix.lower() in (".md", ".markdown"):
        export_markdown(library, dest)
    else:
        export_json(library, dest)


def import_data(library: Library, data: Any) -> ImportSummary:
    """Merge an export (as loaded from JSON) into the library, in one transaction.

    Idempotent: what is already there is not added again. A note already there (same id)
    takes the imported text only when that was edited later.
    """
    return library.import_documents(_check_export(data))


def import_json(library: Library, source: Path) -> ImportSummary:
    """Merge an export file into the library (idempotent)."""
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise LibraryError(
            QT_TRANSLATE_NOOP("Core", "{file} cannot be read as an export: {reason}").format(
                file=source, reason=exc
            )
        ) from exc
    return import_data(library, data)


def _check_export(data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise LibraryError(
            QT_TRANSLATE_NOOP(
                "Core", "this file is not an Archive Reader export of bookmarks and notes"
            )
        )
    version = data.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise LibraryError(
            QT_TRANSLATE_NOOP(
                "Core",
                "this export has format version {version!r}; this Archive Reader reads"
                " version {known} and older: update the app",
            ).format(version=version, known=EXPORT_VERSION)
        )
    docs = data.get("documents")
    if not isinstance(docs, list) or not all(
        isinstance(d, dict) and d.get("volume_id") and d.get("path") for d in docs
    ):
        raise LibraryError(
            QT_TRANSLATE_NOOP("Core", "this export is damaged: its document list cannot be read")
        )
    return docs


def _write_text(dest: Path, text: str) -> None:
    # Written beside and renamed, so a failed export never leaves half a file.
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(dest)


# --- text renderings ---


def to_markdown(data: dict[str, Any]) -> str:
    """An export as a Markdown document a person can read (and print)."""
    out = [f"# Bookmarks and notes\n\nExported {data.get('exported', '')}.\n"]
    for d in data["documents"]:
        out.append(f"\n## {_md(d.get('title') or d['path'])}\n")
        out.append(f"`{d.get('disc') or d['volume_id']}` · `{d['path']}`\n")
        if d["tags"]:
            out.append("\nTags: " + ", ".join(f"**{_md(t)}**" for t in d["tags"]) + "\n")
        for b in d["bookmarks"]:
            where = f"page {b['page']}" if b.get("page") else "document"
            if b.get("anchor"):
                where += f" #{b['anchor']}"
            if b.get("offset"):
                where += f", at character {b['offset']:,}"
            label = f": {_md(b['label'])}" if b.get("label") else ""
            out.append(f"\n- Bookmark ({where}){label}, {b['created'][:10]}\n")
        for n in d["notes"]:
            out.append(f"\nNote, {n['updated'][:16].replace('T', ' ')}:\n\n")
            out.extend(f"> {line}\n" if line else ">\n" for line in n["text"].splitlines())
    return "".join(out)


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]#<>])", r"\\\1", text)
