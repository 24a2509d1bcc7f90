"""The Celery application, wired the standard way: settings under CELERY_*, tasks autodiscovered.

The beat schedule is declared here, in code, so it is reviewed like code. Beat's own times are
in CELERY_TIMEZONE (the project's TIME_ZONE, UTC unless DJANGO_TIME_ZONE says otherwise), but
what users see happens in *their* zone: the sweeps meant for a local hour run at the top of every
hour with `local_hour`, and each acts on the zones where that hour has passed in the current day,
week or month and the period is not done yet (accounts.zone_schedule), so a late or lost run is
caught up by the next. Every scheduled task is idempotent, so a beat restarted mid-period or run
twice does no harm.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# How often beat runs the stalled-imports sweep; ledger.import_heartbeat counts on it.
SWEEP_SECONDS = 30.0

# The local hours of the sweeps that follow the user's zone, passed to them as `local_hour`.
EXPIRY_LOCAL_HOUR = 0  # once the user's day has begun
DIGEST_LOCAL_HOUR = 7  # from Monday, 07:00 where the user is, to the end of that week
REPORT_LOCAL_HOUR = 7  # from the 1st, 07:00 where the user is, to the end of that month

app = Celery("bidbook")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Hourly rather than daily: a grant missed while the worker was down lands within the hour,
    # and users with no grant due are filtered out in one query.
    "monthly-grants-due": {
        "task": "ledger.tasks.grant_due_all",
        "schedule": crontab(minute=5),
    },
    # Hourly, for the zones whose day has begun since their last run (a zone's "today" moves on).
    "connects-expiry": {
        "task": "ledger.tasks.expire_connects_all",
        "schedule": crontab(minute=0),
        "kwargs": {"local_hour": EXPIRY_LOCAL_HOUR},
    },
    # Hourly; the task keeps the zones past Monday 07:00 and the users without this week's.
    "weekly-digest": {
        "task": "ledger.tasks.send_weekly_digests",
        "schedule": crontab(minute=0),
        "kwargs": {"local_hour": DIGEST_LOCAL_HOUR},
    },
    # An import whose worker died is sent again, or failed with a sentence, within minutes
    # (ledger/import_heartbeat.py has the arithmetic); the sweep is one indexed query.
    "stalled-imports": {
        "task": "ledger.tasks.recover_stalled_imports",
        "schedule": SWEEP_SECONDS,
    },
    "purge-old-imports": {
        "task": "ledger.tasks.purge_old_imports",
        "schedule": crontab(hour=3, minute=30),
    },
    # Hourly; the task keeps the zones past the 1st, 07:00 and the users without last month's.
    "monthly-report": {
        "task": "dashboards.tasks.send_monthly_reports",
        "schedule": crontab(minute=0),
        "kwargs": {"local_hour": REPORT_LOCAL_HOUR},
    },
}
