"""A text without CJK letters is marked with the plain pattern, cheap to compile; a text
with them with the CJK-aware one. Both must mark the same words wherever both apply."""

from __future__ import annotations

import subprocess
import sys

from reader.search.analysis import rough_fold, terms_for

QUERIES = ("elevation", '"matrix of nodes"', "surveil*", "straße naïve", "git", "of nodes")
TEXTS = (
    "ÉLÉVATION, Élévation and Elevation; ŒUVRE Straße STRASSE élan ÉLAN.",
    "The élévation of the matrix of nodes; elevations, ELEVATED and gitrevisions git.",
    "matrix_of nodes, matrix-of-nodes, matrix  of\nnodes, surveillance surveil Surveiller.",
    "Strasse STRASSE straße naive NAÏVE naïveté 2019elevation elevation2019 x_elevation",
)


def test_the_three_patterns_find_the_same_candidates_in_a_latin_text() -> None:
    """The lower-cased ASCII scan over the folded text (what every text once had), the scan
    of the text as written and the CJK-aware one stop at the same words."""
    for query in QUERIES:
        terms = terms_for(query)
        found = 0
        for text in TEXTS:
            ascii_pattern = terms._ascii_pattern
            assert ascii_pattern is not None
            folded = [m.span() for m in ascii_pattern.finditer(rough_fold(text))]
            for pattern in (terms._latin_pattern, terms._cjk_pattern):
                assert pattern is not None
                assert [m.span() for m in pattern.finditer(text)] == folded, (query, text)
            found += len(terms.marks(text))
        assert found, query


def test_a_latin_text_is_marked_without_compiling_the_cjk_class() -> None:
    terms = terms_for('elevation "matrix of nodes"')
    marks = terms.marks(TEXTS[1])
    assert [TEXTS[1][m.start : m.end] for m in marks] == [
        "élévation", "matrix of nodes", "elevations", "ELEVATED",
    ]  # fmt: skip
    assert "_cjk_pattern" not in vars(terms)  # the cached property was never computed


def test_a_word_after_cjk_letters_is_still_marked() -> None:
    text = "硬件elevation与 matrix of nodes说明"
    marks = terms_for('elevation "matrix of nodes"').marks(text)
    assert [text[m.start : m.end] for m in marks] == ["elevation", "matrix of nodes"]


def test_starting_a_search_and_marking_latin_text_compiles_no_cjk_class() -> None:
    """Each start of `archive-reader search` paid milliseconds for it (issue 13); a Latin
    text with a fullwidth bracket or an ideographic space needs none either."""
    text = "Naïve: a matrix of nodes 〈x〉, élévation\u3000end"
    probe = (
        "import re, sys, reader.search.engine, reader.cli.main\n"
        "from reader.search.analysis import terms_for\n"
        "from reader.store.words import CJK_CHARS\n"
        "marks = terms_for('naïve \"matrix of nodes\"').marks(sys.argv[1])\n"
        "big = [p for p in re._cache if CJK_CHARS[:3] in str(p[1])]\n"
        "print(len(marks), len(big))\n"
    )
    run = [sys.executable, "-c", probe, text]
    out = subprocess.run(run, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "0"]  # naïve, the phrase; no CJK class compiled
