"""A corpus of real documents, none written by this project, for the relevance benchmark.

Debian's own documentation packages are downloaded (``apt-get download``, cached in
``<work>/real/debs/``), unpacked with ``dpkg-deb -x`` and the kinds the app reads are copied
into one archive folder, ``<work>/real/REAL_DOCS/<package>/<path>``:

- HTML with navigation on every page: the kernel's, Python's, Django's and Sphinx-built
  docs, git's, PostgreSQL's, Apache's manual (12 languages), vim's, the Debian handbook (26
  languages: near-identical pages, accented French, German, Spanish text), debian-reference;
- text: reST sources (the kernel's ``Documentation/*.rst`` with their SPDX first lines,
  Sphinx ``_sources``), plain-text docs, git's and vim's help, TeX Live READMEs and notes;
- long PDFs: TeX Live documentation (``pgfmanual.pdf``, ~1,300 pages, and a few hundred
  more, several hundred pages each), in English, French, German, Italian, ...;
- a few images.

Files in legacy encodings are found, not made: a text or HTML file that is not valid UTF-8
is one (its encoding as charset-normalizer guesses it goes in the manifest). TeX Live and
vim carry real Latin-1/cp1252 files under extensions the app does not read (``.tex``,
``.dtx``, vim's ``tutor.fr``): those are copied with ``.txt`` appended, bytes unchanged, as
are extensionless ``README``-style notes. Real legacy files being too few for a fair test,
``REAL_DOCS/_reencoded-cp1252/`` adds real UTF-8 French, German, Spanish and Italian files
re-encoded to cp1252 or Latin-1 (HTML pages with their ``charset`` declaration changed to
match); the manifest says which is which.

Idempotent: ``<work>/real/complete`` makes a second run a no-op. Package versions are the
ones the mirror serves on the day (recorded in the manifest); the downloaded ``.deb`` files
are kept, so a rebuild from the cache is byte-for-byte the same.

    python -m tests.benchmarks.real_corpus --work .bench
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

CORPUS_VERSION = "1"
LABEL = "REAL_DOCS"
REENCODED = "_reencoded-cp1252"
IMAGES_PER_SOURCE = 12
REENCODE_MAX = 400
SEED = 1

HTML_EXT = frozenset({"html", "htm"})
TEXT_EXT = frozenset({"txt", "rst", "md", "markdown", "text"})
IMAGE_EXT = frozenset({"png", "jpg", "jpeg", "gif"})
# Text under extensions the app does not read; kept (as NAME.txt) only when legacy-encoded.
LEGACY_EXTRA_EXT = frozenset(
    {"tex", "dtx", "ins", "bib", "sty", "cls", "ltx", "faq", "sgml", "latin1", "chs", "tst"}
)
# Extensionless notes kept as NAME.txt (README, LISEZMOI, Liesmich, CHANGES, ...).
_NOTE_NAME = re.compile(
    r"^(?:READ-?ME|LISEZ-?MOI|LIESMICH|LEEME|LEIAME|LEGGIMI|CHANGES|CHANGELOG|ChangeLog|NEWS"
    r"|TODO|INSTALL|HISTORY|THANKS|AUTHORS|BUGS|FAQ)(?:[._-][A-Za-z]{2,5})?$",
    re.I,
)
# Debian's packaging files, not the documents.
_DEBIAN_FILES = re.compile(r"^(?:copyright|changelog\.Debian.*|NEWS\.Debian.*|README\.Debian.*)$")
_CHARSET_DECL = re.compile(rb"""(charset\s*=\s*["']?\s*|encoding\s*=\s*["'])utf-?8""", re.I)


@dataclass(frozen=True)
class Source:
    """One Debian package and the part of its tree to take.

    ``root``: the folder inside the unpacked package; ``only``: path prefixes under it to
    keep (all when empty); ``reencode``: patterns of paths (as under REAL_DOCS) of real
    UTF-8 files to copy again in a legacy encoding.
    """

    package: str
    root: str = "usr/share/doc"
    only: tuple[str, ...] = ()
    legacy_extra: bool = False  # look for legacy-encoded TeX sources and notes
    reencode: tuple[str, ...] = ()


SOURCES: tuple[Source, ...] = (
    Source("linux-doc-6.1", reencode=(r"Documentation/translations/it_IT/.*\.rst$",)),
    Source("python3.11-doc", only=("python3.11/",)),
    Source("python-django-doc"),
    Source("git-doc"),
    Source("postgresql-doc-15"),
    Source("apache2-doc"),
    Source("vim-doc"),
    Source("vim-runtime", root="usr/share/vim/vim90", only=("doc/", "tutor/"), legacy_extra=True),
    Source(
        "debian-handbook",
        reencode=(r"html/(?:fr-FR|de-DE|es-ES)/[^/]*\.html$",),
    ),
    Source("debian-reference-en", root="usr/share/debian-reference"),
    Source("debian-reference-fr", root="usr/share/debian-reference"),
    Source("debian-reference-de", root="usr/share/debian-reference"),
    Source("debian-reference-es", root="usr/share/debian-reference"),
    Source("maint-guide"),
    Source("maint-guide-fr"),
    Source("texlive-pictures-doc", legacy_extra=True),
    Source("texlive-latex-base-doc", legacy_extra=True),
    Source("texlive-latex-recommended-doc", legacy_extra=True),
    Source("texlive-science-doc", legacy_extra=True),
    Source("texlive-lang-french", only=("texlive-doc/",), legacy_extra=True, reencode=(".",)),
    Source("texlive-lang-german", only=("texlive-doc/",), legacy_extra=True, reencode=(".",)),
    Source("texlive-lang-european", only=("texlive-doc/",), legacy_extra=True),
    Source("texlive-lang-spanish", only=("texlive-doc/",), legacy_extra=True, reencode=(".",)),
    Source("texlive-lang-italian", only=("texlive-doc/",), legacy_extra=True, reencode=(".",)),
    Source("texlive-lang-portuguese", only=("texlive-doc/",), legacy_extra=True),
)


@dataclass
class Picked:
    rel: str  # path under REAL_DOCS
    kind: str  # html, text, pdf, image
    size: int
    encoding: str = ""  # set for legacy-encoded files
    origin: str = ""  # "real" or "reencoded" for legacy-encoded files


@dataclass
class Built:
    root: Path
    manifest: dict[str, Any]
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        m = self.manifest
        kinds: dict[str, dict[str, int]] = m["kinds"]
        legacy: dict[str, int] = m["legacy_by_encoding"]
        out = [
            *self.notes,
            f"corpus                    {self.root} ({m['files']:,} files, "
            f"{int(m['bytes']) / 1e6:,.0f} MB)",
            "kinds                     "
            + ", ".join(
                f"{k} {v['files']:,} ({v['bytes'] / 1e6:,.0f} MB)" for k, v in kinds.items()
            ),
            f"legacy-encoded            {m['legacy_real']} real + {m['legacy_reencoded']} "
            "re-encoded (charset-normalizer's guess for the real ones): "
            + ", ".join(f"{e} {n}" for e, n in list(legacy.items())[:6])
            + f", {sum(list(legacy.values())[6:])} in {max(0, len(legacy) - 6)} others",
        ]
        if self.seconds:
            out.append(f"built in                  {self.seconds:.0f} s")
        return out


def corpus_dir(work: Path) -> Path:
    return work / "real"


def corpus_root(work: Path) -> Path:
    """The archive folder the app indexes (its name is the volume label)."""
    return corpus_dir(work) / LABEL


def _ext(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _legacy_encoding(data: bytes) -> str | None:
    """None for UTF-8 (or ASCII); else charset-normalizer's guess ("unknown" if none)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data[:200_000]).best()
        return _codec(best.encoding) if best is not None else "unknown"
    return None


def _codec(name: str) -> str:
    """One name per encoding (latin-1, latin_1 and iso-8859-1 are all iso8859-1)."""
    return codecs.lookup(name).name


def _is_text(data: bytes) -> bool:
    return bool(data) and b"\0" not in data[:8192]


def _download(debs: Path, package: str) -> Path:
    """The package's .deb in the cache, downloaded first if missing."""
    found = sorted(debs.glob(f"{package}_*.deb"))
    if found:
        return found[-1]
    cmd = ["apt-get", "download", "-q", package]
    res = subprocess.run(cmd, cwd=debs, capture_output=True, text=True, check=False)
    if res.returncode != 0 and os.geteuid() == 0:
        # A fresh machine has no package lists yet.
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, check=False)
        res = subprocess.run(cmd, cwd=debs, capture_output=True, text=True, check=False)
    found = sorted(debs.glob(f"{package}_*.deb"))
    if res.returncode != 0 or not found:
        raise RuntimeError(f"apt-get download {package} failed: {res.stderr.strip()[-500:]}")
    return found[-1]


def _deb_field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def _reencode(data: bytes, kind: str, turn: int) -> tuple[bytes, str] | None:
    """``data`` (real UTF-8 with accented letters) in cp1252, or in Latin-1 every other
    time when it fits; None for near-ASCII text or text neither can hold. HTML keeps every
    character (references for the few the encoding lacks) and its charset declaration is
    changed to match; a page without one is left out (it would be misread)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if sum(1 for ch in text if ord(ch) > 127 and ch.isalpha()) < 20:
        return None
    if kind == "html":
        enc, label = ("latin-1", b"iso-8859-1") if turn % 2 else ("cp1252", b"windows-1252")
        declared = _CHARSET_DECL.sub(lambda m: m.group(1) + label, data)
        if declared == data:
            return None
        return declared.decode("utf-8").encode(enc, errors="xmlcharrefreplace"), enc
    for enc in ("latin-1", "cp1252") if turn % 2 else ("cp1252",):
        try:
            return text.encode(enc), enc
        except UnicodeEncodeError:
            continue
    return None


def _take(
    src: Source, unpacked: Path, dest: Path
) -> tuple[list[Picked], list[tuple[str, bytes, str]]]:
    """Copy the wanted files of one unpacked package into ``dest``/<package>/.

    Returns what was copied and the candidates for re-encoding (rel, bytes, kind).
    """
    base = unpacked / src.root
    picked: list[Picked] = []
    candidates: list[tuple[str, bytes, str]] = []
    images: list[tuple[str, Path]] = []
    patterns = [re.compile(p) for p in src.reencode]
    for path in sorted(p for p in base.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(base).as_posix()
        if src.only and not rel.startswith(src.only):
            continue
        parts = rel.split("/")
        if len(parts) == 2 and _DEBIAN_FILES.match(parts[1]):
            continue
        if parts[0] == src.package and len(parts) > 1:
            parts = parts[1:]  # usr/share/doc/PKG/...: the package's name once is enough
        name = parts[-1]
        data: bytes | None = None
        if name.endswith(".gz"):
            name = name[:-3]
            try:
                data = gzip.decompress(path.read_bytes())
            except (OSError, EOFError, zlib.error):
                continue
        ext = _ext(name)
        if ext in HTML_EXT:
            kind = "html"
        elif ext in TEXT_EXT:
            kind = "text"
        elif ext == "pdf":
            kind = "pdf"
        elif ext in IMAGE_EXT:
            images.append(("/".join([*parts[:-1], name]), path))
            continue
        else:
            # Notes without an extension, and legacy-encoded TeX sources or vim tutors, are
            # kept as NAME.txt, their bytes unchanged (the app picks the reader by extension).
            tex = src.legacy_extra and (ext in LEGACY_EXTRA_EXT or parts[0] == "tutor")
            if not ((not ext and _NOTE_NAME.match(name)) or tex):
                continue
            if data is None:
                data = path.read_bytes()
            if not _is_text(data) or (tex and _legacy_encoding(data) is None):
                continue
            name += ".txt"
            kind = "text"
        if data is None:
            data = path.read_bytes()
        if kind != "pdf" and not _is_text(data):
            continue
        out_rel = "/".join([src.package, *parts[:-1], name])
        target = dest / out_rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        p = Picked(out_rel, kind, len(data))
        if kind in ("html", "text") and (enc := _legacy_encoding(data)) is not None:
            p.encoding, p.origin = enc, "real"
        picked.append(p)
        if kind in ("html", "text") and not p.encoding and any(r.search(out_rel) for r in patterns):
            candidates.append((out_rel, data, kind))
    # A few images per package, evenly spread in path order.
    if images:
        step = max(1, len(images) // IMAGES_PER_SOURCE)
        for rel_img, path in images[::step][:IMAGES_PER_SOURCE]:
            data = path.read_bytes()
            target = dest / src.package / rel_img
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            picked.append(Picked(f"{src.package}/{rel_img}", "image", len(data)))
    return picked, candidates


def build_corpus(work: Path, *, quiet: bool = False) -> Built:
    """Build the corpus under ``work``/real once; later calls only read its manifest."""
    top = corpus_dir(work).resolve()
    root = top / LABEL
    stamp = top / "complete"
    manifest_path = top / "manifest.json"
    if stamp.exists() and stamp.read_text().strip() == CORPUS_VERSION and root.is_dir():
        manifest = json.loads(manifest_path.read_text())
        return Built(root, manifest, notes=[f"corpus already built ({stamp} exists)"])
    if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
        raise RuntimeError("the real corpus needs apt-get and dpkg-deb (Debian or Ubuntu)")
    started = time.perf_counter()
    debs = top / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    partial = top / (LABEL + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    unpack = top / "unpack"
    rng = random.Random(f"real-corpus:{SEED}")
    picked: list[Picked] = []
    candidates: list[tuple[str, bytes, str]] = []
    versions: dict[str, str] = {}
    for src in SOURCES:
        t0 = time.perf_counter()
        deb = _download(debs, src.package)
        versions[src.package] = _deb_field(deb, "Version")
        shutil.rmtree(unpack, ignore_errors=True)
        unpack.mkdir()
        subprocess.run(["dpkg-deb", "-x", str(deb), str(unpack)], check=True)
        got, cands = _take(src, unpack, partial)
        picked += got
        candidates += cands
        if not quiet:
            counts = Counter(p.kind for p in got)
            print(
                f"  {src.package:<30} {versions[src.package]:<24} "
                + ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
                + f"  ({time.perf_counter() - t0:.0f} s)",
                flush=True,
            )
    shutil.rmtree(unpack, ignore_errors=True)
    # Legacy encodings made from real UTF-8 files: a seeded sample of those that can be.
    candidates = sorted(
        (c for c in candidates if _reencode(c[1], c[2], 0) is not None), key=lambda c: c[0]
    )
    if len(candidates) > REENCODE_MAX:
        candidates = sorted(rng.sample(candidates, REENCODE_MAX), key=lambda c: c[0])
    for turn, (rel, data, kind) in enumerate(candidates):
        made = _reencode(data, kind, turn)
        assert made is not None
        body, enc = made
        out_rel = f"{REENCODED}/{rel}"
        target = partial / out_rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        picked.append(Picked(out_rel, kind, len(body), _codec(enc), "reencoded"))
    shutil.rmtree(root, ignore_errors=True)
    partial.rename(root)
    manifest = _manifest(picked, versions)
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    (top / "manifest.txt").write_text(_manifest_text(manifest))
    stamp.write_text(CORPUS_VERSION)
    return Built(root, manifest, time.perf_counter() - started)


def _manifest(picked: list[Picked], versions: dict[str, str]) -> dict[str, Any]:
    kinds: dict[str, dict[str, int]] = {}
    per_source: dict[str, dict[str, int]] = {}
    for p in sorted(picked, key=lambda p: p.rel):
        k = kinds.setdefault(p.kind, {"files": 0, "bytes": 0})
        k["files"] += 1
        k["bytes"] += p.size
        source = p.rel.split("/")[1] if p.rel.startswith(REENCODED) else p.rel.split("/")[0]
        key = f"{REENCODED}/{source}" if p.rel.startswith(REENCODED) else source
        s = per_source.setdefault(key, {"bytes": 0})
        s[p.kind] = s.get(p.kind, 0) + 1
        s["bytes"] += p.size
    legacy = [p for p in picked if p.encoding]
    return {
        "corpus_version": CORPUS_VERSION,
        "label": LABEL,
        "files": len(picked),
        "bytes": sum(p.size for p in picked),
        "kinds": dict(sorted(kinds.items())),
        "sources": per_source,
        "package_versions": versions,
        "legacy_real": sum(1 for p in legacy if p.origin == "real"),
        "legacy_reencoded": sum(1 for p in legacy if p.origin == "reencoded"),
        "legacy_by_encoding": dict(Counter(p.encoding for p in legacy).most_common()),
        "legacy": {
            p.rel: f"{p.encoding} ({p.origin})" for p in sorted(legacy, key=lambda p: p.rel)
        },
    }


def _manifest_text(m: dict[str, Any]) -> str:
    sources: dict[str, dict[str, int]] = m["sources"]
    versions: dict[str, str] = m["package_versions"]
    lines = [
        f"{LABEL}: {m['files']:,} files, {m['bytes']:,} bytes",
        f"legacy-encoded: {m['legacy_real']} real, {m['legacy_reencoded']} re-encoded "
        f"{m['legacy_by_encoding']}",
        "",
        f"{'source':<46} {'html':>6} {'text':>6} {'pdf':>5} {'image':>5} {'MB':>8}  version",
    ]
    for name, s in sources.items():
        lines.append(
            f"{name:<46} {s.get('html', 0):>6} {s.get('text', 0):>6} {s.get('pdf', 0):>5} "
            f"{s.get('image', 0):>5} {s['bytes'] / 1e6:>8.1f}  {versions.get(name, '')}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.real_corpus")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("BENCH_DIR", ".bench")))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print("== real corpus ==", flush=True)
    built = build_corpus(args.work)
    for line in built.lines():
        print("  " + line)
    if not built.seconds:
        return
    print(f"  manifest                  {corpus_dir(args.work).resolve() / 'manifest.txt'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
