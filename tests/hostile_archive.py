"""A hostile archive: files built to break an indexer or freeze a reader's window.

Each builder makes one class of attack from scratch (no downloaded samples); `build_hostile`
lays them out as one disc folder beside a file that must never be read. The indexing tests
(tests/core/test_hostile.py) and the window's watchdog test (tests/gui/test_hostile_window.py)
both use it. `python -m tests.hostile_archive DIR` writes it for a look by hand.
"""

from __future__ import annotations

import base64
import bz2
import io
import os
import random
import struct
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path

import pymupdf

from tests.archive_factory import _truncated_pdf, html_bytes, pdf_bytes

GIGABYTE = 1 << 30


# ---------------------------------------------------------------------------- PDF and images


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies (object n is objects[n - 1]) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def giant_page_pdf() -> bytes:
    """One page of 100,000,000 x 100,000,000 points (MuPDF clamps, a renderer must too)."""
    content = b"BT /F1 12 Tf 72 720 Td (giantpage words here) Tj ET"
    return raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 100000000 100000000]"
            b"/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
            b"<</Length %d>>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def javascript_pdf() -> bytes:
    """A PDF that runs JavaScript on open and carries an embedded file it tries to launch."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "visible words of the scripted page", fontsize=12)
    doc.embfile_add("payload.txt", b"embeddedsentinel payload text", filename="payload.txt")
    js = doc.get_new_xref()
    doc.update_object(
        js,
        "<</S/JavaScript/JS(app.alert\\('jssentinel'\\); "
        "this.exportDataObject\\({cName: 'payload.txt', nLaunch: 2}\\);)>>",
    )
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{js} 0 R")
    page.insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(72, 100, 300, 120),
            "uri": "http://x.invalid/",
        }
    )
    data: bytes = doc.tobytes()
    doc.close()
    return data


def many_pages_pdf(pages: int) -> bytes:
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        doc.new_page(width=200, height=200).insert_text(
            (20, 40), f"manypages sheet {number}", fontsize=9
        )
    data: bytes = doc.tobytes(garbage=1, deflate=True)
    doc.close()
    return data


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG header claiming width x height 8-bit grey pixels (10 G pixels), and a
    few KB of zlib data: decoding it would need 10 GB."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\x00" + bytes(width)
    idat = zlib.compress(row * 16, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat)


def letter_bomb(size: int = 100 * 1024 * 1024) -> bytes:
    """A zip whose one text member inflates to `size` bytes of "a" (about 1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("inflated.txt", date_time=(2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w") as w:
            block = b"a" * (1024 * 1024)
            for _ in range(size // len(block)):
                w.write(block)
    return buf.getvalue()


def escaping_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../evil.txt", "evilsentinel climbing out of the extraction folder")
        zf.writestr("/etc/passwd", "passwdsentinel root:x:0:0")
        zf.writestr("..\\windows-evil.txt", "winevilsentinel")
        zf.writestr("notes/ok.txt", "zipgoodsentinel a harmless member")
    return buf.getvalue()


def hostile_html() -> bytes:
    page = (
        "<html><head><title>Hostile page</title>"
        "<script>document.write('scriptsentinel'); fetch('http://evil.invalid/beacon')</script>"
        "<meta http-equiv='refresh' content='0; url=http://evil.invalid/'>"
        "<link rel=stylesheet href='http://evil.invalid/s.css'></head>"
        "<body onload=\"alert('onloadsentinel')\"><p>hostilepage visible words</p>"
        "<script>document.write('bodyscriptsentinel')</script>"
        "<iframe src='http://evil.invalid/frame.htm'></iframe>"
        "<img src='http://evil.invalid/pixel.gif'>"
        "<img src='file:///etc/passwd'>"
        "<img src='../../../../../../etc/passwd'>"
        "<a href='file:///etc/shadow'>local file</a>"
        "<a href='data:text/html,<script>alert(1)</script>'>data link</a>"
        "<object data='http://evil.invalid/x.swf'></object>"
        "<noscript>noscriptsentinel</noscript>"
        "</body></html>"
    )
    return page.encode()


def nested_dicts_pdf(depth: int = 50_000) -> bytes:
    """A page whose resources are a dictionary nested `depth` levels deep."""
    nest = b"<</A " * depth + b"1" + b">>" * depth
    content = b"BT /F1 12 Tf 72 720 Td (nesteddicts words) Tj ET"
    return raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</X " + nest + b">>"
            b"/Contents 4 0 R>>",
            b"<</Length %d>>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def slow_page_pdf(shapes: int = 3_000_000) -> bytes:
    """One page of `shapes` one-point squares (a few MB compressed): MuPDF needs seconds to
    read its text or draw it, whatever the machine."""
    ops = b"".join(b"%d %d 1 1 re f\n" % (i % 600, (i // 600) % 800) for i in range(shapes))
    content = zlib.compress(ops, 6)
    return raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>",
            b"<</Length %d/Filter/FlateDecode>>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def svg_with_references(outside: Path) -> bytes:
    """An SVG that pulls in a file outside the archive and a remote image when rendered."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="400" height="300">'
        f'<image xlink:href="{outside.as_uri()}" width="100" height="100"/>'
        f'<image xlink:href="{outside}" x="100" width="100" height="100"/>'
        '<image xlink:href="http://127.0.0.1:9/beacon.png" x="200" width="100" height="100"/>'
        '<text x="10" y="250">svgsentinel</text></svg>'
    ).encode()


def svg_use_bomb(levels: int = 12, fan: int = 10) -> bytes:
    """Each level draws the previous one `fan` times: fan ** levels shapes (10^12)."""
    defs = ['<path id="l0" d="M0 0 L1 1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}"/>' for _ in range(fan))
        defs.append(f'<g id="l{level}">{uses}</g>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="100" height="100"><defs>{"".join(defs)}</defs>'
        f'<use xlink:href="#l{levels}"/></svg>'
    ).encode()


def tiff_many_frames(frames: int = 100_000) -> bytes:
    """A 1 x 1 grey TIFF whose chain of image directories is `frames` long (one shared strip)."""
    entries = [  # tag, type (3 short, 4 long), value
        (256, 3, 1),  # width
        (257, 3, 1),  # height
        (258, 3, 8),  # bits per sample
        (259, 3, 1),  # no compression
        (262, 3, 1),  # black is zero
        (273, 4, 8),  # the strip: the byte after the header
        (278, 3, 1),  # rows per strip
        (279, 4, 1),  # strip byte count
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    first = 16
    out = bytearray(b"II*\x00" + struct.pack("<I", first) + b"\x80" + bytes(first - 9))
    for number in range(frames):
        nxt = first + (number + 1) * ifd_size if number + 1 < frames else 0
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            out += struct.pack("<HHII", tag, kind, 1, value)
        out += struct.pack("<I", nxt)
    return bytes(out)


def tiff_that_crashed_qt() -> bytes:
    """A damaged 8 x 8 TIFF (found by the image fuzzer): Qt's TIFF handler read it, then
    crashed the whole process when its buffer was freed before the reader."""
    return zlib.decompress(
        base64.b64decode(
            "eNrz9NRi4GBgYOBiYGBkYWAEskA8RiQ2EyMzAzOQbgNiZiAbJA7CbFA2ExALQtX3ALEoVBykRwzJHHEo+wAQyyCZ"
            "wwCWB8GDncYUoqPMt4GISHGIIB7xhmbZhmZld+4L35RW/c5/0eI9sfi6OUwcBQEFxaQ3AgAH32G9"
        )
    )


# ------------------------------------------------------------------------- HTML for display


def zero_padded_html(path: Path, size: int = GIGABYTE) -> None:
    """A page of a few words, then zero bytes up to `size` (sparse: no disk blocks)."""
    with open(path, "wb") as fh:
        fh.write(b"<html><body><p>zeropadded words</p>")
        fh.truncate(size)


def nested_tags_html(tag: str, depth: int) -> bytes:
    return (f"<{tag}>" * depth + f"nested{tag}sentinel" + f"</{tag}>" * depth).encode()


def long_token_html(size: int = 6 * 1024 * 1024) -> bytes:
    return b"<html><body><p>longtoken words</p><p>" + b"x" * size + b"</p></body></html>"


def huge_colspan_html(rows: int = 200, span: int = 65535) -> bytes:
    row = f'<tr><td colspan="{span}">cell</td><td rowspan="{span}">x</td></tr>'
    return f"<html><body><p>colspan words</p><table>{row * rows}</table></body></html>".encode()


def page_with_images(names: list[str]) -> bytes:
    images = "".join(f'<img src="{name}">' for name in names)
    return f"<html><body><p>imagepage words</p>{images}</body></html>".encode()


def charset_page(label: str) -> bytes:
    """A page declaring a codec that is not a text encoding; bz2 also gets a bomb to undo."""
    page = f'<html><head><meta charset="{label}"></head><body><p>codec{label} words</p>'
    data = page.encode()
    if label == "bz2":
        data += bz2.compress(bytes(256 * 1024 * 1024), 9)  # 256 MB of zeros in ~200 bytes
    return data + b"</body></html>"


# ------------------------------------------------------------------------------- the archive

#: Labels of Python codecs that are not text encodings (or not in the WHATWG table).
CODEC_LABELS = ("bz2", "quopri", "rot13", "zlib", "utf-7", "base64", "hex", "uu")
#: Folder depth of the deep tree: far beyond Python's recursion limit.
DEEP_FOLDERS = 1_100
ESCAPE_NAMES = ("\x1b]0;pwned-title\x07.txt", "\x1b[31mred-name.txt")


def build_hostile(base: Path) -> tuple[Path, Path]:
    """The hostile disc folder under `base`, and the outside file no reader may open."""
    root = base / "HOSTILE_1"
    outside = base / "outside-secret.txt"
    outside.write_text("outsidesentinel: a file next to the archive, never to be read\n")
    for sub in (
        "good",
        "pdf",
        "html",
        "images",
        "zip",
        "text",
        "names",
        "links",
        "special",
        "display",
    ):
        (root / sub).mkdir(parents=True)
    (root / "good/report.txt").write_text("A readable page about walrus tariffs.\n")
    (root / "good/page.htm").write_bytes(html_bytes("Good page", ["ordinary goodhtml words"]))

    (root / "pdf/truncated.pdf").write_bytes(_truncated_pdf("cut short"))
    (root / "pdf/encrypted.pdf").write_bytes(pdf_bytes(["secret memo"], user_password="s3cret"))
    # Noise from a fixed seed: every run sees the same bytes, so a decoder's reaction to one
    # lucky byte pattern (a run once drew a JPEG SOF6 marker) cannot make the suite flaky.
    noise = random.Random(1318)
    (root / "pdf/malformed.pdf").write_bytes(b"%PDF-1.4\n" + noise.randbytes(20_000))
    (root / "pdf/no-pages.pdf").write_bytes(raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<<>>"]))
    (root / "pdf/giant-page.pdf").write_bytes(giant_page_pdf())
    (root / "pdf/many-pages.pdf").write_bytes(many_pages_pdf(2000))
    (root / "pdf/javascript.pdf").write_bytes(javascript_pdf())

    (root / "html/hostile.htm").write_bytes(hostile_html())
    (root / "html/nested.htm").write_text("<div>" * 20_000 + "deepnest" + "</div>" * 20_000)

    (root / "images/bomb.png").write_bytes(png_bomb())
    (root / "images/not-an-image.jpg").write_bytes(b"\xff\xd8\xff" + noise.randbytes(500))

    (root / "zip/bomb.zip").write_bytes(letter_bomb())
    (root / "zip/escape.zip").write_bytes(escaping_zip())
    (root / "zip/damaged.zip").write_bytes(escaping_zip()[:-30])

    # One line of a gigabyte: 40 MB of words, then a sparse tail (no disk blocks).
    with open(root / "text/gigabyte-line.txt", "wb") as fh:
        fh.write(b"gigaword " * (40 * 1024 * 1024 // 9))
        fh.truncate(GIGABYTE)
    (root / "text/invalid-utf8.txt").write_bytes(
        b"invalidsentinel \xff\xfe\xc3\x28 \xe2\x82 \xf0\x28\x8c\xbc end\n"
    )
    (root / "text/mixed.txt").write_bytes(
        "mixedsentinel caf\u00e9 UTF-8 line\n".encode()
        + "Windows line with \u201cquotes\u201d and na\u00efve\n".encode("cp1252")
        + b"\x00\x01 control bytes \x1b[31m\n"
    )

    names = os.fsencode(root / "names")
    with open(os.path.join(names, b"bad-\xff\xfe-name.txt"), "wb") as fh:
        fh.write(b"badnamesentinel\n")
    os.mkdir(os.path.join(names, b"folder-\xe9"))
    with open(os.path.join(names, b"folder-\xe9", b"inside.txt"), "wb") as fh:
        fh.write(b"badfoldersentinel\n")

    links = root / "links"
    (links / "self-loop.txt").symlink_to("self-loop.txt")
    (links / "ping.txt").symlink_to("pong.txt")
    (links / "pong.txt").symlink_to("ping.txt")
    (links / "up").symlink_to("..")
    (links / "etc-passwd.txt").symlink_to("/etc/passwd")
    (links / "climb.txt").symlink_to(os.path.relpath(outside, links))
    (links / "dangling.txt").symlink_to("no-such-file.txt")
    os.mkfifo(root / "special/pipe.txt")
    _add_display_traps(root / "display", outside)
    _add_later_finds(root)
    return root, outside


def _add_display_traps(folder: Path, outside: Path) -> None:
    """Files that are harmless to index but can freeze or leak through a viewer."""
    (folder / "svg-as.png").write_bytes(svg_with_references(outside))
    (folder / "use-bomb-as.png").write_bytes(svg_use_bomb())
    (folder / "use-bomb.svg").write_bytes(svg_use_bomb())
    (folder / "pdf-as.png").write_bytes(pdf_bytes(["pdfasimage words"]))
    (folder / "images.htm").write_bytes(
        page_with_images(["svg-as.png", "use-bomb-as.png", "use-bomb.svg", "pdf-as.png"])
    )
    zero_padded_html(folder / "zero-padded.htm")
    (folder / "nested-div.htm").write_bytes(nested_tags_html("div", 200_000))
    (folder / "nested-font.htm").write_bytes(nested_tags_html("font", 50_000))
    (folder / "long-token.htm").write_bytes(long_token_html())
    (folder / "colspan.htm").write_bytes(huge_colspan_html())
    for label in CODEC_LABELS:
        (folder / f"charset-{label}.htm").write_bytes(charset_page(label))


def _add_later_finds(root: Path) -> None:
    """Depth, names and formats that broke a run or a file after the first safety pass."""
    # os.makedirs recurses too: build the chain one level at a time, relative to a handle.
    fd = os.open(root, os.O_RDONLY)
    try:
        os.mkdir("deep", dir_fd=fd)
        current = os.open("deep", os.O_RDONLY, dir_fd=fd)
        for _ in range(DEEP_FOLDERS):
            os.mkdir("d", dir_fd=current)
            child = os.open("d", os.O_RDONLY, dir_fd=current)
            os.close(current)
            current = child
        with open(
            os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=current), "w"
        ) as fh:
            fh.write("deepsentinel at the bottom of the folders\n")
        os.close(current)
    finally:
        os.close(fd)
    names = root / "names"
    for name in ESCAPE_NAMES:
        (names / name).write_text("escapesentinel a name that talks to terminals\n")
    for form in ("NFC", "NFD"):
        (names / unicodedata.normalize(form, "twin-caf\u00e9.txt")).write_text(
            f"twin{form.lower()}sentinel one of two names that look the same\n"
        )
    (root / "pdf/nested-dicts.pdf").write_bytes(nested_dicts_pdf())
    (root / "images/many-frames.tif").write_bytes(tiff_many_frames())
    (root / "images/crashed-qt.tif").write_bytes(tiff_that_crashed_qt())


def files_under(root: Path) -> set[str]:
    """Every file below `root`, walked without recursion (os.walk recurses per level)."""
    found: set[str] = set()
    folders = [str(root)]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                else:
                    found.add(entry.path)
    return found


def remove_deep_folders(root: Path) -> None:
    """Delete the deep chain, innermost first: shutil.rmtree (and so pytest's clean-up of
    old temporary folders) recurses once per level and fails on it."""
    chain = root / "deep"
    if not chain.exists():
        return
    levels = [chain]
    while (levels[-1] / "d").is_dir():
        levels.append(levels[-1] / "d")
    for folder in reversed(levels):
        for entry in os.scandir(folder):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        os.rmdir(folder)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tests.hostile_archive DIR", file=sys.stderr)
        return 2
    base = Path(argv[1])
    base.mkdir(parents=True, exist_ok=True)
    root, outside = build_hostile(base)
    print(f"hostile disc: {root}\noutside file: {outside}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
