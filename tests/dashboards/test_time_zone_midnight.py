"""Midnight where the user is, not in UTC: Auckland runs ahead of UTC, Los Angeles behind.

An application logged at 23:30 local time lands on that local day and month in the form's
default, the review, the dashboard and the export, while UTC's calendar already says otherwise.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.test import Client

from accounts.models import User
from dashboards.periods import Month
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Clock = Callable[[datetime], None]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Sets the moment Django's timezone.now() (and so localdate()) answers."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return set_now


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form_date(client: Client) -> str:
    """The "Date sent" the new-application form proposes."""
    form = client.get("/applications/new/").context["form"]
    return str(form["submitted_on"].value())


def _log(client: Client, title: str, day: str) -> None:
    response = client.post(
        "/applications/new/",
        {"job_title": title, "submitted_on": day, "connects_paid": "16", "boost_connects": "0"},
    )
    assert response.status_code == 302, response.context["form"].errors


def _exported_applications(client: Client) -> list[tuple[str, str]]:
    response = client.get("/settings/export/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    rows = csv.DictReader(io.StringIO(archive.read("applications.csv").decode("utf-8-sig")))
    return sorted((row["job_title"], row["submitted_on"]) for row in rows)


def _exported_zone(client: Client) -> str:
    archive = zipfile.ZipFile(io.BytesIO(client.get("/settings/export/").content))
    return str(json.loads(archive.read("settings.json"))["account"]["time_zone"])


class TestLosAngeles:
    """23:30 on Nov 30 in Los Angeles is 07:30 on Dec 1 in UTC."""

    MOMENT = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)

    def test_an_application_at_2330_lands_on_november_30th(self, clock: Clock) -> None:
        clock(self.MOMENT)
        carol = UserFactory(username="carol", time_zone="America/Los_Angeles")
        client = _client(carol)

        assert _form_date(client) == "2026-11-30"
        _log(client, "Late-night proposal", "2026-11-30")

        # The review opens on November, which has it, and links to no month after it.
        assert client.get("/review/")["Location"] == "/review/2026-11/"
        november = client.get("/review/2026-11/")
        assert november.context["data"].count == 1
        assert november.context["data"].fates.spent == 16
        assert november.context["next"] is None
        # The dashboard's "this month" is November too.
        home = client.get("/")
        assert home.context["month"] == Month(2026, 11)
        assert home.context["data"].count == 1
        assert home.context["data"].fates.spent == 16
        # The export has the local day, and the file is named for it.
        assert _exported_applications(client) == [("Late-night proposal", "2026-11-30")]
        assert (
            "bidbook-carol-2026-11-30.zip" in client.get("/settings/export/")["Content-Disposition"]
        )
        assert _exported_zone(client) == "America/Los_Angeles"

    def test_utcs_today_is_still_tomorrow_there(self, clock: Clock) -> None:
        clock(self.MOMENT)
        carol = UserFactory(username="carol", time_zone="America/Los_Angeles")
        dave = UserFactory(username="dave")  # UTC, the default

        response = _client(carol).post(
            "/applications/new/",
            {"job_title": "X", "submitted_on": "2026-12-01", "connects_paid": "16"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["submitted_on"] == [
            "The date cannot be in the future."
        ]
        assert _form_date(_client(dave)) == "2026-12-01"


class TestAuckland:
    """23:30 on Nov 30 in Auckland is 10:30 on Nov 30 in UTC; an hour later Auckland is in
    December while UTC is still in November."""

    BEFORE_MIDNIGHT = datetime(2026, 11, 30, 10, 30, tzinfo=UTC)
    AFTER_MIDNIGHT = datetime(2026, 11, 30, 11, 30, tzinfo=UTC)

    def test_two_applications_on_one_utc_day_land_in_two_months(self, clock: Clock) -> None:
        erin = UserFactory(username="erin", time_zone="Pacific/Auckland")
        client = _client(erin)

        clock(self.BEFORE_MIDNIGHT)
        assert _form_date(client) == "2026-11-30"
        _log(client, "Before midnight", "2026-11-30")

        clock(self.AFTER_MIDNIGHT)
        assert _form_date(client) == "2026-12-01"
        _log(client, "After midnight", "2026-12-01")

        assert client.get("/review/")["Location"] == "/review/2026-12/"
        november = client.get("/review/2026-11/")
        december = client.get("/review/2026-12/")
        assert (november.context["data"].count, december.context["data"].count) == (1, 1)
        assert november.context["next"] == Month(2026, 12)
        assert december.context["next"] is None
        home = client.get("/")
        assert home.context["month"] == Month(2026, 12)
        assert (home.context["data"].count, home.context["data"].fates.spent) == (1, 16)
        assert home.context["overall"].count == 2
        assert _exported_applications(client) == [
            ("After midnight", "2026-12-01"),
            ("Before midnight", "2026-11-30"),
        ]

    def test_a_utc_user_at_the_same_moment_is_still_in_november(self, clock: Clock) -> None:
        clock(self.AFTER_MIDNIGHT)
        dave = UserFactory(username="dave")
        client = _client(dave)

        assert _form_date(client) == "2026-11-30"
        response = client.post(
            "/applications/new/",
            {"job_title": "X", "submitted_on": "2026-12-01", "connects_paid": "16"},
        )
        assert response.context["form"].errors["submitted_on"] == [
            "The date cannot be in the future."
        ]
        assert client.get("/").context["month"] == Month(2026, 11)
