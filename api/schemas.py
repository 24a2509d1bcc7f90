"""The request and response shapes of /api/v1/ (pydantic, via django-ninja).

Schemas check form: types, sizes, ranges, one of two fields. What a value *means* (a job page
with too few facts, a date before the submission) is for the services, whose refusals come back
as 422s with their own sentence (api.errors).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, field_validator

from config.limits import MB, PASTE_MAX_BYTES, UPLOAD_MAX_BYTES
from ledger.models import ApplicationStatus
from ledger.policy import Outcome

URL_MAX = 500
TITLE_MAX = 300
BATCH_MAX = 100
# A feed tile copies to a few KB; a hundred of them stay far inside the request limit.
TILE_MAX_BYTES = 64 * 1024
# A captured moment may run ahead of the server's clock by this much (clocks drift).
CLOCK_SKEW = timedelta(minutes=5)


def _bytes(size: int) -> str:
    return f"{size / MB:.2f} MB" if size >= MB else f"{size / 1024:.1f} KB"


def _size(text: str | None, limit: int, what: str) -> str | None:
    if text is not None and len(text.encode("utf-8", "replace")) > limit:
        size = len(text.encode("utf-8", "replace"))
        limit_words = f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"
        raise ValueError(f"{what} is {_bytes(size)}; the limit is {limit_words}.")
    return text


def _web_url(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > URL_MAX:
        raise ValueError(f"A URL is at most {URL_MAX} characters.")
    if not value.startswith(("https://", "http://")):
        raise ValueError("Give the job's web address, starting with https://.")
    return value


def aware(moment: datetime | None) -> datetime | None:
    """A moment without a zone is UTC, as `manage.py vet --now` reads it."""
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _not_future(moment: datetime | None) -> datetime | None:
    moment = aware(moment)
    if moment is not None and moment > timezone.now() + CLOCK_SKEW:
        raise ValueError("This moment is in the future: check the device's clock.")
    return moment


# ---------------------------------------------------------------------------------------------
# Vetting
# ---------------------------------------------------------------------------------------------
class VetIn(Schema):
    text: str | None = Field(
        None, description="The page as text (what Ctrl+A, Ctrl+C copies). At most 1 MB."
    )
    html: str | None = Field(
        None, description="The page's HTML (document.documentElement.outerHTML). At most 5 MB."
    )
    url: str | None = Field(None, description="The job's address, https://www.upwork.com/jobs/~01…")
    captured_at: datetime | None = Field(
        None,
        description="When the page was read (ISO 8601; no zone means UTC). “Posted 2 hours "
        "ago” is read against it. Default: now.",
    )
    save: bool = Field(True, description="false: score only, write nothing (200, id null).")

    @field_validator("text")
    @classmethod
    def _text_size(cls, value: str | None) -> str | None:
        return _size(value, PASTE_MAX_BYTES, "The text")

    @field_validator("html")
    @classmethod
    def _html_size(cls, value: str | None) -> str | None:
        return _size(value, UPLOAD_MAX_BYTES, "The HTML")

    _url = field_validator("url")(_web_url)
    _captured = field_validator("captured_at")(_not_future)


class BatchItemIn(Schema):
    text: str = Field(..., description="One feed or search tile, as text. At most 64 KB.")
    url: str | None = Field(None, description="The tile's job link.")

    @field_validator("text")
    @classmethod
    def _text_size(cls, value: str) -> str:
        checked = _size(value, TILE_MAX_BYTES, "The text")
        assert checked is not None
        return checked

    _url = field_validator("url")(_web_url)


class BatchIn(Schema):
    items: list[BatchItemIn] = Field(..., min_length=1, max_length=BATCH_MAX)
    captured_at: datetime | None = None

    _captured = field_validator("captured_at")(_not_future)


class RuleOut(Schema):
    code: str
    status: Literal["pass", "warn", "fail", "unknown"]
    reason: str
    title: str = Field(..., description="The rule's name as Bidbook shows it.")
    decisive: bool = Field(..., description="A fail of this rule alone means skip.")
    weight: int = Field(..., description="Points this result took off the score of 100.")


class VettingOut(Schema):
    id: int | None = Field(..., description="The stored vetting; null when nothing was saved.")
    verdict: Literal["apply", "caution", "skip"]
    score: int = Field(..., ge=0, le=100)
    facts: dict[str, Any] = Field(
        ..., description="The facts read off the page: the same keys as `manage.py vet --json`."
    )
    rules: list[RuleOut] = Field(..., description="Every rule: fails first, then warnings.")
    app_url: str | None = Field(..., description="The vetting's page in Bidbook.")
    captured_at: datetime = Field(..., description="The moment the vetting judged the page at.")
    connects_required: int | None
    connects_usd: Decimal | None = Field(
        ..., description="What the proposal costs at your price per connect."
    )
    ruleset_version: str


class BatchResultOut(Schema):
    index: int = Field(..., description="The item's position in the request.")
    url: str | None
    problem: str | None = Field(
        ..., description="Why this tile could not be vetted (too few facts); null when it was."
    )
    result: VettingOut | None


class BatchOut(Schema):
    results: list[BatchResultOut]


# ---------------------------------------------------------------------------------------------
# Balance
# ---------------------------------------------------------------------------------------------
class BalanceOut(Schema):
    connects: int = Field(..., description="The sum of every ledger entry.")
    usd: Decimal = Field(..., description="The connects at your price per connect.")
    price_per_connect: Decimal
    as_of: datetime
    time_zone: str = Field(
        ..., description="Your zone (Settings → Time zone): the API's days are days in it."
    )
    today: date = Field(..., description="Today in your zone.")


# ---------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------
def _title(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    if not value:
        raise ValueError("The title cannot be empty.")
    if len(value) > TITLE_MAX:
        raise ValueError(f"A title is at most {TITLE_MAX} characters.")
    return value


def _to_day(value: Any) -> Any:
    """A date, or a moment taken as the day it fell on in the token owner's zone (api.auth)."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            try:
                value = datetime.fromisoformat(text)
            except ValueError:
                raise ValueError(
                    "Give a date as YYYY-MM-DD, or a moment in ISO 8601 like 2026-01-12T09:30:00Z."
                ) from None
    if isinstance(value, datetime):
        return timezone.localtime(aware(value)).date()
    return value


def _outcome(value: str) -> str:
    if value and value not in Outcome.values:
        raise ValueError(f'Use one of {", ".join(Outcome.values)}, or "" for pending.')
    return value


Day = Annotated[date, BeforeValidator(_to_day)]
OutcomeCode = Annotated[
    str,
    AfterValidator(_outcome),
    Field(json_schema_extra={"enum": ["", *Outcome.values]}),
]


class ApplicationIn(Schema):
    vetting_id: int | None = Field(None, description="The vetting the proposal was sent on.")
    title: str | None = Field(None, description="The job's title, when there is no vetting.")
    url: str | None = None
    submitted_at: Day = Field(..., description="The day (or the moment) it was sent.")
    connects: int = Field(..., ge=0, le=500, description="What the proposal cost (0: invite).")
    boost_connects: int = Field(0, ge=0, le=1000)
    bid_amount_usd: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    notes: str = Field("", max_length=5000)

    _title = field_validator("title")(_title)
    _url = field_validator("url")(_web_url)


class ApplicationPatch(Schema):
    """Only the fields sent change; connects, boost and date are corrected by ledger entries."""

    status: ApplicationStatus | None = Field(None, description="Where the proposal stands.")
    connects: int | None = Field(None, ge=0, le=500, description="Correct the proposal's cost.")
    boost_connects: int | None = Field(None, ge=0, le=1000, description="Correct the boost.")
    title: str | None = Field(None, description="Correct the job's title.")
    url: str | None = Field(None, description="Correct the job link (empty: none).")
    submitted_on: Day | None = Field(None, description="Correct the day it was sent.")

    _title = field_validator("title")(_title)
    _url = field_validator("url")(_web_url)


class RemovedOut(Schema):
    id: int
    removed: bool = True
    connects_moved: int = Field(..., description="Connects given back by removing it.")


class OutcomeIn(Schema):
    outcome: OutcomeCode = Field(
        ..., description="How it ended; an empty string puts it back to pending."
    )
    outcome_at: Day | None = Field(None, description="The day it ended. Default: today.")
    contract_value_usd: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


class ApplicationOut(Schema):
    id: int
    title: str
    url: str
    submitted_on: date
    connects: int = Field(..., description="Connects the proposal itself cost.")
    boost_connects: int
    bid_amount_usd: Decimal | None
    status: str
    outcome: str = Field(..., description="Empty while pending.")
    outcome_on: date | None
    fate: Literal["pending", "refunded", "lost", "won"]
    paid: int = Field(..., description="Connects paid, from the ledger's entries.")
    refunded: int
    contract_value_usd: Decimal | None
    vetting_id: int | None
    job_id: int | None
    notes: str
    app_url: str


class ApplicationPage(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    items: list[ApplicationOut]


class OutcomeOut(Schema):
    application: ApplicationOut
    connects_moved: int = Field(..., description="Refunded (+) or refund reversed (-).")


# ---------------------------------------------------------------------------------------------
# History imports
# ---------------------------------------------------------------------------------------------
class HistoryImportIn(Schema):
    text: str | None = Field(None, description="The Connects History page as text. At most 5 MB.")
    html: str | None = Field(None, description="The page's HTML. At most 5 MB.")
    saved_at: datetime | None = Field(
        None, description="When the page was read: “Today” on it means that day. Default: now."
    )

    @field_validator("text")
    @classmethod
    def _text_size(cls, value: str | None) -> str | None:
        return _size(value, UPLOAD_MAX_BYTES, "The text")

    @field_validator("html")
    @classmethod
    def _html_size(cls, value: str | None) -> str | None:
        return _size(value, UPLOAD_MAX_BYTES, "The HTML")

    _saved = field_validator("saved_at")(_not_future)


class HistoryPreviewOut(Schema):
    id: int
    rows: int = Field(..., description="Rows read off the page.")
    new: int = Field(..., description="Rows the import would add.")
    already: int = Field(..., description="Rows the ledger already has.")
    upwork_balance: int | None = Field(..., description="The balance the page shows, if any.")
    bidbook_balance: int = Field(..., description="Bidbook's balance now, before the import.")
    balance_after: int = Field(..., description="Bidbook's balance once it is imported.")
    difference: int | None = Field(
        ..., description="Upwork's balance minus Bidbook's after the import; null without one."
    )
    connects_added: int
    not_understood: list[str] = Field(..., description="Rows read but not imported, and why.")
    saved_at: datetime
    preview_url: str = Field(..., description="The preview page in Bidbook, to confirm there.")


class StatusUrlOut(Schema):
    status_url: str = Field(..., description="GET it for the import's state and progress.")
    state: str
    progress_url: str = Field(..., description="The progress page in Bidbook.")


class HistoryStatusOut(Schema):
    id: int
    state: Literal["preview", "queued", "running", "done", "failed"]
    percent: int
    rows_total: int
    rows_done: int
    summary: dict[str, Any] | None = Field(..., description="What was written, once done.")
    error: str
    progress_url: str


class DetailOut(Schema):
    detail: str


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = Field(default_factory=dict, description="A message per field.")
