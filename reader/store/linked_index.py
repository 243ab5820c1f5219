"""A disc's ready-made index searched where it lies.

tantivy takes a lock file and rewrites `meta.json` in the index folder, so it cannot open an
index on read-only media (a burned disc). It never writes to a segment file once made,
though, and reads them through mmap. So the archive's index folder holds the few small
files tantivy rewrites (copied: a few KB) and a symbolic link to each segment file on the
disc. Searching reads only the pages of the disc's files that a query touches; an indexing
run that finds a changed file writes its new segment and deletion files beside the links;
tantivy's clean-up of a segment it no longer needs removes the link, never the disc's file.

Every disc of a set carries the same index, so the links may point into whichever disc of
the set is inserted: `relink` repoints them when the disc they named is gone (ejected,
mounted elsewhere) and another copy is here. With none here, the index cannot be read; the
archive says which discs to insert, and nothing is rebuilt.

`linked.json`, beside the catalogue, says the index is linked: the size of every linked
file (a copy on another disc must match), and the labels of the discs that carry it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

LINKS_FILE = "linked.json"
# A segment's files are named by its 32-hex id (`<id>.store`, `<id>.<opstamp>.del`): those
# are written once and only read afterwards, so they can stay on the disc.
_SEGMENT_FILE = re.compile(r"^[0-9a-f]{32}\.")
# Other files never written in place: the index writer's banner counts (reader.store.writer)
# are saved as a new file put over the old one (os.replace replaces a link, not its target),
# and read only when a changed file is indexed. Linked, not copied: megabytes on a big set.
_REPLACED_WHOLE = frozenset({"banners.state"})


@dataclass(frozen=True, slots=True)
class Links:
    """What `linked.json` records.

    Attributes:
        files: size of each linked file, by its path inside the index folder ("a/b.idx").
        labels: the discs that carry the index, to name them when none is inserted.
        volumes: their volume ids.
    """

    files: dict[str, int]
    labels: tuple[str, ...]
    volumes: tuple[str, ...]


def can_link(folder: Path) -> bool:
    """Whether symbolic links can be made in `folder` (Windows without the privilege:
    no; the index is copied there instead)."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = Path(tempfile.mkdtemp(prefix="link-probe-", dir=folder))
    try:
        (probe / "target").write_bytes(b"")
        os.symlink(probe / "target", probe / "link")
        return (probe / "link").is_symlink()
    except (OSError, NotImplementedError):
        return False
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def _index_files(source: Path) -> Iterable[Path]:
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            yield path


def link_index(source: Path, dest: Path) -> dict[str, int]:
    """Make `dest` (new or empty) an index that reads the segment files of `source` in place.

    Returns the size of each linked file by its path inside the folder. Small files tantivy
    rewrites in place are copied (they must be writable); nothing is written to `source`.
    """
    linked: dict[str, int] = {}
    for path in _index_files(source):
        rel = path.relative_to(source)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if _SEGMENT_FILE.match(path.name) or path.name in _REPLACED_WHOLE:
            os.symlink(path.resolve(), target)
            linked[rel.as_posix()] = path.stat().st_size
        else:
            shutil.copyfile(path, target)
    return linked


def write_links(folder: Path, links: Links) -> None:
    data = {"files": links.files, "labels": list(links.labels), "volumes": list(links.volumes)}
    tmp = folder / f"{LINKS_FILE}.tmp"
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, folder / LINKS_FILE)


def read_links(folder: Path) -> Links | None:
    """What `linked.json` in the archive's folder says; None when the index is its own."""
    try:
        data = json.loads((folder / LINKS_FILE).read_text(encoding="utf-8"))
        return Links(
            {str(k): int(v) for k, v in data["files"].items()},
            tuple(str(x) for x in data.get("labels", ())),
            tuple(str(x) for x in data.get("volumes", ())),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        # Damaged: treated as linked to nothing, so the index is never rebuilt over the
        # links by mistake; the user is asked for a disc, which relinks it.
        log.warning("%s is damaged (%s)", folder / LINKS_FILE, exc)
        return Links({}, (), ())


def forget_links(folder: Path) -> None:
    """The index is the archive's own now (rebuilt or copied)."""
    with contextlib.suppress(FileNotFoundError):
        (folder / LINKS_FILE).unlink()


def _linked_now(index_dir: Path) -> list[Path]:
    """The links still in the folder (tantivy removes those of segments it merged away)."""
    return [p for p in index_dir.rglob("*") if p.is_symlink()]


def _fits(root: Path, rels: Sequence[str], sizes: dict[str, int]) -> bool:
    for rel in rels:
        try:
            if (root / rel).stat().st_size != sizes.get(rel, -1):
                return False
        except OSError:
            return False
    return True


def relink(index_dir: Path, links: Links, roots: Iterable[Path]) -> Path | None:
    """Make the links read from a copy of the index that is here now.

    `roots` are candidate `.archive-reader/index` folders (the discs' last places, the
    mounted discs). Returns the folder the links point into, or None when no copy is here.
    """
    linked = _linked_now(index_dir)
    rels = [p.relative_to(index_dir).as_posix() for p in linked]
    if all(p.exists() for p in linked):
        return _root_of(linked[0], rels[0]) if linked else index_dir
    for root in roots:
        if not _fits(root, rels, links.files):
            continue
        for path, rel in zip(linked, rels, strict=True):
            fresh = path.with_name(f".{path.name}.relink")
            with contextlib.suppress(FileNotFoundError):
                fresh.unlink()
            os.symlink((root / rel).resolve(), fresh)
            os.replace(fresh, path)
        log.info("the search index now reads the copy in %s", root)
        return root
    return None


def _root_of(link: Path, rel: str) -> Path:
    target = Path(os.readlink(link))
    return Path(*target.parts[: len(target.parts) - len(Path(rel).parts)])


def linked_root(index_dir: Path) -> Path | None:
    """The folder the index's links read from, when they all resolve."""
    linked = _linked_now(index_dir)
    if not linked or not all(p.exists() for p in linked):
        return None
    return _root_of(linked[0], linked[0].relative_to(index_dir).as_posix())


# The parts of a segment every query reads (term dictionary, fast fields, field norms): small
# next to the postings, positions and stored texts, and read in scattered pages that each cost
# a seek on a DVD. Asked for up front in one sequential read each, they are in memory by the
# time the first query comes.
_READ_AHEAD = (".term", ".fast", ".fieldnorm")


def read_ahead(index_dir: Path) -> int:
    """Ask the system to read the small, always-used files of a linked index now (it does
    so in the background: this returns at once). Returns the bytes asked for."""
    asked = 0
    advise = getattr(os, "posix_fadvise", None)
    for path in _linked_now(index_dir):
        if path.suffix not in _READ_AHEAD:
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            size = os.fstat(fd).st_size
            if advise is not None:
                advise(fd, 0, size, os.POSIX_FADV_WILLNEED)
            asked += size
        except OSError:
            pass
        finally:
            os.close(fd)
    return asked


def copy_linked(index_dir: Path) -> int:
    """Replace every link by a copy of its file (the index is then the archive's own, and
    searchable with no disc inserted). Returns the bytes copied."""
    copied = 0
    for path in _linked_now(index_dir):
        fresh = path.with_name(f".{path.name}.copy")
        shutil.copyfile(path, fresh)  # follows the link: the disc's file
        copied += fresh.stat().st_size
        os.replace(fresh, path)
    return copied
