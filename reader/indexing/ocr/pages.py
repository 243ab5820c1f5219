"""What the OCR engine reads: PDF pages and image frames as greyscale PIL images, a cheap
test of whether an image file is a scanned page, the strips of a page that likely hold
lines of text, and PyMuPDF's own OCR (the fallback engine where no tesserocr wheel
exists).

The PyMuPDF home for OCR, beside reader/indexing/extract/pdf.py.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from pathlib import Path
from typing import Any

import pymupdf  # noqa: TID251 - this module is one of PyMuPDF's homes (test_architecture)
from PIL import Image, ImageOps, UnidentifiedImageError

from reader.model import SCANNED_CHARS_PER_PAGE
from reader.sentences import QT_TRANSLATE_NOOP

__all__ = [
    "MAX_PIXELS",
    "OCR_DPI",
    "greyscale",
    "image_frame",
    "looks_like_document",
    "mupdf_ocr_available",
    "mupdf_ocr_version",
    "mupdf_ocr_words",
    "open_pdf",
    "pdf_page_image",
    "pdf_page_pictures",
    "probe_image",
    "text_strips",
]

OCR_DPI = 200
MAX_PIXELS = 40_000_000  # a page bigger than this at 200 dpi is drawn at a lower dpi
MIN_DPI = 50  # below this text is unreadable anyway; a huge page is then drawn over the cap
SNIFF_PIXELS = 12_000_000  # beyond this only a JPEG's thumbnail is decoded to judge it
PAGE_SIDE = 600  # pixels: a smaller image is an icon or a photo crop, not a page
LIGHT_LEVEL = 160
LIGHT_SHARE = 0.55
COLOURFUL_SHARE = 0.30  # photos: many saturated pixels; a page's stamps and logos are few
SATURATED = 100
_THUMB = (64, 64)

# PyMuPDF's annotations are partial (untyped functions); hold it as Any at the boundary.
_PYMUPDF: Any = pymupdf
_TOOLS: Any = pymupdf.TOOLS
# Worker processes OCR thousands of pages; MuPDF's repair messages on stderr are noise.
_TOOLS.mupdf_display_errors(False)
_TOOLS.mupdf_display_warnings(False)

# A word as a person would write it (letters, maybe hyphens/apostrophes inside, punctuation
# around) or a number: how the PyMuPDF fallback scores words it reports no confidence for.
_WORD_SHAPE = re.compile(
    r"^[(\"'\[]*(?:[^\W\d_]{2,}(?:[-'’][^\W\d_]+)*|\d[\d.,:/-]*)[)\"'\].,;:!?]*$"
)


def open_pdf(data: bytes) -> Any:
    """The PDF in `data` as a pymupdf.Document (callers keep it for several pages).
    Raises ValueError for a file MuPDF cannot open or one that needs a password."""
    try:
        doc = _PYMUPDF.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as error:  # pymupdf.FileDataError is a RuntimeError
        raise ValueError(
            QT_TRANSLATE_NOOP("Core", "cannot open the PDF: {reason}").format(reason=error)
        ) from error
    if doc.needs_pass:
        doc.close()
        raise ValueError(QT_TRANSLATE_NOOP("Core", "the PDF is password-protected"))
    return doc


def _page_dpi(width_pt: float, height_pt: float, dpi: int) -> int:
    """`dpi`, lowered so the page stays under MAX_PIXELS (never below MIN_DPI)."""
    pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
    if pixels <= MAX_PIXELS:
        return dpi
    return max(MIN_DPI, int(dpi * math.sqrt(MAX_PIXELS / pixels)))


def pdf_page_image(
    doc_data: bytes | None, page: int, *, doc: Any = None, dpi: int = OCR_DPI
) -> Image.Image:
    """Page `page` (1-based) of a PDF as a grayscale PIL image (mode "L"), rotation applied as
    the page shows. Either the file's bytes or an open document. The image's info["dpi"] is
    the resolution it was drawn at. Raises ValueError for a page the PDF does not have."""
    own = doc is None
    if own:
        if doc_data is None:
            raise ValueError("pdf_page_image needs the PDF's bytes or an open document")
        doc = open_pdf(doc_data)
    try:
        if not 1 <= page <= doc.page_count:
            raise ValueError(f"the PDF has {doc.page_count} pages, not a page {page}")
        pdf_page = doc[page - 1]
        rect = pdf_page.rect  # as shown: /Rotate already applied
        used = _page_dpi(rect.width, rect.height, dpi)
        pix = pdf_page.get_pixmap(dpi=used, colorspace=_PYMUPDF.csGRAY, alpha=False)
        image = Image.frombytes("L", (pix.width, pix.height), pix.samples, "raw", "L", pix.stride)
    finally:
        if own:
            doc.close()
    image.info["dpi"] = (used, used)
    return image


Region = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the page


def pdf_page_pictures(doc: Any, page: int, *, dpi: int = OCR_DPI) -> tuple[Image.Image, Region]:
    """What OCR reads of page `page` (1-based) of an open PDF, and where it is on the page.

    A scanned page (almost no text of its own): the whole page. A mixed page (a typed
    page with a letter pasted in): only the part its pictures cover, so that its own text
    is not read twice; the region says where that part is, for the words' boxes.
    """
    whole: Region = (0.0, 0.0, 1.0, 1.0)
    if not 1 <= page <= doc.page_count:
        raise ValueError(f"the PDF has {doc.page_count} pages, not a page {page}")
    pdf_page = doc[page - 1]
    own = len("".join(pdf_page.get_text().split()))
    if own < SCANNED_CHARS_PER_PAGE or pdf_page.rotation:  # a turned page: drawn whole, as shown
        return pdf_page_image(None, page, doc=doc, dpi=dpi), whole
    rect = pdf_page.rect
    union = _PYMUPDF.Rect()
    for info in pdf_page.get_image_info():
        box = _PYMUPDF.Rect(info["bbox"]) & rect
        if not box.is_empty:
            union |= box
    if union.is_empty or union.width < 8 or union.height < 8:
        return pdf_page_image(None, page, doc=doc, dpi=dpi), whole
    used = _page_dpi(union.width, union.height, dpi)
    pix = pdf_page.get_pixmap(dpi=used, colorspace=_PYMUPDF.csGRAY, alpha=False, clip=union)
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples, "raw", "L", pix.stride)
    image.info["dpi"] = (used, used)
    return image, (
        (union.x0 - rect.x0) / rect.width,
        (union.y0 - rect.y0) / rect.height,
        (union.x1 - rect.x0) / rect.width,
        (union.y1 - rect.y0) / rect.height,
    )


def on_page(box: tuple[int, int, int, int], region: Region) -> tuple[int, int, int, int]:
    """A word's box in 1/10,000 of `region` (what OCR read) as 1/10,000 of the page."""
    x0, y0, x1, y1 = region
    w, h = x1 - x0, y1 - y0
    return (
        round((x0 + box[0] / 10_000 * w) * 10_000),
        round((y0 + box[1] / 10_000 * h) * 10_000),
        round((x0 + box[2] / 10_000 * w) * 10_000),
        round((y0 + box[3] / 10_000 * h) * 10_000),
    )


def _open_image(data: bytes) -> Image.Image:
    """Pillow's view of `data` (header only: nothing decoded yet). Image.MAX_IMAGE_PIXELS
    applies: a decompression bomb is refused."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValueError(
            QT_TRANSLATE_NOOP("Core", "the image is too large to read ({reason})").format(
                reason=error
            )
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValueError(
            QT_TRANSLATE_NOOP("Core", "not an image file this app can read ({reason})").format(
                reason=error
            )
        ) from error


def greyscale(image: Image.Image) -> Image.Image:
    """`image` in mode "L": transparency over white paper, 16/32-bit and float stretched to
    0-255 (Pillow's plain convert would clip a 16-bit scan to white)."""
    if image.mode == "L":
        return image
    if image.mode in ("1", "P", "RGB", "CMYK", "YCbCr", "LAB", "HSV"):
        if image.mode == "P" and "transparency" in image.info:
            image = image.convert("RGBA")
        else:
            return image.convert("L")
    if image.mode in ("RGBA", "LA", "RGBa", "La", "PA"):
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, image.convert("RGBA")).convert("L")
    wide = image.convert("F")
    extrema: Any = wide.getextrema()  # (min, max) for a one-band image
    low, high = float(extrema[0]), float(extrema[1])
    span = high - low or 1.0
    return wide.point(lambda v: (v - low) * 255.0 / span).convert("L")


def image_frame(data: bytes, frame: int, *, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Frame `frame` (1-based; TIFF pages) of an image file, grayscale, scaled down to
    max_pixels. Uses Pillow with Image.MAX_IMAGE_PIXELS respected; raises ValueError with a
    readable message for a file Pillow cannot decode. info["dpi"] is the frame's resolution
    after scaling, where the file declares one."""
    image = _open_image(data)
    frames = getattr(image, "n_frames", 1)
    if not 1 <= frame <= frames:
        raise ValueError(f"the image has {frames} frame(s), not a frame {frame}")
    try:
        image.seek(frame - 1)
        declared = image.info.get("dpi")
        width, height = image.size
        scale = min(1.0, math.sqrt(max_pixels / max(1, width * height)))
        if image.format == "JPEG" and scale < 1:
            # Decode at 1/2, 1/4 or 1/8 straight from the DCT: a fraction of the memory.
            image.draft("L", (int(width * scale), int(height * scale)))
        image.load()
        if frame == 1:  # EXIF orientation: a phone photo of a page stands as it was held
            image = ImageOps.exif_transpose(image)
        grey = greyscale(image)
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValueError(
            QT_TRANSLATE_NOOP("Core", "cannot decode frame {frame} of the image ({reason})").format(
                frame=frame, reason=error
            )
        ) from error
    if grey.width * grey.height > max_pixels:
        scale = math.sqrt(max_pixels / (grey.width * grey.height))
        size = (max(1, int(grey.width * scale)), max(1, int(grey.height * scale)))
        grey = grey.resize(size, Image.Resampling.LANCZOS)
    if declared and isinstance(declared, tuple) and len(declared) == 2:
        factor = max(grey.size) / max(width, height, 1)  # EXIF may have turned it
        grey.info["dpi"] = (float(declared[0]) * factor, float(declared[1]) * factor)
    return grey


def looks_like_document(data: bytes) -> bool:
    """An image file that is probably a scanned page (so worth OCR): both sides >= 600 px and
    mostly light background (>= 55% of the pixels of a 64x64 grey thumbnail brighter than
    160) and not a colourful photo, or a bilevel/greyscale TIFF of that size. Decodes a
    thumbnail only (Image.draft for JPEG), cheap."""
    try:
        image = _open_image(data)
        if min(image.size) < PAGE_SIDE:
            return False
        if image.format == "TIFF" and image.mode in ("1", "L", "I;16", "I;16B", "I;16L"):
            return True
        if image.format != "JPEG" and image.size[0] * image.size[1] > SNIFF_PIXELS:
            # Only JPEG decodes a thumbnail cheaply; a huge PNG or GIF would be decoded
            # whole (seconds, hundreds of MB) in the indexing worker: judged by its mode.
            return image.mode in ("1", "L", "LA")
        if image.format == "JPEG":
            image.draft("RGB", (_THUMB[0] * 4, _THUMB[1] * 4))
        colour = image.convert("RGBA") if image.mode in ("P", "PA") else image
        colour = colour.convert("RGB").resize(_THUMB, Image.Resampling.BOX)
    except (ValueError, OSError, SyntaxError, EOFError):
        return False
    grey_hist = colour.convert("L").histogram()
    pixels = _THUMB[0] * _THUMB[1]
    if sum(grey_hist[LIGHT_LEVEL + 1 :]) < LIGHT_SHARE * pixels:
        return False
    saturation = colour.convert("HSV").getchannel("S").histogram()
    return sum(saturation[SATURATED:]) <= COLOURFUL_SHARE * pixels


# -- PyMuPDF's OCR: the fallback engine -----------------------------------------------------


def mupdf_ocr_available() -> bool:
    """Whether this PyMuPDF was built with its Tesseract (the wheels are)."""
    return hasattr(_PYMUPDF.Pixmap, "pdfocr_tobytes")


def mupdf_ocr_version() -> str:
    """MuPDF's version: it names the Tesseract built into it."""
    return str(_PYMUPDF.mupdf_version)


def probe_image() -> Image.Image:
    """A small image of typed words ("Reading test page"), drawn by MuPDF with its own
    font: what the fallback engine reads once to see that its OCR works."""
    doc = _PYMUPDF.open()
    try:
        page = doc.new_page(width=216, height=54)
        page.insert_text((10, 34), "Reading test page", fontsize=20, fontname="helv")
        pix = page.get_pixmap(dpi=200, colorspace=_PYMUPDF.csGRAY, alpha=False)
        return Image.frombytes("L", (pix.width, pix.height), pix.samples, "raw", "L", pix.stride)
    finally:
        doc.close()


def mupdf_ocr_words(
    image: Image.Image, language: str, tessdata: Path, dpi: int
) -> list[tuple[str, tuple[int, int, int, int], int, int, float]]:
    """The words PyMuPDF's Tesseract reads in `image`: (text, box, block, line, score), the
    box in 1/10000 of the image's width and height, block and line numbers in reading
    order. MuPDF reports no confidence: the score is 80 for a word-shaped token (letters,
    or a number) and 20 for anything else, so noise read as symbols scores low.

    `language` is Tesseract's "eng+fra" form; `tessdata` must be given (without it MuPDF
    asks a `tesseract` program on PATH where its data is)."""
    # MuPDF's OCR reads RGB only: a greyscale pixmap silently gives no text.
    rgb = image.convert("RGB")
    pix = _PYMUPDF.Pixmap(_PYMUPDF.csRGB, rgb.width, rgb.height, rgb.tobytes(), 0)
    pix.set_dpi(dpi, dpi)
    pdf = pix.pdfocr_tobytes(compress=False, language=language, tessdata=str(tessdata))
    with _PYMUPDF.open(stream=pdf, filetype="pdf") as doc:
        page = doc[0]
        width, height = page.rect.width or 1.0, page.rect.height or 1.0
        raw = page.get_text("words", sort=False)
    words = []
    for x0, y0, x1, y1, text, block, line, _ in raw:
        box = (
            _tenk(x0, width), _tenk(y0, height), _tenk(x1, width), _tenk(y1, height)
        )  # fmt: skip
        score = 80.0 if _WORD_SHAPE.match(text) else 20.0
        words.append((str(text), box, int(block), int(line), score))
    return words


def _tenk(value: float, extent: float) -> int:
    """`value` in 1/10000 of `extent`, clamped to the image."""
    return max(0, min(10_000, round(value * 10_000 / extent)))


def text_strips(image: Image.Image, dpi: int, share: float, count: int) -> list[Image.Image]:
    """Up to `count` strips of `image`, the likeliest to hold lines of text first: the
    middle half of its width (a strip's words come from more lines than across the page,
    and a skewed copy's lines stay inside it), `share` of its height, not overlapping.

    Likeliest is where the rows' mean brightness goes up and down most: every line and
    every gap between lines; blank paper, a picture's smooth tones or the dark edge of a
    copy change little or once. The changes are capped at twice the median one, so the
    strip goes to lines of body text rather than to one bold heading. A strip's edges
    are moved to the lightest row nearby, between two lines rather than through one."""
    step = 4  # pixels a row of the profile: enough for lines ~40 px apart at 200 dpi
    middle = image.crop((image.width // 4, 0, image.width * 3 // 4, image.height))
    rows = middle.resize((1, max(1, image.height // step)), Image.Resampling.BOX).tobytes()
    window = max(2, round(len(rows) * share))
    if window + 2 >= len(rows):
        return [middle]
    changes = [0, *(abs(rows[i] - rows[i - 1]) for i in range(1, len(rows)))]
    moved = sorted(c for c in changes if c > 1)
    cap = 2 * moved[len(moved) // 2] if moved else 1
    changes = [min(c, cap) for c in changes]
    scores = [sum(changes[1 : window + 1])]  # scores[i]: the strip of rows i+1 .. i+window
    for start in range(2, len(rows) - window):
        scores.append(scores[-1] + changes[start + window - 1] - changes[start - 1])
    reach = max(1, round(dpi * 0.11 / step))  # half the spacing of 11 pt lines
    strips: list[Image.Image] = []
    taken: list[tuple[int, int]] = []
    for at in sorted(range(len(scores)), key=lambda i: -scores[i]):
        top = _lightest(rows, at + 1 - reach, at + 1 + reach)
        bottom = _lightest(rows, top + window - reach, top + window + reach)
        if any(top <= end and bottom >= begin for begin, end in taken):
            continue
        taken.append((top, bottom))
        strips.append(
            middle.crop((0, top * step, middle.width, min(image.height, (bottom + 1) * step)))
        )
        if len(strips) == count:
            break
    return strips


def _lightest(rows: bytes, low: int, high: int) -> int:
    """The index of the lightest of rows[low..high] (clipped to the rows there are)."""
    low, high = max(0, low), min(len(rows) - 1, high)
    return max(range(low, high + 1), key=lambda i: rows[i])
