"""Where Tesseract's language data (.traineddata files) is, and which languages it holds.

No heavy imports: the settings dialog and the OCR queue ask these questions cheaply. The
folder is read directly, never through tesserocr: its get_languages() without a valid
path can spin for minutes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGES",
    "SYSTEM_PLACES",
    "find_tessdata",
    "languages_in",
    "usable_languages",
]

DEFAULT_LANGUAGES: tuple[str, ...] = ("eng",)
SUFFIX = ".traineddata"
# Data files that are not languages one reads text in: orientation/script detection and
# the old equation model.
NOT_LANGUAGES = frozenset({"osd", "equ"})
SYSTEM_PLACES: tuple[str, ...] = (
    "/usr/share/tesseract-ocr/5/tessdata",  # Debian, Ubuntu (tesseract 5)
    "/usr/share/tesseract-ocr/4.00/tessdata",  # Debian, Ubuntu (tesseract 4)
    "/usr/share/tessdata",  # Fedora, Arch
    "/usr/local/share/tessdata",  # built from source, Homebrew on Intel
    "/opt/homebrew/share/tessdata",  # Homebrew on Apple silicon
    r"C:\Program Files\Tesseract-OCR\tessdata",  # the UB Mannheim installer
)


def languages_in(folder: Path) -> list[str]:
    """The languages whose data `folder` holds (sorted; osd and equ left out). Empty files
    do not count: Tesseract cannot start with one."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found = set()
    for entry in entries:
        name = entry.name
        if not name.endswith(SUFFIX) or name[: -len(SUFFIX)] in NOT_LANGUAGES:
            continue
        try:
            if entry.is_file() and entry.stat().st_size > 0:
                found.add(name[: -len(SUFFIX)])
        except OSError:  # a dangling symlink, a file we may not read
            continue
    return sorted(found)


def usable_languages(folder: Path, wanted: Sequence[str]) -> tuple[str, ...]:
    """The wanted languages `folder` has, in the order asked, each once; English alone when
    none of them is there but English is; () when nothing usable is."""
    present = set(languages_in(folder))
    usable = tuple(dict.fromkeys(lang.strip() for lang in wanted if lang.strip() in present))
    if usable:
        return usable
    return ("eng",) if "eng" in present else ()


def _candidates(configured: str) -> Iterator[Path]:
    """Folders to try, most specific first."""
    if configured.strip():
        folder = Path(configured.strip()).expanduser()
        yield folder
        yield folder / "tessdata"
    prefix = os.environ.get("TESSDATA_PREFIX", "").strip()
    if prefix:
        # Tesseract 4+ reads the folder itself; 3.x wanted its parent. Both are in use.
        yield Path(prefix).expanduser()
        yield Path(prefix).expanduser() / "tessdata"
    if getattr(sys, "frozen", False):
        bundled = getattr(sys, "_MEIPASS", "")
        if bundled:
            yield Path(bundled) / "tessdata"
        yield Path(sys.executable).resolve().parent / "tessdata"
    for place in SYSTEM_PLACES:
        yield Path(place)


def find_tessdata(configured: str = "") -> Path | None:
    """The folder of .traineddata files: the configured one (settings), then $TESSDATA_PREFIX
    (both the folder itself and its tessdata/ child), a folder `tessdata` beside a frozen app
    (sys._MEIPASS when frozen), then the usual system places (/usr/share/tesseract-ocr/5/tessdata,
    /usr/share/tesseract-ocr/4.00/tessdata, /usr/share/tessdata, /usr/local/share/tessdata,
    /opt/homebrew/share/tessdata, C:\\Program Files\\Tesseract-OCR\\tessdata). First one holding
    at least one <lang>.traineddata other than osd wins."""
    for folder in _candidates(configured):
        if languages_in(folder):
            return folder
    return None
