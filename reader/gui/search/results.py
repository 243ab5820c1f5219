"""The result list: a model of search hits and a delegate that draws title, place and snippet."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.gui.icons import kind_icon
from reader.gui.language import translate
from reader.model import Kind
from reader.search.engine import Hit
from reader.store.documents import Snippet

HitRole = Qt.ItemDataRole.UserRole + 1
AbsentRole = Qt.ItemDataRole.UserRole + 2  # the hit's disc is not inserted
OcrRole = Qt.ItemDataRole.UserRole + 3  # the hit's page is text OCR read from a scan
_Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    """Hits of the current query; asks for the next page when the view scrolls to the end,
    and for the snippets of the rows painted without one.

    Each list of hits set is a generation: a page or snippets asked for by one arrive for
    that one only (a later query may have filled the list meanwhile). A row whose text has
    copies elsewhere can show them as rows of their own, under it (`toggle_copies`).

    Signals:
        more_wanted(int, int): the view wants hits of this generation from this offset on
            (hits taken, not rows: copies fold several hits into one row).
        snippets_wanted(int, object): the snippets of these hits (a list) are wanted.
    """

    more_wanted = Signal(int, int)
    snippets_wanted = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._copy_rows: set[int] = set()  # ids of the Hit objects that show a copy
        self._total = 0
        self._next = 0  # the offset of the next page
        self._asking = False
        self._generation = 0
        self._absent: frozenset[str] = frozenset()
        self._read_by_ocr: Callable[[Hit], bool] = lambda _hit: False
        self._ocr_known: dict[tuple[str, int | None], bool] = {}  # by (key, page)
        self._wanted: dict[str, Hit] = {}
        self._ask_timer = QTimer(self)
        self._ask_timer.setSingleShot(True)
        self._ask_timer.setInterval(0)
        self._ask_timer.timeout.connect(self._ask_snippets)

    def set_absent(self, volume_ids: frozenset[str]) -> None:
        """Discs not inserted now: their hits say so (search covers every disc)."""
        if volume_ids != self._absent:
            self._absent = volume_ids
            if self._hits:
                self.dataChanged.emit(self.index(0), self.index(len(self._hits) - 1))

    def set_ocr_lookup(self, read_by_ocr: Callable[[Hit], bool]) -> None:
        """How to tell a hit whose page is text OCR read (its row says so)."""
        self._read_by_ocr = read_by_ocr
        self._ocr_known.clear()

    def _from_ocr(self, hit: Hit) -> bool:
        if hit.kind not in ("pdf", "image"):
            return False
        known = (hit.key, hit.page)
        if known not in self._ocr_known:
            self._ocr_known[known] = self._read_by_ocr(hit)
        return self._ocr_known[known]

    def set_hits(self, hits: list[Hit], total: int, next_offset: int | None = None) -> None:
        self.beginResetModel()
        self._ocr_known.clear()  # OCR may have read more pages since
        self._generation += 1
        self._hits = list(hits)
        self._copy_rows.clear()
        self._wanted.clear()
        self._total = total
        self._next = len(hits) if next_offset is None else next_offset
        self._asking = False
        self.endResetModel()

    def append_hits(
        self, generation: int, offset: int, hits: list[Hit], next_offset: int | None = None
    ) -> None:
        """The page from `offset` of the list `generation` (dropped if that is not this)."""
        if generation != self._generation or offset != self._next:
            return
        self._asking = False
        if not hits:
            self._total = self._next  # the index has fewer now (a disc re-indexed)
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
        self._hits.extend(hits)
        self._next = offset + len(hits) if next_offset is None else next_offset
        self.endInsertRows()

    def more_failed(self, generation: int) -> None:
        """The page asked for did not come: scrolling to the end asks again."""
        if generation == self._generation:
            self._asking = False

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def hits(self) -> list[Hit]:
        """The rows' hits, copies shown as rows left out."""
        return [h for h in self._hits if id(h) not in self._copy_rows]

    def is_copy_row(self, row: int) -> bool:
        hit = self.hit(row)
        return hit is not None and id(hit) in self._copy_rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # A row can be dragged out: to a file manager it is its file (SearchPanel's view).
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._next < self._total

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent) and not self._asking:
            self._asking = True
            self.more_wanted.emit(self._generation, self._next)

    # Snippets, made for the rows painted (the first ones come with the result)

    def want_snippet(self, row: int) -> None:
        hit = self.hit(row)
        if hit is not None and hit.snippet is None and hit.key not in self._wanted:
            self._wanted[hit.key] = hit
            self._ask_timer.start()

    @property
    def generation(self) -> int:
        """Which list the rows are: each new result is a new one."""
        return self._generation

    def want_again(self, generation: int, hits: list[Hit]) -> None:
        """Snippets asked for and not made (the work stopped): asked again, if the rows
        are still these."""
        if generation != self._generation:
            return
        for hit in hits:
            if hit.snippet is None:
                self._wanted.setdefault(hit.key, hit)
        if self._wanted:
            self._ask_timer.start()

    def _ask_snippets(self) -> None:
        if self._wanted:
            hits, self._wanted = list(self._wanted.values()), {}
            self.snippets_wanted.emit(self._generation, hits)

    def set_snippets(self, generation: int, made: dict[str, tuple[Snippet, int | None]]) -> None:
        if generation != self._generation:
            return
        for row, hit in enumerate(self._hits):
            if hit.key in made and hit.snippet is None:
                hit.snippet, hit.page = made[hit.key]
                self.dataChanged.emit(self.index(row), self.index(row))

    # Copies of one text, folded into one row

    def toggle_copies(self, row: int, show: bool | None = None) -> bool:
        """Show (or hide) the copies of the row's text as rows under it; whether it did."""
        hit = self.hit(row)
        if hit is None or id(hit) in self._copy_rows or not hit.copies:
            return False
        shown = self.is_copy_row(row + 1)
        if show is None:
            show = not shown
        if show and not shown:
            copies = [
                replace(
                    hit,
                    key=f"{c.volume_id}:{c.path}",
                    volume_id=c.volume_id,
                    volume_label=c.volume_label,
                    path=c.path,
                    copies=(),
                )
                for c in hit.copies
            ]
            self.beginInsertRows(QModelIndex(), row + 1, row + len(copies))
            self._hits[row + 1 : row + 1] = copies
            self._copy_rows.update(id(c) for c in copies)
            self.endInsertRows()
            return True
        if not show and shown:
            end = row + 1
            while self.is_copy_row(end):
                end += 1
            self.beginRemoveRows(QModelIndex(), row + 1, end - 1)
            for c in self._hits[row + 1 : end]:
                self._copy_rows.discard(id(c))
            del self._hits[row + 1 : end]
            self.endRemoveRows()
            return True
        return False

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
        if role == OcrRole:
            return self._from_ocr(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{hit.volume_label}/{hit.path}"
            if hit.copies:
                others = "\n".join(f"{c.volume_label}/{c.path}" for c in hit.copies[:20])
                also = self.tr("The same text is also at:\n{places}\n(Right arrow: show them)")
                tip += "\n\n" + also.format(places=others)
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            date = hit.date or self.tr("no date")
            return f"{hit.title}, {hit.kind}, {date}, {hit.path}"
        if role == Qt.ItemDataRole.DecorationRole:
            try:
                return kind_icon(Kind(hit.kind))
            except ValueError:
                return kind_icon(Kind.OTHER)
        return None


def place_line(hit: Hit, absent: bool = False, from_ocr: bool = False) -> str:
    """'DISC_1 · 2013/03/x.htm · 2013-03-18 · PDF p. 4' for the second line of a row."""
    parts = [hit.volume_label, hit.path]
    if hit.date:
        parts.append(hit.date)
    kind = str(hit.kind).upper()
    if hit.page:
        kind += " " + translate("ResultsModel", "p. {page}").format(page=hit.page)
    parts.append(kind)
    if from_ocr:
        parts.append(translate("ResultsModel", "text from OCR"))
    if absent:
        parts.append(translate("ResultsModel", "disc not inserted"))
    if hit.copies:
        parts.append(_Plurals().copies(len(hit.copies) + 1))
    return "  ·  ".join(parts)


class _Plurals(QObject):
    """This module's plural texts (pyside6-lupdate finds plural forms in self.tr() only)."""

    def copies(self, n: int) -> str:
        return self.tr("%Ln copies", "", n)


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
        model = index.model()
        if isinstance(model, ResultsModel) and model.is_copy_row(index.row()):
            rect = rect.adjusted(28, 0, 0, 0)  # a copy, under the row it was folded into
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
            place_line(hit, bool(index.data(AbsentRole)), bool(index.data(OcrRole))),
            Qt.TextElideMode.ElideMiddle,
            width,
        )
        painter.drawText(
            QRect(left, rect.top() + line, width, line), Qt.AlignmentFlag.AlignVCenter, place
        )

        # The core gives text and the spans of the matches; the markup is made here.
        self._doc.setDefaultFont(option.font)
        self._doc.setTextWidth(width)
        if hit.snippet is None:  # made for the rows shown: asked for now, painted when here
            model = index.model()
            if isinstance(model, ResultsModel):
                model.want_snippet(index.row())
            marked = "…"
        else:
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
