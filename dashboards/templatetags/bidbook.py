"""Template helpers shared by every app's pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from dashboards.worth import method_text

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """`{{ paid|get_item:app.pk }}`: look a row's figures up in a dict built by a selector."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def usd(amount: Any) -> str:
    """`Decimal("-1200")` -> "-$1,200.00": sign first, thousands separated, two decimals."""
    if amount is None or amount == "":
        return "—"
    value = Decimal(str(amount))
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


@register.simple_tag
def worth_method() -> list[str]:
    """`{% worth_method as paragraphs %}`: how a proposal is valued, from its own constants."""
    return method_text()
