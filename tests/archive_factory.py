"""Deterministic generator of Cryptome-style test archives plus a truth manifest."""

from __future__ import annotations

import argparse
import calendar
import dataclasses
import hashlib
import html
import io
import json
import multiprocessing
import os
import posixpath
import random
import re
import struct
import sys
import textwrap
import time
import unicodedata
import urllib.parse
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "ACCENTED_WORDS",
    "BANNER_TEXT",
    "PLANTED_WORDS",
    "FileTruth",
    "Manifest",
    "build_archive",
    "html_bytes",
    "image_bytes",
    "pdf_bytes",
    "zip_bomb_bytes",
    "zip_bytes",
]

# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------

BANNER_TEXT = (
    "Cryptome DVD offer: send $25 for two DVDs of the archive, 1996 to the present, "
    "by mail to the address on the front page. Donations welcome."
)

# Source of planted phrases; none of these may appear in the ordinary vocabulary, names,
# titles or banner, so a planted phrase (or word) identifies exactly one document.
PLANTED_WORDS: tuple[str, ...] = (
    "amber", "falcon", "quarry", "cobalt", "lantern", "meadow", "walnut", "harpoon",
    "saffron", "glacier", "thimble", "marmot", "juniper", "obsidian", "pelican", "quill",
    "rampart", "sorrel", "tundra", "umber", "vellum", "wicker", "yarrow", "zephyr",
    "anvil", "bramble", "cinder", "dormouse", "ember", "fennel", "gannet", "hazel",
    "ivory", "jackal", "kestrel", "lichen", "mantis", "nutmeg", "osprey", "parsnip",
    "quince", "raven", "sable", "thistle", "urchin", "violet", "wombat", "yucca",
    "acorn", "badger", "candle", "dolphin", "egret", "ferret", "gecko", "heron",
    "iguana", "jasper", "koala", "lemur", "magpie", "nettle", "otter", "panther",
    "quokka", "robin", "salmon", "toucan", "viper", "walrus", "bison", "coyote",
    "cricket", "dahlia", "fjord", "garnet", "hamster", "indigo", "kiwi", "lotus",
    "mango", "narwhal", "olive", "peony", "radish", "sparrow", "tulip", "vulture",
    "willow", "zebra", "almond", "beetle", "cactus", "daisy", "eagle", "fig",
    "gopher", "hyena", "impala", "jaguar", "kelp", "llama", "moose", "newt",
    "orchid", "puffin", "reindeer", "squid", "turnip", "vixen", "weasel", "yak",
    "apricot", "buffalo", "camel", "donkey", "flamingo", "giraffe", "hornet", "ibis",
    "jellyfish", "lobster", "mole", "nightingale", "octopus", "parrot", "rhubarb",
    "stork", "trout", "wren", "alpaca", "basil", "cedar", "dune", "elm", "fox",
    "gull", "hickory", "ibex", "lynx", "maple", "oak", "pine", "spruce", "tapir",
)  # fmt: skip

# Real accented words; all encodable in Latin-1 so they survive cp1252/iso-8859-1 files.
ACCENTED_WORDS: tuple[str, ...] = (
    "café", "señor", "Zürich", "naïve", "résumé", "façade", "déjà", "über",
    "piñata", "crème", "rôle", "Genève",
)  # fmt: skip

# Stemming variants so search tests can check that "intercept" finds "intercepted" etc.
STEM_WORDS: tuple[str, ...] = (
    "surveillance", "intercept", "intercepts", "intercepted", "intercepting",
    "document", "documents", "documented", "documenting", "classified", "classify",
    "classification", "spying", "spy", "spies", "surveil", "surveilled", "encrypt",
    "encrypted", "encryption", "encrypting", "leak", "leaks", "leaked", "leaking",
    "monitor", "monitors", "monitored", "monitoring",
)  # fmt: skip

COMMON_WORDS: tuple[str, ...] = (
    "the", "of", "and", "to", "a", "in", "that", "is", "for", "it", "as", "was", "with",
    "be", "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which",
    "but", "have", "an", "had", "they", "you", "were", "their", "one", "all", "we",
    "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who",
    "so", "no", "she", "other", "its", "may", "these", "what", "them", "than", "some",
    "him", "time", "into", "only", "do", "could", "new", "about", "two", "any", "such",
    "our", "first", "should", "then", "those", "over", "also", "after", "made", "most",
    "out", "must", "before", "through", "years", "under", "where", "being", "each",
    "between", "state", "government", "people", "information", "program", "agency",
    "national", "security", "public", "court", "law", "report", "federal", "office",
    "department", "intelligence", "military", "defense", "officials", "official",
    "secret", "system", "data", "records", "order", "request", "act", "policy",
    "statement", "letter", "memo", "files", "source", "sources", "press", "news",
    "internet", "network", "computer", "phone", "telephone", "communications", "email",
    "message", "messages", "privacy", "rights", "citizens", "foreign", "domestic",
    "authority", "director", "committee", "congress", "senate", "house", "president",
    "attorney", "general", "judge", "case", "evidence", "testimony", "hearing",
    "question", "answer", "access", "key", "keys", "code", "cipher", "technical",
    "operation", "operations", "activity", "activities", "target", "targets",
    "collection", "analysis", "review", "oversight", "secrecy", "freedom", "export",
    "control", "controls", "satellite", "signals", "radio", "station", "building",
    "site", "facility", "map", "photo", "photos", "image", "images", "world", "country",
    "city", "year", "month", "day", "week", "number", "part", "place", "point", "fact",
    "way", "work", "life", "hand", "group", "problem", "power", "money", "service",
    "services", "company", "companies", "contract", "budget", "cost", "market", "book",
    "paper", "copy", "text", "page", "pages", "section", "chapter", "volume", "issue",
    "matter", "reason", "result", "effect", "change", "use", "used", "using", "make",
    "said", "says", "say", "told", "asked", "found", "known", "given", "taken", "shown",
    "held", "called", "provided", "required", "described", "released", "published",
    "obtained", "received", "reported", "stated", "noted", "believed", "considered",
    "large", "small", "long", "short", "high", "low", "early", "late", "recent",
    "former", "current", "special", "certain", "several", "many", "few", "little",
    "much", "very", "well", "still", "even", "however", "because", "while", "although",
    "without", "within", "against", "during", "since", "until", "among", "across",
    "here", "now", "never", "always", "often", "again", "perhaps", "already", "later",
    "cryptography", "crypto", "wiretap", "wiretaps", "warrant", "warrants", "subpoena",
    "agent", "agents", "informant", "citizen", "embassy", "cable", "cables", "memorandum",
    "briefing", "slides", "transcript", "filing", "motion", "ruling", "appeal", "patent",
    "drone", "drones", "base", "bases", "nuclear", "weapons", "war", "army", "navy",
    "police", "border", "customs", "airport", "bank", "banks", "telecom", "provider",
)  # fmt: skip

# Short, mostly real words for file names (the Cryptome style is lowercase-hyphenated).
NAME_WORDS: tuple[str, ...] = (
    "nsa", "cia", "fbi", "dhs", "doj", "gchq", "spying", "leak", "docs", "court", "order",
    "letter", "memo", "report", "files", "eyeball", "surveillance", "intercept",
    "satellite", "tor", "crypto", "key", "war", "iraq", "afghan", "wikileaks", "hearing",
    "testimony", "transcript", "budget", "contract", "drone", "base", "site", "map",
    "photos", "patent", "filing", "cable", "embassy", "police", "border", "bank",
    "privacy", "secret", "warrant", "subpoena", "program", "policy", "export", "cipher",
)  # fmt: skip

_ACRONYMS = frozenset({"nsa", "cia", "fbi", "dhs", "doj", "gchq", "tor"})

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

YEARS: tuple[int, ...] = tuple(range(1996, 2015))
MONTH_FOLDERS_FROM = 2010  # years from here on use YYYY/MM/ subfolders, as Cryptome does
SYMLINK_OUTSIDE_TARGET = "/etc/hostname"
LOOP_LINK = "2004/loop/up"

_KIND_MIX: dict[str, float] = {
    "html": 60.0,
    "txt": 15.0,
    "pdf": 12.0,
    "image": 5.0,
    "zip": 3.0,
    "other": 5.0,
}

FAILED_PDF_REASONS = [
    "truncat", "damag", "broken", "corrupt", "invalid", "repair", "no pages", "cannot",
    "failed", "format", "syntax", "error",
]  # fmt: skip
PASSWORD_REASONS = ["password", "encrypt"]
OUTSIDE_REASONS = ["outside", "link"]


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


PLANTED_SET = frozenset(PLANTED_WORDS)

# --------------------------------------------------------------------------------------------
# Truth
# --------------------------------------------------------------------------------------------


@dataclass
class FileTruth:
    """What a reader should find for one file (or one zip member, see ``container``).

    ``expected_state`` is "indexed" | "failed" | "skipped"; ``expected_reason`` lists
    acceptable lowercase substrings of the failure reason (empty unless failed). Files
    that open but hold no text (empty files, scans, images, "other" blobs) are "indexed";
    the file symlink pointing outside the archive is "failed"; "skipped" is only used for
    the zip member named "../evil.txt".
    Zip members are listed in ``members`` of their zip's truth, with ``path`` = member name
    as stored and ``container`` = the zip's disc-relative path; they are not in
    ``Manifest.files``. ``size`` is the byte size of the file (uncompressed size for
    members, 0 for symlinks).
    """

    path: str
    disc: int
    kind: str
    title: str | None = None
    date: str | None = None
    year: int | None = None
    phrase: str | None = None
    rare_word: str | None = None
    phrase_page: int | None = None
    pages: int | None = None
    scanned: bool = False
    encoding: str | None = None
    declared_encoding: str | None = None
    accented_words: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    local_link_targets: list[str] = field(default_factory=list)
    has_banner: bool = False
    expected_state: str = "indexed"
    expected_reason: list[str] = field(default_factory=list)
    size: int = 0
    symlink_target: str | None = None
    container: str | None = None
    members: list[FileTruth] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> FileTruth:
        data = dict(d)
        raw_members = data.pop("members", [])
        truth = cls(**data)  # type: ignore[arg-type]
        assert isinstance(raw_members, list)
        truth.members = [cls.from_dict(m) for m in raw_members]
        return truth


@dataclass
class Manifest:
    """The truth about a generated archive; never written inside the archive tree."""

    root: Path
    discs: list[Path]
    seed: int
    site_url: str
    banner_text: str
    files: list[FileTruth]
    # Directory symlinks (not in ``files``): disc-relative path -> link target, i.e. the
    # loop; a scanner that lists it should mark it failed and must never descend into it.
    dir_symlinks: dict[str, str] = field(default_factory=dict)
    _index: dict[tuple[int, str], FileTruth] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _lookup(self) -> dict[tuple[int, str], FileTruth]:
        # rebuilt when the file list changed, so callers may append truths freely
        if len(self._index) != len(self.files):
            self._index = {(f.disc, f.path): f for f in self.files}
        return self._index

    def by_path(self, path: str, disc: int = 1) -> FileTruth:
        try:
            return self._lookup()[(disc, _nfc(path))]
        except KeyError:
            raise KeyError(f"{path!r} on disc {disc}") from None

    def find(self, path: str) -> FileTruth | None:
        """The file with this disc-relative path on any disc (link targets may cross discs)."""
        index = self._lookup()
        key = _nfc(path)
        for disc in range(1, len(self.discs) + 1):
            if (disc, key) in index:
                return index[(disc, key)]
        return None

    def disc_root(self, disc: int) -> Path:
        return self.discs[disc - 1]

    def abspath(self, truth: FileTruth) -> Path:
        return self.discs[truth.disc - 1] / truth.path

    def documents(self) -> list[FileTruth]:
        """Top-level files with a planted phrase that should end up indexed."""
        return [f for f in self.files if f.phrase is not None and f.expected_state == "indexed"]

    def member_documents(self) -> list[FileTruth]:
        """Zip members with a planted phrase that should be indexed (zip itself indexed)."""
        return [
            m
            for f in self.files
            if f.expected_state == "indexed"
            for m in f.members
            if m.phrase is not None and m.expected_state == "indexed"
        ]

    def to_json(self) -> str:
        return json.dumps(
            {
                "root": str(self.root),
                "discs": [str(d) for d in self.discs],
                "seed": self.seed,
                "site_url": self.site_url,
                "banner_text": self.banner_text,
                "dir_symlinks": self.dir_symlinks,
                "files": [dataclasses.asdict(f) for f in self.files],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        d = json.loads(text)
        return cls(
            root=Path(d["root"]),
            discs=[Path(p) for p in d["discs"]],
            seed=int(d["seed"]),
            site_url=str(d["site_url"]),
            banner_text=str(d["banner_text"]),
            files=[FileTruth.from_dict(f) for f in d["files"]],
            dir_symlinks=dict(d.get("dir_symlinks", {})),
        )


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_CONS = "bcdfghjklmnprstvw"
_VOWELS = "aeiou"


def _stem_forms(w: str) -> set[str]:
    return {w, w + "s", w + "es", w + "ed", w + "ing", w.rstrip("s"), w.rstrip("e")}


@dataclass(frozen=True)
class _Vocab:
    words: list[str]
    cum: list[float]
    accented: frozenset[str]
    title_words: list[str]


@cache
def _vocab() -> _Vocab:
    # A fixed internal seed: the vocabulary is the same for every archive so that tests may
    # hard-code words like "surveillance" or "café".
    rng = random.Random(4242)
    banned: set[str] = set()
    for w in PLANTED_WORDS:
        banned |= _stem_forms(w)
    reals = [*COMMON_WORDS, *STEM_WORDS, *NAME_WORDS]
    clash = banned & set(reals)
    assert not clash, f"planted words overlap the vocabulary: {sorted(clash)}"
    pseudo: list[str] = []
    seen = set(reals)
    while len(pseudo) < 3000:
        n = rng.choice((2, 2, 3, 3, 3))
        w = "".join(rng.choice(_CONS) + rng.choice(_VOWELS) for _ in range(n))
        if rng.random() < 0.4:
            w += rng.choice("nrstlm")
        # <= 7 letters keeps pseudo words disjoint from the 10-letter rare words
        if len(w) > 7 or w in seen or w in banned:
            continue
        seen.add(w)
        pseudo.append(w)
    head = list(dict.fromkeys(COMMON_WORDS[:120]))
    rest = [w for w in dict.fromkeys([*COMMON_WORDS[120:], *STEM_WORDS, *NAME_WORDS])]
    # real words rank above the pseudo words so pages read roughly like English
    rng.shuffle(rest)
    rng.shuffle(pseudo)
    tail = rest + pseudo
    accented = [_nfc(w) for w in ACCENTED_WORDS]
    # Accented words at middling ranks: about every other UTF-8 page carries one.
    for i, w in enumerate(accented):
        tail.insert(500 + i * 80, w)
    # Stem variants near the top so small archives surely contain them.
    for i, w in enumerate(("surveillance", "intercepted", "intercepts", "documents")):
        tail.insert(10 + i * 7, w)
    words = head + list(dict.fromkeys(tail))
    cum: list[float] = []
    total = 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 2.7)
        cum.append(total)
    title_words = [w for w in words[120:900] if w.isascii()]
    return _Vocab(words, cum, frozenset(accented), title_words)


def _rare_word(rng: random.Random) -> str:
    # 5 consonant-vowel syllables = 10 letters, ending in a/o/i: pronounceable, longer than
    # every vocabulary word, and no stemmer suffix rule (s, ed, ing, e, y, ou) touches it.
    syl = [rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)]
    syl.append(rng.choice("bdfgklmnprstvz") + rng.choice("aoi"))
    return "".join(syl)


# --------------------------------------------------------------------------------------------
# Text generation
# --------------------------------------------------------------------------------------------


def _sentences(rng: random.Random, n_words: int) -> list[list[str]]:
    v = _vocab()
    words = rng.choices(v.words, cum_weights=v.cum, k=n_words)
    out: list[list[str]] = []
    i = 0
    while i < n_words:
        n = rng.randint(6, 18)
        sent = words[i : i + n]
        i += n
        if len(sent) < 3 and out:
            out[-1].extend(sent)
            continue
        if len(sent) > 8 and rng.random() < 0.5:
            k = rng.randint(2, len(sent) - 3)
            sent[k] = sent[k] + ","
        out.append(sent)
    return out


def _plant(rng: random.Random, paras: list[list[list[str]]], token: str) -> int:
    """Insert one token inside a random sentence; return the paragraph index.

    A phrase is planted as a single space-containing token, so a later plant (the rare
    word) can never land between its words.
    """
    p = rng.randrange(len(paras))
    s = rng.randrange(len(paras[p]))
    sent = paras[p][s]
    # never at position 0: the sentence start is capitalised
    pos = rng.randint(1, max(1, len(sent) - 1))
    sent.insert(pos, token)
    return p


def _render_sentence(sent: list[str]) -> str:
    s = " ".join(sent)
    if s.endswith(","):
        s = s[:-1]
    return s[:1].upper() + s[1:] + "."


def _render_para(para: list[list[str]]) -> str:
    return " ".join(_render_sentence(s) for s in para)


def _make_body(
    rng: random.Random, n_paras: int, words_per_para: tuple[int, int]
) -> list[list[list[str]]]:
    return [_sentences(rng, rng.randint(*words_per_para)) for _ in range(n_paras)]


def _accented_in(paras: list[list[list[str]]], extra: str = "") -> list[str]:
    acc = _vocab().accented
    found: set[str] = set()
    for para in paras:
        for sent in para:
            for tok in sent:
                w = tok.rstrip(",")
                if w in acc:
                    found.add(w)
    for tok in extra.split():
        w = tok.strip(",.;:“”\"'")
        if w in acc:
            found.add(w)
        elif w[:1].lower() + w[1:] in acc:
            found.add(w[:1].lower() + w[1:])
    return sorted(found)


def _title_text(rng: random.Random, name_words: Sequence[str]) -> str:
    v = _vocab()
    words = [w.upper() if w in _ACRONYMS else w.capitalize() for w in name_words]
    words += [w.capitalize() for w in rng.sample(v.title_words, rng.randint(1, 4))]
    return " ".join(words)


def _smart_sentence(rng: random.Random, with_cp1252_extras: bool) -> str:
    acc = rng.sample([_nfc(w) for w in ACCENTED_WORDS], 3)
    if with_cp1252_extras:
        return (
            f"The {acc[0]} near the embassy charged €{rng.randint(2, 90)} for a "
            f"“{acc[1]}” briefing — a {acc[2]} arrangement, officials said."
        )
    return f"The {acc[0]} near the embassy hosted a {acc[1]} briefing with a {acc[2]} agent."


# --------------------------------------------------------------------------------------------
# Per-file builders
# --------------------------------------------------------------------------------------------

_SCRIPT_TEMPLATE = (
    '<script type="text/javascript">\n<!--\nvar {s} = "{s} tracker";\n'
    'function {s}Init() {{ document.title = "{s}"; }}\n// -->\n</script>\n'
)
_STYLE_TEMPLATE = (
    '<style type="text/css">\n/* {s} */\nbody {{ font-family: Arial; }}\n.{s} {{ color: red; }}\n'
    "</style>\n"
)


def html_bytes(
    title: str | None,
    paragraphs: list[str],
    *,
    links: Sequence[str] = (),
    heading: str | None = None,
    encoding: str = "utf-8",
    declared: str | None = "utf-8",
    meta_date: str | None = None,
    banner: str | None = None,
    script_text: str = "scriptsentinel",
    heading_tag: str = "h1",
    declare_style: str = "meta",
    anchors: Sequence[str] | None = None,
    images: Sequence[str] = (),
    sections: Sequence[tuple[int, str]] = (),
    section_tag: str = "h2",
) -> bytes:
    """An HTML page; ``paragraphs`` are plain text (escaped here), ``links`` go in a list.

    ``declared`` is the charset written in the page (None = no declaration), ``encoding`` the
    one really used for the bytes, so mislabelled pages are declared="utf-8",
    encoding="cp1252". ``declare_style`` is "meta" (<meta charset>) or "http-equiv".
    ``sections`` inserts ``(paragraph index, heading text)`` headings before paragraphs.
    The script/style blocks and a comment carry ``script_text``, which must never be
    extracted as text. ``anchors`` gives the link texts (default: the link's file name).
    """
    esc = html.escape
    out: list[str] = ['<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n']
    out.append("<html>\n<head>\n")
    if declared is not None:
        if declare_style == "http-equiv":
            out.append(
                f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">\n'
            )
        else:
            out.append(f'<meta charset="{declared}">\n')
    if title is not None:
        out.append(f"<title>{esc(title, quote=False)}</title>\n")
    if meta_date is not None:
        out.append(f'<meta name="date" content="{meta_date}">\n')
    if script_text:
        out.append(_STYLE_TEMPLATE.format(s=script_text))
        out.append(_SCRIPT_TEMPLATE.format(s=script_text))
    out.append("</head>\n<body>\n")
    if banner is not None:
        out.append(f'<p class="banner"><b>{esc(banner, quote=False)}</b></p>\n<hr>\n')
    if heading is not None:
        out.append(f"<{heading_tag}>{esc(heading, quote=False)}</{heading_tag}>\n")
    sec = dict(sections)
    for i, p in enumerate(paragraphs):
        if i in sec:
            out.append(f"<{section_tag}>{esc(sec[i], quote=False)}</{section_tag}>\n")
        out.append(f"<p>{esc(p, quote=False)}</p>\n")
        if i == 0 and script_text:
            out.append(f"<!-- {script_text} comment -->\n")
    for src in images:
        out.append(f'<p><img src="{esc(src)}" alt=""></p>\n')
    if links:
        out.append("<ul>\n")
        for i, href in enumerate(links):
            text = anchors[i] if anchors is not None else posixpath.basename(href) or href
            out.append(f'<li><a href="{esc(href)}">{esc(text, quote=False)}</a></li>\n')
        out.append("</ul>\n")
    out.append("</body>\n</html>\n")
    return "".join(out).encode(encoding, errors="xmlcharrefreplace")


def image_bytes(
    width: int, height: int, fmt: str = "JPEG", *, exif_date: str | None = None, seed: int = 0
) -> bytes:
    """A small picture; JPEGs may carry EXIF DateTimeOriginal ("YYYY:MM:DD HH:MM:SS")."""
    rng = random.Random(f"img:{seed}:{width}:{height}:{fmt}")
    img = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randint(5, width // 2 + 5), y0 + rng.randint(5, height // 2 + 5)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
    buf = io.BytesIO()
    fmt = fmt.upper()
    if fmt in ("JPG", "JPEG"):
        kwargs: dict[str, object] = {"quality": 70}
        if exif_date is not None:
            exif = Image.Exif()
            exif[0x0132] = exif_date  # DateTime
            exif.get_ifd(0x8769)[0x9003] = exif_date  # ExifIFD DateTimeOriginal
            kwargs["exif"] = exif.tobytes()
        img.save(buf, "JPEG", **kwargs)
    elif fmt == "GIF":
        img.convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(buf, "GIF")
    else:
        img.save(buf, fmt)
    return buf.getvalue()


def zip_bytes(
    members: dict[str, bytes],
    *,
    date_time: tuple[int, int, int, int, int, int] = (2000, 1, 1, 0, 0, 0),
) -> bytes:
    """A deflated zip with the members in the given order and a fixed timestamp."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # fixed, so the bytes do not depend on the host OS
            zf.writestr(info, data)
    return buf.getvalue()


def zip_bomb_bytes(size: int = 200 * 1024 * 1024, *, name: str = "zeros.bin") -> bytes:
    """A small zip whose one member inflates to ``size`` zero bytes (for safety tests)."""
    buf = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3
        # streamed in 1 MB chunks so memory stays small whatever the expanded size
        with zf.open(info, "w", force_zip64=size >= 2**31) as w:
            left = size
            while left > 0:
                n = min(left, len(chunk))
                w.write(chunk if n == len(chunk) else chunk[:n])
                left -= n
    return buf.getvalue()


# PDF layout: Letter page, 10 pt Helvetica, 12 pt leading; 78 columns fit the text width.
_PDF_W, _PDF_H = 612.0, 792.0
_PDF_FONTSIZE = 10.0
_PDF_LEADING = 12.0
_PDF_TOP = 72.0
PDF_COLUMNS = 78
PDF_MAX_LINES = 52
SCAN_MAX_LINES = 40  # lines drawn on a scanned page image (the rest of the text is dropped)


def _pdf_lines(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.split("\n"):
        if len(raw) <= PDF_COLUMNS:
            lines.append(raw)
        else:
            lines.extend(textwrap.wrap(raw, PDF_COLUMNS, break_on_hyphens=False))
    if len(lines) > PDF_MAX_LINES:
        raise ValueError(f"page text has {len(lines)} lines, at most {PDF_MAX_LINES} fit")
    return lines


def _pdf_date(date: str) -> str:
    d = date.replace("-", "")
    d = (d + "0101")[:8] if len(d) < 8 else d[:8]
    return f"D:{d}120000Z"


@cache
def _scan_font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=8)


def _scan_png(lines: list[str]) -> bytes:
    # 1-bit at 36 dpi (~5 KB a page): a poor fax-like scan, but it keeps PDFs under 20 KB
    img = Image.new("1", (int(_PDF_W) // 2, int(_PDF_H) // 2), 1)
    draw = ImageDraw.Draw(img)
    font = _scan_font()
    for i, line in enumerate(lines[:SCAN_MAX_LINES]):
        draw.text((36, 36 + i * 8), line, fill=0, font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def pdf_bytes(
    pages: list[str],
    *,
    title: str | None = None,
    date: str | None = None,
    scanned_pages: Sequence[int] = (),
    user_password: str | None = None,
    owner_password: str | None = None,
) -> bytes:
    """A PDF with one text page per string ("\\n" = line break, long lines are wrapped).

    ``scanned_pages`` are 1-based numbers of pages drawn as an image only (no text layer).
    ``date`` ("YYYY-MM-DD") becomes CreationDate/ModDate. With a password the file is
    RC4-128 encrypted (written by hand, because MuPDF salts encryption with a random /ID);
    only text pages are supported then. An owner password alone opens without a password.
    """
    if not pages:
        raise ValueError("a PDF needs at least one page")
    if user_password is not None or owner_password is not None:
        if scanned_pages:
            raise ValueError("scanned pages are not supported in encrypted PDFs")
        return _encrypted_pdf(
            [_pdf_lines(p) for p in pages], title, date, user_password or "", owner_password
        )
    doc = pymupdf.open()
    scanned = set(scanned_pages)
    for n, text in enumerate(pages, start=1):
        page = doc.new_page(width=_PDF_W, height=_PDF_H)
        lines = _pdf_lines(text)
        if n in scanned:
            page.insert_image(page.rect, stream=_scan_png(lines))
        elif lines:
            page.insert_text(
                (72.0, _PDF_TOP),
                lines,
                fontsize=_PDF_FONTSIZE,
                lineheight=_PDF_LEADING / _PDF_FONTSIZE,
                fontname="helv",
            )
    meta = {"producer": "archive_factory", "creator": "archive_factory"}
    if title is not None:
        meta["title"] = title
    if date is not None:
        meta["creationDate"] = meta["modDate"] = _pdf_date(date)
    doc.set_metadata(meta)
    data: bytes = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def _truncated_pdf(text: str) -> bytes:
    # One page with object streams: the first half then holds only the content stream,
    # never the catalog or page tree, so no repair can recover a page (MuPDF cannot open it).
    doc = pymupdf.open()
    page = doc.new_page(width=_PDF_W, height=_PDF_H)
    page.insert_text((72.0, _PDF_TOP), _pdf_lines(text), fontsize=_PDF_FONTSIZE, fontname="helv")
    data: bytes = doc.tobytes(garbage=3, deflate=True, no_new_id=True, use_objstms=True)
    doc.close()
    return data[: len(data) // 2]


_PDF_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 255
        s[i], s[j] = s[j], s[i]
    out = bytearray(len(data))
    i = j = 0
    for n, b in enumerate(data):
        i = (i + 1) & 255
        j = (j + s[i]) & 255
        s[i], s[j] = s[j], s[i]
        out[n] = b ^ s[(s[i] + s[j]) & 255]
    return bytes(out)


def _pdf_str(s: str) -> bytes:
    raw = s.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _encrypted_pdf(
    pages: list[list[str]], title: str | None, date: str | None, user: str, owner: str | None
) -> bytes:
    """Standard security handler, revision 3, RC4 128-bit (PDF 1.7 spec, algorithms 2-5)."""

    def pad(pw: str) -> bytes:
        b = pw.encode("latin-1")[:32]
        return b + _PDF_PAD[: 32 - len(b)]

    perms = -3904  # no print/modify/copy: the usual "owner password" restrictions
    file_id = hashlib.md5(repr((pages, title, date, user, owner)).encode()).digest()
    h = hashlib.md5(pad(owner or user)).digest()
    for _ in range(50):
        h = hashlib.md5(h).digest()
    o_value = _rc4(h, pad(user))
    for i in range(1, 20):
        o_value = _rc4(bytes(k ^ i for k in h), o_value)
    h = hashlib.md5(pad(user) + o_value + struct.pack("<i", perms) + file_id).digest()
    for _ in range(50):
        h = hashlib.md5(h[:16]).digest()
    key = h[:16]
    u_value = _rc4(key, hashlib.md5(_PDF_PAD + file_id).digest())
    for i in range(1, 20):
        u_value = _rc4(bytes(k ^ i for k in key), u_value)
    u_value += bytes(16)

    def obj_key(num: int) -> bytes:
        return hashlib.md5(key + num.to_bytes(3, "little") + b"\x00\x00").digest()[:16]

    objs: list[bytes] = []  # objs[i] is object i + 1
    n_pages = len(pages)
    page_nums = [5 + 2 * i for i in range(n_pages)]
    objs.append(b"<</Type/Catalog/Pages 2 0 R>>")
    objs.append(
        b"<</Type/Pages/Count %d/Kids[%s]>>"
        % (n_pages, b" ".join(b"%d 0 R" % n for n in page_nums))
    )
    objs.append(b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>")
    info: list[bytes] = []
    for k, v in (
        ("Title", title),
        ("CreationDate", _pdf_date(date) if date else None),
        ("Producer", "archive_factory"),
    ):
        if v is not None:
            enc = _rc4(obj_key(4), v.encode("cp1252", errors="replace"))
            info.append(b"/%s<%s>" % (k.encode(), enc.hex().upper().encode()))
    objs.append(b"<<" + b"".join(info) + b">>")
    for i, lines in enumerate(pages):
        num = page_nums[i]
        objs.append(
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]"
            b"/Resources<</Font<</F1 3 0 R>>>>/Contents %d 0 R>>" % (num + 1)
        )
        body = b"BT /F1 10 Tf 12 TL 72 720 Td\n" + b"".join(
            b"(" + _pdf_str(line) + b") Tj T*\n" for line in lines
        )
        body += b"ET\n"
        body = _rc4(obj_key(num + 1), body)
        objs.append(b"<</Length %d>>\nstream\n%s\nendstream" % (len(body), body))
    encrypt_num = len(objs) + 1
    objs.append(
        b"<</Filter/Standard/V 2/R 3/Length 128/P %d/O<%s>/U<%s>>>"
        % (perms, o_value.hex().upper().encode(), u_value.hex().upper().encode())
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    fid = file_id.hex().upper().encode()
    out += b"trailer\n<</Size %d/Root 1 0 R/Info 4 0 R/Encrypt %d 0 R/ID[<%s><%s>]>>\n" % (
        len(objs) + 1,
        encrypt_num,
        fid,
        fid,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _doc_blob(rng: random.Random, n: int) -> bytes:
    # OLE compound-file magic, then noise: looks like a legacy .doc to a sniffer
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(n)


def _mp3_blob(rng: random.Random, n: int) -> bytes:
    head = b"ID3\x03\x00\x00\x00\x00\x00\x00"
    frames = bytearray()
    while len(frames) < n:
        frames += b"\xff\xfb\x90\x64" + rng.randbytes(413)
    return head + bytes(frames[:n])


# --------------------------------------------------------------------------------------------
# Planning
# --------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    truth: FileTruth
    gen: str  # generator: "html", "txt", "pdf", "image", "zip", "other", or an awkward tag
    name_words: list[str]
    date_exact: str | None  # YYYY-MM-DD from the file name, if any
    period: tuple[int, int | None] | None  # (year, month or None) from the folders
    forced: str | None = None
    member_phrases: list[tuple[str, str]] = field(default_factory=list)


def _apportion(weights: dict[str, float], n: int) -> dict[str, int]:
    total = sum(weights.values())
    raw = {k: n * w / total for k, w in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    left = n - sum(counts.values())
    for k in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[:left]:
        counts[k] += 1
    return counts


def _name_date(year: int, month: int, day: int) -> str:
    return f"{year % 100:02d}-{month:02d}{day:02d}"


def _period_date(period: tuple[int, int | None] | None) -> str | None:
    if period is None:
        return None
    y, m = period
    return f"{y:04d}" if m is None else f"{y:04d}-{m:02d}"


def _random_day_in(rng: random.Random, year: int, month: int | None) -> tuple[int, int, int]:
    m = month if month is not None else rng.randint(1, 12)
    d = rng.randint(1, calendar.monthrange(year, m)[1])
    return year, m, d


class _Planner:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.paths: set[tuple[int, str]] = set()
        self.phrases: set[str] = set()
        self.rares: set[str] = set()

    def phrase(self) -> str:
        while True:
            p = " ".join(self.rng.sample(PLANTED_WORDS, 3))
            if p not in self.phrases:
                self.phrases.add(p)
                return p

    def rare(self) -> str:
        while True:
            w = _rare_word(self.rng)
            if w not in self.rares:
                self.rares.add(w)
                return w

    def unique(self, disc: int, folder: str, stem: str, ext: str) -> str:
        path = f"{folder}/{stem}{ext}" if folder else f"{stem}{ext}"
        n = 2
        while (disc, path) in self.paths:
            path = f"{folder}/{stem}-{n}{ext}" if folder else f"{stem}-{n}{ext}"
            n += 1
        self.paths.add((disc, path))
        return _nfc(path)


def _year_weight(year: int) -> float:
    # the archive grew over the years: 2014 has about twelve times the files of 1996
    return 1.0 + 0.6 * (year - YEARS[0])


def _disc_of_year(discs: int) -> dict[int, int]:
    """Contiguous year ranges of about equal expected size, at least one year per disc.

    Uses the year weights, not the drawn counts, so the split does not depend on ``files``
    (two discs: 1996-2008 and 2009-2014).
    """
    cum: list[float] = []
    acc = 0.0
    for y in YEARS:
        acc += _year_weight(y)
        cum.append(acc)
    last: list[int] = []  # index of the last year of discs 1 .. discs-1
    prev = -1
    for k in range(1, discs):
        target = acc * k / discs
        lo, hi = prev + 1, len(YEARS) - (discs - k) - 1
        i = min(range(lo, hi + 1), key=lambda j: abs(cum[j] - target))
        last.append(i)
        prev = i
    out: dict[int, int] = {}
    disc = 1
    for j, y in enumerate(YEARS):
        out[y] = disc
        if disc <= len(last) and j == last[disc - 1]:
            disc += 1
    return out


def _ext_for(rng: random.Random, kind: str, forced: str | None) -> str:
    if kind == "html":
        return ".html" if rng.random() < 0.15 else ".htm"
    if kind == "txt":
        return ".txt"
    if kind == "pdf":
        return ".pdf"
    if kind == "zip":
        return ".zip"
    if kind == "image":
        if forced in ("jpeg-exif", "jpeg"):
            return ".jpg"
        if forced in ("png", "gif"):
            return "." + forced
        r = rng.random()
        return ".jpg" if r < 0.6 else ".png" if r < 0.85 else ".gif"
    if forced in ("doc", "mp3"):
        return "." + forced
    return ".doc" if rng.random() < 0.6 else ".mp3"


# Coverage: the first planned files of each kind get these variants, so that even a
# 50-file archive has every interesting case; later files draw variants at random.
_FORCED: dict[str, list[str]] = {
    "html": [
        "banner", "h1-title", "h2-title", "no-title", "meta-date", "cp1252-declared",
        "cp1252-mislabelled", "cp1252-undeclared", "latin1-declared",
    ],
    "txt": ["cp1252"],
    "pdf": ["multi-page", "mixed-scan"],
    "image": ["jpeg-exif", "png", "gif"],
    "other": ["doc", "mp3"],
}  # fmt: skip


def _plan(
    files: int, seed: int, discs: int, awkward: bool
) -> tuple[list[_Plan], dict[int, int], dict[str, str], _Planner]:
    rng = random.Random(seed)
    planner = _Planner(rng)
    awk_specs = _awkward_specs() if awkward else []
    n_normal = files - len(awk_specs) - discs
    if n_normal < (10 if awkward else 0):
        need = len(awk_specs) + discs + (10 if awkward else 0)
        raise ValueError(f"files={files} is too small; need at least {need}")
    kinds_count = _apportion(_KIND_MIX, n_normal)
    kinds = [k for k, c in kinds_count.items() for _ in range(c)]
    rng.shuffle(kinds)
    year_w = {str(y): _year_weight(y) for y in YEARS}
    year_counts = {int(k): v for k, v in _apportion(year_w, n_normal).items()}
    years = [y for y in YEARS for _ in range(year_counts[y])]
    disc_of = _disc_of_year(discs)

    plans: list[_Plan] = []
    seen_kind: dict[str, int] = {}
    for kind, year in zip(kinds, years, strict=True):
        disc = disc_of[year]
        idx = seen_kind.get(kind, 0)
        seen_kind[kind] = idx + 1
        forced_list = _FORCED.get(kind, [])
        forced = forced_list[idx] if idx < len(forced_list) else None
        month = rng.randint(1, 12) if year >= MONTH_FOLDERS_FROM else None
        folder = f"{year}" if month is None else f"{year}/{month:02d}"
        n_words = rng.choice((1, 2, 2, 3, 3, 4))
        words = rng.sample(NAME_WORDS, n_words)
        if rng.random() < 0.3:
            words[-1] = rng.choice(_vocab().words[300:1500])
            if not words[-1].isascii():
                words[-1] = "misc"
        dated = rng.random() < 0.85
        date_exact = None
        stem = "-".join(words)
        if dated:
            y, m, d = _random_day_in(rng, year, month)
            date_exact = f"{y:04d}-{m:02d}-{d:02d}"
            stem += "-" + _name_date(y, m, d)
        ext = _ext_for(rng, kind, forced)
        path = planner.unique(disc, folder, stem, ext)
        truth = FileTruth(path=path, disc=disc, kind=kind, year=year, date=date_exact)
        if kind in ("html", "txt", "pdf"):
            truth.phrase = planner.phrase()
            truth.rare_word = planner.rare()
        plan = _Plan(truth, kind, words, date_exact, (year, month), forced)
        if kind == "zip":
            plan.member_phrases = [(planner.phrase(), planner.rare()) for _ in range(2)]
        plans.append(plan)

    for spec in awk_specs:
        path, gen, state, reasons = spec
        parts = path.split("/")
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 2 and re.fullmatch(r"\d\d", parts[1]) else None
        disc = disc_of[year]
        dm = re.search(r"-(\d\d)-(\d\d)(\d\d)\.\w+$", path)
        date_exact = f"{year:04d}-{dm.group(2)}-{dm.group(3)}" if dm else None
        planner.paths.add((disc, path))
        kind = _kind_of(path)
        truth = FileTruth(
            path=_nfc(path),
            disc=disc,
            kind=kind,
            year=year,
            date=date_exact or _period_date((year, month)),
            expected_state=state,
            expected_reason=list(reasons),
        )
        if gen in ("accented-name", "deep", "pdf-owner", "pdf-user"):
            truth.phrase = planner.phrase()
            truth.rare_word = planner.rare()
        plan = _Plan(truth, gen, ["special"], date_exact, (year, month))
        if gen == "evil-zip":
            plan.member_phrases = [(planner.phrase(), planner.rare()) for _ in range(2)]
        plans.append(plan)

    for disc in range(1, discs + 1):
        planner.paths.add((disc, "index.htm"))
        truth = FileTruth(path="index.htm", disc=disc, kind="html")
        truth.phrase = planner.phrase()
        truth.rare_word = planner.rare()
        plans.append(_Plan(truth, "index", ["index"], None, None))

    # a directory symlink to its own parent: a naive walker recurses for ever
    dir_links = {LOOP_LINK: ".."} if awkward else {}
    return plans, disc_of, dir_links, planner


def _kind_of(path: str) -> str:
    ext = path.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(path) else ""
    return {
        "htm": "html",
        "html": "html",
        "txt": "txt",
        "pdf": "pdf",
        "jpg": "image",
        "jpeg": "image",
        "png": "image",
        "gif": "image",
        "zip": "zip",
    }.get(ext, "other")


def _awkward_specs() -> list[tuple[str, str, str, list[str]]]:
    """(path, generator, expected_state, expected_reason) of the always-present odd files."""
    return [
        ("2005/empty-page.htm", "empty", "indexed", []),
        ("2005/empty-notes.txt", "empty", "indexed", []),
        ("2006/truncated-report-06-0412.pdf", "pdf-truncated", "failed", FAILED_PDF_REASONS),
        ("2007/locked-memo-07-0923.pdf", "pdf-user", "failed", PASSWORD_REASONS),
        ("2007/owner-locked-07-1002.pdf", "pdf-owner", "indexed", []),
        ("2008/scanned-letter-08-0115.pdf", "pdf-scanned", "indexed", []),
        ("2001/Déclaration des droits.htm", "accented-name", "indexed", []),
        ("2003/deep/a/b/c/d/e/f/g/h/deep-page-03-0704.htm", "deep", "indexed", []),
        ("2004/outside-link.txt", "symlink-outside", "failed", OUTSIDE_REASONS),
        ("2011/06/evil-archive-11-0614.zip", "evil-zip", "indexed", []),
    ]


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


class _Gen:
    def __init__(self, seed: int, site_url: str, discs: list[Path], plans: list[_Plan]) -> None:
        self.seed = seed
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.discs = discs
        self.plans = plans
        self.made_dirs: set[Path] = set()
        # link targets: ordinary files (plus the odd-but-valid names, to test quoting)
        self.targets: list[FileTruth] = [
            p.truth
            for p in plans
            if p.gen in ("html", "txt", "pdf", "image", "accented-name", "deep")
        ]
        self.images: list[FileTruth] = [p.truth for p in plans if p.gen == "image"]

    def rng_for(self, truth: FileTruth) -> random.Random:
        return random.Random(f"{self.seed}:{truth.disc}:{truth.path}")

    # -- links -----------------------------------------------------------------------------

    def _links(
        self, rng: random.Random, src: FileTruth, n: int
    ) -> tuple[list[str], list[str], list[str]]:
        """(hrefs, resolved local targets, anchor texts)."""
        hrefs: list[str] = []
        local: list[str] = []
        anchors: list[str] = []
        src_dir = posixpath.dirname(src.path)
        cands = [t for t in rng.sample(self.targets, min(n, len(self.targets))) if t is not src]
        v = _vocab()
        for t in cands:
            r = rng.random()
            quoted = urllib.parse.quote(t.path)
            if r < 0.55:
                rel = posixpath.relpath(t.path, src_dir or ".")
                href = urllib.parse.quote(rel)
                if rng.random() < 0.1:
                    href += "#p" + str(rng.randint(1, 9))
            elif r < 0.65:
                href = "/" + quoted
            else:
                href = self.site_url + quoted
            hrefs.append(href)
            local.append(t.path)
            anchors.append(" ".join(rng.sample(v.title_words, rng.randint(1, 3))))
        for _ in range(rng.randint(0, 2)):
            href = f"http://example.com/{rng.choice(NAME_WORDS)}/{rng.randint(1, 999)}.html"
            hrefs.append(href)
            anchors.append(rng.choice(v.title_words))
        return hrefs, local, anchors

    # -- html ------------------------------------------------------------------------------

    def html(self, plan: _Plan, *, index: bool = False) -> bytes:
        t = plan.truth
        rng = self.rng_for(t)
        forced = plan.forced
        paras = _make_body(rng, rng.randint(2, 6), (40, 140))
        assert t.phrase is not None and t.rare_word is not None
        _plant(rng, paras, t.phrase)
        _plant(rng, paras, t.rare_word)

        title_text = _title_text(rng, plan.name_words) if not index else "Cryptome"
        r = rng.random()
        forced_modes = {"h1-title": "h1", "h2-title": "h2", "no-title": "none"}
        if forced in forced_modes:
            mode = forced_modes[forced]
        elif index or r < 0.80:
            mode = "title"
        elif r < 0.88:
            mode = "h1"
        elif r < 0.93:
            mode = "h2"
        else:
            mode = "none"
        title: str | None = title_text
        heading: str | None = None
        heading_tag = "h1"
        section_tag = "h2"
        if mode == "title":
            if rng.random() < 0.5:
                heading = title_text
        elif mode in ("h1", "h2"):
            heading, heading_tag, title = title_text, mode, None
            section_tag = "h2" if mode == "h1" else "h3"
        else:
            title = None
        sections: list[tuple[int, str]] = []
        if mode != "none":
            for i in range(1, len(paras)):
                if rng.random() < 0.3:
                    sections.append((i, _title_text(rng, [])))

        enc, declared, style = "utf-8", None, "meta"
        rd = rng.random()
        variant = forced if forced and forced.startswith(("cp1252", "latin1")) else None
        if variant is None and rd < 0.05:
            variant = rng.choice(
                ["cp1252-declared", "cp1252-mislabelled", "cp1252-undeclared", "latin1-declared"]
            )
        if variant == "cp1252-declared":
            enc, declared = "cp1252", "windows-1252"
            style = rng.choice(["meta", "http-equiv"])
        elif variant == "cp1252-mislabelled":
            enc, declared = "cp1252", "utf-8"
            style = rng.choice(["meta", "http-equiv"])
        elif variant == "cp1252-undeclared":
            enc, declared = "cp1252", None
        elif variant == "latin1-declared":
            enc, declared, style = "iso-8859-1", "iso-8859-1", "http-equiv"
        else:
            x = rng.random()
            declared = "utf-8" if x < 0.7 else None
            style = "meta" if x < 0.5 else "http-equiv"

        texts = [_render_para(p) for p in paras]
        extra = ""
        if enc != "utf-8" or rng.random() < 0.05:
            # guarantees non-ASCII bytes: a mislabelled page is then really invalid UTF-8
            extra = _smart_sentence(rng, enc != "iso-8859-1")
            texts[0] = texts[0] + " " + extra

        meta_date: str | None = None
        if forced == "meta-date" or (not index and rng.random() < 0.3):
            if plan.date_exact is not None:
                meta_date = plan.date_exact
            elif plan.period is not None:
                y, m, d = _random_day_in(rng, plan.period[0], plan.period[1])
                meta_date = f"{y:04d}-{m:02d}-{d:02d}"
        banner = BANNER_TEXT if (forced == "banner" or rng.random() < 0.3) else None
        if index:
            banner = None

        n_links = rng.choice((0, 2, 3, 4, 6, 8)) if not index else 12
        hrefs, local, anchors = self._links(rng, t, n_links)
        if index:
            # the odd names must be reachable by a link at least once
            for p in self.plans:
                if (
                    p.gen in ("accented-name", "deep")
                    and p.truth.disc == t.disc
                    and p.truth.path not in local
                ):
                    hrefs.append(urllib.parse.quote(p.truth.path))
                    local.append(p.truth.path)
                    anchors.append("special page")
        images: list[str] = []
        if self.images and rng.random() < 0.1:
            it = rng.choice(self.images)
            rel = posixpath.relpath(it.path, posixpath.dirname(t.path) or ".")
            images.append(urllib.parse.quote(rel))
            local.append(it.path)

        data = html_bytes(
            title,
            texts,
            links=hrefs,
            anchors=anchors,
            heading=heading,
            heading_tag=heading_tag,
            encoding=enc,
            declared=declared,
            declare_style=style,
            meta_date=meta_date,
            banner=banner,
            images=images,
            sections=sections,
            section_tag=section_tag,
        )
        t.title = title if title is not None else heading
        if meta_date is not None and t.date is None:
            t.date = meta_date
        t.encoding = enc
        t.declared_encoding = declared
        t.accented_words = _accented_in(paras, extra + " " + (title or heading or ""))
        for _, sec in sections:
            t.accented_words = sorted(set(t.accented_words) | set(_accented_in([], sec)))
        # document order: <img> elements come before the link list
        t.links = images + hrefs
        t.local_link_targets = local[len(local) - len(images) :] + local[: len(local) - len(images)]
        t.has_banner = banner is not None
        return data

    # -- txt -------------------------------------------------------------------------------

    def txt_text(
        self, rng: random.Random, phrase: str, rare: str, heading: str | None
    ) -> tuple[str, list[list[list[str]]]]:
        paras = _make_body(rng, rng.randint(2, 7), (40, 160))
        _plant(rng, paras, phrase.replace(" ", "\x00"))
        _plant(rng, paras, rare)
        lines: list[str] = []
        if heading:
            lines += [heading.upper() if rng.random() < 0.5 else heading, ""]
        for p in paras:
            # the phrase is one NUL-joined token while wrapping so it never spans two lines
            lines += textwrap.wrap(_render_para(p), 72, break_on_hyphens=False)
            lines.append("")
        text = "\n".join(lines).replace("\x00", " ")
        for p in paras:
            for s in p:
                for i, w in enumerate(s):
                    if "\x00" in w:
                        s[i] = w.replace("\x00", " ")
        return text, paras

    def txt(self, plan: _Plan) -> bytes:
        t = plan.truth
        rng = self.rng_for(t)
        assert t.phrase is not None and t.rare_word is not None
        heading = _title_text(rng, plan.name_words) if rng.random() < 0.7 else None
        text, paras = self.txt_text(rng, t.phrase, t.rare_word, heading)
        if plan.date_exact is not None and rng.random() < 0.5:
            y, m, d = (int(x) for x in plan.date_exact.split("-"))
            text = f"{d} {_MONTHS[m - 1]} {y}\n\n{text}"
        enc = "cp1252" if plan.forced == "cp1252" or rng.random() < 0.05 else "utf-8"
        extra = ""
        if enc == "cp1252":
            extra = _smart_sentence(rng, True)
            text = extra + "\n\n" + text
        if rng.random() < 0.2:
            text = text.replace("\n", "\r\n")  # DOS-era files
        t.encoding = enc
        t.title = None  # plain text has no title; a reader may fall back to the name
        t.accented_words = _accented_in(paras, extra + " " + (heading or ""))
        return text.encode(enc)

    # -- pdf -------------------------------------------------------------------------------

    def pdf_pages(
        self,
        rng: random.Random,
        n_pages: int,
        *,
        phrase: str | None,
        rare: str | None,
        title: str | None,
        text_pages: Sequence[int],
    ) -> tuple[list[str], int | None, list[str]]:
        pages: list[str] = []
        phrase_page = rng.choice(text_pages) if phrase is not None and text_pages else None
        rare_page = rng.choice(text_pages) if rare is not None and text_pages else None
        accented: set[str] = set()
        for n in range(1, n_pages + 1):
            paras = _make_body(rng, rng.randint(2, 4), (30, 90))
            if n == phrase_page and phrase is not None:
                _plant(rng, paras, phrase.replace(" ", "\x00"))
            if n == rare_page and rare is not None:
                _plant(rng, paras, rare)
            lines: list[str] = []
            if n == 1 and title:
                lines += [title, ""]
            for p in paras:
                lines += textwrap.wrap(_render_para(p), PDF_COLUMNS - 4, break_on_hyphens=False)
                lines.append("")
            # at most 4 x 90 words: always fits on one page, so nothing planted is cut off
            assert len(lines) <= PDF_MAX_LINES
            pages.append("\n".join(lines).replace("\x00", " "))
            if n in text_pages:
                for p in paras:
                    for s in p:
                        for w in s:
                            if w.rstrip(",") in _vocab().accented:
                                accented.add(w.rstrip(","))
        return pages, phrase_page, sorted(accented)

    def pdf(self, plan: _Plan) -> bytes:
        t = plan.truth
        rng = self.rng_for(t)
        gen = plan.gen
        forced = plan.forced
        n_pages = (
            1
            if gen == "pdf-truncated"
            else rng.randint(2, 4)
            if forced in ("multi-page", "mixed-scan")
            else rng.choice((1, 1, 2, 2, 3, 4))
        )
        if forced == "mixed-scan" and n_pages < 2:
            n_pages = 2
        scanned: list[int] = []
        if gen == "pdf-scanned" or (gen == "pdf" and forced is None and rng.random() < 0.05):
            # a page image costs ~5 KB; two at most keeps the file well under 20 KB
            n_pages = min(n_pages, 2)
            scanned = list(range(1, n_pages + 1))
        elif forced == "mixed-scan" or (gen == "pdf" and rng.random() < 0.03 and n_pages > 1):
            scanned = [n_pages]
        text_pages = [n for n in range(1, n_pages + 1) if n not in scanned]
        title = _title_text(rng, plan.name_words) if rng.random() < 0.8 else None
        if not text_pages:
            # a scan carries no findable text: no planted truth
            t.phrase = t.rare_word = None
        pdf_date = plan.date_exact
        if pdf_date is None and plan.period is not None and rng.random() < 0.5:
            y, m, d = _random_day_in(rng, plan.period[0], plan.period[1])
            pdf_date = f"{y:04d}-{m:02d}-{d:02d}"
            t.date = pdf_date
        pages, phrase_page, accented = self.pdf_pages(
            rng, n_pages, phrase=t.phrase, rare=t.rare_word, title=title, text_pages=text_pages
        )
        t.title = title
        t.pages = n_pages
        t.phrase_page = phrase_page
        t.scanned = bool(scanned) and not text_pages
        t.accented_words = accented
        if gen == "pdf-truncated":
            t.phrase = t.rare_word = None
            t.phrase_page = None
            t.pages = None
            t.accented_words = []
            return _truncated_pdf(pages[0])
        if gen == "pdf-user":
            return pdf_bytes(pages, title=title, date=pdf_date, user_password="secret",
                             owner_password="owner")  # fmt: skip
        if gen == "pdf-owner":
            return pdf_bytes(pages, title=title, date=pdf_date, owner_password="owner")
        return pdf_bytes(pages, title=title, date=pdf_date, scanned_pages=scanned)

    # -- image, zip, other -----------------------------------------------------------------

    def image(self, plan: _Plan) -> bytes:
        t = plan.truth
        rng = self.rng_for(t)
        ext = t.path.rsplit(".", 1)[-1].lower()
        fmt = {"jpg": "JPEG", "png": "PNG", "gif": "GIF"}[ext]
        exif: str | None = None
        if fmt == "JPEG" and (plan.forced == "jpeg-exif" or rng.random() < 0.5):
            if plan.date_exact is not None:
                y, m, d = (int(x) for x in plan.date_exact.split("-"))
            else:
                assert plan.period is not None
                y, m, d = _random_day_in(rng, plan.period[0], plan.period[1])
                t.date = f"{y:04d}-{m:02d}-{d:02d}"
            exif = f"{y:04d}:{m:02d}:{d:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
        w, h = rng.randint(60, 200), rng.randint(40, 150)
        return image_bytes(w, h, fmt, exif_date=exif, seed=rng.randrange(2**31))

    def zip(self, plan: _Plan) -> bytes:
        t = plan.truth
        rng = self.rng_for(t)
        (p1, r1), (p2, r2) = plan.member_phrases
        y, m, d = (int(x) for x in (plan.date_exact or f"{t.year or 2000}-01-01").split("-"))
        members: dict[str, bytes] = {}
        truths: list[FileTruth] = []
        base = posixpath.splitext(posixpath.basename(t.path))[0]

        def add(name: str, kind: str, data: bytes, **kw: object) -> None:
            members[name] = data
            mt = FileTruth(path=name, disc=t.disc, kind=kind, container=t.path, size=len(data))
            for k, v in kw.items():
                setattr(mt, k, v)
            truths.append(mt)

        text, paras = self.txt_text(rng, p1, r1, None)
        txt_name = "../evil.txt" if plan.gen == "evil-zip" else f"{base}.txt"
        add(
            txt_name,
            "txt",
            text.encode("utf-8"),
            phrase=p1,
            rare_word=r1,
            encoding="utf-8",
            accented_words=_accented_in(paras),
            expected_state="skipped" if plan.gen == "evil-zip" else "indexed",
        )
        hparas = _make_body(rng, rng.randint(2, 4), (40, 120))
        _plant(rng, hparas, p2)
        _plant(rng, hparas, r2)
        htitle = _title_text(rng, plan.name_words)
        hname = "notes/readme.htm" if plan.gen == "evil-zip" else f"{base}.htm"
        add(
            hname,
            "html",
            html_bytes(htitle, [_render_para(p) for p in hparas]),
            title=htitle,
            phrase=p2,
            rare_word=r2,
            encoding="utf-8",
            declared_encoding="utf-8",
            accented_words=_accented_in(hparas, htitle),
        )
        add("photo.jpg", "image", image_bytes(80, 60, "JPEG", seed=rng.randrange(2**31)))
        t.members = truths
        return zip_bytes(members, date_time=(y, m, d, 12, 0, 0))

    def other(self, plan: _Plan) -> bytes:
        rng = self.rng_for(plan.truth)
        n = rng.randint(1500, 6000)
        if plan.truth.path.endswith(".mp3"):
            return _mp3_blob(rng, n)
        return _doc_blob(rng, n)

    def generate(self, plan: _Plan) -> bytes | None:
        """File bytes, or None when the plan is a symlink (written by the caller)."""
        g = plan.gen
        t = plan.truth
        if g in ("html", "accented-name", "deep"):
            return self.html(plan)
        if g == "index":
            return self.html(plan, index=True)
        if g == "txt":
            return self.txt(plan)
        if g.startswith("pdf"):
            return self.pdf(plan)
        if g == "image":
            return self.image(plan)
        if g in ("zip", "evil-zip"):
            return self.zip(plan)
        if g == "other":
            return self.other(plan)
        if g == "empty":
            t.encoding = None
            return b""
        if g == "symlink-outside":
            return None
        raise AssertionError(g)


_WORKER: list[_Gen] = []  # the generator handed to forked workers


def _write_chunk(indices: range) -> list[tuple[int, FileTruth]]:
    gen = _WORKER[0]
    return [(i, _write_one(gen, gen.plans[i])) for i in indices]


def _write_one(gen: _Gen, plan: _Plan) -> FileTruth:
    """Generate and write one planned file; fills in and returns its truth."""
    t = plan.truth
    dest = gen.discs[t.disc - 1] / t.path
    if dest.parent not in gen.made_dirs:
        dest.parent.mkdir(parents=True, exist_ok=True)
        gen.made_dirs.add(dest.parent)
    data = gen.generate(plan)
    if t.date is None:
        t.date = _period_date(plan.period)
    mtime = _mtime(gen.seed, t.disc, t.path, t.date)
    if data is None:
        os.symlink(SYMLINK_OUTSIDE_TARGET, dest)
        t.symlink_target = SYMLINK_OUTSIDE_TARGET
        t.size = 0
        os.utime(dest, (mtime, mtime), follow_symlinks=False)
    else:
        dest.write_bytes(data)
        os.utime(dest, (mtime, mtime))
        t.size = len(data)
    return t


def _mtime(seed: int, disc: int, path: str, date: str | None) -> int:
    # a fixed, plausible time: the file's own date at noon UTC plus a per-path offset
    y, m, d = 2014, 12, 31
    if date:
        parts = [int(x) for x in date.split("-")]
        y = parts[0]
        m = parts[1] if len(parts) > 1 else 1
        d = parts[2] if len(parts) > 2 else 1
    base = calendar.timegm((y, m, d, 12, 0, 0, 0, 0, 0))
    return base + zlib.crc32(f"{seed}:{disc}:{path}".encode()) % 36000


def build_archive(
    out: Path,
    files: int = 200,
    seed: int = 1,
    *,
    discs: int = 1,
    awkward: bool = True,
    site_url: str = "http://cryptome.org/",
    archive_toml: bool | None = None,
    workers: int = 1,
) -> Manifest:
    """Write a synthetic archive of exactly ``files`` file entries into ``out``.

    ``out`` must be missing or empty. With ``discs`` > 1 the year folders are split over
    ``out/disc1`` ... ``out/discN``; ``archive_toml`` (default: only when discs > 1) writes
    an ``archive.toml`` in each disc root (not counted in ``files``, not in the manifest).
    ``workers`` > 1 forks that many writer processes (POSIX only); the output is the same.
    It only pays off with idle cores and a fast disk: the time goes mostly to file writes.
    """
    out = Path(out)
    if discs < 1 or discs > len(YEARS):
        raise ValueError("discs must be between 1 and 19")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    roots = [out] if discs == 1 else [out / f"disc{i}" for i in range(1, discs + 1)]
    plans, disc_of, dir_links, _ = _plan(files, seed, discs, awkward)
    gen = _Gen(seed, site_url, roots, plans)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        # Every file depends only on the plan and its own seeded RNG, so writing them in
        # parallel gives the same bytes; fork shares the plan without pickling it.
        _WORKER.append(gen)
        try:
            chunks = [range(i, min(i + 250, len(plans))) for i in range(0, len(plans), 250)]
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for results in pool.imap_unordered(_write_chunk, chunks):
                    for i, truth in results:
                        plans[i].truth = truth
        finally:
            _WORKER.clear()
    else:
        for plan in plans:
            _write_one(gen, plan)

    for link, target in dir_links.items():
        dest = roots[disc_of[int(link[:4])] - 1] / link
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, dest, target_is_directory=True)
        os.utime(dest, (946728000, 946728000), follow_symlinks=False)

    write_toml = discs > 1 if archive_toml is None else archive_toml
    for i, root in enumerate(roots, start=1):
        if write_toml:
            toml = (
                f'title = "Cryptome Archive (synthetic, seed {seed})"\n'
                f'set_id = "cryptome-synthetic-{seed}"\n'
                f"disc = {i}\n"
                f"disc_count = {discs}\n"
                f'base_url = "{site_url}"\n'
            )
            (root / "archive.toml").write_text(toml, encoding="utf-8")
            os.utime(root / "archive.toml", (946728000, 946728000))
    # directories last: creating files inside them changed their mtimes
    for root in roots:
        for dirpath, _dirnames, _files in os.walk(root, topdown=False):
            rel = os.path.relpath(dirpath, out)
            mt = 946728000 + zlib.crc32(f"{seed}:{rel}".encode()) % 86400
            os.utime(dirpath, (mt, mt))
    if discs > 1:
        os.utime(out, (946728000, 946728000))

    # the manifest lists files in a stable order: by disc, then path
    truths = sorted((p.truth for p in plans), key=lambda f: (f.disc, f.path))
    return Manifest(
        root=out,
        discs=roots,
        seed=seed,
        site_url=gen.site_url,
        banner_text=BANNER_TEXT,
        files=truths,
        dir_symlinks=dict(dir_links),
    )


def iter_tree(root: Path) -> Iterator[tuple[str, str, bytes, int]]:
    """(relative path, "f"/"l"/"d", content or link target, mtime ns) of every entry, sorted.

    Does not follow symlinks, so the loop is listed once.
    """
    entries: list[tuple[str, str, bytes, int]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root).replace(os.sep, "/")
            st = os.lstat(p)
            if os.path.islink(p):
                entries.append((rel, "l", os.readlink(p).encode(), st.st_mtime_ns))
            elif os.path.isdir(p):
                entries.append((rel, "d", b"", st.st_mtime_ns))
            else:
                entries.append((rel, "f", Path(p).read_bytes(), st.st_mtime_ns))
    yield from sorted(entries)


def tree_digest(root: Path) -> str:
    """SHA-256 over names, types, contents, link targets and mtimes of the whole tree."""
    h = hashlib.sha256()
    for rel, typ, content, mtime in iter_tree(root):
        h.update(f"{rel}\0{typ}\0{mtime}\0".encode())
        h.update(hashlib.sha256(content).digest())
    return h.hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.archive_factory", description=__doc__)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--discs", type=int, default=1)
    ap.add_argument("--no-awkward", action="store_true", help="leave out the odd files")
    ap.add_argument("--site-url", default="http://cryptome.org/")
    ap.add_argument("--manifest", type=Path, help="where to write the JSON manifest")
    ap.add_argument("--workers", type=int, default=1, help="writer processes (POSIX)")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    if args.manifest is not None:
        mpath = args.manifest.resolve()
        if mpath == out or out in mpath.parents:
            ap.error("the manifest must not be written inside the archive tree")
    t0 = time.perf_counter()
    manifest = build_archive(
        out,
        args.files,
        args.seed,
        discs=args.discs,
        awkward=not args.no_awkward,
        site_url=args.site_url,
        workers=args.workers,
    )
    secs = time.perf_counter() - t0
    if args.manifest is not None:
        args.manifest.write_text(manifest.to_json(), encoding="utf-8")
    total = sum(f.size for f in manifest.files)
    print(f"{len(manifest.files)} files, {total} bytes, {secs:.1f} s -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
