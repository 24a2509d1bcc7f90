"""The demo account `make run` creates, so a first look at Bidbook is not an empty page."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "bidbook-demo"  # printed by `make run`; the account holds made-up data only


@transaction.atomic
def demo_account_load() -> tuple[User, bool]:
    """Create the demo user and its data once; a second run changes nothing.

    Returns the user and whether anything was created.
    """
    user, created = User.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"email": "demo@example.com"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created
