"""The OCR engine: a page image in, its text and word boxes out.

Tesseract through tesserocr, the only module that imports it (lazily: without the `ocr`
extra this module still imports, and engine_info says what is missing). Where tesserocr
is not installed, PyMuPDF's built-in Tesseract is used instead (reader/indexing/ocr/pages.py):
three times slower (measured 3.7 vs 1.2 CPU s a real page) and without per-word
confidences.

A first pass runs with Tesseract's defaults; a page that gives few words or low confidence
is read again after cleaning (median filter, autocontrast, Sauvola thresholding), which is
what recovers bad photocopies: on those the default Otsu thresholding turns the page into
noise and Tesseract returns nothing while claiming confidence 95.

With several languages a page is not read with all of them at once (twice the CPU time of
one: Tesseract tries every model on the words it is unsure of) but with the one its stop
words name (reader/indexing/ocr/languages.py), told from a strip of the page read with
the first language and checked on the whole page's words; only the retries of a weak
page read with all of them, which find more words on noise.
"""

from __future__ import annotations

import os

# Before tesserocr (and the OpenMP runtime of a distribution-built libtesseract) loads:
# one thread per worker process, as the OCR runner starts several processes.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

from PIL import Image, ImageChops, ImageFilter, ImageOps

from reader.indexing.ocr import pages
from reader.indexing.ocr.languages import can_tell, page_language
from reader.indexing.ocr.tessdata import usable_languages
from reader.sentences import QT_TRANSLATE_NOOP

__all__ = ["Engine", "EngineUnavailable", "OcrPass", "OcrResult", "OcrWord", "engine_info"]

NOT_INSTALLED = QT_TRANSLATE_NOOP("Core", "OCR is not installed: pip install 'archive-reader[ocr]'")
NO_DATA = (
    "no Tesseract language data found (install tesseract-ocr-eng, or set ocr_tessdata in settings)"
)
BACKENDS = ("auto", "tesseract", "mupdf")
MIN_WORDS = 3  # fewer words than this after the first pass: read again
MIN_CONFIDENCE = 60.0  # a lower mean word confidence: read again
GOOD_WORD = 50.0  # the better pass is the one with more words at least this confident
PASS_TIMEOUT_MS = 120_000  # Tesseract gives up on one pass after this (noise can stall it)
# Sauvola's k for the retries: no one value suits every page. Measured on poor
# photocopies (ink 70-90 on paper 170-190, noise, blur, skew) after the cleaning: on a
# typed 11 pt page 0.5 kept 0.87 of the words and 0.34 (Tesseract's default) 0.85, with
# whole lines lost on some seeds; on 20 real PDF pages (9-11 pt) 0.34 kept 0.61 and 0.5
# only 0.38, down to 6 confident words on a page where 0.34 read 176. So both run.
SAUVOLA_KS = (0.5, 0.34)
# Part of the cache key: a change to how pages are cleaned or retried (the thresholds
# above, the filters) must make the cached pages stale, as a new engine version does.
# 2: several languages: a page is read with the one its stop words name (languages.py).
CLEANING_VERSION = 2
# What is read to tell a page's language (pages.text_strips): a strip of the middle half of
# the page, this share of its height (~4 lines), and a second one when the first holds
# too few stop words. Measured on the 20 real pages of bench_ocr, office scans: 0.11 of
# a page's CPU time, 18 pages told by the first strip and 2 by the second, none wrong (a
# strip across the page, 5% of its height: 18 told, 1 wrong, 1 not told; 8%: 0.14 of a
# page's time).
SAMPLE_SHARE = 0.08
SAMPLE_STRIPS = 2
# A re-read in the language the stop words name is kept unless it found fewer than half
# the confident words of the first. Not "the more confident words": a model without the
# page's accents reads "ete" for "été" just as confidently (on 12 office scans in French,
# German, Spanish the English pass had more such words on 3, though the page's own
# language found more of its words on all 12).
KEEP_REREAD = 0.5
MIN_SIDE = 16  # pixels: nothing readable in a smaller image (Tesseract refuses under 3)
TEN_K = 10_000
A4_SHORT_INCHES = 8.27


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word read: its text, its box (x0, y0, x1, y1) in 1/10000 of the image's width
    and height (so independent of dpi; the viewer scales to the page it draws), and
    Tesseract's confidence 0-100 (from the PyMuPDF fallback, which reports none, a score
    by the word's shape: 80 for letters or a number, 20 for other marks)."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float


@dataclass(frozen=True, slots=True)
class OcrPass:
    """One recognition a read ran: with which languages, of the whole page or of the strip
    that tells its language (`sample`), and Sauvola's k (0: Otsu on the page as it came)."""

    languages: tuple[str, ...]
    sample: bool
    sauvola_k: float


@dataclass(frozen=True, slots=True)
class OcrResult:
    """What a page gave: the text (NFC; words of a line joined by spaces, lines by "\\n",
    paragraphs by a blank line; "" when nothing was read), its words, their mean
    confidence (0 when no words), whether the cleaning retry ran, the wall-clock seconds
    the read took, the languages of the reading kept, and every pass run, in order."""

    text: str
    words: tuple[OcrWord, ...]
    confidence: float
    retried: bool
    seconds: float
    languages: tuple[str, ...] = ()
    passes: tuple[OcrPass, ...] = ()


class EngineUnavailable(Exception):
    """OCR cannot run here; the message says why, in words for the user."""


@cache
def _tesserocr() -> Any:
    """The tesserocr module, or None when it is not installed (or its library does not
    load). Held as Any: tesserocr ships no type information."""
    try:
        import tesserocr  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except (ImportError, OSError):
        return None
    return tesserocr


def _choose(backend: str) -> str:
    """The backend to use for `backend` ("auto" prefers tesserocr), or "" if none works."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown OCR backend {backend!r}; one of {', '.join(BACKENDS)}")
    if backend in ("auto", "tesseract") and _tesserocr() is not None:
        return "tesseract"
    if backend in ("auto", "mupdf") and pages.mupdf_ocr_available():
        return "mupdf"
    return ""


def _key(backend: str, languages: Sequence[str]) -> str:
    langs = "+".join(languages)
    if backend == "tesseract":
        version = str(_tesserocr().PyTessBaseAPI.Version()).split()[0]
        return f"tesseract-{version}/{langs}/{pages.OCR_DPI}dpi/c{CLEANING_VERSION}"
    return (
        f"mupdf-tesseract-{pages.mupdf_ocr_version()}/{langs}/{pages.OCR_DPI}dpi"
        f"/c{CLEANING_VERSION}"
    )


def _no_data(tessdata: Path | None) -> str:
    if tessdata is None:
        return NO_DATA
    return (
        f"no Tesseract language data in {tessdata} "
        "(install tesseract-ocr-eng, or set ocr_tessdata in settings)"
    )


def engine_info(
    tessdata: Path | None, languages: Sequence[str], *, backend: str = "auto"
) -> tuple[str, str]:
    """(key, problem): key like "tesseract-5.5.4/eng+fra/200dpi/c1" naming engine, version,
    languages and settings (it keys the OCR cache); problem "" when usable, else the
    user-facing reason and key "". Cheap (no engine start: the folder is listed, tesserocr
    imported, its version asked) and never hangs."""
    langs = usable_languages(tessdata, languages) if tessdata is not None else ()
    if not langs:
        return "", _no_data(tessdata)
    chosen = _choose(backend)
    if not chosen:
        return "", NOT_INSTALLED
    return _key(chosen, langs), ""


class Engine:
    """One engine per worker process; not thread-safe.

    `languages` are narrowed to those `tessdata` holds (tessdata.usable_languages), so
    the key says what is actually read. `backend` "auto" takes tesserocr where installed,
    else PyMuPDF's Tesseract; "tesseract" or "mupdf" insists on one.
    """

    key: str

    def __init__(self, tessdata: Path, languages: Sequence[str], *, backend: str = "auto") -> None:
        """Starts Tesseract with the first language (loads its model: ~0.1 s); another
        language is started the first time a page needs it. Raises EngineUnavailable with
        the reason when it cannot."""
        langs = usable_languages(tessdata, languages)
        if not langs:
            raise EngineUnavailable(_no_data(tessdata))
        chosen = _choose(backend)
        if not chosen:
            raise EngineUnavailable(NOT_INSTALLED)
        self.tessdata = tessdata
        self.languages = langs
        self.backend = chosen
        self.key = _key(chosen, langs)
        # Read a page with one language its stop words choose, not with all at once.
        self._chooses = chosen == "tesseract" and can_tell(langs)
        # Tesseract, one instance a language set read with (tens of MB a language).
        self._apis: dict[tuple[str, ...], Any] = {}
        self._closed = False
        if chosen == "tesseract":
            self._api(langs[:1] if self._chooses else langs)
        else:
            self._check_mupdf()

    def __enter__(self) -> Engine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def read(self, image: Image.Image) -> OcrResult:
        """The text and words of a page image (any mode; read as greyscale).

        First pass with Tesseract's defaults; if it gives fewer than 3 words or a mean
        confidence under 60, the cleaned image (median filter 3, autocontrast) is read
        again with Sauvola thresholding, once for each k of SAUVOLA_KS, and the best of
        the passes is kept: the one with most words of confidence >= 50 (the earliest of
        equals). So an empty result has always been retried, except for an image too small
        to hold text (under 16 px a side), not read at all.

        With several languages that all have stop words (languages.can_tell; Tesseract
        only) the first pass reads with the one language a strip of the page names
        (_sample_language; the first language when the strip says too little); if the
        page's words then name another, the page is read again with that one, and the
        re-read is kept unless it found far fewer confident words (KEEP_REREAD). The
        retries of a weak page read with all the languages at once, as other sets are
        read: on a noisy page the models together find more words than the page's own
        alone (measured on 12 poor copies in French, German, Spanish: 0.735 of the words
        against 0.686 with one language chosen a page). (The PyMuPDF backend reads with
        all too, and the other way round: a page binarised here first, the cleaned page
        left grey on its one retry; see _pass.)
        """
        started = time.perf_counter()
        grey = _greyscale(image)
        if min(grey.size) < MIN_SIDE:
            return OcrResult("", (), 0.0, False, time.perf_counter() - started)
        dpi = _dpi_of(grey)
        passes: list[OcrPass] = []
        if not self._chooses:
            best = self._read_with(self.languages, grey, dpi, passes)
            return replace(best, seconds=time.perf_counter() - started, passes=tuple(passes))
        first = self._sample_language(grey, dpi, passes) or self.languages[0]
        best = self._read_with((first,), grey, dpi, passes, retry_with=self.languages)
        told = "" if best.retried else page_language((w.text for w in best.words), self.languages)
        if told and told != first:
            again = self._read_with((told,), grey, dpi, passes, retry_with=self.languages)
            if _good_words(again) >= KEEP_REREAD * _good_words(best):
                best = again
        return replace(best, seconds=time.perf_counter() - started, passes=tuple(passes))

    def close(self) -> None:
        """Frees Tesseract's models (tens of MB a language). The engine is unusable after."""
        for api in self._apis.values():
            api.End()
        self._apis.clear()
        self._closed = True

    def _api(self, languages: tuple[str, ...]) -> Any:
        """The Tesseract instance for `languages`, started the first time it is asked for."""
        if self._closed:
            raise RuntimeError("the OCR engine was closed")
        api = self._apis.get(languages)
        if api is None:
            api = self._apis[languages] = _start_tesseract(self.tessdata, languages)
        return api

    def _read_with(
        self,
        languages: tuple[str, ...],
        grey: Image.Image,
        dpi: int,
        passes: list[OcrPass],
        *,
        retry_with: tuple[str, ...] = (),
    ) -> OcrResult:
        """The page read with `languages`: the first pass and, when it is weak, the retries
        of the cleaned page (see read), with the languages `retry_with` if given."""
        best = first = self._pass(grey, dpi, languages, passes)
        if not _weak(first):
            return replace(first, languages=languages)
        kept, again_with = languages, retry_with or languages
        cleaned = _cleaned(grey)
        for k in SAUVOLA_KS if self.backend == "tesseract" else SAUVOLA_KS[:1]:
            again = self._pass(cleaned, dpi, again_with, passes, sauvola_k=k)
            if _good_words(again) > _good_words(best):
                best, kept = again, again_with
        return replace(best, retried=True, languages=kept)

    def _sample_language(self, grey: Image.Image, dpi: int, passes: list[OcrPass]) -> str:
        """The language the page's stop words name, read with the first language from a
        strip of the page (the rows that look most like lines of text, pages.text_strips),
        and from a second strip when the first says too little (a table, a list of
        commands). "" when they say too little, or when a strip reads next to nothing: a
        bad copy, which the first pass will find weak too (see read)."""
        words: list[str] = []
        for strip in pages.text_strips(grey, dpi, SAMPLE_SHARE, SAMPLE_STRIPS):
            read = self._pass(strip, dpi, self.languages[:1], passes, sample=True)
            if len(read.words) < MIN_WORDS:
                return ""
            words += (w.text for w in read.words)
            told = page_language(words, self.languages)
            if told:
                return told
        return ""

    def _pass(
        self,
        image: Image.Image,
        dpi: int,
        languages: tuple[str, ...],
        passes: list[OcrPass],
        *,
        sample: bool = False,
        sauvola_k: float = 0.0,
    ) -> OcrResult:
        """One recognition of `image` with `languages`: Otsu thresholding (sauvola_k 0), or
        Sauvola with that k for a retry (of the cleaned image). Recorded in `passes`."""
        passes.append(OcrPass(languages, sample, sauvola_k))
        if self.backend == "tesseract":
            return _tesseract_pass(self._api(languages), image, dpi, sauvola_k=sauvola_k)
        if self._closed:
            raise RuntimeError("the OCR engine was closed")
        # MuPDF's Tesseract thresholds with Otsu and cannot be told otherwise; on a noisy
        # page it then reads hundreds of noise "words" for half a minute. So its first pass
        # reads an image binarised here (median, local-mean threshold: as good as the
        # plain page on clean scans, 0.92 of the words of poor photocopies) and its retry
        # the cleaned page left grey, for MuPDF's Otsu.
        if not sauvola_k:
            image = _local_threshold(image.filter(ImageFilter.MedianFilter(3)), dpi)
        found = pages.mupdf_ocr_words(image, "+".join(languages), self.tessdata, dpi)
        return _mupdf_result(found)

    def _check_mupdf(self) -> None:
        """Reads one word, as MuPDF fails silently (no text) rather than raising."""
        probe = pages.probe_image()
        try:
            words = pages.mupdf_ocr_words(probe, "+".join(self.languages), self.tessdata, 200)
        except Exception as error:  # MuPDF's own FzError* classes, not RuntimeError
            raise EngineUnavailable(
                QT_TRANSLATE_NOOP("Core", "PyMuPDF's OCR does not work here: {reason}").format(
                    reason=error
                )
            ) from error
        if not words:
            raise EngineUnavailable(
                QT_TRANSLATE_NOOP(
                    "Core", "PyMuPDF's OCR read nothing with the language data in {folder}; {then}"
                ).format(folder=self.tessdata, then=NOT_INSTALLED)
            )


def _start_tesseract(tessdata: Path, languages: Sequence[str]) -> Any:
    tess = _tesserocr()
    try:
        api = tess.PyTessBaseAPI(
            path=str(tessdata), lang="+".join(languages), init=True,
            psm=tess.PSM.AUTO, oem=tess.OEM.DEFAULT,
        )  # fmt: skip
    except RuntimeError as error:
        raise EngineUnavailable(
            QT_TRANSLATE_NOOP(
                "Core",
                "Tesseract could not start with {languages} from {folder}"
                " (a damaged .traineddata file?)",
            ).format(languages="+".join(languages), folder=tessdata)
        ) from error
    # Tesseract's notes ("Detected 12 diacritics") and Leptonica's complaints about noise
    # ("Error in pixScanForForeground") would go to every worker's stderr otherwise.
    api.SetVariable("debug_file", os.devnull)
    tess.set_leptonica_log_level(tess.LeptLogLevel.NONE)
    return api


def _greyscale(image: Image.Image) -> Image.Image:
    """`image` as mode "L" (pages.greyscale), no larger than pages.MAX_PIXELS, its
    resolution in info["dpi"] where known. The caller's image is left as it was."""
    grey = pages.greyscale(image)
    declared = image.info.get("dpi")
    if grey.width * grey.height > pages.MAX_PIXELS:
        scale = (pages.MAX_PIXELS / (grey.width * grey.height)) ** 0.5
        dpi = _dpi_of(image)
        grey = grey.resize((int(grey.width * scale), int(grey.height * scale)))
        declared = (dpi * scale, dpi * scale)
    if declared and grey is not image:
        grey.info["dpi"] = declared
    return grey


def _dpi_of(image: Image.Image) -> int:
    """The resolution the image declares, or a guess from its size (an A4-ish page)."""
    declared = image.info.get("dpi")
    if isinstance(declared, tuple) and declared and 70 <= float(declared[0]) <= 1200:
        return round(float(declared[0]))
    return max(70, min(600, round(min(image.size) / A4_SHORT_INCHES)))


def _cleaned(image: Image.Image) -> Image.Image:
    """A noisy page evened out for the retry. The median goes first: autocontrast after it
    stretches the paper-to-ink range, not the range of noise peaks (measured: autocontrast
    with a cutoff first, or before the median, makes Sauvola fail on the poor photocopies)."""
    return ImageOps.autocontrast(image.filter(ImageFilter.MedianFilter(3)))


def _local_threshold(image: Image.Image, dpi: int) -> Image.Image:
    """Ink where a pixel is darker than 85% of its neighbourhood's mean (Bradley-Roth),
    ~0.1 inch around: the PyMuPDF fallback's stand-in for Sauvola (measured on poor
    photocopies: 88% left noise, 80% thinned strokes)."""
    mean = image.filter(ImageFilter.BoxBlur(max(4, dpi // 10)))
    darker = ImageChops.subtract(mean.point(lambda v: v * 85 // 100), image)
    return darker.point(lambda v: 0 if v > 0 else 255)


def _weak(result: OcrResult) -> bool:
    return len(result.words) < MIN_WORDS or result.confidence < MIN_CONFIDENCE


def _good_words(result: OcrResult) -> int:
    return sum(1 for w in result.words if w.confidence >= GOOD_WORD)


def _tesseract_pass(api: Any, image: Image.Image, dpi: int, *, sauvola_k: float) -> OcrResult:
    """One recognition: Otsu thresholding (Tesseract's default) when sauvola_k is 0, else
    Sauvola with that k."""
    tess = _tesserocr()
    api.SetVariable("thresholding_method", "2" if sauvola_k else "0")
    if sauvola_k:
        api.SetVariable("thresholding_kfactor", str(sauvola_k))
    api.SetImageBytes(image.tobytes(), image.width, image.height, 1, image.width)
    api.SetSourceResolution(dpi)
    api.Recognize(PASS_TIMEOUT_MS)  # False on a timeout: what was read so far is kept
    try:
        return _walk(api.GetIterator(), tess.RIL, image.size)
    finally:
        api.Clear()


def _walk(iterator: Any, ril: Any, size: tuple[int, int]) -> OcrResult:
    """The words of a recognised page in reading order, and its text with line and
    paragraph breaks where Tesseract's layout put them."""
    if iterator is None:
        return OcrResult("", (), 0.0, False, 0.0)
    width, height = size
    words: list[OcrWord] = []
    parts: list[str] = []
    pending = 0  # the strongest break seen since the last word: 0 space, 1 line, 2 paragraph
    while True:
        if iterator.IsAtBeginningOf(ril.BLOCK) or iterator.IsAtBeginningOf(ril.PARA):
            pending = 2
        elif iterator.IsAtBeginningOf(ril.TEXTLINE):
            pending = max(pending, 1)
        text = "" if iterator.Empty(ril.WORD) else (iterator.GetUTF8Text(ril.WORD) or "")
        text = unicodedata.normalize("NFC", text.strip())
        box = iterator.BoundingBox(ril.WORD) if text else None
        if text and box is not None:
            if parts:
                parts.append((" ", "\n", "\n\n")[pending])
            parts.append(text)
            pending = 0
            words.append(OcrWord(text, _scaled(box, width, height), iterator.Confidence(ril.WORD)))
        if not iterator.Next(ril.WORD):
            break
    return _result(words, "".join(parts))


def _scaled(box: tuple[int, int, int, int], width: int, height: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return (
        min(TEN_K, round(x0 * TEN_K / width)),
        min(TEN_K, round(y0 * TEN_K / height)),
        min(TEN_K, round(x1 * TEN_K / width)),
        min(TEN_K, round(y1 * TEN_K / height)),
    )


def _result(words: list[OcrWord], text: str) -> OcrResult:
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrResult(text, tuple(words), confidence, False, 0.0)


def _mupdf_result(
    found: list[tuple[str, tuple[int, int, int, int], int, int, float]],
) -> OcrResult:
    words: list[OcrWord] = []
    parts: list[str] = []
    last: tuple[int, int] | None = None
    for raw, box, block, line, score in found:
        text = unicodedata.normalize("NFC", raw.strip())
        if not text:
            continue
        if last is not None:
            parts.append(" " if (block, line) == last else "\n" if block == last[0] else "\n\n")
        parts.append(text)
        last = (block, line)
        words.append(OcrWord(text, box, score))
    return _result(words, "".join(parts))
