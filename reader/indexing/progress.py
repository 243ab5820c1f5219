"""What an indexing run tells its caller: progress snapshots, a summary, cancellation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


class Interrupted(Exception):
    """The run was cancelled; what was done is kept and the next run resumes from there."""


@dataclass(slots=True)
class Progress:
    """A snapshot of a run for progress bars; rates are per second of the extract phase."""

    phase: str = "scanning"  # scanning | extracting | finishing | done
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
    notes: list[str] = field(default_factory=list)
    adopted: int = 0  # files whose entries came from a disc's ready-made index


ProgressCallback = Callable[[Progress], None]
CancelCheck = Callable[[], bool]
