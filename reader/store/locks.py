"""Who holds an index's writer: written beside tantivy's own lock, so that the one refused
can say who holds it and since when."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

from reader.processes import pid_alive
from reader.sentences import QT_TRANSLATE_NOOP

WRITER_FILE = "writer.json"
WINDOW = QT_TRANSLATE_NOOP("Core", "the window")
_COMMANDS = ("index", "publish", "gui")


def _read(folder: Path) -> tuple[int, str, float] | None:
    try:
        data = json.loads((folder / WRITER_FILE).read_text(encoding="utf-8"))
        return int(data["pid"]), str(data["program"]), float(data["since"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def writer_holder(folder: Path) -> str:
    """Who holds the index's writer, as far as its writer.json says (and is alive)."""
    found = _read(folder)
    if found is None:
        return QT_TRANSLATE_NOOP("Core", "another Archive Reader is indexing this archive")
    pid, program, since = found
    if not pid_alive(pid):
        return QT_TRANSLATE_NOOP(
            "Core",
            "another Archive Reader was indexing this archive and may not have ended cleanly",
        )
    started = time.strftime("%H:%M", time.localtime(since))
    who = program if program == WINDOW else f"`{program}`"
    return QT_TRANSLATE_NOOP(
        "Core", "this archive is being indexed by {who} (process {pid}, since {time})"
    ).format(who=who, pid=pid, time=started)


def live_writer(folder: Path) -> str | None:
    """Who is writing the index now, when its writer.json names a running process; else None.

    Checked before the index or the catalogue is rebuilt: what looks broken to a reader may
    be another process's run half-way through.
    """
    found = _read(folder)
    if found is None or not pid_alive(found[0]):
        return None
    return writer_holder(folder)


def _program() -> str:
    """This process as the user started it: "archive-reader index", or "the window"."""
    argv = sys.argv or ["python"]
    name = Path(argv[0]).name
    if name in ("__main__.py", "-m", "-c", ""):  # python -m reader ...
        name = "archive-reader"
    command = next((a for a in argv[1:] if a in _COMMANDS), "")
    no_command = name == "archive-reader" and not command  # opens the window
    if name.endswith(("-gui", "gui_main")) or command == "gui" or no_command:
        return WINDOW
    return f"{name} {command}".strip()


def claim_writer(folder: Path) -> None:
    data = {"pid": os.getpid(), "program": _program(), "since": time.time()}
    tmp = folder / (WRITER_FILE + ".tmp")
    with contextlib.suppress(OSError):
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, folder / WRITER_FILE)


def release_writer(folder: Path) -> None:
    with contextlib.suppress(OSError):
        (folder / WRITER_FILE).unlink()
