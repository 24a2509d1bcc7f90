"""The weekly digest of applications waiting too long, and the monthly report e-mail.

Each e-mail is rendered from a plain-text and an HTML template under templates/emails/.

Sending at most once per user and period is a best effort through the cache: `cache.add` claims
the period before sending and the claim is released if sending fails, so a retried task does not
send twice. It holds across workers only when they share the cache (CACHE_URL pointing at Redis
in production); a lost cache at worst repeats one e-mail, which is why no table records it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string

from accounts.models import User
from ledger.models import Application
from ledger.reminders import pending_applications
from ledger.services import ledger_settings_for

DIGEST_LIST_LIMIT = 20
REPORT_RULES_LIMIT = 3
_CLAIM_TIMEOUT = 40 * 24 * 3600  # longer than any period claimed


def _with_address() -> QuerySet[User]:
    return User.objects.filter(is_active=True).exclude(email="")


def weekly_digest_recipients() -> QuerySet[User]:
    """Users who may get a digest: it is on (the default) and they have a pending application.

    Whether one of those applications is old enough depends on each user's reminder_days, so
    send_weekly_digest decides the rest.
    """
    pending = Application.objects.filter(owner=OuterRef("pk"), outcome="")
    return (
        _with_address()
        .filter(Q(ledger_settings__isnull=True) | Q(ledger_settings__weekly_digest=True))
        .filter(Exists(pending))
        .order_by("pk")
    )


def monthly_report_recipients() -> QuerySet[User]:
    """Users who asked for the monthly report (it is off by default)."""
    return _with_address().filter(ledger_settings__monthly_report=True).order_by("pk")


def _sent(claim: str) -> bool:
    return cache.get(claim) is not None


def _send_once(claim: str, message: EmailMultiAlternatives) -> bool:
    if not cache.add(claim, True, timeout=_CLAIM_TIMEOUT):
        return False
    try:
        message.send()
    except Exception:
        cache.delete(claim)  # let the retry send it
        raise
    return True


def _message(
    *, user: User, subject: str, template: str, context: dict[str, Any]
) -> EmailMultiAlternatives:
    context = {"user": user, "site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def send_weekly_digest(*, user: User, today: date) -> bool:
    """E-mail the applications waiting too long for an outcome. True if an e-mail was sent.

    Nothing is sent when the digest is off, the user has no address or nothing is overdue.
    """
    prefs = ledger_settings_for(user)
    if not (prefs.weekly_digest and user.email and user.is_active):
        return False
    year, week, _ = today.isocalendar()
    claim = f"bidbook:email:weekly-digest:{user.pk}:{year}-W{week:02d}"
    if _sent(claim):
        return False
    overdue = list(pending_applications(user, today))
    if not overdue:
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
    message = _message(user=user, subject=subject, template="weekly_digest", context=context)
    return _send_once(claim, message)


def _rule_titles() -> dict[str, str]:
    try:
        from vetting.rules import RULES
    except ImportError:  # the e-mail still works with the codes
        return {}
    return {rule.code: str(getattr(rule, "title", rule.code)) for rule in RULES}


def previous_month(today: date) -> tuple[int, int]:
    last = today.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def send_monthly_report(*, user: User, year: int, month: int) -> bool:
    """E-mail last month's review in short, linking to the full page. True if sent."""
    from dashboards.selectors import monthly_report  # dashboards depends on ledger, not back

    prefs = ledger_settings_for(user)
    if not (prefs.monthly_report and user.email and user.is_active):
        return False
    claim = f"bidbook:email:monthly-report:{user.pk}:{year:04d}-{month:02d}"
    if _sent(claim):
        return False
    report = monthly_report(user, year, month)
    titles = _rule_titles()
    rules = sorted(
        (r for r in report["rules"] if r["failed_applications"]),
        key=lambda r: (-r["connects_lost"], r["code"]),
    )[:REPORT_RULES_LIMIT]
    win_rate = report["applications"]["win_rate"]
    label = date(year, month, 1).strftime("%B %Y")
    context = {
        "report": report,
        "label": label,
        "win_rate": None if win_rate is None else round(100 * win_rate),
        "rules": [{**r, "title": titles.get(r["code"], r["code"])} for r in rules],
        "review_url": f"{settings.SITE_URL}/review/{year:04d}-{month:02d}/",
    }
    message = _message(
        user=user,
        subject=f"Your connects in {label}",
        template="monthly_report",
        context=context,
    )
    return _send_once(claim, message)
