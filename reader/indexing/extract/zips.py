"""Zip extractor: member names plus the text of text-like members, read with hard bounds."""

from __future__ import annotations

import io
import posixpath
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from charset_normalizer import from_bytes

from reader.indexing.extract.html import extract_html
from reader.indexing.extract.text import extract_txt, normalise
from reader.model import Extracted, ExtractError
from reader.sentences import QT_TRANSLATE_NOOP
from reader.settings import Limits

TEXT_SUFFIXES = frozenset({".txt", ".csv", ".md", ".text", ".asc"})
HTML_SUFFIXES = frozenset({".htm", ".html", ".xhtml", ".shtml"})
READ_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# A high ratio alone is harmless for a small member (a 10 KB run of one character is
# 300:1); a bomb is a high ratio that also inflates to something big.
BOMB_MIN_BYTES = 1024 * 1024
MAX_NOTES = 50  # skipped members named in meta; the rest are counted

UTF8_FLAG = 0x800  # general purpose bit 11: this member's name is UTF-8
# A zip tool that sets no UTF-8 flag writes names in the DOS ("OEM") code page of the
# Windows locale it ran in (Explorer, 7-Zip, WinRAR), or in UTF-8 when it runs on a Mac or
# Linux and forgets the flag. Equally plausible readings go to the earlier page: cp437 is
# the format's own default, the rest by how many zips their locales make.
NAME_CODEPAGES = (
    "cp437",  # US, and zipfile's reading
    "cp850",  # Western Europe
    "cp866",  # Cyrillic
    "cp932",  # Japanese
    "cp936",  # Simplified Chinese
    "cp949",  # Korean
    "cp950",  # Traditional Chinese
    "cp857",  # Turkish
    "cp852",  # Central Europe
    "cp737",  # Greek
    "cp775",  # Baltic
    "cp862",  # Hebrew
    "cp720",  # Arabic
    "cp874",  # Thai
)
# A double-byte page's national standard: a name that needs a character outside it (an
# extension, or a multi-byte escape) is an unlikely reading of the bytes.
_CORE_CHARSET = {"cp932": "shift_jis", "cp936": "gb2312", "cp949": "euc_kr", "cp950": "big5"}
NAME_SAMPLE_BYTES = 16 * 1024  # of names, weighed in each code page


def _unsafe(name: str) -> bool:
    """Names that would escape an extraction directory ("../x", "/etc/x", "C:\\x"), and
    no name at all (zipfile cuts a name at its first NUL)."""
    if not name:
        return True
    path = name.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return True
    return ".." in posixpath.normpath(path).split("/") or ".." in path.split("/")


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    """Inflate at most ``size`` bytes: ZipExtFile.read(n) decompresses with max_length."""
    chunks: list[bytes] = []
    left = size
    with archive.open(info) as member:
        while left > 0:
            chunk = member.read(min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    return b"".join(chunks)


def _bomb(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    if (
        info.file_size > BOMB_MIN_BYTES
        and info.file_size > max(info.compress_size, 1) * limits.zip_max_ratio
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        return f"compression ratio {ratio}:1 looks like a zip bomb"
    return None


def _skip_reason(info: zipfile.ZipInfo) -> str | None:
    if info.flag_bits & 0x1:
        return "encrypted"
    if info.compress_type not in READ_METHODS:
        return f"compression method {info.compress_type} not supported"
    return None


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH KATAKANA", "FULLWIDTH")):
        return "CJK"  # Japanese mixes kanji, kana and full-width letters in one name
    return name.partition(" ")[0]


def _oddities(text: str, codec: str) -> int:
    """How many characters of `text` a real file name would hardly hold if it were written
    in `codec`: symbols or box drawing, letters of a second script, a capital after a small
    letter, characters outside a double-byte page's national standard."""
    core = _CORE_CHARSET.get(codec)
    odd = 0
    scripts: Counter[str] = Counter()
    previous = ""
    for char in text:
        before, previous = previous, char
        if char.isascii():
            continue
        if core is not None:
            try:
                standard = len(char.encode(core)) <= 2
            except UnicodeEncodeError:
                standard = False
            if not standard:
                odd += 1
                continue
            if not char.isalpha() and unicodedata.east_asian_width(char) in "WF":
                continue  # 「」（）・、 and the ideographic space
        if not char.isalpha():
            odd += char != "№"
            continue
        odd += char.isupper() and before.islower()
        scripts[_script(char)] += 1
    return odd + sum(scripts.values()) - max(scripts.values(), default=0)


def _chaos(sample: bytes, codec: str) -> float:
    """charset-normalizer's measure of how garbled `sample` reads in `codec` (0 to 1)."""
    best = from_bytes(sample, cp_isolation=[codec], threshold=1.0).best()
    return 1.0 if best is None else float(best.chaos)


def name_encoding(infos: Sequence[zipfile.ZipInfo]) -> str | None:
    """The codec of the member names stored without the UTF-8 flag, or None for zipfile's
    own reading (cp437; also when every such name is ASCII).

    UTF-8 when all of them are valid UTF-8; else the code page in which they read most
    like file names (fewest odd characters, then charset-normalizer's chaos, then the order
    of NAME_CODEPAGES), among those that decode all of them.
    """
    # zipfile read them as cp437, which maps every byte: encoding gives the stored bytes.
    raw = [
        info.orig_filename.encode("cp437")
        for info in infos
        if not info.flag_bits & UTF8_FLAG and not info.orig_filename.isascii()
    ]
    if not raw:
        return None
    joined = b"\n".join(raw)  # 0x0a is never part of a double-byte character
    try:
        joined.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    # Weigh a bounded sample (whole names); the winner must then read every name.
    cut = joined.rfind(b"\n", 0, NAME_SAMPLE_BYTES) if len(joined) > NAME_SAMPLE_BYTES else -1
    sample = joined[:cut] if cut > 0 else joined
    ranked: list[tuple[int, float, int, str]] = []
    for order, codec in enumerate(NAME_CODEPAGES):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        ranked.append((_oddities(text, codec), round(_chaos(sample, codec), 2), order, codec))
    for *_score, codec in sorted(ranked):
        try:
            joined.decode(codec)
        except UnicodeDecodeError:
            continue
        return None if codec == "cp437" else codec
    return None  # unreachable: cp437 maps every byte


def _open(data: bytes) -> zipfile.ZipFile:
    """The archive, its names read in the encoding that name_encoding() finds."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    encoding = name_encoding(archive.infolist())
    if encoding is None:
        return archive
    archive.close()
    return zipfile.ZipFile(io.BytesIO(data), metadata_encoding=encoding)


def extract_zip(name: str, data: bytes, limits: Limits) -> Extracted:
    """Names of all members, then the text of .txt/.htm/... members, bounded per member and
    in total; bombs, encrypted and path-escaping members are listed but not read."""
    try:
        archive = _open(data)
        infos = archive.infolist()
    except NotImplementedError as exc:  # a member needing a newer zip version stops them all
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "zip archive uses an unsupported feature: {reason}").format(
                reason=exc
            )
        ) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "zip archive is damaged: {reason}").format(reason=exc)
        ) from exc
    names = [normalise(info.filename) for info in infos]
    parts = ["\n".join(names)]
    size = len(parts[0])
    budget = limits.zip_total_bytes
    skipped: list[str] = []
    unsafe: list[str] = []
    read = 0
    exhausted = False
    with archive:
        for info, member_name in zip(infos, names, strict=True):
            if _unsafe(info.filename):
                unsafe.append(member_name)
                continue
            if info.is_dir():
                continue
            # Bombs are reported whatever their type: the user should know what is inside.
            bomb = _bomb(info, limits)
            if bomb:
                skipped.append(f"{member_name} ({bomb})")
                continue
            suffix = posixpath.splitext(info.filename.lower())[1]
            if suffix not in TEXT_SUFFIXES and suffix not in HTML_SUFFIXES:
                continue
            if size >= limits.max_text_chars or budget <= 0:
                exhausted = True
                continue
            reason = _skip_reason(info)
            if reason is None:
                want = min(limits.zip_member_bytes, budget)
                try:
                    raw = _read_bounded(archive, info, want)
                except Exception as e:  # zlib.error, BadZipFile, CRC...: this member only
                    reason = f"damaged ({e})"
                else:
                    budget -= len(raw)
                    # Member text is bounded by its bytes (and what is left of the total).
                    member_limits = replace(
                        limits, max_text_chars=max(1, min(want, limits.max_text_chars - size))
                    )
                    try:
                        if suffix in HTML_SUFFIXES:
                            got = extract_html(info.filename, raw, member_limits)
                        else:
                            got = extract_txt(info.filename, raw, member_limits)
                    except ExtractError as e:
                        reason = str(e)
                    else:
                        read += 1
                        if got.text:
                            parts.append(f"{member_name}\n{got.text}")
                            size += len(parts[-1]) + 2
            if reason is not None:
                skipped.append(f"{member_name} ({reason})")
    meta = {"members": str(len(infos))}
    if read:
        meta["text_members"] = str(read)
    if skipped:
        extra = f"; and {len(skipped) - MAX_NOTES} more" if len(skipped) > MAX_NOTES else ""
        meta["skipped_members"] = "; ".join(skipped[:MAX_NOTES]) + extra
    if unsafe:
        meta["unsafe_members"] = "; ".join(unsafe[:MAX_NOTES])
    text = "\n\n".join(parts)
    if len(text) > limits.max_text_chars:
        text = text[: limits.max_text_chars]
        exhausted = True
    if exhausted:
        meta["truncated"] = "yes"
    return Extracted(text=text, meta=meta)
