"""Shared fixtures: a private base dir per test and generated archives built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.paths import BASEDIR_ENV
from tests.archive_factory import Manifest, build_archive


@pytest.fixture(autouse=True)
def basedir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own config/data/cache dirs; none ever touches the real home."""
    base = tmp_path / "home"
    monkeypatch.setenv(BASEDIR_ENV, str(base))
    yield base


@pytest.fixture(scope="session")
def small_archive(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    """A 120-file generated archive with every awkward case; read-only for tests."""
    out = tmp_path_factory.mktemp("small") / "CRYPTOME_1"
    return build_archive(out, files=120, seed=7)
