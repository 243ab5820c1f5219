"""Fuzzing runs in one process: cap its memory so a runaway allocation fails, not the box."""

from __future__ import annotations

import resource

import pytest

FUZZ_MEMORY_BYTES = 3 * 1024**3


@pytest.fixture(scope="session", autouse=True)
def memory_cap() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = FUZZ_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(hard, FUZZ_MEMORY_BYTES)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
