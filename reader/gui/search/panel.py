"""The search side of the window: query box, filters, timeline, hit count and result list."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.gui.background import Handle, LatestOnly, Op, OpContext, Runner
from reader.gui.core_text import said
from reader.gui.file_drag import DragData, start_file_drag
from reader.gui.search.results import HitDelegate, HitRole, ResultsModel
from reader.gui.search.timeline import Timeline
from reader.gui.session import SearchRequest
from reader.search.analysis import QueryTerms, terms_for
from reader.search.engine import Hit, SearchResult, each_snippet, snippets_for
from reader.search.syntax import Word, parse, quote_words
from reader.sentences import QT_TRANSLATE_NOOP
from reader.store.archive import ArchiveDamaged, IndexOnDisc
from reader.store.documents import Snippet

log = logging.getLogger(__name__)

# A type: term of the query, "-" before it when negated; it ends at a space or a bracket.
TYPE_TERM = re.compile(r"(?<![\w:])(-|\bNOT\s+)?type:(\w+)", re.IGNORECASE)

DEBOUNCE_MS = 60  # searches take ~3-10 ms, so a short pause between keys is enough
PAGE_SIZE = 100

# Marked for the catalogue; SearchPanel translates them where it shows them.
TYPES = [
    ("", QT_TRANSLATE_NOOP("SearchPanel", "All types")),
    ("pdf", "PDF"),
    ("html", "HTML"),
    ("txt", QT_TRANSLATE_NOOP("SearchPanel", "Text")),
    ("image", QT_TRANSLATE_NOOP("SearchPanel", "Images")),
    ("zip", "Zip"),
    ("other", QT_TRANSLATE_NOOP("SearchPanel", "Other")),
]
SORTS = [
    ("relevance", QT_TRANSLATE_NOOP("SearchPanel", "Best match")),
    ("date-new", QT_TRANSLATE_NOOP("SearchPanel", "Newest first")),
    ("date-old", QT_TRANSLATE_NOOP("SearchPanel", "Oldest first")),
    ("path", QT_TRANSLATE_NOOP("SearchPanel", "By path")),
]

# (query, offset, limit, sort) -> what a search needs off the GUI thread, made on it.
MakeRequest = Callable[[str, int, int, str], SearchRequest]


EXACT_ONLY_LINK = "#exact-only"


class QueryEdit(QLineEdit):
    """The query box; Down moves into the results, Escape clears."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class ResultsView(QListView):
    """The result list; a row dragged out offers its file (see start_file_drag)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drag_data: DragData | None = None
        self.setDragEnabled(True)
        self.setDragDropMode(QListView.DragDropMode.DragOnly)

    def set_drag_data(self, data: DragData) -> None:
        self._drag_data = data

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        hits = [i.data(HitRole) for i in self.selectedIndexes()]
        refs = [(h.volume_id, h.path) for h in hits if h is not None]
        start_file_drag(self, refs, self._drag_data)


class SearchPanel(QWidget):
    """Results as you type: debounced, off the GUI thread, stale results dropped.

    Args:
        make_request: builds a search on the GUI thread (index, snapshot of the library).
        runner: runs searches off the GUI thread; the newest query's result alone is shown.
        page_size: hits per page; the list asks for the next page as it scrolls.

    Signals:
        hit_activated(object): the user opened a hit (Enter, double-click): a Hit.
        menu_requested(object, QPoint): the context menu of a hit: (Hit, global position).
        help_requested(): the user asked for the search syntax.
        searched(object): a new result arrived (SearchResult).
    """

    hit_activated = Signal(object)
    menu_requested = Signal(object, QPoint)
    help_requested = Signal()
    searched = Signal(object)

    def __init__(
        self,
        make_request: MakeRequest,
        runner: Runner,
        parent: QWidget | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._make_request = make_request
        self._page_size = page_size
        self._runner = runner
        self._queries = LatestOnly(runner)
        self._year: int | None = None
        self._last_query = ""
        self._open_when_ready = False
        self._snippet_jobs: list[Handle] = []
        self.last_result: SearchResult | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        self.query = QueryEdit(self)
        self.query.setPlaceholderText(
            self.tr('Search: words, "a phrase", type:pdf, year:1999..2003')
        )
        self.query.setAccessibleName(self.tr("Search query"))
        self.query.setToolTip(self.tr("Type to search (Ctrl+L). Press ? for the syntax."))
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._schedule)
        self.query.returnPressed.connect(self._open_first)
        self.query.down_pressed.connect(self._focus_results)
        row.addWidget(self.query, 1)
        self.help_button = QToolButton(self)
        self.help_button.setText("?")
        self.help_button.setToolTip(self.tr("Search syntax (F1)"))
        self.help_button.setAccessibleName(self.tr("Search syntax"))
        self.help_button.clicked.connect(self.help_requested)
        row.addWidget(self.help_button)
        layout.addLayout(row)

        layout.addLayout(self._build_filters())

        self.timeline = Timeline(self)
        self.timeline.year_clicked.connect(self._toggle_year)
        layout.addWidget(self.timeline)

        status = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Hit count"))
        self.count_label.setTextFormat(Qt.TextFormat.RichText)
        self.count_label.linkActivated.connect(self._count_link)
        status.addWidget(self.count_label, 1)
        self.year_chip = QToolButton(self)
        self.year_chip.setToolTip(self.tr("Remove the year filter"))
        self.year_chip.clicked.connect(lambda: self._toggle_year(self._year or 0))
        self.year_chip.hide()
        status.addWidget(self.year_chip)
        layout.addLayout(status)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.linkActivated.connect(self._use_suggestion)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = ResultsModel(self)
        self.model.more_wanted.connect(self._fetch_more)
        self.model.snippets_wanted.connect(self._make_snippets)
        self.view = ResultsView(self)
        self.view.setAccessibleName(self.tr("Search results"))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu_at)
        self.view.setModel(self.model)
        self.view.setItemDelegate(HitDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.activated.connect(self._activate)
        self.view.installEventFilter(self)
        layout.addWidget(self.view, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_now)
        self._show_idle()

    def _build_filters(self) -> QHBoxLayout:
        filters = QHBoxLayout()
        # The type box is a view of the query's type: filter, both ways (it never says "All
        # types" while the query holds type:pdf): choosing a type writes it in the query.
        self.type_box = QComboBox(self)
        self.type_box.setAccessibleName(self.tr("Type filter"))
        for data, text in TYPES:
            self.type_box.addItem(self.tr(text), data)
        self.type_box.activated.connect(self._type_chosen)
        self.query.textChanged.connect(self._show_typed_type)
        self.disc_box = QComboBox(self)
        self.disc_box.setAccessibleName(self.tr("Disc filter"))
        self.disc_box.addItem(self.tr("All discs"), "")
        self.disc_box.currentIndexChanged.connect(self._schedule)
        self.sort_box = self._combo(SORTS, self.tr("Sort order"))
        for box in (self.type_box, self.disc_box, self.sort_box):
            filters.addWidget(box)
        return filters

    def _combo(self, items: list[tuple[str, str]], name: str) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        for data, text in items:
            box.addItem(self.tr(text), data)
        box.currentIndexChanged.connect(self._schedule)
        return box

    # Building the query

    def set_discs(self, labels: list[str]) -> None:
        current = self.disc_box.currentData()
        self.disc_box.blockSignals(True)
        self.disc_box.clear()
        self.disc_box.addItem(self.tr("All discs"), "")
        for label in labels:
            self.disc_box.addItem(label, label)
        i = self.disc_box.findData(current)
        self.disc_box.setCurrentIndex(max(i, 0))
        self.disc_box.blockSignals(False)
        self.disc_box.setVisible(len(labels) > 1)

    def full_query(self) -> str:
        """What the user typed plus the filters chosen with the mouse, in the query language."""
        parts = [self.query.text().strip()]
        disc = self.disc_box.currentData()
        if disc:
            parts.append(f'disc:"{disc}"' if " " in disc else f"disc:{disc}")
        if self._year is not None:
            parts.append(f"year:{self._year}")
        return " ".join(p for p in parts if p)

    def _type_chosen(self, index: int) -> None:
        kind = self.type_box.itemData(index)
        rest = TYPE_TERM.sub("", self.query.text()).strip()
        self.query.setText(f"{rest} type:{kind}".strip() if kind else rest)
        self.run_now()

    def _show_typed_type(self, text: str) -> None:
        kinds = {m.group(2).lower() for m in TYPE_TERM.finditer(text) if not m.group(1)}
        negated = any(m.group(1) for m in TYPE_TERM.finditer(text))
        known = dict(TYPES)
        one = next(iter(kinds)) if len(kinds) == 1 and not negated else None
        index = self.type_box.findData(one) if one in known else -1
        self.type_box.blockSignals(True)
        if index >= 0 or not (kinds or negated):
            self.type_box.setCurrentIndex(max(index, 0))
            self.type_box.setItemText(0, self.tr(TYPES[0][1]))
        else:
            self.type_box.setCurrentIndex(0)
            self.type_box.setItemText(0, self.tr("Types in the query"))
        self.type_box.blockSignals(False)

    def sort(self) -> str:
        return str(self.sort_box.currentData())

    def terms(self) -> QueryTerms:
        """What the documents opened from the list are marked with (its result's own)."""
        if self.last_result is not None:
            return self.last_result.terms
        return terms_for(self.query.text())

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def set_query(self, text: str) -> None:
        self.query.setText(text)
        self.run_now()

    def refresh(self) -> None:
        """Run the current query again (new documents were indexed)."""
        if self.query.text().strip():
            self._schedule()

    # Running it

    def _schedule(self) -> None:
        self._debounce.start()

    def run_now(self) -> None:
        self._debounce.stop()
        query = self.full_query()
        if not self.query.text().strip() and self._year is None:
            self.drop_pending()
            self._show_idle()
            return
        self._last_query = query
        try:
            request = self._make_request(query, 0, self._page_size, self.sort())
        except ArchiveDamaged as exc:  # opened read-only with its index lost: say why
            self._on_error(exc)
            return
        self._stop_snippets()  # the list they are for is about to go
        self._queries.run(
            Op(lambda _ctx: request.run(), self._on_result, self._on_error, name="search")
        )

    def shutdown(self) -> None:
        """The window closes: no search is started or shown after this."""
        self._debounce.stop()
        self.drop_pending()

    def drop_pending(self) -> None:
        """Results under way (a query, a page) are shown to no one: the archive changed,
        or the box was cleared."""
        self._queries.drop_pending()
        self._stop_snippets()
        self.model.set_hits([], 0)

    def _fetch_more(self, generation: int, offset: int) -> None:
        # The page belongs to the list it was asked for: the model drops it if a new query
        # filled the list meanwhile, and asks again after a failure.
        request = self._make_request(self._last_query, offset, self._page_size, self.sort())

        def got(result: SearchResult) -> None:
            self.model.append_hits(generation, offset, result.hits, result.next_offset)

        def failed(exc: Exception) -> None:
            self.model.more_failed(generation)
            text = self.tr("More results could not be loaded: {reason}").format(reason=said(exc))
            self.message.setText(html.escape(text))
            self.message.show()

        self._runner.run(Op(lambda _ctx: request.run(), got, failed, name="search page"))

    def _show_idle(self) -> None:
        self.model.set_hits([], 0)
        self.count_label.setText(self.tr("Type to search the archive"))
        self.timeline.set_counts({}, None)
        self.timeline.hide()
        self.message.hide()
        self.last_result = None

    def _make_snippets(self, generation: int, hits: list[Hit]) -> None:
        result = self.last_result
        if result is None or not hits:
            return
        request = self._make_request(self._last_query, 0, 1, self.sort())
        keys, terms, boiler = [h.key for h in hits], result.terms, result.boiler
        asked_for = self._last_query

        def work(ctx: OpContext) -> tuple[dict[str, tuple[Snippet, int | None]], list[Hit]]:
            # One at a time, so that a query typed meanwhile (the same thread runs it)
            # waits for one snippet at most: on a disc each costs seeks.
            made: dict[str, tuple[Snippet, int | None]] = {}
            snippets = each_snippet(request.index, keys, terms, boiler=boiler)
            done = 0
            while done < len(keys) and not ctx.cancelled():
                key, snippet = next(snippets)
                done += 1
                if snippet is not None:
                    made[key] = snippet
            return made, hits[done:]

        def finished(out: tuple[dict[str, tuple[Snippet, int | None]], list[Hit]]) -> None:
            made, left = out
            self.model.set_snippets(generation, made)
            if self._last_query == asked_for:  # stopped for a hit being opened, not a query
                self.model.want_again(generation, left)

        handle = self._runner.run(Op(work, finished, name="snippets"))
        self._snippet_jobs = [h for h in self._snippet_jobs if h.running()] + [handle]

    def _stop_snippets(self) -> None:
        for handle in self._snippet_jobs:
            handle.cancel()
        self._snippet_jobs = []

    def _open_with_snippet(self, hit: Hit) -> None:
        """Open `hit` once its snippet is made: the snippet names the page (and the
        passage) the document opens on, which its row shows when it comes."""
        result = self.last_result
        assert result is not None
        self._stop_snippets()  # the rest are asked again after this one
        generation = self.model.generation
        request = self._make_request(self._last_query, 0, 1, self.sort())
        terms, boiler = result.terms, result.boiler

        def work(_ctx: OpContext) -> dict[str, tuple[Snippet, int | None]]:
            return snippets_for(request.index, [hit.key], terms, boiler=boiler)

        def made(snippets: dict[str, tuple[Snippet, int | None]]) -> None:
            self.model.set_snippets(generation, snippets)
            if hit.snippet is None and hit.key in snippets:  # the list moved on meanwhile
                hit.snippet, hit.page = snippets[hit.key]
            self.hit_activated.emit(hit)

        def failed(exc: Exception) -> None:
            log.warning("no snippet for %s: %r", hit.key, exc)
            self.hit_activated.emit(hit)  # opened on its first match instead

        self._runner.run(Op(work, made, failed, name="snippet to open"))

    def _on_result(self, result: SearchResult) -> None:
        self.last_result = result
        self.model.set_hits(result.hits, result.total, result.next_offset)
        self.count_label.setText(self.count_text(result))
        years = result.facets.get("year", {})
        self.timeline.set_counts(years, self._year)
        self.timeline.setVisible(bool(years))
        self._update_type_counts(result.facets.get("type", {}))
        notes = [html.escape(said(w)) for w in result.warnings]
        if result.total == 0 and result.did_you_mean:
            q = html.escape(result.did_you_mean)
            notes.append(self.tr('Did you mean <a href="{query}">{query}</a>?').format(query=q))
        elif result.total == 0:
            notes.append(self.tr("No documents match. Try fewer words, or a prefix like surveil*."))
        self.message.setText("<br>".join(notes))
        self.message.setVisible(bool(notes))
        if result.hits:
            self.view.setCurrentIndex(self.model.index(0))
        self.searched.emit(result)
        if self._open_when_ready and result.hits:
            self._activate(self.model.index(0))
        self._open_when_ready = False

    def _on_error(self, exc: Exception) -> None:
        self.model.set_hits([], 0)
        if isinstance(exc, IndexOnDisc):  # nothing failed: the disc is out of the drive
            self.count_label.setText(self.tr("Insert a disc to search"))
            text = self.tr(
                "The search index is read from the discs themselves, and none is inserted: "
                "insert {discs} to search."
            )
            discs = self.tr(" or ").join(exc.labels) or self.tr("the disc it was opened from")
            self.message.setText(html.escape(text.format(discs=discs)))
        else:
            self.count_label.setText(self.tr("Search failed"))
            self.message.setText(html.escape(said(exc) or type(exc).__name__))
        self.message.show()

    def _update_type_counts(self, counts: dict[str, int]) -> None:
        for i in range(self.type_box.count()):
            data = self.type_box.itemData(i)
            if not data:
                continue  # its text says what the query asks (_show_typed_type)
            label = self.tr(dict(TYPES)[data])
            if self.type_box.currentData() == "":
                label = f"{label} ({QLocale().toString(counts.get(data, 0))})"
            self.type_box.setItemText(i, label)

    def count_text(self, result: SearchResult) -> str:
        """'4 documents with “readability” · 19 more with related words' (rich text)."""
        n = result.total
        docs = self.tr("%Ln documents", "", n)
        exact = result.exact_total
        words = " ".join(
            f"“{html.escape(t.text)}”"
            for t in parse(result.query).positive_terms()
            if isinstance(t, Word)
        )
        if exact is None or exact == n or not words:
            return f"{docs}  ·  {QLocale().toString(round(result.elapsed_ms))} ms"
        only = self.tr("only the words as typed")
        return "  ·  ".join(
            (
                self.tr("%Ln with {words}", "", exact).format(words=words),
                self.tr("%Ln more with related words", "", n - exact),
                f'<a href="{EXACT_ONLY_LINK}">{only}</a>',
            )
        )

    def _toggle_year(self, year: int) -> None:
        self._year = None if self._year == year else year
        self.year_chip.setText(f"{self._year} ✕" if self._year else "")
        self.year_chip.setVisible(self._year is not None)
        self.run_now()

    def _use_suggestion(self, text: str) -> None:
        self.set_query(text)

    def _count_link(self, link: str) -> None:
        if link == EXACT_ONLY_LINK:
            self.set_query(quote_words(self.query.text()))

    def keep_only_exact_words(self) -> None:
        """The query's words in quotes: only documents with them exactly as typed."""
        self.set_query(quote_words(self.query.text()))

    # Opening

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Right shows the copies of the current row's text under it, Left hides them.
        pressed = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if watched is self.view and isinstance(event, QKeyEvent) and pressed:
            row = self.view.currentIndex().row()
            if event.key() == Qt.Key.Key_Right and self.model.toggle_copies(row, True):
                return True
            if event.key() == Qt.Key.Key_Left:
                while row > 0 and self.model.is_copy_row(row):
                    row -= 1
                if self.model.toggle_copies(row, False):
                    self.view.setCurrentIndex(self.model.index(row))
                    return True
        return super().eventFilter(watched, event)

    def _focus_results(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0))

    def _open_first(self) -> None:
        # Enter opens the current hit, but only from results of the text as typed now:
        # if a search is still due, open its first hit when it arrives.
        if self._debounce.isActive() or self.full_query() != self._last_query:
            self._open_when_ready = True
            self.run_now()
            return
        index = self.view.currentIndex()
        if index.isValid():
            self._activate(index)

    def _menu_at(self, pos: QPoint) -> None:
        # A right click names its row; the menu key (pos outside any row) the current one.
        index = self.view.indexAt(pos)
        if not index.isValid():
            index = self.view.currentIndex()
            pos = self.view.visualRect(index).center()
        hit: Hit | None = index.data(HitRole)
        if hit is not None:
            self.view.setCurrentIndex(index)
            self.menu_requested.emit(hit, self.view.viewport().mapToGlobal(pos))

    def _activate(self, index: QModelIndex) -> None:
        hit: Hit | None = index.data(HitRole)
        if hit is None:
            return
        result = self.last_result
        if hit.snippet is None and result is not None and result.terms:
            self._open_with_snippet(hit)
        else:
            self.hit_activated.emit(hit)
