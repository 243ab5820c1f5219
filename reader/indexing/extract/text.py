"""Text helpers shared by the extractors (normalise, charset decoding) and the TXT extractor."""

from __future__ import annotations

import codecs
import re
import unicodedata

import webencodings  # type: ignore[import-untyped]  # pure Python, no type hints
from charset_normalizer import from_bytes

from reader.model import Extracted
from reader.settings import Limits

SAMPLE_BYTES = 64 * 1024
TITLE_MAX_CHARS = 120
# Raw bytes read per output character before decoding: enough for UTF-32 and markup-heavy
# HTML, small enough that a 1 GB one-line file never gets decoded whole.
BYTES_PER_CHAR = 4

# C0/C1 controls except \t \n \f (\r is folded first), DEL, soft hyphen, BOM, and lone
# surrogates (odd PDFs produce them; the index and SQLite refuse them).
_DROP = re.compile("[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\xad\ufeff\ud800-\udfff]+")
_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n|\f|$)")
_BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n){2,}")


def normalise(text: str) -> str:
    """NFC; drop soft hyphens, NULs and control characters (keep \\n \\t \\f); collapse blank
    lines so at most one empty line separates paragraphs."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DROP.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_RUNS.sub("\n\n", text)


# WHATWG names whose decoder is, in Python's terms, a superset codec: pages labelled
# euc-kr or shift_jis are really written in the Windows code pages, big5 pages use the
# Hong Kong additions, and the standard's gbk decoder is gb18030's.
_WHATWG_CODEC = {
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    "gbk": "gb18030",
}
# Labels the standard now maps to its "replacement" decoder (stateful encodings that can
# smuggle markup); webencodings predates that, so such a label is ignored here too.
_REPLACEMENT = frozenset({"iso-2022-kr", "iso-2022-cn", "iso-2022-cn-ext", "hz-gb-2312"})
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE = ("utf-16", "utf-32")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")


def codec_name(label: str | None) -> str | None:
    """The Python codec for a charset label as written in a document, or None if unknown.

    Only the WHATWG Encoding Standard's labels count (what browsers accept): "latin1",
    "csisolatin1", "ibm819", "ascii"... are windows-1252, "ks_c_5601-1989" is euc-kr. A
    name Python knows but that is no text encoding of the web ("bz2", "rot13", "quopri",
    "base64", "utf-7") is None, so the bytes choose no decompressor and detection decides.
    """
    if not label:
        return None
    encoding = webencodings.lookup(label.strip().strip("\"'"))
    if encoding is None or encoding.name in _REPLACEMENT:
        return None
    name = _WHATWG_CODEC.get(encoding.name, encoding.codec_info.name)
    try:
        return codecs.lookup(name).name
    except LookupError:  # x-user-defined: webencodings' own codec, not registered
        return None


def _text_codec(name: str) -> str | None:
    """A Python codec name from the detector, if it names a text encoding."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    # Every codec the detector proposes decodes text, but a binary transform ("bz2") or
    # UTF-7 must never be reachable from the bytes whatever it proposes.
    if not info._is_text_encoding or info.name == "utf-7":
        return None
    return info.name


def _decodes(sample: bytes, encoding: str, complete: bool) -> bool:
    """True when ``sample`` is valid in ``encoding``; a cut multi-byte tail is fine unless
    the sample is the whole file."""
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=complete)
    except (UnicodeDecodeError, LookupError, ValueError):
        return False
    return True


def _wide_guess(sample: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text puts a NUL in every other byte."""
    even = sample[0:2000:2]
    odd = sample[1:2000:2]
    if len(odd) < 8:
        return None
    even_nuls = even.count(0) / len(even)
    odd_nuls = odd.count(0) / len(odd)
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _western(sample: bytes) -> bool:
    """True for mostly-ASCII text with isolated high bytes, the shape of English or
    Western-European text in cp1252; Cyrillic, Greek or CJK text puts them in runs."""
    runs = _NON_ASCII_RUN.findall(sample)
    total = sum(len(r) for r in runs)
    if total == 0:
        return True
    long_runs = sum(len(r) for r in runs if len(r) >= 3)
    return long_runs * 4 <= total and total * 5 <= len(sample)


def _detect(sample: bytes, complete: bool) -> str:
    if _decodes(sample, "utf-8", complete):
        return "utf-8"
    wide = _wide_guess(sample)
    if wide and _decodes(sample, wide, complete):
        return wide
    if _western(sample) and _decodes(sample, "cp1252", complete):
        return "cp1252"
    # charset-normalizer is unreliable on short Western samples (it calls "café" UTF-16),
    # which is why the shapes above are tried first.
    best = from_bytes(sample).best()
    if best is not None:
        found = _text_codec(best.encoding)
        if found and not found.startswith(_WIDE):
            return found
    return "cp1252"


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a whole file; return (text, Python codec name used).

    A BOM wins. A declared charset is used when the bytes really are valid in it and it is
    plausible (a page declared utf-8 that is cp1252 fails strict UTF-8 and is detected; a
    page declared latin-1 whose bytes are valid UTF-8 is UTF-8). Detection looks at a
    bounded sample, then the whole file is decoded with errors="replace".
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace"), encoding
    if data.isascii():
        wide = _wide_guess(data[:SAMPLE_BYTES]) if b"\x00" in data[:SAMPLE_BYTES] else None
        if wide:
            return data.decode(wide, "replace"), wide
        return data.decode("ascii"), "ascii"
    # Sample where the non-ASCII bytes are: a long ASCII preamble says nothing.
    first = _NON_ASCII.search(data)
    start = max(0, first.start() - 1024) if first else 0
    sample = data[start : start + SAMPLE_BYTES]
    complete = start == 0 and len(sample) == len(data)
    label = codec_name(declared)
    if label is not None:
        if label.startswith(_WIDE):
            # A UTF-16 label readable as ASCII is false (the WHATWG rule); a real one has NULs.
            label = label if b"\x00" in sample[:256] else None
        elif label != "utf-8" and _decodes(sample, "utf-8", complete):
            label = "utf-8"  # valid UTF-8 with high bytes is never really latin-1
    encoding = label if label and _decodes(sample, label, complete) else _detect(sample, complete)
    return data.decode(encoding, "replace"), encoding


def bound(data: bytes, max_chars: int) -> tuple[bytes, bool]:
    """Cut raw bytes so that decoding cannot exceed a small multiple of the text bound."""
    limit = max(max_chars, 1) * BYTES_PER_CHAR
    if len(data) <= limit:
        return data, False
    return data[:limit], True


def cap(text: str, max_chars: int) -> tuple[str, bool]:
    if len(text) <= max_chars:
        return text, False
    return text[:max_chars], True


# Lines that are never a title: reST directives, comments and targets (".. "), rules and
# underlines (a line of one punctuation character), Markdown front matter fences, HTML-ish
# comments, Emacs/vim mode lines, and SPDX tags.
_NOT_TITLE = re.compile(
    r"^(?:\.\.(?:\s|$)"  # reST directive, comment, target
    r"|([=\-~^\"'`#*+_.:])\1{2,}\s*$"  # a rule or an underline
    r"|<!--|-\*-|vim?:|%|//|/\*|\*/"  # comments, mode lines
    r"|#\s*!|#\s*SPDX|SPDX-License-Identifier)"  # a shebang, a licence tag
)
_UNDERLINE = re.compile(r"""^([=\-~^"'`#*+_.:])\1+\s*$""")
_MD_HEADING = re.compile(r"^#{1,6}\s+(\S.*?)\s*#*\s*$")
_TITLE_LINES = 60


def first_line_title(text: str) -> str:
    """The first line that reads as a title: a reST or Markdown heading when there is one
    among the first lines, else the first line with words that is not markup."""
    lines = [line.strip() for line in text.split("\n", _TITLE_LINES)[:_TITLE_LINES]]
    for i, line in enumerate(lines):
        if (m := _MD_HEADING.match(line)) and not _NOT_TITLE.match(m.group(1)):
            return _short(m.group(1))
        underline = lines[i + 1] if i + 1 < len(lines) else ""
        if (
            line
            and not _NOT_TITLE.match(line)
            and _UNDERLINE.match(underline)
            and len(underline) >= min(len(line), 3)
        ):
            return _short(line)
    for line in lines:
        if line and not _NOT_TITLE.match(line) and any(c.isalpha() for c in line):
            return _short(line)
    return ""


def _short(line: str) -> str:
    return line if len(line) < TITLE_MAX_CHARS else ""


def extract_txt(name: str, data: bytes, limits: Limits) -> Extracted:
    """Plain text: decode, normalise, bound; the title is a short first line."""
    data, cut = bound(data, limits.max_text_chars)
    raw, encoding = decode(data)
    # Normalising can only drop a few characters; do not normalise what will be cut anyway.
    raw, cut_raw = cap(raw, limits.max_text_chars * 2)
    text, capped = cap(normalise(raw).strip("\n"), limits.max_text_chars)
    capped = capped or cut_raw
    out = Extracted(title=first_line_title(text), text=text, encoding=encoding)
    if cut or capped:
        out.meta["truncated"] = "yes"
    return out
