"""Security tests, and the small crawler they share.

The crawler logs nothing in and changes nothing: it GETs pages with a test client, reads their
links, htmx URLs and forms with the stdlib `html.parser`, and follows same-site links. The tests
use it to find every page and every form a user can reach, so a new page is covered without
anyone remembering to add it to a list.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

# Pages the crawler never GETs: the admin has its own login and inline scripts; static files
# are not pages.
SKIPPED_PREFIXES = ("/admin/", "/static/")
# htmx attributes carry URLs the browser requests as surely as a link does.
URL_ATTRIBUTES = frozenset({"href", "hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"})


def _is_bookmarklet(tag: str, attrs: dict[str, str]) -> bool:
    """The one javascript: URL Bidbook serves on purpose: the bookmarklet on Settings
    (vetting/bookmarklet.py). It is dragged to the bookmarks bar and runs on Upwork, never on our
    page: our CSP refuses it there, and static/js/bookmarklet.js stops the click."""
    return (
        tag == "a"
        and attrs.get("data-testid") == "bookmarklet"
        and "bookmarklet" in attrs.get("class", "").split()
    )


@dataclass
class FormField:
    name: str
    tag: str  # input, select, textarea, button
    type: str  # text, hidden, number, file, checkbox, submit, ...
    value: str
    id: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str  # the URL of the page the form was on
    method: str
    action: str  # absolute path (with query), resolved against the page
    enctype: str
    fields: list[FormField] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # field name -> label text

    def data(self) -> dict[str, str | list[str]]:
        """What a browser would send when the form is submitted as the page shows it."""
        sent: dict[str, list[str]] = {}
        for f in self.fields:
            if not f.name or f.type in {"submit", "button", "reset", "image", "file"}:
                continue
            if f.type in {"checkbox", "radio"} and not f.checked:
                continue
            value = f.value
            if f.tag == "select" and not value and f.options:
                value = f.options[0]
            sent.setdefault(f.name, []).append(value)
        return {name: values[0] if len(values) == 1 else values for name, values in sent.items()}

    @property
    def names(self) -> list[str]:
        seen: dict[str, None] = {}
        for f in self.fields:
            if f.name and f.type not in {"submit", "button", "reset", "image"}:
                seen.setdefault(f.name)
        return list(seen)

    def field_type(self, name: str) -> str:
        return next((f.type for f in self.fields if f.name == name), "")


@dataclass
class InlineCode:
    """Something a strict Content-Security-Policy would block on a page."""

    what: str
    snippet: str


class PageParser(HTMLParser):
    """Links, forms and inline code of one HTML page."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.inline: list[InlineCode] = []
        self._form: Form | None = None
        self._ids: dict[str, str] = {}  # element id -> field name, for labels
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self._labels: list[tuple[str, str]] = []  # (for id, text)
        self._textarea: FormField | None = None
        self._select: FormField | None = None
        self._option_value: str | None = None
        self._script: tuple[dict[str, str], list[str]] | None = None
        self._in_style = False

    def _absolute(self, url: str) -> str:
        return urljoin(self.page_url, url.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        for name in a:
            if name.startswith("on"):
                self.inline.append(InlineCode(f"{name}= handler on <{tag}>", a[name][:80]))
        if "style" in a:
            self.inline.append(InlineCode(f"style= attribute on <{tag}>", a["style"][:80]))
        for name in URL_ATTRIBUTES & a.keys():
            if a[name] and not a[name].startswith(("#", "mailto:", "javascript:")):
                self.links.append(self._absolute(a[name]))
            if a[name].strip().lower().startswith("javascript:") and not _is_bookmarklet(tag, a):
                self.inline.append(InlineCode(f"javascript: URL in {name}", a[name][:80]))
        if tag == "script":
            self._script = (a, [])
        elif tag == "style":
            self._in_style = True
        elif tag == "form":
            self._form = Form(
                page=self.page_url,
                method=(a.get("method") or "get").lower(),
                action=self._absolute(a.get("action") or self.page_url),
                enctype=a.get("enctype") or "application/x-www-form-urlencoded",
            )
            self.forms.append(self._form)
        elif tag == "label":
            self._label_for = a.get("for", "")
            self._label_text = []
        elif self._form is not None and tag in {"input", "button", "textarea", "select"}:
            kind = a.get("type", "text" if tag == "input" else tag).lower()
            if tag == "button":
                kind = a.get("type", "submit").lower()
            f = FormField(
                name=a.get("name", ""),
                tag=tag,
                type=kind,
                value=a.get("value", ""),
                id=a.get("id", ""),
                checked="checked" in a,
            )
            self._form.fields.append(f)
            if f.id:
                self._ids[f.id] = f.name
            if tag == "textarea":
                self._textarea = f
            elif tag == "select":
                self._select = f
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            if self._option_value is not None:
                self._select.options.append(self._option_value)
                if "selected" in a:
                    self._select.value = self._option_value

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style", "textarea", "select", "label", "form"}:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
        elif self._in_style and data.strip():
            self.inline.append(InlineCode("<style> element", data.strip()[:80]))
        if self._textarea is not None:
            self._textarea.value += data
        if self._label_for is not None:
            self._label_text.append(data)
        if self._select is not None and self._option_value is None and data.strip():
            # <option> without a value attribute sends its text.
            self._select.options.append(data.strip())
            self._option_value = data.strip()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            attrs, body = self._script
            text = "".join(body).strip()
            # json_script's data blocks are data, not code: a browser never runs them.
            if text and attrs.get("type", "").lower() != "application/json":
                self.inline.append(InlineCode("inline <script>", text[:80]))
            self._script = None
        elif tag == "style":
            self._in_style = False
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]  # as the HTML spec does
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option_value = None
        elif tag == "label" and self._label_for is not None:
            self._labels.append((self._label_for, " ".join("".join(self._label_text).split())))
            self._label_for = None
        elif tag == "form":
            self._close_form()

    def _close_form(self) -> None:
        if self._form is not None:
            for for_id, text in self._labels:
                name = self._ids.get(for_id)
                if name:
                    self._form.labels.setdefault(name, text)
        self._form = None

    def close(self) -> None:
        super().close()
        self._close_form()


def parse_page(url: str, html: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(html)
    parser.close()
    # Labels of a field may come after its form closed (rare); give every form every label.
    for form in parser.forms:
        for for_id, text in parser._labels:
            name = parser._ids.get(for_id)
            if name and any(f.name == name for f in form.fields):
                form.labels.setdefault(name, text)
    return parser


def local_url(url: str) -> str | None:
    """The path and query of a same-site URL, or None for another site or a non-page."""
    parts = urlsplit(url)
    if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", "testserver"}:
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def view_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def is_html(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


@dataclass
class Crawl:
    pages: dict[str, Any] = field(default_factory=dict)  # url -> the test client's response
    links: set[str] = field(default_factory=set)  # every same-site URL seen on a page
    forms: list[Form] = field(default_factory=list)
    inline: dict[str, list[InlineCode]] = field(default_factory=dict)  # url -> findings

    def html_pages(self) -> dict[str, str]:
        return {
            url: r.content.decode("utf-8", "replace")
            for url, r in self.pages.items()
            if r.status_code == 200 and is_html(r)
        }


def crawl(
    client: Client,
    start: Iterable[str],
    *,
    per_view: int = 4,
    max_pages: int = 300,
    headers: dict[str, str] | None = None,
) -> Crawl:
    """GET every same-site page reachable from `start`, at most `per_view` URLs per view.

    The limit per view stops endless chains (a month's review links the month before) while
    still visiting every kind of page; every link seen is recorded, visited or not.
    """
    result = Crawl()
    queue: deque[str] = deque()
    visits: Counter[str] = Counter()

    def offer(url: str) -> None:
        local = local_url(url)
        if local is None:
            return
        result.links.add(local)
        if local in result.pages or local in queue:
            return
        name = view_name(local)
        if name is None or visits[name] >= per_view:
            return
        visits[name] += 1
        queue.append(local)

    for url in start:
        offer(url)
    while queue and len(result.pages) < max_pages:
        url = queue.popleft()
        response = client.get(url, headers=headers or {})
        result.pages[url] = response
        if response.status_code in {301, 302, 303, 307, 308}:
            offer(urljoin(url, response["Location"]))
            continue
        if response.status_code != 200 or not is_html(response):
            continue
        page = parse_page(url, response.content.decode("utf-8", "replace"))
        result.inline[url] = page.inline
        for form in page.forms:
            local_action = local_url(form.action)
            if local_action is not None:
                form.action = local_action
                result.forms.append(form)
                if form.method == "get":
                    offer(local_action)
        for link in page.links:
            offer(link)
    return result


def walk_patterns(
    patterns: list[URLPattern | URLResolver] | None = None,
    prefix: str = "",
    namespace: str = "",
) -> list[tuple[str, str, URLPattern]]:
    """(namespaced name, route, pattern) of every URL pattern but the admin's."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    found: list[tuple[str, str, URLPattern]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or p.app_name == "admin":
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found += walk_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            found.append((f"{namespace}{p.name or ''}", prefix + str(p.pattern), p))
    return found


def plain_pages() -> list[str]:
    """Every page whose URL takes no argument (the crawl's starting points)."""
    from django.urls import NoReverseMatch, reverse

    urls = []
    for name, route, _ in walk_patterns():
        if "<" in route or not name or name.split(":")[-1] == "logout":
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls
