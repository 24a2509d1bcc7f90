"""Upwork's legacy RSS item: one ``<item>`` of a job search feed, as RSS readers stored it.

Its ``<description>`` is HTML escaped into the XML (``&lt;b&gt;Budget&lt;/b&gt;: $500``): the
client's text, then ``<b>Label</b>: value`` lines (Budget or Hourly Range, Posted On in UTC,
Category, Skills, Country) and a "click to apply" link. Read with anchored regexes and
``html.unescape``, never an XML parser: a paste is untrusted, and entity expansion is not
needed to read five labels. Returns facts by :class:`~vetting.facts.JobFacts` field name.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import unquote

from vetting.upwork.links import job_url_in
from vetting.upwork.money import money_range

# A feed is a few hundred kilobytes; only its first item is read.
_MAX_RSS_CHARS: Final = 2_000_000
_CDATA: Final = re.compile(r"^\s*<!\[CDATA\[(.*?)\]\]>\s*$", re.S)
_BREAK: Final = re.compile(r"<br\s*/?>", re.I)
_TAG: Final = re.compile(r"<[^<>]{0,2000}>")
# "<b>Budget</b>: $500", "<b>Posted On</b>: January 14, 2026 18:32 UTC"
_FIELD: Final = re.compile(r"<b>\s*([A-Za-z ]{2,30}?)\s*</b>\s*:?", re.I)
_TITLE_SUFFIX: Final = " - Upwork"
_POSTED_FORMATS: Final = ("%B %d, %Y %H:%M UTC", "%b %d, %Y %H:%M UTC")


def looks_like_rss_item(text: str) -> bool:
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<item", "<?xml", "<rss")) and "<item" in text[:_MAX_RSS_CHARS].lower()


def rss_item_facts(text: str) -> dict[str, Any]:
    """The facts of the first item; {} when there is none."""
    text = text[:_MAX_RSS_CHARS]
    lowered = text.lower()  # two finds, not a regex: no input makes this slower than linear
    start = lowered.find("<item")
    end = lowered.find("</item>", start)
    if start < 0 or end < 0:
        return {}
    item = text[start:end]
    facts: dict[str, Any] = {}
    title = _element(item, "title")
    if title:
        title = _text(title).removesuffix(_TITLE_SUFFIX).strip()
        if title:
            facts["title"] = title
    link = _element(item, "link") or _element(item, "guid")
    if link and (url := job_url_in(unquote(_text(link)))):
        facts["job_url"] = url
    description = _element(item, "description") or _element(item, "content:encoded")
    if description:
        _read_description(html.unescape(description), facts)
    return facts


def _element(item: str, name: str) -> str | None:
    found = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", item, re.S | re.I)
    if found is None:
        return None
    value = found.group(1)
    cdata = _CDATA.match(value)
    return cdata.group(1) if cdata else value


def _text(markup: str) -> str:
    lines = _BREAK.sub("\n", html.unescape(markup) if "&" in markup else markup)
    lines = _TAG.sub("", lines)
    return "\n".join(" ".join(line.split()) for line in lines.splitlines() if line.strip())


def _read_description(markup: str, facts: dict[str, Any]) -> None:
    pieces = _FIELD.split(markup)
    body = _text(pieces[0])
    if body:
        facts["description"] = body
    for label, value in zip(pieces[1::2], pieces[2::2], strict=False):
        _read_field(label.strip().lower(), _text(value).split("\n")[0].strip(), facts)


def _read_field(label: str, value: str, facts: dict[str, Any]) -> None:
    if label in ("budget", "hourly range"):
        amounts = money_range(value)
        if amounts is not None and "budget_type" not in facts:
            facts["budget_type"] = "fixed" if label == "budget" else "hourly"
            facts["budget_min"], facts["budget_max"] = amounts[0], amounts[-1]
    elif label == "posted on":
        for pattern in _POSTED_FORMATS:
            try:
                facts["posted_at"] = datetime.strptime(value, pattern).replace(tzinfo=UTC)
                break
            except ValueError:
                continue
    elif label == "country" and value and "{{" not in value:
        facts["client_country"] = value
