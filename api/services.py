"""Every write of the API app: tokens made, revoked and marked as used."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from api.keys import display_prefix, new_token, token_hash
from api.models import ApiToken

NAME_MAX = 100
# Enough for every browser and script a freelancer runs; a bound keeps the table small.
MAX_ACTIVE_TOKENS = 20
# "Last used" is shown to the minute: a busy extension need not write a row on every request.
TOUCH_EVERY = timedelta(minutes=1)


class ApiTokenError(ValueError):
    """A token write the app refuses, with a message fit for the user."""


@transaction.atomic
def api_token_create(*, owner: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``owner``: the row, and the token itself, which is never stored.

    The caller shows the token once; afterwards only its prefix can be seen.
    """
    name = " ".join(name.split())
    if not name:
        raise ApiTokenError("Give the token a name, like “Chrome on my laptop”.")
    if len(name) > NAME_MAX:
        raise ApiTokenError(f"A token's name is at most {NAME_MAX} characters.")
    # The lock on the user row makes the count below hold when two tokens are made at once.
    User.objects.select_for_update().filter(pk=owner.pk).first()
    active = ApiToken.objects.filter(owner=owner, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ApiTokenError(
            f"You have {active} active tokens, the most Bidbook keeps: revoke one you no "
            "longer use first."
        )
    token = new_token()
    row = ApiToken.objects.create(
        owner=owner, name=name, key_hash=token_hash(token), prefix=display_prefix(token)
    )
    return row, token


def api_token_revoke(*, owner: User, token: ApiToken) -> ApiToken:
    """Revoke one of the owner's tokens; revoking it again keeps the first moment."""
    if token.owner_id != owner.pk:
        raise ApiTokenError("That token is not yours.")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken, now: datetime) -> None:
    """Record that the token was used, at most once a minute (a guarded UPDATE, no race)."""
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_EVERY)
    ).update(last_used_at=now)
    token.last_used_at = now
