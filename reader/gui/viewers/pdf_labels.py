"""What the PDF viewer says of its hits: the toolbar's hit position and the status line."""

from __future__ import annotations

from PySide6.QtCore import QObject

from reader.gui.viewers.pdf_hits import HitScan


class PdfLabels(QObject):
    """The hit label's and the status line's texts (a QObject: pyside6-lupdate finds plural
    forms in self.tr() only). Not to be subclassed: a subclass's tr() would look the plurals
    up under its own name. Counts are written as digits, a "+" after them while the pages
    are still being read, as the Find bar's are."""

    def hits(self, total: int, more: str) -> str:
        """'1 hit', '3 hits', '1+ hits' (more may come: the pages are still being read)."""
        plural = max(total, 2) if more else total  # "1+ hits": more may come
        return self.tr("{count} hits", "", plural).format(count=f"{total}{more}")

    def hit_label(self, scan: HitScan) -> str:
        """The toolbar's "Hit 2 of 4", "4 hits" or "No hits" ("" without search terms)."""
        total = len(scan.hits)
        more = "" if scan.done else "+"
        if not scan.terms:
            return ""
        if scan.index >= 0:
            text = self.tr("Hit {current} of {total}")
            return text.format(current=scan.index + 1, total=f"{total}{more}")
        return self.hits(total, more) if total or more else self.tr("No hits")

    def status(self, page: int, count: int, scan: HitScan) -> str:
        """The status line: "Page 3 of 12", then the hits when there are search terms."""
        status = self.tr("Page {page} of {count}").format(page=page + 1, count=count)
        if not scan.terms:
            return status
        total = len(scan.hits)
        more = "" if scan.done else "+"
        if scan.index >= 0:
            hits = self.tr("{current} of {count} hits", "", max(total, 2) if more else total)
            hits = hits.format(current=scan.index + 1, count=f"{total}{more}")
        else:
            hits = self.hits(total, more) if total or more else self.tr("no hits")
        return f"{status} · {hits}"
