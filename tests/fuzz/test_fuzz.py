"""Hypothesis fuzzing of every extractor, links.resolve, search.parse, the markup the HTML
viewer is given and the window's image decoding, for FUZZ_SECONDS.

Inputs are valid seed files (made by the project's archive factory) mutated by byte flips,
insertions, deletions and cuts, plus raw bytes. The oracles are the extractors' contract:
an Extracted with bounded, clean text, or an ExtractError with a reason, and never a bug of
ours (TypeError, KeyError... raised from reader/) hidden behind that ExtractError.
Run: `make fuzz` (FUZZ_SECONDS=60 by default, split evenly across the targets).
"""

from __future__ import annotations

import os
import re
import time
import traceback
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.indexing.extract import extract
from reader.indexing.extract.html_display import DisplayLimits, display_html
from reader.model import Extracted, ExtractError, Kind
from reader.search.syntax import parse
from reader.settings import Limits
from reader.sources.links import resolve
from tests.archive_factory import html_bytes, image_bytes, pdf_bytes, zip_bytes
from tests.hostile_archive import (
    escaping_zip,
    giant_page_pdf,
    javascript_pdf,
    png_bomb,
    svg_use_bomb,
    svg_with_references,
)

TARGETS = 11
SECONDS = float(os.environ.get("FUZZ_SECONDS", "60")) / TARGETS
LIMITS = Limits(max_text_chars=200_000, zip_member_bytes=1 << 20, zip_total_bytes=4 << 20)
BUG_TYPES = (
    TypeError,
    AttributeError,
    NameError,
    KeyError,
    IndexError,
    AssertionError,
    UnboundLocalError,
    ZeroDivisionError,
)
EXAMPLES_PER_ROUND = 200
fuzz_settings = settings(
    max_examples=EXAMPLES_PER_ROUND,
    deadline=10_000,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@cache
def seeds() -> dict[Kind, list[bytes]]:
    return {
        Kind.PDF: [
            pdf_bytes(["first page words", "second page"], title="T", date="2001-02-03"),
            pdf_bytes(["locked"], user_password="pw"),
            javascript_pdf(),
            giant_page_pdf(),
        ],
        Kind.HTML: [
            html_bytes("Title", ["para one", "para two é"], links=["a.htm", "http://x/"]),
            html_bytes("Win", ["caf\u00e9 \u201cq\u201d"], encoding="cp1252", declared="utf-8"),
            b"<table>" * 50 + b"<td>x" * 50,
        ],
        Kind.TXT: ["plain caf\u00e9\n".encode(), "utf16 text".encode("utf-16"), b"\xff\xfe\x00"],
        Kind.IMAGE: [
            image_bytes(16, 8, "JPEG", exif_date="2001:02:03 04:05:06"),
            image_bytes(8, 8, "PNG"),
            image_bytes(8, 8, "GIF"),
            image_bytes(8, 8, "TIFF"),
            png_bomb(),
        ],
        Kind.ZIP: [
            zip_bytes({"a.txt": b"hello", "b/c.htm": b"<p>x</p>", "d.bin": b"\x00" * 100}),
            escaping_zip(),
        ],
        Kind.OTHER: [b"%PDF-1.4", b"PK\x03\x04", b"MZ\x90\x00", b"RIFF\x00\x00\x00\x00WAVE"],
    }


def _mutate(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    out = bytearray(data)
    for op, at, blob in edits:
        pos = at % (len(out) + 1)
        if op == "replace":
            out[pos : pos + len(blob)] = blob
        elif op == "insert":
            out[pos:pos] = blob
        elif op == "delete":
            del out[pos : pos + max(1, len(blob)) * 64]
        else:  # cut
            del out[pos:]
    return bytes(out)


edits = st.lists(
    st.tuples(
        st.sampled_from(["replace", "insert", "delete", "cut"]),
        st.integers(0, 1 << 22),
        st.binary(max_size=16),
    ),
    max_size=6,
)


def mutated(kind: Kind) -> st.SearchStrategy[bytes]:
    from_seed = st.builds(_mutate, st.sampled_from(seeds()[kind]), edits)
    return st.one_of(from_seed, from_seed, st.binary(max_size=4096))


def _our_bug(exc: BaseException) -> bool:
    cause = exc.__cause__
    if not isinstance(cause, BUG_TYPES):
        return False
    frames = traceback.extract_tb(cause.__traceback__)
    return bool(frames) and f"{os.sep}reader{os.sep}" in frames[-1].filename


def check(kind: Kind, data: bytes) -> None:
    try:
        got = extract(kind, f"fuzz/input.{kind.value}", data, LIMITS)
    except ExtractError as exc:
        assert str(exc), "an ExtractError must say why"
        assert not _our_bug(exc), "".join(traceback.format_exception(exc.__cause__))
        return
    assert isinstance(got, Extracted)
    assert len(got.text) <= LIMITS.max_text_chars
    assert "\x00" not in got.text and "\r" not in got.text
    got.text.encode("utf-8")  # no lone surrogates: the index and SQLite refuse them
    got.title.encode("utf-8")
    assert unicodedata.is_normalized("NFC", got.text)


def run_for(seconds: float, test: Callable[[], None]) -> None:
    """Rerun a @given test (fresh random examples each round) until time is up."""
    deadline = time.monotonic() + seconds
    rounds = 0
    while rounds == 0 or time.monotonic() < deadline:
        test()
        rounds += 1


@pytest.mark.parametrize("kind", list(seeds()), ids=lambda k: k.value)
def test_fuzz_extractor(kind: Kind) -> None:
    @fuzz_settings
    @given(mutated(kind))
    def one(data: bytes) -> None:
        check(kind, data)

    run_for(SECONDS, one)


def test_fuzz_any_bytes_to_any_extractor() -> None:
    @fuzz_settings
    @given(st.sampled_from(list(Kind)), st.sampled_from([k for k in seeds()]), edits)
    def one(kind: Kind, seed_kind: Kind, changes: list[tuple[str, int, bytes]]) -> None:
        check(kind, _mutate(seeds()[seed_kind][0], changes))

    run_for(SECONDS, one)


hrefs = st.one_of(
    st.text(max_size=60),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(
                [
                    "../",
                    "./",
                    "/",
                    "//",
                    "%2e%2e/",
                    "file:",
                    "http://cryptome.org/",
                    "#",
                    "?",
                    "\\",
                    "C:",
                    "a",
                    "é",
                    "e\u0301",
                    "%00",
                    " ",
                    "data:",
                    "..",
                    "x.htm",
                ]
            ),
            max_size=12,
        ),
    ),
)


def test_fuzz_links_resolve_never_leaves_the_volume() -> None:
    @fuzz_settings
    @given(st.text(max_size=40), hrefs)
    def one(source: str, href: str) -> None:
        link = resolve(source, href)
        assert link.path is None or link.url is None
        if link.path is not None:
            assert not link.path.startswith("/")
            assert ".." not in link.path.split("/")
            assert unicodedata.is_normalized("NFC", link.path)
        if href.strip().lower().startswith("file:"):
            assert link.path is None and link.url is None

    run_for(SECONDS, one)


queries = st.one_of(
    st.text(max_size=80),
    st.builds(
        " ".join,
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "OR",
                    "-",
                    "*",
                    "~",
                    "title:",
                    "type:pdf",
                    "year:1999..2003",
                    "year:..",
                    "disc:",
                    "path:2013/03",
                    "(",
                    ")",
                    "AND",
                    "NOT",
                    "word",
                    "é",
                    "~2",
                    ":",
                    "\\",
                ]
            ),
            max_size=15,
        ),
    ),
)


def test_fuzz_search_parse_never_raises() -> None:
    @fuzz_settings
    @given(queries)
    def one(query: str) -> None:
        parsed = parse(query)
        assert parsed is not None

    run_for(SECONDS, one)


# ------------------------------------------------------------------ what the window is given

_TAGS = [
    "div", "p", "font", "table", "tr", "td", "ul", "li", "b", "a", "img", "span", "pre",
    "script", "style", "iframe", "svg", "blockquote", "frame", "h1", "br", "x-custom",
]  # fmt: skip
_ATTRS = [
    'colspan="65535"',
    'rowspan="99999999999"',
    'width="100000%"',
    'style="font-size: 100000px; background: url(http://x.invalid/)"',
    'onclick="alert(1)"',
    'src="../../x"',
    'href="javascript:alert(1)"',
    'size="-99"',
    'cellpadding="1e9"',
    'style="color:red"',
]
_OPENING = st.builds(
    "<{}{}>".format, st.sampled_from(_TAGS), st.sampled_from(["", *[" " + a for a in _ATTRS]])
)
markup = st.builds(
    "".join,
    st.lists(
        st.one_of(
            _OPENING,
            st.builds("</{}>".format, st.sampled_from(_TAGS)),
            st.text(max_size=30),
            st.builds(lambda tag, n: f"<{tag}>" * n, st.sampled_from(_TAGS), st.integers(0, 3000)),
            st.builds(lambda n: "w" * n, st.integers(0, 20_000)),
        ),
        max_size=40,
    ),
)
DISPLAY = DisplayLimits(max_chars=50_000, max_elements=2_000, max_table_cells=500)


def test_fuzz_display_markup_is_bounded_and_inert() -> None:
    @fuzz_settings
    @given(markup)
    def one(page: str) -> None:
        started = time.monotonic()
        shown = display_html(page, DISPLAY)
        assert time.monotonic() - started < 5
        html = shown.html.lower()
        assert html.count("<") <= 2 * DISPLAY.max_elements + 10
        for never in ("<script", "<style", "<iframe", "<svg", "onclick", "url(", "65535"):
            assert never not in html, never
        depth = top = 0
        for tag in re.finditer(r"<(/?)([a-z0-9]+)", html):
            if tag.group(2) in ("br", "hr", "img"):
                continue
            depth += -1 if tag.group(1) else 1
            top = max(top, depth)
        assert top <= DISPLAY.max_depth + 3  # html, body, and a frame's paragraph

    run_for(SECONDS, one)


@cache
def image_seeds() -> list[bytes]:
    return [*seeds()[Kind.IMAGE], svg_with_references(Path("/etc/hostname")), svg_use_bomb(),
            pdf_bytes(["not an image"])]  # fmt: skip


@pytest.mark.no_qt_log  # damaged images make Qt's decoders complain: that is the input
def test_fuzz_window_image_decoding(qapp: object) -> None:
    from reader.gui.viewers.image import MAX_PIXELS, load_image, raster_format

    @fuzz_settings
    @given(st.builds(_mutate, st.sampled_from(image_seeds()), edits))
    def one(data: bytes) -> None:
        started = time.monotonic()
        loaded = load_image(data)
        assert time.monotonic() - started < 5
        if loaded.image is None:
            assert loaded.error
        else:
            assert raster_format(data), "only an allowed raster format is ever decoded"
            assert loaded.image.width() * loaded.image.height() <= MAX_PIXELS

    run_for(SECONDS, one)
