"""The monthly report, sent on the 1st by beat (config/celery_app.py) to each user who asked.

The sweep decides the month once and enqueues one task per user, as the ledger's sweeps do.
"""

from __future__ import annotations

from celery import shared_task
from celery.app.task import Task

from accounts.models import User
from dashboards import emails
from ledger.tasks import EMAIL_RETRY, RETRY, day_from_iso, fan_out


@shared_task(**EMAIL_RETRY)
def send_monthly_report_to(self: Task, user_id: int, year: int, month: int) -> bool:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    return emails.send_monthly_report(user=user, year=year, month=month)


@shared_task(**RETRY)
def send_monthly_reports(self: Task, today: str | None = None) -> dict[str, int]:
    """On the 1st: last month's report to everyone who asked for it."""
    year, month = emails.previous_month(day_from_iso(today))
    ids = emails.monthly_report_recipients().values_list("pk", flat=True)
    return fan_out(send_monthly_report_to, list(ids), year, month)
