"""The archive-reader command: a thin shell over the core; each command calls one function."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.cli.faults import (
    EXIT_CANCELLED,
    EXIT_CODES,
    DiscUnreadable,
    UsageError,
    report,
    unexpected,
)
from reader.cli.ocr import add_ocr_parser
from reader.cli.terminal import CtrlC, safe, snippet_line
from reader.cli.verify import add_verify_parser
from reader.paths import set_basedir
from reader.store import ocr_queue
from reader.store.archive import DEFAULT_ARCHIVE, Archive, ArchiveDamaged
from reader.units import human_bytes, human_seconds

# The commands import what only they need (indexing, publishing, the search engine, the
# settings) when they run: `archive-reader search` starts in half the time without the
# indexing modules. tests/core/test_cli_imports.py checks what a search leaves out.
if TYPE_CHECKING:
    from reader.indexing.progress import Progress
    from reader.library.store import Library
    from reader.search.engine import SearchResult
    from reader.sources.volume import Volume


def _archive(args: argparse.Namespace, *, read_only: bool = False) -> Archive:
    """The archive the command works on; `read_only` for the commands that only read, which
    never delete or rebuild anything (a problem found is said, with the command to fix it)."""
    return Archive.named(args.archive or DEFAULT_ARCHIVE, read_only=read_only)


def _open_volumes(paths: Sequence[str]) -> list[Volume]:
    from reader.sources.opener import open_volume
    from reader.sources.volume import VolumeError

    volumes = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise UsageError(f"{raw}: no such file or folder")
        try:
            volumes.append(open_volume(path))
        except VolumeError as exc:
            # Most of these name the disc already; the others get its name in front.
            said = str(exc) if str(path.absolute()) in str(exc) else f"{raw}: {exc}"
            if path.is_dir() or path.suffix.lower() == ".iso":
                raise DiscUnreadable(said) from exc
            raise UsageError(said) from exc
        except Exception as exc:  # the disc's own bytes broke its format's reader
            raise DiscUnreadable(
                f"{raw}: the disc cannot be read ({type(exc).__name__}: {exc})"
            ) from exc
    return volumes


def cmd_index(args: argparse.Namespace) -> int:
    # Imported here, not at the top: the settings (tomllib, their dataclasses) and the
    # indexing run's progress cost ~15 ms at every start, and `search` needs neither.
    from reader import settings as settings_mod
    from reader.cli.progress_bar import ProgressBar
    from reader.indexing.pipeline import index_volumes
    from reader.indexing.progress import Interrupted

    volumes = _open_volumes(args.paths)
    settings = settings_mod.load()
    if args.workers:
        settings.workers = args.workers
    if args.timeout:
        settings.limits.file_seconds = args.timeout
    stop = CtrlC()
    bar = None if args.quiet else ProgressBar()
    try:
        with _archive(args) as archive:
            if archive.notice:  # repaired when opened: why every file is read again
                print(f"note: {safe(archive.notice)}", file=sys.stderr)
            summary = index_volumes(
                archive,
                volumes,
                settings,
                progress=bar,
                cancel=stop.is_set,
                retry_failed=args.retry_failed,
            )
            ocr_waiting = ocr_queue.counts(archive.catalogue).missing
    except Interrupted:
        if bar is not None:
            bar.end()
        print("Cancelled. Run the same command again to resume where it stopped.", file=sys.stderr)
        return EXIT_CANCELLED
    finally:
        stop.restore()
        if bar is not None:
            bar.end()  # a run that stopped leaves no half-drawn line before the message
    for note in summary.notes:
        print(note.text)
    print(
        f"Indexed {summary.indexed:,} file{'' if summary.indexed == 1 else 's'}, "
        f"{summary.failed:,} failed, "
        f"{summary.skipped:,} skipped, {summary.unchanged:,} unchanged"
        + (f", {summary.removed:,} removed" if summary.removed else "")
        + f" ({human_bytes(summary.bytes)} in {human_seconds(summary.seconds)})."
    )
    for path, reason in summary.failures[:20]:
        print(f"  failed: {safe(path)}: {safe(reason)}")
    if len(summary.failures) > 20:
        print(f"  ... and {len(summary.failures) - 20} more; see `archive-reader info`")
    if waiting := ocr_waiting:
        print(f"{waiting:,} scanned pages wait for OCR: run `archive-reader ocr` to read them.")
    return 0


def _presence(archive: Archive) -> dict[str, str | None]:
    """Volume id -> where its disc is now, or None: at its last place or any mounted disc."""
    from reader.sources.mounts import mount_paths
    from reader.sources.registry import presence

    return presence(archive.catalogue.volumes(), mount_paths())


def info_data(archive: Archive) -> dict[str, Any]:
    """Everything `info` shows, as one JSON-ready object."""
    cat = archive.catalogue
    where = _presence(archive)
    return {
        "archive": str(archive.folder),
        "problem": archive.problem or None,
        "volumes": [
            {
                "id": v.id,
                "label": v.label,
                "kind": v.kind,
                "location": where[v.id] or v.location,
                "present": where[v.id] is not None,
                "files": v.files,
                "set_id": v.set_id,
                "title": v.title,
                "disc": v.disc_no,
                "disc_count": v.disc_count,
            }
            for v in cat.volumes()
        ],
        "by_state": cat.counts_by_state(),
        "by_kind": cat.counts_by_kind(),
        "failures": [
            {"volume": label, "path": path, "error": error} for label, path, error in cat.failures()
        ],
        "ocr": _ocr_counts(archive),
    }


def _ocr_counts(archive: Archive) -> dict[str, int]:
    """Pictured pages (scans): read by OCR, waiting, and given up (a reason in the cache)."""
    counts = ocr_queue.counts(archive.catalogue)
    failed = (
        archive.ocr_cache().failed(ocr_queue.contents(archive.catalogue)) if counts.pages else 0
    )
    return {
        "files": counts.files,
        "pages": counts.pages,
        "pages_done": counts.pages - counts.missing - failed,
        "pages_pending": counts.missing,
        "pages_failed": failed,
    }


def cmd_ocr(args: argparse.Namespace) -> int:
    from reader.cli.ocr import cmd_ocr as run

    return run(args, _archive, _open_volumes)


def cmd_info(args: argparse.Namespace) -> int:
    with _archive(args, read_only=True) as archive:
        data = info_data(archive)
        problem = ArchiveDamaged(archive.problem, archive.discs()) if archive.problem else None
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_info(data, args.limit)
    # What was shown is the catalogue's; the index it describes is lost or damaged.
    return 0 if problem is None else report(problem, args.archive)


def _print_info(data: dict[str, Any], limit: int) -> None:
    print(safe(f"Archive: {data['archive']}"))
    if not data["volumes"]:
        print("No discs indexed yet. Try: archive-reader index /path/to/disc")
        return
    print("Discs:")
    for line in _disc_lines(data["volumes"]):
        print(safe(line))
    print("Files by state: " + ", ".join(f"{k} {n:,}" for k, n in data["by_state"].items()))
    print("Files by kind:  " + ", ".join(f"{k} {n:,}" for k, n in data["by_kind"].items()))
    ocr = data["ocr"]
    if ocr["pages"]:
        line = f"Scanned pages: {ocr['pages']:,} in {ocr['files']:,} files, "
        line += f"{ocr['pages_done']:,} read by OCR"
        if ocr["pages_failed"]:
            line += f", {ocr['pages_failed']:,} could not be read"
        if ocr["pages_pending"]:
            line += f", {ocr['pages_pending']:,} waiting (run `archive-reader ocr`)"
        print(line)
    if data["failures"]:
        print(f"Failures ({len(data['failures'])}):")
        for f in data["failures"][:limit]:
            print(safe(f"  {f['volume']}/{f['path']}: {f['error']}"))
        if len(data["failures"]) > limit:
            print(f"  ... {len(data['failures']) - limit} more (use --json for all)")


def _disc_lines(volumes: list[dict[str, Any]]) -> list[str]:
    """The discs grouped by set, each present or absent, and discs of a set not added yet."""
    lines: list[str] = []
    sets: dict[str | None, list[dict[str, Any]]] = {}
    for v in volumes:
        sets.setdefault(v["set_id"], []).append(v)
    for set_id, members in sets.items():
        indent = "  "
        if set_id:
            title = next((m["title"] for m in members if m["title"]), None) or set_id
            lines.append(f"  {title} (set {set_id}):")
            indent = "    "
        for v in sorted(members, key=lambda m: (m["disc"] or 0, m["label"])):
            where = "present" if v["present"] else "absent"
            place = f": {v['location']}" if v["location"] else ""
            nth = (
                f"disc {v['disc']} of {v['disc_count']}, " if v["disc"] and v["disc_count"] else ""
            )
            lines.append(f"{indent}{v['label']}  ({nth}{v['files']:,} files, {where}{place})")
        count = max((m["disc_count"] or 0 for m in members), default=0)
        have = {m["disc"] for m in members}
        for n in range(1, count + 1):
            if n not in have:
                lines.append(f"{indent}disc {n} of {count}: not added yet")
    return lines


def cmd_search(args: argparse.Namespace) -> int:
    from reader.search.engine import Sort, search

    with _archive(args, read_only=True) as archive, _user_library() as library:
        result = search(
            archive.index(),
            args.query,
            limit=args.limit,
            offset=args.offset,
            sort=Sort(args.sort),
            user=library,
        )
        # Search covers every disc; a hit on a disc that is not inserted says so.
        where = _presence(archive) if result.hits else {}
        from_ocr = {
            h.key: ocr_queue.page_read_by_ocr(archive.catalogue, h.volume_id, h.path, h.page)
            for h in (result.hits if args.json else ())
        }
    if args.json:
        data = result.to_json()
        for hit in data["hits"]:
            hit["present"] = where.get(hit["volume_id"]) is not None
            hit["ocr"] = from_ocr.get(hit["key"], False)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for warning in result.warnings:
        print(f"note: {warning}", file=sys.stderr)
    if result.total == 0:
        hint = f" Did you mean: {result.did_you_mean}?" if result.did_you_mean else ""
        print(f"No documents match {args.query!r}.{hint}")
        return 0
    shown = len(result.hits)
    print(f"{_counts(result)}; showing {args.offset + 1}-{args.offset + shown}:")
    for n, hit in enumerate(result.hits, start=args.offset + 1):
        page = f", page {hit.page}" if hit.page else ""
        print(f"{n:3}. {safe(hit.title)}  [{hit.kind}, {hit.date or '?'}]")
        absent = "" if where.get(hit.volume_id) else f"  (disc {hit.volume_label} not inserted)"
        print(f"     {safe(f'{hit.volume_label}/{hit.path}')}{page}{safe(absent)}")
        if hit.copies:
            more = len(hit.copies)
            print(f"     and {more} cop{'y' if more == 1 else 'ies'} of the same text elsewhere")
        if hit.snippet and hit.snippet.text:
            print(f"     {snippet_line(hit.snippet, bold=sys.stdout.isatty())}")
    return 0


def _counts(result: SearchResult) -> str:
    """'42 documents match (4 with the words as typed, 38 with related forms)'."""
    n = f"{result.total:,} document{'s' if result.total != 1 else ''} match"
    exact = result.exact_total
    if exact is None or exact == result.total:
        return n
    return f"{n} ({exact:,} with the words as typed, {result.total - exact:,} with other forms)"


@contextlib.contextmanager
def _user_library() -> Iterator[Library | None]:
    """The user's library (tags, notes) for tag:/has: and notes in queries, if there is one.

    The command line never creates it: a search must not leave files behind.
    """
    from reader.library import library_path

    if not library_path().exists():
        yield None
        return
    from reader.library.store import Library, LibraryError

    try:
        library = Library(library_path())
    except LibraryError as exc:
        print(f"note: your bookmarks and notes are not searched ({exc})", file=sys.stderr)
        yield None
        return
    with library:
        yield library


def cmd_publish(args: argparse.Namespace) -> int:
    from reader import settings as settings_mod
    from reader.cli.ocr import OcrBar
    from reader.cli.progress_bar import ProgressBar
    from reader.indexing.progress import Interrupted
    from reader.publish.masters import PublishError, publish
    from reader.publish.with_app import BundleError, bundle_bytes, find_bundle

    try:
        app = None if args.with_app is None else find_bundle(args.with_app)
    except BundleError as exc:
        raise UsageError(str(exc)) from exc
    settings = settings_mod.load()
    if args.workers:
        settings.workers = args.workers
    stop = CtrlC()
    try:
        report = publish(
            args.folders,
            settings,
            progress=None if args.quiet else ProgressBar(),
            cancel=stop.is_set,
            ocr=not args.no_ocr,
            ocr_progress=None if args.quiet else OcrBar(),
            app=app,
            app_progress=None if args.quiet else _app_bar(),
        )
    except PublishError as exc:
        raise UsageError(str(exc)) from exc
    except Interrupted:
        print("\nCancelled; nothing was written to the folders.", file=sys.stderr)
        return 130
    finally:
        stop.restore()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    failed = report.summary.failed if report.summary else 0
    print(
        f"Published the index of {report.documents:,} documents ({report.files:,} files, "
        f"{failed:,} failed; index {human_bytes(report.index_bytes)}) in "
        f"{human_seconds(report.seconds)}"
        + (
            f", from its previous publication ({report.summary.extracted:,} "
            f"file{'' if report.summary.extracted == 1 else 's'} read)"
            if report.incremental and report.summary
            else ""
        )
        + " into:"
    )
    for folder in report.folders:
        print(f"  {folder / '.archive-reader'}")
    if app is not None:
        print(
            f"With the reader for {app.platform} ({human_bytes(bundle_bytes(app.folder))}) "
            f"beside it in ArchiveReader/{app.platform}/, started by ArchiveReader-start.sh "
            "(see ArchiveReader-README.txt). Burn with Rock Ridge (xorriso -as mkisofs -r -J) "
            "so that it can run from the disc."
        )
    print("Burn each folder as it is: the discs are searchable as soon as they are inserted.")
    return 0


def _app_bar() -> Callable[[Progress], None]:
    """The progress line of the reader's copy onto each disc (publish --with-app)."""
    from reader.cli.progress_bar import RedrawnLine
    from reader.indexing.progress import Phase

    line = RedrawnLine()

    def show(p: Progress) -> None:
        frac = p.bytes_done / p.bytes_total if p.bytes_total else 1.0
        bar = "#" * int(frac * 24)
        line.show(
            f"[{bar:-<24}] {frac * 100:5.1f}%  copying the reader onto {p.volume}: "
            f"{human_bytes(p.bytes_done)} of {human_bytes(p.bytes_total)}",
            last=p.phase is Phase.DONE,
        )

    return show


def _no_screen() -> bool:
    """On Linux/BSD, a window needs X11 or Wayland (or an explicit Qt platform, e.g. tests)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    return not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def cmd_gui(args: argparse.Namespace) -> int:
    if _no_screen():
        raise UsageError(
            "no screen to open the window on (DISPLAY is not set). The command line works "
            "here: archive-reader index PATH, archive-reader search QUERY; see --help"
        )
    try:
        from reader.gui.app import run_gui
    except ImportError as exc:
        raise UsageError(
            f"the window cannot start ({exc}); install the GUI extra: pip install "
            "'archive-reader[gui]'. The command line works without it: archive-reader --help"
        ) from exc
    paths = args.paths
    if not paths:  # the reader a disc carries opens that disc (reader/publish/with_app.py)
        from reader.publish.with_app import started_from_disc

        disc = started_from_disc()
        paths = [str(disc)] if disc is not None else []
    return run_gui(paths, archive=args.archive)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archive-reader",
        description="Read and search document archives (DVD discs, ISO images, folders) offline.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"archive-reader {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show an unexpected error's traceback (a bug)"
    )
    parser.add_argument(
        "--basedir",
        "--portable",
        metavar="DIR",
        help="keep config, data and cache under DIR (also $ARCHIVE_READER_BASEDIR); "
        "--portable DIR: the same, for a reader started from a disc with its data on a stick",
    )
    parser.add_argument(
        "--archive",
        metavar="NAME",
        default=None,
        help=f"which archive (catalogue and index) to use (default: {DEFAULT_ARCHIVE}; the "
        "window: the one used last)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "index",
        help="index discs, folders or ISO images",
        description="Scan and index discs, folders or .iso files. Safe to interrupt: "
        "running it again resumes; unchanged files are not read again.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="mounted disc, folder or .iso file")
    p.add_argument("--workers", type=int, metavar="N", help="extraction processes")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="time limit per file")
    p.add_argument("--retry-failed", action="store_true", help="read failed files again")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser(
        "info",
        help="show discs, counts and failures",
        description="Show the archive's discs (present or not), file counts per state and "
        "kind, and every failed file with its reason.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--limit", type=int, default=50, help="failures listed (default: 50)")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser(
        "search",
        help="search the archive",
        description='Search the archive. Words must all match; also "exact phrase", OR, '
        "-word, prefix*, fuzzy~, title:, type:pdf|html|txt|image|zip, year:1999..2003, "
        "disc:LABEL, path:2013/03. See docs/search.md.",
    )
    p.add_argument("query", help="the query (quote it for the shell)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits shown (default: 20)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits")
    p.add_argument(
        "--sort",
        default="relevance",
        choices=["relevance", "date-new", "date-old", "path"],
        help="order of hits (default: relevance)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_search)

    _add_publish_parser(sub)

    add_ocr_parser(sub).set_defaults(func=cmd_ocr)
    add_verify_parser(sub)

    p = sub.add_parser("gui", help="open the window", description="Open the reader's window.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="disc, folder or ISO to open")
    p.set_defaults(func=cmd_gui)
    return parser


def _add_publish_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "publish",
        help="write a ready-made index into disc master folders",
        description="Index the disc set in FOLDER... (one folder per disc, before burning) "
        "and write the catalogue and full-text index of the whole set into each folder's "
        ".archive-reader/, so the burned discs are searchable at once. Only that subfolder "
        "is written (with --with-app, the reader beside it too). See docs/discs.md.",
    )
    p.add_argument("folders", nargs="+", metavar="FOLDER", help="a disc's master folder")
    p.add_argument("--workers", type=int, metavar="N", help="extraction processes")
    no_ocr = "do not read scanned pages with OCR first (their words stay unsearchable)"
    p.add_argument("--no-ocr", action="store_true", help=no_ocr)
    p.add_argument(
        "--with-app",
        nargs="?",
        const="",
        metavar="BUNDLE",
        help="put the desktop reader on each disc too: the built bundle's folder (bare: "
        "this app's own, when it is the bundle; then after the folders)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_publish)


def main(argv: Sequence[str] | None = None) -> int:
    _freeze_support()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.basedir:
        set_basedir(args.basedir)
    if args.command is None:
        args.paths = []
        args.func = cmd_gui
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `archive-reader search x | head`: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # every fault ends in one sentence, never a traceback
        if args.debug and unexpected(exc):
            raise
        return report(exc, args.archive)


def _freeze_support() -> None:
    # In a frozen bundle, worker processes (and the forkserver) re-run this executable:
    # divert them to multiprocessing here, before any argument parsing. Elsewhere nothing
    # to do, and multiprocessing is not even imported (a search starts faster).
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()


def gui_main() -> int:
    """Entry point of the GUI launcher (no console on Windows)."""
    _freeze_support()
    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
