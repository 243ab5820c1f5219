"""The About box's source offer (AGPL): where this copy's source code is."""

from __future__ import annotations

from pathlib import Path

import reader
from reader.source import project_url, source_offer


def test_an_installed_copy_offers_its_own_python_source() -> None:
    offer = source_offer()
    assert offer.kind == "package"
    assert offer.location == Path(reader.__file__).resolve().parent
    assert (offer.location / "cli" / "main.py").is_file()
    assert (offer.location / "source.py").is_file()


def test_a_placeholder_project_address_is_not_offered() -> None:
    # pyproject.toml names no real address yet (a reserved .invalid one): the dialog must
    # not send users there.
    url = project_url()
    assert ".invalid" not in url and "example" not in url
