"""Scheduled work in each user's zone: beat runs the sweeps hourly, each zone at its own hour.

Expiry runs once the zone's day has begun, the weekly digest from Monday 07:00 local, the
monthly report from the 1st at 07:00 local; grants are due on the user's own today. A late run
(worker clock behind beat, a backlog, beat down at the top of the hour) still acts; a run a
moment early does not; running a sweep twice does nothing twice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.mail import mark_done
from accounts.models import User
from accounts.zone_schedule import (
    day_since_hour,
    local_hour_start,
    month_start,
    week_start,
    zone_days,
    zones_in_use,
)
from dashboards import tasks as dashboard_tasks
from dashboards.emails import report_claim
from ledger import tasks
from ledger.emails import digest_claim
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
        assert day_since_hour(AUCKLAND, _at("2026-11-30T11:00"), 0) == date(2026, 12, 1)
        assert day_since_hour(AUCKLAND, _at("2026-11-30T12:00"), 0) == date(2026, 12, 1)
        assert day_since_hour(AUCKLAND, _at("2026-11-30T10:00"), 0) == date(2026, 11, 30)

    def test_a_late_run_still_gets_the_day(self) -> None:
        # A second before midnight it is still the old day; at 01:01 the new day is caught up.
        assert day_since_hour("UTC", _at("2026-11-30T23:59:59"), 0) == date(2026, 11, 30)
        assert day_since_hour("UTC", _at("2026-12-01T01:01"), 0) == date(2026, 12, 1)

    def test_0700_counts_only_once_it_has_come(self) -> None:
        assert day_since_hour("UTC", _at("2026-02-16T06:59:59"), 7) is None
        assert day_since_hour("UTC", _at("2026-02-16T07:00"), 7) == date(2026, 2, 16)
        assert day_since_hour("UTC", _at("2026-02-16T09:01"), 7) == date(2026, 2, 16)

    def test_kathmandu_checked_16_minutes_late_is_still_its_0700(self) -> None:
        # 07:00 in Kathmandu (UTC+5:45) is 01:15 UTC; the 01:00 run is 15 minutes early.
        assert day_since_hour("Asia/Kathmandu", _at("2026-02-16T01:00"), 7) is None
        assert day_since_hour("Asia/Kathmandu", _at("2026-02-16T01:31"), 7) == date(2026, 2, 16)

    def test_a_zone_half_an_hour_off_is_matched_at_its_hh30(self) -> None:
        # 07:00 in Kolkata (UTC+5:30) is 01:30 UTC: the 02:00 run is the first after it.
        assert day_since_hour("Asia/Kolkata", _at("2026-02-16T02:00"), 7) == date(2026, 2, 16)
        assert day_since_hour("Asia/Kolkata", _at("2026-02-16T01:00"), 7) is None

    def test_a_midnight_the_clocks_skip_is_still_matched(self) -> None:
        # Santiago goes from 23:59 on Sep 5 straight to 01:00 on Sep 6, 2026 (04:00 UTC).
        assert day_since_hour("America/Santiago", _at("2026-09-06T04:00"), 0) == date(2026, 9, 6)

    def test_the_week_from_monday_0700_to_sunday_night(self) -> None:
        # Monday Feb 16, 2026. Before 07:00 on Monday the new week has not started.
        assert day_since_hour("UTC", _at("2026-02-16T06:59"), 7, week_start) is None
        assert day_since_hour("UTC", _at("2026-02-16T07:00"), 7, week_start) == date(2026, 2, 16)
        assert day_since_hour("UTC", _at("2026-02-18T03:00"), 7, week_start) == date(2026, 2, 18)
        assert day_since_hour("UTC", _at("2026-02-22T23:59"), 7, week_start) == date(2026, 2, 22)

    def test_the_month_from_0700_on_the_1st(self) -> None:
        assert day_since_hour("UTC", _at("2026-12-01T06:59"), 7, month_start) is None
        assert day_since_hour("UTC", _at("2026-12-01T07:00"), 7, month_start) == date(2026, 12, 1)
        assert day_since_hour("UTC", _at("2026-12-02T00:00"), 7, month_start) == date(2026, 12, 2)

    @pytest.mark.parametrize("hour", [0, 7])
    def test_hourly_runs_start_each_local_day_within_the_hour_over_a_year(self, hour: int) -> None:
        """The first run that sees a local day is never before its hour and at most an hour
        after it, on every day of the year, whatever the zone's offset or its clock changes."""
        zones = [AUCKLAND, LOS_ANGELES, "Asia/Kolkata", "Asia/Kathmandu", "America/Santiago",
                 "Europe/London", "Pacific/Chatham", "UTC"]  # fmt: skip
        moment, end = _at("2026-01-02T00:00"), _at("2026-12-30T00:00")
        first: dict[str, dict[date, datetime]] = {zone: {} for zone in zones}
        while moment < end:
            for zone, day in zone_days(zones, now=moment, local_hour=hour):
                first[zone].setdefault(day, moment)
            moment += timedelta(hours=1)
        for zone in zones:
            days = sorted(first[zone])[1:]  # the first day seen may have begun before Jan 2
            assert days[0] in (date(2026, 1, 2), date(2026, 1, 3)), zone
            assert days[-1] in (date(2026, 12, 29), date(2026, 12, 30)), zone  # by offset
            assert all(b - a == timedelta(days=1) for a, b in pairwise(days)), zone
            for day in days:
                start = local_hour_start(zone, day, hour)
                assert start <= first[zone][day] < start + timedelta(hours=1), (zone, day)

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
class TestZonesInUse:
    def test_each_zone_in_use_once_sorted(self) -> None:
        _in(AUCKLAND, "a")
        _member("u")
        _in(AUCKLAND, "b")
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

    def test_a_run_a_second_early_waits_and_a_late_one_catches_up(
        self, holders: dict[str, User]
    ) -> None:
        # 23:59:59 UTC on Nov 30: a worker clock a second behind beat's midnight run.
        early = tasks.expire_connects_all.delay(now="2026-11-30T23:59:59+00:00", local_hour=0)
        assert early.get() == {"queued": 1, "failed": 0}  # Auckland, where Dec 1 began at 11:00
        assert _expiries() == [("auckland", date(2026, 12, 1))]
        # 01:01 UTC: the midnight run was lost (a backlog, beat down); this one expires UTC's.
        late = tasks.expire_connects_all.delay(now="2026-12-01T01:01:00+00:00", local_hour=0)
        assert late.get() == {"queued": 1, "failed": 0}
        assert _expiries() == [("auckland", date(2026, 12, 1)), ("utc", date(2026, 12, 1))]
        again = tasks.expire_connects_all.delay(now="2026-12-01T02:00:00+00:00", local_hour=0)
        assert again.get() == {"queued": 0, "failed": 0}
        assert ConnectsEntry.objects.filter(kind=EntryKind.EXPIRY).count() == 2

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
        """Three users with an application pending since Dec 2025, who had last week's digest
        (the week of Monday Feb 9, 2026)."""
        users = {
            "auckland": _in(AUCKLAND, "auckland"),
            "utc": _member("utc"),
            "la": _in(LOS_ANGELES, "la"),
        }
        for user in users.values():
            ApplicationFactory(owner=user, submitted_on=date(2025, 12, 1))
            mark_done(digest_claim(user.pk, date(2026, 2, 9)))
        return users

    def _sent(self) -> list[str]:
        return [message.to[0].split("@")[0] for message in mail.outbox]

    def test_each_zone_gets_it_at_0700_on_its_monday(self, waiting: dict[str, User]) -> None:
        # Monday Feb 16, 2026, 07:00: Sunday 18:00 UTC in Auckland, 07:00 UTC, 15:00 UTC in LA.
        sent_after = []
        for moment in ("2026-02-15T18:00", "2026-02-16T07:00", "2026-02-16T15:00"):
            tasks.send_weekly_digests.delay(now=f"{moment}:00+00:00", local_hour=7)
            sent_after.append(self._sent())
        assert sent_after == [["auckland"], ["auckland", "utc"], ["auckland", "utc", "la"]]
        assert "every Monday at 07:00 your time (Pacific/Auckland)" in mail.outbox[0].body

    def test_a_second_before_0700_is_not_yet_the_new_week(self, waiting: dict[str, User]) -> None:
        result = tasks.send_weekly_digests.delay(now="2026-02-16T06:59:59+00:00", local_hour=7)
        assert result.get() == {"queued": 1, "failed": 0}  # Auckland: Monday 19:59
        assert self._sent() == ["auckland"]
        tasks.send_weekly_digests.delay(now="2026-02-16T07:00:00+00:00", local_hour=7)
        assert self._sent() == ["auckland", "utc"]

    def test_a_run_late_in_the_hour_or_days_late_still_sends_once(
        self, waiting: dict[str, User]
    ) -> None:
        # 09:01 UTC on Monday: the 07:00 and 08:00 runs were lost.
        tasks.send_weekly_digests.delay(now="2026-02-16T09:01:00+00:00", local_hour=7)
        assert self._sent() == ["auckland", "utc"]  # LA: still Monday 01:01
        # Beat down until Wednesday: LA's Monday is caught up, nobody gets a second one.
        result = tasks.send_weekly_digests.delay(now="2026-02-18T12:00:00+00:00", local_hour=7)
        assert result.get() == {"queued": 1, "failed": 0}
        assert self._sent() == ["auckland", "utc", "la"]
        again = tasks.send_weekly_digests.delay(now="2026-02-18T13:00:00+00:00", local_hour=7)
        assert again.get() == {"queued": 0, "failed": 0}
        assert len(mail.outbox) == 3

    def test_kathmandu_checked_16_minutes_late_still_gets_it(self) -> None:
        # Kathmandu is UTC+5:45: Monday Feb 16, 07:00 there is 01:15 UTC.
        user = _in("Asia/Kathmandu", "ktm")
        ApplicationFactory(owner=user, submitted_on=date(2025, 12, 1))
        mark_done(digest_claim(user.pk, date(2026, 2, 9)))
        early = tasks.send_weekly_digests.delay(now="2026-02-16T01:14:59+00:00", local_hour=7)
        assert early.get() == {"queued": 0, "failed": 0}
        late = tasks.send_weekly_digests.delay(now="2026-02-16T01:31:00+00:00", local_hour=7)
        assert late.get() == {"queued": 1, "failed": 0}  # 07:16 in Kathmandu
        assert self._sent() == ["ktm"]
        again = tasks.send_weekly_digests.delay(now="2026-02-16T02:00:00+00:00", local_hour=7)
        assert again.get() == {"queued": 0, "failed": 0}
        assert self._sent() == ["ktm"]

    def test_nothing_overdue_on_monday_closes_the_week(self) -> None:
        # Submitted Jan 20: 27 days on the 16th (overdue after 30 by default), 33 on Sunday the
        # 22nd; the digest comes the next Monday, not midweek.
        user = _member("fresh")
        ApplicationFactory(owner=user, submitted_on=date(2026, 1, 20))
        first = tasks.send_weekly_digests.delay(now="2026-02-16T07:00:00+00:00", local_hour=7)
        assert first.get() == {"queued": 1, "failed": 0}
        assert mail.outbox == []
        later = tasks.send_weekly_digests.delay(now="2026-02-22T12:00:00+00:00", local_hour=7)
        assert later.get() == {"queued": 0, "failed": 0}
        tasks.send_weekly_digests.delay(now="2026-02-23T07:00:00+00:00", local_hour=7)
        assert self._sent() == ["fresh"]

    def test_the_hour_run_twice_sends_once(self, waiting: dict[str, User]) -> None:
        tasks.send_weekly_digests.delay(now="2026-02-15T18:00:00+00:00", local_hour=7)
        tasks.send_weekly_digests.delay(now="2026-02-15T18:30:00+00:00", local_hour=7)
        assert self._sent() == ["auckland"]


@pytest.mark.django_db
class TestMonthlyReportOnTheFirst:
    def _asked(self, zone: str, username: str) -> User:
        """A user who asked for the report and had October's."""
        user = _in(zone, username, monthly_report=True)
        mark_done(report_claim(user.pk, 2026, 10))
        return user

    def test_each_zone_gets_last_months_report_at_0700_on_its_1st(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls = patch_monthly_report(monkeypatch)
        auckland = self._asked(AUCKLAND, "auckland")
        la = self._asked(LOS_ANGELES, "la")

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

    def test_a_second_early_waits_and_a_day_late_still_sends_once(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls = patch_monthly_report(monkeypatch)
        utc = self._asked("UTC", "utc")
        send = dashboard_tasks.send_monthly_reports.delay
        assert send(now="2026-12-01T06:59:59+00:00", local_hour=7).get()["queued"] == 0
        # Beat was down for all of Dec 1: the first run on the 2nd sends November's.
        assert send(now="2026-12-02T00:00:00+00:00", local_hour=7).get()["queued"] == 1
        assert send(now="2026-12-02T01:00:00+00:00", local_hour=7).get()["queued"] == 0
        assert calls == [(utc.pk, 2026, 11)]
        assert len(mail.outbox) == 1
