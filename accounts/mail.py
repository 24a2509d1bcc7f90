"""E-mail to a user, sent at most once per period: shared by the ledger's digest and the
dashboards' monthly report.

The claims are stored in the database (accounts.SentEmail, unique per user, kind and period):
send_once inserts the row before sending, so a second worker or a retried task finds it and sends
nothing, and deletes it if sending fails, so the retry sends. Being in the database, they survive
a Redis restart and are shared by every worker process whatever the cache is. The hourly sweeps
leave out the users who have a row for the period, in one query per zone (unclaimed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import SentEmail, User


@dataclass(frozen=True)
class Claim:
    """One user's e-mail of one kind for one period ("2026-W49", "2026-11")."""

    user_id: int
    kind: str
    period: str


def users_with_address() -> QuerySet[User]:
    return User.objects.filter(is_active=True).exclude(email="")


def already_sent(claim: Claim) -> bool:
    return SentEmail.objects.filter(
        user_id=claim.user_id, kind=claim.kind, period=claim.period
    ).exists()


def unclaimed(users: QuerySet[User], kind: str, period: str) -> QuerySet[User]:
    """Those of `users` without a claim of `kind` for `period`: one query, whatever their number
    (the hourly sweeps skip the others)."""
    taken = SentEmail.objects.filter(user=OuterRef("pk"), kind=kind, period=period)
    return users.exclude(Exists(taken))


def _claim(claim: Claim, *, sending: bool) -> SentEmail | None:
    """Insert the claim's row; None if it was there already (sent, or being sent, elsewhere)."""
    try:
        # Its own savepoint: a duplicate rolls back only this insert, not the caller's work.
        with transaction.atomic():
            return SentEmail.objects.create(
                user_id=claim.user_id,
                kind=claim.kind,
                period=claim.period,
                sent_at=timezone.now() if sending else None,
            )
    except IntegrityError:
        return None


def mark_done(claim: Claim) -> None:
    """Close the period without sending (nothing to say this time), so later runs skip it."""
    _claim(claim, sending=False)


def send_once(claim: Claim, message: EmailMultiAlternatives) -> bool:
    """Send unless `claim` was sent already; True if this call sent it."""
    row = _claim(claim, sending=True)
    if row is None:
        return False
    try:
        message.send()
    except Exception:
        SentEmail.objects.filter(pk=row.pk).delete()  # let the retry send it
        raise
    return True


def user_message(
    *, user: User, subject: str, template: str, context: dict[str, Any]
) -> EmailMultiAlternatives:
    """The e-mail rendered from templates/emails/<template>.txt and .html."""
    context = {"user": user, "site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message
