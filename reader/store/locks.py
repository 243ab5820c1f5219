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

WRITER_FILE = "writer.json"


def writer_holder(folder: Path) -> str:
    """Who holds the index's writer, as far as its writer.json says (and is alive)."""
    try:
        data = json.loads((folder / WRITER_FILE).read_text(encoding="utf-8"))
        pid, program, since = int(data["pid"]), str(data["program"]), float(data["since"])
    except (OSError, ValueError, KeyError, TypeError):
        return "another Archive Reader is indexing this archive"
    if not pid_alive(pid):
        return "another Archive Reader was indexing this archive and may not have ended cleanly"
    started = time.strftime("%H:%M", time.localtime(since))
    who = "the window" if program.endswith(("-gui", "gui_main")) else f"`{program}`"
    return f"this archive is being indexed by {who} (process {pid}, since {started})"


def claim_writer(folder: Path) -> None:
    program = " ".join([Path(sys.argv[0]).name if sys.argv else "python", *sys.argv[1:2]])
    data = {"pid": os.getpid(), "program": program.strip(), "since": time.time()}
    tmp = folder / (WRITER_FILE + ".tmp")
    with contextlib.suppress(OSError):
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, folder / WRITER_FILE)


def release_writer(folder: Path) -> None:
    with contextlib.suppress(OSError):
        (folder / WRITER_FILE).unlink()
