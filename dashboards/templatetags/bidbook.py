"""Template helpers shared by every app's pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """`{{ paid|get_item:app.pk }}`: look a row's figures up in a dict built by a selector."""
    if not mapping:
        return None
    return mapping.get(key)
