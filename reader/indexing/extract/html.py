"""HTML extractor: charset, visible text with line breaks, title, links and date (selectolax)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.indexing.dates import normalise_date
from reader.indexing.extract.text import bound, cap, codec_name, decode, normalise
from reader.model import Extracted
from reader.settings import Limits

PRESCAN_BYTES = 8192  # the spec says 1024; old hand-written pages put long comments first
TITLE_MAX_CHARS = 500

_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.()+-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:+-]+)", re.I)
_SPACES = re.compile(r"\s+")

_SKIP = frozenset({"script", "style", "noscript", "template", "head"})
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "noframes", "ol",
        "option", "p", "plaintext", "pre", "section", "select", "summary", "table", "tbody",
        "textarea", "tfoot", "thead", "title", "tr", "ul", "xmp",
    }
)  # fmt: skip
CELL_TAGS = frozenset({"td", "th"})
_PRE = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
_LINK_SELECTOR = "a[href], area[href], img[src], frame[src], iframe[src], link[href]"
_LINK_ATTR = {"a": "href", "area": "href", "link": "href"}
# Most specific first: a publication date beats a modification date.
_DATE_KEYS = (
    "article:published_time",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "datepublished",
    "date",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "publication_date",
    "creation_date",
    "created",
    "og:published_time",
    "article:modified_time",
    "last-modified",
)


def declared_charset(data: bytes) -> str | None:
    """The charset named by an XML declaration or <meta> in the first bytes, if any."""
    head = data[:PRESCAN_BYTES]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace")
    return label if codec_name(label) else None


class _Text:
    """Collects text pieces; whitespace outside <pre> collapses like a browser renders it."""

    def __init__(self, limit: int) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.at_break = True

    def text(self, value: str, pre: bool) -> None:
        if not pre:
            core = " ".join(value.split())  # faster than a regex per text node
            lead = " " if value[:1].isspace() and not self.at_break else ""
            trail = " " if core and value[-1:].isspace() else ""
            value = f"{lead}{core}{trail}"
        if value:
            self.parts.append(value)
            self.size += len(value)
            self.at_break = value.endswith("\n")

    def brk(self, mark: str = "\n") -> None:
        if not self.at_break or mark != "\n":
            self.parts.append(mark)
            self.size += 1
            self.at_break = mark == "\n"

    @property
    def full(self) -> bool:
        return self.size >= self.limit


# Elements a page's navigation lives in, and how they are told from the body text.
_NAV_TAGS = frozenset({"nav", "aside"})
_NAV_ROLES = frozenset({"navigation", "menu", "menubar", "directory", "tablist", "banner"})
_NAV_CLASSES = frozenset(
    {
        "sphinxsidebar", "sphinxsidebarwrapper", "related", "wy-nav-side", "wy-menu",
        "wy-breadcrumbs", "bd-sidebar", "bd-sidebar-primary", "bd-sidebar-secondary",
        "navbar", "navigation", "nav", "sidebar", "breadcrumb", "breadcrumbs", "menu",
        "toc-drawer", "footer-links",
    }
)  # fmt: skip
# Blocks whose share of link text tells a link list (a menu) from prose with links in it.
_LIST_TAGS = frozenset(
    {"ul", "ol", "dl", "menu", "table", "div", "p", "section", "header", "footer", "center"}
)
_LINK_SHARE = 0.6
_MIN_LINKS = 4
_MIN_BODY_SHARE = 0.2  # a page that is mostly links (an index page) keeps them as its text


class _Block:
    """An open element that may turn out to be navigation: where its text starts in the
    output, and how much of it is link text."""

    __slots__ = ("begin", "explicit", "link_chars", "links", "text_chars")

    def __init__(self, begin: int, explicit: bool) -> None:
        self.begin = begin
        self.explicit = explicit
        self.text_chars = 0
        self.link_chars = 0
        self.links = 0

    def is_nav(self) -> bool:
        return self.explicit or (
            self.links >= _MIN_LINKS and self.link_chars >= _LINK_SHARE * self.text_chars
        )


def _explicit_nav(node: LexborNode, tag: str) -> bool:
    if tag in _NAV_TAGS:
        return True
    attrs = node.attributes
    role = (attrs.get("role") or "").strip().lower()
    if role in _NAV_ROLES:
        return True
    classes = (attrs.get("class") or "").lower().split()
    return any(c in _NAV_CLASSES for c in classes)


def _visible_text(root: LexborNode, limit: int) -> tuple[str, str]:
    """(body text, navigation text) of the page, with block breaks.

    Walks the tree iteratively (pages nest thousands deep). Menus, sidebars and link lists
    (<nav>, <aside>, role=navigation, documentation themes' sidebars, blocks mostly of
    link text) go to the navigation text, unless the page is mostly that (an index page).
    """
    out = _Text(limit)
    pre_depth = link_depth = 0
    blocks: list[_Block] = []
    nav_ranges: list[tuple[int, int]] = []  # [begin, end) of output parts

    def close_block() -> None:
        block = blocks.pop()
        if block.is_nav():
            while nav_ranges and nav_ranges[-1][0] >= block.begin:
                nav_ranges.pop()  # inside this one: the ranges stay disjoint
            nav_ranges.append((block.begin, len(out.parts)))
        elif blocks:
            parent = blocks[-1]
            parent.text_chars += block.text_chars
            parent.link_chars += block.link_chars
            parent.links += block.links

    node: LexborNode | None = root.child
    while node is not None and not out.full:
        descend = False
        if node.is_text_node:
            value = node.text_content
            if value:
                before = out.size
                out.text(value, pre_depth > 0)
                if blocks:
                    blocks[-1].text_chars += out.size - before
                    if link_depth:
                        blocks[-1].link_chars += out.size - before
        elif node.is_element_node:
            tag = node.tag or ""
            if tag not in _SKIP:
                if tag in BLOCK_TAGS:
                    out.brk()
                if tag in _PRE:
                    pre_depth += 1
                if tag == "a":
                    link_depth += 1
                    if blocks:
                        blocks[-1].links += 1
                if tag in _LIST_TAGS or tag in _NAV_TAGS:
                    blocks.append(_Block(len(out.parts), _explicit_nav(node, tag)))
                descend = True
        child = node.child if descend else None
        if child is not None:
            node = child
            continue
        # Leave this node and any ancestors that have no further siblings.
        while node is not None:
            if node.is_element_node:
                tag = node.tag or ""
                if tag not in _SKIP:
                    if tag in _PRE:
                        pre_depth -= 1
                    if tag == "a":
                        link_depth -= 1
                    if tag in BLOCK_TAGS:
                        out.brk()
                    elif tag in CELL_TAGS:
                        out.brk("\t")
                    if (tag in _LIST_TAGS or tag in _NAV_TAGS) and blocks:
                        close_block()
            nxt = node.next
            if nxt is not None:
                node = nxt
                break
            parent = node.parent
            node = None if parent is None or parent.mem_id == root.mem_id else parent
    while blocks:  # cut short by the size limit
        close_block()
    return _split_nav(out.parts, nav_ranges)


def _split_nav(parts: list[str], ranges: list[tuple[int, int]]) -> tuple[str, str]:
    in_nav = [False] * len(parts)
    for begin, end in ranges:
        for i in range(begin, end):
            in_nav[i] = True
    body = "".join(p for p, nav in zip(parts, in_nav, strict=True) if not nav)
    nav = "".join(p for p, nav in zip(parts, in_nav, strict=True) if nav)
    if len(body.strip()) < _MIN_BODY_SHARE * (len(body.strip()) + len(nav.strip())):
        return "".join(parts), ""
    return body, nav


def _clean(value: str | None) -> str:
    return _SPACES.sub(" ", value or "").strip()


def page_title(tree: LexborHTMLParser) -> tuple[str, bool]:
    """(title, whether it came from <title>); the heading fallback is already body text."""
    for selector in ("title", "h1, h2, h3"):
        for node in tree.css(selector):
            title = _clean(node.text(deep=True))
            if title:
                return title[:TITLE_MAX_CHARS], selector == "title"
    return "", False


def _date(tree: LexborHTMLParser) -> str | None:
    found: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        content = attrs.get("content")
        if not content:
            continue
        for key in ("name", "property", "itemprop", "http-equiv"):
            label = (attrs.get(key) or "").strip().lower()
            if label:
                found.setdefault(label, content)
    for key in _DATE_KEYS:
        if key in found:
            date = normalise_date(found[key])
            if date:
                return date
    return None


#: Elements open inside each other that the parser is given at most. The HTML parsing
#: algorithm looks through every open element for each block tag it meets, so parsing time
#: grows with depth x tags: 40,000 nested <div>s take lexbor 6 s, 200,000 take minutes.
MAX_PARSE_DEPTH = 256
#: Pages with fewer tags are parsed as they are: even all nested, 10,000 tags take lexbor
#: 0.26 s, and the pass costs twice the parse on real pages (8 s over 10,568 of them).
NESTING_CHECKED_FROM = 10_000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
#: Not counted: void elements, and those whose end tag is optional (old pages rarely close
#: a <p> or <li>, and the parser closes them itself, so they never nest deeply).
_NOT_NESTING = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
     "thead", "tbody", "tfoot", "colgroup", "caption", "rt", "rp"}
)  # fmt: skip


def bound_nesting(page: str, max_depth: int = MAX_PARSE_DEPTH) -> tuple[str, bool]:
    """`page` as the parser is given it: the tags opened deeper than `max_depth` removed
    (their text stays), and NUL characters dropped (the parser ignores them in text, but a
    page of 30 MB of them costs lexbor 950 MB).

    A linear pass over the tags, cheaper than the parse it protects; pages that never nest
    that deep come back as they are.
    """
    if "\x00" in page:
        page = page.replace("\x00", "")
    if page.count("<") <= max(max_depth, NESTING_CHECKED_FROM):
        return page, False
    depth = 0
    pieces: list[str] = []
    kept_to = 0
    for match in _TAG.finditer(page):
        tag = match.group(2).lower()
        if tag in _NOT_NESTING:
            continue
        if match.group(1):  # an end tag
            depth = max(depth - 1, 0)
            deep = depth >= max_depth
        else:
            deep = depth >= max_depth
            depth += 1
        if deep:
            end = page.find(">", match.end())
            end = len(page) if end < 0 else end + 1
            pieces.append(page[kept_to : match.start()])
            kept_to = end
    if not pieces:
        return page, False
    pieces.append(page[kept_to:])
    return "".join(pieces), True


def extract_html(name: str, data: bytes, limits: Limits) -> Extracted:
    """Visible text with block breaks, <title> or first heading, links, meta date."""
    data, cut = bound(data, limits.max_text_chars)
    raw, encoding = decode(data, declared_charset(data))
    raw, _flattened = bound_nesting(raw)
    tree = LexborHTMLParser(raw)
    root = tree.root
    title, _from_head = page_title(tree)
    # The title is indexed in its own field (and shown above every snippet), so the body is
    # only what the page shows: repeating the title there would fill snippets with it.
    body, nav = _visible_text(root, limits.max_text_chars) if root is not None else ("", "")
    text, capped = cap(normalise(body), limits.max_text_chars)
    out = Extracted(
        title=title,
        text=text.strip("\n"),
        date=_date(tree),
        encoding=encoding,
        nav=" ".join(normalise(nav).split()),
    )
    if cut or capped:
        out.meta["truncated"] = "yes"
    return out
