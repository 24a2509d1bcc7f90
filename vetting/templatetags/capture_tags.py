"""`{% bookmarklet_href %}`: the bookmarklet link for the Bidbook the page was served from.

A tag rather than a view's context, so any settings page can include the partial
`vetting/_bookmarklet.html` without its view knowing about it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import template
from django.urls import reverse

from vetting.bookmarklet import bookmarklet_href as _href

register = template.Library()

_DEFAULT_PORTS = {"http": 80, "https": 443}


def browser_origin(url: str) -> str:
    """The origin as a browser writes it in a message event: no default port, lower case."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{port}"
    return f"{parts.scheme}://{host}"


@register.simple_tag(takes_context=True)
def bookmarklet_href(context: dict[str, Any]) -> str:
    request = context["request"]
    capture_url = request.build_absolute_uri(reverse("vetting:capture"))
    origin = browser_origin(request.build_absolute_uri("/"))
    return _href(bidbook_origin=origin, capture_url=capture_url)
