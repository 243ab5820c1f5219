"""PDF extractor: page text joined by form feeds, metadata, scanned and encryption checks."""

from __future__ import annotations

import re
from typing import Any

import pymupdf

from reader.indexing.dates import normalise_date
from reader.indexing.extract.content import content_key
from reader.indexing.extract.text import normalise
from reader.model import SCANNED_CHARS_PER_PAGE, Extracted, ExtractError
from reader.sentences import QT_TRANSLATE_NOOP
from reader.settings import Limits

# PyMuPDF's annotations are partial (untyped functions); hold it as Any at the boundary.
_TOOLS: Any = pymupdf.TOOLS
_OPEN: Any = pymupdf.open
_RECT: Any = pymupdf.Rect
# MuPDF prints every repair message to stderr; in a pool of workers indexing 50,000 files
# that is noise. The messages are still collected in TOOLS.mupdf_warnings().
_TOOLS.mupdf_display_errors(False)
_TOOLS.mupdf_display_warnings(False)

# Default text flags minus ligature preservation, so "ﬁ" is indexed as "fi".
_TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
# A page with less text than SCANNED_CHARS_PER_PAGE (or text that is mostly U+FFFD, a font
# without a usable encoding) whose images cover this share of it is a picture of text: OCR.
OCR_IMAGE_COVER = 0.5
# A page with text of its own beside a picture covering OCR_IMAGE_COVER of it (a typed
# cover sheet with a letter pasted in, a form with a scanned signature block) gets the OCR
# text of its pictures too, up to this much text of its own (more: the picture is a figure
# of a text page). Text lying on the pictures is theirs (a scanner's OCR layer): not mixed.
MIXED_MAX_LETTERS = 1500
IMAGE_PROBE_PAGES = 50  # pages inspected for images when deciding "scanned"
HEADER_WINDOW = 1024  # readers accept junk before "%PDF" up to here
_WORD_PREFIX = re.compile(r"^Microsoft (?:Word|PowerPoint|Excel) - ", re.I)
_META_KEYS = ("author", "producer", "creator", "subject", "keywords")


# MuPDF's words for a page object it could not load (it then hands out a blank page).
# Not every "error": sloppy content streams warn about syntax on pages that read fine.
_LOAD_ERROR = re.compile(
    r"cannot load object|non-page object|cannot find page|stack overflow|nesting too deep", re.I
)


def _load_error() -> str:
    """Why MuPDF could not load what it was just asked for, from its warnings; "" if it could."""
    warnings: str = _TOOLS.mupdf_warnings() or ""
    if not _LOAD_ERROR.search(warnings):
        return ""
    if "stack overflow" in warnings or "nesting too deep" in warnings:
        return "its objects are nested too deeply to read"
    return _first_warning()


def _first_warning() -> str:
    warnings: str = _TOOLS.mupdf_warnings() or ""
    for raw in warnings.splitlines():
        line = raw.strip()
        if line and not line.startswith("..."):
            return line
    return ""


def _truncated(data: bytes) -> bool:
    """A complete PDF has "%%EOF" after its last object; a cut one does not (junk or
    padding appended after a complete file is not truncation)."""
    eof = data.rfind(b"%%EOF")
    return eof < 0 or eof < max(data.rfind(b"obj"), data.rfind(b"stream"))


def _open(data: bytes) -> Any:
    if b"%PDF" not in data[:HEADER_WINDOW]:
        raise ExtractError(QT_TRANSLATE_NOOP("Core", "not a PDF file (no %PDF header)"))
    try:
        doc = _OPEN(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises FileDataError, RuntimeError, ValueError...
        detail = _first_warning() or str(exc) or type(exc).__name__
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "PDF is damaged: {reason}").format(reason=detail)
        ) from exc
    # MuPDF rebuilds a cut file and shows whatever pages survived; a partial copy is
    # reported as a failure rather than indexed as if complete. Only a file that needed
    # repair is judged by its tail, so trailing junk after "%%EOF" alone costs nothing.
    if doc.is_repaired and _truncated(data):
        doc.close()
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "PDF is damaged: the file is truncated (no %%EOF at the end)")
        )
    return doc


def _has_images(doc: Any) -> bool:
    for number in range(min(doc.page_count, IMAGE_PROBE_PAGES)):
        try:
            if doc[number].get_images(full=False):
                return True
        except Exception:  # a broken resource dictionary on one page is not fatal
            continue
    return False


def _image_cover(page: Any) -> float:
    """The share of the page its images cover (overlaps counted twice, capped at 1)."""
    rect = page.rect
    area = float(rect.width * rect.height)
    if area <= 0:
        return 0.0
    covered = 0.0
    for info in page.get_image_info():
        box = _RECT(info["bbox"]) & rect
        if not box.is_empty:
            covered += float(box.width * box.height)
    return min(covered / area, 1.0)


def _wants_ocr(text: str) -> bool:
    letters = "".join(text.split())
    return len(letters) < SCANNED_CHARS_PER_PAGE or letters.count("\ufffd") * 2 > len(letters)


def _text_beside_pictures(page: Any) -> bool:
    """Most of the page's own words lie outside its pictures (not a scanner's text layer
    on the scan itself)."""
    rect = page.rect
    pictures = [
        b for b in (_RECT(i["bbox"]) & rect for i in page.get_image_info()) if not b.is_empty
    ]
    words = page.get_text("words")
    outside = sum(1 for w in words if not any(p.contains(_RECT(w[:4]).tl) for p in pictures))
    return outside * 2 > len(words)


def ocr_candidates(doc: Any, pages: list[str]) -> tuple[int, ...]:
    """Pages (1-based) that are pictures of text: with (almost) no text of their own, or
    with some beside a picture of text (mixed: the OCR text of the picture is added)."""
    found = []
    for number, text in enumerate(pages, start=1):
        scan = _wants_ocr(text)
        if not scan and len("".join(text.split())) > MIXED_MAX_LETTERS:
            continue
        try:
            page = doc[number - 1]
            if _image_cover(page) < OCR_IMAGE_COVER:
                continue
            if scan or _text_beside_pictures(page):
                found.append(number)
        except Exception:  # a broken resource dictionary on one page is not fatal
            continue
    return tuple(found)


def extract_pdf(name: str, data: bytes, limits: Limits) -> Extracted:
    """Text per page (joined by "\\f", one slot per page even when empty), metadata."""
    _TOOLS.reset_mupdf_warnings()  # the warning store grows for the worker's life
    doc = _open(data)
    try:
        extracted = _read(doc, limits)
        if "truncated" not in extracted.meta:  # pages past the cut are empty, not pictures
            extracted.ocr_pages = ocr_candidates(doc, extracted.text.split("\f"))
        if extracted.ocr_pages:
            extracted.content_key = content_key(data)
        return extracted
    finally:
        doc.close()
        _TOOLS.reset_mupdf_warnings()


def _read(doc: Any, limits: Limits) -> Extracted:
    if doc.needs_pass and not doc.authenticate(""):
        raise ExtractError(QT_TRANSLATE_NOOP("Core", "PDF is encrypted and needs a password"))
    count = doc.page_count
    if count <= 0:
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "PDF is damaged: no pages ({reason})").format(
                reason=_first_warning() or QT_TRANSLATE_NOOP("Core", "empty page tree")
            )
        )
    pages: list[str] = []
    total = 0
    failed = 0
    truncated = False
    reason = ""
    for number in range(count):
        if total >= limits.max_text_chars:
            truncated = True
            pages.append("")  # keep one slot per page so page n stays text.split("\f")[n-1]
            continue
        _TOOLS.reset_mupdf_warnings()
        try:
            raw = doc[number].get_text("text", flags=_TEXT_FLAGS)
            # MuPDF hands out a blank page for a page object it cannot load (one nested
            # 50,000 levels deep, say) and says so only in its warnings: a failed page too.
            problem = "" if raw.strip() else _load_error()
        except Exception as exc:  # one unreadable page must not lose the others
            raw, problem = "", _load_error() or _first_warning() or type(exc).__name__
        if problem:
            failed += 1
            reason = reason or problem
            pages.append("")
            continue
        page = normalise(raw.replace("\f", "\n")).strip("\n")
        if total + len(page) > limits.max_text_chars:
            page = page[: limits.max_text_chars - total]
            truncated = True
        total += len(page)
        pages.append(page)
    if failed == count:
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "PDF is damaged: no page can be read ({reason})").format(
                reason=reason or _first_warning()
            )
        )
    chars = sum(len("".join(p.split())) for p in pages)
    meta: dict[str, str] = {}
    info = doc.metadata or {}
    for key in _META_KEYS:
        value = normalise(str(info.get(key) or "")).strip()
        if value:
            meta[key] = value[:500]
    if doc.is_repaired:
        meta["repaired"] = "yes"
    if failed:
        meta["unreadable_pages"] = str(failed)
    if truncated:
        meta["truncated"] = "yes"
    title = _WORD_PREFIX.sub("", normalise(str(info.get("title") or "")).strip())[:500]
    date = normalise_date(info.get("creationDate")) or normalise_date(info.get("modDate"))
    return Extracted(
        title=title,
        text="\f".join(pages),
        date=date,
        pages=count,
        scanned=chars < SCANNED_CHARS_PER_PAGE * count and _has_images(doc),
        meta=meta,
    )
