"""`archive-reader ocr`: read the archive's pictures of text (scans) with OCR, with a bar."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from reader.cli.faults import EXIT_CANCELLED, UsageError
from reader.cli.progress_bar import RedrawnLine
from reader.cli.terminal import CtrlC, safe
from reader.store import ocr_queue
from reader.units import human_seconds

if TYPE_CHECKING:
    from reader.indexing.ocr.run import OcrProgress
    from reader.sources.volume import Volume
    from reader.store.archive import Archive


class OcrBar(RedrawnLine):
    """Renders OcrProgress snapshots; the OCR run's progress callback."""

    def __call__(self, p: OcrProgress) -> None:
        # The run's last report: every page done, none being read.
        self.show(render(p), last=p.pages_done >= p.pages_total and not p.current)


def render(p: OcrProgress) -> str:
    frac = p.pages_done / p.pages_total if p.pages_total else 1.0
    filled = int(frac * 24)
    parts = [
        f"[{'#' * filled}{'-' * (24 - filled)}] {frac * 100:5.1f}%",
        f"{p.pages_done:,}/{p.pages_total:,} pages",
        f"{p.pages_per_minute:,.0f} pages/min",
        f"ETA {human_seconds(p.eta_seconds)}",
    ]
    if p.pages_failed:
        parts.append(f"{p.pages_failed} failed")
    if p.paused:
        parts.append("paused")
    elif p.current:
        parts.append(p.current)
    return "  ".join(parts)


def queue_line(archive: Archive) -> str:
    """What `info` and `index` say of the pictures of text ("" when there are none)."""
    c = ocr_queue.counts(archive.catalogue)
    if not c.pages:
        return ""
    read = c.pages - c.missing
    line = f"Scanned pages: {c.pages:,} in {c.files:,} files, {read:,} read by OCR"
    if c.missing:
        line += f", {c.missing:,} waiting (run `archive-reader ocr`)"
    return line


def add_ocr_parser(sub: Any) -> argparse.ArgumentParser:
    """The `ocr` command's arguments (in the parser's subcommands `sub`)."""
    p: argparse.ArgumentParser = sub.add_parser(
        "ocr",
        help="read scanned pages with OCR",
        description="Read the scanned pages and page images the index found (pictures of "
        "text) with OCR, so their words are searchable. Runs in the background at low "
        "priority; safe to interrupt (it goes on where it stopped). With no PATH, the "
        "archive's discs that are present. See docs/ocr.md.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="mounted disc, folder or .iso file")
    p.add_argument("--workers", type=int, metavar="N", help="OCR processes (default: cores - 1)")
    p.add_argument(
        "--languages", metavar="LANGS", help="e.g. eng+fra (default: settings, else eng)"
    )
    p.add_argument(
        "--retry",
        action="store_true",
        help="read again the pages OCR gave up on before (too slow, or the engine failed)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def cmd_ocr(
    args: argparse.Namespace,
    archive_of: Callable[[argparse.Namespace], Archive],
    open_volumes: Callable[[Sequence[str]], list[Volume]],
) -> int:
    from reader import settings as settings_mod
    from reader.indexing.ocr.run import OcrUnavailable, ocr_volumes, retry_failed
    from reader.indexing.progress import Interrupted

    settings = settings_mod.load()
    if args.workers:
        settings.ocr.workers = args.workers
    if args.languages:
        settings.ocr.languages = [x for x in args.languages.replace(",", "+").split("+") if x]
    stop = CtrlC()
    bar = None if args.quiet else OcrBar()
    try:
        with archive_of(args) as archive:
            volumes = open_volumes(args.paths or _present_discs(archive))
            if args.retry:
                again = retry_failed(archive, volumes)
                print(f"{again:,} page{'' if again == 1 else 's'} given up before, read again.")
            summary = ocr_volumes(archive, volumes, settings, progress=bar, cancel=stop.is_set)
            left = ocr_queue.counts(archive.catalogue).missing
    except OcrUnavailable as exc:
        raise UsageError(f"OCR cannot run here: {exc}") from exc
    except Interrupted:
        if bar is not None:
            bar.end()
        print("Cancelled. Run the same command again to go on where it stopped.", file=sys.stderr)
        return EXIT_CANCELLED
    finally:
        stop.restore()
        if bar is not None:
            bar.end()
    print(
        f"Read {summary.pages_read:,} pages of {summary.files_done:,} files by OCR "
        f"({summary.engine}) in {human_seconds(summary.seconds)}"
        + (f", {summary.pages_failed:,} pages failed" if summary.pages_failed else "")
        + "."
        + (f" {left:,} pages wait for discs not present." if left else "")
    )
    for path, page, reason in summary.failures[:20]:
        print(f"  failed: {safe(path)} page {page}: {safe(reason)}")
    return 0


def _present_discs(archive: Archive) -> list[str]:
    from reader.sources.mounts import mount_paths
    from reader.sources.registry import presence

    where = presence(archive.catalogue.volumes(), mount_paths())
    found = [loc for loc in where.values() if loc]
    if not found:
        raise UsageError("none of the archive's discs is present: insert one, or name it")
    return found
