"""Forms of the vetting pages: the paste, the facts (by hand or corrected), the thresholds.

Forms only bind and validate; parsing is vetting.parsing and every write is vetting.services.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils import timezone

from config.limits import MB, PASTE_MAX_BYTES, SEARCH_MAX_CHARS, UPLOAD_MAX_BYTES, search_words
from vetting.facts import JobFacts
from vetting.rules import RULES, Thresholds
from vetting.scoring import Verdict

SOURCE_PASTE = "paste"
SOURCE_UPLOAD = "upload"


def _megabytes(size: int) -> str:
    return f"{size / MB:.2f} MB"


class _PasteField(forms.CharField):
    """A text box that drops NUL characters (a database cannot store them) instead of
    refusing the whole paste for one invisible character."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return text.replace("\x00", "").replace("\r\n", "\n")


class PasteForm(forms.Form):
    """A pasted job page, or a saved one uploaded; the page text ends up in ``page_text``."""

    text = _PasteField(
        label="Job page",
        required=False,
        strip=False,
        help_text="On the Upwork job page press Ctrl+A, then Ctrl+C, and paste it here "
        "(Ctrl+V). At most 1 MB.",
        widget=forms.Textarea(
            attrs={
                "class": "paste-box",
                "rows": 16,
                "spellcheck": "false",
                "placeholder": "Paste the whole Upwork job page here",
                # static/js/bidbook.js refuses a bigger paste before it is sent, keeping the
                # text, and names what to copy instead.
                "data-max-bytes": str(PASTE_MAX_BYTES),
                "data-paste-of": "job page",
            }
        ),
    )
    job_url = forms.URLField(
        label="Job URL (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The job's address, like https://www.upwork.com/jobs/~01…: it tells a "
        "re-paste of the same job apart from a new one.",
    )
    file = forms.FileField(
        label="Or upload a saved page",
        required=False,
        help_text="A job page saved from the browser (Ctrl+S, .html) or a text file. "
        "At most 5 MB; used instead of the paste when both are given.",
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,.txt,text/html,text/plain"}),
    )

    def __init__(self, *args: Any, request_size: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The size of the whole request: an upload over the server's memory limit never
        # reaches the form, so its absence is explained by the size of what was sent.
        self.request_size = request_size
        self.page_text = ""
        self.source = SOURCE_PASTE

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        size = len(text.encode("utf-8"))
        if size > PASTE_MAX_BYTES:
            # A refused paste is not sent back: a megabyte would be echoed into the page and
            # refused again on the next submit. The message says so.
            if isinstance(self.data, QueryDict):
                kept = self.data.copy()
                kept["text"] = ""
                self.data = kept
            else:
                self.data = {**self.data, "text": ""}
            raise ValidationError(
                f"The paste is over 1 MB ({_megabytes(size)}), so it was refused and not "
                "kept. Copy only the job page (Ctrl+A, Ctrl+C on the job itself), or save the "
                "page and upload the file instead (up to 5 MB)."
            )
        return text

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is not None and (upload.size or 0) > UPLOAD_MAX_BYTES:
            raise ValidationError(
                f"The file is {_megabytes(upload.size or 0)}; the limit is 5 MB. Save only the "
                "job page, or copy and paste it instead."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        upload: UploadedFile | None = cleaned.get("file")
        text: str = cleaned.get("text") or ""
        if upload is not None:
            # Read in memory only (settings allow no temporary files), never saved or shown
            # as HTML: it is parsed as text like a paste.
            raw = b"".join(upload.chunks())
            self.page_text = raw.decode("utf-8-sig", errors="replace").replace("\x00", "")
            self.source = SOURCE_UPLOAD
            if not self.page_text.strip():
                self.add_error("file", "The file is empty.")
        elif text.strip():
            self.page_text = text
            self.source = SOURCE_PASTE
        elif self.request_size > UPLOAD_MAX_BYTES:
            self.add_error(
                "file",
                f"The file is over 5 MB ({_megabytes(self.request_size)} sent); the limit is "
                "5 MB. Save only the job page, or copy and paste it instead.",
            )
        else:
            self.add_error("text", "Paste the job page here, or choose a saved page to upload.")
        return cleaned


# ---------------------------------------------------------------------------------------------
# Facts
# ---------------------------------------------------------------------------------------------
class _VerifiedSelect(forms.NullBooleanSelect):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [
            ("unknown", "Not on the page"),
            ("true", "Verified"),
            ("false", "Not verified"),
        ]


def _count(label: str, *, max_value: int = 100_000, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=max_value, help_text=help_text
    )


def _money(label: str, *, max_value: int = 100_000_000, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(max_value),
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
    )


# The stars a client gives a freelancer: Upwork's scale, in its steps of a hundredth.
_RATING_GIVEN_MIN = Decimal("1.0")
_RATING_GIVEN_MAX = Decimal("5.0")
_MAX_RATINGS_GIVEN = 50


class RatingsGivenField(forms.CharField):
    """A comma-separated list of ratings ("5.0, 4.5, 3"), each checked, newest first.

    Empty is "not on the page"; "none" is a recent history in which no rating was given.
    """

    def to_python(self, value: Any) -> tuple[Decimal, ...] | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        if text.lower() == "none":
            return ()
        ratings: list[Decimal] = []
        for piece in text.split(","):
            piece = piece.strip()
            try:
                rating = Decimal(piece)
            except ArithmeticError:
                rating = None
            if (
                rating is None
                or not rating.is_finite()
                or not _RATING_GIVEN_MIN <= rating <= _RATING_GIVEN_MAX
                or rating != rating.quantize(Decimal("0.01"))
            ):
                raise ValidationError(
                    f"{self.label}: “{piece}” is not a rating from {_RATING_GIVEN_MIN} to "
                    f"{_RATING_GIVEN_MAX}. Write the ratings separated by commas, like "
                    "“5.0, 4.5”."
                )
            ratings.append(rating)
        if len(ratings) > _MAX_RATINGS_GIVEN:
            raise ValidationError(
                f"{self.label}: at most {_MAX_RATINGS_GIVEN} ratings ({len(ratings)} given)."
            )
        return tuple(ratings)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, tuple):
            return (
                ", ".join(
                    f"{rating:.1f}" if rating == rating.quantize(Decimal("0.1")) else str(rating)
                    for rating in value
                )
                or "none"
            )
        return value

    def validate(self, value: Any) -> None:  # the pieces were checked in to_python
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


_DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FactsForm(forms.Form):
    """One field per JobFacts fact: the by-hand form, and the extracted facts to correct.

    An empty field is a fact not on the page, which the rules judge as unknown.
    """

    title = forms.CharField(label="Job title", max_length=300)
    job_url = forms.URLField(label="Job URL", required=False, max_length=500, assume_scheme="https")
    # A browser sends a textarea's line breaks as CRLF: read back as they were stored, so an
    # unchanged description re-scores as unchanged.
    description = _PasteField(
        label="Description",
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    posted_at = forms.DateTimeField(label="Posted at", required=False, widget=_DATETIME_WIDGET)
    budget_type = forms.ChoiceField(
        label="Budget type",
        required=False,
        choices=[("", "Not on the page"), ("fixed", "Fixed price"), ("hourly", "Hourly")],
    )
    budget_min = _money("Budget from ($)", help_text="The fixed price, or the lowest hourly rate.")
    budget_max = _money(
        "Budget up to ($)",
        help_text="The highest hourly rate; for a fixed price, the same as above.",
    )
    experience_level = forms.ChoiceField(
        label="Experience level",
        required=False,
        choices=[
            ("", "Not on the page"),
            ("entry", "Entry"),
            ("intermediate", "Intermediate"),
            ("expert", "Expert"),
        ],
    )
    connects_required = _count("Connects required", max_value=500)
    proposals_min = _count(
        "Proposals from",
        max_value=1000,
        help_text="Upwork's bracket: “10 to 15” is 10 and 15, “50+” is 50 and empty, "
        "“Less than 5” is 0 and 5.",
    )
    proposals_max = _count("Proposals up to", max_value=1000)
    last_viewed_at = forms.DateTimeField(
        label="Last viewed by client", required=False, widget=_DATETIME_WIDGET
    )
    hires = _count("Hires on this job", max_value=1000)
    interviewing = _count("Interviewing", max_value=1000)
    invites_sent = _count("Invites sent", max_value=1000)
    unanswered_invites = _count("Unanswered invites", max_value=1000)
    payment_verified = forms.NullBooleanField(
        label="Payment method", required=False, widget=_VerifiedSelect
    )
    client_rating = forms.DecimalField(
        label="Client rating (of 5)",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(5),
        max_digits=3,
        decimal_places=2,
    )
    client_reviews = _count("Client reviews", max_value=1_000_000)
    client_country = forms.CharField(label="Client country", required=False, max_length=100)
    client_jobs_posted = _count("Client jobs posted", max_value=1_000_000)
    client_hire_rate = _count("Client hire rate (%)", max_value=100)
    client_open_jobs = _count("Client open jobs", max_value=1_000_000)
    client_total_spent = _money("Client total spent ($)", max_value=10_000_000_000)
    client_hires = _count("Client hires", max_value=1_000_000)
    client_active_hires = _count("Client active hires", max_value=1_000_000)
    client_avg_hourly_rate = _money("Client's average hourly rate paid ($/hr)", max_value=10_000)
    client_member_since = forms.DateField(
        label="Client member since",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    client_ratings_given = RatingsGivenField(
        label="Stars this client gave",
        required=False,
        max_length=1000,
        help_text="From “Client's recent history”, newest first, separated by commas "
        "(“5.0, 4.5”); “none” when it gave none.",
    )
    hours_per_week = forms.ChoiceField(
        label="Hours per week",
        required=False,
        choices=[
            ("", "Not on the page"),
            ("less_than_30", "Less than 30 hrs/week"),
            ("more_than_30", "More than 30 hrs/week"),
            ("to_be_determined", "Hours to be determined"),
        ],
    )
    screening_questions = _count("Screening questions", max_value=50)
    bid_high = _money("Bid range: high ($)", max_value=10_000)
    bid_avg = _money("Bid range: average ($)", max_value=10_000)
    bid_low = _money("Bid range: low ($)", max_value=10_000)
    available_connects = _count(
        "Available Connects (Upwork's count)",
        max_value=10_000,
        help_text="Your own balance as the page shows it, compared with Bidbook's.",
    )

    # (legend, full-width fields, fields in columns): the page's own blocks, in its order.
    GROUPS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
        (
            "The job",
            ("title", "job_url", "description"),
            (
                "posted_at",
                "budget_type",
                "budget_min",
                "budget_max",
                "experience_level",
                "hours_per_week",
                "connects_required",
                "screening_questions",
            ),
        ),
        (
            "Activity on this job",
            (),
            (
                "proposals_min",
                "proposals_max",
                "last_viewed_at",
                "hires",
                "interviewing",
                "invites_sent",
                "unanswered_invites",
                "bid_high",
                "bid_avg",
                "bid_low",
                "available_connects",
            ),
        ),
        (
            "About the client",
            ("client_ratings_given",),
            (
                "payment_verified",
                "client_rating",
                "client_reviews",
                "client_country",
                "client_member_since",
                "client_jobs_posted",
                "client_hire_rate",
                "client_open_jobs",
                "client_total_spent",
                "client_hires",
                "client_active_hires",
                "client_avg_hourly_rate",
            ),
        ),
    )

    def groups(self) -> list[tuple[str, list[forms.BoundField], list[forms.BoundField]]]:
        """For the template: (legend, fields in columns, full-width fields) per block."""
        return [
            (legend, [self[name] for name in narrow], [self[name] for name in wide])
            for legend, wide, narrow in self.GROUPS
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        for name in ("posted_at", "last_viewed_at"):
            self.fields[name].help_text = f"Date and time, {zone}."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for low, high, words in (
            ("budget_min", "budget_max", "the budget from"),
            ("proposals_min", "proposals_max", "the proposals from"),
            ("client_active_hires", "client_hires", "the client's active hires"),
            ("bid_low", "bid_avg", "the bid range's low"),
            ("bid_avg", "bid_high", "the bid range's average"),
            ("bid_low", "bid_high", "the bid range's low"),
        ):
            a, b = cleaned.get(low), cleaned.get(high)
            if a is not None and b is not None and b < a and high not in self.errors:
                self.add_error(high, f"Must be at least {words} ({a}).")
        return cleaned

    @classmethod
    def initial_from(cls, facts: JobFacts) -> dict[str, Any]:
        """Initial values showing ``facts``, rounded to what each field accepts."""
        initial: dict[str, Any] = {}
        for name in JobFacts.field_names():
            if name not in cls.base_fields:  # read off the page, not corrected by hand
                continue
            value = getattr(facts, name)
            field = cls.base_fields[name]
            if isinstance(value, Decimal) and isinstance(field, forms.DecimalField):
                places = Decimal(1).scaleb(-(field.decimal_places or 0))
                value = value.quantize(places, rounding=ROUND_HALF_UP)
            initial[name] = value
        return initial

    def to_facts(self, base: JobFacts | None = None) -> JobFacts:
        """The cleaned values as JobFacts; an empty field is a fact not on the page.

        A correction of ``base`` keeps what the form does not show, and where an unchanged
        fact was read; a corrected one is the user's.
        """
        kwargs: dict[str, Any] = {}
        sources: dict[str, str] = {}
        for name in JobFacts.field_names():
            if name not in self.base_fields:
                kwargs[name] = getattr(base, name) if base is not None else None
                if base is not None and name in base.sources:
                    sources[name] = base.sources[name]
                continue
            value = self.cleaned_data.get(name)
            if isinstance(value, str):
                value = value.strip() or None
            kwargs[name] = value
            if base is not None and name in base.sources and getattr(base, name) == value:
                sources[name] = base.sources[name]
        return JobFacts(**kwargs, sources=sources)


# ---------------------------------------------------------------------------------------------
# Thresholds
# ---------------------------------------------------------------------------------------------
# (lower, higher): the first must not be above the second, or a rule could never warn.
_ORDERED_THRESHOLDS = (
    ("rating_fail", "rating_warn"),
    ("proposals_warn", "proposals_fail"),
    ("tiny_budget_usd", "small_budget_usd"),
    ("description_min_chars", "description_detailed_chars"),
    ("recent_view_days", "idle_days"),
)


class ThresholdsForm(forms.Form):
    """Built from the Thresholds dataclass: a new threshold shows up here by itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in Thresholds.numeric_fields():
            meta = f.metadata
            options: dict[str, Any] = {
                "label": meta["label"],
                "help_text": meta["help"],
                "min_value": meta["min"],
                "max_value": meta["max"],
            }
            if isinstance(f.default, float):
                self.fields[f.name] = forms.FloatField(
                    widget=forms.NumberInput(attrs={"step": "0.01"}), **options
                )
            else:
                self.fields[f.name] = forms.IntegerField(**options)
        decisive = next(f for f in dataclasses.fields(Thresholds) if f.name == "decisive")
        self.fields["decisive"] = forms.MultipleChoiceField(
            label=decisive.metadata["label"],
            help_text=decisive.metadata["help"],
            required=False,
            choices=[(rule.code, rule.title) for rule in RULES],
            widget=forms.CheckboxSelectMultiple,
        )

    @classmethod
    def initial_from(cls, thresholds: Thresholds) -> dict[str, Any]:
        return thresholds.to_dict()

    def numeric_fields(self) -> list[forms.BoundField]:
        return [self[f.name] for f in Thresholds.numeric_fields()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for low, high in _ORDERED_THRESHOLDS:
            a, b = cleaned.get(low), cleaned.get(high)
            if a is not None and b is not None and b < a:
                self.add_error(high, f"Must be at least “{self.fields[low].label}” ({a}).")
        return cleaned

    def to_thresholds(self) -> Thresholds:
        values = {f.name: self.cleaned_data[f.name] for f in Thresholds.numeric_fields()}
        return Thresholds(**values, decisive=frozenset(self.cleaned_data.get("decisive") or ()))


class SearchField(forms.CharField):
    """A search box: NUL dropped and long text cut (config.limits), so a search never fails."""

    def __init__(self, *, label: str, placeholder: str = "", **kwargs: Any) -> None:
        attrs = {"type": "search", "maxlength": str(SEARCH_MAX_CHARS)}
        if placeholder:
            attrs["placeholder"] = placeholder
        super().__init__(label=label, required=False, widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value: Any) -> str:
        return " ".join(search_words(super().to_python(value) or ""))


class JobFilterForm(forms.Form):
    """The Jobs list's search and verdict filter; an invalid choice is shown and ignored."""

    q = SearchField(label="Search titles and descriptions")
    verdict = forms.ChoiceField(
        label="Latest verdict",
        required=False,
        choices=[("", "Any verdict"), *Verdict.choices()],
    )

    def wanted(self) -> dict[str, str]:
        """The valid filters, as keyword arguments of selectors.jobs_with_latest_verdict."""
        if not self.is_bound or not self.is_valid():
            data = getattr(self, "cleaned_data", {})
        else:
            data = self.cleaned_data
        return {"q": data.get("q") or "", "verdict": data.get("verdict") or ""}
