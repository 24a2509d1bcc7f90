"""The weekly digest of applications waiting too long for an outcome.

Rendered from templates/emails/weekly_digest.txt and .html, sent at most once a week per user
(accounts.mail). The monthly report, which reads the dashboards, lives in dashboards.emails.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.mail import (
    Claim,
    already_sent,
    mark_done,
    send_once,
    user_message,
    users_with_address,
)
from accounts.models import SentEmail, User
from ledger.models import Application
from ledger.reminders import pending_applications
from ledger.selectors import ledger_settings_for

DIGEST_LIST_LIMIT = 20


def weekly_digest_recipients() -> QuerySet[User]:
    """Users who may get a digest: it is on (the default) and they have a pending application.

    Whether one of those applications is old enough depends on each user's reminder_days, so
    send_weekly_digest decides the rest.
    """
    pending = Application.objects.filter(owner=OuterRef("pk"), outcome="")
    return (
        users_with_address()
        .filter(Q(ledger_settings__isnull=True) | Q(ledger_settings__weekly_digest=True))
        .filter(Exists(pending))
        .order_by("pk")
    )


def digest_period(today: date) -> str:
    """The ISO week `today` is in, as "2026-W49"."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def digest_claim(user_id: int, today: date) -> Claim:
    """The claim of the ISO week `today` is in: one digest per user and week."""
    return Claim(user_id, SentEmail.Kind.DIGEST, digest_period(today))


def send_weekly_digest(*, user: User, today: date) -> bool:
    """E-mail the applications waiting too long for an outcome. True if an e-mail was sent.

    Nothing is sent when the digest is off, the user has no address or nothing is overdue.
    """
    prefs = ledger_settings_for(user)
    if not (prefs.weekly_digest and user.email and user.is_active):
        return False
    claim = digest_claim(user.pk, today)
    if already_sent(claim):
        return False
    overdue = list(pending_applications(user, today))
    if not overdue:
        # The week is done: the digest comes on Monday (or the first run after), not midweek
        # when an application turns overdue, and later runs this week skip the user.
        mark_done(claim)
        return False
    count = len(overdue)
    subject = (
        f"{count} application{'s' if count != 1 else ''} waiting for an outcome "
        f"for over {prefs.reminder_days} days"
    )
    context = {
        "count": count,
        "reminder_days": prefs.reminder_days,
        "applications": [
            {
                "title": app.job_title,
                "url": app.job_url,
                "submitted_on": app.submitted_on,
                "days": (today - app.submitted_on).days,
                "connects": app.connects_paid + app.boost_connects,
            }
            for app in overdue[:DIGEST_LIST_LIMIT]
        ],
        "more": max(0, count - DIGEST_LIST_LIMIT),
        "connects": sum(app.connects_paid + app.boost_connects for app in overdue),
    }
    message = user_message(user=user, subject=subject, template="weekly_digest", context=context)
    return send_once(claim, message)
