"""What the core says to a person, marked so that the window can say it in the user's language.

The core is free of Qt and speaks English: the command line prints its sentences as they are.
A sentence that can reach the window (a search warning, why a file failed, a note of an
indexing run, why a disc cannot be opened) is written

    QT_TRANSLATE_NOOP("Core", "{name} is encrypted").format(name=name)

pyside6-lupdate knows that name: it reads the template into the window's catalogue under
the context "Core" (docs/translations.md). The window recognises a finished sentence by its
template, wherever it comes from (an exception, a failure reason stored in the catalogue by
an earlier run), and says it again from the translation (reader.gui.core_text).

So that a sentence can be recognised: values go in named placeholders filled by
`.format()` (never an f-string: its text is not the template), and a template has words of
its own besides its placeholders.
"""

from __future__ import annotations

CORE = "Core"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` as a sentence of `context` ("Core") for the window's catalogue; returns
    it unchanged (the core always speaks English)."""
    return text


def counted(n: int, one: str, many: str) -> str:
    """`n` with its noun: `one` ("{n:,} file") for 1, else `many` ("{n:,} files").

    Both forms are marked templates of their own, so the window recognises each and says it
    with its language's form (a French window says "0 fichiers" for English's "0 files",
    which is close enough for a count in a sentence)."""
    return (one if n == 1 else many).format(n=n)
