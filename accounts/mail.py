"""E-mail to a user, sent at most once per period: shared by the ledger's digest and the
dashboards' monthly report.

Sending at most once per user and period is a best effort through the cache: `cache.add` claims
the period before sending and the claim is released if sending fails, so a retried task does not
send twice. It holds across workers only when they share the cache (CACHE_URL pointing at Redis
in production); a lost cache at worst repeats one e-mail, which is why no table records it.
The hourly sweeps read the same claims to leave out the users whose period is done.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.template.loader import render_to_string

from accounts.models import User

_CLAIM_TIMEOUT = 40 * 24 * 3600  # longer than any period claimed


def users_with_address() -> QuerySet[User]:
    return User.objects.filter(is_active=True).exclude(email="")


def already_sent(claim: str) -> bool:
    return cache.get(claim) is not None


def claimed(claims: list[str]) -> set[str]:
    """Those of `claims` already taken, in one cache round trip (the hourly sweeps skip them)."""
    return set(cache.get_many(claims)) if claims else set()


def mark_done(claim: str) -> None:
    """Close the period without sending (nothing to say this time), so later runs skip it."""
    cache.add(claim, False, timeout=_CLAIM_TIMEOUT)


def send_once(claim: str, message: EmailMultiAlternatives) -> bool:
    """Send unless `claim` was sent already; True if this call sent it."""
    if not cache.add(claim, True, timeout=_CLAIM_TIMEOUT):
        return False
    try:
        message.send()
    except Exception:
        cache.delete(claim)  # let the retry send it
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
