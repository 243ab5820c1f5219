"""The query's tree and the index's queries are NamedTuples (cheap to define at a search's
start) that compare as the frozen dataclasses they replaced: only with their own type."""

from __future__ import annotations

from reader.search.syntax import And, DiscFilter, Or, PathFilter, Word, parse
from reader.store.query import AllQuery, BoolQuery, PrefixQuery, TermQuery


def test_records_of_two_types_with_the_same_values_are_not_equal() -> None:
    a, b = Word("a"), Word("b")
    pairs: list[tuple[object, object]] = [
        (And((a, b)), Or((a, b))),
        (DiscFilter("2"), PathFilter("2")),
        (TermQuery("body", "cable"), PrefixQuery("body", "cable")),
    ]
    for one, other in pairs:
        assert one != other
        assert not one == other  # noqa: SIM201 (__eq__ and __ne__ are set apart)
    assert len({TermQuery("body", "cable"), PrefixQuery("body", "cable")}) == 2


def test_records_of_one_type_compare_and_hash_by_their_values() -> None:
    assert parse("a OR b").root == Or((Word("a", span=(0, 1)), Word("b", span=(5, 6))))
    assert hash(TermQuery("body", "x")) == hash(TermQuery("body", "x"))
    assert {BoolQuery(must=(AllQuery(),))} == {BoolQuery(must=(AllQuery(),))}


def test_a_record_without_fields_is_true() -> None:
    # A bare NamedTuple without fields is an empty tuple, hence false.
    records: list[object] = [AllQuery(), BoolQuery()]
    assert [bool(r) for r in records] == [True, True]
