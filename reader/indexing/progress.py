"""What an indexing run tells its caller: progress snapshots, a summary, cancellation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from reader.sentences import QT_TRANSLATE_NOOP, counted


class Interrupted(Exception):
    """The run was cancelled; what was done is kept and the next run resumes from there."""


class DiscGone(Exception):
    """A disc went away mid-run (ejected, unmounted, its folder or image moved): the run
    stopped. What it did is kept; the files it did not reach, and those that failed only
    because the disc had gone, stay pending, so the next run reads them without a retry.

    Attributes:
        disc: the disc's label.
        done: files read and written by this run before it stopped.
        left: files of the run's discs still to read.
    """

    def __init__(self, disc: str, done: int = 0, left: int = 0) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "Core", "the disc {disc} went away; insert it and run again to go on"
            ).format(disc=disc)
        )
        self.disc = disc
        self.done = done
        self.left = left


class Phase(StrEnum):
    """Where a run is; each has its own line in a progress display."""

    COPYING = "copying"  # a disc's ready-made index into the archive: bytes count
    SCANNING = "scanning"  # listing the discs' files: files count
    EXTRACTING = "extracting"  # reading pending files: files and bytes count
    FINISHING = "finishing"  # settling the index (banners) after the last file
    DONE = "done"


@dataclass(slots=True)
class Progress:
    """A snapshot of a run for progress bars; rates are per second of the extract phase."""

    phase: Phase = Phase.SCANNING
    volume: str = ""
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    failed: int = 0
    skipped: int = 0
    scanned: int = 0
    current: str = ""
    elapsed: float = 0.0
    files_per_second: float = 0.0
    bytes_per_second: float = 0.0
    eta_seconds: float | None = None
    recent_failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class RunSummary:
    """What a run did, for the CLI's closing line and the GUI's report."""

    scanned: int = 0
    extracted: int = 0
    indexed: int = 0
    failed: int = 0
    skipped: int = 0
    removed: int = 0
    unchanged: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    # What the user should know besides counts: a ready-made index used or refused, an
    # archive.toml that was ignored.
    notes: list[RunNote] = field(default_factory=list)
    adopted: int = 0  # files whose entries came from a disc's ready-made index


ProgressCallback = Callable[[Progress], None]
CancelCheck = Callable[[], bool]


class NoteKind(StrEnum):
    """What a run note is about; the window decides from this how to show it."""

    PUBLISHED_USED = "published-used"  # a disc's ready-made index made the set searchable
    PUBLISHED_NOT_USED = "published-not-used"  # it was there but could not be used
    DISC_CHANGED = "disc-changed"  # a disc differs from the ready-made index of its set
    DISC_INFO_IGNORED = "disc-info-ignored"  # the disc's archive.toml cannot be read
    DISC_INFO_WARNING = "disc-info-warning"  # keys of archive.toml that were not understood


@dataclass(frozen=True, slots=True)
class RunNote:
    """Something the user should know about a run besides its counts.

    Attributes:
        kind: what it is about.
        disc: the label of the disc it concerns.
        text: one sentence for the user.
    """

    kind: NoteKind
    disc: str
    text: str

    @property
    def needs_attention(self) -> bool:
        """The disc is indexed otherwise than the user may expect: say so where it is seen."""
        return self.kind in (
            NoteKind.PUBLISHED_NOT_USED,
            NoteKind.DISC_INFO_IGNORED,
            NoteKind.DISC_INFO_WARNING,
        )


def first_sight_text(disc: str, changed: int, used: tuple[int, int] | None) -> str:
    """The note on a disc first seen through its set's ready-made index: `used` the files
    and discs that index brought when this disc's was adopted (None: another disc's was),
    `changed` how many of the disc's files differ from it."""
    differ = counted(
        changed, QT_TRANSLATE_NOOP("Core", "{n:,} file"), QT_TRANSLATE_NOOP("Core", "{n:,} files")
    )
    if used is None:
        return QT_TRANSLATE_NOOP(
            "Core",
            "{disc} differs from the ready-made index of its set in {differ};"
            " indexing what changed",
        ).format(disc=disc, differ=differ)
    files = counted(
        used[0], QT_TRANSLATE_NOOP("Core", "{n:,} file"), QT_TRANSLATE_NOOP("Core", "{n:,} files")
    )
    discs = counted(
        used[1], QT_TRANSLATE_NOOP("Core", "{n:,} disc"), QT_TRANSLATE_NOOP("Core", "{n:,} discs")
    )
    if changed:
        template = QT_TRANSLATE_NOOP(
            "Core",
            "Used the ready-made index on {disc}: {files} of {discs} searchable;"
            " {differ} on the disc differ from it and are indexed now.",
        )
    else:
        template = QT_TRANSLATE_NOOP(
            "Core", "Used the ready-made index on {disc}: {files} of {discs} searchable."
        )
    return template.format(disc=disc, files=files, discs=discs, differ=differ)
