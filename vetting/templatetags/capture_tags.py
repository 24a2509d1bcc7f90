"""`{% bookmarklet_href %}`: the bookmarklet link for the Bidbook the page was served from.

A tag rather than a view's context, so any settings page can include the partial
`vetting/_bookmarklet.html` without its view knowing about it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from vetting.bookmarklet import bookmarklet_href as _href

register = template.Library()


@register.simple_tag(takes_context=True)
def bookmarklet_href(context: dict[str, Any]) -> str:
    request = context["request"]
    capture_url = request.build_absolute_uri(reverse("vetting:capture"))
    origin = request.build_absolute_uri("/").rstrip("/")
    return _href(bidbook_origin=origin, capture_url=capture_url)
