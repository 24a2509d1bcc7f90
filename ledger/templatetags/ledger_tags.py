"""Template filters of the ledger pages: {% load ledger_tags %}."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


@lru_cache(maxsize=64)
def _escaped_options(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """(value, the option's opening up to its value's closing quote, the rest) per choice,
    escaped once per distinct list of choices rather than on every row."""
    return tuple(
        (value, f'<option value="{escape(value)}"', f">{escape(label)}</option>")
        for value, label in choices
    )


@register.simple_tag
def select_options(choices: Iterable[tuple[object, object]], selected: object = "") -> SafeString:
    """The <option> elements of a <select>, the one whose value equals `selected` selected.

    The applications page has two selects on each of its 50 rows; looping over their choices
    in the template cost more than the rest of the row (make bench). Values and labels are
    escaped here as the template would have.
    """
    current = "" if selected is None else str(selected)
    options = _escaped_options(tuple((str(value), str(label)) for value, label in choices))
    # Every value and label was escaped by _escaped_options.
    return mark_safe(
        "".join(
            start + (" selected" if value == current else "") + end for value, start, end in options
        )
    )
