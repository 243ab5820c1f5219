"""Tests of the synthetic archive generator the other tests and benchmarks rely on."""

from __future__ import annotations

import io
import os
import posixpath
import re
import tomllib
import unicodedata
import urllib.parse
import zipfile
from collections import Counter
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from tests.archive_factory import (
    ACCENTED_WORDS,
    BANNER_TEXT,
    PLANTED_WORDS,
    FileTruth,
    Manifest,
    build_archive,
    html_bytes,
    image_bytes,
    main,
    pdf_bytes,
    tree_digest,
    zip_bomb_bytes,
    zip_bytes,
)

pymupdf.TOOLS.mupdf_display_errors(False)

_INVISIBLE = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def _visible_text(raw: str) -> str:
    """A crude HTML-to-text good enough to check the generator's own output."""
    import html

    return html.unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", raw)))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return build_archive(tmp_path_factory.mktemp("small") / "arc", files=50, seed=7)


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return build_archive(tmp_path_factory.mktemp("medium") / "arc", files=400, seed=3)


def _on_disk(m: Manifest) -> set[tuple[int, str]]:
    found: set[tuple[int, str]] = set()
    for disc, root in enumerate(m.discs, start=1):
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
                if rel != "archive.toml":
                    found.add((disc, rel))
    return found


def _decoded(m: Manifest, t: FileTruth) -> str:
    assert t.encoding is not None
    return m.abspath(t).read_bytes().decode(t.encoding)


# --- determinism ----------------------------------------------------------------------------


def test_same_seed_gives_identical_tree_and_manifest(tmp_path: Path) -> None:
    a = build_archive(tmp_path / "a", files=60, seed=11)
    b = build_archive(tmp_path / "b", files=60, seed=11)
    assert tree_digest(a.root) == tree_digest(b.root)
    assert a.files == b.files
    c = build_archive(tmp_path / "c", files=60, seed=12)
    assert tree_digest(c.root) != tree_digest(a.root)


def test_parallel_build_is_identical(tmp_path: Path) -> None:
    serial = build_archive(tmp_path / "s", files=120, seed=4, workers=1)
    parallel = build_archive(tmp_path / "p", files=120, seed=4, workers=2)
    assert tree_digest(serial.root) == tree_digest(parallel.root)
    assert serial.files == parallel.files


def test_mtimes_are_fixed_and_old(small: Manifest) -> None:
    for t in small.files:
        st = os.lstat(small.abspath(t))
        assert st.st_mtime < 1.5e9  # before mid-2017: derived from the file's date, not now
    assert os.stat(small.root / "2005").st_mtime < 1.5e9


def test_refuses_non_empty_output(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_text("x")
    with pytest.raises(FileExistsError):
        build_archive(tmp_path, files=50)
    with pytest.raises(ValueError, match="too small"):
        build_archive(tmp_path / "tiny", files=10)


# --- manifest vs disk -----------------------------------------------------------------------


def test_manifest_matches_files_on_disk(medium: Manifest) -> None:
    assert len(medium.files) == 400
    assert {(t.disc, t.path) for t in medium.files} == _on_disk(medium)
    for t in medium.files:
        p = medium.abspath(t)
        if t.symlink_target is not None:
            assert p.is_symlink()
            assert os.readlink(p) == t.symlink_target
        else:
            assert p.stat().st_size == t.size
        assert unicodedata.is_normalized("NFC", t.path)
    assert medium.by_path("index.htm").title == "Cryptome"


def test_kind_mix_is_roughly_as_specified(medium: Manifest) -> None:
    counts = Counter(t.kind for t in medium.files)
    n = len(medium.files)
    assert 0.55 < counts["html"] / n < 0.66
    assert 0.12 < counts["txt"] / n < 0.18
    assert 0.10 < counts["pdf"] / n < 0.15
    assert counts["image"] >= 0.04 * n
    assert counts["zip"] >= 0.02 * n
    assert counts["other"] >= 0.03 * n


def test_layout_and_names(medium: Manifest) -> None:
    years = {t.year for t in medium.files if t.year is not None}
    assert years == set(range(1996, 2015))
    dated = 0
    for t in medium.files:
        parts = t.path.split("/")
        if t.year is None:
            assert t.path == "index.htm"
            continue
        assert parts[0] == str(t.year)
        if t.year >= 2010 and len(parts) == 3:
            assert re.fullmatch(r"(0[1-9]|1[0-2])", parts[1])
            assert t.date is not None and t.date.startswith(f"{parts[0]}-{parts[1]}")
        m = re.search(r"-(\d\d)-(\d\d)(\d\d)(-\d+)?\.\w+$", parts[-1])
        if m:
            dated += 1
            assert t.date == f"{t.year}-{m.group(2)}-{m.group(3)}"
            assert m.group(1) == f"{t.year % 100:02d}"
        assert t.date is not None and t.date.startswith(str(t.year))
    assert 0.7 < dated / len(medium.files) < 0.95


def test_dates_come_from_name_then_content_then_folders(medium: Manifest) -> None:
    by_meta = 0
    for t in medium.files:
        if t.kind != "html" or t.encoding is None or re.search(r"-\d\d-\d{4}\.", t.path):
            continue
        m = re.search(r'<meta name="date" content="([\d-]+)">', _decoded(medium, t))
        if m:
            by_meta += 1
            assert t.date == m.group(1)
        elif t.year is not None:
            assert t.date is not None and re.fullmatch(r"\d{4}(-\d\d)?", t.date)
    assert by_meta > 0


def test_manifest_json_round_trip(small: Manifest) -> None:
    back = Manifest.from_json(small.to_json())
    assert back.files == small.files
    assert back.discs == small.discs
    assert back.dir_symlinks == small.dir_symlinks
    assert back.banner_text == BANNER_TEXT


# --- planted truth ----------------------------------------------------------------------------


def test_phrases_and_rare_words_are_unique(medium: Manifest) -> None:
    docs = medium.documents() + medium.member_documents()
    phrases = [d.phrase for d in docs]
    rares = [d.rare_word for d in docs]
    assert len(set(phrases)) == len(phrases)
    assert len(set(rares)) == len(rares)
    for d in docs:
        assert d.phrase is not None and d.rare_word is not None
        words = d.phrase.split()
        assert len(words) == 3 and set(words) <= set(PLANTED_WORDS)
        assert re.fullmatch(r"[a-z]{10}", d.rare_word)


def test_each_phrase_occurs_in_exactly_one_file(medium: Manifest) -> None:
    texts: dict[str, str] = {}
    for t in medium.files:
        if t.kind in ("html", "txt") and t.symlink_target is None and t.encoding:
            texts[t.path] = _decoded(medium, t)
    for t in medium.documents():
        if t.kind not in ("html", "txt"):
            continue
        assert t.phrase is not None and t.rare_word is not None
        holders = [p for p, s in texts.items() if t.phrase in s]
        assert holders == [t.path]
        assert [p for p, s in texts.items() if t.rare_word in s] == [t.path]


def test_html_truth(medium: Manifest) -> None:
    htmls = [t for t in medium.documents() if t.kind == "html"]
    assert len(htmls) > 200
    for t in htmls:
        raw = _decoded(medium, t)
        visible = _visible_text(raw)
        assert t.phrase is not None and t.rare_word is not None
        assert t.phrase in visible and t.rare_word in visible
        assert "scriptsentinel" not in visible
        assert "scriptsentinel" in raw
        assert (BANNER_TEXT in visible) == t.has_banner
        m = re.search(r"<title>(.*?)</title>", raw, re.S)
        if m:
            assert t.title is not None and t.title == m.group(1)
        else:
            h = re.search(r"<h([12])>(.*?)</h\1>", raw)
            assert (h.group(2) if h else None) == t.title
        for href in t.links:
            assert f'"{href}"' in raw
        for w in t.accented_words:
            assert w in visible or w.capitalize() in visible


def test_links_resolve_to_recorded_targets(medium: Manifest) -> None:
    site = medium.site_url
    seen_kinds: Counter[str] = Counter()
    for t in medium.files:
        if t.kind != "html" or not t.links:
            continue
        resolved: list[str] = []
        for href in t.links:
            if href.startswith(site):
                seen_kinds["absolute"] += 1
                target = href[len(site) :]
            elif href.startswith("/"):
                seen_kinds["root"] += 1
                target = href[1:]
            elif href.startswith("http"):
                seen_kinds["external"] += 1
                continue
            else:
                seen_kinds["relative"] += 1
                target = posixpath.normpath(posixpath.join(posixpath.dirname(t.path), href))
            target = urllib.parse.unquote(target.split("#")[0])
            resolved.append(target)
        assert resolved == t.local_link_targets  # same order as the links
        for target in resolved:
            assert medium.find(target) is not None, target
    assert min(seen_kinds.values()) > 0 and len(seen_kinds) == 4


def test_title_variants_present(small: Manifest) -> None:
    htmls = [t for t in small.documents() if t.kind == "html"]
    raws = {t.path: _decoded(small, t) for t in htmls}
    assert any("<title>" not in r and "<h1>" in r for r in raws.values())
    assert any("<title>" not in r and "<h2>" in r and "<h1>" not in r for r in raws.values())
    untitled = [t for t in htmls if t.title is None]
    assert untitled
    for t in untitled:
        assert not re.search(r"<h[1-6]|<title", raws[t.path])
    assert any('<meta name="date"' in r for r in raws.values())
    assert any(t.has_banner for t in htmls)


def test_vocabulary_has_stems_and_accents(medium: Manifest) -> None:
    blob = " ".join(_decoded(medium, t) for t in medium.documents() if t.kind == "txt")
    blob += " ".join(_decoded(medium, t) for t in medium.documents() if t.kind == "html")
    for w in ("surveillance", "intercepted", "intercepts", "documents"):
        assert w in blob
    assert sum(w in blob for w in ACCENTED_WORDS) >= 6
    for w in PLANTED_WORDS:  # planted words only ever occur inside planted phrases
        for m in re.finditer(rf"\b{w}\b", blob):
            window = blob[max(0, m.start() - 40) : m.end() + 40]
            assert any(p and p in window for p in _all_phrases(medium)), w


def _all_phrases(m: Manifest) -> set[str]:
    return {t.phrase for t in m.documents() if t.phrase}


# --- encodings ------------------------------------------------------------------------------


def test_encoding_cases(small: Manifest) -> None:
    cases = {(t.kind, t.encoding, t.declared_encoding) for t in small.files}
    assert ("html", "cp1252", "windows-1252") in cases
    assert ("html", "cp1252", "utf-8") in cases  # mislabelled
    assert ("html", "cp1252", None) in cases
    assert ("html", "iso-8859-1", "iso-8859-1") in cases
    assert ("txt", "cp1252", None) in cases
    for t in small.files:
        if t.encoding not in ("cp1252", "iso-8859-1"):
            continue
        raw = small.abspath(t).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        text = raw.decode(t.encoding)
        assert t.accented_words
        for w in t.accented_words:
            assert w in text or w.capitalize() in text
        if t.encoding == "cp1252":
            assert "€" in text and "“" in text
        if t.declared_encoding == "utf-8":
            assert re.search(rb"charset=\"?utf-8", raw)


# --- awkward cases --------------------------------------------------------------------------


def test_every_awkward_case_present(small: Manifest) -> None:
    by = {t.path: t for t in small.files}
    root = small.root
    assert by["2005/empty-page.htm"].size == 0 and by["2005/empty-notes.txt"].size == 0
    assert (root / "2005/empty-page.htm").read_bytes() == b""
    assert by["2007/locked-memo-07-0923.pdf"].expected_state == "failed"
    assert "password" in by["2007/locked-memo-07-0923.pdf"].expected_reason
    assert by["2006/truncated-report-06-0412.pdf"].expected_state == "failed"
    assert by["2008/scanned-letter-08-0115.pdf"].scanned
    name = unicodedata.normalize("NFC", "2001/Déclaration des droits.htm")
    assert by[name].phrase is not None
    assert name.split("/")[1] in os.listdir(root / "2001")
    deep = [t for t in small.files if t.path.count("/") >= 9]
    assert deep and (root / deep[0].path).is_file()
    outside = by["2004/outside-link.txt"]
    assert outside.expected_state == "failed" and "outside" in outside.expected_reason
    link = root / outside.path
    assert link.is_symlink() and not os.path.realpath(link).startswith(str(root.resolve()))
    loop = root / "2004/loop/up"
    assert loop.is_symlink() and loop.resolve() == (root / "2004").resolve()
    assert small.dir_symlinks == {"2004/loop/up": ".."}
    assert (root / "2004/loop/up/loop/up/loop").is_dir()  # really a cycle
    evil = by["2011/06/evil-archive-11-0614.zip"]
    with zipfile.ZipFile(root / evil.path) as zf:
        assert "../evil.txt" in zf.namelist()
    states = {m.path: m.expected_state for m in evil.members}
    assert states["../evil.txt"] == "skipped"
    assert list(states.values()).count("indexed") == 2


def test_no_awkward_files_when_disabled(tmp_path: Path) -> None:
    m = build_archive(tmp_path / "plain", files=50, awkward=False)
    assert len(m.files) == 50
    assert all(t.expected_state == "indexed" for t in m.files)
    assert not any(os.path.islink(m.abspath(t)) for t in m.files)
    assert not m.dir_symlinks


# --- PDFs -----------------------------------------------------------------------------------


def test_pdfs_have_phrase_on_recorded_page(medium: Manifest) -> None:
    pdfs = [t for t in medium.documents() if t.kind == "pdf"]
    assert len(pdfs) >= 40
    for t in pdfs:
        assert t.size < 20_000
        with pymupdf.open(medium.abspath(t)) as doc:
            assert doc.page_count == t.pages
            assert not doc.needs_pass
            texts = [page.get_text() for page in doc]
            assert (doc.metadata or {}).get("title", "") == (t.title or "")
        assert t.phrase is not None and t.phrase_page is not None and t.rare_word is not None
        for n, text in enumerate(texts, start=1):
            assert (t.phrase in text) == (n == t.phrase_page), (t.path, n)
        assert sum(t.rare_word in x for x in texts) == 1
        if t.date is not None and len(t.date) == 10 and not t.path.endswith("-locked-07-1002.pdf"):
            assert t.date.replace("-", "") in (doc.metadata or {}).get("creationDate", "")


def test_every_pdf_is_small(medium: Manifest) -> None:
    sizes = [t.size for t in medium.files if t.kind == "pdf"]
    assert sizes and max(sizes) < 20_000


def test_scanned_pdfs_have_no_text_layer(medium: Manifest) -> None:
    scanned = [t for t in medium.files if t.scanned]
    assert scanned
    for t in scanned:
        assert t.phrase is None and t.expected_state == "indexed"
        with pymupdf.open(medium.abspath(t)) as doc:
            assert doc.page_count >= 1
            for page in doc:
                assert page.get_text().strip() == ""
                assert page.get_images()
    # a mixed PDF: some pages scanned, the phrase on a text page
    mixed = pdf_bytes(["page one text", "page two scanned"], scanned_pages=[2])
    with pymupdf.open(stream=mixed, filetype="pdf") as doc:
        assert "page one" in doc[0].get_text() and doc[1].get_text().strip() == ""


def test_password_pdfs(small: Manifest) -> None:
    user = small.by_path("2007/locked-memo-07-0923.pdf")
    with pymupdf.open(small.abspath(user)) as doc:
        assert doc.needs_pass
        assert not doc.authenticate("wrong")
        assert doc.authenticate("secret")
        assert user.phrase is not None and user.phrase_page is not None
        assert user.phrase in doc[user.phrase_page - 1].get_text()
    owner = small.by_path("2007/owner-locked-07-1002.pdf")
    with pymupdf.open(small.abspath(owner)) as doc:
        assert not doc.needs_pass and doc.is_encrypted is False
        assert owner.phrase is not None and owner.phrase_page is not None
        assert owner.phrase in doc[owner.phrase_page - 1].get_text()
        assert doc.metadata is not None and doc.metadata["encryption"]
        assert doc.metadata["title"] == (owner.title or "")
    assert owner in small.documents() and user not in small.documents()


def test_encrypted_pdf_builder_is_deterministic_and_keeps_accents() -> None:
    a = pdf_bytes(["Le café de Zürich"], title="Naïve", owner_password="o", user_password="u")
    assert a == pdf_bytes(
        ["Le café de Zürich"], title="Naïve", owner_password="o", user_password="u"
    )
    with pymupdf.open(stream=a, filetype="pdf") as doc:
        assert doc.authenticate("u")
        assert "Le café de Zürich" in doc[0].get_text()


def test_truncated_pdf_cannot_be_opened(small: Manifest) -> None:
    t = small.by_path("2006/truncated-report-06-0412.pdf")
    data = small.abspath(t).read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" not in data
    try:
        doc = pymupdf.open(small.abspath(t))
    except Exception:  # what MuPDF does today: "Failed to open stream"
        return
    assert doc.page_count == 0


# --- images, zips ---------------------------------------------------------------------------


def test_images_and_exif(medium: Manifest) -> None:
    images = [t for t in medium.files if t.kind == "image"]
    exif_dates = 0
    for t in images:
        with Image.open(medium.abspath(t)) as img:
            img.load()
            assert img.format in ("JPEG", "PNG", "GIF")
            stamp = img.getexif().get_ifd(0x8769).get(0x9003)
        if stamp:
            exif_dates += 1
            assert t.date == stamp[:10].replace(":", "-")
    assert exif_dates >= 1
    assert {p.rsplit(".", 1)[1] for p in (t.path for t in images)} == {"jpg", "png", "gif"}


def test_zip_members_match_manifest(medium: Manifest) -> None:
    zips = [t for t in medium.files if t.kind == "zip"]
    assert len(zips) >= 10
    for t in zips:
        with zipfile.ZipFile(medium.abspath(t)) as zf:
            names = zf.namelist()
            assert names == [m.path for m in t.members]
            kinds = sorted(m.kind for m in t.members)
            assert kinds == ["html", "image", "txt"]
            for m in t.members:
                assert zf.getinfo(m.path).file_size == m.size
                if m.phrase:
                    assert m.phrase in zf.read(m.path).decode("utf-8")
    assert len(medium.member_documents()) == 2 * len(zips) - 1  # minus the ../evil.txt


def test_zip_bomb_is_small_but_huge_inside() -> None:
    data = zip_bomb_bytes(64 * 1024 * 1024)
    assert len(data) < 200_000
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.infolist()[0].file_size == 64 * 1024 * 1024


# --- builders on their own ------------------------------------------------------------------


def test_html_builder() -> None:
    raw = html_bytes(
        None,
        ["Un café, señor."],
        heading="Titre",
        heading_tag="h2",
        encoding="cp1252",
        declared="utf-8",
        links=["../2001/a.htm"],
        meta_date="2001-02-03",
        banner="Banner here",
    )
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert '<meta charset="utf-8">' in text and "<title>" not in text
    assert '<meta name="date" content="2001-02-03">' in text
    visible = _visible_text(text)
    assert "Un café, señor." in visible and "Banner here" in visible
    assert "scriptsentinel" not in visible


def test_image_and_zip_builders() -> None:
    jpg = image_bytes(40, 30, "JPEG", exif_date="2013:03:18 10:11:12")
    with Image.open(io.BytesIO(jpg)) as img:
        assert img.size == (40, 30)
        assert img.getexif().get_ifd(0x8769)[0x9003] == "2013:03:18 10:11:12"
    assert image_bytes(40, 30, "PNG") == image_bytes(40, 30, "PNG")
    z = zip_bytes({"a.txt": b"hello", "b/c.htm": b"<p>x</p>"})
    assert z == zip_bytes({"a.txt": b"hello", "b/c.htm": b"<p>x</p>"})
    with zipfile.ZipFile(io.BytesIO(z)) as zf:
        assert zf.read("b/c.htm") == b"<p>x</p>"


# --- multi-disc, CLI ------------------------------------------------------------------------


def test_two_discs(tmp_path: Path) -> None:
    m = build_archive(tmp_path / "set", files=120, seed=5, discs=2)
    assert m.discs == [tmp_path / "set" / "disc1", tmp_path / "set" / "disc2"]
    assert {(t.disc, t.path) for t in m.files} == _on_disk(m)
    years = {d: {t.year for t in m.files if t.disc == d and t.year} for d in (1, 2)}
    assert years[1] and years[2] and max(years[1]) < min(years[2])
    assert years[1] | years[2] == set(range(1996, 2015))
    for disc, root in enumerate(m.discs, start=1):
        meta = tomllib.loads((root / "archive.toml").read_text("utf-8"))
        assert meta["disc"] == disc and meta["disc_count"] == 2
        assert meta["base_url"] == "http://cryptome.org/" and meta["set_id"]
        assert (root / "index.htm").is_file()
    cross = [
        (t, target)
        for t in m.files
        for target in t.local_link_targets
        if (found := m.find(target)) is not None and found.disc != t.disc
    ]
    assert cross  # links between discs exist and resolve through Manifest.find


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    with pytest.raises(SystemExit):
        main(["--files", "50", "--out", str(out), "--manifest", str(out / "m.json")])
    assert not out.exists()
    manifest = tmp_path / "m.json"
    assert main(["--files", "50", "--out", str(out), "--manifest", str(manifest)]) == 0
    line = capsys.readouterr().out.strip()
    assert re.fullmatch(r"50 files, \d+ bytes, [\d.]+ s -> .*", line)
    assert len(Manifest.from_json(manifest.read_text("utf-8")).files) == 50
