"""Zip member names without the UTF-8 flag: read in the code page they were written in."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest

from reader.indexing.extract.zips import extract_zip, name_encoding
from reader.indexing.pipeline import index_volumes
from reader.search.engine import search
from reader.settings import Limits, Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive

LIMITS = Limits()


def zip_with_names(members: list[tuple[str, str | None, bytes]]) -> bytes:
    """A zip whose names are stored as a tool would store them.

    Each member is (name, code page, content). With a code page, the name's bytes are in
    that code page and the UTF-8 flag is off (Windows' own zip folder, 7-Zip in a Russian
    or Japanese locale; "utf-8": a Mac or Linux tool that forgets the flag); with None,
    zipfile writes it as it does (UTF-8 with the flag, when not ASCII).
    """
    buf = io.BytesIO()
    stand_ins: dict[bytes, bytes] = {}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, codepage, content) in enumerate(members):
            stored = name
            if codepage is not None:
                raw = name.encode(codepage)
                assert len(raw) >= 6
                # An ASCII name of the same length (no flag), swapped for the raw bytes below.
                stored = f"Q{number:03d}Z".ljust(len(raw), "x")
                stand_ins[stored.encode("ascii")] = raw
            archive.writestr(zipfile.ZipInfo(stored), content)
    data = buf.getvalue()
    for stand_in, raw in stand_ins.items():
        assert data.count(stand_in) == 2  # the local header and the central directory
        data = data.replace(stand_in, raw)
    return data


def listed_names(data: bytes) -> list[str]:
    """The member names as the extractor lists them (the first block of its text)."""
    return extract_zip("names.zip", data, LIMITS).text.split("\n\n")[0].split("\n")


RUSSIAN = ["Отчёт за 2019 год.txt", "Договор поставки.doc", "фото/лето.jpg"]
JAPANESE = ["報告書.txt", "資料/会議メモ.txt", "写真/東京タワー.jpg"]
WESTERN = ["Übersicht.txt", "Größe/Maße.csv", "café crème.doc"]


@pytest.mark.parametrize(
    ("names", "codepage"),
    [
        pytest.param(RUSSIAN, "cp866", id="russian-windows"),
        pytest.param(JAPANESE, "cp932", id="japanese-windows"),
        pytest.param(["报告.txt", "会议记录/第一次.txt"], "cp936", id="chinese-windows"),
        pytest.param(["회의록/2020년 예산.txt", "사진.jpg"], "cp949", id="korean-windows"),
        pytest.param(["Søren Kierkegaard.txt", "Ålborg/Ærø.doc"], "cp850", id="danish-windows"),
        pytest.param(["Přehled účtů.txt", "Kraków/Wrocław.doc"], "cp852", id="czech-polish"),
        pytest.param(WESTERN, "cp437", id="us-windows"),
        pytest.param(RUSSIAN + JAPANESE, "utf-8", id="utf8-without-the-flag"),
    ],
)
def test_names_without_the_utf8_flag_are_listed_as_written(names: list[str], codepage: str) -> None:
    data = zip_with_names([(n, codepage, b"member text") for n in names])
    assert listed_names(data) == names


def test_a_text_member_is_read_under_its_decoded_name() -> None:
    # "表" in cp932 is 95 5C: its second byte is a backslash when read as cp437, and the
    # member's local header must match the decoded name for it to open.
    report = "売上は増えた".encode("cp932")
    data = zip_with_names([("表計算/報告書.txt", "cp932", report), ("メモ.txt", "cp932", b"x")])
    got = extract_zip("jp.zip", data, LIMITS)
    assert got.text.split("\n\n")[0].split("\n") == ["表計算/報告書.txt", "メモ.txt"]
    assert "表計算/報告書.txt\n売上は増えた" in got.text
    assert got.meta["text_members"] == "2"
    assert "skipped_members" not in got.meta


def test_flagged_names_stay_utf8_beside_names_in_a_code_page() -> None:
    data = zip_with_names(
        [("Отчёт.txt", "cp866", b"a"), ("Сводка.txt", "cp866", b"b"), ("日本語.txt", None, b"c")]
    )
    assert listed_names(data) == ["Отчёт.txt", "Сводка.txt", "日本語.txt"]


def test_ascii_and_flagged_names_leave_zipfile_reading_alone() -> None:
    data = zip_with_names([("readme.txt", "ascii", b"a"), ("日本語.txt", None, b"b")])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert name_encoding(archive.infolist()) is None
    assert listed_names(data) == ["readme.txt", "日本語.txt"]


def test_a_name_that_starts_with_nul_is_listed_unsafe_and_the_rest_read() -> None:
    data = zip_with_names([("\x00rest.txt", "cp437", b"hidden"), ("Отчёт.txt", "cp866", b"shown")])
    got = extract_zip("nul.zip", data, LIMITS)
    assert "Отчёт.txt\nshown" in got.text and "hidden" not in got.text
    assert got.meta["text_members"] == "1" and "unsafe_members" in got.meta


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    disc = tmp_path_factory.mktemp("zip-names") / "DISC_1"
    disc.mkdir()
    (disc / "moscow.zip").write_bytes(
        zip_with_names([(n, "cp866", b"member text") for n in RUSSIAN])
    )
    (disc / "tokyo.zip").write_bytes(
        zip_with_names([(n, "cp932", b"member text") for n in JAPANESE])
    )
    folder = tmp_path_factory.mktemp("zip-names-archive")
    with Archive(folder) as archive, open_volume(disc) as volume:
        index_volumes(archive, [volume], Settings(workers=1))
        yield archive


@pytest.mark.parametrize(
    ("query", "zip_name", "member"),
    [
        pytest.param("Договор", "moscow.zip", "Договор поставки.doc", id="russian"),
        pytest.param("отчёт", "moscow.zip", "Отчёт за 2019 год.txt", id="russian-lower-case"),
        pytest.param("報告書", "tokyo.zip", "報告書.txt", id="japanese"),
    ],
)
def test_a_member_name_in_a_code_page_finds_its_zip(
    indexed: Archive, query: str, zip_name: str, member: str
) -> None:
    hits = search(indexed.index(), query).hits
    assert [h.path for h in hits] == [zip_name]
    snippet = hits[0].snippet
    assert snippet is not None and member in snippet.text
