"""Chinese and Japanese, written without spaces, searched character by character; Korean by
its words. A real index, written and searched as the app does."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from reader.search.analysis import terms_for, words
from reader.search.engine import SearchResult, search
from reader.store.documents import IndexDoc, Snippet
from reader.store.fulltext import Form, FulltextIndex, analyze
from reader.store.writer import IndexWriter

# The clause of issue 13, from a real page: 14 characters without a space, over the
# 40-byte word limit as one word.
CLAUSE = "请确保二进制的体系结构与您的"
PHRASE = f"loaded {CLAUSE} 硬件匹配"
SENTENCE = "在开始安装之前，请仔细阅读本手册中关于系统要求和网络配置的全部说明。"
JAPANESE = "このマニュアルではコンピュータの設定方法を説明します。"
KOREAN = "이 문서는 설치 방법과 네트워크 설정을 설명합니다."
FILLER = "The installer copies the files and writes the configuration of the system."

BODIES = {
    1: f"Error: the library could not be {PHRASE}。Run the installer again.",
    2: f"{FILLER} {SENTENCE} {FILLER}",
    3: f"{FILLER}\n{JAPANESE}",
    4: f"{FILLER}\n{KOREAN}",
    5: f"{FILLER} 硬件 and 二进制 apart: 件硬, 进二.",  # the characters, not in a row
    6: f"{FILLER} Nothing in Chinese here.",
    # The clause split across a longer run of characters: still its characters in a row.
    7: f"说明{CLAUSE}硬件匹配说明",
}


def _doc(n: int, body: str) -> IndexDoc:
    return IndexDoc(
        key=f"v:{n}",
        volume_id="v",
        volume_label="DISC_1",
        path=f"docs/page{n}.htm",
        title=f"Page {n}",
        body=body,
        kind="html",
        year=2010,
        date=None,
        scanned=False,
        size=len(body),
    )


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> FulltextIndex:
    ix = FulltextIndex.open(Path(tmp_path_factory.mktemp("cjk")))
    with IndexWriter(ix) as w:
        for n, body in BODIES.items():
            w.add(_doc(n, body))
        w.finish()
    return ix


def _keys(r: SearchResult) -> set[str]:
    return {h.key for h in r.hits}


def _marked(snippet: Snippet | None) -> list[str]:
    assert snippet is not None
    return [snippet.text[a:b] for a, b in snippet.marks]


def test_a_cjk_run_is_one_word_per_character_in_the_index_and_the_highlighter() -> None:
    text = f"x {PHRASE}。ｶﾀｶﾅ Wörter 한국어 2013"
    assert analyze(text, Form.EXACT) == [w.lower() for w in words(text)]
    assert words(CLAUSE) == list(CLAUSE)
    assert words("コーヒー 한국어 naïve") == ["コ", "ー", "ヒ", "ー", "한국어", "naïve"]


def test_every_character_near_cjk_is_cut_alike_by_the_index_and_the_highlighter() -> None:
    blocks = [(0x2FF0, 0x9FFF), (0xA000, 0xA010), (0xAC00, 0xAC10), (0xF900, 0xFAFF)]
    blocks += [(0xFF00, 0xFFEF), (0x1AFF0, 0x1B16F), (0x20000, 0x20100), (0x2F800, 0x2FA1F)]
    codes = (c for lo, hi in blocks for c in range(lo, hi + 1))
    chars = [chr(c) for c in codes if unicodedata.category(chr(c)) != "Cn"]
    # ab + the character + cd: one word, three, or two (the character no letter)
    text = "".join(f"ab{c}cd " for c in chars)
    assert analyze(text, Form.EXACT) == [w.lower() for w in words(text)]


def test_long_chinese_phrase_is_found_and_marked_as_one_phrase(index: FulltextIndex) -> None:
    r = search(index, f'"{PHRASE}"')
    assert _keys(r) == {"v:1"}
    assert not r.warnings
    assert _marked(r.hits[0].snippet) == [PHRASE]
    r = search(index, f'"{CLAUSE} 硬件匹配"')  # inside a longer run of characters too
    assert _keys(r) == {"v:1", "v:7"}
    by_key = {h.key: h for h in r.hits}
    assert _marked(by_key["v:1"].snippet) == [f"{CLAUSE} 硬件匹配"]
    assert _marked(by_key["v:7"].snippet) == [f"{CLAUSE}硬件匹配"]


def test_fourteen_characters_unquoted_are_searched_as_their_phrase(
    index: FulltextIndex,
) -> None:
    for mode_query in (CLAUSE, f'"{CLAUSE}"'):
        r = search(index, mode_query)
        assert _keys(r) == {"v:1", "v:7"}, mode_query
        assert not any("letters or digits" in w for w in r.warnings)
        assert all(_marked(h.snippet) == [CLAUSE] for h in r.hits)
        assert r.exact_total in (None, 2)


def test_a_chinese_word_inside_a_sentence_is_found_and_marked(index: FulltextIndex) -> None:
    r = search(index, "手册")
    assert _keys(r) == {"v:2"}
    assert _marked(r.hits[0].snippet) == ["手册"]
    # its characters apart do not count as the word
    r = search(index, "硬件")
    assert _keys(r) == {"v:1", "v:5", "v:7"}
    r = search(index, "件硬")
    assert _keys(r) == {"v:5"}


def test_japanese_kana_and_kanji_query(index: FulltextIndex) -> None:
    r = search(index, "コンピュータ 設定")
    assert _keys(r) == {"v:3"}
    assert set(_marked(r.hits[0].snippet)) == {"コンピュータ", "設定"}
    assert _keys(search(index, '"設定方法を説明"')) == {"v:3"}
    r = search(index, "コンピ*")
    assert _keys(r) == {"v:3"}
    assert _marked(r.hits[0].snippet) == ["コンピ"]
    assert not search(index, '"設定を説明"').hits


def test_a_phrase_mixing_latin_words_and_characters(index: FulltextIndex) -> None:
    r = search(index, '"be loaded 请确保"')
    assert _keys(r) == {"v:1"}
    assert _marked(r.hits[0].snippet) == ["be loaded 请确保"]
    assert not search(index, '"installer 请确保"').hits


def test_korean_words_are_searched_as_words(index: FulltextIndex) -> None:
    r = search(index, "설치 방법과")
    assert _keys(r) == {"v:4"}
    assert set(_marked(r.hits[0].snippet)) == {"설치", "방법과"}
    assert not search(index, "설").hits  # a Hangul syllable is not a word of its own


def test_english_around_cjk_is_still_word_by_word(index: FulltextIndex) -> None:
    r = search(index, "installer")
    assert _keys(r) == {"v:1", "v:2", "v:3", "v:4", "v:5", "v:6"}
    r = search(index, "loaded")
    assert _keys(r) == {"v:1"}
    assert _marked(r.hits[0].snippet) == ["loaded"]


def test_the_marks_of_a_query_cut_text_as_the_index_does() -> None:
    text = f"说明{CLAUSE}硬件"
    marks = terms_for("体系 硬件").marks(text)
    assert [text[m.start : m.end] for m in marks] == ["体系", "硬件"]
    assert terms_for(f"loaded{CLAUSE[:2]}").marks(f"xloaded{CLAUSE}") == []
    glued = f"not loaded{CLAUSE}"  # no space between the Latin word and the characters
    marks = terms_for(f'"loaded {CLAUSE[:3]}"').marks(glued)
    assert [glued[m.start : m.end] for m in marks] == [f"loaded{CLAUSE[:3]}"]
