"""Find bar, term highlighting and the keys the text-like viewers share."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QTextEdit,
    QToolButton,
    QWidget,
)

from reader.gui.language import translate
from reader.gui.viewers.base import Viewer
from reader.search.analysis import QueryTerms, rough_fold

#: More highlights than this slow painting down and help nobody; the status says "+".
MAX_HITS = 5000

# Yellow with black text reads on light and dark palettes alike; the current hit is orange.
HIT_BACKGROUND = QColor("#ffe34d")
CURRENT_BACKGROUND = QColor("#ff9632")
HIT_FOREGROUND = QColor("#000000")

Editor = QTextEdit | QPlainTextEdit


class TextSearch:
    """Find and term highlights on a QTextEdit or QPlainTextEdit.

    Positions in the editor's document match indexes in its toPlainText() (Qt keeps them
    aligned; tables and images take one character each), so folded-text indexes are cursor
    positions.
    """

    def __init__(self, editor: Editor, report: Callable[[str], None]) -> None:
        self.editor = editor
        self.report = report
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self.capped = False
        self._folded: str | None = None
        self._needle = ""  # the text found last, folded, and where it occurs
        self._found: list[int] = []

    def reset(self) -> None:
        """Forget everything about the previous document."""
        self.hits = []
        self.current = -1
        self.capped = False
        self._folded = None
        self._needle, self._found = "", []
        self.editor.setExtraSelections([])

    @property
    def folded(self) -> str:
        """The text, lower case and unaccented, character for character (for Find)."""
        if self._folded is None:
            self._folded = rough_fold(self.editor.toPlainText())
        return self._folded

    def set_terms(self, terms: QueryTerms) -> int:
        """Highlight what the query marks (as the results list does); returns the count."""
        marks = terms.marks(self.editor.toPlainText()) if terms else []
        self.hits = [(m.start, m.end) for m in marks[:MAX_HITS]]
        self.capped = len(marks) > MAX_HITS
        self.current = -1
        self._paint()
        return len(self.hits)

    def count_text(self) -> str:
        if not self.hits:
            return ""
        return HitCount().text(self.current, len(self.hits), self.capped)

    def _paint(self) -> None:
        selections = []
        for index, (start, end) in enumerate(self.hits):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(CURRENT_BACKGROUND if index == self.current else HIT_BACKGROUND)
            fmt.setForeground(HIT_FOREGROUND)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    def first_hit(self, near: str = "") -> bool:
        """Show the first hit in the passage `near` (a snippet of the document), else the
        first hit of all; False when there is none."""
        if not self.hits:
            return False
        where = passage_start(self.folded, near)
        starts = [start for start, _ in self.hits]
        index = bisect.bisect_left(starts, where) if where >= 0 else 0
        self.go_to_hit(index if index < len(starts) else 0)
        return True

    def next_hit(self, backwards: bool = False) -> bool:
        """Move to the next (previous) hit after (before) the cursor, wrapping around."""
        if not self.hits:
            return False
        if self.current < 0:
            position = self.editor.textCursor().position()
            after = [i for i, (start, _) in enumerate(self.hits) if start >= position]
            if backwards:
                self.current = (after[0] if after else len(self.hits)) - 1
            else:
                self.current = after[0] if after else 0
            self.current %= len(self.hits)
        else:
            self.current = (self.current + (-1 if backwards else 1)) % len(self.hits)
        self.go_to_hit(self.current)
        return True

    def go_to_hit(self, index: int) -> None:
        self.current = index
        start, _ = self.hits[index]
        cursor = self.editor.textCursor()
        cursor.setPosition(start)
        self.editor.setTextCursor(cursor)
        place_in_view(self.editor, cursor)
        # A page just set may finish its layout later, which moves the line: once more then,
        # unless the reader has gone to another hit since.
        QTimer.singleShot(0, self.editor, lambda: self._place_again(index, start))
        self._paint()
        self.report(self.count_text())

    def _place_again(self, index: int, start: int) -> None:
        if self.current == index < len(self.hits) and self.hits[index][0] == start:
            place_in_view(self.editor, self.editor.textCursor())

    def find(self, text: str, backwards: bool = False, *, incremental: bool = False) -> Found:
        """Select the next (previous) occurrence of `text`, case- and accent-insensitively.

        `incremental`: the text was typed further, so the match under the cursor may grow
        (it is looked for from the start of the selection, not after it).
        """
        needle = rough_fold(text)
        if not needle:
            return Found(-1, 0)
        if needle != self._needle:
            self._needle, self._found = needle, _occurrences(self.folded, needle)
        starts = self._found
        if not starts:
            return Found(-1, 0, capped=False)
        cursor = self.editor.textCursor()
        if backwards:
            before = bisect.bisect_left(starts, cursor.selectionStart()) - 1
            index = before if before >= 0 else len(starts) - 1
        else:
            point = cursor.selectionStart() if incremental else cursor.selectionEnd()
            after = bisect.bisect_left(starts, point)
            index = after if after < len(starts) else 0
        found = starts[index]
        cursor.setPosition(found)
        cursor.setPosition(found + len(needle), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        place_in_view(self.editor, cursor)
        return Found(index, len(starts), capped=len(starts) >= MAX_HITS)


@dataclass(frozen=True)
class Found:
    """What a find came to: the match shown (its index, -1 for none) of how many."""

    index: int
    total: int
    capped: bool = False  # there may be more than `total`
    searching: bool = False  # none shown yet: pages are still being looked at

    def __bool__(self) -> bool:
        return self.index >= 0

    def text(self) -> str:
        if self.index < 0:
            if self.searching:
                return translate("FindBar", "Searching…")
            return translate("FindBar", "Not found")
        # Digits as they are, no group separator: "3 of 2999", as the find bar always said.
        total = str(self.total) + ("+" if self.capped else "")
        current = str(self.index + 1)
        return translate("FindBar", "{current} of {total}").format(current=current, total=total)


class HitCount(QObject):
    """ "17 hits", "3 of 17 hits" (a QObject: pyside6-lupdate finds plural forms in
    self.tr() only; not to be subclassed, as a subclass's tr() looks under its own name)."""

    def text(self, current: int, count: int, capped: bool = False) -> str:
        """`current`: the hit shown (0-based; -1: none); `capped`: there may be more."""
        shown = str(count) + ("+" if capped else "")  # digits as they are, as Found's
        if current < 0:
            return self.tr("{count} hits", "", count).format(count=shown)
        return self.tr("{current} of {count} hits", "", count).format(
            current=current + 1, count=shown
        )


def _occurrences(haystack: str, needle: str) -> list[int]:
    """Where `needle` starts in `haystack`, the first MAX_HITS of them."""
    starts: list[int] = []
    at = haystack.find(needle)
    while at >= 0 and len(starts) < MAX_HITS:
        starts.append(at)
        at = haystack.find(needle, at + 1)
    return starts


#: Words of a snippet looked for in the document to find where it came from.
PASSAGE_WORDS = 6


def passage_start(folded: str, passage: str) -> int:
    """Where in the (rough_fold-ed) text the passage starts, -1 if it is not found.

    A snippet has its whitespace collapsed, may start or end with "…" mid-sentence and
    leaves out markup, so its words are looked for in order with anything but letters and
    digits between them.
    """
    # The first word may be cut (a snippet begins shortly before its match): left out.
    words = re.findall(r"\w+", rough_fold(passage))[1 : PASSAGE_WORDS + 1]
    if not words:
        return -1
    pattern = r"\W+".join(re.escape(w) for w in words)
    # No word boundary after the last word: the snippet may end inside it ("…").
    found = re.search(rf"(?<!\w){pattern}", folded)
    return found.start() if found else -1


def place_in_view(editor: Editor, cursor: QTextCursor) -> None:
    """Scroll so the cursor's line is a third down the view, with context above it, unless
    it is already well inside the view (stepping through hits on one screen does not jump)."""
    rect = editor.cursorRect(cursor)
    height = editor.viewport().height()
    margin = max(rect.height(), 1) * 2
    if margin <= rect.top() and rect.bottom() <= height - margin:
        return
    bar = editor.verticalScrollBar()
    shift = rect.top() - height // 3
    if isinstance(editor, QPlainTextEdit):
        # Its scroll bar counts lines (all of one height in the text viewer).
        shift = round(shift / max(rect.height(), 1))
    bar.setValue(bar.value() + shift)


class FindBar(QWidget):
    """A one-line find bar: it finds as the text is typed, says "3 of 17" or "Not found";
    Enter / Shift+Enter (or F3 / Shift+F3) step, Esc closes.

    Signals:
        find_requested(str, bool, bool): find this text: backwards or not, and whether it is
            the same search typed further (the match shown may grow rather than move on).
        closed(): the bar was closed; the owner gives focus back to the document.
    """

    find_requested = Signal(str, bool, bool)
    closed = Signal()

    #: Typing pauses this long before the document is searched (a long page takes a while).
    TYPING_PAUSE_MS = 150

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Find bar"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("Find in document"))
        self.edit.setAccessibleName(self.tr("Find text"))
        self.edit.setToolTip(
            self.tr("Text to find (Enter: next, Shift+Enter: previous, Esc: close)")
        )
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(320)
        style = self.style()
        self.prev_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
            self.tr("Previous match (Shift+F3)"),
        )
        self.next_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown), self.tr("Next match (F3)")
        )
        self.result = QLabel(self)
        self.result.setAccessibleName(self.tr("Find result"))
        close = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogCloseButton), self.tr("Close (Esc)")
        )
        layout.addWidget(QLabel(self.tr("Find:"), self))
        layout.addWidget(self.edit)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(close)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(self.TYPING_PAUSE_MS)
        self._typing.timeout.connect(lambda: self._request(False, incremental=True))
        self.edit.textEdited.connect(self._typed)
        self.prev_button.clicked.connect(lambda: self._request(True))
        self.next_button.clicked.connect(lambda: self._request(False))
        close.clicked.connect(self.close_bar)
        self.hide()

    def _button(self, icon: object, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)  # type: ignore[arg-type]
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (", maxsplit=1)[0])
        button.setAutoRaise(True)
        return button

    def open_bar(self, text: str = "") -> None:
        if text:
            self.edit.setText(text)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self._typing.stop()
        self.hide()
        self.result.clear()
        self.closed.emit()

    def show_result(self, found: Found) -> None:
        self.result.setText(found.text())

    def _typed(self, text: str) -> None:
        if text:
            self._typing.start()
        else:
            self._typing.stop()
            self.result.clear()

    def _request(self, backwards: bool, *, incremental: bool = False) -> None:
        self._typing.stop()
        if self.edit.text():
            self.find_requested.emit(self.edit.text(), backwards, incremental)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            # Enter straight after typing shows the first match, not the one after it.
            self._request(backwards, incremental=self._typing.isActive() and not backwards)
            return
        super().keyPressEvent(event)

    def find_again(self, backwards: bool = False) -> bool:
        """Repeat the search of the bar's text (F3); False when the bar is empty/hidden."""
        if self.isHidden() or not self.edit.text():
            return False
        self._request(backwards)
        return True


def zoom_key(event: QKeyEvent) -> int | None:
    """+1 for Ctrl+= / Ctrl++, -1 for Ctrl+-, 0 for Ctrl+0, None for any other key."""
    if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return None
    if event.matches(QKeySequence.StandardKey.ZoomIn) or event.key() in (
        Qt.Key.Key_Equal,
        Qt.Key.Key_Plus,
    ):
        return 1
    if event.matches(QKeySequence.StandardKey.ZoomOut) or event.key() == Qt.Key.Key_Minus:
        return -1
    if event.key() == Qt.Key.Key_0:
        return 0
    return None


def common_keys(
    event: QKeyEvent,
    find_bar: FindBar,
    open_find: Callable[[], object],
    next_hit: Callable[[bool], object],
    zoom: Callable[[int], object],
) -> bool:
    """The viewers' own keys, handled in keyPressEvent rather than as QShortcuts so that a
    window action bound to the same key wins without an "ambiguous shortcut" warning.

    Ctrl+F opens the find bar; F3 / Shift+F3 repeat the find, or move between the
    highlighted terms when the bar is closed; Esc closes the bar; Ctrl+= / Ctrl+- / Ctrl+0
    zoom. Returns whether the key was used.
    """
    if event.matches(QKeySequence.StandardKey.Find):
        open_find()
        return True
    for key, backwards in (
        (QKeySequence.StandardKey.FindNext, False),
        (QKeySequence.StandardKey.FindPrevious, True),
    ):
        if event.matches(key):
            next_hit(backwards)  # the find bar's next match while it is open
            return True
    if event.key() == Qt.Key.Key_Escape and find_bar.isVisible():
        find_bar.close_bar()
        return True
    step = zoom_key(event)
    if step is not None:
        zoom(step)
        return True
    return False


class SearchableTextViewer(Viewer):
    """What the HTML and text viewers share: find, hits, the find bar, zoom and keys.

    A subclass sets ``search`` (TextSearch), ``find_bar`` (FindBar) and ``_base_font``, and
    says which widget holds the text and how its font is read and set.
    """

    search: TextSearch
    find_bar: FindBar
    _base_font: QFont
    _zoom = 0
    _position_request = 0  # counts scroll_to_text_position calls: a stale retry is dropped

    def _text_widget(self) -> QTextEdit | QPlainTextEdit:
        raise NotImplementedError

    def _font(self) -> QFont:
        return self._text_widget().font()

    def _set_font(self, font: QFont) -> None:
        self._text_widget().setFont(font)

    # -- text positions (bookmarks): offsets into the document, as TextSearch's indexes

    def _cursor_at(self, offset: int) -> QTextCursor:
        document = self._text_widget().document()
        cursor = QTextCursor(document)
        cursor.setPosition(max(0, min(offset, document.characterCount() - 1)))
        return cursor

    def text_position(self) -> int:
        """The start of the first line at least half shown."""
        widget = self._text_widget()
        cursor = widget.cursorForPosition(QPoint(0, 0))
        # The top edge may cut a line, or fall between paragraphs (then Qt answers with the
        # line above): go down to the first line the reader sees.
        for _ in range(50):
            if widget.cursorRect(cursor).center().y() >= 0:
                break
            if not cursor.movePosition(QTextCursor.MoveOperation.Down):
                break
            cursor.movePosition(QTextCursor.MoveOperation.StartOfLine)
        return cursor.position()

    def shows_text_position(self, offset: int) -> bool:
        """Within two lines of the top (a nudge of the wheel does not leave the place), or
        anywhere on screen when the view is scrolled to the end and can go no further."""
        widget = self._text_widget()
        rect = widget.cursorRect(self._cursor_at(offset))
        if abs(rect.top()) < 2 * max(rect.height(), 1):
            return True
        bar = widget.verticalScrollBar()
        on_screen = rect.bottom() >= 0 and rect.top() < widget.viewport().height()
        return on_screen and bar.value() >= bar.maximum()

    def scroll_to_text_position(self, offset: int) -> None:
        self._position_request += 1
        request = self._position_request

        def again() -> None:
            if request == self._position_request:
                self._put_on_top(offset)

        self._put_on_top(offset)
        # Layout can finish (or the view get its final width) after this call: once more
        # when the event loop runs, unless another place or document was asked for since.
        QTimer.singleShot(0, self, again)

    def _forget_position_request(self) -> None:
        """A new document: a pending retry of scroll_to_text_position must not touch it."""
        self._position_request += 1

    def _put_on_top(self, offset: int) -> None:
        widget = self._text_widget()
        cursor = self._cursor_at(offset)
        bar = widget.verticalScrollBar()
        # The text cursor goes there too: find and F3 go on from the place shown.
        widget.setTextCursor(cursor)
        if isinstance(widget, QPlainTextEdit):
            # Its scroll bar counts lines. From above, ensureCursorVisible puts the line at
            # the top; from below, at the bottom, and the lines in between (all laid out,
            # being on screen, and of one height in the text viewer) are scrolled past.
            widget.ensureCursorVisible()
            rect = widget.cursorRect(cursor)
            if rect.top() > 0 and rect.height() > 0:
                bar.setValue(bar.value() + rect.top() // rect.height())
        else:
            bar.setValue(bar.value() + widget.cursorRect(cursor).top())

    def find(  # type: ignore[override]
        self, text: str, *, backwards: bool = False, incremental: bool = False
    ) -> bool:
        found = self.search.find(text, backwards, incremental=incremental)
        self.find_bar.show_result(found)
        return bool(found)

    def next_hit(self, *, backwards: bool = False) -> bool:
        """F3: the next match of the find bar while it is open, else the next search hit."""
        if self.find_bar.find_again(backwards):
            return True
        return self.search.next_hit(backwards)

    @property
    def hit_count(self) -> int:
        return len(self.search.hits)

    def show_find_bar(self) -> None:
        selected = self._text_widget().textCursor().selectedText()
        self.find_bar.open_bar(selected if "\u2029" not in selected else "")

    def zoom(self, step: int) -> None:
        """+1 larger, -1 smaller, 0 back to the normal size."""
        self.set_zoom_steps(0 if step == 0 else self._zoom + step)

    @property
    def zoom_steps(self) -> int:
        """Points added to the normal font size (negative: taken from it)."""
        return self._zoom

    def set_zoom_steps(self, steps: int) -> None:
        self._zoom = max(-6, min(20, steps))
        font = self._font()
        font.setPointSizeF(max(4.0, self._base_font.pointSizeF() + self._zoom))
        self._set_font(font)

    def _find_from_bar(self, text: str, backwards: bool, incremental: bool) -> None:
        self.find(text, backwards=backwards, incremental=incremental)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if common_keys(
            event,
            self.find_bar,
            self.show_find_bar,
            lambda back: self.next_hit(backwards=back),
            self.zoom,
        ):
            return
        super().keyPressEvent(event)
