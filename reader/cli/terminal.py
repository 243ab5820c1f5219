"""Text for a terminal: names and snippets from an archive can hold control characters."""

from __future__ import annotations

import re

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
