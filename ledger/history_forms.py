from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from config.limits import PASTE_MAX_BYTES, UPLOAD_MAX_BYTES
from ledger.kinds import RECLASSIFIABLE_KINDS
from ledger.models import EntryKind


class HistoryImportForm(forms.Form):
    text = forms.CharField(
        label="Paste the Connects History page",
        required=False,
        widget=forms.Textarea(
            attrs={
                "class": "paste-box",
                "data-max-bytes": str(PASTE_MAX_BYTES),
                "placeholder": "On Upwork: Connects → View history. Press Ctrl+A, Ctrl+C, "
                "then paste here.",
            }
        ),
        # The limit is checked in clean_text to give a clear message; this stops a runaway post.
        max_length=PASTE_MAX_BYTES * 2,
    )
    file = forms.FileField(
        label="…or upload the page saved as HTML",
        required=False,
        help_text="Up to 5 MB. The file is read as text and not kept.",
    )

    saved_at = forms.DateTimeField(
        label="Page saved on",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="When you copied or saved the page: its 'Today' and 'Yesterday' mean that "
        "day. Leave it for a page copied just now; a saved page that carries Upwork's own "
        "times is read by those.",
    )

    def __init__(self, *args: Any, content_length: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["saved_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        # A file too big for the server is dropped before the form sees it: the request's size
        # is what tells the user why.
        self.content_length = content_length

    def clean_text(self) -> str:
        text: str = self.cleaned_data.get("text") or ""
        if len(text.encode("utf-8", errors="replace")) > PASTE_MAX_BYTES:
            raise forms.ValidationError(
                "The paste is over 1 MB. Upwork's history page is far smaller: copy only that "
                "page, or upload the saved page instead."
            )
        return text

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError("The file is over 5 MB; upload the history page only.")
        return upload.read().decode("utf-8", errors="replace")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not self.errors and not (cleaned.get("text") or "").strip() and not cleaned.get("file"):
            if self.content_length > UPLOAD_MAX_BYTES:
                raise forms.ValidationError(
                    f"The upload was {self.content_length / 1024 / 1024:.2f} MB; files are "
                    "limited to 5 MB. Upload the Connects History page only."
                )
            raise forms.ValidationError("Paste the page or choose a file.")
        return cleaned

    @property
    def content(self) -> str:
        # NUL bytes never belong to a web page, and PostgreSQL refuses them in text columns.
        text = str(self.cleaned_data.get("file") or self.cleaned_data.get("text") or "")
        return text.replace("\x00", "")


class ReclassifyForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(k.value, k.label) for k in EntryKind if k in RECLASSIFIABLE_KINDS]
    )
