"""Build ISO images of a folder tree with pycdlib, for the volume and scanner tests."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pycdlib

_NOT_D_CHARS = re.compile(r"[^A-Z0-9_]")


def _d_chars(text: str) -> str:
    """Upper-case and replace everything ISO9660 levels 1-3 forbid with "_"."""
    return _NOT_D_CHARS.sub("_", text.upper())


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _mangle(name: str, is_dir: bool, taken: set[str]) -> str:
    """An 8.3 ISO9660 identifier for `name`, unique among `taken` (which it joins)."""
    if is_dir:
        stem, ext = _d_chars(name) or "_", ""
    else:
        base, dot, extension = name.rpartition(".")
        if not dot or not base:
            base, extension = name, ""
        stem, ext = _d_chars(base)[:8] or "_", _d_chars(extension)[:3]
    stem = stem[:8]
    candidate, n = stem, 0
    while True:
        full = f"{candidate}.{ext}" if ext else candidate
        if full not in taken:
            taken.add(full)
            return full
        n += 1
        suffix = str(n)
        candidate = stem[: 8 - len(suffix) - 1] + "_" + suffix


def make_iso(
    src_folder: Path,
    iso_path: Path,
    *,
    label: str = "ARCHIVE_1",
    joliet: bool = True,
    rock_ridge: bool = True,
    udf: bool = False,
) -> Path:
    """Write an ISO image of `src_folder` to `iso_path` and return `iso_path`.

    With any of Joliet, Rock Ridge or UDF the ISO9660 records get mangled 8.3 names
    (interchange level 3) and the extensions carry the real names. With none of them the
    real names go into the ISO9660 records themselves, which needs interchange level 4
    (ISO9660:1999); a disc restricted to 8.3 names is made by giving it an 8.3 tree.
    Symbolic links, special files and names that are not UTF-8 are skipped. The label
    (<= 32 characters) becomes the volume identifier; Joliet's copy is cut to 16, as
    mastering tools do.
    """
    extended = joliet or rock_ridge or udf
    iso = pycdlib.PyCdlib()
    iso.new(
        interchange_level=3 if extended else 4,
        # Joliet's identifier holds only 16 UCS-2 characters; the primary one gets all 32.
        vol_ident=label[:16] if joliet else label,
        joliet=3 if joliet else None,
        rock_ridge="1.09" if rock_ridge else None,
        udf="2.60" if udf else None,
    )
    if joliet and len(label) > 16:
        iso.pvd.volume_identifier = label.encode("utf-8")[:32].ljust(32, b" ")
    # Maps each real relative directory to its ISO9660 path; names already used per dir.
    iso_dirs: dict[str, str] = {"": ""}
    taken: dict[str, set[str]] = {"": set()}
    for dirpath, dirnames, filenames in os.walk(src_folder):
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(src_folder).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        parent_iso = iso_dirs[rel_dir]
        for name in list(dirnames):
            full = Path(dirpath, name)
            if full.is_symlink() or not _is_utf8(name):
                dirnames.remove(name)
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            iso_name = _mangle(name, True, taken[rel_dir]) if extended else name
            iso_dirs[rel] = f"{parent_iso}/{iso_name}"
            taken[rel] = set()
            iso.add_directory(
                iso_path=iso_dirs[rel],
                rr_name=name if rock_ridge else None,
                joliet_path=f"/{rel}" if joliet else None,
                udf_path=f"/{rel}" if udf else None,
            )
        for name in sorted(filenames):
            full = Path(dirpath, name)
            st = full.lstat()
            # pycdlib takes names as str and encodes them strictly, so a name that is not
            # UTF-8 (surrogate-escaped by os.walk) cannot be written.
            if not stat.S_ISREG(st.st_mode) or not _is_utf8(name):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            iso_name = _mangle(name, False, taken[rel_dir]) if extended else name
            iso.add_file(
                str(full),
                iso_path=f"{parent_iso}/{iso_name};1",
                rr_name=name if rock_ridge else None,
                joliet_path=f"/{rel}" if joliet else None,
                udf_path=f"/{rel}" if udf else None,
            )
    iso.write(str(iso_path))
    iso.close()
    return iso_path
