"""Zip extractor: member names plus the text of text-like members, read with hard bounds."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import replace

from reader.indexing.extract.html import extract_html
from reader.indexing.extract.text import extract_txt, normalise
from reader.model import Extracted, ExtractError
from reader.settings import Limits

TEXT_SUFFIXES = frozenset({".txt", ".csv", ".md", ".text", ".asc"})
HTML_SUFFIXES = frozenset({".htm", ".html", ".xhtml", ".shtml"})
READ_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# A high ratio alone is harmless for a small member (a 10 KB run of one character is
# 300:1); a bomb is a high ratio that also inflates to something big.
BOMB_MIN_BYTES = 1024 * 1024
MAX_NOTES = 50  # skipped members named in meta; the rest are counted


def _unsafe(name: str) -> bool:
    """Names that would escape an extraction directory ("../x", "/etc/x", "C:\\x")."""
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


def extract_zip(name: str, data: bytes, limits: Limits) -> Extracted:
    """Names of all members, then the text of .txt/.htm/... members, bounded per member and
    in total; bombs, encrypted and path-escaping members are listed but not read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except NotImplementedError as exc:  # a member needing a newer zip version stops them all
        raise ExtractError(f"zip archive uses an unsupported feature: {exc}") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractError(f"zip archive is damaged: {exc}") from exc
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
