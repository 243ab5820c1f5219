"""Text for a terminal: names and snippets from an archive can hold control characters."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.documents import Snippet

BOLD, PLAIN = "\x1b[1m", "\x1b[0m"
# C0 and C1 controls and DEL: an archive's file name or text holding ESC ] 0 ; ... BEL would
# set the terminal's title, ESC [ 31 m its colours.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """`text` with every control character shown as an escape (\\x1b), never sent raw."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def snippet_line(snippet: Snippet, *, bold: bool) -> str:
    """A snippet on one line, its matches bold on a terminal (plain text elsewhere)."""
    before, after = (BOLD, PLAIN) if bold else ("", "")
    return snippet.render(safe, before, after)


class CtrlC:
    """From now until `restore()`, Ctrl+C asks the run to stop (its cancel check,
    `is_set`) instead of raising KeyboardInterrupt in the middle of a write."""

    def __init__(self) -> None:
        import signal  # imported here: only the commands that write catch Ctrl+C
        import threading

        self._event = threading.Event()
        self._previous = signal.signal(signal.SIGINT, lambda signum, frame: self._event.set())

    def is_set(self) -> bool:
        return self._event.is_set()

    def restore(self) -> None:
        import signal

        signal.signal(signal.SIGINT, self._previous)
