"""Queries for the full-text index as plain data: the search layer builds them, the engine
wrapper (reader.store.fulltext) alone turns them into tantivy queries."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from reader.plain_data import same_type_equality

# The index's fields that queries name (reader.store.fulltext defines the schema).
BODY = "body"  # folded and stemmed, banners and navigation removed
BODY_EXACT = "body_exact"  # the words as written (lower case, accents kept)
TITLE = "title"  # folded and stemmed; stored original
TITLE_EXACT = "title_exact"  # as written
BOILER = "boiler"  # banner blocks and navigation taken out of the body, stemmed
KIND = "kind"
YEAR = "year"
DISC = "disc"  # lowercased label
DISC_NO = "disc_no"  # trailing number of the label
VOLUME_ID = "volume_id"
PATH_LOWER = "path_lower"  # whole path, lowercased and folded, for prefixes
PATH_WORDS = "path_words"  # path split into words
SCANNED = "scanned"
DUP = "dup"  # a hash of the body's words: equal for copies of one text


class TermQuery(NamedTuple):
    field: str
    text: str


class IntQuery(NamedTuple):
    field: str
    value: int


class RangeQuery(NamedTuple):
    field: str
    lo: int | None
    hi: int | None


class PhraseQuery(NamedTuple):
    field: str
    words: tuple[str, ...]
    prefix_last: bool = False


class PrefixQuery(NamedTuple):
    field: str
    prefix: str


class FuzzyQuery(NamedTuple):
    field: str
    text: str
    distance: int


class AllQuery(NamedTuple):
    """Every document."""


class KeysQuery(NamedTuple):
    """Exactly these documents, as (volume id, path); none when the set is empty."""

    docs: frozenset[tuple[str, str]]


class BoostQuery(NamedTuple):
    query: Q
    factor: float


class ConstQuery(NamedTuple):
    """Scores `score` wherever `query` matches, whatever its own score."""

    query: Q
    score: float


class BoolQuery(NamedTuple):
    must: tuple[Q, ...] = ()
    should: tuple[Q, ...] = ()
    must_not: tuple[Q, ...] = ()


Q = (
    TermQuery
    | IntQuery
    | RangeQuery
    | PhraseQuery
    | PrefixQuery
    | FuzzyQuery
    | AllQuery
    | KeysQuery
    | BoostQuery
    | ConstQuery
    | BoolQuery
)

same_type_equality(
    TermQuery,
    IntQuery,
    RangeQuery,
    PhraseQuery,
    PrefixQuery,
    FuzzyQuery,
    AllQuery,
    KeysQuery,
    BoostQuery,
    ConstQuery,
    BoolQuery,
)


class Order(StrEnum):
    RELEVANCE = "relevance"
    DATE_NEW = "date_new"
    DATE_OLD = "date_old"
    PATH = "path"
