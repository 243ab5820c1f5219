"""Small immutable records that are cheap to define: NamedTuples that compare like
frozen dataclasses.

Why not frozen dataclasses: on Python 3.11 each one costs about 0.5 ms to define (six
generated methods, each compiled by exec), and a `search --json` process defines about
fifty of them before it searches: a fifth of its start. A NamedTuple costs about 0.07 ms.

Why the extra step: a plain NamedTuple is a tuple, so records of two types with the same
values would be equal (And((a, b)) == Or((a, b)); TermQuery(f, t) == PrefixQuery(f, t)),
and a record without fields would be false. `same_type_equality` gives each class the
equality, hash and truth of a frozen dataclass: equal only to a record of its own type.
"""

from __future__ import annotations

from typing import Any


def _eq(self: tuple[Any, ...], other: object) -> bool:
    return type(self) is type(other) and tuple.__eq__(self, other)


def _ne(self: tuple[Any, ...], other: object) -> bool:
    return not _eq(self, other)


def _hash(self: tuple[Any, ...]) -> int:
    return hash((type(self), tuple.__hash__(self)))


def _true(self: tuple[Any, ...]) -> bool:
    return True


def same_type_equality(*classes: type[tuple[Any, ...]]) -> None:
    """Make each NamedTuple class equal only to records of its own type, hashed with its
    type, and always true (as a frozen dataclass is)."""
    for cls in classes:
        # setattr: mypy refuses assignments to a class's methods.
        setattr(cls, "__eq__", _eq)  # noqa: B010
        setattr(cls, "__ne__", _ne)  # noqa: B010
        setattr(cls, "__hash__", _hash)  # noqa: B010
        setattr(cls, "__bool__", _true)  # noqa: B010
