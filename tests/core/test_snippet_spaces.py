"""A snippet's text has each run of whitespace made one space, and its marks still cover
the very words they marked (reader.store.documents.collapse_spaces)."""

from __future__ import annotations

import random

from reader.store.documents import collapse_spaces

SPACES = (" ", "  ", "\n", " \n\t ", "\u00a0", "\f", "   \u3000 ", "\r\n\r\n")


def _text(rnd: random.Random) -> tuple[str, list[tuple[int, int]]]:
    text = rnd.choice(("", " ", "\n  "))
    words: list[tuple[int, int]] = []
    for _ in range(rnd.randint(1, 14)):
        word = "".join(rnd.choice("abcé—x7") for _ in range(rnd.randint(1, 7)))
        words.append((len(text), len(text) + len(word)))
        text += word + rnd.choice(SPACES)
    return (text.rstrip() if rnd.random() < 0.5 else text), words


def test_runs_of_whitespace_become_one_space_and_marks_keep_their_words() -> None:
    rnd = random.Random(13)
    for _ in range(3000):
        text, words = _text(rnd)
        marks = []
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randrange(len(words))
            j = min(len(words) - 1, i + rnd.randint(0, 2))  # a phrase of up to three words
            marks.append((words[i][0], words[j][1]))
        snippet = collapse_spaces(text, sorted(marks))
        assert snippet.text == " ".join(text.split())
        shown = [snippet.text[a:b] for a, b in snippet.marks]
        assert shown == [" ".join(text[a:b].split()) for a, b in sorted(marks)], text


def test_a_mark_in_the_spaces_only_is_dropped_and_one_reaching_into_them_is_trimmed() -> None:
    text = "alpha \n\n  beta"
    snippet = collapse_spaces(text, [(6, 9), (0, 8), (7, 14)])
    assert snippet.text == "alpha beta"
    assert [snippet.text[a:b] for a, b in snippet.marks] == ["alpha", "beta"]
