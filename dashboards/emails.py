"""The monthly report e-mail: last month's review in short, linking to the full page.

Rendered from templates/emails/monthly_report.txt and .html, sent at most once a month per user
(accounts.mail). It is off unless the user turns it on in the ledger settings.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet

from accounts.mail import Claim, already_sent, send_once, user_message, users_with_address
from accounts.models import SentEmail, User
from dashboards.selectors import monthly_report
from ledger.selectors import ledger_settings_for
from vetting.rules import RULES_BY_CODE

REPORT_RULES_LIMIT = 3


def monthly_report_recipients() -> QuerySet[User]:
    """Users who asked for the monthly report (it is off by default)."""
    return users_with_address().filter(ledger_settings__monthly_report=True).order_by("pk")


def previous_month(today: date) -> tuple[int, int]:
    last = today.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def report_period(year: int, month: int) -> str:
    """A report's month, as "2026-11"."""
    return f"{year:04d}-{month:02d}"


def report_claim(user_id: int, year: int, month: int) -> Claim:
    """The claim of one month's report: sent once per user and month."""
    return Claim(user_id, SentEmail.Kind.REPORT, report_period(year, month))


def _rule_title(code: str) -> str:
    rule = RULES_BY_CODE.get(code)
    return str(rule.title) if rule is not None else code


def send_monthly_report(*, user: User, year: int, month: int) -> bool:
    """E-mail the month's review in short, linking to the full page. True if sent."""
    prefs = ledger_settings_for(user)
    if not (prefs.monthly_report and user.email and user.is_active):
        return False
    claim = report_claim(user.pk, year, month)
    if already_sent(claim):
        return False
    report = monthly_report(user, year, month)
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
        "rules": [{**r, "title": _rule_title(r["code"])} for r in rules],
        "review_url": f"{settings.SITE_URL}/review/{year:04d}-{month:02d}/",
    }
    message = user_message(
        user=user,
        subject=f"Your connects in {label}",
        template="monthly_report",
        context=context,
    )
    return send_once(claim, message)
