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


class SentEmail(models.Model):
    """A periodic e-mail's claim: one row per user, kind and period, so the weekly digest and the
    monthly report go out at most once each even when the cache is lost (accounts.mail).

    A row is written before sending and deleted if sending fails, so a retry can send. A row
    without `sent_at` closes the period without an e-mail (the digest had nothing overdue).
    """

    class Kind(models.TextChoices):
        DIGEST = "digest", "Weekly digest"
        REPORT = "report", "Monthly report"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sent_emails")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The ISO week ("2026-W49") of a digest, the month ("2026-11") of a report.
    period = models.CharField(max_length=16)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Its index (user, kind, period) also serves the sweeps' "has this user a row" query.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="sent_email_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} to user {self.user_id}"
