"""`archive-reader verify`: check a disc master, a burned disc or its ISO image against the
index published into it, before burning."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reader.cli.faults import EXIT_DISC_UNREADABLE, EXIT_PROBLEM, UsageError
from reader.cli.terminal import safe


def add_verify_parser(sub: Any) -> argparse.ArgumentParser:
    """The `verify` command's arguments (in the parser's subcommands `sub`)."""
    p: argparse.ArgumentParser = sub.add_parser(
        "verify",
        help="check a disc master, disc or ISO image against its ready-made index",
        description="Check a disc master folder, a burned disc (its mount point) or its ISO "
        "image against the index `archive-reader publish` wrote into it: every file the "
        "catalogue lists is there with its size, files it does not know (a warning), the "
        "index and catalogue are whole and of a format this version reads. Nothing is "
        "written to it. Exit status 0: ready to burn; 1: problems found (listed). "
        "See docs/discs.md.",
    )
    p.add_argument("path", metavar="FOLDER|ISO", help="a disc master folder, disc or .iso file")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument(
        "--limit", type=int, default=20, metavar="N", help="lines listed per kind (default: 20)"
    )
    p.set_defaults(func=cmd_verify)
    return p


def cmd_verify(args: argparse.Namespace) -> int:
    from reader.publish.verify import NotPublished, verify_disc
    from reader.sources.volume import VolumeError

    path = Path(args.path).expanduser()
    if not path.exists():
        raise UsageError(f"{args.path}: no such file or folder")
    try:
        report = verify_disc(path)
    except NotPublished as exc:
        raise UsageError(str(exc)) from exc
    except VolumeError as exc:
        if not (path.is_dir() or path.suffix.lower() == ".iso"):
            raise UsageError(str(exc)) from exc  # not a disc at all
        # Not faults.report's sentence for an unreadable disc: nothing was being indexed.
        print(f"archive-reader: {safe(str(exc))}; nothing was checked.", file=sys.stderr)
        return EXIT_DISC_UNREADABLE
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines(args.limit):
            print(f"  {safe(line)}")
        print(safe(report.summary()))
    return 0 if report.ok else EXIT_PROBLEM
