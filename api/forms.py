"""The token form of Settings → API tokens: it checks the name; api.services makes the token."""

from __future__ import annotations

from django import forms

from api.services import NAME_MAX


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX,
        help_text="Where you will use it, so you can tell tokens apart: “Chrome on my laptop”.",
        widget=forms.TextInput(attrs={"placeholder": "Chrome on my laptop", "autocomplete": "off"}),
    )
