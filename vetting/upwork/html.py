"""HTML to the text a browser shows: one engine for every page Bidbook reads.

The engine is lexbor, through selectolax: a real HTML5 parser (the WHATWG tree construction, so
a table, a misnested tag or an unclosed ``<p>`` ends up where Chromium puts it), written in C.
The tree is then walked once, without CSS, the way ``innerText`` reads it under the default
styles: block elements break lines, whitespace inside a text node collapses to one space,
scripts, styles, templates and drawings are dropped, ``<br>`` breaks a line. Each block keeps
the first link it holds and the column of the table cell it sits in, which the Connects History
reads; the page's own job link and its embedded JSON state are read from the same tree.

Why lexbor and not lxml (measured 2026-12-01 on the real saved pages in ``shared/samples``, text
of the whole page, median of five runs, one core of the development machine):

    page                                   selectolax (lexbor)   lxml (libxml2)
    job page, 707 KB                          2.9 ms, 200 lines     3.7 ms, 172 lines
    Connects History, 666 KB                  2.1 ms, 297 lines     3.7 ms, 282 lines
    search page, logged in, 948 KB            4.0 ms, 912 lines    12.9 ms, 912 lines
    Best matches feed (outerHTML), 459 KB     4.4 ms, 1642 lines   19.3 ms, 1642 lines

Against the text Chromium copied from the same job page (240 lines), lexbor's text matches 75%
of the lines (the rest are breaks Upwork's CSS adds to inline elements, which no parser without
CSS can know) and lxml's 68%: libxml2 is an HTML 4 parser and drops or moves content of the
custom elements Upwork's pages are built of. Lexbor is also 1.3 to 4 times faster. The text
parsers downstream do not depend on line breaks, so what CSS would have added costs nothing.

Never raises; a page of millions of tags is read up to :data:`MAX_ELEMENTS` elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from vetting.upwork.legacy import PLACEHOLDER as _PLACEHOLDER
from vetting.upwork.legacy import looks_2016
from vetting.upwork.links import job_url_in

__all__ = ["Block", "HtmlPage", "html_to_text", "looks_like_html", "read_html"]

# A saved job page holds under 20,000 elements, a Connects History of 5,000 rows 200,000;
# past this the rest of a page is not read,
# so a flood of tags costs a bounded time.
MAX_ELEMENTS: Final = 600_000
# Bigger than any saved Upwork page (about 1 MB); a bigger paste is cut.
MAX_HTML_CHARS: Final = 8_000_000

_HIDDEN: Final = frozenset(
    {
        "script", "style", "noscript", "svg", "math", "template", "title", "textarea", "iframe",
        "object", "head", "datalist",
    }
)  # fmt: skip
# Block-level under the default styles (the HTML standard's rendering section), plus the
# controls a page uses as blocks (button, label, option).
_BLOCK: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "button", "caption", "dd", "details",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hgroup", "html", "label", "legend", "li", "main",
        "menu", "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul", "center", "listing", "plaintext", "xmp",
    }
)  # fmt: skip
_LINE_BREAKS: Final = frozenset({"br", "hr"})
# Screen-reader text ("Spent 20 Connects") is its own sentence, even inside a line.
_SCREEN_READER_CLASSES: Final = ("sr-only", "visually-hidden", "air3-sr-only")
# What a saved page embeds as its state: Nuxt's payload, JSON-LD, other JSON scripts.
_STATE_SCRIPT_TYPES: Final = ("application/json", "application/ld+json")
_MAX_STATE_CHARS: Final = 4_000_000

_LOOKS_LIKE_HTML: Final = re.compile(
    r"<(?:!doctype\s+html|html|head|body|div|span|section|article|main|header|footer|nav|p|a|"
    r"ul|ol|li|table|tr|td|h[1-6]|meta|link|script|style)[\s>/]",
    re.IGNORECASE,
)

# See _bounded_depth.
MAX_DEPTH: Final = 2_000
_SCAN_ABOVE_TAGS: Final = 10_000
_FLATTEN_ABOVE_TAGS: Final = 50_000
_TAG_NAME: Final = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]{0,30})")
# Any tag but a script's or a style's (whose text must stay hidden), in any case: HTML tag
# names are case-insensitive, and "<Script>" is a script to the parser.
_ANY_TAG: Final = re.compile(r"<(?!/?(?i:script|style)\b)/?[a-zA-Z][a-zA-Z0-9-]{0,30}[^<>]*>?")
# Void elements, and those a new sibling closes: they never make a page deeper.
_NOT_NESTING: Final = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
        "thead", "tfoot", "rb", "rt", "rp",
    }
)  # fmt: skip

_KIND_BLOCK: Final = 1
_KIND_LINK: Final = 2
_KIND_TABLE: Final = 4
_KIND_PRE_LINE: Final = 8
# Upwork's stylesheet keeps the line breaks of what the client typed (white-space: pre-line)
# on these elements; without them a description would arrive as one line.
_PRE_LINE_CLASSES: Final = ("multiline-text", "text-pre-line", "job-description", "rr-mask")


@dataclass(frozen=True, slots=True)
class Block:
    """One run of text between two line breaks, as a browser lays it out."""

    text: str
    href: str | None  # the first link that holds text in this block, as written
    cell: int  # the column of the table cell it sits in; -1 outside a table


@dataclass(frozen=True, slots=True)
class HtmlPage:
    blocks: tuple[Block, ...]
    # The job this page is about: the side panel's "Job link" input, the canonical link or
    # og:url, the "saved from url=" comment, then the first job link (a feed's first tile).
    job_url: str | None
    # The text of each embedded JSON script (Nuxt's ``__NUXT_DATA__``, JSON-LD), page order.
    embedded_json: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


def looks_like_html(text: str) -> bool:
    """True for saved page source or copied outerHTML; False for what a browser copies as text."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        return False
    return _LOOKS_LIKE_HTML.search(text, 0, 65536) is not None


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one block a line."""
    return read_html(html).text


def read_html(html: str) -> HtmlPage:
    """Parse once; the page's blocks, its job link and its embedded state. Never raises."""
    html = _bounded_depth(html[:MAX_HTML_CHARS])
    try:
        tree = LexborHTMLParser(html)
        document = tree.root.parent if tree.root is not None else None
    except Exception:  # a parser error must cost the page, never the request
        return HtmlPage((), None, ())
    if document is None:
        return HtmlPage((), None, ())
    # The state and the job link first: a hidden element may hold them, never visible text.
    embedded = _embedded_json(tree)
    declared = _declared_job_url(tree)
    # "{{ ... }}" is an unfilled template only on an Angular page (Upwork's 2016 site): a
    # description about Liquid or Handlebars ("Fix {{ product.price | money }}") keeps it.
    angular = tree.css_first(_ANGULAR_APP) is not None
    _drop_hidden(tree)
    blocks, saved_from = _walk(document, angular)
    placeholders = not angular and any("{{" in block.text for block in blocks)
    if placeholders and looks_2016("\n".join(block.text for block in blocks)):
        blocks = _without_placeholders(blocks)
    return HtmlPage(tuple(blocks), declared or _job_url(tree, saved_from), embedded)


_ANGULAR_APP: Final = "[ng-app], [data-ng-app]"


def _without_placeholders(blocks: list[Block]) -> list[Block]:
    """A 2016 page saved without its ``ng-app`` root: its templates go from each block."""
    kept: list[Block] = []
    for block in blocks:
        if "{{" in block.text:
            text = " ".join(_PLACEHOLDER.sub("", block.text).split())
            if not text:
                continue
            block = Block(text, block.href, block.cell)
        kept.append(block)
    return kept


# What a browser does not show, so innerText leaves it out: the ``hidden`` attribute, the
# classes that always mean ``display: none`` (Angular's ``ng-hide``, Bootstrap 3's ``hidden``, as
# on the 2016 page's ``<h1 class="hidden">Job Details</h1>``), an inline ``display: none``, and
# decorative ``aria-hidden`` marks (a close "x", an icon: no letter or digit). Not ``d-none``:
# Upwork pairs it with ``d-md-flex``, shown on a desktop. An ``aria-hidden`` element holding a
# figure ("4.2" beside "Rating is 4.2 out of 5.") or a separator ("•") is on screen: kept. So
# is Upwork's tooltip (``air3-popper``, ``display: none`` until hovered): it holds the exact
# figure a tile rounds ("5.00 Star, based on 1 feedbacks") and a select-all copy takes it.
_HIDDEN_SELECTOR: Final = ", ".join(
    (
        "[hidden]",
        ".ng-hide",
        ".hidden",
        '[style*="display:none"]',
        '[style*="display: none"]',
        '[aria-hidden="true"]',
    )
)
_MAX_HIDDEN: Final = 20_000
_TOOLTIP_CLASSES: Final = ("air3-popper",)
_SEPARATORS: Final = frozenset("\u2022\u00b7|-\u2013")


def _drop_hidden(tree: LexborHTMLParser) -> None:
    for node in tree.css(_HIDDEN_SELECTOR)[:_MAX_HIDDEN]:
        if _has_class(node, _TOOLTIP_CLASSES):
            continue
        if node.attrs.get("aria-hidden") == "true" and not _has_class(node, ("ng-hide",)):
            text = node.text(deep=True) or ""
            if any(char.isalnum() or char in _SEPARATORS for char in text):
                continue
        node.decompose()


def _bounded_depth(html: str) -> str:
    """The markup, flattened when its elements nest deeper than any real page.

    Tree construction looks through the open elements for each new one, so thousands of
    unclosed ``<div>`` cost quadratic time (200,000 took minutes). Real saved pages hold under
    10,000 tags and nest under 100 deep; only a bigger input is scanned, and one that nests past
    :data:`MAX_DEPTH` (or holds over 50,000 tags) is read with every tag but a script or style
    turned into a line break.
    """
    tags = html.count("<")
    if tags <= _SCAN_ABOVE_TAGS:
        return html
    if tags > _FLATTEN_ABOVE_TAGS:  # five times the biggest real page: not worth a scan
        return _ANY_TAG.sub("<br>", html)
    depth = deepest = 0
    open_counts: dict[str, int] = {}
    for closing, name in _TAG_NAME.findall(html):
        name = name.lower()
        if name in _NOT_NESTING:
            continue
        if closing:
            if open_counts.get(name):
                open_counts[name] -= 1
                depth -= 1
        else:
            open_counts[name] = open_counts.get(name, 0) + 1
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return _ANY_TAG.sub("<br>", html)
    return html


def _walk(document: LexborNode, angular: bool) -> tuple[list[Block], str | None]:
    """Depth first, with an explicit stack (pages nest thousands deep in fuzzing). On an
    ``angular`` page an unfilled template ("{{ clientName }}") is dropped from each text."""
    blocks: list[Block] = []
    parts: list[str] = []
    block_href: str | None = None
    links: list[str] = []
    columns: list[int] = []  # per open table, the column of its current cell
    saved_from: str | None = None
    pre_line = 0  # how many open elements keep their line breaks
    stack: list[tuple[Iterator[LexborNode], int]] = [(document.iter(include_text=True), 0)]
    elements = 0

    def flush() -> None:
        nonlocal block_href
        if parts:
            text = " ".join("".join(parts).split())
            parts.clear()
            # A block of bare quote marks is DevTools' picture of a whitespace text node,
            # copied with the markup: never a fact, and never a title.
            if text and text.strip('" '):
                blocks.append(Block(text, block_href, columns[-1] if columns else -1))
        block_href = None

    def flush_line() -> None:
        # A line break inside a block: the link and the column carry on to the next line.
        nonlocal block_href
        href = block_href
        flush()
        block_href = href

    while stack:
        iterator, kind = stack[-1]
        node = next(iterator, None)
        if node is None:
            stack.pop()
            if kind:
                if kind & _KIND_BLOCK:
                    flush()
                if kind & _KIND_LINK:
                    links.pop()
                if kind & _KIND_TABLE:
                    columns.pop()
                if kind & _KIND_PRE_LINE:
                    pre_line -= 1
            continue
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if angular and text and "{{" in text:
                # An Angular template the page never filled ("{{ clientName }}" on the 2016
                # page): a browser running the page's scripts shows the value, never this.
                text = _PLACEHOLDER.sub("", text)
            if text:
                if pre_line and "\n" in text:
                    first, *others = text.split("\n")
                    parts.append(first)
                    for other in others:
                        flush_line()
                        parts.append(other)
                else:
                    parts.append(text)
                if links and block_href is None and not text.isspace():
                    block_href = links[-1]
            continue
        if tag is None or tag[0] == "-":
            if tag == "-comment" and saved_from is None and not blocks:
                comment = node.comment_content or ""
                if comment.lstrip().startswith("saved from url="):
                    saved_from = comment[:2100]
            continue
        if tag in _HIDDEN:
            continue
        elements += 1
        if elements > MAX_ELEMENTS:
            break
        if tag in _LINE_BREAKS:
            flush()
            continue
        kind = 0
        if tag in _BLOCK:
            kind = _KIND_BLOCK
            if tag == "table":
                kind |= _KIND_TABLE
                columns.append(-1)
            elif columns:
                if tag == "tr":
                    columns[-1] = -1
                elif tag in ("td", "th"):
                    flush()
                    columns[-1] += 1
            flush()
        elif tag == "a":
            href = node.attrs.get("href")
            if href is not None:
                kind = _KIND_LINK
                links.append(href)
        elif tag == "span" and _is_screen_reader(node):
            kind = _KIND_BLOCK
            flush()
        if tag in _MAYBE_PRE_LINE and _is_pre_line(node):
            kind |= _KIND_PRE_LINE
            pre_line += 1
        stack.append((node.iter(include_text=True), kind))
    flush()
    return blocks, saved_from


_MAYBE_PRE_LINE: Final = frozenset({"p", "span", "div"})


def _is_pre_line(node: LexborNode) -> bool:
    return _has_class(node, _PRE_LINE_CLASSES)


def _is_screen_reader(node: LexborNode) -> bool:
    return _has_class(node, _SCREEN_READER_CLASSES)


def _has_class(node: LexborNode, names: tuple[str, ...]) -> bool:
    classes = node.attrs.get("class")
    return classes is not None and any(name in classes for name in names)


def _declared_job_url(tree: LexborHTMLParser) -> str | None:
    """The side panel's "Job link" input (often hidden), the canonical link, og:url."""
    for selector, attribute in (
        ('input[value*="~0"]', "value"),
        ('link[rel="canonical"]', "href"),
        ('meta[property="og:url"]', "content"),
    ):
        for node in tree.css(selector)[:20]:
            value = node.attrs.get(attribute)
            if value and (url := job_url_in(value)):
                return url
    return None


def _job_url(tree: LexborHTMLParser, saved_from: str | None) -> str | None:
    """Without a declared link: the "saved from url=" comment, then the first job link."""
    if saved_from and (url := job_url_in(saved_from.partition(")")[2] or saved_from)):
        return url
    for node in tree.css('a[href*="~0"]')[:2000]:
        value = node.attrs.get("href")
        if value and (url := job_url_in(value)):
            return url
    return None


def _embedded_json(tree: LexborHTMLParser) -> tuple[str, ...]:
    found: list[str] = []
    for node in tree.css("script[type]")[:200]:
        kind = (node.attrs.get("type") or "").strip().lower()
        if kind in _STATE_SCRIPT_TYPES:
            text = node.text(deep=True) or ""
            if text.strip() and len(text) <= _MAX_STATE_CHARS:
                found.append(text)
    return tuple(found)
