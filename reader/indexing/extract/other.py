"""Fallback extractor: make the file name searchable and say what the bytes look like."""

from __future__ import annotations

import posixpath
import re

from reader.indexing.extract.text import normalise
from reader.model import Extracted
from reader.settings import Limits

_WORDS = re.compile(r"[^\W_]+")
# (offset, magic, description): only signatures that are unambiguous.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF", "PDF document"),
    (0, b"PK\x03\x04", "zip archive (or Office/ODF/JAR file)"),
    (0, b"PK\x05\x06", "zip archive (empty)"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"BM", "BMP image"),
    (0, b"%!PS", "PostScript document"),
    (0, b"{\\rtf", "RTF document"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (OLE) document"),
    (0, b"MZ", "Windows executable"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"\x1f\x8b", "gzip archive"),
    (0, b"BZh", "bzip2 archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (257, b"ustar", "tar archive"),
    (0, b"ID3", "MP3 audio"),
    (0, b"OggS", "Ogg media"),
    (0, b"fLaC", "FLAC audio"),
    (4, b"ftyp", "MP4/QuickTime media"),
    (0, b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "Windows Media (ASF) file"),
    (0, b"\x00\x00\x01\xba", "MPEG video"),
    (0, b"FWS", "Flash (SWF) file"),
    (0, b"CWS", "Flash (SWF) file"),
    (0, b"\x00\x00\x01\x00", "Windows icon"),
    (0, b"8BPS", "Photoshop image"),
)
_RIFF = {b"WAVE": "WAV audio", b"AVI ": "AVI video", b"WEBP": "WebP image"}


def sniff(data: bytes) -> str | None:
    """A human name for the file type when the first bytes say so unambiguously."""
    if data[:4] == b"RIFF":
        return _RIFF.get(data[8:12], "RIFF file")
    for offset, magic, description in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return description
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "HTML document"
    if head.startswith(b"<?xml"):
        return "XML document"
    return None


def name_words(name: str) -> str:
    """The words of the file name: "2013/03/nsa-spying-13-0318.wpd" -> "nsa spying 13 0318 wpd"."""
    base = posixpath.basename(name.replace("\\", "/"))
    return " ".join(_WORDS.findall(normalise(base)))


def extract_other(name: str, data: bytes, limits: Limits) -> Extracted:
    """No reader for this type: index the name's words, record size and sniffed type."""
    meta = {"size": str(len(data))}
    kind = sniff(data)
    if kind:
        meta["type"] = kind
    return Extracted(text=name_words(name)[: limits.max_text_chars], meta=meta)
