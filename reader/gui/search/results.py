"""The result list: a model of search hits and a delegate that draws title, place and snippet."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.gui.icons import kind_icon
from reader.model import Kind
from reader.search.engine import Hit

HitRole = Qt.ItemDataRole.UserRole + 1
AbsentRole = Qt.ItemDataRole.UserRole + 2  # the hit's disc is not inserted
_Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    """Hits of the current query; asks for the next page when the view scrolls to the end.

    Each list of hits set is a generation: a page asked for by one arrives for that one
    only (a later query may have filled the list meanwhile).

    Signals:
        more_wanted(int, int): the view wants hits of this generation from this offset on.
    """

    more_wanted = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._total = 0
        self._asked_for = 0
        self._generation = 0
        self._absent: frozenset[str] = frozenset()

    def set_absent(self, volume_ids: frozenset[str]) -> None:
        """Discs not inserted now: their hits say so (search covers every disc)."""
        if volume_ids != self._absent:
            self._absent = volume_ids
            if self._hits:
                self.dataChanged.emit(self.index(0), self.index(len(self._hits) - 1))

    def set_hits(self, hits: list[Hit], total: int) -> None:
        self.beginResetModel()
        self._generation += 1
        self._hits = list(hits)
        self._total = total
        self._asked_for = len(self._hits)
        self.endResetModel()

    def append_hits(self, generation: int, offset: int, hits: list[Hit]) -> None:
        """The page from `offset` of the list `generation` (dropped if that is not this)."""
        if generation != self._generation or offset != len(self._hits):
            return
        if not hits:
            self._total = len(self._hits)  # the index has fewer now (a disc re-indexed)
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
        self._hits.extend(hits)
        self.endInsertRows()

    def more_failed(self, generation: int) -> None:
        """The page asked for did not come: scrolling to the end asks again."""
        if generation == self._generation:
            self._asked_for = len(self._hits)

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._asked_for < self._total

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent) and self._asked_for == len(self._hits):
            self._asked_for = len(self._hits) + 1
            self.more_wanted.emit(self._generation, len(self._hits))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index.row())
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title or hit.path
        if role == HitRole:
            return hit
        if role == AbsentRole:
            return hit.volume_id in self._absent
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.volume_label}/{hit.path}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.title}, {hit.kind}, {hit.date or 'no date'}, {hit.path}"
        if role == Qt.ItemDataRole.DecorationRole:
            try:
                return kind_icon(Kind(hit.kind))
            except ValueError:
                return kind_icon(Kind.OTHER)
        return None


def place_line(hit: Hit, absent: bool = False) -> str:
    """'DISC_1 · 2013/03/x.htm · 2013-03-18 · PDF p. 4' for the second line of a row."""
    parts = [hit.volume_label, hit.path]
    if hit.date:
        parts.append(hit.date)
    kind = str(hit.kind).upper()
    if hit.page:
        kind += f" p. {hit.page}"
    parts.append(kind)
    if absent:
        parts.append("disc not inserted")
    return "  ·  ".join(parts)


class HitDelegate(QStyledItemDelegate):
    """Draws a hit in three lines: title; disc, path, date, type; the snippet with bold matches."""

    PADDING = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = QTextDocument(self)
        self._doc.setDocumentMargin(0)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(200, self.PADDING * 2 + line * 4 + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        hit = index.data(HitRole)
        if hit is None:
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = option.palette.color(group, text_role)
        rect: QRect = option.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, 0)
        icon_size = 20
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            icon.paint(painter, QRect(rect.left(), rect.top(), icon_size, icon_size))
        left = rect.left() + icon_size + 6
        width = rect.right() - left
        fm = option.fontMetrics
        line = fm.lineSpacing()

        title_font = option.font
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_color)
        title = fm.elidedText(hit.title or hit.path, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(left, rect.top(), width, line), Qt.AlignmentFlag.AlignVCenter, title)
        title_font.setBold(False)
        painter.setFont(title_font)
        muted = option.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText,
        )
        painter.setPen(muted)
        place = fm.elidedText(
            place_line(hit, bool(index.data(AbsentRole))), Qt.TextElideMode.ElideMiddle, width
        )
        painter.drawText(
            QRect(left, rect.top() + line, width, line), Qt.AlignmentFlag.AlignVCenter, place
        )

        # The core gives text and the spans of the matches; the markup is made here.
        self._doc.setDefaultFont(option.font)
        self._doc.setTextWidth(width)
        marked = hit.snippet.render(html.escape, "<b>", "</b>")
        self._doc.setHtml(f'<span style="color:{text_color.name()}">{marked}</span>')
        painter.translate(left, rect.top() + line * 2 + 2)
        clip = QRect(0, 0, width, line * 2)
        painter.setClipRect(clip)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.clip = clip.toRectF()
        ctx.palette.setColor(QPalette.ColorRole.Text, text_color)
        self._doc.documentLayout().draw(painter, ctx)
        painter.restore()
