"""A disc that carries its reader: the bundle beside the disc's index, and finding that disc."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import shutil
import stat
import struct
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.indexing.progress import Interrupted, Phase, Progress
from reader.sources.volume import APP_DIR, PUBLISHED_DIR
from reader.store.published import FORMAT_FILE

# The files at the disc's root (APP_ROOT_FILES spells them lower-cased for the fingerprint).
DESKTOP_FILE = "ArchiveReader.desktop"
START_SCRIPT = "ArchiveReader-start.sh"
README_FILE = "ArchiveReader-README.txt"
AUTORUN_FILE = "autorun.inf"
ICON_FILE = "ArchiveReader.ico"  # in APP_DIR: the icon autorun.inf shows on Windows

CLI_NAMES = ("archive-reader", "archive-reader.exe")
GUI_NAMES = ("archive-reader-gui", "archive-reader-gui.exe")
# The first line of the autorun.inf publish writes: one without it is the publisher's own.
_AUTORUN_MARK = "; Written by archive-reader publish --with-app"
_CHUNK = 1 << 20
_STAGING = ".new-"  # APP_DIR/.new-<platform>: a copy under way (never walked, like APP_DIR)


class BundleError(Exception):
    """No usable bundle, or a master it cannot go on; the message is for the user."""


@dataclass(frozen=True, slots=True)
class AppBundle:
    """A built desktop bundle (PyInstaller one-folder) and the platform it runs on.

    Attributes:
        folder: the bundle's folder (dist/archive-reader).
        platform: "linux-x86_64", "windows-x86_64", "macos-arm64"...: the folder it gets
            on a disc, `ArchiveReader/<platform>/`.
        cli: file name of the command-line executable (which opens the window when run
            without a command).
        gui: file name of the windowed launcher, if the bundle has one.
    """

    folder: Path
    platform: str
    cli: str
    gui: str | None = None


def find_bundle(named: str | os.PathLike[str] | None) -> AppBundle:
    """The bundle in folder `named`; without it, the running app's own when it is frozen.

    Raises:
        BundleError: not frozen and no folder named, or the folder holds no bundle.
    """
    if named is None or str(named) == "":
        if not getattr(sys, "frozen", False):
            raise BundleError(
                "--with-app needs the built bundle: run `make bundle` or name its folder "
                "(--with-app dist/archive-reader)"
            )
        folder = Path(sys.executable).resolve().parent
        shown = str(folder)
    else:
        folder = Path(named).expanduser().resolve()
        shown = str(named)
    if not folder.is_dir():
        raise BundleError(f"{shown}: not a folder (--with-app names the built bundle's folder)")
    cli = next((n for n in CLI_NAMES if (folder / n).is_file()), None)
    if cli is None:
        raise BundleError(
            f"{shown}: not an Archive Reader bundle (no archive-reader executable in it): "
            "run `make bundle` and name dist/archive-reader, or put a bare --with-app "
            "after the folders"
        )
    gui = next((n for n in GUI_NAMES if (folder / n).is_file()), None)
    return AppBundle(folder, platform_of(folder / cli), cli, gui)


def _arch(machine: str) -> str:
    machine = machine.lower()
    if machine in ("x86_64", "amd64", "x64"):
        return "x86_64"
    if machine in ("aarch64", "arm64"):
        return "arm64"
    if machine in ("i386", "i486", "i586", "i686", "x86"):
        return "x86"
    return machine or "unknown"


def host_platform() -> str:
    """This computer's platform, named as a bundle's folder on a disc."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    system = "linux" if system.startswith("linux") else system
    return f"{system}-{_arch(platform.machine())}"


_ELF_MACHINES = {0x3E: "x86_64", 0xB7: "arm64", 0x03: "x86"}
_PE_MACHINES = {0x8664: "x86_64", 0xAA64: "arm64", 0x14C: "x86"}
_MACHO_CPUS = {0x01000007: "x86_64", 0x0100000C: "arm64"}


def platform_of(executable: Path) -> str:
    """The platform an executable is built for, from its header (ELF, PE, Mach-O); this
    computer's when it is a script or nothing known."""
    with open(executable, "rb") as fh:
        head = fh.read(4096)
    if head[:4] == b"\x7fELF" and len(head) >= 20:
        order = "<" if head[5] == 1 else ">"
        (machine,) = struct.unpack_from(order + "H", head, 18)
        return f"linux-{_ELF_MACHINES.get(machine, 'unknown')}"
    if head[:2] == b"MZ" and len(head) >= 64:
        (offset,) = struct.unpack_from("<I", head, 0x3C)
        if head[offset : offset + 4] == b"PE\0\0":
            (machine,) = struct.unpack_from("<H", head, offset + 4)
            return f"windows-{_PE_MACHINES.get(machine, 'unknown')}"
    if head[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe") and len(head) >= 8:
        (cpu,) = struct.unpack_from("<I", head, 4)
        return f"macos-{_MACHO_CPUS.get(cpu, 'unknown')}"
    if head[:4] == b"\xca\xfe\xba\xbe":
        return "macos-universal"
    return host_platform()


# -- started from a disc


def disc_of(executable: str | os.PathLike[str]) -> Path | None:
    """The disc root a reader runs from: the folder holding the `ArchiveReader/` folder the
    executable is in, when that folder also carries a published index; else None.

    Only reads: a disc is never written to.
    """
    path = Path(os.path.realpath(executable))
    for folder in path.parents:
        if folder.name == APP_DIR and (folder.parent / PUBLISHED_DIR / FORMAT_FILE).is_file():
            return folder.parent
    return None


def started_from_disc() -> Path | None:
    """The disc this frozen app was started from (see disc_of); None when not frozen."""
    if not getattr(sys, "frozen", False):
        return None
    return disc_of(sys.executable)


# -- placing the bundle on the masters


def check_masters(bundle: AppBundle, folders: Sequence[str | os.PathLike[str]]) -> None:
    """Refuse before any work what the bundle cannot go on.

    Raises:
        BundleError: a master inside the bundle or the bundle inside a master, or a master
            that has an autorun.inf of its own (the reader's would replace it, and the disc
            would no longer be the same disc).
    """
    for raw in folders:
        master = Path(raw).expanduser().resolve()
        if master == bundle.folder or bundle.folder in master.parents:
            raise BundleError(f"{raw}: the disc master is inside the bundle {bundle.folder}")
        if master in bundle.folder.parents:
            raise BundleError(f"{raw}: the bundle {bundle.folder} is inside the disc master")
        own = _foreign_autorun(master)
        if own is not None:
            raise BundleError(
                f"{own}: the disc has an autorun.inf of its own, which --with-app would "
                "replace; remove or rename it, or publish without --with-app"
            )


def _foreign_autorun(master: Path) -> Path | None:
    try:
        names = [e for e in os.scandir(master) if e.name.lower() == AUTORUN_FILE]
    except OSError:
        return None  # publish says why the folder cannot be read
    for entry in names:
        try:
            with open(entry.path, encoding="utf-8", errors="replace") as fh:
                if fh.readline().strip() == _AUTORUN_MARK:
                    continue
        except OSError:
            pass
        return Path(entry.path)
    return None


@dataclass(slots=True)
class _Copy:
    """Counts for one master's copy; a progress snapshot is built from them."""

    label: str
    total: int
    done: int = 0
    started: float = field(default_factory=time.monotonic)
    skipped_links: list[str] = field(default_factory=list)

    def snapshot(self, current: str) -> Progress:
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else None
        return Progress(
            phase=Phase.COPYING if self.done < self.total else Phase.DONE,
            volume=self.label,
            bytes_done=self.done,
            bytes_total=self.total,
            current=current,
            elapsed=elapsed,
            bytes_per_second=rate,
            eta_seconds=left,
        )


def bundle_bytes(folder: Path) -> int:
    """Bytes of the regular files in the bundle (links are not followed)."""
    total = 0
    for top, _dirs, files in os.walk(folder):
        for name in files:
            st = os.lstat(os.path.join(top, name))
            if stat.S_ISREG(st.st_mode):
                total += st.st_size
    return total


def _inside(path: str, folder: Path) -> bool:
    real = os.path.realpath(path)
    return real == str(folder) or real.startswith(str(folder) + os.sep)


def _copy_tree(
    bundle: AppBundle,
    dest: Path,
    state: _Copy,
    progress: Callable[[Progress], None] | None,
    cancel: Callable[[], bool] | None,
) -> None:
    """Copy the bundle into `dest`: files with their modes, links that stay inside the
    bundle as relative links; a link out of it (or broken) is left out, never followed."""
    src_root = bundle.folder
    for top, dirs, files in os.walk(src_root):
        rel_top = os.path.relpath(top, src_root)
        out_top = dest if rel_top == "." else dest / rel_top
        out_top.mkdir(parents=True, exist_ok=True)
        for name in sorted(dirs + files):
            src = os.path.join(top, name)
            out = out_top / name
            rel = name if rel_top == "." else f"{rel_top}/{name}"
            if os.path.islink(src):
                if name in dirs:
                    dirs.remove(name)  # os.walk does not enter it; the link is copied below
                if _inside(src, src_root) and os.path.exists(src):
                    target = os.path.relpath(os.path.realpath(src), os.path.realpath(top))
                    os.symlink(target, out)
                else:
                    state.skipped_links.append(rel)
            elif name in files and stat.S_ISREG(os.lstat(src).st_mode):
                _copy_file(src, out, rel=rel, state=state, progress=progress, cancel=cancel)


def _copy_file(
    src: str,
    out: Path,
    *,
    rel: str,
    state: _Copy,
    progress: Callable[[Progress], None] | None,
    cancel: Callable[[], bool] | None,
) -> None:
    last = 0.0
    with open(src, "rb") as fin, open(out, "wb") as fout:
        while chunk := fin.read(_CHUNK):
            if cancel is not None and cancel():
                raise Interrupted("copying the reader onto the disc was cancelled")
            fout.write(chunk)
            state.done += len(chunk)
            now = time.monotonic()
            if progress is not None and now - last >= 0.1:
                last = now
                progress(state.snapshot(rel))
    shutil.copystat(src, out)
    # Kept writable by its owner, whatever the source (the bundle on a read-only disc):
    # publishing again must be able to replace it. Folders get the default mode.
    os.chmod(out, os.stat(out).st_mode | stat.S_IWUSR)


@dataclass(slots=True)
class _Staged:
    master: Path
    label: str
    staging: Path
    made_app_dir: bool


@dataclass(slots=True)
class AppPlacement:
    """The reader staged on each master; `commit()` puts it in place."""

    bundle: AppBundle
    title: str | None
    staged: list[_Staged] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def commit(self) -> None:
        """Swap each staged copy into `ArchiveReader/<platform>/`, then write the launchers."""
        for s in self.staged:
            final = s.master / APP_DIR / self.bundle.platform
            old = s.master / APP_DIR / f".old-{self.bundle.platform}"
            shutil.rmtree(old, ignore_errors=True)
            if final.exists():
                os.replace(final, old)
            os.replace(s.staging, final)
            shutil.rmtree(old, ignore_errors=True)
            write_launchers(s.master, s.label, self.bundle, self.title)
        self.staged.clear()

    def discard(self) -> None:
        """Remove what was staged; a master keeps what it had."""
        for s in self.staged:
            shutil.rmtree(s.staging, ignore_errors=True)
            if s.made_app_dir:
                with contextlib.suppress(OSError):
                    (s.master / APP_DIR).rmdir()
        self.staged.clear()


def stage_app(
    bundle: AppBundle,
    masters: Sequence[tuple[Path, str]],
    *,
    title: str | None = None,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> AppPlacement:
    """Copy the bundle into `APP_DIR/.new-<platform>/` of each (master, label), with
    progress; nothing is in place until `commit()`.

    Raises:
        Interrupted: cancelled (what was staged is removed).
    """
    placement = AppPlacement(bundle, title)
    total = bundle_bytes(bundle.folder)
    try:
        for master, label in masters:
            app_dir = master / APP_DIR
            made = not app_dir.exists()
            staging = app_dir / f"{_STAGING}{bundle.platform}"
            shutil.rmtree(staging, ignore_errors=True)
            staging.parent.mkdir(exist_ok=True)
            placement.staged.append(_Staged(master, label, staging, made))
            state = _Copy(label, total)
            _copy_tree(bundle, staging, state, progress, cancel)
            if progress is not None:
                state.done = state.total
                progress(state.snapshot(""))
            if state.skipped_links:
                placement.warnings.append(
                    f"{label}: {len(state.skipped_links)} link(s) in the bundle pointing out of it "
                    f"or to nothing and were left out (first: {state.skipped_links[0]})"
                )
    except BaseException:
        placement.discard()
        raise
    return placement


@contextlib.contextmanager
def carried_app(
    bundle: AppBundle | None,
    masters: Sequence[tuple[Path, str]],
    *,
    title: str | None = None,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Iterator[AppPlacement | None]:
    """Stage the bundle on the masters, run the block (writing the index), then put the
    reader in place; on an error or a cancel nothing of it is left. None: no bundle."""
    if bundle is None:
        yield None
        return
    placement = stage_app(bundle, masters, title=title, progress=progress, cancel=cancel)
    try:
        yield placement
    except BaseException:
        placement.discard()
        raise
    placement.commit()


# -- the launchers at the disc's root


def platforms_on(master: Path) -> list[str]:
    """The platforms whose reader a disc (master) carries, by folder name."""
    app_dir = master / APP_DIR
    if not app_dir.is_dir():
        return []
    return sorted(
        p.name
        for p in app_dir.iterdir()
        if p.is_dir() and not p.name.startswith(".") and any((p / n).is_file() for n in CLI_NAMES)
    )


def write_launchers(master: Path, label: str, bundle: AppBundle, title: str | None) -> None:
    """The files at the disc's root that start the reader: a shell script and a .desktop
    launcher (Linux), autorun.inf (Windows: icon and label) and a README for everyone."""
    platforms = platforms_on(master)
    icon = _write_icon(master, bundle)
    files = {
        START_SCRIPT: (start_script(platforms), 0o755),
        DESKTOP_FILE: (desktop_entry(label), 0o755),
        AUTORUN_FILE: (autorun_inf(label, platforms, icon).replace("\n", "\r\n"), 0o644),
        README_FILE: (readme(label, title, platforms).replace("\n", "\r\n"), 0o644),
    }
    for name, (text, mode) in files.items():
        tmp = master / APP_DIR / f".{name}.new"
        tmp.write_bytes(text.encode("utf-8"))
        os.chmod(tmp, mode)
        os.replace(tmp, master / name)


def _write_icon(master: Path, bundle: AppBundle) -> str | None:
    """APP_DIR/ArchiveReader.ico from the bundle's PNG icons (ICO files may hold PNGs);
    the path autorun.inf names, or None when the bundle has none."""
    pngs = []
    for size in (16, 32, 48, 256):
        png = bundle.folder / "desktop/icons/hicolor" / f"{size}x{size}/apps"
        found = sorted(png.glob("*.png")) if png.is_dir() else []
        if found:
            pngs.append((size, found[0].read_bytes()))
    if not pngs:
        return None
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    (master / APP_DIR / ICON_FILE).write_bytes(header + entries + blobs)
    return f"{APP_DIR}\\{ICON_FILE}"


def start_script(platforms: Sequence[str]) -> str:
    """A POSIX shell script that starts this computer's reader from the disc, passing its
    arguments on (`--portable DIR`, a command); it says why when it cannot."""
    cases = "\n".join(
        f"  {pattern}) platform={name} ;;"
        for pattern, name in (
            ("Linux-x86_64", "linux-x86_64"),
            ("Linux-aarch64|Linux-arm64", "linux-arm64"),
            ("Darwin-x86_64", "macos-x86_64"),
            ("Darwin-arm64", "macos-arm64"),
        )
    )
    return f"""#!/bin/sh
# Starts Archive Reader from this disc (written by archive-reader publish --with-app).
# Nothing is written to the disc: the reader keeps its data in your home folder, or under
# the folder named by --portable DIR (a writable USB stick). On this disc: {", ".join(platforms)}.
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd) || exit 1
case "$(uname -s)-$(uname -m)" in
{cases}
  *) platform="$(uname -s)-$(uname -m)" ;;
esac
exe="$here/{APP_DIR}/$platform/archive-reader"
say() {{
  echo "Archive Reader: $1" >&2
  if command -v zenity >/dev/null 2>&1; then zenity --error --text="$1" 2>/dev/null
  elif command -v kdialog >/dev/null 2>&1; then kdialog --error "$1" 2>/dev/null
  fi
}}
if [ ! -f "$exe" ]; then
  say "This disc carries no reader for $platform. Install Archive Reader and open the disc\
 with it: its ready-made index is used all the same. See {README_FILE}."
  exit 1
fi
if [ ! -x "$exe" ]; then
  say "The disc is mounted without permission to start programs (noexec), or it was burned\
 without Rock Ridge. Copy the folder {APP_DIR}/$platform to this computer and start\
 archive-reader in it, or mount the disc without noexec."
  exit 126
fi
exec "$exe" "$@"
"""


def _exec_arg(text: str) -> str:
    """One argument of a .desktop Exec line: the spec's quoting ("..." with \\ before
    " ` $ and \\), then the string value escape (each \\ doubled)."""
    quoted = '"' + re.sub(r'([`"$\\])', r"\\\1", text) + '"'
    return quoted.replace("\\", "\\\\")


def desktop_entry(label: str) -> str:
    """The .desktop launcher: it runs the start script beside it. An Exec line cannot name
    a path relative to the launcher, so it gets the launcher's own path (%k) and takes its
    folder; where %k is not given (no known location), the working folder."""
    command = 'd=.; [ -z "$1" ] || d=$(dirname -- "$1"); exec sh "$d/' + START_SCRIPT + '"'
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Archive Reader\n"
        f"Comment=Read and search the disc {label.replace(chr(10), ' ')}\n"
        f"Exec=sh -c {_exec_arg(command)} archive-reader %k\n"
        "Icon=org.archivereader.ArchiveReader\n"
        "Terminal=false\n"
        "Categories=Office;Viewer;\n"
    )


def autorun_inf(label: str, platforms: Sequence[str], icon: str | None) -> str:
    """autorun.inf: the label and icon Windows shows for the drive; `open` only when the
    disc carries a Windows reader (Windows offers it in AutoPlay, never runs it itself)."""
    lines = [_AUTORUN_MARK, "[autorun]", f"label={label[:32]}"]
    windows = next((p for p in platforms if p.startswith("windows-")), None)
    if windows is not None:
        exe = f"{APP_DIR}\\{windows}\\archive-reader-gui.exe"
        lines += [f"open={exe}", "action=Open with Archive Reader"]
        lines.append(f"icon={icon}" if icon else f"icon={exe},0")
    elif icon:
        lines.append(f"icon={icon}")
    return "\n".join(lines) + "\n"


def readme(label: str, title: str | None, platforms: Sequence[str]) -> str:
    """The disc's README: how to start the reader from it, on each system."""
    name = title or label
    linux = [p for p in platforms if p.startswith("linux-")]
    parts = [
        f"{name}: Archive Reader on this disc",
        "",
        "This disc carries Archive Reader, a program to read and search it, and a",
        "ready-made index of the whole set, so that it is searchable at once. Nothing is",
        "installed and nothing is written to the disc: your bookmarks, notes and the",
        "archive's index stay on your computer.",
        "",
    ]
    if linux:
        parts += [
            f"Linux ({', '.join(p.split('-', 1)[1] for p in linux)})",
            f'  Open the disc and start "{START_SCRIPT}": double-click it, or',
            '  right-click it and choose "Run as a Program" or "Run". KDE, Xfce, MATE and',
            f'  Cinnamon may start "{DESKTOP_FILE}" as well (answer "Launch anyway" or',
            '  "Trust and launch" when asked). Or, in a terminal:',
            f'      sh "/path/of/the/disc/{START_SCRIPT}"',
            "  To keep your data on a USB stick instead of this computer:",
            f'      sh "/path/of/the/disc/{START_SCRIPT}" --portable /path/of/the/stick/data',
            "  If it says the disc may not start programs (mounted noexec), copy the",
            f"  folder {APP_DIR}/{linux[0]} to your computer and start archive-reader in it.",
            "",
        ]
    others = [p for p in platforms if not p.startswith("linux-")]
    for p in others:
        parts += [f"{p}: start the reader in the folder {APP_DIR}/{p}.", ""]
    missing = [s for s in ("Windows", "macOS") if not any(p.startswith(s.lower()) for p in others)]
    if missing:
        parts += [
            f"{' and '.join(missing)}: this disc carries no reader for "
            + ("them." if len(missing) > 1 else "it."),
            "  Install Archive Reader, then open the disc with File > Open Disc or Folder:",
            "  its ready-made index is used just the same.",
            "",
        ]
    return "\n".join(parts)
