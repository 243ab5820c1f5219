"""Time to searchable: a two-disc set with a ready-made (published) index vs indexing it."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from reader.indexing.pipeline import index_volumes
from reader.publish.masters import publish
from reader.search.engine import search
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from tests.archive_factory import build_archive


@dataclass
class PublishFigures:
    files: int
    megabytes: float
    documents: int
    index_seconds: float
    publish_seconds: float
    published_mb: float
    adopt_seconds: float
    adopt_extracted: int
    same_results: bool
    republish_seconds: float
    republish_read: int

    def lines(self) -> list[str]:
        return [
            f"set                       2 discs, {self.files:,} files ({self.megabytes:.0f} MB), "
            f"{self.documents:,} documents",
            f"indexing both discs       {self.index_seconds:.1f} s to searchable",
            f"publish (index + write)   {self.publish_seconds:.1f} s, "
            f"{self.published_mb:.0f} MB per disc in .archive-reader/",
            f"open published disc 1     {self.adopt_seconds:.2f} s to searchable (both discs; "
            f"copy + adopt + change check; {self.adopt_extracted} files extracted)",
            f"speed-up                  {self.index_seconds / max(self.adopt_seconds, 1e-9):.0f}x; "
            f"same results as a fresh index: {'yes' if self.same_results else 'NO'}",
            f"republish, 1 file added   {self.republish_seconds:.1f} s "
            f"({self.republish_read} file(s) read; from the previous publication)",
        ]


def _tree_mb(root: Path) -> float:
    total = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            p = Path(dirpath, name)
            if not p.is_symlink():
                total += p.stat().st_size
    return total / 1e6


def generated_set(work: Path, files: int) -> list[Path]:
    """A two-disc set (with archive.toml), built once and kept between runs."""
    root = work / f"set-{files}"
    stamp = root / "complete"
    if not stamp.exists():
        shutil.rmtree(root, ignore_errors=True)
        started = time.perf_counter()
        build_archive(root / "set", files=files, seed=1, discs=2, workers=os.cpu_count() or 1)
        stamp.write_text("ok")
        print(
            f"generated a two-disc set of {files:,} files in {time.perf_counter() - started:.1f} s"
        )
    return [root / "set" / "disc1", root / "set" / "disc2"]


def bench_publish(work: Path, files: int = 5000, workers: int = 2) -> PublishFigures:
    discs = generated_set(work, files)
    settings = Settings(workers=workers)
    for disc in discs:  # a previous run's index must not help the fresh one
        shutil.rmtree(disc / ".archive-reader", ignore_errors=True)

    fresh_dir = work / "publish-fresh"
    shutil.rmtree(fresh_dir, ignore_errors=True)
    with Archive(fresh_dir) as fresh:
        volumes = [open_volume(d) for d in discs]
        started = time.perf_counter()
        index_volumes(fresh, volumes, settings)
        search(fresh.index(), "surveillance")
        index_seconds = time.perf_counter() - started
        for v in volumes:
            v.close()
        digest, documents = fresh.index().digest(), fresh.index().doc_count()

    started = time.perf_counter()
    report = publish(discs, settings)
    publish_seconds = time.perf_counter() - started
    published_mb = _tree_mb(discs[0] / ".archive-reader")

    user_dir = work / "publish-user"
    shutil.rmtree(user_dir, ignore_errors=True)
    with Archive(user_dir) as user, open_volume(discs[0]) as disc1:
        started = time.perf_counter()
        summary = index_volumes(user, [disc1], settings)
        search(user.index(), "surveillance")
        adopt_seconds = time.perf_counter() - started
        same = user.index().digest() == digest and user.index().doc_count() == documents

    errata = discs[0] / "errata-for-the-second-pressing.txt"
    errata.write_text("a correction made after the first pressing\n", encoding="utf-8")
    try:
        started = time.perf_counter()
        again = publish(discs, settings)
        republish_seconds = time.perf_counter() - started
    finally:
        errata.unlink()
    return PublishFigures(
        files=report.files,
        megabytes=sum(_tree_mb(d) for d in discs) - 2 * published_mb,
        documents=documents,
        index_seconds=index_seconds,
        publish_seconds=publish_seconds,
        published_mb=published_mb,
        adopt_seconds=adopt_seconds,
        adopt_extracted=summary.extracted,
        same_results=same,
        republish_seconds=republish_seconds,
        republish_read=again.summary.extracted if again.summary else -1,
    )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_publish")
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--work", type=Path, default=Path(".bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ARCHIVE_READER_BASEDIR", str((args.work / "home").resolve()))
    for line in bench_publish(args.work, args.files).lines():
        print("  " + line)
