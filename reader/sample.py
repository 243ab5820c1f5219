"""The bundled sample archive: a small real-looking archive shipped in reader.resources."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from reader.sentences import QT_TRANSLATE_NOOP


class SampleMissingError(FileNotFoundError):
    """This installation carries no sample archive."""


def sample_archive_path() -> Path:
    """Folder of the sample archive (read-only; it is indexed like any other disc)."""
    folder = Path(str(resources.files("reader.resources").joinpath("sample", "SAMPLE_ARCHIVE")))
    if not folder.is_dir():
        raise SampleMissingError(
            QT_TRANSLATE_NOOP("Core", "the sample archive is not installed ({folder})").format(
                folder=folder
            )
        )
    return folder
