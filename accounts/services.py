"""Writes on the account itself: its time zone; deleting it, with everything in it."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.zones import validate_zone


class AccountError(Exception):
    """A change to the account that was refused; the message says why, for the user."""


@transaction.atomic
def account_delete(*, user: User, password: str) -> None:
    """Delete the user and, by the foreign keys' cascades, every row of theirs in every app.

    Nothing is written around the ledger's writer: the entries go because their owner does
    (append-only holds for a living account). The password is asked again so a session left
    open on a shared computer cannot erase an account.
    """
    if not user.check_password(password):
        raise AccountError("That is not your password: nothing was deleted.")
    user.delete()


def user_time_zone_set(*, user: User, time_zone: str) -> User:
    """Save the user's zone (an IANA name, validated like every other way in)."""
    validate_zone(time_zone)
    user.time_zone = time_zone
    user.save(update_fields=["time_zone"])
    return user
