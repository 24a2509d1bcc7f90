"""The monthly report, sent on the 1st by beat (config/celery_app.py) to each user who asked.

Beat runs the sweep hourly with local_hour=7: each zone's users get last month's report on the
1st at 07:00 their time, the month cut at their midnight, or at the first run after it that month
when beat or the worker was late; those who had it already are left out (their claim, a row in
the database written by accounts.mail, is taken). The sweep decides the month once per zone and
enqueues one task per user, as the ledger's sweeps do; each runs in its user's zone.
"""

from __future__ import annotations

from celery import shared_task
from celery.app.task import Task

from accounts.mail import unclaimed
from accounts.models import SentEmail, User
from accounts.zone_schedule import month_start, zones_in_use
from accounts.zones import activated_for
from dashboards import emails
from ledger.tasks import EMAIL_RETRY, RETRY, add_totals, fan_out, sweep_days


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
    """From the 1st: last month's report to everyone who asked and has not had it yet (see the
    module's doc)."""
    totals = {"queued": 0, "failed": 0}
    recipients = emails.monthly_report_recipients()
    zones = sweep_days(
        zones_in_use(recipients),
        today=today,
        now=now,
        local_hour=local_hour,
        period_start=month_start,
    )
    for name, day in zones:
        year, month = emails.previous_month(day)
        # One query per zone: its recipients without this month's claim.
        users = unclaimed(
            recipients.filter(time_zone=name),
            SentEmail.Kind.REPORT,
            emails.report_period(year, month),
        )
        ids = list(users.values_list("pk", flat=True))
        add_totals(totals, fan_out(send_monthly_report_to, ids, year, month))
    return totals
