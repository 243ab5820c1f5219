"""Several OCR languages: a page is read with the one language its stop words name, not with
all of them at once. Real Tesseract on pages made by tests/scans.py; the stop-word choice
on words as a pass reads them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from reader.indexing.ocr.engine import Engine, OcrPass, OcrResult
from reader.indexing.ocr.languages import SHARED, STOP_WORDS, can_tell, page_language
from reader.indexing.ocr.pages import pdf_page_image
from reader.indexing.ocr.tessdata import find_tessdata, languages_in
from tests.scans import PARAGRAPHS, Quality, scan_pdf

pytest.importorskip("tesserocr")

FOUR = ("eng", "fra", "deu", "spa")
ACCENTED = ("été", "déjà", "réunion", "révisé", "régionale")


@pytest.fixture(scope="module")
def tessdata() -> Path:
    found = find_tessdata()
    assert found is not None, "no Tesseract language data: run `make system-deps`"
    missing = set(FOUR) - set(languages_in(found))
    assert not missing, f"language data missing for {missing}: run `make system-deps`"
    return found


@pytest.fixture(scope="module")
def four(tessdata: Path):
    with Engine(tessdata, FOUR) as ocr:
        yield ocr


def _page(language: str, quality: Quality = "office") -> Image.Image:
    return pdf_page_image(scan_pdf([PARAGRAPHS[language]], quality), 1)


def _page_reads(result: OcrResult) -> list[OcrPass]:
    """The passes that read the whole page (not the strip that tells its language)."""
    return [p for p in result.passes if not p.sample]


def _found(result: OcrResult, lines: list[str]) -> float:
    read = {w.casefold() for w in re.findall(r"[^\W\d_]+", result.text)}
    wanted = [w.casefold() for line in lines for w in re.findall(r"[^\W\d_]+", line)]
    return sum(w in read for w in wanted) / len(wanted)


def test_an_english_page_is_read_once_with_english_alone(four: Engine):
    result = four.read(_page("eng"))
    assert result.languages == ("eng",)
    assert {p.languages for p in result.passes} == {("eng",)}
    assert _page_reads(result) == [OcrPass(("eng",), sample=False, sauvola_k=0.0)]
    assert result.passes[0].sample  # a strip told the language first
    assert _found(result, PARAGRAPHS["eng"]) >= 0.95


def test_a_french_page_is_read_with_french_and_keeps_its_accents(tessdata: Path, four: Engine):
    page = _page("fra")
    result = four.read(page)
    assert result.languages == ("fra",)
    assert [p.languages for p in _page_reads(result)] == [("fra",)]  # read once, in French
    assert {"été", "déjà"} <= set(result.text.split())
    with Engine(tessdata, ["eng"]) as english:
        alone = english.read(page)
    # English alone has no "à": "deja", and fewer of the accented words right.
    assert "déjà" not in alone.text
    assert sum(w in alone.text for w in ACCENTED) < sum(w in result.text for w in ACCENTED)
    assert _found(result, PARAGRAPHS["fra"]) >= 0.95


@pytest.mark.parametrize("language", ["deu", "spa"])
def test_german_and_spanish_pages_are_read_in_their_language(four: Engine, language: str):
    result = four.read(_page(language))
    assert result.languages == (language,)
    assert [p.languages for p in _page_reads(result)] == [(language,)]
    assert _found(result, PARAGRAPHS[language]) >= 0.95


def test_a_page_in_a_language_not_configured_is_not_read_with_it(tessdata: Path):
    with Engine(tessdata, ["eng", "fra"]) as ocr:
        result = ocr.read(_page("deu"))
    assert {lang for p in result.passes for lang in p.languages} <= {"eng", "fra"}
    assert len(_page_reads(result)) == 1  # and not read a second time either


def test_with_one_language_a_page_is_read_as_before(tessdata: Path):
    with Engine(tessdata, ["eng"]) as ocr:
        result = ocr.read(_page("fra"))
    assert result.passes == (OcrPass(("eng",), sample=False, sauvola_k=0.0),)
    assert result.languages == ("eng",)


def test_a_poor_copy_is_retried_with_all_languages_at_once(four: Engine):
    # On noise the models together read more words than the page's own language alone.
    lines = [PARAGRAPHS["fra"][1], PARAGRAPHS["fra"][5]]  # "déjà", "été"
    result = four.read(pdf_page_image(scan_pdf([lines], "poor"), 1))
    assert result.retried and result.languages == FOUR
    first, *retries = _page_reads(result)
    assert len(first.languages) == 1 and first.sauvola_k == 0
    assert [p.languages for p in retries] == [FOUR, FOUR]
    assert {"été", "déjà"} <= set(result.text.split())


def _words(text: str) -> list[str]:
    return text.split()


def test_stop_words_tell_the_language_among_those_configured_only():
    english = _words("the minutes of the meeting are filed with the other reports of this year")
    french = _words("le compte rendu de la réunion est classé avec les rapports de cette année")
    spanish = _words("el acta de la reunión se archiva con los otros informes del año y por eso")
    assert page_language(english, FOUR) == "eng"
    assert page_language(french, FOUR) == "fra"
    assert page_language(spanish, FOUR) == "spa"
    assert page_language(french, ("eng", "deu")) in ("eng", "")  # French is not configured
    assert page_language(french, ("fra", "eng")) == "fra"  # the first language may be any
    assert page_language(_words("Table 3 of the"), FOUR) == ""  # too few to tell
    # An English page quoting a French title stays English; a French page citing English
    # commands is French: the French model reads English words as well as English does.
    assert page_language([*english, "le", "et"], FOUR) == "eng"
    assert page_language([*french, "the", "of", "and"], FOUR) == "fra"


def test_each_stop_word_names_one_language_unless_it_is_shared():
    seen: dict[str, str] = {}
    for language, words in STOP_WORDS.items():
        for word in words:
            assert word not in seen, f"{word!r} is in both {seen[word]} and {language}"
            assert word not in SHARED, f"{word!r} is shared and in {language}"
            seen[word] = language
    assert all(set(owners) <= set(STOP_WORDS) for owners in SHARED.values())


def test_a_language_without_stop_words_makes_the_set_read_at_once():
    assert can_tell(FOUR) and can_tell(("fra", "eng"))
    assert not can_tell(("eng",))  # one language: nothing to choose
    assert not can_tell(("eng", "ita"))  # Italian could never be chosen
