"""The ledger's forms: they check what was typed; the services decide what it means."""

from __future__ import annotations

import calendar
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum
from django.utils import timezone

from accounts.display import money, plural
from accounts.models import User
from config.limits import PASTE_MAX_BYTES, UPLOAD_MAX_BYTES, search_words
from ledger.bid_table import Bid, read_bid_table
from ledger.models import (
    PURCHASE_BUNDLES,
    Application,
    ApplicationStatus,
    ConnectsEntry,
    EntryKind,
    LedgerSettings,
)
from ledger.money import connects_to_usd, usd_str
from ledger.policy import Fate, Outcome
from ledger.selectors import (
    application_of_job,
    balance_known,
    balance_of,
    ledger_settings_for,
)
from ledger.services import LEDGER_SETTINGS_FIELDS, LedgerError, starting_balance_check
from vetting.forms import SearchField
from vetting.models import Job, Vetting
from vetting.scoring import NOT_VETTED, NOT_VETTED_LABEL, Verdict

# An uploaded applications CSV larger than this is refused before it is read.


def _not_in_future(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")


def month_bounds(day: date) -> tuple[date, date]:
    """The first and the last day of the month of `day`."""
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate,
        validators=[_not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


def _month_field() -> forms.DateField:
    # <input type="month"> sends YYYY-MM; the first day of the month stands for the month.
    return forms.DateField(
        label="Month",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "YYYY-MM"}, format="%Y-%m"),
        error_messages={"invalid": "Enter a month as YYYY-MM, e.g. 2026-01."},
    )


def _usd_field(label: str, *, required: bool, max_value: Decimal | None = None) -> forms.Field:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_value=max_value,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )


# ---------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------
class ApplicationForm(forms.Form):
    """Log a proposal sent. `job` and `vetting` ride along hidden when it came from a vetting."""

    job_title = forms.CharField(label="Job title", max_length=300)
    job_url = forms.URLField(
        label="Job URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The Upwork job link, if you have it.",
    )
    submitted_on = _date_field("Date sent")
    connects_paid = forms.IntegerField(
        label="Connects",
        min_value=0,
        max_value=500,
        help_text="What the proposal cost (0 for an invite).",
    )
    boost_connects = forms.IntegerField(
        label="Boost connects",
        min_value=0,
        max_value=1000,
        initial=0,
        required=False,
        help_text="Extra connects you bid to boost it; 0 if you did not boost.",
    )
    bid_amount = _usd_field("Your bid (USD)", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    apply_page = forms.CharField(
        label="Apply page (optional)",
        required=False,
        max_length=PASTE_MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Paste Upwork's apply page (Ctrl+A, Ctrl+C) to keep the boost bids it showed "
        "for each place with this application.",
    )
    job = forms.ModelChoiceField(
        queryset=Job.objects.none(), required=False, widget=forms.HiddenInput
    )
    vetting = forms.ModelChoiceField(
        queryset=Vetting.objects.none(), required=False, widget=forms.HiddenInput
    )

    # Asked for only when the application needs it (see clean): each says what it confirms.
    confirm_below_zero = forms.BooleanField(
        required=False, widget=forms.HiddenInput, label="Log it anyway, below zero"
    )
    confirm_again = forms.BooleanField(
        required=False, widget=forms.HiddenInput, label="Log a second application to this job"
    )

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        # What the user must confirm before it is logged: (field, sentence), shown by the page.
        self.confirmations: list[tuple[str, str]] = []
        # Only the user's own jobs and vettings can be attached: anything else is "not a choice".
        job_field = self.fields["job"]
        vetting_field = self.fields["vetting"]
        assert isinstance(job_field, forms.ModelChoiceField)
        assert isinstance(vetting_field, forms.ModelChoiceField)
        job_field.queryset = Job.objects.filter(owner=owner)
        vetting_field.queryset = Vetting.objects.filter(owner=owner).select_related("job")

    def clean_boost_connects(self) -> int:
        return self.cleaned_data.get("boost_connects") or 0

    def clean_apply_page(self) -> list[Bid]:
        """The bid table read off the pasted apply page; a paste without one is an error, so a
        wrong page is said rather than silently dropped."""
        text = self.cleaned_data.get("apply_page") or ""
        if not text.strip():
            return []
        bids = read_bid_table(text)
        if not bids:
            raise forms.ValidationError(
                "No boost bids found on this page: paste the apply page where Upwork shows "
                "“Bid N Connects or higher to be ranked in 1st place”, or leave this empty."
            )
        return bids

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        vetting = cleaned.get("vetting")
        if vetting is not None and cleaned.get("job") is None:
            cleaned["job"] = vetting.job
        if not self.errors:
            self._ask_confirmations(cleaned)
        return cleaned

    def _ask_confirmations(self, cleaned: dict[str, Any]) -> None:
        """A second application to one job, or a balance below zero, is logged only when asked."""
        job = cleaned.get("job")
        earlier = application_of_job(owner=self.owner, job=job) if job is not None else None
        if earlier is not None and not cleaned.get("confirm_again"):
            self.confirmations.append(
                (
                    "confirm_again",
                    f"You already applied to this job on {earlier.submitted_on:%b %-d, %Y} for "
                    f"{plural(earlier.connects_paid + earlier.boost_connects, 'connect')}. "
                    "Log a second application only if you really sent another proposal.",
                )
            )
        cost = (cleaned.get("connects_paid") or 0) + (cleaned.get("boost_connects") or 0)
        balance = balance_of(self.owner)
        after = balance - cost
        # Before any balance is known (no starting balance, nothing arrived) zero means nothing.
        known = balance_known(self.owner)
        if after < 0 and known and not cleaned.get("confirm_below_zero"):
            price = ledger_settings_for(self.owner).price_per_connect
            usd = money(connects_to_usd(after, price), cents=True)
            self.confirmations.append(
                (
                    "confirm_below_zero",
                    f"You have {plural(balance, 'connect')} and this costs "
                    f"{plural(cost, 'connect')}: your balance would be "
                    f"{plural(after, 'connect')} ({usd}). "
                    "Upwork would not have let you apply, so a purchase or a grant is missing: "
                    "record it first, or log it anyway.",
                )
            )
        for name, sentence in self.confirmations:
            self.add_error(None, sentence)
            self.fields[name].widget = forms.CheckboxInput()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ApplicationStatus.choices)


# The empty outcome is a real choice: "still waiting", which also undoes an outcome set by mistake.
OUTCOME_CHOICES = [("", "Pending (no outcome yet)"), *Outcome.choices]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=OUTCOME_CHOICES, required=False)
    outcome_on = _date_field("Outcome date", required=False, help_text="Today if left empty.")
    contract_value_usd = _usd_field("Contract value (USD), if hired", required=False)


class BoostReturnForm(forms.Form):
    connects = forms.IntegerField(
        label="Connects returned",
        min_value=1,
        max_value=1000,
        required=False,
        help_text="Everything charged and not yet returned if left empty.",
    )


class CorrectionForm(forms.Form):
    """Correct a mistyped application (ledger.services.application_correct checks the rest)."""

    connects_paid = forms.IntegerField(label="Connects", min_value=0, max_value=500)
    boost_connects = forms.IntegerField(label="Boost", min_value=0, max_value=1000)
    job_title = forms.CharField(label="Title", max_length=300)
    job_url = forms.URLField(
        label="Job link", max_length=500, required=False, assume_scheme="https"
    )
    submitted_on = _date_field("Date sent")


class ApplicationFilterForm(forms.Form):
    q = SearchField(label="Title words", placeholder="e.g. django api")
    month = _month_field()
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ApplicationStatus.choices]
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Any outcome"), (Fate.PENDING.value, "Pending"), *Outcome.choices],
    )
    verdict = forms.ChoiceField(
        label="Verdict",
        required=False,
        choices=[("", "Any verdict"), *Verdict.choices(), (NOT_VETTED, NOT_VETTED_LABEL)],
    )

    def filter(self, applications: QuerySet[Application]) -> QuerySet[Application]:
        """The applications matching the valid filters; an invalid one is shown and ignored."""
        wanted = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        for word in search_words(wanted.get("q") or ""):
            applications = applications.filter(job_title__icontains=word)
        if month := wanted.get("month"):
            first, last = month_bounds(month)
            applications = applications.filter(submitted_on__gte=first, submitted_on__lte=last)
        if status := wanted.get("status"):
            applications = applications.filter(status=status)
        if outcome := wanted.get("outcome"):
            applications = applications.filter(outcome="" if outcome == Fate.PENDING else outcome)
        if verdict := wanted.get("verdict"):
            if verdict == NOT_VETTED:
                applications = applications.filter(vetting__isnull=True)
            else:
                applications = applications.filter(vetting__verdict=verdict)
        return applications


class EntryFilterForm(forms.Form):
    month = _month_field()
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Every kind"), *EntryKind.choices]
    )

    def selector_kwargs(self) -> dict[str, Any]:
        """Arguments for ledger.selectors.entries_for from the valid filters."""
        wanted = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        kwargs: dict[str, Any] = {}
        if month := wanted.get("month"):
            kwargs["date_from"], kwargs["date_to"] = month_bounds(month)
        if kind := wanted.get("kind"):
            kwargs["kinds"] = [kind]
        return kwargs


class DateRangeForm(forms.Form):
    """The period of an export; both ends optional and inclusive."""

    date_from = forms.DateField(
        label="From",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the start date as YYYY-MM-DD, e.g. 2026-01-01."},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the end date as YYYY-MM-DD, e.g. 2026-01-31."},
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # The query string says `from` and `to`, which are not valid Python names.
        if data is not None:
            data = {"date_from": data.get("from", ""), "date_to": data.get("to", "")}
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise ValidationError("The start date is after the end date.")
        return cleaned


# ---------------------------------------------------------------------------------------------
# Connects in and out
# ---------------------------------------------------------------------------------------------
class PurchaseForm(forms.Form):
    bundle = forms.TypedChoiceField(
        label="Bundle",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Fills the connects and the price; both stay editable.",
    )
    connects = forms.IntegerField(label="Connects", min_value=1, max_value=10000, required=False)
    usd_paid = _usd_field("Paid (USD)", required=False, max_value=Decimal("10000"))
    occurred_on = _date_field("Date")
    note = forms.CharField(label="Note", required=False, max_length=500)

    def __init__(self, *args: Any, price: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.price = price
        prices = {str(size): usd_str(connects_to_usd(size, price)) for size in PURCHASE_BUNDLES}
        bundle = self.fields["bundle"]
        assert isinstance(bundle, forms.TypedChoiceField)
        bundle.choices = [
            ("", "Choose a bundle…"),
            *((size, f"{size} connects (${prices[str(size)]})") for size in PURCHASE_BUNDLES),
        ]
        bundle.widget.attrs["data-bundle-prices"] = json.dumps(prices)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Without JavaScript the bundle cannot fill the fields, so empty fields take its values.
        if cleaned.get("connects") is None and "connects" not in self.errors:
            if cleaned.get("bundle") is None:
                self.add_error("connects", "Choose a bundle or enter the connects you bought.")
                return cleaned
            cleaned["connects"] = cleaned["bundle"]
        empty_price = cleaned.get("usd_paid") is None and "usd_paid" not in self.errors
        if empty_price and cleaned.get("connects") is not None:
            cleaned["usd_paid"] = connects_to_usd(cleaned["connects"], self.price)
        return cleaned


class GrantForm(forms.Form):
    connects = forms.IntegerField(label="Connects", min_value=1, max_value=1000)
    occurred_on = _date_field("Date")
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=500,
        help_text="e.g. Monthly connects, interview reward.",
    )


class AdjustForm(forms.Form):
    connects = forms.IntegerField(
        label="Connects",
        min_value=-10000,
        max_value=10000,
        help_text="Positive adds connects, negative takes them away.",
    )
    occurred_on = _date_field("Date")
    note = forms.CharField(
        label="Why",
        max_length=500,
        help_text="Required: say what the correction is for.",
    )

    def clean_connects(self) -> int:
        connects = self.cleaned_data["connects"]
        if connects == 0:
            raise ValidationError("An adjustment must add or remove at least one connect.")
        return connects

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError("Say why: an adjustment needs a note.")
        return note


# ---------------------------------------------------------------------------------------------
# Import and settings
# ---------------------------------------------------------------------------------------------
class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: submitted_at, job_title, job_url, connects, boost_connects, outcome, "
            "outcome_at, contract_value_usd. At most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, content_length: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content_length = content_length

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Past the upload handler's memory limit Django drops the file and the field reads as
        # empty; the request size still tells what happened.
        if "file" in self.errors and self.content_length > UPLOAD_MAX_BYTES:
            del self.errors["file"]
            self.add_error("file", _too_big(self.content_length))
        return cleaned

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError(_too_big(upload.size))
        return upload


def _too_big(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; the limit is 5 MB. "
        "Split it into smaller files and import them one by one."
    )


class CsvConfirmForm(forms.Form):
    batch = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class LedgerSettingsForm(forms.ModelForm):
    starting_balance = forms.IntegerField(
        label="Starting balance",
        min_value=0,
        max_value=100000,
        help_text="The connects Upwork showed you (Connects → My balance) at the moment below.",
    )
    starting_balance_as_of = forms.DateTimeField(
        label="as of",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="When Upwork showed it (default: now). Everything dated at or before this "
        "moment is already inside it, whether it is in Bidbook yet or imported later.",
    )

    class Meta:
        model = LedgerSettings
        fields = list(LEDGER_SETTINGS_FIELDS)
        widgets = {
            "price_per_connect": forms.NumberInput(attrs={"step": "0.0001", "min": "0"}),
            "grant_day": forms.NumberInput(attrs={"min": "1", "max": "28"}),
            "reminder_days": forms.NumberInput(attrs={"min": "1", "max": "365"}),
        }

    def __init__(
        self,
        *args: Any,
        starting_balance: int = 0,
        starting_balance_as_of: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starting_balance"].initial = starting_balance
        self.has_starting_balance = starting_balance_as_of is not None
        moment = starting_balance_as_of or timezone.now()
        self.fields["starting_balance_as_of"].initial = timezone.localtime(moment).replace(
            second=0, microsecond=0
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "starting_balance" in cleaned and self.starting_balance_changed:
            try:
                starting_balance_check(
                    connects=cleaned["starting_balance"],
                    as_of=cleaned.get("starting_balance_as_of"),
                )
            except LedgerError as exc:
                self.add_error("starting_balance_as_of", str(exc))
        return cleaned

    @property
    def starting_balance_changed(self) -> bool:
        """A new balance, or a new moment for one already set (the moment alone is not one)."""
        changed = set(self.changed_data)
        moved = "starting_balance_as_of" in changed and bool(
            self.cleaned_data.get("starting_balance_as_of")
        )
        return "starting_balance" in changed or (self.has_starting_balance and moved)

    @classmethod
    def for_owner(cls, owner: User, data: Any = None) -> LedgerSettingsForm:
        """The form for a user's settings, with the starting balance they set so far.

        The combined settings page renders `ledger/_settings_form.html` with
        `ledger_settings_form=LedgerSettingsForm.for_owner(request.user)`.
        """
        settings = ledger_settings_for(owner)
        if settings.starting_balance is not None:
            balance = settings.starting_balance
        else:  # set before balances had a moment: the opening entries say it
            balance = (
                ConnectsEntry.objects.filter(owner=owner, kind=EntryKind.OPENING_BALANCE).aggregate(
                    total=Sum("connects")
                )["total"]
                or 0
            )
        return cls(
            data,
            instance=settings,
            starting_balance=balance,
            starting_balance_as_of=settings.starting_balance_as_of,
        )
