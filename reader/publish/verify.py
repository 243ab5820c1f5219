"""Checking a disc master, a burned disc or its ISO image against its published index."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from reader.paths import app_dirs
from reader.sources.disc_info import DiscTomlError, read_disc_info
from reader.sources.opener import open_volume
from reader.sources.volume import (
    PROBLEM_BROKEN,
    PROBLEM_DIR_LINK,
    PROBLEM_ISO_LINK,
    PROBLEM_LOOP,
    PROBLEM_OUTSIDE,
    PUBLISHED_DIR,
    Volume,
    VolumeError,
    slug,
)
from reader.store.catalogue import MIGRATIONS
from reader.store.fulltext import PASSAGES_DIR, SCHEMA_VERSION, FulltextIndex
from reader.store.index_errors import IndexFormatError
from reader.store.linked_index import can_link, link_index
from reader.store.published import (
    CATALOGUE_NAME,
    FORMAT_FILE,
    INDEX_NAME,
    OCR_NAME,
    PUBLISH_FORMAT,
    SPOT_BYTES,
    copy_from_volume,
)

# Entries a master can hold that were never readable files: a burn may leave them out.
_LINK_PROBLEMS = frozenset(
    {PROBLEM_BROKEN, PROBLEM_DIR_LINK, PROBLEM_ISO_LINK, PROBLEM_LOOP, PROBLEM_OUTSIDE}
)
# The files tantivy writes for every segment (its SegmentComponent, less the temporary
# store and the deletes, which only some segments have); each ends in a footer, so none
# is ever empty.
_SEGMENT_PARTS = ("idx", "pos", "fast", "fieldnorm", "term", "store")
_JSON_LIMIT = 64 * 1024 * 1024  # format.json and tantivy's own lists; far above any real one
# What reading a JSON file of the disc may raise: the disc is untrusted, so any shape of
# JSON may be there, nested deeper than the parser's stack (RecursionError).
_UNREADABLE_JSON = (
    OSError, VolumeError, ValueError, LookupError, TypeError, AttributeError, RecursionError
)  # fmt: skip


class NotPublished(Exception):
    """The location carries no published index at all; the message is for the user."""


class Check(StrEnum):
    """What a finding is about, in the order the report lists them."""

    FORMAT = "format"  # format.json unreadable, or of a version this app does not read
    DISC = "disc"  # which published disc this is, and whether a reader would take its index
    CATALOGUE = "catalogue"
    INDEX = "index"
    OCR = "ocr"
    MISSING = "missing"
    SIZE = "size"
    CONTENT = "content"  # same size, other first bytes (one of the spot checks)
    UNREADABLE = "unreadable"
    UNKNOWN = "unknown"  # on the disc, not in the catalogue: a warning
    LINKS = "links"  # the master's links are not on the disc: a note


class Severity(StrEnum):
    PROBLEM = "problem"  # publish again before burning
    WARNING = "warning"  # burnable, but not as published
    NOTE = "note"


_SEVERITY = {Check.UNKNOWN: Severity.WARNING, Check.LINKS: Severity.NOTE}
# How the summary line names the findings of each kind that stop a burn.
_SUMMARY_WORDS = {
    Check.FORMAT: "its format.json is unusable",
    Check.DISC: "a reader would not use its index",
    Check.CATALOGUE: "the catalogue is damaged",
    Check.INDEX: "the index is damaged",
    Check.OCR: "the OCR results are damaged",
}
_FILE_WORDS = {
    Check.MISSING: "missing",
    Check.SIZE: "changed size",
    Check.CONTENT: "changed content",
    Check.UNREADABLE: "unreadable",
}
_MORE_WORDS = {
    Check.MISSING: "missing files",
    Check.SIZE: "files that changed size",
    Check.CONTENT: "files that changed content",
    Check.UNREADABLE: "unreadable files",
    Check.UNKNOWN: "files not in the catalogue",
}


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found wrong (or worth saying); `text` is the line the user reads."""

    check: Check
    text: str
    path: str = ""  # the disc-relative path it is about, when it is about one file

    @property
    def severity(self) -> Severity:
        return _SEVERITY.get(self.check, Severity.PROBLEM)


@dataclass(slots=True)
class VerifyReport:
    """What `verify_disc` found on one disc, folder or ISO image.

    Attributes:
        location: the folder or ISO image checked.
        label: the disc's label, as the published index knows it when it knows the disc.
        volume_id: the published disc it is (None when it is none of them).
        files_checked: files the published catalogue lists for that disc.
        documents: documents in the index, when it opened.
    """

    location: str
    label: str
    volume_id: str | None = None
    files_checked: int = 0
    documents: int | None = None
    findings: list[Finding] = field(default_factory=list)

    def add(self, check: Check, text: str, path: str = "") -> None:
        self.findings.append(Finding(check, text, path))

    @property
    def ok(self) -> bool:
        """Nothing stops a burn: every finding is at most a warning."""
        return all(f.severity is not Severity.PROBLEM for f in self.findings)

    def of(self, check: Check) -> list[Finding]:
        return [f for f in self.findings if f.check is check]

    def lines(self, limit: int | None = 20) -> list[str]:
        """One line per finding, at most `limit` of each kind (then how many more)."""
        out = []
        for check in Check:
            found = self.of(check)
            shown = found if limit is None else found[: max(limit, 0)]
            for f in shown:
                prefix = "" if f.severity is Severity.PROBLEM else f"{f.severity}: "
                out.append(prefix + f.text)
            if len(found) > len(shown):
                what = _MORE_WORDS.get(check, "findings")
                out.append(f"… and {len(found) - len(shown):,} more {what}")
        return out

    def summary(self) -> str:
        """The verdict in one line: ready to burn, or what to do first."""
        if self.ok:
            index = (
                f"index readable ({self.documents:,} documents)"
                if self.documents is not None
                else "index readable"
            )
            text = f"{self.label}: {self.files_checked:,} files checked, {index}"
            unknown = len(self.of(Check.UNKNOWN))
            if unknown:
                return (
                    f"{text}, {_count(unknown, 'file')} not in its catalogue: ready to burn "
                    "(publish again to index what was added)."
                )
            return f"{text}: ready to burn."
        parts = [
            f"{_count(len(self.of(c)), 'file')} {words}"
            for c, words in _FILE_WORDS.items()
            if self.of(c)
        ]
        parts += [words for c, words in _SUMMARY_WORDS.items() if self.of(c)]
        return f"{self.label}: {', '.join(parts)}: publish again before burning."

    def to_json(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "label": self.label,
            "volume_id": self.volume_id,
            "ok": self.ok,
            "files_checked": self.files_checked,
            "documents": self.documents,
            "summary": self.summary(),
            "findings": [
                {
                    "check": f.check.value,
                    "severity": f.severity.value,
                    "path": f.path,
                    "text": f.text,
                }
                for f in sorted(self.findings, key=lambda f: list(Check).index(f.check))
            ],
        }


def verify_disc(path: str | os.PathLike[str], *, scratch: Path | None = None) -> VerifyReport:
    """Check a disc master folder, a mounted disc or an ISO image against its published
    index (`.archive-reader/`), reading it only.

    Checks that the index is of a format this app reads; which published disc this is;
    that every file the catalogue lists for it is there with its size, and which files on
    it the catalogue does not know; that the catalogue is an intact SQLite file; that every
    file of the index is there and not empty, and the index opens with as many documents
    as format.json says. Nothing is written to the disc: the index is copied to a folder
    under `scratch` (default: the cache dir) to be opened, as is an ISO's catalogue.

    Raises:
        VolumeError: the location is not a folder or ISO image, or cannot be read.
        NotPublished: it carries no published index.
    """
    with open_volume(path) as volume:
        published = dict(volume.published_files())
        if not published:
            raise NotPublished(
                f"{volume.spec.location} has no published index (no {PUBLISHED_DIR}/ "
                "folder): publish the disc set first, with `archive-reader publish FOLDER...`"
            )
        report = VerifyReport(volume.spec.location, volume.label)
        meta = _read_format(volume, published, report)
        if meta is None:
            return report
        entry = _identify(volume, meta, report)
        work = scratch if scratch is not None else app_dirs().ensure().cache
        work.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="verify-", dir=work) as tmp:
            rows = _catalogue_rows(volume, published, entry, Path(tmp), report)
            if entry is not None and rows is not None:
                report.files_checked = len(rows)
                _check_files(volume, rows, entry, report)
            _check_index(volume, published, meta, Path(tmp), report)
            if f"{PUBLISHED_DIR}/{OCR_NAME}" in published:
                ocr = _check_sqlite(volume, OCR_NAME, Check.OCR, Path(tmp), report)
                if ocr is not None:
                    ocr.close()
    return report


def _read_json(volume: Volume, path: str) -> Any:
    return json.loads(volume.read_bytes(path, _JSON_LIMIT).decode("utf-8"))


def _read_format(
    volume: Volume, published: dict[str, int], report: VerifyReport
) -> dict[str, Any] | None:
    """format.json, when it is there, readable and of formats this version reads."""
    name = f"{PUBLISHED_DIR}/{FORMAT_FILE}"
    if name not in published:
        report.add(Check.FORMAT, f"{name} is missing: the published index is incomplete")
        return None
    try:
        meta = _read_json(volume, name)
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
        fmt, catalogue, index = (
            int(meta["format"]),
            int(meta.get("catalogue_schema", 0)),
            int(meta.get("index_schema", -1)),
        )
    except _UNREADABLE_JSON as exc:
        report.add(Check.FORMAT, f"{name} cannot be read ({exc})")
        return None
    made_by = f"Archive Reader {meta.get('app', '?')}"
    if fmt != PUBLISH_FORMAT or catalogue > len(MIGRATIONS):
        report.add(
            Check.FORMAT,
            f"{name}: made by {made_by} in format {fmt} (catalogue schema {catalogue}); this "
            f"version reads format {PUBLISH_FORMAT}, catalogue schema up to {len(MIGRATIONS)}",
        )
        return None
    if index != SCHEMA_VERSION:
        report.add(
            Check.FORMAT,
            f"{name}: made by {made_by} with index schema {index}; this version reads "
            f"schema {SCHEMA_VERSION}",
        )
        return None
    return meta


def _identify(volume: Volume, meta: dict[str, Any], report: VerifyReport) -> dict[str, Any] | None:
    """The published disc this is: the one with its fingerprint, as a reader finds it, or
    else (its content changed) the one with its archive.toml disc number or its label."""
    listed = meta.get("volumes")
    entries = [
        v
        for v in (listed if isinstance(listed, list) else [])
        if isinstance(v, dict) and v.get("id")
    ]
    fingerprint = volume.fingerprint()
    entry = next((v for v in entries if v.get("fingerprint") == fingerprint), None)
    if entry is None:
        try:
            info = read_disc_info(volume)
        except DiscTomlError:
            info = None
        by_disc = [v for v in entries if info and info.disc and v.get("disc") == info.disc]
        by_label = [v for v in entries if slug(str(v.get("label", ""))) == slug(volume.label)]
        candidates = by_disc or by_label or (entries if len(entries) == 1 else [])
        if len(candidates) != 1:
            labels = ", ".join(str(v.get("label", v["id"])) for v in entries)
            report.add(
                Check.DISC,
                f"this disc is none of the published discs ({labels}): neither its content "
                "nor its archive.toml disc number nor its label match one"
                if entries
                else f"{FORMAT_FILE} lists no published discs",
            )
            return None
        entry = candidates[0]
        report.add(
            Check.DISC,
            "the files in the disc's top two folder levels differ from the published disc's "
            "(its fingerprint changed), so a reader would not use the ready-made index: it "
            "would index the whole disc",
        )
    report.volume_id = str(entry["id"])
    report.label = str(entry.get("label") or report.label)
    return entry


def _local_copy(volume: Volume, path: str, dest: Path) -> Path:
    """The file's own path when the volume has one (a folder), else a copy at `dest`."""
    local = volume.local_path(path)
    if local is not None:
        return Path(local)
    copy_from_volume(volume, [(path, 0)], dest.parent, path.rsplit("/", 1)[0])
    return dest


def _openable_index(volume: Volume, base: str, published: dict[str, int], dest: Path) -> None:
    """The published index at `dest` in a form tantivy can open (it takes a lock file in
    the index's folder): a folder's index linked where it lies (reader.store.linked_index,
    nothing copied), an ISO image's copied out."""
    local = volume.local_path(base)
    if local is not None and can_link(dest.parent):
        link_index(Path(local), dest)
        return
    files = [(p, size) for p, size in published.items() if p.startswith(base + "/")]
    copy_from_volume(volume, files, dest, base)


def _raise_if_full(exc: Exception) -> None:
    """A copy that did not fit in the cache dir says nothing about the disc: not a finding."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        raise exc


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """The SQLite file opened so that nothing is ever written beside or into it."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def _check_sqlite(
    volume: Volume, name: str, check: Check, tmp: Path, report: VerifyReport
) -> sqlite3.Connection | None:
    """The published SQLite file `name`, open read-only, when its quick check passes."""
    path = f"{PUBLISHED_DIR}/{name}"
    try:
        local = _local_copy(volume, path, tmp / name)
    except (OSError, VolumeError) as exc:
        _raise_if_full(exc)
        report.add(check, f"{path} cannot be read ({exc})")
        return None
    try:
        conn = _connect_read_only(local)
    except sqlite3.Error as exc:
        report.add(check, f"{path} cannot be opened ({exc})")
        return None
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
    except sqlite3.Error as exc:
        problems = [str(exc)]
    if problems:
        conn.close()
        report.add(check, f"{path} is damaged ({problems[0]})")
        return None
    return conn


def _catalogue_rows(
    volume: Volume,
    published: dict[str, int],
    entry: dict[str, Any] | None,
    tmp: Path,
    report: VerifyReport,
) -> dict[str, tuple[int, str | None]] | None:
    """Path -> (size, scan problem or error) of every file the catalogue lists for the
    disc; None when the catalogue cannot be read."""
    path = f"{PUBLISHED_DIR}/{CATALOGUE_NAME}"
    if path not in published:
        report.add(Check.CATALOGUE, f"{path} is missing")
        return None
    conn = _check_sqlite(volume, CATALOGUE_NAME, Check.CATALOGUE, tmp, report)
    if conn is None or entry is None:
        if conn is not None:
            conn.close()
        return None
    try:
        rows = {
            str(r[0]): (int(r[1]), r[2])
            for r in conn.execute(
                "SELECT path, size, error FROM files WHERE volume_id = ?", (str(entry["id"]),)
            )
        }
    except sqlite3.Error as exc:
        report.add(Check.CATALOGUE, f"{path} cannot be read ({exc})")
        return None
    finally:
        conn.close()
    listed = entry.get("files")
    if isinstance(listed, int) and listed != len(rows):
        report.add(
            Check.CATALOGUE,
            f"{path} lists {_count(len(rows), 'file')} for {report.label}, "
            f"{FORMAT_FILE} says {listed:,}",
        )
    return rows


def _check_files(
    volume: Volume,
    rows: dict[str, tuple[int, str | None]],
    entry: dict[str, Any],
    report: VerifyReport,
) -> None:
    """Every file the catalogue lists is on the disc with its size; what else is there."""
    seen: dict[str, int] = {}
    unknown = []
    for e in volume.walk():
        row = rows.get(e.path)
        if row is None:
            unknown.append(e.path)
            continue
        seen[e.path] = e.size
        size, error = row
        if e.problem is not None:
            if e.problem != error and not (e.problem in _LINK_PROBLEMS and error in _LINK_PROBLEMS):
                report.add(Check.UNREADABLE, f"unreadable: {e.path} ({e.problem})", e.path)
        elif e.size != size:
            report.add(
                Check.SIZE,
                f"changed size: {e.path} ({size:,} bytes when published, {e.size:,} now)",
                e.path,
            )
    links = 0
    for path, (size, error) in sorted(rows.items()):
        if path in seen:
            continue
        if error in _LINK_PROBLEMS:
            links += 1
        else:
            report.add(Check.MISSING, f"missing: {path} ({size:,} bytes when published)", path)
    for path in sorted(unknown):
        report.add(Check.UNKNOWN, f"not in the catalogue: {path} (added after publishing?)", path)
    if links:
        report.add(
            Check.LINKS,
            f"{_count(links, 'symbolic link')} of the master {'is' if links == 1 else 'are'} "
            "not on the disc (never readable: burning leaves them out)",
        )
    _spot_checks(volume, entry, seen, report)


def _spot_checks(
    volume: Volume, entry: dict[str, Any], sizes: dict[str, int], report: VerifyReport
) -> None:
    """The files whose first bytes format.json hashed, for a reader to tell a changed
    disc: one of the same size with other bytes would make it index the whole disc."""
    checks = entry.get("checks")
    for check in checks if isinstance(checks, list) else []:
        try:
            path, size, digest = str(check[0]), int(check[1]), str(check[2])
        except (IndexError, TypeError, ValueError):
            continue
        if sizes.get(path) != size:
            continue  # missing or resized: said already
        try:
            head = hashlib.sha256(volume.read_bytes(path, SPOT_BYTES)).hexdigest()
        except (OSError, VolumeError) as exc:
            report.add(Check.UNREADABLE, f"unreadable: {path} ({exc})", path)
            continue
        if head != digest:
            report.add(
                Check.CONTENT,
                f"changed content: {path} (same size as published, other bytes; a reader "
                "would index the whole disc)",
                path,
            )


def _index_names(
    volume: Volume, published: dict[str, int], folder: str, report: VerifyReport
) -> list[str] | None:
    """The files of the tantivy index in `folder` that its meta.json and .managed.json
    name; None when meta.json itself cannot be read."""
    meta_path = f"{folder}/meta.json"
    if meta_path not in published:
        report.add(Check.INDEX, f"{meta_path} is missing")
        return None
    try:
        meta = _read_json(volume, meta_path)
        segments = [str(s["segment_id"]).replace("-", "") for s in meta["segments"]]
        deletes = [
            f"{str(s['segment_id']).replace('-', '')}.{int(s['deletes']['opstamp'])}.del"
            for s in meta["segments"]
            if s.get("deletes")
        ]
    except _UNREADABLE_JSON as exc:
        report.add(Check.INDEX, f"{meta_path} cannot be read ({exc})")
        return None
    names = {"meta.json", *deletes}
    names.update(f"{s}.{part}" for s in segments for part in _SEGMENT_PARTS)
    managed_path = f"{folder}/.managed.json"
    if managed_path in published:
        try:
            managed = _read_json(volume, managed_path)
            names.update(n for n in managed if isinstance(n, str) and not n.endswith(".lock"))
        except _UNREADABLE_JSON as exc:
            report.add(Check.INDEX, f"{managed_path} cannot be read ({exc})")
    return sorted(names)


def _check_index(
    volume: Volume,
    published: dict[str, int],
    meta: dict[str, Any],
    tmp: Path,
    report: VerifyReport,
) -> None:
    """Every index file is there and not empty; the index opens with its documents."""
    base = f"{PUBLISHED_DIR}/{INDEX_NAME}"
    complete = True
    for folder in (base, f"{base}/{PASSAGES_DIR}"):
        names = _index_names(volume, published, folder, report)
        if names is None:
            complete = False
            continue
        for name in names:
            size = published.get(f"{folder}/{name}")
            if size is None:
                report.add(Check.INDEX, f"{folder}/{name} is missing", f"{folder}/{name}")
            elif size == 0:
                report.add(Check.INDEX, f"{folder}/{name} is empty", f"{folder}/{name}")
            complete = complete and bool(size)
    if not complete:
        return  # opening it would only say again that a file is lost
    copy = tmp / INDEX_NAME
    try:
        _openable_index(volume, base, published, copy)
        documents = FulltextIndex.open(copy, create=False).doc_count()
    except (OSError, VolumeError, IndexFormatError, ValueError) as exc:
        _raise_if_full(exc)
        report.add(Check.INDEX, f"{base} cannot be opened ({exc})")
        return
    report.documents = documents
    expected = meta.get("documents")
    if isinstance(expected, int) and expected != documents:
        report.add(
            Check.INDEX,
            f"{base} holds {_count(documents, 'document')}, {FORMAT_FILE} says {expected:,}",
        )
