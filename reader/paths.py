"""Every directory the app writes to comes from here; one --basedir moves them all."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "archive-reader"
BASEDIR_ENV = "ARCHIVE_READER_BASEDIR"


@dataclass(frozen=True, slots=True)
class AppDirs:
    """The app's config, data, cache and log directories."""

    config: Path
    data: Path
    cache: Path
    log: Path

    @property
    def archives(self) -> Path:
        """Folder holding one folder per archive."""
        return self.data / "archives"

    def archive_dir(self, name: str) -> Path:
        """Folder holding one archive's catalogue and full-text index."""
        return self.archives / name

    @property
    def opened_copies(self) -> Path:
        """Copies of documents handed to the system's viewer (never the archive's file);
        emptied when the window starts and closes."""
        return self.cache / "opened"

    @property
    def window_state(self) -> Path:
        """The window's size, splitter and panel positions (Qt's own format)."""
        return self.config / "window.ini"

    @property
    def log_file(self) -> Path:
        """The window's log (rotated: archive-reader.log.1, .2, .3 are the older ones)."""
        return self.log / "archive-reader.log"

    @property
    def crash_file(self) -> Path:
        """Where a crash in native code leaves the Python stack of every thread
        (faulthandler: the log file's handler cannot run then)."""
        return self.log / "crash.log"

    def ensure(self) -> AppDirs:
        for d in (self.config, self.data, self.cache, self.log):
            d.mkdir(parents=True, exist_ok=True)
        return self


def set_basedir(basedir: str | os.PathLike[str] | None) -> None:
    """Put config, data, cache and log under one folder (tests, portable installs).

    Stored in the environment so that worker and child processes see the same folders.
    """
    if basedir:
        os.environ[BASEDIR_ENV] = str(Path(basedir).expanduser().resolve())
    else:
        os.environ.pop(BASEDIR_ENV, None)


def app_dirs() -> AppDirs:
    """The directories in force: --basedir / $ARCHIVE_READER_BASEDIR, else the platform's."""
    if os.environ.get(BASEDIR_ENV):
        base = Path(os.environ[BASEDIR_ENV]).expanduser().resolve()
        return AppDirs(
            config=base / "config", data=base / "data", cache=base / "cache", log=base / "log"
        )
    # Imported here: with --basedir it is not needed, and it costs ~5 ms at every start.
    import platformdirs

    return AppDirs(
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        # The platform's place for logs, which cache cleaners leave alone (~/.local/state
        # on Linux, ~/Library/Logs on macOS).
        log=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
