"""Image extractor: dimensions, format and EXIF date, without decoding the pixels (Pillow)."""

from __future__ import annotations

import io
import struct
import warnings

from PIL import Image, UnidentifiedImageError

from reader.indexing.dates import normalise_date
from reader.indexing.extract.content import content_key
from reader.indexing.ocr.pages import looks_like_document
from reader.model import Extracted, ExtractError
from reader.sentences import QT_TRANSLATE_NOOP
from reader.settings import Limits

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_DATETIME_DIGITIZED = 0x9004
_DATETIME = 0x0132
#: Pages of a multi-page TIFF counted at most. Counting follows the chain of image
#: directories without parsing them; a file claiming more pages is not a document anyone
#: pages through, and the bound keeps the count's cost independent of the file.
MAX_TIFF_PAGES = 10_000
#: Frames of one image file that OCR reads at most.
MAX_OCR_FRAMES = 2_000
# Byte order mark -> struct prefix. Per magic (42 classic TIFF, 43 BigTIFF): the offset
# word, the directory's entry count, one entry's size, where the first offset is.
_TIFF_ORDER = {b"II": "<", b"MM": ">"}
_TIFF_LAYOUT: dict[int, tuple[str, str, int, int]] = {
    42: ("I", "H", 12, 4),
    43: ("Q", "Q", 20, 8),
}


def _exif_date(image: Image.Image) -> str | None:
    try:
        exif = image.getexif()
        sub = exif.get_ifd(_EXIF_IFD)
        candidates = (
            sub.get(_DATETIME_ORIGINAL),
            sub.get(_DATETIME_DIGITIZED),
            exif.get(_DATETIME),
        )
    except Exception:  # EXIF blocks are often broken; the image is still fine
        return None
    for raw in candidates:
        value = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
        if isinstance(value, str):
            date = normalise_date(value)
            if date:
                return date
    return None


def tiff_pages(data: bytes) -> tuple[int, bool]:
    """(pages, whether all were counted) of a TIFF, by walking its directory chain.

    Not Pillow's n_frames: it parses every directory and checks each offset against a list
    of those seen, which is quadratic (100,000 directories took 100 s). Here a directory
    costs two small reads, a loop ends the chain, and counting stops at MAX_TIFF_PAGES.
    """
    order = _TIFF_ORDER.get(data[:2])
    if order is None or len(data) < 16:
        return 1, True
    layout = _TIFF_LAYOUT.get(struct.unpack_from(order + "H", data, 2)[0])
    if layout is None:
        return 1, True
    word_code, count_code, entry_size, first_at = layout
    word, count = order + word_code, order + count_code
    word_size, count_size = struct.calcsize(word), struct.calcsize(count)
    offset = struct.unpack_from(word, data, first_at)[0]
    seen: set[int] = set()
    while offset and offset not in seen:
        if len(seen) >= MAX_TIFF_PAGES:
            return len(seen), False
        if offset + count_size > len(data):
            break  # points past the end: a cut file, the chain ends here
        seen.add(offset)
        entries = struct.unpack_from(count, data, offset)[0]
        next_at = offset + count_size + entries * entry_size
        if next_at + word_size > len(data):
            break
        offset = struct.unpack_from(word, data, next_at)[0]
    return max(len(seen), 1), True


def extract_image(name: str, data: bytes, limits: Limits) -> Extracted:
    """Read the header only: Image.open is lazy, so a decompression bomb costs nothing."""
    with warnings.catch_warnings():
        # Pillow warns on huge images (we apply our own limit) and on every odd EXIF tag.
        warnings.simplefilter("ignore")
        return _read(data, limits)


def _read(data: bytes, limits: Limits) -> Extracted:
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:  # past 2x Pillow's own limit
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "image is too large to read safely ({reason})").format(
                reason=exc
            )
        ) from exc
    except UnidentifiedImageError as exc:
        raise ExtractError(QT_TRANSLATE_NOOP("Core", "not a recognised image format")) from exc
    except Exception as exc:  # OSError, ValueError, SyntaxError... from a damaged header
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "image is damaged: {reason}").format(reason=exc)
        ) from exc
    with image:
        width, height = image.size
        if width <= 0 or height <= 0:
            raise ExtractError(
                QT_TRANSLATE_NOOP("Core", "image is damaged: size {width}x{height}").format(
                    width=width, height=height
                )
            )
        if width * height > limits.image_max_pixels:
            raise ExtractError(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "image is too large to read safely ({width}x{height} pixels, limit {limit:,})",
                ).format(width=width, height=height, limit=limits.image_max_pixels)
            )
        meta = {
            "width": str(width),
            "height": str(height),
            "format": image.format or "",
            "mode": image.mode,
        }
        pages = 1
        if image.format == "TIFF":
            # Multi-page TIFF is how scans are shipped. (GIF would have to decompress every
            # frame to count them, so it is not asked.)
            pages, complete = tiff_pages(data)
            if pages > 1:
                meta["pages"] = str(pages)
            if not complete:
                meta["pages_counted"] = f"the first {MAX_TIFF_PAGES:,}"
        extracted = Extracted(date=_exif_date(image), meta=meta)
    if looks_like_document(data):
        extracted.ocr_pages = tuple(range(1, min(pages, MAX_OCR_FRAMES) + 1))
        extracted.content_key = content_key(data)
    return extracted
