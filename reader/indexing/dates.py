"""Decide a document's date from its name, folder, embedded metadata and file time (pure)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime

MIN_YEAR = 1900
MAX_YEAR = 2100

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class DocDate:
    """A resolved document date.

    Attributes:
        date: "YYYY-MM-DD", "YYYY-MM" or "YYYY"; None when nothing is known.
        year: the year of ``date`` (None with it).
        source: where it came from: "name", "folder", "document", "mtime" or "none".
    """

    date: str | None
    year: int | None
    source: str


def _valid(year: int, month: int | None = None, day: int | None = None) -> bool:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not _valid(year, month, day):
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


# Numeric forms: PDF "D:20130318120000+01'00'", ISO "2013-03-18T..", EXIF "2013:03:18 10:00:00",
# "2013/03/18", "20130318", and the partial "2013-03" / "2013".
_NUMERIC = re.compile(r"^\s*(?:D:)?(\d{4})(?:([-/:.]?)(\d{2})(?:\2(\d{2}))?)?", re.IGNORECASE)
# "03/18/2013", "18.03.2013": only when the day/month order is unambiguous.
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
# "18 March 2013", "Mon, 18 Mar 2013 10:00:00 GMT", "March 18, 2013", "March 2013".
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_MONTH_YEAR = re.compile(r"\b([a-z]{3,9})\.?,?\s+(\d{4})\b", re.I)


def normalise_date(value: str | None) -> str | None:
    """Turn a date as found in metadata into "YYYY-MM-DD" / "YYYY-MM" / "YYYY", or None."""
    if not value:
        return None
    value = value.strip()[:100]
    m = _NUMERIC.match(value)
    if m:
        year = int(m.group(1))
        month = int(m.group(3)) if m.group(3) else None
        day = int(m.group(4)) if m.group(4) else None
        # "2013-03-18" wins; a broken day or month degrades to what is still valid.
        return _fmt(year, month, day) or _fmt(year, month) or _fmt(year)
    m = _DMY.match(value)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 >= b:
            return _fmt(year, b, a) or _fmt(year)
        if b > 12 >= a:
            return _fmt(year, a, b) or _fmt(year)
        if a == b:
            return _fmt(year, a, a) or _fmt(year)
        return _fmt(year)  # 03/04/2013: the order is a guess, keep only the year
    m = _DAY_MONTH_YEAR.search(value)
    if m and m.group(2).lower() in _MONTHS:
        return _fmt(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _MONTH_DAY_YEAR.search(value)
    if m and m.group(1).lower() in _MONTHS:
        return _fmt(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = _MONTH_YEAR.search(value)
    if m and m.group(1).lower() in _MONTHS:
        return _fmt(int(m.group(2)), _MONTHS[m.group(1).lower()])
    return None


# Cryptome names end in a "-YY-MMDD" stamp ("nsa-spying-13-0318.htm"); "-YYYY-MMDD",
# ISO "YYYY-MM-DD" and 8-digit "YYYYMMDD" also occur. Six bare digits ("130318") are not
# accepted: they are as often DDMMYY, MMDDYY or an id.
_NAME_STAMP = re.compile(
    r"(?:^|(?<=[-_ .(\[]))"
    r"(?:(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"|(?P<y>\d{2}|\d{4})-(?P<m>\d{2})(?P<d>\d{2})"
    r"|(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2}))"
    r"(?!\d)"
)


def _two_digit_year(yy: int) -> int | None:
    if 90 <= yy <= 99:
        return 1900 + yy
    if yy <= 69:
        return 2000 + yy
    return None  # 70-89: before the archives we model; more likely a number than a year


def _name_date(name: str) -> str | None:
    found: str | None = None
    for m in _NAME_STAMP.finditer(name):
        if m.group("iy"):
            date = _fmt(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        elif m.group("cy"):
            year = int(m.group("cy"))
            # An 8-digit run is only a date inside the range the archives cover.
            date = _fmt(year, int(m.group("cm")), int(m.group("cd"))) if year >= 1970 else None
        else:
            raw = m.group("y")
            full = int(raw) if len(raw) == 4 else _two_digit_year(int(raw))
            date = _fmt(full, int(m.group("m")), int(m.group("d"))) if full else None
        if date:
            found = date  # the last stamp wins: the archive appends it just before the suffix
    return found


_YEAR_DIR = re.compile(r"^(\d{4})(?:[-_](\d{1,2}))?$")
_MONTH_DIR = re.compile(r"^(\d{1,2})$")


def _folder_date(parts: list[str]) -> tuple[str, int] | None:
    """The nearest "YYYY" folder above the file, with its "MM" child folder when present."""
    for i in range(len(parts) - 1, -1, -1):
        m = _YEAR_DIR.match(parts[i])
        if not m:
            continue
        year = int(m.group(1))
        if not _valid(year):
            continue
        month_text = m.group(2)
        if month_text is None and i + 1 < len(parts):
            mm = _MONTH_DIR.match(parts[i + 1])
            month_text = mm.group(1) if mm else None
        if month_text is not None and _valid(year, int(month_text)):
            return f"{year:04d}-{int(month_text):02d}", year
        return f"{year:04d}", year
    return None


def _doc(date: str, source: str) -> DocDate:
    return DocDate(date=date, year=int(date[:4]), source=source)


def resolve_date(path: str, embedded: str | None, mtime: float | None) -> DocDate:
    """Date a file: name stamp, then embedded date agreeing with the folder, then folder,
    then embedded date, then file time."""
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    name = parts[-1] if parts else ""
    stamp = _name_date(name)
    if stamp:
        return _doc(stamp, "name")
    doc = normalise_date(embedded)
    folder = _folder_date(parts[:-1])
    if doc and (folder is None or int(doc[:4]) == folder[1]):
        return _doc(doc, "document")
    if folder:
        return _doc(folder[0], "folder")
    if doc:
        return _doc(doc, "document")
    if mtime:
        try:
            when = datetime.fromtimestamp(mtime, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return DocDate(None, None, "none")
        date = _fmt(when.year, when.month, when.day)
        if date:
            return _doc(date, "mtime")
    return DocDate(None, None, "none")
