"""Extractors on real inputs built in the tests: HTML, TXT, PDF, images, zips, others."""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import replace

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from reader.indexing.extract import extract
from reader.indexing.extract.html import extract_html
from reader.indexing.extract.image import extract_image
from reader.indexing.extract.other import extract_other, name_words
from reader.indexing.extract.pdf import extract_pdf
from reader.indexing.extract.text import decode, extract_txt, normalise
from reader.indexing.extract.zips import extract_zip
from reader.model import Extracted, ExtractError, Kind
from reader.settings import Limits

LIMITS = Limits()
AES_256: int = pymupdf.PDF_ENCRYPT_AES_256  # type: ignore[attr-defined]  # not in the stubs


# --- builders -------------------------------------------------------------------------------


def make_pdf(
    pages: list[str], metadata: dict[str, str] | None = None, image_pages: int = 0, **save: object
) -> bytes:
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        if text:
            page.insert_text((72, 72), text)
    for _ in range(image_pages):
        page = doc.new_page()
        page.insert_image(pymupdf.Rect(72, 72, 300, 300), stream=png_bytes(64, 64))
    if metadata:
        doc.set_metadata(metadata)
    data: bytes = doc.tobytes(**save)
    doc.close()
    return data


def png_bytes(width: int = 32, height: int = 16, exif: Image.Exif | None = None) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buf, "PNG", exif=exif or Image.Exif())
    return buf.getvalue()


def jpeg_with_exif(original: str | None, plain: str | None) -> bytes:
    exif = Image.Exif()
    if plain:
        exif[0x0132] = plain
    if original:
        # A dict, not get_ifd(...)[tag] = ...: Pillow before 11.1 drops edits to a got IFD.
        exif[0x8769] = {0x9003: original}
    buf = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims a size; there is no pixel data at all."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buf.getvalue()


def page_html(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# --- normalise / decode ---------------------------------------------------------------------


def test_normalise_nfc_soft_hyphen_controls_blank_lines() -> None:
    nfd = unicodedata.normalize("NFD", "café")
    assert len(nfd) == 5
    assert normalise(nfd) == "café"
    assert normalise("infor\u00admation") == "information"
    assert normalise("a\x00b\x07c\x1bd\x85e") == "abcde"
    assert normalise("a\tb\fc") == "a\tb\fc"
    assert normalise("one\r\ntwo\rthree") == "one\ntwo\nthree"
    assert normalise("p1\n\n\n\n  \n\np2") == "p1\n\np2"
    assert normalise("trailing   \nx") == "trailing\nx"
    assert normalise("bad \ud800 surrogate") == "bad  surrogate"


@pytest.mark.parametrize(
    ("data", "declared", "text", "encoding"),
    [
        (b"plain", None, "plain", "ascii"),
        ("café".encode(), None, "café", "utf-8"),
        ("café".encode("cp1252"), None, "café", "cp1252"),
        ("café".encode("cp1252"), "utf-8", "café", "cp1252"),  # mislabelled
        ("café".encode(), "iso-8859-1", "café", "utf-8"),  # mislabelled the other way
        ("\u201cq\u201d".encode("cp1252"), "iso-8859-1", "\u201cq\u201d", "cp1252"),  # WHATWG
        ("café".encode("utf-8-sig"), "cp1252", "café", "utf-8"),  # BOM wins
        ("café".encode("utf-16"), None, "café", "utf-16-le"),
        (b"\xfe\xff" + "café".encode("utf-16-be"), None, "café", "utf-16-be"),
        (
            "Привет, мир! Как дела?".encode("cp1251"),
            "windows-1251",
            "Привет, мир! Как дела?",
            "cp1251",
        ),
        (b"x", "no-such-charset", "x", "ascii"),
    ],
)
def test_decode(data: bytes, declared: str | None, text: str, encoding: str) -> None:
    assert decode(data, declared) == (text, encoding)


def test_decode_detects_cyrillic_without_declaration() -> None:
    text = "Это тест кодировки: спецслужбы собирают данные о звонках граждан. " * 5
    got, encoding = decode(text.encode("cp1251"))
    assert got == text
    assert encoding == "cp1251"


def test_decode_samples_where_the_non_ascii_is() -> None:
    data = b"x" * 200_000 + "café".encode("cp1252") + b" end"
    text, encoding = decode(data)
    assert encoding == "cp1252"
    assert text.endswith("café end")


# --- TXT ------------------------------------------------------------------------------------


def test_txt_title_and_encodings() -> None:
    got = extract_txt("a.txt", "\n\n  Café report  \nbody".encode("cp1252"), LIMITS)
    assert got.title == "Café report"
    assert got.text == "  Café report\nbody"
    assert got.encoding == "cp1252"
    assert extract_txt("b.txt", ("x" * 200 + "\nmore").encode(), LIMITS).title == ""
    utf16 = extract_txt("c.txt", "Grüße\nzwei".encode("utf-16"), LIMITS)
    assert (utf16.title, utf16.text, utf16.encoding) == ("Grüße", "Grüße\nzwei", "utf-16-le")


def test_txt_bounded_for_huge_single_line() -> None:
    limits = replace(LIMITS, max_text_chars=1000)
    got = extract_txt("big.txt", b"a" * 5_000_000, limits)
    assert len(got.text) == 1000
    assert got.meta["truncated"] == "yes"
    assert got.title == ""


# --- HTML -----------------------------------------------------------------------------------


def test_html_text_title_links_and_date() -> None:
    html = page_html(
        "<h1>Heading</h1><p>First <b>bold</b>para</p><p>Second</p><div>a</div><div>b</div>"
        '<script>var hidden = "SCRIPTTEXT";</script><style>.x{content:"STYLETEXT"}</style>'
        "<noscript>NOSCRIPTTEXT</noscript><template>TEMPLATETEXT</template>"
        '<a href="2013/03/x.htm">x</a> <a href=" http://cryptome.org/ ">c</a>'
        '<img src="pic.jpg"><iframe src="frame.htm"></iframe><a name="anchor-only">n</a>'
        "<pre>  keep   spacing\n    here</pre><table><tr><td>c1</td><td>c2</td></tr></table>",
        head='<title>  The   Title </title><meta name="DC.Date" content="2013-03-18T10:00:00Z">'
        '<link rel="stylesheet" href="s.css"><meta name="keywords" content="METATEXT">',
    )
    got = extract_html("p.htm", html.encode(), LIMITS)
    assert got.title == "The Title"
    assert got.date == "2013-03-18"
    assert got.encoding == "ascii"
    lines = got.text.split("\n")
    assert "The Title" not in lines  # the title has its own field; the body is what shows
    for line in ("Heading", "First boldpara", "Second", "a", "b", "c1\tc2"):
        assert line in lines
    assert "  keep   spacing\n    here" in got.text
    for hidden in ("SCRIPTTEXT", "STYLETEXT", "NOSCRIPTTEXT", "TEMPLATETEXT", "METATEXT"):
        assert hidden not in got.text


def test_html_title_falls_back_to_first_heading() -> None:
    got = extract_html(
        "p.htm", page_html("<p>intro</p><h2>Second level</h2><h1>Later</h1>").encode(), LIMITS
    )
    assert got.title == "Second level"
    assert got.text.count("Second level") == 1  # not prepended again
    assert extract_html("e.htm", b"<p>no heading</p>", LIMITS).title == ""


def test_html_block_elements_do_not_glue_words() -> None:
    got = extract_html(
        "g.htm", b"<div>alpha</div><div>beta</div><p>gamma<br>delta</p><li>x</li>", LIMITS
    )
    assert got.text.split() == ["alpha", "beta", "gamma", "delta", "x"]
    assert "alphabeta" not in got.text


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ('<meta charset="windows-1252">', "cp1252"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "cp1252"),
        ('<meta charset="utf-8">', "cp1252"),  # the Cryptome case: cp1252 bytes claiming UTF-8
        ("", "cp1252"),  # undeclared
    ],
)
def test_html_cp1252_declared_undeclared_mislabelled(head: str, encoding: str) -> None:
    html = page_html("<p>Le café \u201cnoir\u201d \u2014 naïve</p>", head=head)
    got = extract_html("c.htm", html.encode("cp1252"), LIMITS)
    assert "Le café \u201cnoir\u201d \u2014 naïve" in got.text
    assert got.encoding == encoding


def test_html_utf8_declared_and_boms() -> None:
    body = "<p>café</p>"
    assert (
        extract_html("u.htm", page_html(body, '<meta charset="utf-8">').encode(), LIMITS).text
        == "café"
    )
    for codec, name in (("utf-8-sig", "utf-8"), ("utf-16", "utf-16-le")):
        got = extract_html(
            "b.htm", page_html(body, '<meta charset="windows-1252">').encode(codec), LIMITS
        )
        assert (got.text, got.encoding) == ("café", name)


def test_html_soft_hyphen_and_nfd() -> None:
    nfd = unicodedata.normalize("NFD", "résumé")
    got = extract_html("s.htm", page_html(f"<p>sur&shy;veil\u00adlance {nfd}</p>").encode(), LIMITS)
    assert got.text == "surveillance résumé"


def test_html_meta_date_forms() -> None:
    for meta, date in (
        (
            '<meta property="article:published_time" content="2014-06-05T08:00:00+00:00">',
            "2014-06-05",
        ),
        ('<meta name="date" content="March 18, 2013">', "2013-03-18"),
        ('<meta name="date" content="garbage">', None),
    ):
        assert extract_html("d.htm", page_html("x", meta).encode(), LIMITS).date == date


def test_html_deep_nesting_and_frameset() -> None:
    deep = b"<div>" * 5000 + b"deep" + b"</div>" * 5000  # past any recursion limit
    assert extract_html("d.htm", deep, LIMITS).text == "deep"
    frames = b'<html><frameset><frame src="a.htm"><frame src="b.htm"></frameset></html>'
    assert extract_html("f.htm", frames, LIMITS).text == ""  # a frameset has no text of its own


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_pages_separated_and_counted() -> None:
    data = make_pdf(["First page", "", "Third page"])
    got = extract_pdf("a.pdf", data, LIMITS)
    assert got.pages == 3
    parts = got.text.split("\f")
    assert len(parts) == 3
    assert parts[0] == "First page"
    assert parts[1] == ""
    assert parts[2] == "Third page"
    assert not got.scanned


def test_pdf_metadata_title_date_meta() -> None:
    data = make_pdf(
        ["text"],
        {
            "title": "Microsoft Word - NSA Report",
            "author": "Agency",
            "producer": "Acrobat",
            "creationDate": "D:20130318104500+01'00'",
        },
    )
    got = extract_pdf("m.pdf", data, LIMITS)
    assert got.title == "NSA Report"
    assert got.date == "2013-03-18"
    assert got.meta["author"] == "Agency"
    assert got.meta["producer"] == "Acrobat"


def test_pdf_scanned_flag() -> None:
    got = extract_pdf("scan.pdf", make_pdf([], image_pages=2), LIMITS)
    assert got.scanned
    assert got.pages == 2
    assert got.text == "\f"
    assert not extract_pdf("blank.pdf", make_pdf(["", ""]), LIMITS).scanned  # no images


def test_pdf_user_password_fails_owner_only_indexed() -> None:
    locked = make_pdf(["secret"], encryption=AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(ExtractError, match="password"):
        extract_pdf("locked.pdf", locked, LIMITS)
    owner_only = make_pdf(["open text"], encryption=AES_256, owner_pw="o", permissions=0)
    assert extract_pdf("owner.pdf", owner_only, LIMITS).text == "open text"


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_pdf_truncated_fails_with_reason(fraction: float) -> None:
    data = make_pdf(["page one", "page two"])
    with pytest.raises(ExtractError, match="damaged"):
        extract_pdf("cut.pdf", data[: int(len(data) * fraction)], LIMITS)


def test_pdf_repairable_or_padded_is_indexed() -> None:
    data = make_pdf(["still readable"])
    broken_xref = data.replace(b"startxref", b"startxrex")
    got = extract_pdf("xref.pdf", broken_xref, LIMITS)
    assert (got.text, got.meta["repaired"]) == ("still readable", "yes")
    assert extract_pdf("pad.pdf", data + b"\0" * 10_000, LIMITS).text == "still readable"
    assert extract_pdf("junk.pdf", data + b"x" * 10_000, LIMITS).text == "still readable"


def test_pdf_not_a_pdf_and_garbage_body() -> None:
    with pytest.raises(ExtractError, match="not a PDF"):
        extract_pdf("x.pdf", b"<html>not a pdf</html>", LIMITS)
    with pytest.raises(ExtractError, match="damaged"):
        extract_pdf("y.pdf", b"%PDF-1.4\nrubbish rubbish\n%%EOF\n", LIMITS)


def test_pdf_text_capped_but_page_slots_kept() -> None:
    data = make_pdf(["a" * 50, "b" * 50, "c" * 50])
    got = extract_pdf("cap.pdf", data, replace(LIMITS, max_text_chars=70))
    parts = got.text.split("\f")
    assert [len(p) for p in parts] == [50, 20, 0]
    assert got.meta["truncated"] == "yes"


# --- images ---------------------------------------------------------------------------------


def test_image_dimensions_and_format() -> None:
    got = extract_image("p.png", png_bytes(32, 16), LIMITS)
    assert got.meta == {"width": "32", "height": "16", "format": "PNG", "mode": "RGB"}
    assert (got.text, got.title, got.date) == ("", "", None)


def test_image_exif_dates() -> None:
    got = extract_image(
        "e.jpg", jpeg_with_exif("2012:07:04 10:00:00", "2013:01:01 00:00:00"), LIMITS
    )
    assert got.date == "2012-07-04"  # DateTimeOriginal beats DateTime
    assert (
        extract_image("d.jpg", jpeg_with_exif(None, "2013:01:02 00:00:00"), LIMITS).date
        == "2013-01-02"
    )
    assert extract_image("z.jpg", jpeg_with_exif("0000:00:00 00:00:00", None), LIMITS).date is None


def test_image_bomb_refused_without_allocating() -> None:
    bomb = png_header_only(100_000, 100_000)
    assert len(bomb) < 100
    with pytest.raises(ExtractError, match="too large"):
        extract_image("bomb.png", bomb, LIMITS)
    # Our own limit applies too, below Pillow's.
    with pytest.raises(ExtractError, match="too large"):
        extract_image(
            "big.png", png_header_only(2000, 2000), replace(LIMITS, image_max_pixels=1000)
        )


def test_image_not_an_image() -> None:
    with pytest.raises(ExtractError, match="not a recognised image"):
        extract_image("x.jpg", b"hello", LIMITS)


# --- zip ------------------------------------------------------------------------------------


def test_zip_lists_members_and_reads_text() -> None:
    data = make_zip(
        {
            "docs/readme.txt": b"Hello from the readme",
            "docs/page.htm": page_html("<p>caf\xe9 page</p>", "<title>T</title>").encode("latin-1"),
            "docs/data.csv": b"a,b\n1,2",
            "img/photo.jpg": b"\xff\xd8\xff binary",
        }
    )
    got = extract_zip("a.zip", data, LIMITS)
    names = got.text.split("\n\n")[0].split("\n")
    assert names == ["docs/readme.txt", "docs/page.htm", "docs/data.csv", "img/photo.jpg"]
    assert "Hello from the readme" in got.text
    assert "café page" in got.text
    assert "a,b\n1,2" in got.text
    assert "binary" not in got.text
    assert got.meta["members"] == "4"
    assert "skipped_members" not in got.meta


def test_zip_bomb_member_skipped() -> None:
    data = make_zip({"bomb.txt": b"\0" * 50_000_000, "ok.txt": b"fine text"})
    assert len(data) < 200_000
    got = extract_zip("b.zip", data, LIMITS)
    assert "bomb.txt" in got.text.split("\n")
    assert "fine text" in got.text
    assert "bomb.txt" in got.meta["skipped_members"]
    assert "ratio" in got.meta["skipped_members"]
    # Reported even for a member that would not have been read (not text).
    binary = extract_zip("z.zip", make_zip({"zeros.bin": bytes(5_000_000)}), LIMITS)
    assert "zeros.bin (compression ratio" in binary.meta["skipped_members"]
    # A small member at a high ratio is no bomb.
    small = extract_zip("s.zip", make_zip({"log.txt": b"same line\n" * 5000}), LIMITS)
    assert small.text.count("same line") == 5000


def test_zip_member_and_total_bounds() -> None:
    data = make_zip({"a.txt": b"a" * 10_000, "b.txt": b"b" * 10_000, "c.txt": b"c" * 10_000})
    limits = replace(LIMITS, zip_member_bytes=4000, zip_total_bytes=6000)
    got = extract_zip("bounded.zip", data, limits)
    runs = {m.group()[0]: len(m.group()) for m in re.finditer(r"a{10,}|b{10,}|c{10,}", got.text)}
    assert runs == {"a": 4000, "b": 2000}  # per member, then what is left of the total
    assert got.meta["truncated"] == "yes"


def test_zip_path_escaping_members_listed_not_failing() -> None:
    data = make_zip({"../evil.txt": b"EVIL", "/abs/path.txt": b"ABS", "good.txt": b"GOOD"})
    got = extract_zip("e.zip", data, LIMITS)
    assert "../evil.txt" in got.text
    assert "/abs/path.txt" in got.text
    assert "GOOD" in got.text
    assert "EVIL" not in got.text
    assert "ABS" not in got.text
    assert "../evil.txt" in got.meta["unsafe_members"]


def test_zip_encrypted_member_skipped() -> None:
    data = bytearray(make_zip({"secret.txt": b"SECRET"}, zipfile.ZIP_STORED))
    # Set the "encrypted" flag bit in both the local and the central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x1
    got = extract_zip("enc.zip", bytes(data), LIMITS)
    assert "SECRET" not in got.text
    assert "encrypted" in got.meta["skipped_members"]


def test_zip_broken_fails() -> None:
    data = make_zip({"a.txt": b"hello" * 100})
    with pytest.raises(ExtractError, match="zip archive is damaged"):
        extract_zip("cut.zip", data[: len(data) // 2], LIMITS)
    with pytest.raises(ExtractError, match="zip archive is damaged"):
        extract_zip("junk.zip", b"PK\x03\x04 junk", LIMITS)


# --- other + dispatch -----------------------------------------------------------------------


def test_other_name_words_size_and_type() -> None:
    got = extract_other("2013/03/nsa-spying_13-0318.WPD", b"%PDF-1.4 hidden", LIMITS)
    assert got.text == "nsa spying 13 0318 WPD"
    assert got.meta == {"size": "15", "type": "PDF document"}
    assert got.title == ""
    assert extract_other("x.bin", b"\x00\x01", LIMITS).meta == {"size": "2"}
    assert name_words("dir\\Grüße-Bericht.doc") == "Grüße Bericht doc"


def test_extract_dispatches_by_kind() -> None:
    assert extract(Kind.TXT, "a.txt", b"hi", LIMITS).text == "hi"
    assert extract(Kind.HTML, "a.htm", b"<p>hi</p>", LIMITS).text == "hi"
    assert extract(Kind.PDF, "a.pdf", make_pdf(["hi"]), LIMITS).pages == 1
    assert extract(Kind.IMAGE, "a.png", png_bytes(), LIMITS).meta["format"] == "PNG"
    assert extract(Kind.ZIP, "a.zip", make_zip({"a.txt": b"hi"}), LIMITS).meta["members"] == "1"
    assert extract(Kind.OTHER, "a.xyz", b"", LIMITS).text == "a xyz"


def test_extract_wraps_unexpected_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(name: str, data: bytes, limits: Limits) -> Extracted:
        raise ValueError("library exploded")

    monkeypatch.setattr("reader.indexing.extract.text.extract_txt", boom)
    with pytest.raises(ExtractError, match="ValueError: library exploded"):
        extract(Kind.TXT, "a.txt", b"x", LIMITS)


_PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"GIF89a",
    b"<html><meta charset=utf-16>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]
_SMALL = replace(LIMITS, max_text_chars=10_000, image_max_pixels=10_000_000)


@pytest.mark.parametrize("kind", list(Kind))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=2048), tail=st.booleans())
def test_extract_random_bytes_never_raises_anything_else(
    kind: Kind, prefix: bytes, body: bytes, tail: bool
) -> None:
    data = prefix + body + (b"\n%%EOF\n" if tail else b"")
    try:
        got = extract(kind, "random/file-13-0318.bin", data, _SMALL)
    except ExtractError as exc:
        assert str(exc)
    else:
        assert isinstance(got, Extracted)
        assert len(got.text) <= _SMALL.max_text_chars + (got.pages or 0)


def test_a_link_that_is_no_url_stays_inert_and_the_page_is_read() -> None:
    """Seen in vim's netrw manual: `ftp://[user@]machine/path` made urlsplit raise, and
    the whole page failed to index."""
    from reader.sources.links import resolve

    for href in ("ftp://[user@]machine/path", "http://[user@/x", "http://user@]/"):
        link = resolve("docs/netrw.html", href, ())
        assert link.path is None and link.url is None
    html = page_html('<p>Read <a href="ftp://[user@]machine/path">a remote file</a>.</p>')
    got = extract_html("docs/netrw.html", html.encode(), LIMITS)
    assert "Read a remote file." in got.text
