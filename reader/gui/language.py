"""The interface's language: the app's catalogue and Qt's own, installed at start-up.

Source strings are English; a language's catalogue is `translations/archive_reader_<lang>.qm`
beside this module, built from `resources/translations/*.ts` (docs/translations.md). English
has one too, of plural forms only ("1 document", "2 documents"). Qt's own (`qtbase_<lang>.qm`:
the standard buttons and dialogs) comes with PySide6.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from reader.gui import core_text

log = logging.getLogger(__name__)

# Functions and module constants translate with this (`translate("Context", "text")`, the
# name pyside6-lupdate looks for); QObject subclasses with self.tr(). Plurals only through
# self.tr(text, "", n): lupdate takes translate()'s fourth argument for a plural only when it
# is a literal number.
translate = QCoreApplication.translate


CATALOGUE = "archive_reader"
# The core's sentences (reader/sentences.py) as a table, built with the .qm (core_text.py).
CORE_SENTENCES = "core_sentences"
CATALOGUE_DIR = Path(__file__).resolve().parent / "translations"
# The languages with a catalogue; English is the source text and needs none.
TRANSLATED = ("fr",)
SOURCE_LANGUAGE = "en"


def interface_language(setting: str, ui_languages: list[str] | None = None) -> str:
    """The language the window speaks: the setting's, or the first of the system's ("")
    that has a catalogue (English when none has)."""
    if setting:
        return setting if setting in TRANSLATED else SOURCE_LANGUAGE
    wanted = QLocale.system().uiLanguages() if ui_languages is None else ui_languages
    for name in wanted:
        code = name.replace("_", "-").split("-")[0].lower()
        if code == SOURCE_LANGUAGE:
            return code
        if code in TRANSLATED:
            return code
    return SOURCE_LANGUAGE


def interface_locale(setting: str, language: str) -> QLocale:
    """How numbers and dates are written: the chosen language's own way, or the system's.

    A "C" system locale (no locale set, as on build machines) writes 1234 without a group
    separator: English's way instead."""
    if setting:
        return QLocale(language)
    system = QLocale.system()
    if system.language() == QLocale.Language.C:
        return QLocale("en_US")
    return system


def qt_translations_dirs() -> list[Path]:
    """Where Qt's own .qm files may be: Qt's translations path (PySide6 ships them), and
    beside the PySide6 package in case a frozen app's Qt reports another prefix."""
    import PySide6

    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).resolve().parent / "Qt" / "translations",
    ]


@dataclass
class Translations:
    """The translators installed in the application, and the locale before them."""

    language: str
    translators: list[QTranslator] = field(default_factory=list)
    previous_locale: QLocale = field(default_factory=QLocale)

    def remove(self) -> None:
        """Take the translators out again (tests: the next window speaks English)."""
        for translator in self.translators:
            QCoreApplication.removeTranslator(translator)
        self.translators.clear()
        core_text.install(None)
        QLocale.setDefault(self.previous_locale)


def install_translations(setting: str) -> Translations:
    """Install the catalogues of the language `setting` names ("" the system's, "en", "fr")
    in the running QCoreApplication, before any widget is built.

    A missing catalogue is logged and leaves those texts in English: the window still works.
    """
    language = interface_language(setting)
    installed = Translations(language)
    QLocale.setDefault(interface_locale(setting, language))
    catalogues = [(CATALOGUE, [CATALOGUE_DIR])]
    if language != SOURCE_LANGUAGE:  # Qt's own texts are English already
        catalogues.append(("qtbase", qt_translations_dirs()))
    for name, folders in catalogues:
        translator = QTranslator()
        if any(translator.load(f"{name}_{language}", str(folder)) for folder in folders):
            QCoreApplication.installTranslator(translator)
            installed.translators.append(translator)
        else:
            log.warning("no %s translation for %r in %s", name, language, folders[0])
    core_table = CATALOGUE_DIR / f"{CORE_SENTENCES}_{language}.json"
    if language == SOURCE_LANGUAGE:
        core_text.install(None)
    elif core_table.is_file():
        core_text.install(core_table)
    else:
        core_text.install(None)
        log.warning("no translation of the core's sentences for %r: %s", language, core_table)
    return installed
