"""Template filters of the ledger pages: {% load ledger_tags %}."""

from __future__ import annotations

from django import template

from ledger.kinds import RECLASSIFIABLE_KINDS, EntryKind, shown_by_upwork

register = template.Library()


@register.filter
def kind_label(value: object) -> str:
    """An entry kind's code as people read it: "availability_badge" → "Availability badge".

    A code this version does not know is shown readable rather than refused.
    """
    code = str(value or "")
    try:
        return str(EntryKind(code).label)
    except ValueError:
        return code.replace("_", " ").capitalize()


@register.simple_tag
def reclassify_choices(current: object = "", connects: int = 0) -> list[tuple[str, str]]:
    """(code, label) of the kinds an imported entry of kind `current` moving `connects` can
    become: not its own, and only kinds that move connects that way (ledger.kinds)."""
    return [
        (k.value, str(k.label))
        for k in RECLASSIFIABLE_KINDS
        if k != current and (not connects or shown_by_upwork(k, connects))
    ]
