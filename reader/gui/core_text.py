"""The core's English sentences, said in the window's language.

The core speaks English and marks each sentence that can reach the window with its template
(reader/sentences.py). What arrives here is the finished sentence: an exception's text, a
failure reason an earlier run stored in the catalogue, a note of an indexing run. It is
recognised by matching the templates (their words literally, each placeholder as any text),
and written again from the translation with the same values, each value recognised in turn
(a reason inside "Cannot read {file}: {reason}" is a sentence too). A text no template
matches (a library's own message, an older wording) is shown as it came.

The translations come from `core_sentences_<lang>.json` beside the window's .qm files, built
from the same .ts by `make qm` (packaging/core_sentences.py): a QTranslator finds a text by
its template, never the template of a finished text, so the window needs the list itself.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

log = logging.getLogger(__name__)

#: Values nest (a reason in a sentence in a sentence): deep enough for what the core says.
MAX_DEPTH = 4
#: Finished sentences remembered with their translation (~0.1 ms each to match).
MEMO_SIZE = 4096


def _fields(template: str) -> list[tuple[str, str | None]]:
    """The template's pieces: (literal text, placeholder name or None), specs dropped."""
    return [(literal, name) for literal, name, _spec, _conv in Formatter().parse(template)]


def _pattern(template: str) -> re.Pattern[str]:
    """What the template's sentences look like. A placeholder with a number's format
    ("{n:,} files") stands for a number only, so that "{n:,} file" does not claim "my file"."""
    parts: list[str] = []
    seen: set[str] = set()
    for literal, name, spec, _conv in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is None:
            continue
        if name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            value = r"-?\d[\d,.]*" if spec else ".+?"
            parts.append(f"(?P<{name}>{value})")
    return re.compile("".join(parts), re.DOTALL)


@dataclass(frozen=True)
class _Sentence:
    pattern: re.Pattern[str]
    translation: list[tuple[str, str | None]]


class CoreSentences:
    """Recognises the core's sentences and says them from a translation table."""

    def __init__(self, translations: dict[str, str]) -> None:
        sentences: list[tuple[int, _Sentence]] = []
        for template, translated in translations.items():
            words = sum(len(literal.strip()) for literal, _ in _fields(template))
            if not words or not translated:
                continue  # a bare "{reason}" would claim every text
            sentences.append((words, _Sentence(_pattern(template), _fields(translated))))
        # The template with the most words of its own first: "{disc}: {reason}" must not
        # claim a sentence a longer template says exactly.
        sentences.sort(key=lambda pair: -pair[0])
        self._sentences = [s for _, s in sentences]
        # Reasons repeat (a thousand failed files, a few reasons): each is matched once.
        self._said: dict[str, str] = {}

    def say(self, text: str, depth: int = 0) -> str:
        if depth > MAX_DEPTH or not text:
            return text
        if depth:
            return self._say(text, depth)
        known = self._said.get(text)
        if known is None:
            known = self._say(text, 0)
            if len(self._said) < MEMO_SIZE:
                self._said[text] = known
        return known

    def _say(self, text: str, depth: int) -> str:
        for sentence in self._sentences:
            match = sentence.pattern.fullmatch(text)
            if match is None:
                continue
            values = {k: self.say(v, depth + 1) for k, v in match.groupdict().items()}
            return "".join(
                literal + ("" if name is None else values.get(name, ""))
                for literal, name in sentence.translation
            )
        return text


class _Installed:
    """The table in use; one per application, as its translators are."""

    sentences: CoreSentences | None = None


def install(table: Path | None) -> None:
    """Say the core's sentences from the translation table at `table` (None: in English)."""
    _Installed.sentences = None
    if table is None:
        return
    try:
        translations = json.loads(table.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("the core's sentences stay English: %s: %s", table, exc)
        return
    _Installed.sentences = CoreSentences({str(k): str(v) for k, v in translations.items()})


def said(text: object) -> str:
    """`text` (a sentence of the core, or an exception carrying one) in the window's
    language; as it is when the window speaks English or no template matches."""
    plain = str(text)
    sentences = _Installed.sentences
    return plain if sentences is None else sentences.say(plain)
