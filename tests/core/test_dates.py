"""Date resolution: name stamp, embedded date, folder, file time, and their precedence."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.indexing.dates import DocDate, normalise_date, resolve_date

MTIME = datetime(2020, 6, 1, 12, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("path", "date"),
    [
        ("2013/03/nsa-spying-13-0318.htm", "2013-03-18"),
        ("1999/12/crypto-99-1231.txt", "1999-12-31"),
        ("2000/01/y2k-00-0101.htm", "2000-01-01"),
        ("2013/03/nsa-spying-13-0318a.htm", "2013-03-18"),
        ("2013/03/nsa-spying-13-0318-2.pdf", "2013-03-18"),
        ("misc/report-2013-0318.pdf", "2013-03-18"),
        ("misc/report_2013-03-18.pdf", "2013-03-18"),
        ("misc/scan-20130318.pdf", "2013-03-18"),
        ("13-0318.htm", "2013-03-18"),
        ("2013/03/old-01-0101-re-13-0318.htm", "2013-03-18"),  # the last stamp wins
    ],
)
def test_name_stamp(path: str, date: str) -> None:
    got = resolve_date(path, "2001-01-01", MTIME)
    assert got == DocDate(date, int(date[:4]), "name")


@pytest.mark.parametrize(
    "path",
    [
        "2013/03/nsa-13-1318.htm",  # month 13
        "2013/03/nsa-13-0230.htm",  # 30 February
        "2013/03/nsa-85-0318.htm",  # 1985: outside the two-digit window
        "2013/03/nsa-130318.htm",  # six bare digits: ambiguous
        "2013/03/id-12345678.htm",  # not a valid date
        "2013/03/doc1-13-03180.htm",  # digits run on
        "2013/03/v2013-0318.htm",  # not a separated stamp
    ],
)
def test_name_stamp_rejected(path: str) -> None:
    assert resolve_date(path, None, MTIME) == DocDate("2013-03", 2013, "folder")


def test_embedded_date_agreeing_with_folder_year() -> None:
    assert resolve_date("1999/notes.txt", "1999-05-02", MTIME) == DocDate(
        "1999-05-02", 1999, "document"
    )
    # Same year, other month than the folder: still agrees (the year is what is checked).
    assert resolve_date("2013/03/x.pdf", "D:20130401", MTIME) == DocDate(
        "2013-04-01", 2013, "document"
    )


def test_embedded_date_disagreeing_loses_to_folder() -> None:
    assert resolve_date("1999/notes.txt", "2004-01-01", MTIME) == DocDate("1999", 1999, "folder")
    assert resolve_date("2013/03/x.pdf", "2004-01-01", MTIME) == DocDate("2013-03", 2013, "folder")


def test_embedded_date_without_folder() -> None:
    assert resolve_date("misc/x.pdf", "2004-01-01", MTIME) == DocDate(
        "2004-01-01", 2004, "document"
    )
    assert resolve_date("x.jpg", "2004:07:09 10:00:00", MTIME) == DocDate(
        "2004-07-09", 2004, "document"
    )


def test_folder_rules() -> None:
    assert resolve_date("2013/03/x.htm", None, MTIME) == DocDate("2013-03", 2013, "folder")
    assert resolve_date("2013/x.htm", None, MTIME) == DocDate("2013", 2013, "folder")
    assert resolve_date("cryptome/2013/03/sub/x.htm", None, MTIME) == DocDate(
        "2013-03", 2013, "folder"
    )
    # The nearest year folder wins.
    assert resolve_date("2012/2013/x.htm", None, MTIME) == DocDate("2013", 2013, "folder")
    assert resolve_date("2013-05/x.htm", None, MTIME) == DocDate("2013-05", 2013, "folder")
    # Not years: out of range, or a month folder that is not a month.
    assert resolve_date("1234/x.htm", None, MTIME).source == "mtime"
    assert resolve_date("2013/14/x.htm", None, MTIME) == DocDate("2013", 2013, "folder")
    # The file's own name is not a folder.
    assert resolve_date("docs/2013", None, MTIME).source == "mtime"


def test_mtime_and_none() -> None:
    assert resolve_date("misc/x.htm", None, MTIME) == DocDate("2020-06-01", 2020, "mtime")
    assert resolve_date("misc/x.htm", None, 0.0) == DocDate(None, None, "none")
    assert resolve_date("misc/x.htm", None, None) == DocDate(None, None, "none")
    assert resolve_date("misc/x.htm", None, 1e20) == DocDate(None, None, "none")
    assert resolve_date("misc/x.htm", "not a date", None) == DocDate(None, None, "none")


def test_windows_separators_and_empty_path() -> None:
    assert resolve_date("2013\\03\\a-13-0318.htm", None, None).date == "2013-03-18"
    assert resolve_date("", None, None) == DocDate(None, None, "none")


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("D:20130318104500+01'00'", "2013-03-18"),
        ("D:2013", "2013"),
        ("D:201303", "2013-03"),
        ("2013-03-18T10:00:00Z", "2013-03-18"),
        ("2013:03:18 10:00:00", "2013-03-18"),
        ("2013/03/18", "2013-03-18"),
        ("20130318", "2013-03-18"),
        ("2013-02-30", "2013-02"),  # a broken day keeps the month
        ("18.03.2013", "2013-03-18"),
        ("03/18/2013", "2013-03-18"),
        ("03/04/2013", "2013"),  # day/month order unknown
        ("Mon, 18 Mar 2013 10:00:00 GMT", "2013-03-18"),
        ("March 18, 2013", "2013-03-18"),
        ("18th March 2013", "2013-03-18"),
        ("March 2013", "2013-03"),
        ("0000:00:00 00:00:00", None),
        ("", None),
        (None, None),
        ("yesterday", None),
    ],
)
def test_normalise_date(value: str | None, date: str | None) -> None:
    assert normalise_date(value) == date


@given(
    path=st.text(max_size=80),
    embedded=st.one_of(st.none(), st.text(max_size=40)),
    mtime=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
)
def test_resolve_date_total(path: str, embedded: str | None, mtime: float | None) -> None:
    got = resolve_date(path, embedded, mtime)
    assert got.source in {"name", "folder", "document", "mtime", "none"}
    if got.date is None:
        assert got.year is None
        assert got.source == "none"
    else:
        assert got.year == int(got.date[:4])
        assert 1900 <= got.year <= 2100
        assert len(got.date) in (4, 7, 10)
