"""Deterministic generator of scan-like test documents: typed pages drawn at 200 dpi, made
to look like an office scan or a poor photocopy, wrapped as image-only PDFs, TIFFs, PNGs.

Every page's word boxes are kept (in pixels of the clean page), so a test knows where each
word was drawn. Degradation is seeded: the same call gives the same bytes.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pymupdf
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

__all__ = [
    "DPI",
    "PARAGRAPH",
    "PARAGRAPHS",
    "Quality",
    "ScanPage",
    "degrade",
    "mixed_pdf",
    "render_page",
    "scan_pdf",
    "scan_png",
    "scan_tiff",
]

Quality = Literal["clean", "office", "poor"]
DPI = 200
PAGE_INCHES = (8.27, 11.69)  # A4
FONT_POINTS = 11
MARGIN_INCHES = 1.0

# A paragraph of ordinary office prose: dictionary words, a few numbers and names.
PARAGRAPH = [
    "The committee met on Tuesday morning to review the annual budget of the",
    "regional water authority. Members agreed that the maintenance reports for",
    "the northern reservoir were incomplete and asked the engineering office to",
    "deliver a revised schedule before the next meeting in September.",
    "",
    "A separate letter from the county planning department described the",
    "proposed pipeline route, the expected construction costs and the public",
    "consultation that must take place before any contract is signed.",
]

# The same kind of prose in French, German and Spanish, with the accents of each.
PARAGRAPHS: dict[str, list[str]] = {
    "eng": PARAGRAPH,
    "fra": [
        "Le comité s'est réuni mardi matin pour examiner le budget annuel de",
        "l'agence régionale de l'eau. Les membres ont déjà constaté que les",
        "rapports d'entretien du réservoir nord n'étaient pas complets et ils",
        "ont demandé au bureau d'études un calendrier révisé avant la réunion.",
        "",
        "Une lettre du service départemental, qui a été reçue cet été, décrit",
        "le tracé prévu de la canalisation, le coût des travaux et la",
        "consultation publique qui doit avoir lieu avant la signature du contrat.",
    ],
    "deu": [
        "Der Ausschuss hat sich am Dienstag getroffen, um den Haushalt der",
        "regionalen Wasserbehörde zu prüfen. Die Mitglieder waren sich einig,",
        "dass die Berichte über den nördlichen Stausee nicht vollständig sind,",
        "und baten das Ingenieurbüro um einen neuen Zeitplan für die Sitzung.",
        "",
        "Ein Schreiben des Planungsamtes beschreibt die geplante Leitung, die",
        "erwarteten Kosten und die öffentliche Anhörung, die stattfinden muss,",
        "bevor ein Vertrag mit der Baufirma unterschrieben werden kann.",
    ],
    "spa": [
        "El comité se reunió el martes por la mañana para revisar el presupuesto",
        "anual de la autoridad regional del agua. Los miembros acordaron que los",
        "informes de mantenimiento del embalse norte no estaban completos y",
        "pidieron a la oficina técnica un calendario nuevo antes de la reunión.",
        "",
        "Una carta del departamento de planificación describe el trazado de la",
        "tubería, los costes de la obra y la consulta pública que también debe",
        "celebrarse antes de que se firme cualquier contrato con la empresa.",
    ],
}

_FONT_PLACES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


@cache
def _font(pixels: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A TrueType font: DejaVu where the system has it, else Pillow's built-in one."""
    for place in _FONT_PLACES:
        if Path(place).is_file():
            return ImageFont.truetype(place, pixels)
    return ImageFont.load_default(size=pixels)


@dataclass(frozen=True)
class ScanPage:
    """A clean page image (mode "L") and where each word went: (word, (x0, y0, x1, y1))."""

    image: Image.Image
    words: tuple[tuple[str, tuple[int, int, int, int]], ...]


def render_page(lines: list[str], *, dpi: int = DPI, points: int = FONT_POINTS) -> ScanPage:
    """Typed lines on a white A4 page; "" is a paragraph break (a blank line)."""
    width, height = round(PAGE_INCHES[0] * dpi), round(PAGE_INCHES[1] * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = _font(round(points * dpi / 72))
    step = round(points * dpi / 72 * 1.45)
    left = y = round(MARGIN_INCHES * dpi)
    space = draw.textlength(" ", font=font)
    words: list[tuple[str, tuple[int, int, int, int]]] = []
    for line in lines:
        x = float(left)
        for word in line.split():
            x0, y0, x1, y1 = draw.textbbox((x, y), word, font=font)
            draw.text((x, y), word, fill=0, font=font)
            words.append((word, (round(x0), round(y0), round(x1), round(y1))))
            x += draw.textlength(word, font=font) + space
        y += step
    return ScanPage(image, tuple(words))


def _noise(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Uniform noise 0-255, one byte a pixel from a seeded generator (fast: no per-pixel
    Python)."""
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))


def _add_noise(image: Image.Image, amplitude: int, rng: random.Random) -> Image.Image:
    """image + uniform noise in [-amplitude, amplitude]."""
    scaled = _noise(image.size, rng).point(lambda v: v * 2 * amplitude // 255)
    return ImageChops.add(image, scaled, scale=1.0, offset=-amplitude)


def degrade(image: Image.Image, quality: Quality, *, seed: int = 1) -> Image.Image:
    """A clean grey page made to look scanned.

    office: slight blur, grey paper (~235), light noise, 0.5 degree skew.
    poor: a bad photocopy: blur, ink ~70 on paper ~190, heavy noise, 2.5 degree skew.
    """
    if quality == "clean":
        return image.copy()
    rng = random.Random(seed)
    if quality == "office":
        out = image.filter(ImageFilter.GaussianBlur(0.7))
        out = out.point(lambda v: 25 + v * (235 - 25) // 255)
        out = _add_noise(out, 18, rng)
        return out.rotate(0.5, resample=Image.Resampling.BICUBIC, fillcolor=235)
    out = image.filter(ImageFilter.GaussianBlur(1.2))
    out = out.point(lambda v: 70 + v * (190 - 70) // 255)
    out = _add_noise(out, 50, rng)
    return out.rotate(-2.5, resample=Image.Resampling.BICUBIC, fillcolor=175)


def _encoded(image: Image.Image, quality: Quality, form: str = "") -> bytes:
    """PNG for a clean page; JPEG (as scanners write) for a degraded one."""
    buf = io.BytesIO()
    if form:
        image.save(buf, form)
    elif quality == "clean":
        image.save(buf, "PNG", optimize=False, compress_level=1)
    else:
        image.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def scan_png(lines: list[str], quality: Quality = "office", *, seed: int = 1) -> bytes:
    """One page as a PNG file, declaring 200 dpi."""
    page = degrade(render_page(lines).image, quality, seed=seed)
    buf = io.BytesIO()
    page.save(buf, "PNG", dpi=(DPI, DPI), compress_level=1)
    return buf.getvalue()


def scan_tiff(pages: list[list[str]], quality: Quality = "office", *, seed: int = 1) -> bytes:
    """A multi-page greyscale TIFF (LZW), one frame a page, declaring 200 dpi."""
    images = [degrade(render_page(p).image, quality, seed=seed + i) for i, p in enumerate(pages)]
    buf = io.BytesIO()
    images[0].save(
        buf, "TIFF", save_all=True, append_images=images[1:], compression="tiff_lzw",
        dpi=(DPI, DPI),
    )  # fmt: skip
    return buf.getvalue()


def _points(pixels: int) -> float:
    return pixels * 72 / DPI


def scan_pdf(
    pages: list[list[str]],
    quality: Quality = "office",
    *,
    seed: int = 1,
    rotation: int = 0,
) -> bytes:
    """An image-only PDF, one scanned page image a page (no text layer).

    With `rotation` (90, 180, 270) each image is stored turned the other way and the page
    carries /Rotate, as a scanner that fed the sheet sideways writes it: the page shows
    upright only when a reader applies the rotation.
    """
    doc = pymupdf.open()
    for i, lines in enumerate(pages):
        image = degrade(render_page(lines).image, quality, seed=seed + i)
        # /Rotate turns the page clockwise; PIL's rotate turns counter-clockwise.
        stored = image.rotate(rotation, expand=True) if rotation else image
        page = doc.new_page(width=_points(stored.width), height=_points(stored.height))
        page.insert_image(page.rect, stream=_encoded(stored, quality))
        if rotation:
            page.set_rotation(rotation)
    data: bytes = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def mixed_pdf(typed: list[str], scanned: list[str], quality: Quality = "office") -> bytes:
    """One page: `typed` lines as a real text layer at the top, and a scanned image of
    `scanned` lines (a pasted-in letter) filling the lower half."""
    doc = pymupdf.open()
    width, height = _points(round(PAGE_INCHES[0] * DPI)), _points(round(PAGE_INCHES[1] * DPI))
    page = doc.new_page(width=width, height=height)
    for i, line in enumerate(typed):
        page.insert_text((72, 90 + i * 16), line, fontsize=FONT_POINTS, fontname="helv")
    clean = render_page(scanned).image
    half = clean.crop((0, 0, clean.width, clean.height // 2))
    page.insert_image(
        pymupdf.Rect(0, height / 2, width, height), stream=_encoded(degrade(half, quality), quality)
    )
    data: bytes = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data
