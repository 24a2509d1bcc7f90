from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from ledger import services
from ledger.models import ConnectsEntry, EntryKind

pytestmark = pytest.mark.django_db


def test_it_grants_what_is_due_and_expires_what_is_old_once(alice: User) -> None:
    alice.date_joined = timezone.make_aware(datetime(2024, 1, 1))
    alice.save()
    services.connects_purchase(
        owner=alice, connects=40, usd_paid=Decimal("6.00"), occurred_on=date(2025, 1, 5)
    )
    for _ in range(2):
        call_command("run_scheduled", "--today", "2026-01-10", stdout=StringIO())
    grants = ConnectsEntry.objects.filter(owner=alice, kind=EntryKind.MONTHLY_GRANT)
    expiries = ConnectsEntry.objects.filter(owner=alice, kind=EntryKind.EXPIRY)
    assert list(grants.values_list("connects", "occurred_on")) == [(10, date(2026, 1, 1))]
    assert list(expiries.values_list("connects", "occurred_on")) == [(-40, date(2026, 1, 5))]
