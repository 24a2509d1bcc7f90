"""Which application outcome returns the connects it cost: Upwork's rule, in one table.

Upwork help, "Returned Connects" (article 42460467513747): connects come back when the client
closes the job before hiring anyone or Upwork removes the post; not when someone else is hired,
the proposal is declined, the job expires or the freelancer withdraws. A rule change upstream is a
one-line change here.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Outcome(models.TextChoices):
    HIRED = "hired", "Hired (I won it)"
    HIRED_SOMEONE_ELSE = "hired_someone_else", "Someone else hired"
    DECLINED = "declined", "Declined / archived"
    EXPIRED = "expired", "Job expired"
    CLIENT_CANCELLED = "client_cancelled", "Client closed it without hiring"
    REMOVED_BY_UPWORK = "removed_by_upwork", "Removed by Upwork"
    WITHDRAWN = "withdrawn", "I withdrew"


class Fate(StrEnum):
    """What happened to the connects an application cost."""

    PENDING = "pending"
    REFUNDED = "refunded"
    LOST = "lost"
    WON = "won"


FATE_OF_OUTCOME: dict[Outcome, Fate] = {
    Outcome.HIRED: Fate.WON,
    Outcome.HIRED_SOMEONE_ELSE: Fate.LOST,
    Outcome.DECLINED: Fate.LOST,
    Outcome.EXPIRED: Fate.LOST,
    Outcome.CLIENT_CANCELLED: Fate.REFUNDED,
    Outcome.REMOVED_BY_UPWORK: Fate.REFUNDED,
    Outcome.WITHDRAWN: Fate.LOST,
}

OUTCOME_CODES: tuple[str, ...] = tuple(o.value for o in Outcome)


def fate_of(outcome: str | None) -> Fate:
    """The fate of an application's connects; no outcome yet means pending."""
    if not outcome:
        return Fate.PENDING
    return FATE_OF_OUTCOME[Outcome(outcome)]


def outcomes_with_fate(fate: Fate) -> list[str]:
    return [o.value for o, f in FATE_OF_OUTCOME.items() if f is fate]
