"""The core's sentences reach a French window in French.

The core (Qt-free) speaks English and marks its sentences (reader/sentences.py); the window
recognises them by their templates and says them from the French catalogue
(reader/gui/core_text.py). Here: why a file failed, stored in the catalogue by an indexing
run and shown in the Failures view; a search warning under the query box; and every
template of the catalogue, recognised from its own English sentence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from string import Formatter

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.cli.main import main as cli
from reader.gui import core_text
from reader.gui.core_text import CoreSentences, said
from reader.gui.indexing.failures import FailuresDialog
from reader.gui.language import CATALOGUE_DIR, install_translations
from reader.settings import Settings
from tests.archive_factory import pdf_bytes
from tests.gui.conftest import show_window, type_query

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

FRENCH_TABLE = CATALOGUE_DIR / "core_sentences_fr.json"


@pytest.fixture
def french(qapp: QApplication) -> Iterator[Settings]:
    settings = Settings(workers=2, interface_language="fr")
    installed = install_translations(settings.interface_language)
    assert installed.language == "fr"
    yield settings
    installed.remove()


def _table() -> dict[str, str]:
    assert FRENCH_TABLE.is_file(), f"{FRENCH_TABLE} missing: run `make qm`"
    table: dict[str, str] = json.loads(FRENCH_TABLE.read_text(encoding="utf-8"))
    return table


def test_why_a_file_failed_reads_in_french_in_the_failures_view(
    qtbot: QtBot, tmp_path: Path, basedir: Path, french: Settings
) -> None:
    disc = tmp_path / "LOCKED_1"
    (disc / "2001").mkdir(parents=True)
    (disc / "2001" / "memo.pdf").write_bytes(pdf_bytes(["secret memo"], user_password="s3cret"))
    (disc / "2001" / "open.txt").write_text("An open page.\n", encoding="utf-8")
    assert cli(["index", str(disc)]) == 0  # the reason is stored in English by the run

    win = show_window(qtbot, french)
    status = win.status_counts
    assert "1 en échec" in re.sub(r"<[^>]+>", "", status.text())
    shown: list[list[str]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, FailuresDialog):
            item = dialog.tree.topLevelItem(0)
            assert item is not None
            shown.append([item.text(c) for c in range(3)])
            dialog.reject()
        else:
            QTimer.singleShot(30, look)

    QTimer.singleShot(30, look)
    plain = re.sub(r"<[^>]+>", "", status.text())
    end = status.contentsRect().left() + status.fontMetrics().horizontalAdvance(plain) - 4
    qtbot.mouseClick(status, Qt.MouseButton.LeftButton, pos=QPoint(end, status.height() // 2))
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0][:2] == ["LOCKED_1", "2001/memo.pdf"]
    assert shown[0][2] == "le PDF est chiffré et demande un mot de passe"


def test_a_search_warning_reads_in_french_under_the_query(
    qtbot: QtBot, tmp_path: Path, basedir: Path, french: Settings
) -> None:
    disc = tmp_path / "WARN_1"
    disc.mkdir()
    (disc / "page.txt").write_text("Walrus tariffs in the harbour.\n", encoding="utf-8")
    assert cli(["index", str(disc)]) == 0
    win = show_window(qtbot, french)
    type_query(qtbot, win.search_panel, '"walrus tariffs')
    message = win.search_panel.message
    qtbot.waitUntil(message.isVisible, timeout=5000)
    assert "Guillemet non refermé" in message.text(), message.text()
    assert "Unbalanced" not in message.text()


def _sample(template: str) -> dict[str, object]:
    """Values for a template's placeholders: numbers where it formats a number, else
    texts of two words (so that a template whose placeholders could split a text two
    ways shows up as not recognised)."""
    values: dict[str, object] = {}
    for i, (_lit, name, spec, _conv) in enumerate(Formatter().parse(template)):
        if name is not None and name not in values:
            values[name] = 1234 + i if spec else f"v{i} w{i}"
    return values


def test_every_sentence_of_the_core_is_recognised_and_said_in_french() -> None:
    table = _table()
    assert len(table) > 100
    sentences = CoreSentences(table)
    wrong = []
    for template, french_text in table.items():
        values = _sample(template)
        english, expected = template.format(**values), french_text.format(**values)
        if sentences.say(english) != expected:
            wrong.append((english, sentences.say(english), expected))
    assert not wrong, wrong[:5]


def test_values_are_sentences_too_and_other_texts_are_left_alone() -> None:
    sentences = CoreSentences(_table())
    nested = "Cannot read /d/a.iso: the disc image is damaged here (a record is cut short (x))"
    assert sentences.say(nested) == (
        "Impossible de lire /d/a.iso\u00a0: l'image disque est endommagée à cet endroit "
        "(un enregistrement est tronqué (x))"
    )
    # A number's placeholder takes a number only: "{n:,} file" does not claim a name.
    assert sentences.say("my file") == "my file"
    assert sentences.say("3 files") == "3 fichiers"
    # A library's own message, or a wording no template has, stays as it came.
    assert sentences.say("cannot open broken document") == "cannot open broken document"


def test_an_english_window_shows_the_core_as_it_speaks(qapp: QApplication) -> None:
    installed = install_translations("en")
    try:
        assert said("PDF is encrypted and needs a password") == (
            "PDF is encrypted and needs a password"
        )
    finally:
        installed.remove()
    core_text.install(FRENCH_TABLE)
    try:
        assert said(ValueError("PDF is encrypted and needs a password")).startswith("le PDF")
    finally:
        core_text.install(None)
