"""Search results out of the app: a CSV of the result list, and a citation for one document."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from reader.search.engine import Hit

CSV_COLUMNS = ("title", "disc", "path", "date", "type", "snippet")


def results_csv_rows(hits: Iterable[Hit]) -> list[list[str]]:
    return [
        [h.title, h.volume_label, h.path, h.date or "", h.kind, h.snippet.text if h.snippet else ""]
        for h in hits
    ]


def write_results_csv(hits: Iterable[Hit], out: TextIO) -> int:
    """Write a header and one row per hit; returns the number of rows."""
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    rows = results_csv_rows(hits)
    w.writerows(rows)
    return len(rows)


def export_results_csv(hits: Iterable[Hit], dest: Path) -> int:
    """The result list as CSV (UTF-8 with a BOM, so spreadsheets read the accents)."""
    buf = io.StringIO()
    n = write_results_csv(hits, buf)
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    tmp.replace(dest)
    return n


def citation(
    *,
    title: str,
    date: str | None,
    archive_title: str,
    disc_label: str,
    path: str,
    page: int | None = None,
) -> str:
    """A one-line reference to a document, e.g. for a footnote.

    “Title” (2013-03-18). Cryptome archive, disc CRYPTOME_1, 2013/03/x.pdf, p. 4.
    """
    parts = [f"“{title or path}”" + (f" ({date})" if date else "") + "."]
    where = [archive_title] if archive_title else []
    named = disc_label.lower().startswith(("disc", "disk", "dvd", "cd"))
    where += [disc_label if named else f"disc {disc_label}" if disc_label else "", path]
    if page:
        where.append(f"p. {page}")
    parts.append(", ".join(p for p in where if p) + ".")
    return " ".join(parts)


def archive_title(labels: Iterable[str], fallback: str) -> str:
    """A name for the archive from its disc labels: CRYPTOME_1, CRYPTOME_2 -> "CRYPTOME archive"."""
    stems = {re.sub(r"[\s_.-]*(DISC|DVD|CD|VOL)?[\s_.-]*\d+$", "", x, flags=re.I) for x in labels}
    stems.discard("")
    if len(stems) == 1:
        return f"{stems.pop()} archive"
    return fallback
