"""The search syntax, as shown in the window's help (docs/search.md has the long version).

The query words (`title:`, `type:pdf`, `OR`) and the keys stay as they are in every language:
only the descriptions are translated.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.gui.language import translate
from reader.sentences import QT_TRANSLATE_NOOP

SYNTAX = [
    (
        "<code>echelon intercepts</code>",
        QT_TRANSLATE_NOOP("SyntaxHelp", "all the words (any form: intercepted, …)"),
    ),
    (
        '<code>"exact phrase"</code>',
        QT_TRANSLATE_NOOP("SyntaxHelp", "the words together, in this order"),
    ),
    ("<code>nsa OR gchq</code>", QT_TRANSLATE_NOOP("SyntaxHelp", "either word")),
    (
        "<code>-draft</code> or <code>NOT draft</code>",
        QT_TRANSLATE_NOOP("SyntaxHelp", "without this word"),
    ),
    ("<code>surveil*</code>", QT_TRANSLATE_NOOP("SyntaxHelp", "words starting with surveil")),
    ("<code>survelance~</code>", QT_TRANSLATE_NOOP("SyntaxHelp", "words spelled like it (typos)")),
    ("<code>title:budget</code>", QT_TRANSLATE_NOOP("SyntaxHelp", "in the title")),
    ("<code>type:pdf</code>", QT_TRANSLATE_NOOP("SyntaxHelp", "pdf, html, txt, image, zip, other")),
    (
        "<code>year:2001</code>, <code>year:1999..2003</code>",
        QT_TRANSLATE_NOOP("SyntaxHelp", "by year"),
    ),
    (
        "<code>disc:2</code>, <code>disc:CRYPTOME_1</code>",
        QT_TRANSLATE_NOOP("SyntaxHelp", "on one disc"),
    ),
    ("<code>path:2013/03</code>", QT_TRANSLATE_NOOP("SyntaxHelp", "in a folder")),
    (
        "<code>tag:todo</code>",
        QT_TRANSLATE_NOOP("SyntaxHelp", "documents you tagged (Library tab)"),
    ),
    (
        "<code>has:note</code>, <code>has:bookmark</code>",
        QT_TRANSLATE_NOOP("SyntaxHelp", "documents you annotated"),
    ),
]
NOTES = QT_TRANSLATE_NOOP(
    "SyntaxHelp",
    "Your notes are searched too. The form you type comes first: <code>cafe</code> finds "
    'cafe, then café; <code>"café"</code> in quotes finds only café.',
)
KEYS = [
    ("Ctrl+L, Ctrl+K", QT_TRANSLATE_NOOP("SyntaxHelp", "the search box")),
    ("Enter, Down", QT_TRANSLATE_NOOP("SyntaxHelp", "open the first hit, go into the results")),
    ("Right / Left", QT_TRANSLATE_NOOP("SyntaxHelp", "show / hide the copies of a result")),
    (
        "F3, Shift+F3 (Ctrl+G, Ctrl+Shift+G)",
        QT_TRANSLATE_NOOP("SyntaxHelp", "next / previous hit in the document"),
    ),
    ("Ctrl+W", QT_TRANSLATE_NOOP("SyntaxHelp", "close the document")),
    (
        "Ctrl+F",
        QT_TRANSLATE_NOOP("SyntaxHelp", "find in the document (Enter, Shift+Enter; Esc closes)"),
    ),
    ("Alt+Left, Alt+Right", QT_TRANSLATE_NOOP("SyntaxHelp", "back, forward")),
    ("Ctrl+D", QT_TRANSLATE_NOOP("SyntaxHelp", "bookmark the place you are reading")),
    ("Ctrl+Shift+C", QT_TRANSLATE_NOOP("SyntaxHelp", "copy a citation of it")),
    (
        "Ctrl+O, Ctrl+Shift+O",
        QT_TRANSLATE_NOOP("SyntaxHelp", "open a disc or folder, an ISO image"),
    ),
    (
        "Ctrl+S, Ctrl+P, Ctrl+Shift+S",
        QT_TRANSLATE_NOOP("SyntaxHelp", "save a copy of the document, print it, save it as a PDF"),
    ),
    ("Ctrl+,", QT_TRANSLATE_NOOP("SyntaxHelp", "preferences")),
    (
        "Ctrl+1, Ctrl+2, Ctrl+3",
        QT_TRANSLATE_NOOP("SyntaxHelp", "the Search, Browse and Library panels"),
    ),
    ("F4", QT_TRANSLATE_NOOP("SyntaxHelp", "PDF: page thumbnails and the pages with hits")),
    ("Ctrl+=, Ctrl+-, Ctrl+0", QT_TRANSLATE_NOOP("SyntaxHelp", "larger, smaller, normal size")),
    ("F1, Ctrl+Q", QT_TRANSLATE_NOOP("SyntaxHelp", "this help, quit")),
]


def _html(tr: Callable[[str], str]) -> str:
    def rows(table: list[tuple[str, str]]) -> str:
        return "\n".join(f"<tr><td>{left}</td><td>{tr(right)}</td></tr>" for left, right in table)

    # A key's text stays as it is, but " or " between two query forms is a word.
    syntax = [(left.replace(" or ", f" {tr('or')} "), right) for left, right in SYNTAX]
    return (
        f'<h3>{tr("Search syntax")}</h3>\n<table cellspacing="6">\n{rows(syntax)}\n</table>\n'
        f"<p>{tr(NOTES)}</p>\n"
        f'<h3>{tr("Keys")}</h3>\n<table cellspacing="4">\n{rows(KEYS)}\n</table>\n'
    )


def syntax_html() -> str:
    """The help in the interface's language."""
    return _html(lambda text: translate("SyntaxHelp", text))


# The English text (tests/gui/test_keys.py checks every key it names is bound).
SYNTAX_HTML = _html(lambda text: text)

# Marked for the catalogue: the words _html() translates by name.
_WORDS = (
    QT_TRANSLATE_NOOP("SyntaxHelp", "or"),
    QT_TRANSLATE_NOOP("SyntaxHelp", "Search syntax"),
    QT_TRANSLATE_NOOP("SyntaxHelp", "Keys"),
)
