"""Extractors, one module per format; extract() dispatches and makes any failure an ExtractError."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from reader.model import Extracted, ExtractError, Kind
from reader.sentences import QT_TRANSLATE_NOOP
from reader.settings import Limits

Extractor = Callable[[str, bytes, Limits], Extracted]

# Imported on first use so that importing reader.indexing.extract stays cheap (no MuPDF, Pillow or
# lexbor) for processes that only need the helpers; worker pools can import PRELOAD up front.
_EXTRACTORS: dict[Kind, tuple[str, str]] = {
    Kind.HTML: ("reader.indexing.extract.html", "extract_html"),
    Kind.TXT: ("reader.indexing.extract.text", "extract_txt"),
    Kind.PDF: ("reader.indexing.extract.pdf", "extract_pdf"),
    Kind.IMAGE: ("reader.indexing.extract.image", "extract_image"),
    Kind.ZIP: ("reader.indexing.extract.zips", "extract_zip"),
    Kind.OTHER: ("reader.indexing.extract.other", "extract_other"),
}
PRELOAD: tuple[str, ...] = tuple(sorted({module for module, _ in _EXTRACTORS.values()}))


def extractor(kind: Kind) -> Extractor:
    """The extractor function for ``kind`` (unknown kinds get the "other" extractor)."""
    module, function = _EXTRACTORS.get(kind, _EXTRACTORS[Kind.OTHER])
    found: Extractor = getattr(importlib.import_module(module), function)
    return found


def extract(kind: Kind, name: str, data: bytes, limits: Limits) -> Extracted:
    """Read one file's bytes with the extractor for ``kind``.

    Raises ExtractError (with a short sentence for the user) for a file that cannot be read;
    nothing else escapes for bad input.
    """
    reader = extractor(kind)
    try:
        return reader(name, data, limits)
    except ExtractError:
        raise
    except MemoryError as exc:
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "{kind} file needs too much memory to read").format(kind=kind)
        ) from exc
    except RecursionError as exc:
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "{kind} file is nested too deeply to read").format(kind=kind)
        ) from exc
    except Exception as exc:
        lines = str(exc).strip().splitlines()
        detail = f"{type(exc).__name__}: {lines[0][:200]}" if lines else type(exc).__name__
        raise ExtractError(
            QT_TRANSLATE_NOOP("Core", "cannot read {kind} file: {detail}").format(
                kind=kind, detail=detail
            )
        ) from exc


__all__ = ["PRELOAD", "ExtractError", "Extracted", "Kind", "extract", "extractor"]
