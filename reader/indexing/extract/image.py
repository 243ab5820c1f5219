"""Image extractor: dimensions, format and EXIF date, without decoding the pixels (Pillow)."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from reader.indexing.dates import normalise_date
from reader.model import Extracted, ExtractError
from reader.settings import Limits

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_DATETIME_DIGITIZED = 0x9004
_DATETIME = 0x0132


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
        raise ExtractError(f"image is too large to read safely ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise ExtractError("not a recognised image format") from exc
    except Exception as exc:  # OSError, ValueError, SyntaxError... from a damaged header
        raise ExtractError(f"image is damaged: {exc}") from exc
    with image:
        width, height = image.size
        if width <= 0 or height <= 0:
            raise ExtractError(f"image is damaged: size {width}x{height}")
        if width * height > limits.image_max_pixels:
            raise ExtractError(
                f"image is too large to read safely ({width}x{height} pixels, "
                f"limit {limits.image_max_pixels:,})"
            )
        meta = {
            "width": str(width),
            "height": str(height),
            "format": image.format or "",
            "mode": image.mode,
        }
        if image.format == "TIFF":
            # Multi-page TIFF is how scans are shipped; counting walks IFDs only. (GIF would
            # have to decompress every frame to count them, so it is not asked.)
            try:
                frames = int(getattr(image, "n_frames", 1))
            except Exception:
                frames = 1
            if frames > 1:
                meta["pages"] = str(frames)
        return Extracted(date=_exif_date(image), meta=meta)
