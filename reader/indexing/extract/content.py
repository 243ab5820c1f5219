"""What OCR text is filed under: a hash of a file's bytes (so a moved or copied file, or
one whose index was rebuilt, is never read by OCR twice)."""

from __future__ import annotations

import hashlib


def content_key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
