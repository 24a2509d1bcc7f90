"""The monthly report, sent on the 1st by beat (config/celery_app.py) to each user who asked.

Beat runs the sweep hourly with local_hour=7: each zone's users get last month's report on the
1st at 07:00 their time, the month cut at their midnight. The sweep decides the month once per
zone and enqueues one task per user, as the ledger's sweeps do; each runs in its user's zone.
"""

from __future__ import annotations

from celery import shared_task
from celery.app.task import Task

from accounts.models import User
from accounts.zone_schedule import users_by_zone
from accounts.zones import activated_for
from dashboards import emails
from ledger.tasks import EMAIL_RETRY, RETRY, fan_out, sweep_days


@shared_task(**EMAIL_RETRY)
def send_monthly_report_to(self: Task, user_id: int, year: int, month: int) -> bool:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    with activated_for(user):
        return emails.send_monthly_report(user=user, year=year, month=month)


@shared_task(**RETRY)
def send_monthly_reports(
    self: Task, today: str | None = None, now: str | None = None, local_hour: int | None = None
) -> dict[str, int]:
    """On the 1st: last month's report to everyone who asked for it (see the module's doc)."""
    totals = {"queued": 0, "failed": 0}
    recipients = users_by_zone(emails.monthly_report_recipients())
    for name, day in sweep_days(recipients, today=today, now=now, local_hour=local_hour):
        if local_hour is not None and day.day != 1:
            continue
        year, month = emails.previous_month(day)
        for key, value in fan_out(send_monthly_report_to, recipients[name], year, month).items():
            totals[key] += value
    return totals
