"""Edit → Preferences: the settings a user may want to change without editing settings.toml.

The dialog edits a copy; OK writes settings.toml (reader.settings.save) and hands the new
values to the window, which applies what takes effect at once (reading colours). Workers and
OCR languages apply from the next run, the interface language from the next start. The rest
of settings.toml (limits, batches) stays for those who edit the file.
"""

from __future__ import annotations

import copy
import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader import settings as settings_mod
from reader.indexing.ocr.tessdata import find_tessdata, languages_in
from reader.paths import app_dirs
from reader.sentences import QT_TRANSLATE_NOOP
from reader.settings import Settings

# Tesseract's codes of the languages a reader of these archives is likely to have; any other
# installed one is listed by its code. Marked here, translated where shown.
LANGUAGE_NAMES = {
    "eng": QT_TRANSLATE_NOOP("PreferencesDialog", "English"),
    "fra": QT_TRANSLATE_NOOP("PreferencesDialog", "French"),
    "deu": QT_TRANSLATE_NOOP("PreferencesDialog", "German"),
    "spa": QT_TRANSLATE_NOOP("PreferencesDialog", "Spanish"),
    "ita": QT_TRANSLATE_NOOP("PreferencesDialog", "Italian"),
    "por": QT_TRANSLATE_NOOP("PreferencesDialog", "Portuguese"),
    "nld": QT_TRANSLATE_NOOP("PreferencesDialog", "Dutch"),
    "rus": QT_TRANSLATE_NOOP("PreferencesDialog", "Russian"),
    "ara": QT_TRANSLATE_NOOP("PreferencesDialog", "Arabic"),
    "chi_sim": QT_TRANSLATE_NOOP("PreferencesDialog", "Chinese (simplified)"),
    "chi_tra": QT_TRANSLATE_NOOP("PreferencesDialog", "Chinese (traditional)"),
    "jpn": QT_TRANSLATE_NOOP("PreferencesDialog", "Japanese"),
    "kor": QT_TRANSLATE_NOOP("PreferencesDialog", "Korean"),
}
COLOURS = [
    ("system", QT_TRANSLATE_NOOP("PreferencesDialog", "As the desktop")),
    ("light", QT_TRANSLATE_NOOP("PreferencesDialog", "Light")),
    ("dark", QT_TRANSLATE_NOOP("PreferencesDialog", "Dark")),
]
# The window's languages, each named in itself (as language pickers do), but the first.
INTERFACE_LANGUAGES = [("", None), ("en", "English"), ("fr", "Français")]
MAX_WORKERS = 8


class PreferencesDialog(QDialog):
    """The form over a copy of the settings; `chosen()` gives it back after OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = copy.deepcopy(settings)
        layout = QVBoxLayout(self)
        layout.addWidget(self._discs_group())
        layout.addWidget(self._interface_group())
        layout.addWidget(self._reading_group())
        layout.addWidget(self._ocr_group())
        layout.addWidget(self._folders_group())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # --- groups ---

    def _discs_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Discs and indexing"))
        form = QFormLayout(box)
        self.copy_index = QCheckBox(
            self.tr("Keep a copy of a disc's ready-made index on this computer")
        )
        self.copy_index.setToolTip(
            self.tr(
                "Off: a published disc's index is searched where it lies (nothing copied, but "
                "a disc of the set must be in to search). On: it is copied when the disc is "
                "opened, so the archive can be searched with no disc in, at the cost of its "
                "size on disk."
            )
        )
        self.copy_index.setChecked(self._settings.copy_published_index)
        form.addRow(self.copy_index)
        self.workers = _spin(1, MAX_WORKERS, self._settings.workers)
        form.addRow(self.tr("Indexing &processes:"), self.workers)
        return box

    def _interface_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Interface"))
        form = QFormLayout(box)
        self.interface_language = QComboBox()
        for value, name in INTERFACE_LANGUAGES:
            self.interface_language.addItem(name or self.tr("As the system"), value)
        at = self.interface_language.findData(self._settings.interface_language)
        self.interface_language.setCurrentIndex(max(at, 0))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.interface_language)
        line.addWidget(QLabel(self.tr("Applies at the next start.")), 1)
        form.addRow(self.tr("Interface &language:"), row)
        return box

    def _reading_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Reading"))
        form = QFormLayout(box)
        self.colours = QComboBox()
        for value, text in COLOURS:
            self.colours.addItem(self.tr(text), value)
        at = self.colours.findData(self._settings.reading_colours)
        self.colours.setCurrentIndex(max(at, 0))
        form.addRow(self.tr("Document &colours:"), self.colours)
        self.invert_pdf = QCheckBox(self.tr("Draw PDF pages inverted when the colours are dark"))
        self.invert_pdf.setChecked(self._settings.invert_pdf_pages)
        form.addRow(self.invert_pdf)
        return box

    def _ocr_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Scanned pages (OCR)"))
        form = QFormLayout(box)
        ocr = self._settings.ocr
        self.ocr_enabled = QCheckBox(self.tr("Read scanned pages in the background after indexing"))
        self.ocr_enabled.setChecked(ocr.enabled)
        form.addRow(self.ocr_enabled)
        self.languages = QListWidget()
        self.languages.setAccessibleName(self.tr("OCR languages"))
        folder = find_tessdata(ocr.tessdata)
        installed = languages_in(folder) if folder is not None else []
        # The chosen ones first, then by name.
        codes = set(installed) | set(ocr.languages)
        order = sorted(codes, key=lambda c: (c not in ocr.languages, _language_name(c)))
        for code in order:
            item = QListWidgetItem(_language_label(code, installed))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if code in ocr.languages else Qt.CheckState.Unchecked
            )
            self.languages.addItem(item)
        self.languages.setMaximumHeight(110)
        form.addRow(self.tr("&Languages:"), self.languages)
        if folder is None:
            form.addRow(
                QLabel(
                    self.tr(
                        "No Tesseract language data found: install tesseract-ocr-eng (and the "
                        "languages you need), or name its folder as ocr.tessdata in "
                        "settings.toml."
                    )
                )
            )
        self.ocr_workers = _spin(1, MAX_WORKERS, ocr.workers)
        form.addRow(self.tr("OCR p&rocesses:"), self.ocr_workers)
        self.page_seconds = _spin(10, 3600, int(ocr.page_seconds))
        self.page_seconds.setSuffix(self.tr(" s", "seconds"))
        form.addRow(self.tr("Give up on a page &after:"), self.page_seconds)
        return box

    def _folders_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Where Archive Reader keeps its files"))
        form = QFormLayout(box)
        dirs = app_dirs()
        for label, path in (
            (self.tr("Settings:"), dirs.config),
            (self.tr("Archives and library:"), dirs.data),
            (self.tr("Cache:"), dirs.cache),
            (self.tr("Logs:"), dirs.log),
        ):
            form.addRow(label, _folder_row(path))
        return box

    # --- result ---

    def chosen(self) -> Settings:
        """The settings as the form has them (the copy given, with the form's values)."""
        s = self._settings
        s.copy_published_index = self.copy_index.isChecked()
        s.workers = self.workers.value()
        s.reading_colours = str(self.colours.currentData())
        s.invert_pdf_pages = self.invert_pdf.isChecked()
        s.interface_language = str(self.interface_language.currentData())
        s.ocr.enabled = self.ocr_enabled.isChecked()
        checked = [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.languages.item(i) for i in range(self.languages.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]
        s.ocr.languages = checked or ["eng"]  # Tesseract needs one
        s.ocr.workers = self.ocr_workers.value()
        s.ocr.page_seconds = float(self.page_seconds.value())
        return s


def _spin(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(min(max(value, low), high))
    return spin


def _language_name(code: str) -> str:
    return (
        QCoreApplication.translate("PreferencesDialog", LANGUAGE_NAMES[code])
        if code in LANGUAGE_NAMES
        else code
    )


def _language_label(code: str, installed: list[str]) -> str:
    name = _language_name(code)
    return (
        name
        if code in installed
        else QCoreApplication.translate("PreferencesDialog", "{language} (not installed)").format(
            language=name
        )
    )


def _folder_row(path: Path) -> QWidget:
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    label = QLabel(str(path))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    line.addWidget(label, 1)
    button = QPushButton(QCoreApplication.translate("PreferencesDialog", "Open"))
    button.setAccessibleName(
        QCoreApplication.translate("PreferencesDialog", "Open {folder}").format(folder=path)
    )
    button.clicked.connect(lambda: _open_folder(path))
    line.addWidget(button)
    return row


def _open_folder(path: Path) -> None:
    os.makedirs(path, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def edit_preferences(
    settings: Settings, parent: QWidget, in_force: Callable[[Settings], None]
) -> bool:
    """Show the dialog; on OK, put its values into `settings` (the window's own object, which
    the controllers share), save them, and call `in_force` for what applies at once."""
    dialog = PreferencesDialog(settings, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    chosen = dialog.chosen()
    for f in dataclasses.fields(Settings):
        if f.name != "window":  # the window's own state, newer than the dialog's copy
            setattr(settings, f.name, getattr(chosen, f.name))
    try:
        settings_mod.save(settings)
    except OSError as exc:
        QMessageBox.warning(
            parent,
            QCoreApplication.translate("PreferencesDialog", "Preferences not saved"),
            QCoreApplication.translate(
                "PreferencesDialog",
                "The preferences hold until Archive Reader closes, but could not be saved to "
                "{file}: {reason}.",
            ).format(file=settings_mod.settings_path(), reason=exc.strerror or exc),
        )
    in_force(settings)
    return True
