"""What a viewer says of a scan: no text, text waiting for OCR, or text read by OCR."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from reader.gui.language import translate
from reader.sentences import QT_TRANSLATE_NOOP

SCAN_NOTICE = QT_TRANSLATE_NOOP(
    "ScanNotice", "This PDF is a scan: it has no text to search or copy."
)


def ocr_notice(pages: frozenset[int], missing: int, what: str = "PDF") -> str:
    """What the notice says of a scan whose pages OCR reads (or has read); `what`: "PDF"
    or "image"."""
    return ScanNotice().ocr(pages, missing, image=what == "image")


class ScanNotice(QObject):
    """The notice's texts (a QObject: pyside6-lupdate finds plural forms in self.tr() only;
    its context, "ScanNotice", is that of SCAN_NOTICE too). Not to be subclassed: a
    subclass's tr() would look the plurals up under its own name."""

    def ocr(self, pages: frozenset[int], missing: int, *, image: bool) -> str:
        if not missing:
            if image:
                return self.tr(
                    "This image is a scan: its words were read by OCR, so some may be misread. "
                    "Hits are marked on the scan."
                )
            return self.tr(
                "This PDF is a scan: its words were read by OCR, so some may be misread. "
                "Hits are marked on the scan."
            )
        if missing >= len(pages):
            if image:
                return self.tr(
                    "This image is a scan waiting to be read by OCR: its words become "
                    "searchable once it is read."
                )
            return self.tr(
                "This PDF is a scan waiting to be read by OCR: its words become searchable "
                "once it is read."
            )
        if image:
            text = self.tr(
                "This image is a scan: %Ln of its {total} scanned pages are waiting to be read "
                "by OCR; the words of the others were read by OCR (some may be misread).",
                "",
                missing,
            )
        else:
            text = self.tr(
                "This PDF is a scan: %Ln of its {total} scanned pages are waiting to be read "
                "by OCR; the words of the others were read by OCR (some may be misread).",
                "",
                missing,
            )
        return text.format(total=QLocale().toString(len(pages)))


def notice_label(name: str) -> QLabel:
    """The band above a scan that says so (hidden until there is something to say)."""
    label = QLabel(translate("ScanNotice", SCAN_NOTICE))
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setAutoFillBackground(True)
    label.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
    label.setForegroundRole(QPalette.ColorRole.ToolTipText)
    label.setContentsMargins(8, 4, 8, 4)
    label.hide()
    return label
