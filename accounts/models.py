from __future__ import annotations

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A Bidbook user. Our own model from day one, so adding fields never needs a data migration
    of auth.User; per-feature settings live in their apps (vetting, ledger) as one-to-one rows."""
