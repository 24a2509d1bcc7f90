"""Commands print and read dates in the user's zone, as the pages do."""

from __future__ import annotations

import io
from datetime import UTC, datetime

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


def test_a_moment_without_an_offset_is_the_users_local_time() -> None:
    """A user in Auckland typing "--as-of 2026-12-01T00:30" means half past midnight there, as
    the settings form would read it: 11:30 UTC the day before."""
    user = UserFactory(username="erin", time_zone="Pacific/Auckland")
    out = io.StringIO()

    call_command(
        "set_starting_balance", "--user", "erin", "100", "--as-of", "2026-12-01T00:30", stdout=out
    )

    settings = user.ledger_settings
    assert settings.starting_balance_as_of == datetime(2026, 11, 30, 11, 30, tzinfo=UTC)
    assert "100 connects as of Dec 01, 2026 00:30 NZDT" in out.getvalue()


def test_a_date_alone_is_the_start_of_the_users_day() -> None:
    user = UserFactory(username="ana", time_zone="America/Sao_Paulo")

    call_command(
        "set_starting_balance", "--user", "ana", "7", "--as-of", "2026-11-30", stdout=io.StringIO()
    )

    assert user.ledger_settings.starting_balance_as_of == datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
