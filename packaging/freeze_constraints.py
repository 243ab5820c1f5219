"""Write packaging/constraints.txt from the versions installed in the venv the tests pass in.

`pip freeze`, kept to the distributions that `archive-reader[test,bundle]` needs (the core,
the GUI, the test tools, PyInstaller and its hooks), so a tool installed by hand into .venv
(py-spy, ...) is not pinned for everyone. Run it after `make test` passes with new versions:

    .venv/bin/python packaging/freeze_constraints.py > packaging/constraints.txt
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
EXTRAS = ("test", "bundle")
# What `pip freeze` leaves out too: the venv's own installer and build tools. The build
# backend is pinned by pyproject.toml's [build-system], not here.
NOT_PINNED = frozenset({"pip", "setuptools", "wheel"})

HEADER = """\
# The versions `make test` and `make bundle` install (pip install -c): the ones the tests
# passed with, so every build resolves the same set. Generated; do not edit by hand:
#   .venv/bin/python packaging/freeze_constraints.py > packaging/constraints.txt
# (after upgrading .venv and seeing `make test` and `make smoke-test` pass; see
# docs/packaging.md). tests/core/test_packaging.py checks every pin against pyproject.toml.
"""


def _wanted(requirement: Requirement, extras: frozenset[str]) -> bool:
    if requirement.marker is None:
        return True
    # evaluate() fills in this machine's Python, platform... around the extra.
    return any(requirement.marker.evaluate({"extra": e}) for e in ("", *sorted(extras)))


def project_requirements(extras: tuple[str, ...] = EXTRAS) -> list[Requirement]:
    """The requirements pyproject.toml gives for `archive-reader[extras]` (read from the
    source: the metadata of an editable install can be older than the file)."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    own = canonicalize_name(project["name"])
    optional = project.get("optional-dependencies", {})
    found: list[Requirement] = [Requirement(line) for line in project["dependencies"]]
    todo, done = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in done:
            continue
        done.add(extra)
        for line in optional[extra]:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) == own:  # "archive-reader[gui]"
                todo.extend(requirement.extras)
            else:
                found.append(requirement)
    return found


def needed(extras: tuple[str, ...] = EXTRAS) -> dict[str, str]:
    """Canonical name -> installed version of every distribution `archive-reader[extras]`
    pulls in.

    Raises:
        metadata.PackageNotFoundError: a needed distribution is not installed.
    """
    versions: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [
        (canonicalize_name(r.name), frozenset(r.extras))
        for r in project_requirements(extras)
        if _wanted(r, frozenset())
    ]
    while todo:
        name, wanted_extras = todo.pop()
        if (name, wanted_extras) in seen:
            continue
        seen.add((name, wanted_extras))
        dist = metadata.distribution(name)
        versions[name] = dist.version
        for line in dist.requires or []:
            requirement = Requirement(line)
            if _wanted(requirement, wanted_extras):
                todo.append((canonicalize_name(requirement.name), frozenset(requirement.extras)))
    return {name: versions[name] for name in sorted(versions) if name not in NOT_PINNED}


def main() -> int:
    try:
        versions = needed()
    except metadata.PackageNotFoundError as exc:
        print(f"not installed: {exc}; run `make test` and `make bundle` first", file=sys.stderr)
        return 1
    sys.stdout.write(HEADER + "".join(f"{n}=={v}\n" for n, v in versions.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
