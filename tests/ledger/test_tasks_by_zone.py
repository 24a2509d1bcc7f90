"""Scheduled work in each user's zone: beat runs the sweeps hourly, each zone at its own hour.

Expiry runs in the first hour of the zone's day, the weekly digest on Monday at 07:00 local, the
monthly report on the 1st at 07:00 local; grants are due on the user's own today. Running a
sweep twice does nothing twice.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import User
from accounts.zone_schedule import day_at_hour, users_by_zone, zone_days, zones_in_use
from dashboards import tasks as dashboard_tasks
from ledger import tasks
from ledger.models import ConnectsEntry, EntryKind
from tests.dashboards.test_emails import patch_monthly_report
from tests.factories import ApplicationFactory, EntryFactory
from tests.ledger.test_tasks import _member

AUCKLAND = "Pacific/Auckland"  # UTC+13 in (southern) summer
LOS_ANGELES = "America/Los_Angeles"  # UTC-8 in winter


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _in(zone: str, username: str, **prefs: object) -> User:
    user = _member(username, **prefs)
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    return user


class TestTheHourOfAZone:
    def test_midnight_in_auckland_is_11_utc_the_day_before(self) -> None:
        assert day_at_hour(AUCKLAND, _at("2026-11-30T11:00"), 0) == date(2026, 12, 1)
        assert day_at_hour(AUCKLAND, _at("2026-11-30T11:59"), 0) == date(2026, 12, 1)
        assert day_at_hour(AUCKLAND, _at("2026-11-30T10:00"), 0) is None
        assert day_at_hour(AUCKLAND, _at("2026-11-30T12:00"), 0) is None

    def test_midnight_in_los_angeles_is_8_utc(self) -> None:
        assert day_at_hour(LOS_ANGELES, _at("2026-12-01T08:00"), 0) == date(2026, 12, 1)
        assert day_at_hour(LOS_ANGELES, _at("2026-12-01T00:00"), 0) is None

    def test_a_zone_half_an_hour_off_is_matched_at_its_hh30(self) -> None:
        # 07:00 in Kolkata (UTC+5:30) is 01:30 UTC: the 02:00 run is inside that hour.
        assert day_at_hour("Asia/Kolkata", _at("2026-02-16T02:00"), 7) == date(2026, 2, 16)
        assert day_at_hour("Asia/Kolkata", _at("2026-02-16T01:00"), 7) is None

    def test_a_midnight_the_clocks_skip_is_still_matched(self) -> None:
        # Santiago goes from 23:59 on Sep 5 straight to 01:00 on Sep 6, 2026 (04:00 UTC).
        assert day_at_hour("America/Santiago", _at("2026-09-06T04:00"), 0) == date(2026, 9, 6)

    @pytest.mark.parametrize("hour", [0, 7])
    def test_hourly_runs_match_each_local_day_exactly_once_over_a_year(self, hour: int) -> None:
        zones = [AUCKLAND, LOS_ANGELES, "Asia/Kolkata", "Asia/Kathmandu", "America/Santiago",
                 "Europe/London", "Pacific/Chatham", "UTC"]  # fmt: skip
        moment, end = _at("2026-01-02T00:00"), _at("2026-12-30T00:00")
        matched: dict[str, Counter[date]] = {zone: Counter() for zone in zones}
        while moment < end:
            for zone, day in zone_days(zones, now=moment, local_hour=hour):
                matched[zone][day] += 1
            moment += timedelta(hours=1)
        for zone in zones:
            days = matched[zone]
            assert set(days.values()) == {1}, zone
            assert len(days) in (361, 362), zone  # Jan 2 .. Dec 29 or 30 depending on offset

    def test_a_given_day_applies_to_every_zone(self) -> None:
        assert zone_days(
            [AUCKLAND, "UTC"], now=_at("2026-11-30T11:00"), today=date(2026, 3, 1)
        ) == [
            (AUCKLAND, date(2026, 3, 1)),
            ("UTC", date(2026, 3, 1)),
        ]

    def test_without_an_hour_each_zone_is_on_its_own_today(self) -> None:
        assert zone_days([AUCKLAND, LOS_ANGELES], now=_at("2026-11-30T11:30")) == [
            (AUCKLAND, date(2026, 12, 1)),
            (LOS_ANGELES, date(2026, 11, 30)),
        ]


@pytest.mark.django_db
class TestUsersByZone:
    def test_users_are_grouped_by_zone_in_id_order(self) -> None:
        a = _in(AUCKLAND, "a")
        u = _member("u")
        b = _in(AUCKLAND, "b")
        assert users_by_zone(User.objects.all()) == {AUCKLAND: [a.pk, b.pk], "UTC": [u.pk]}
        assert zones_in_use() == [AUCKLAND, "UTC"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _expiries() -> list[tuple[str, date]]:
    return list(
        ConnectsEntry.objects.filter(kind=EntryKind.EXPIRY)
        .order_by("owner__username")
        .values_list("owner__username", "occurred_on")
    )


@pytest.mark.django_db
class TestExpiryInTheFirstHourOfTheDay:
    @pytest.fixture
    def holders(self) -> dict[str, User]:
        """Three users holding 40 connects bought on Dec 1, 2025: they expire on Dec 1, 2026."""
        users = {
            "auckland": _in(AUCKLAND, "auckland"),
            "utc": _member("utc"),
            "la": _in(LOS_ANGELES, "la"),
        }
        for user in users.values():
            EntryFactory(owner=user, kind="purchase", connects=40, occurred_on=date(2025, 12, 1))
        return users

    def test_each_zone_expires_at_its_own_midnight(self, holders: dict[str, User]) -> None:
        # 11:00 UTC on Nov 30 is midnight in Auckland.
        result = tasks.expire_connects_all.delay(now="2026-11-30T11:00:00+00:00", local_hour=0)
        assert result.get() == {"queued": 1, "failed": 0}
        assert _expiries() == [("auckland", date(2026, 12, 1))]

        tasks.expire_connects_all.delay(now="2026-12-01T00:00:00+00:00", local_hour=0)
        assert _expiries() == [("auckland", date(2026, 12, 1)), ("utc", date(2026, 12, 1))]

        tasks.expire_connects_all.delay(now="2026-12-01T08:00:00+00:00", local_hour=0)
        assert _expiries() == [
            ("auckland", date(2026, 12, 1)),
            ("la", date(2026, 12, 1)),
            ("utc", date(2026, 12, 1)),
        ]

    def test_a_run_in_another_hour_touches_no_zone(self, holders: dict[str, User]) -> None:
        result = tasks.expire_connects_all.delay(now="2026-11-30T12:00:00+00:00", local_hour=0)
        assert result.get() == {"queued": 0, "failed": 0}
        assert _expiries() == []

    def test_running_the_hour_twice_expires_once(self, holders: dict[str, User]) -> None:
        tasks.expire_connects_all.delay(now="2026-11-30T11:00:00+00:00", local_hour=0)
        tasks.expire_connects_all.delay(now="2026-11-30T11:30:00+00:00", local_hour=0)
        assert _expiries() == [("auckland", date(2026, 12, 1))]
        assert ConnectsEntry.objects.get(kind=EntryKind.EXPIRY).connects == -40

    def test_by_hand_each_user_is_on_their_own_today(self, holders: dict[str, User]) -> None:
        # run_scheduled at 11:30 UTC on Nov 30: only Auckland has reached Dec 1.
        tasks.expire_connects_all.delay(now="2026-11-30T11:30:00+00:00")
        assert _expiries() == [("auckland", date(2026, 12, 1))]


@pytest.mark.django_db
class TestGrantsOnTheUsersToday:
    def test_auckland_gets_decembers_grant_while_utc_is_still_in_november(self) -> None:
        auckland = _in(AUCKLAND, "auckland", plan="basic", grant_day=1)
        utc = _member("utc", plan="basic", grant_day=1)

        result = tasks.grant_due_all.delay(now="2026-11-30T11:30:00+00:00").get()

        assert result == {"queued": 2, "failed": 0}
        grants = ConnectsEntry.objects.filter(kind=EntryKind.MONTHLY_GRANT).order_by("owner_id")
        assert list(grants.values_list("owner_id", "occurred_on", "idempotency_key")) == [
            (auckland.pk, date(2026, 12, 1), "grant:2026-12"),
            (utc.pk, date(2026, 11, 1), "grant:2026-11"),
        ]
        assert tasks.grant_due_all.delay(now="2026-11-30T11:45:00+00:00").get() == {
            "queued": 0,
            "failed": 0,
        }


@pytest.mark.django_db
class TestWeeklyDigestOnMondayMorning:
    @pytest.fixture
    def waiting(self) -> dict[str, User]:
        users = {
            "auckland": _in(AUCKLAND, "auckland"),
            "utc": _member("utc"),
            "la": _in(LOS_ANGELES, "la"),
        }
        for user in users.values():
            ApplicationFactory(owner=user, submitted_on=date(2025, 12, 1))
        return users

    def _sent(self) -> list[str]:
        return [message.to[0].split("@")[0] for message in mail.outbox]

    def test_each_zone_gets_it_at_0700_on_its_monday(self, waiting: dict[str, User]) -> None:
        # Monday Feb 16, 2026, 07:00: Sunday 18:00 UTC in Auckland, 07:00 UTC, 15:00 UTC in LA.
        for moment in ("2026-02-15T18:00", "2026-02-16T07:00", "2026-02-16T15:00"):
            tasks.send_weekly_digests.delay(now=f"{moment}:00+00:00", local_hour=7)
        assert self._sent() == ["auckland", "utc", "la"]
        assert "every Monday at 07:00 your time (Pacific/Auckland)" in mail.outbox[0].body

    def test_0700_on_another_day_sends_nothing(self, waiting: dict[str, User]) -> None:
        result = tasks.send_weekly_digests.delay(now="2026-02-17T07:00:00+00:00", local_hour=7)
        assert result.get() == {"queued": 0, "failed": 0}
        assert mail.outbox == []

    def test_the_hour_run_twice_sends_once(self, waiting: dict[str, User]) -> None:
        tasks.send_weekly_digests.delay(now="2026-02-15T18:00:00+00:00", local_hour=7)
        tasks.send_weekly_digests.delay(now="2026-02-15T18:30:00+00:00", local_hour=7)
        assert self._sent() == ["auckland"]


@pytest.mark.django_db
class TestMonthlyReportOnTheFirst:
    def test_each_zone_gets_last_months_report_at_0700_on_its_1st(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls = patch_monthly_report(monkeypatch)
        auckland = _in(AUCKLAND, "auckland", monthly_report=True)
        la = _in(LOS_ANGELES, "la", monthly_report=True)

        # Dec 1, 07:00 in Auckland is Nov 30, 18:00 UTC: UTC's calendar still says November.
        send = dashboard_tasks.send_monthly_reports.delay
        assert send(now="2026-11-30T18:00:00+00:00", local_hour=7).get() == {
            "queued": 1,
            "failed": 0,
        }
        assert calls == [(auckland.pk, 2026, 11)]
        send(now="2026-11-30T18:00:00+00:00", local_hour=7)  # again: no second e-mail
        send(now="2026-12-01T07:00:00+00:00", local_hour=7)  # 23:00 in LA on Nov 30
        send(now="2026-12-01T15:00:00+00:00", local_hour=7)  # Dec 1, 07:00 in LA
        assert calls == [(auckland.pk, 2026, 11), (la.pk, 2026, 11)]
        assert [m.to[0] for m in mail.outbox] == ["auckland@example.com", "la@example.com"]
        assert "07:00 your time (America/Los_Angeles)" in mail.outbox[1].body
