"""The indexing pipeline on generated archives: states, reasons, reruns, cancel and resume."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.indexing.pipeline import index_volumes
from reader.indexing.progress import Interrupted, Progress
from reader.model import State
from reader.settings import Settings
from reader.sources.opener import open_volume
from reader.store.archive import Archive
from tests.archive_factory import Manifest, build_archive
from tests.hostile_archive import slow_page_pdf


def _settings(**limits: float) -> Settings:
    s = Settings(workers=2, batch_files=40)
    for name, value in limits.items():
        setattr(s.limits, name, value)
    return s


def _index(archive_dir: Path, root: Path, settings: Settings | None = None, **kw: object):
    with Archive(archive_dir) as archive, open_volume(root) as volume:
        return index_volumes(archive, [volume], settings or _settings(), **kw)  # type: ignore[arg-type]


def test_every_file_reaches_its_expected_state_with_a_reason(
    small_archive: Manifest, tmp_path: Path
) -> None:
    summary = _index(tmp_path / "a", small_archive.root)
    with Archive(tmp_path / "a") as archive:
        records = {r.path: r for r in archive.catalogue.files()}
        for truth in small_archive.files:
            record = records.get(truth.path)
            assert record is not None, f"{truth.path} missing from the catalogue"
            assert record.state.value == truth.expected_state, (truth.path, record.error)
            if truth.expected_state == "failed":
                reason = (record.error or "").lower()
                assert any(word in reason for word in truth.expected_reason), (truth.path, reason)
        # Nothing on disk that the manifest does not know about, and vice versa.
        manifest_paths = {t.path for t in small_archive.files}
        extra = set(records) - manifest_paths
        assert all(records[p].state is State.FAILED for p in extra), extra
        assert summary.indexed == sum(r.state is State.INDEXED for r in records.values())
        # Files known unreadable at scan time (links out, loops) fail without extraction.
        failed_in_catalogue = sum(r.state is State.FAILED for r in records.values())
        assert summary.failed <= failed_in_catalogue
        assert all(r.error for r in records.values() if r.state is State.FAILED)


def test_catalogue_records_titles_dates_pages_and_link_targets(
    small_archive: Manifest, tmp_path: Path
) -> None:
    _index(tmp_path / "a", small_archive.root)
    with Archive(tmp_path / "a") as archive:
        cat = archive.catalogue
        checked_titles = checked_dates = checked_links = 0
        for truth in small_archive.files:
            if truth.expected_state != "indexed":
                continue
            record = cat.file(archive.catalogue.volumes()[0].id, truth.path)
            assert record is not None
            if truth.title and truth.kind in ("html", "pdf"):
                assert record.title == truth.title, truth.path
                checked_titles += 1
            if truth.date:
                assert record.date == truth.date, (truth.path, record.date_source)
                checked_dates += 1
            if truth.kind == "pdf":
                assert record.pages == truth.pages
                assert record.scanned == truth.scanned
            if truth.local_link_targets:
                # A click on a link opens its target: every page it links to is catalogued.
                vid = cat.volumes()[0].id
                missing = [t for t in truth.local_link_targets if cat.file(vid, t) is None]
                assert not missing, (truth.path, missing)
                checked_links += 1
        assert checked_titles > 10 and checked_dates > 10 and checked_links > 3


def test_index_holds_one_document_per_indexed_file(small_archive: Manifest, tmp_path: Path) -> None:
    _index(tmp_path / "a", small_archive.root)
    with Archive(tmp_path / "a") as archive:
        states = archive.catalogue.counts_by_state()
        index = archive.index()
        assert index.doc_count() == states["indexed"] + states["skipped"]
        vid = archive.catalogue.volumes()[0].id
        expected = {
            f"{vid}:{r.path}"
            for r in archive.catalogue.files()
            if r.state in (State.INDEXED, State.SKIPPED)
        }
        assert index.keys() == expected


def test_rerun_reads_nothing_unchanged_and_notices_changes(
    small_archive: Manifest, tmp_path: Path
) -> None:
    root = tmp_path / "CRYPTOME_1"
    shutil.copytree(small_archive.root, root, symlinks=True)
    first = _index(tmp_path / "a", root)
    again = _index(tmp_path / "a", root)
    assert again.extracted == 0
    # Every file read the first time is recognised as unchanged the second time.
    assert again.unchanged == first.extracted

    doc = next(t for t in small_archive.documents() if t.kind == "txt")
    gone = next(t for t in small_archive.documents() if t.kind == "html")
    (root / doc.path).write_text("A rewritten page about walrus tariffs.\n", encoding="utf-8")
    (root / gone.path).unlink()
    third = _index(tmp_path / "a", root)
    assert third.extracted == 1
    assert third.removed == 1
    with Archive(tmp_path / "a") as archive:
        vid = archive.catalogue.volumes()[0].id
        assert archive.catalogue.file(vid, gone.path) is None
        assert f"{vid}:{gone.path}" not in archive.index().keys()  # noqa: SIM118 - keys() is our method, a set
        record = archive.catalogue.file(vid, doc.path)
        assert record is not None and record.state is State.INDEXED


def test_cancel_keeps_work_and_resume_matches_an_uninterrupted_run(
    small_archive: Manifest, tmp_path: Path
) -> None:
    _index(tmp_path / "whole", small_archive.root)

    seen: list[Progress] = []

    def cancel() -> bool:
        return any(p.phase == "extracting" and p.files_done >= 30 for p in seen)

    with pytest.raises(Interrupted):
        _index(
            tmp_path / "resumed",
            small_archive.root,
            _settings(),
            progress=lambda p: seen.append(Progress(**{k: getattr(p, k) for k in p.__slots__})),
            cancel=cancel,
        )
    with Archive(tmp_path / "resumed") as archive:
        states = archive.catalogue.counts_by_state()
        assert states["pending"] > 0, "cancel came too late to test anything"
        assert states["indexed"] >= 30 - 10
    summary = _index(tmp_path / "resumed", small_archive.root)
    assert summary.extracted == states["pending"]
    with Archive(tmp_path / "whole") as whole, Archive(tmp_path / "resumed") as resumed:
        assert resumed.catalogue.counts_by_state() == whole.catalogue.counts_by_state()
        assert resumed.index().digest() == whole.index().digest()
        assert resumed.catalogue.integrity_ok()


def test_slow_file_fails_alone_when_over_the_time_limit(tmp_path: Path) -> None:
    root = tmp_path / "disc"
    root.mkdir()
    # Three million shapes on one page take MuPDF seconds to read: a real way to stall.
    (root / "shapes.pdf").write_bytes(slow_page_pdf())
    (root / "small.txt").write_text("a small readable page\n", encoding="utf-8")
    summary = _index(tmp_path / "a", root, _settings(file_seconds=0.5))
    reasons = dict(summary.failures)
    assert "took longer than the 0.5 s limit" in reasons["shapes.pdf"]
    assert "small.txt" not in reasons and summary.indexed == 1


def test_oversized_file_is_catalogued_and_findable_by_name(tmp_path: Path) -> None:
    root = tmp_path / "disc"
    root.mkdir()
    (root / "huge-scan.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    summary = _index(tmp_path / "a", root, _settings(max_read_bytes=1000))
    assert summary.skipped == 1
    with Archive(tmp_path / "a") as archive:
        record = next(archive.catalogue.files())
        assert record.state is State.SKIPPED and "only its name" in (record.error or "")
        assert archive.index().doc_count() == 1


def test_two_discs_share_one_catalogue(tmp_path: Path) -> None:
    manifest = build_archive(tmp_path / "set", files=60, seed=3, discs=2)
    with Archive(tmp_path / "a") as archive:
        volumes = [open_volume(d) for d in manifest.discs]
        index_volumes(archive, volumes, _settings())
        labels = {v.label for v in archive.catalogue.volumes()}
        assert labels == {d.name for d in manifest.discs}
        assert {r.volume_id for r in archive.catalogue.files()} == {v.id for v in volumes}


def test_first_commit_comes_early_so_a_new_disc_is_searchable_while_indexing(
    tmp_path: Path,
) -> None:
    root = tmp_path / "disc"
    root.mkdir()
    for i in range(5):
        (root / f"a{i}.txt").write_text(f"quick page {i} about walruses\n", encoding="utf-8")
    # A page that takes seconds to read (see the time-limit test above).
    (root / "z-shapes.pdf").write_bytes(slow_page_pdf())
    searchable_while_busy: list[int] = []
    # Commits would otherwise wait for 10,000 files or an hour.
    settings = Settings(workers=1, batch_files=10_000, batch_seconds=3600)
    with Archive(tmp_path / "a") as archive, open_volume(root) as volume:

        def progress(p: Progress) -> None:
            if p.phase == "extracting" and p.files_done == 5:  # the slow page is being read
                searchable_while_busy.append(archive.index().doc_count())

        summary = index_volumes(archive, [volume], settings, progress=progress)
    assert summary.indexed == 6
    assert max(searchable_while_busy) == 5
