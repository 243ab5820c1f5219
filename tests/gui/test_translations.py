"""The window in French: menus, plurals, Qt's own buttons; a catalogue that has every string.

The French window is built after its translators are installed (as app.py does at start-up)
and they are removed again afterwards, so the other tests' windows speak English.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu
from pytestqt.qtbot import QtBot

from reader.gui.language import CATALOGUE_DIR, install_translations, interface_language
from reader.gui.window.main_window import MainWindow
from reader.gui.window.preferences import PreferencesDialog
from reader.settings import Settings
from tests.archive_factory import Manifest
from tests.gui.conftest import show_window, type_query

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "reader"
GUI = PACKAGE / "gui"
TS_DIR = ROOT / "resources" / "translations"
FRENCH_TS = TS_DIR / "archive_reader_fr.ts"
ENGLISH_TS = TS_DIR / "archive_reader_en.ts"
LUPDATE = ROOT / ".venv" / "bin" / "pyside6-lupdate"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def french(qapp: QApplication) -> Iterator[Settings]:
    """Settings that choose French, with its translators installed as at start-up."""
    settings = Settings(workers=2, interface_language="fr")
    installed = install_translations(settings.interface_language)
    assert installed.language == "fr"
    assert len(installed.translators) == 2, "the app's catalogue and Qt's own (qtbase_fr)"
    yield settings
    installed.remove()


def _french_window(qtbot: QtBot, settings: Settings) -> MainWindow:
    return show_window(qtbot, settings)


def _menu(win: MainWindow, title: str) -> QMenu:
    for action in win.menuBar().actions():
        if action.text() == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError(f"no menu {title!r} in {[a.text() for a in win.menuBar().actions()]}")


def test_the_window_built_in_french_has_french_menus(
    qtbot: QtBot, indexed: Manifest, french: Settings
) -> None:
    win = _french_window(qtbot, french)
    titles = [a.text() for a in win.menuBar().actions()]
    assert titles == ["&Fichier", "É&dition", "A&ller", "&Affichage", "&Aide"]
    edit = [a.text() for a in _menu(win, "É&dition").actions() if not a.isSeparator()]
    assert "Pré&férences…" in edit
    assert "&Quitter" in [a.text() for a in _menu(win, "&Fichier").actions()]
    assert [win.side.tabText(i) for i in range(win.side.count())] == [
        "Recherche",
        "Parcourir",
        "Bibliothèque",
    ]
    # The status bar's counts, French plurals.
    assert re.fullmatch(
        r'\d+ documents indexés, <a href="#failures">\d+ en échec</a>', win.status_counts.text()
    )


def test_plurals_read_right_for_one_and_for_five(
    qtbot: QtBot, indexed: Manifest, french: Settings
) -> None:
    win = _french_window(qtbot, french)
    panel = win.search_panel
    phrases = [f'"{t.phrase}"' for t in indexed.documents() if t.kind == "html"][:5]
    type_query(qtbot, panel, phrases[0])
    assert panel.count_label.text().startswith("1 document  ·  ")
    type_query(qtbot, panel, " OR ".join(phrases))
    assert panel.count_label.text().startswith("5 documents  ·  ")
    timeline = panel.timeline
    timeline.set_counts({"2001": 1, "2002": 5}, None)
    nb = "\u00a0"  # French puts a no-break space before : and ;
    assert (
        timeline.tooltip_text(2001) == f"2001{nb}: 1 document{nb}; cliquez pour n'afficher que 2001"
    )
    assert timeline.tooltip_text(2002).startswith(f"2002{nb}: 5 documents{nb}; ")


def test_qt_standard_buttons_and_the_language_choice_read_in_french(
    qtbot: QtBot, indexed: Manifest, french: Settings
) -> None:
    win = _french_window(qtbot, french)
    seen: dict[str, list[str]] = {}

    def look(dialog: PreferencesDialog) -> None:
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        seen["buttons"] = [b.text().replace("&", "") for b in buttons.buttons()]
        combo = dialog.interface_language
        seen["languages"] = [combo.itemText(i) for i in range(combo.count())]
        seen["title"] = [dialog.windowTitle()]
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PreferencesDialog):
            look(dialog)
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)
    win.search_panel.query.setFocus()
    qtbot.waitUntil(win.search_panel.query.hasFocus)
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "buttons" in seen, timeout=5000)
    assert "Annuler" in seen["buttons"]  # Qt's own catalogue: qtbase_fr.qm
    assert seen["languages"] == ["Comme le système", "English", "Français"]
    assert seen["title"] == ["Préférences"]


def test_the_language_follows_the_setting_then_the_system() -> None:
    assert interface_language("fr", ["en-US"]) == "fr"
    assert interface_language("en", ["fr-FR"]) == "en"
    assert interface_language("", ["fr-FR", "en-US"]) == "fr"
    assert interface_language("", ["de-DE", "fr-CA"]) == "fr"
    assert interface_language("", ["de-DE", "en-GB", "fr-FR"]) == "en"
    assert interface_language("", ["de-DE"]) == "en"  # no catalogue: English
    assert interface_language("xx", ["fr-FR"]) == "en"


# --- the catalogues ---


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or ""): msg
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], ET.Element]:
    """Every string that is marked for translation, as lupdate finds it now: the window's,
    and the core's sentences (context "Core", reader/sentences.py)."""
    lupdate = LUPDATE if LUPDATE.exists() else shutil.which("pyside6-lupdate")
    assert lupdate, "pyside6-lupdate (PySide6) is needed"
    out = tmp_path_factory.mktemp("lupdate") / "fresh.ts"
    subprocess.run(
        [str(lupdate), "-extensions", "py", "-locations", "none", str(PACKAGE), "-ts", str(out)],
        check=True,
        capture_output=True,
    )
    return _messages(out)


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{\w*\}|%L?n", text))


def test_every_marked_string_has_a_french_translation(
    fresh: dict[tuple[str, str], ET.Element],
) -> None:
    assert len(fresh) > 200
    assert not [key for key in fresh if not key[0]], "a bare tr() outside a class: no context"
    french = _messages(FRENCH_TS)
    missing = sorted(set(fresh) - set(french))
    assert not missing, f"run `make translations` and translate: {missing[:10]}"
    for key, msg in fresh.items():
        tr = french[key].find("translation")
        assert tr is not None and tr.get("type") not in ("unfinished", "obsolete", "vanished"), key
        forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
        assert (msg.get("numerus") == "yes") == (len(forms) == 2), key  # French: 2 forms
        for form in forms:
            assert form.strip(), f"empty translation of {key}"
            assert _placeholders(form) == _placeholders(key[1]), (key, form)


def test_every_plural_has_its_english_forms(fresh: dict[tuple[str, str], ET.Element]) -> None:
    english = _messages(ENGLISH_TS)
    plurals = {key for key, msg in fresh.items() if msg.get("numerus") == "yes"}
    assert plurals and plurals <= set(english), sorted(plurals - set(english))[:10]
    for key in plurals:
        forms = [f.text or "" for f in english[key].iter("numerusform")]
        assert len(forms) == 2 and all(forms), key


def test_the_built_catalogues_are_those_of_the_sources() -> None:
    for ts in TS_DIR.glob("*.ts"):
        qm = CATALOGUE_DIR / f"{ts.stem}.qm"
        assert qm.exists(), f"{qm} missing: run `make qm`"
        assert qm.stat().st_mtime >= ts.stat().st_mtime, f"{qm} is older than {ts}: `make qm`"
        language = ts.stem.rsplit("_", 1)[1]
        table = CATALOGUE_DIR / f"core_sentences_{language}.json"
        assert table.exists(), f"{table} missing: run `make qm`"
        assert table.stat().st_mtime >= ts.stat().st_mtime, f"{table} is older than {ts}"


# --- texts left in English by mistake ---

# Calls whose string arguments a user reads.
SHOWN = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setPlaceholderText",
    "setAccessibleName", "setTitle", "setLabelText", "setInformativeText", "setDetailedText",
    "setSuffix", "setPrefix", "setSpecialValueText", "setItemText", "setTabText", "addMenu",
    "addAction", "addItem", "addTab", "addRow", "setHeaderLabels", "showMessage", "emit",
    "information", "warning", "critical", "question", "about", "getOpenFileName",
    "getSaveFileName", "getExistingDirectory", "getText", "addButton", "show_message",
    "show_stopped",
    "QAction", "QLabel", "QPushButton", "QCheckBox", "QGroupBox", "QMessageBox", "QToolButton",
    "QRadioButton", "QMenu", "QListWidgetItem", "QStandardItem",
}  # fmt: skip
# Texts that are the same in every language: keys, units, symbols, names.
ALLOWED = re.compile(
    r"^(\?|…|★|☆|✕|[A-Z]{2,5}|Ctrl\+.*|F\d+|Zip|PDF|HTML|OCR|\W*|\d.*|English|Français)$"
)
# The names of the libraries in About's version line.
NAMES = re.compile(r"^[\s·]*((Qt|PySide6|PyMuPDF|Python)[\s·]*)+$")
# Objects whose methods of those names are not shown (the log's warning()).
NOT_SHOWN = {"log", "logging", "logger"}


def _literal_texts(node: ast.expr) -> list[str]:
    """The text of a literal a user could read: a string, an f-string's text, a join."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))]
    if isinstance(node, ast.BinOp):
        return _literal_texts(node.left) + _literal_texts(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_texts(node.body) + _literal_texts(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):  # setHeaderLabels(["Disc", "File"])
        return [text for item in node.elts for text in _literal_texts(item)]
    return []


def _unwrapped(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = (
            func.value.id
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            else ""
        )
        if name not in SHOWN or owner in NOT_SHOWN:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            for text in _literal_texts(arg):
                words = re.sub(r"<[^>]+>|\{[^}]*\}|&\w+;", " ", text)
                if (
                    re.search(r"[A-Za-z]{2,}", words)
                    and not ALLOWED.match(text.strip())
                    and not NAMES.match(words)
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}")
    return found


# Modules whose texts are not wrapped yet (docs/translations.md): they still show English.
NOT_YET: set[str] = set()


def test_no_shown_text_is_left_out_of_the_translations() -> None:
    paths = [p for p in sorted(GUI.rglob("*.py")) if p.relative_to(GUI).as_posix() not in NOT_YET]
    left = [line for path in paths for line in _unwrapped(path)]
    assert not left, "wrap in self.tr() or translate():\n" + "\n".join(left)


def test_translated_texts_are_never_built_in_f_strings() -> None:
    # lupdate would store "{n} files" with the braces of the f-string, never found again.
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("tr", "translate", "QT_TRANSLATE_NOOP") and any(
                    isinstance(a, ast.JoinedStr) for a in node.args
                ):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, bad
