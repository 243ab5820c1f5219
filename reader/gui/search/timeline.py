"""A small bar chart of hits per year; click a bar to filter by that year."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget


class Timeline(QWidget):
    """Hits per year as bars, drawn with QPainter (no chart library).

    Signals:
        year_clicked(int): the user clicked the bar of that year.
    """

    year_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Hits per year"))
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._counts: dict[int, int] = {}
        self._selected: int | None = None

    def sizeHint(self) -> QSize:
        return QSize(300, 56)

    def set_counts(
        self, counts: Mapping[str, int] | Mapping[int, int], selected: int | None
    ) -> None:
        parsed: dict[int, int] = {}
        for key, n in counts.items():
            try:
                parsed[int(key)] = int(n)
            except (TypeError, ValueError):
                continue  # "unknown" dates are not on a timeline
        self._counts = parsed
        self._selected = selected
        self.update()

    def tooltip_text(self, year: int | None) -> str:
        """What hovering says: the year under the pointer, its count, what a click does."""
        if year is None:
            return self.tr("Hits per year: click a bar to show only that year")
        n = self._counts.get(year, 0)
        if not n:
            return self.tr("{year}: no documents").format(year=year)
        if self._selected == year:
            text = self.tr("{year}: %Ln documents; click to show every year again", "", n)
        else:
            text = self.tr("{year}: %Ln documents; click to show only {year}", "", n)
        return text.format(year=year)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), self.tooltip_text(self.year_at(event.pos())), self)
            return True
        return super().event(event)

    def label_years(self) -> list[int]:
        """The years the axis names: as many as fit, at a round step (1, 2, 5, 10 ...)."""
        years = self.years()
        if not years:
            return []
        room = max(self.fontMetrics().horizontalAdvance("0000 ") + 6, 1)
        fit = max(1, self.width() // room)
        step = next(
            (s for s in (1, 2, 5, 10, 20, 25, 50, 100) if len(years) / s <= fit), len(years)
        )
        named = [y for y in years if y % step == 0] or [years[0]]
        return named

    def years(self) -> list[int]:
        if not self._counts:
            return []
        return list(range(min(self._counts), max(self._counts) + 1))

    def _bar_rects(self) -> list[tuple[int, QRectF]]:
        years = self.years()
        if not years:
            return []
        label_h = self.fontMetrics().height()
        area_h = self.height() - label_h - 4
        peak = max(self._counts.values()) or 1
        width = self.width() / len(years)
        rects = []
        for i, year in enumerate(years):
            n = self._counts.get(year, 0)
            h = 0.0 if n == 0 else max(2.0, area_h * n / peak)
            rects.append((year, QRectF(i * width + 1, 2 + area_h - h, max(width - 2, 1), h)))
        return rects

    def year_at(self, pos: QPoint) -> int | None:
        years = self.years()
        if not years or self.width() <= 0:
            return None
        i = int(pos.x() / (self.width() / len(years)))
        return years[i] if 0 <= i < len(years) else None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        bar = pal.color(QPalette.ColorRole.Highlight)
        dim = QColor(bar)
        dim.setAlpha(110)
        rects = self._bar_rects()
        if not rects:
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No dated hits"))
            return
        for year, rect in rects:
            chosen = self._selected is None or self._selected == year
            painter.fillRect(rect, bar if chosen else dim)
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        label_y = self.height() - 2
        where = dict(rects)
        fm = self.fontMetrics()
        for year in self.label_years():
            text = str(year)
            centre = where[year].center().x()
            x = min(
                max(centre - fm.horizontalAdvance(text) / 2, 0),
                self.width() - fm.horizontalAdvance(text),
            )
            painter.drawText(int(x), label_y, text)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        year = self.year_at(event.position().toPoint())
        QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_text(year), self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            year = self.year_at(event.position().toPoint())
            if year is not None and self._counts.get(year):
                self.year_clicked.emit(year)
