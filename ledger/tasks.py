"""Background work that keeps the ledger true: grants, expiry and the weekly reminder.

Each task loads by id and calls a service; beat runs the sweeps (config/celery_app.py), and each
sweep enqueues one task per user, so one user's failure does not stop the others. Without a
broker the same tasks run in-process. Dates travel as ISO strings ("2026-01-31"): the sweep
decides "today" once per zone (the user's day, accounts.zones) and every per-user task agrees
with it; each per-user task runs in its user's zone, so any date it reads or writes is theirs.

Beat runs the sweeps every hour; one that is meant for a local moment ("the start of the day",
"07:00 on Monday") gets its hour as `local_hour` and acts on the zones where that moment has
passed in the current day or week and whose period is not done yet (accounts.zone_schedule): a
late or missed run is caught up by the next one. Called by hand (`run_scheduled`, a test)
without it, a sweep acts on every zone, each on its own today, or on the `today` it is given.

Database errors (a failover, a dropped connection) are retried with exponential backoff; every
write is idempotent (keyed entries, e-mails claimed in the database), so a retry never doubles
anything. In-process (no broker, CELERY_TASK_EAGER_PROPAGATES on) a task runs once and its error
surfaces at once; the next scheduled run tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from celery import shared_task
from celery.app.task import Task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.mail import unclaimed
from accounts.models import SentEmail, User
from accounts.zone_schedule import same_day, week_start, zone_days, zones_in_use
from accounts.zones import activated_for
from ledger import emails
from ledger.expiry import expire_due_connects
from ledger.import_lifecycle import imports_purge, imports_recover_stalled
from ledger.models import ConnectsEntry, Plan
from ledger.selectors import ledger_settings_for
from ledger.services import monthly_grant_for

logger = logging.getLogger(__name__)

DB_ERRORS = (OperationalError, InterfaceError)
RETRY: dict[str, Any] = {
    "bind": True,
    "autoretry_for": DB_ERRORS,
    "retry_backoff": True,
    "retry_kwargs": {"max_retries": 5},
}
# Sending mail can also fail for a moment (SMTP errors are OSErrors); the claim in accounts.mail
# is released first, so the retry sends.
EMAIL_RETRY: dict[str, Any] = {**RETRY, "autoretry_for": (*DB_ERRORS, OSError)}


def day_from_iso(iso: str | None) -> date:
    """The day a sweep was given; without one, today in the active zone (a per-user task runs in
    its user's zone)."""
    return date.fromisoformat(iso) if iso else timezone.localdate()


def moment_from_iso(iso: str | None) -> datetime:
    """The moment a sweep runs at: the one it was given (tests, a replay), else now."""
    if not iso:
        return timezone.now()
    moment = datetime.fromisoformat(iso)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def sweep_days(
    zones: Iterable[str],
    *,
    today: str | None,
    now: str | None,
    local_hour: int | None = None,
    period_start: Callable[[date], date] = same_day,
) -> list[tuple[str, date]]:
    """(zone, local day) for the zones this run acts on (see the module's doc)."""
    return zone_days(
        zones,
        now=moment_from_iso(now),
        local_hour=local_hour,
        period_start=period_start,
        today=date.fromisoformat(today) if today else None,
    )


def fan_out(task: Task, user_ids: Iterable[int], *args: Any) -> dict[str, int]:
    """Enqueue `task` for each user. Without a broker tasks run here, and a failure is only
    logged, so the next user still gets theirs."""
    queued = failed = 0
    for user_id in user_ids:
        try:
            task.delay(user_id, *args)
            queued += 1
        except Exception:
            failed += 1
            logger.exception("%s for user %s failed", task.name, user_id)
    return {"queued": queued, "failed": failed}


# ---------------------------------------------------------------------------------------------
# Monthly grant
# ---------------------------------------------------------------------------------------------
def users_due_a_grant(today: date) -> QuerySet[User]:
    """Users whose grant day this month has come, who joined by then and have no grant yet.

    A grant that fell before the user joined is in the balance they started with.
    """
    granted = ConnectsEntry.objects.filter(
        owner=OuterRef("pk"), idempotency_key=f"grant:{today:%Y-%m}"
    )
    first = today.replace(day=1)
    # No settings row yet means the defaults: Basic plan, grant day 1.
    defaults = Q(ledger_settings__isnull=True, date_joined__date__lte=first)
    chosen = (
        Q(ledger_settings__grant_day__lte=today.day)
        & ~Q(ledger_settings__plan=Plan.NONE)
        & (
            Q(date_joined__date__lt=first)
            | Q(date_joined__day__lte=F("ledger_settings__grant_day"))
        )
    )
    return (
        User.objects.filter(is_active=True, date_joined__date__lte=today)
        .filter(defaults | chosen)
        .exclude(Exists(granted))
        .order_by("pk")
    )


def monthly_grant_due(*, owner: User, today: date) -> ConnectsEntry | None:
    """This month's free connects if the user's grant day has come; dated on the grant day.

    None when the plan grants nothing, the day has not come, or it came before the user joined.
    Once per month whatever calls it: the entry is keyed "grant:YYYY-MM".
    """
    on = today.replace(day=ledger_settings_for(owner).grant_day)
    if on > today or on < timezone.localdate(owner.date_joined):
        return None
    result = monthly_grant_for(owner=owner, on=on)
    return result[0] if result else None


@shared_task(**RETRY)
def grant_due_for_user(self: Task, user_id: int, today: str | None = None) -> int | None:
    """Grant one user this month's free connects if due. Returns the grant entry's id."""
    owner = User.objects.filter(pk=user_id, is_active=True).first()
    if owner is None:
        return None
    with activated_for(owner):
        entry = monthly_grant_due(owner=owner, today=day_from_iso(today))
    return entry.pk if entry else None


@shared_task(**RETRY)
def grant_due_all(self: Task, today: str | None = None, now: str | None = None) -> dict[str, int]:
    """Hourly sweep: a grant task for every user whose grant is due on their own today and is
    not yet written (one query per zone in use; the join date is read in the zone too)."""
    totals = {"queued": 0, "failed": 0}
    for name, day in sweep_days(zones_in_use(), today=today, now=now):
        with activated_for(name):
            ids = list(users_due_a_grant(day).filter(time_zone=name).values_list("pk", flat=True))
        add_totals(totals, fan_out(grant_due_for_user, ids, day.isoformat()))
    return totals


def add_totals(totals: dict[str, int], more: dict[str, int]) -> None:
    """Fold one fan_out's counts into a sweep's totals."""
    for key, value in more.items():
        totals[key] = totals.get(key, 0) + value


# ---------------------------------------------------------------------------------------------
# Expiry
# ---------------------------------------------------------------------------------------------
@shared_task(**RETRY)
def expire_connects_for_user(self: Task, user_id: int, today: str | None = None) -> list[int]:
    """Write one user's due expiry entries. Returns the ids of the entries written."""
    owner = User.objects.filter(pk=user_id).first()
    if owner is None:
        return []
    with activated_for(owner):
        written = expire_due_connects(owner=owner, today=day_from_iso(today))
    return [entry.pk for entry in written]


# The last local day each zone's expiry ran for under beat; a best effort (a lost cache means
# one more run, and expiry is idempotent), so the hourly sweep does each zone once a day.
EXPIRY_DONE = "bidbook:expiry:done:{zone}"
EXPIRY_DONE_TIMEOUT = 3 * 24 * 3600


@shared_task(**RETRY)
def expire_connects_all(
    self: Task, today: str | None = None, now: str | None = None, local_hour: int | None = None
) -> dict[str, int]:
    """An expiry task for every user holding connects issued a year ago or more. Beat runs it
    hourly with local_hour=0: each zone whose local day has begun since its last run, so a late
    or missed run is done by the next one (by hand, every zone each time)."""
    totals = {"queued": 0, "failed": 0}
    days = sweep_days(zones_in_use(), today=today, now=now, local_hour=local_hour)
    done: dict[str, str] = {}
    if local_hour is not None:
        done = cache.get_many([EXPIRY_DONE.format(zone=name) for name, _ in days])
    for name, day in days:
        marker = EXPIRY_DONE.format(zone=name)
        if done.get(marker) == day.isoformat():
            continue
        # A connect expires a year after issue, and a year is at least 365 days.
        old_lots = ConnectsEntry.objects.filter(
            owner=OuterRef("pk"), connects__gt=0, occurred_on__lte=day - timedelta(days=365)
        )
        users = User.objects.filter(Exists(old_lots), time_zone=name).order_by("pk")
        result = fan_out(
            expire_connects_for_user, users.values_list("pk", flat=True), day.isoformat()
        )
        add_totals(totals, result)
        if local_hour is not None and not result["failed"]:
            cache.set(marker, day.isoformat(), timeout=EXPIRY_DONE_TIMEOUT)
    return totals


# ---------------------------------------------------------------------------------------------
# E-mails
# ---------------------------------------------------------------------------------------------
@shared_task(**EMAIL_RETRY)
def send_weekly_digest_to(self: Task, user_id: int, today: str | None = None) -> bool:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    with activated_for(user):
        return emails.send_weekly_digest(user=user, today=day_from_iso(today))


@shared_task(**RETRY)
def send_weekly_digests(
    self: Task, today: str | None = None, now: str | None = None, local_hour: int | None = None
) -> dict[str, int]:
    """The digest of applications waiting too long, to those who keep it on. Beat runs it hourly
    with local_hour=7: each zone's users from Monday 07:00 their time to the end of that ISO
    week, leaving out those whose week's digest is done (sent, or nothing was overdue)."""
    totals = {"queued": 0, "failed": 0}
    recipients = emails.weekly_digest_recipients()
    zones = sweep_days(
        zones_in_use(recipients),
        today=today,
        now=now,
        local_hour=local_hour,
        period_start=week_start,
    )
    for name, day in zones:
        # One query per zone: its recipients without this week's claim.
        users = unclaimed(
            recipients.filter(time_zone=name), SentEmail.Kind.DIGEST, emails.digest_period(day)
        )
        ids = list(users.values_list("pk", flat=True))
        add_totals(totals, fan_out(send_weekly_digest_to, ids, day.isoformat()))
    return totals


# ---------------------------------------------------------------------------------------------
# Imports: lost workers and storage (ledger.import_lifecycle)
# ---------------------------------------------------------------------------------------------
@shared_task(**RETRY)
def recover_stalled_imports(self: Task) -> dict[str, int]:
    """Every 30 s: imports whose worker went silent are sent again once, then failed."""
    return imports_recover_stalled()


@shared_task(**RETRY)
def purge_old_imports(self: Task) -> dict[str, int]:
    """Daily: unconfirmed previews and failed imports older than 7 days are deleted."""
    return imports_purge()
