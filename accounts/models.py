from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models

from accounts.usernames import username_key
from accounts.zones import DEFAULT_ZONE, validate_zone


class User(AbstractUser):
    """A Bidbook user. Our own model from day one, so adding fields never needs a data migration
    of auth.User; per-feature settings live in their apps (vetting, ledger) as one-to-one rows."""

    # Derived from `username` (accounts.usernames); indexed so sign-up finds a look-alike of an
    # existing name in one query.
    username_key = models.CharField(max_length=600, db_index=True, editable=False, default="")

    # An IANA name ("Pacific/Auckland"): every "today", day and month boundary shown to the user
    # is read in it (accounts.zones); moments are stored in UTC whatever it is.
    # Indexed: the hourly sweeps pick the users of one zone (accounts.zone_schedule).
    time_zone = models.CharField(
        max_length=64,
        default=DEFAULT_ZONE,
        db_index=True,
        validators=[validate_zone],
        help_text="Dates, “today” and month boundaries are shown in this zone.",
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Kept with the name it is derived from: sign-up, the admin, createsuperuser and the demo
        # all create or rename users through save(), so the key can never lag behind the name.
        self.username_key = username_key(self.get_username() or "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "username_key"}
        super().save(*args, **kwargs)
