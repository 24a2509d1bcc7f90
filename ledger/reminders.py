"""Applications waiting too long for an outcome: the dashboard's list and the weekly digest."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from accounts.models import User
from ledger.models import Application
from ledger.selectors import ledger_settings_for


def pending_applications(
    owner: User, today: date, days: int | None = None
) -> QuerySet[Application]:
    """Applications with no outcome submitted `days` or more days ago, oldest first.

    `days` defaults to the user's own setting (reminder_days, 30 unless changed).
    """
    if days is None:
        days = ledger_settings_for(owner).reminder_days
    return Application.objects.filter(
        owner=owner, outcome="", submitted_on__lte=today - timedelta(days=days)
    ).order_by("submitted_on", "id")
