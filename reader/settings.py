"""User settings: one dataclass with defaults, stored as TOML in the config dir (no Qt)."""

from __future__ import annotations

import dataclasses
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.paths import app_dirs

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.toml"


def _default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


@dataclass(slots=True)
class Limits:
    """Bounds on what one file may cost; a file over them fails alone with the reason."""

    file_seconds: float = 60.0  # wall time per file in a worker before it is killed
    worker_memory_mb: int = 1536  # address-space cap per worker process (Linux)
    # A worker whose peak memory passed this is replaced once its queued files are done
    # (one runs at ~100 MB on ordinary files; up to 8 workers run at once).
    worker_retire_mb: int = 384
    max_read_bytes: int = 256 * 1024 * 1024  # larger files are catalogued, not read
    max_text_chars: int = 8_000_000  # text kept per document for the index
    zip_member_bytes: int = 16 * 1024 * 1024  # text read from one zip member
    zip_total_bytes: int = 64 * 1024 * 1024  # text read from all members of a zip
    zip_max_ratio: int = 100  # compression ratio above which a member is a bomb
    image_max_pixels: int = 200_000_000


def _default_ocr_workers() -> int:
    # One core is left to the window and the rest of the machine: OCR runs for hours.
    return max(1, min((os.cpu_count() or 1) - 1, 8))


@dataclass(slots=True)
class OcrSettings:
    """Reading pictures of text (scanned pages, page images) with OCR."""

    enabled: bool = True  # the window reads them in the background once indexing is done
    languages: list[str] = field(default_factory=lambda: ["eng"])
    tessdata: str = ""  # a folder of <language>.traineddata files; "" looks in the usual places
    workers: int = field(default_factory=_default_ocr_workers)
    page_seconds: float = 120.0  # a page that takes longer is given up (and said so)
    memory_mb: int = 1536  # address-space cap per OCR process (Linux)


@dataclass(slots=True)
class WindowState:
    """What the window showed when it was closed, shown again at the next start.

    Kept here rather than in Qt's window.ini (geometry and splitter only): it is the app's
    own data, typed and readable without Qt.
    """

    side_tab: str = "search"  # "search", "browse" or "library"
    sort: str = "relevance"
    pdf_fit: str = "width"  # "width", "page", or "" for the zoom below
    pdf_zoom: float = 1.0
    html_zoom: int = 0  # points added to the normal font size
    text_zoom: int = 0
    image_zoom: float = 0.0  # the image viewer's scale; 0 when it fits the window
    # The last document, at its place; "" when none was shown.
    document_volume: str = ""
    document_path: str = ""
    document_page: int = 0  # PDF page, 1-based; 0 for none
    document_offset: int = 0  # HTML and text: the character shown at the top


@dataclass(slots=True)
class Settings:
    """Everything the user can change, with defaults that suit a 2-core laptop."""

    workers: int = field(default_factory=_default_workers)
    # Workers are replaced after this many files, or sooner when their memory grew (see
    # Limits.worker_retire_mb). A restart costs ~0.1 s of CPU (the libraries warm up
    # again): every 2,000 files that was 6% of all indexing CPU.
    tasks_per_worker: int = 20_000
    # Files per catalogue + index commit, or batch_seconds, whichever comes first. Each
    # commit stalls the writer and adds a segment to merge: on 10,000 generated files,
    # 1,000 per commit took 6.3 s and 10,000 (so about one commit per 5 s) 5.6 s.
    batch_files: int = 10_000
    batch_seconds: float = 5.0
    # A disc's ready-made index is searched where it lies (nothing copied, the disc must
    # be in to search); True copies it to this computer (searchable with no disc in).
    copy_published_index: bool = False
    limits: Limits = field(default_factory=Limits)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    last_archive: str = "default"
    recent_paths: list[str] = field(default_factory=list)
    # Documents' colours (View → Reading Colours): "system" follows the desktop's light or
    # dark scheme; "light" and "dark" choose one whatever it is (docs/reading-colours.md).
    reading_colours: str = "system"
    # In dark mode, PDF pages drawn inverted (white paper turned dark); off by default, as
    # scans and photographs look wrong inverted.
    invert_pdf_pages: bool = False
    # The window's language (Edit → Preferences, from the next start): "" follows the
    # system's, "en" English, "fr" French (docs/translations.md).
    interface_language: str = ""
    window: WindowState = field(default_factory=WindowState)


def settings_path() -> Path:
    return app_dirs().config / SETTINGS_FILE


def _from_dict(cls: Any, data: dict[str, Any]) -> Any:
    """Build a dataclass from TOML data, ignoring unknown keys and keeping defaults."""
    obj = cls()
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        current = getattr(obj, f.name)
        if dataclasses.is_dataclass(current) and isinstance(value, dict):
            value = _from_dict(type(current), value)
        elif type(current) is not type(value) and not (
            isinstance(current, float) and isinstance(value, int)
        ):
            log.warning("settings: ignoring %s=%r (expected %s)", f.name, value, type(current))
            continue
        setattr(obj, f.name, value)
    return obj


def load() -> Settings:
    """Read the settings file; a missing or broken file gives the defaults (logged)."""
    path = settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        log.warning("settings: cannot read %s (%s); using defaults", path, exc)
        return Settings()
    settings: Settings = _from_dict(Settings, data)
    return settings


def save(settings: Settings) -> None:
    """Write atomically, so a crash never leaves half a settings file."""
    _write(settings_path(), dataclasses.asdict(settings))


def _write(path: Path, data: dict[str, Any]) -> None:
    import tomli_w  # imported here: only a save writes TOML, and most starts only read it

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def save_window_state(settings: Settings, state: WindowState) -> None:
    """Keep `state` in `settings` and in the file, leaving the file's other values as they
    are there: the window saves this at every close, and must not undo what the user wrote
    into the file meanwhile. A file that cannot be read is left alone (logged)."""
    settings.window = state
    path = settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = dataclasses.asdict(settings)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        log.warning("settings: cannot read %s (%s); window state not saved", path, exc)
        return
    data["window"] = dataclasses.asdict(state)
    _write(path, data)
