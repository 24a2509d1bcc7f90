"""The what-if's input: the Settings page's threshold fields, a period, from any source.

The page, `manage.py whatif` and the API all give some thresholds by name; the rest are the
user's own. One form validates them all, so a value out of range names its field everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms

from vetting.forms import ThresholdsForm
from vetting.rules import Thresholds

DECISIVE = "decisive"
# The page's form sends this with its checkboxes, so "none ticked" differs from "not given".
DECISIVE_GIVEN = "decisive_given"
PERIOD_FIELDS = ("from", "to")


class WhatIfForm(ThresholdsForm):
    """Thresholds (all of them, as on the Settings page) and an optional period."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(
            label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["to"] = forms.DateField(
            label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", f"Must be on or after the start of the period ({start}).")
        return cleaned

    @property
    def date_from(self) -> date | None:
        return self.cleaned_data.get("from")

    @property
    def date_to(self) -> date | None:
        return self.cleaned_data.get("to")


def unknown_names(names: Sequence[str]) -> list[str]:
    known = {f.name for f in Thresholds.numeric_fields()} | {DECISIVE, DECISIVE_GIVEN}
    return [name for name in names if name not in known and name not in PERIOD_FIELDS]


def whatif_form(
    base: Thresholds,
    given: Mapping[str, str],
    decisive: Sequence[str] | None = None,
) -> WhatIfForm:
    """A bound form: the user's thresholds ``base`` overridden by the ``given`` values.

    ``decisive`` replaces the decisive rules when not None; a ``decisive`` entry in ``given``
    is read as a comma-separated list of rule codes.
    """
    data: dict[str, Any] = {
        name: str(value) for name, value in base.to_dict().items() if name != DECISIVE
    }
    data[DECISIVE] = list(base.decisive)
    for name, value in given.items():
        if name == DECISIVE:
            data[DECISIVE] = [code.strip() for code in value.split(",") if code.strip()]
        elif name != DECISIVE_GIVEN:
            data[name] = value
    if decisive is not None:
        data[DECISIVE] = list(decisive)
    return WhatIfForm(data=data)


def form_errors(form: forms.Form) -> str:
    """Every error on one line, each named by its field's label: for the CLI and the API."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else name
        parts.extend(f"{label} ({name}): {error}" for error in errors)
    return "; ".join(parts)
