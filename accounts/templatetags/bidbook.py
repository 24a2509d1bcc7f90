"""Template helpers shared by every app's pages: {% load bidbook %}. Money is written by
accounts.display, as in the rules' reasons."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.display import money, plural

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
    return money(amount, cents=True)


@register.filter(name="money")
def money_filter(amount: Any) -> str:
    """`Decimal("1200")` -> "$1,200", `Decimal("12.5")` -> "$12.50": budgets and rates."""
    if amount is None or amount == "":
        return "—"
    return money(amount)


@register.filter
def connects(count: Any, sign: str = "") -> str:
    """`{{ n|connects }}` -> "1 connect", "16 connects"; `{{ n|connects:"+" }}` -> "+4 connects"."""
    if count is None or count == "":
        return "—"
    number = int(count)
    text = plural(abs(number) if sign else number, "connect")
    if sign:
        return ("+" if number > 0 else "-" if number < 0 else "") + text
    return text
