"""Commands print and read dates in the user's zone, as the pages do."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_starting_balance_is_printed_at_the_users_time() -> None:
    UserFactory(username="erin", time_zone="Pacific/Auckland")
    out = io.StringIO()

    call_command(
        "set_starting_balance",
        "--user",
        "erin",
        "100",
        "--as-of",
        "2026-11-30T11:30:00Z",
        stdout=out,
    )

    assert "100 connects as of Dec 01, 2026 00:30 NZDT" in out.getvalue()
    assert timezone.get_current_timezone_name() == "UTC"  # the zone ends with the command


def test_a_utc_user_sees_the_same_moment_in_utc() -> None:
    UserFactory(username="dave")
    out = io.StringIO()

    call_command(
        "set_starting_balance",
        "--user",
        "dave",
        "100",
        "--as-of",
        "2026-11-30T11:30:00Z",
        stdout=out,
    )

    assert "100 connects as of Nov 30, 2026 11:30 UTC" in out.getvalue()
