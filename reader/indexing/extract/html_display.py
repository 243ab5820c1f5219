"""An archive page made safe and bounded for the window's HTML viewer (selectolax).

Qt's rich-text layout has no limits of its own: 200,000 nested <div>s, 50,000 nested
<font>s, a 6 MB word or a table of colspan=65535 each keep it busy for minutes. So the
window never gets a page as it is on the disc: it gets markup rebuilt here from the parsed
tree, with only the tags and attributes Qt's subset knows, spans, sizes and depth capped,
and the whole bounded, so its layout time is bounded too. The second home of selectolax
after html.py (the extractor), which it shares the tag tables and title rule with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape as html_escape

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.indexing.extract.html import BLOCK_TAGS, CELL_TAGS, bound_nesting, page_title

#: Elements kept as they are (Qt's rich-text subset), with the attributes each may keep.
_DISPLAY_TAGS: dict[str, frozenset[str]] = {
    tag: frozenset(attrs.split())
    for tag, attrs in {
        "a": "href name title",
        "address": "",
        "b": "",
        "big": "",
        "blockquote": "",
        "br": "",
        "caption": "align",
        "center": "",
        "cite": "",
        "code": "",
        "dd": "",
        "del": "",
        "dfn": "",
        "div": "align",
        "dl": "",
        "dt": "",
        "em": "",
        "font": "color face size",
        "h1": "align", "h2": "align", "h3": "align", "h4": "align", "h5": "align", "h6": "align",
        "hr": "width",
        "i": "",
        "img": "src alt width height align",
        "ins": "",
        "kbd": "",
        "li": "value type",
        "nobr": "",
        "ol": "start type",
        "p": "align",
        "pre": "",
        "s": "",
        "samp": "",
        "small": "",
        "span": "",
        "strike": "",
        "strong": "",
        "sub": "",
        "sup": "",
        "table": "border cellpadding cellspacing width bgcolor align",
        "tbody": "",
        "td": "colspan rowspan width bgcolor align valign nowrap",
        "tfoot": "",
        "th": "colspan rowspan width bgcolor align valign nowrap",
        "thead": "",
        "tr": "bgcolor align valign",
        "tt": "",
        "u": "",
        "ul": "type",
        "var": "",
    }.items()
}  # fmt: skip
_EVERY_TAG_ATTRS = frozenset({"id", "style", "dir", "title"})
_VOID = frozenset({"br", "hr", "img"})
#: Dropped with all they hold: not shown by a browser without scripts, or not text.
_DISPLAY_DROP = frozenset(
    {"script", "style", "template", "head", "svg", "math", "object", "embed", "applet",
     "audio", "video", "canvas", "select", "textarea", "button", "map", "link", "meta", "base"}
)  # fmt: skip
_FRAMES = frozenset({"frame", "iframe"})
_NESTING_TAGS = frozenset({"ul", "ol", "dl", "blockquote"})  # each level indents
#: Largest number an attribute may carry (pixels, spans): Qt allocates per column.
_ATTR_NUMBER_MAX = {"colspan": 50, "rowspan": 50, "cellpadding": 50, "cellspacing": 50,
                    "border": 20, "width": 4000, "height": 4000, "start": 100_000}  # fmt: skip
_STYLE_KEEP = frozenset(
    {"color", "background-color", "font-weight", "font-style", "font-family", "font-size",
     "text-align", "text-decoration", "vertical-align"}
)  # fmt: skip
#: What a page says of its colours: dropped when the window shows it dark (the page's own
#: black text or white cells would be unreadable on dark paper, docs/reading-colours.md).
_COLOUR_ATTRS = frozenset({"color", "bgcolor", "text", "link", "vlink", "alink"})
_COLOUR_STYLES = frozenset({"color", "background-color"})
_NUMBER = re.compile(r"\s*(\d{1,9})\s*(%?)")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONG_RUN = re.compile(r"\S{400,}")


@dataclass(frozen=True)
class DisplayLimits:
    """What one page may hold once rebuilt for the window (each bound is Qt layout time)."""

    max_chars: int = 1_000_000  # text characters shown; Qt lays out ~1 MB of text a second
    max_elements: int = 30_000  # each costs Qt ~30 µs to lay out (a real 4 MB page: 60,000)
    max_depth: int = 40  # elements inside each other; deeper ones keep only their text
    max_table_depth: int = 8  # Qt's table layout time doubles with each level
    max_list_depth: int = 12  # lists and quotes: each level indents the text further
    max_table_cells: int = 8_000  # Qt lays out ~10,000 table cells a second
    word_break_every: int = 80  # a run of this many characters with no space may wrap


@dataclass(frozen=True)
class DisplayPage:
    """The rebuilt page and what was simplified in it (empty when shown as it is)."""

    html: str
    simplified: tuple[str, ...] = ()
    cut: bool = False
    text: str = ""  # the characters shown, without markup


def display_html(
    page: str, limits: DisplayLimits | None = None, *, colours: bool = True
) -> DisplayPage:
    """The page's markup rebuilt from its parsed tree, safe and bounded for Qt's layout.

    Args:
        colours: keep the page's own text and background colours (False: drop them all,
            so that the viewer's colours hold everywhere on the page).
    """
    page, flattened = bound_nesting(page)
    tree = LexborHTMLParser(page)
    builder = _DisplayBuilder(limits or DisplayLimits(), colours)
    if flattened:
        builder.simplified.add("depth")
    title, _ = page_title(tree)
    top = tree.body if tree.body is not None else tree.root  # a frameset page has no body
    if top is not None:
        builder.walk(top)
    body = tree.body.attributes if tree.body is not None else {}
    body_colours = "".join(
        f' {name}="{html_escape(value)}"'
        for name in ("bgcolor", "text", "link")
        if colours and (value := body.get(name)) and len(value) < 40
    )
    head = f"<head><title>{html_escape(title, quote=False)}</title></head>" if title else ""
    html = f"<html>{head}<body{body_colours}>{''.join(builder.out)}</body></html>"
    return DisplayPage(
        html, tuple(sorted(builder.simplified)), builder.cut, "".join(builder.text_parts)
    )


class _DisplayBuilder:
    def __init__(self, limits: DisplayLimits, colours: bool = True) -> None:
        self.limits = limits
        self.colours = colours
        self.out: list[str] = []
        self.text_parts: list[str] = []
        self.chars = 0
        self.elements = 0
        self.cut = False
        self.simplified: set[str] = set()
        # Per element on the path: (its tag, the tag emitted for it or None).
        self.open: list[tuple[str, str | None]] = []
        self.counts = {"table": 0, "nest": 0}
        self.cells = 0

    def walk(self, root: LexborNode) -> None:
        """Depth-first over the tree without recursion (the depth is the page's choice)."""
        node: LexborNode | None = root.child
        while node is not None and not self.cut:
            if self.enter(node):
                child = node.child
                if child is not None:
                    node = child
                    continue
                self.leave()
            while node is not None:
                nxt = node.next
                if nxt is not None:
                    node = nxt
                    break
                parent = node.parent
                node = None if parent is None or parent.mem_id == root.mem_id else parent
                if node is not None:
                    self.leave()
        while self.open:
            self.leave()

    def enter(self, node: LexborNode) -> bool:
        """Emit the node's opening; True when its children are to be walked."""
        if node.is_text_node:
            self.text(node.text_content or "")
            return False
        if not node.is_element_node:
            return False
        tag = (node.tag or "").lower()
        if tag in _DISPLAY_DROP:
            return False
        if tag in _FRAMES:
            src = node.attributes.get("src")
            if src:
                self.emit(f'<p>[frame: <a href="{html_escape(src)}">{html_escape(src)}</a>]</p>')
            return False
        self.elements += 1
        if self.elements > self.limits.max_elements:
            self.cut = True
            self.simplified.add("elements")
            return False
        emitted = self.opening(tag, node)
        if tag not in _VOID:
            self.open.append((tag, emitted))
            return True
        return False

    def opening(self, tag: str, node: LexborNode) -> str | None:
        """The tag as it will be emitted, or None when only its content is kept."""
        allowed = _DISPLAY_TAGS.get(tag)
        limits = self.limits
        if allowed is None:  # unknown to Qt (section, nav, form, ...): its content, as a block
            if tag in BLOCK_TAGS:
                self.line_break()
            return None
        if len(self.open) >= limits.max_depth and tag not in _VOID:
            self.simplified.add("depth")
            if tag in BLOCK_TAGS:
                self.line_break()
            elif tag in CELL_TAGS:
                self.emit(" ")
            return None
        kind = "table" if tag == "table" else "nest" if tag in _NESTING_TAGS else None
        if kind == "table" and not self._table_fits(node):
            return None
        if kind == "nest" and self.counts["nest"] >= limits.max_list_depth:
            self.simplified.add("depth")
            return None
        if tag in ("tr", "td", "th", "tbody", "thead", "tfoot", "caption") and not (
            self._inside_table()
        ):
            # A table not shown as one: each row a line, cells apart by a wide space.
            if tag == "tr":
                self.line_break()
            elif tag in CELL_TAGS:
                self.emit("\u2003")
            return None
        if kind is not None:
            self.counts[kind] += 1
        self.emit(f"<{tag}{self.attributes(tag, node, allowed)}>")
        return tag

    def _table_fits(self, node: LexborNode) -> bool:
        """Whether a table is shown as one: not nested too deep, within the cell budget."""
        if self.counts["table"] >= self.limits.max_table_depth:
            self.simplified.add("tables")
            return False
        if self.counts["table"]:
            return True  # its cells were counted with the outermost table
        cells = len(node.css("td, th"))
        if self.cells + cells > self.limits.max_table_cells:
            self.simplified.add("big tables")
            return False
        self.cells += cells
        return True

    def _inside_table(self) -> bool:
        # Cells of a table dropped for depth are kept as text, not as cells of an outer one.
        for tag, emitted in reversed(self.open):
            if tag == "table":
                return emitted is not None
        return False

    def attributes(self, tag: str, node: LexborNode, allowed: frozenset[str]) -> str:
        parts = []
        for raw_name, raw in node.attributes.items():
            name = raw_name.lower()
            if raw is None or (name not in allowed and name not in _EVERY_TAG_ATTRS):
                continue
            if not self.colours and name in _COLOUR_ATTRS:
                continue
            if name == "style":
                value = _display_style(raw, self.colours)
            elif name in _ATTR_NUMBER_MAX:
                value = self.number(name, raw)
            else:
                value = raw if len(raw) <= 2000 else ""
            if value:
                parts.append(f' {name}="{html_escape(value)}"')
        return "".join(parts)

    def number(self, name: str, value: str) -> str:
        match = _NUMBER.match(value)
        if match is None:
            return ""
        number, percent = int(match.group(1)), match.group(2)
        top = 100 if percent else _ATTR_NUMBER_MAX[name]
        if number > top:
            self.simplified.add("sizes")
            number = top
        return f"{number}{percent}"

    def leave(self) -> None:
        _tag, emitted = self.open.pop()
        if emitted is None:
            return
        if emitted == "table":
            self.counts["table"] -= 1
        elif emitted in _NESTING_TAGS:
            self.counts["nest"] -= 1
        self.emit(f"</{emitted}>")

    def text(self, value: str) -> None:
        if not value:
            return
        value = _CONTROL_CHARS.sub("", value)
        room = self.limits.max_chars - self.chars
        if len(value) > room:
            value = value[:room]
            self.cut = True
        self.chars += len(value)
        self.text_parts.append(value)
        escaped = html_escape(value, quote=False)
        if len(value) >= 400 and _LONG_RUN.search(value):
            self.simplified.add("long words")
            escaped = _LONG_RUN.sub(self._breakable, escaped)
        self.out.append(escaped)

    def _breakable(self, match: re.Match[str]) -> str:
        # A zero-width space lets Qt wrap the run; without one it measures it as one word.
        run, step = match.group(), self.limits.word_break_every
        return "\u200b".join(run[i : i + step] for i in range(0, len(run), step))

    def emit(self, markup: str) -> None:
        self.out.append(markup)

    def line_break(self) -> None:
        """A line break standing for a block not kept: one, however many blocks end there
        (200 nested <div>s would otherwise be 200 empty lines)."""
        if self.out and self.out[-1] != "<br>":
            self.out.append("<br>")


def _display_style(style: str, colours: bool = True) -> str:
    """Only plain text styling: no url(), no sizes or positions a page could abuse (and no
    colours unless `colours`)."""
    kept = []
    for declaration in style[:2000].split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name not in _STYLE_KEEP or not value or "(" in value or len(value) > 80:
            continue
        if not colours and name in _COLOUR_STYLES:
            continue
        if name == "font-size":
            match = re.match(r"(\d+(?:\.\d+)?)\s*(px|pt|em|%)?$", value)
            if match is None or float(match.group(1)) <= 0:
                continue
            number, unit = float(match.group(1)), match.group(2) or "px"
            top = {"px": 96.0, "pt": 72.0, "em": 6.0, "%": 600.0}[unit]
            value = f"{min(number, top):g}{unit}"
        kept.append(f"{name}: {value}")
    return "; ".join(kept)
