"""The written fold table is the one Python's Unicode database gives (rough_fold's offsets
and what it folds depend on it)."""

from __future__ import annotations

from reader.search.analysis import one_to_one_fold, rough_fold
from reader.search.fold_table import FOLD


def test_the_written_fold_table_is_the_computed_one() -> None:
    assert one_to_one_fold() == FOLD, (
        "run: python packaging/fold_table.py > reader/search/fold_table.py"
    )


def test_rough_fold_keeps_every_offset_and_folds_case_and_accents() -> None:
    text = "Élévation ÇA Straße naïve ΣΟΦΙΑ"
    folded = rough_fold(text)
    assert len(folded) == len(text)
    assert folded == "elevation ca straße naive σοφια"
