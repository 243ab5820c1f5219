"""What a viewer says of a scan: no text, text waiting for OCR, or text read by OCR."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

SCAN_NOTICE = "This PDF is a scan: it has no text to search or copy."


def ocr_notice(pages: frozenset[int], missing: int, what: str = "PDF") -> str:
    """What the notice says of a scan whose pages OCR reads (or has read)."""
    if not missing:
        return (
            f"This {what} is a scan: its words were read by OCR, so some may be misread. "
            "Hits are marked on the scan."
        )
    if missing >= len(pages):
        return (
            f"This {what} is a scan waiting to be read by OCR: its words become searchable "
            "once it is read."
        )
    return (
        f"This {what} is a scan: {missing:,} of its {len(pages):,} scanned pages are waiting "
        "to be read by OCR; the words of the others were read by OCR (some may be misread)."
    )


def notice_label(name: str) -> QLabel:
    """The band above a scan that says so (hidden until there is something to say)."""
    label = QLabel(SCAN_NOTICE)
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setAutoFillBackground(True)
    label.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
    label.setForegroundRole(QPalette.ColorRole.ToolTipText)
    label.setContentsMargins(8, 4, 8, 4)
    label.hide()
    return label
