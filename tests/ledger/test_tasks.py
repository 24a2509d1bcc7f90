"""Every background task, run eagerly: its effect, and the same ledger when it runs twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from unittest import mock

import pytest
from celery.schedules import crontab
from django.core import mail
from django.core.cache import cache
from django.db import OperationalError

from accounts.models import User
from config.celery_app import app
from ledger import tasks
from ledger.models import ConnectsEntry, EntryKind
from ledger.services import ledger_settings_update
from tests.factories import ApplicationFactory, EntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def worker_like_retries(settings: Any) -> None:
    """Eager tasks retry like a worker's only when their errors do not propagate at once."""
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    assert app.conf.task_eager_propagates is False


def _member(username: str, *, joined: date = date(2025, 1, 1), **prefs: object) -> User:
    """A user who joined on `joined`, with these ledger settings (none: no settings row)."""
    user = UserFactory(
        username=username, date_joined=datetime(joined.year, joined.month, joined.day, tzinfo=UTC)
    )
    if prefs:
        ledger_settings_update(owner=user, **prefs)
    return user


def _ledger(user: User | None = None) -> list[tuple[int, str, int, date, str | None]]:
    entries = ConnectsEntry.objects.all() if user is None else user.connects_entries.all()
    return list(
        entries.order_by("id").values_list(
            "owner_id", "kind", "connects", "occurred_on", "idempotency_key"
        )
    )


class TestMonthlyGrant:
    def test_it_grants_the_plans_connects_on_the_grant_day(self) -> None:
        alice = _member("alice", plan="plus", grant_day=15)
        entry_id = tasks.grant_due_for_user.delay(alice.pk, "2026-03-15").get()
        assert _ledger(alice) == [
            (alice.pk, "monthly_grant", 100, date(2026, 3, 15), "grant:2026-03")
        ]
        assert entry_id == alice.connects_entries.get().pk

    def test_a_grant_written_late_is_dated_on_the_grant_day(self) -> None:
        alice = _member("alice", plan="basic", grant_day=15)
        tasks.grant_due_for_user.delay(alice.pk, "2026-03-20")
        assert _ledger(alice) == [
            (alice.pk, "monthly_grant", 10, date(2026, 3, 15), "grant:2026-03")
        ]

    def test_nothing_is_granted_before_the_grant_day(self) -> None:
        alice = _member("alice", plan="plus", grant_day=15)
        assert tasks.grant_due_for_user.delay(alice.pk, "2026-03-14").get() is None
        assert _ledger(alice) == []

    def test_a_plan_without_free_connects_gets_none(self) -> None:
        alice = _member("alice", plan="none", grant_day=1)
        assert tasks.grant_due_for_user.delay(alice.pk, "2026-03-14").get() is None
        assert _ledger(alice) == []

    def test_a_grant_day_before_the_user_joined_is_in_their_starting_balance(self) -> None:
        alice = _member("alice", joined=date(2026, 3, 16), plan="plus", grant_day=15)
        tasks.grant_due_for_user.delay(alice.pk, "2026-03-20")
        assert _ledger(alice) == []
        tasks.grant_due_for_user.delay(alice.pk, "2026-04-15")
        assert _ledger(alice) == [
            (alice.pk, "monthly_grant", 100, date(2026, 4, 15), "grant:2026-04")
        ]

    def test_running_it_twice_grants_once(self) -> None:
        alice = _member("alice", plan="plus", grant_day=1)
        first = tasks.grant_due_for_user.delay(alice.pk, "2026-03-02").get()
        second = tasks.grant_due_for_user.delay(alice.pk, "2026-03-28").get()
        assert first == second
        assert len(_ledger(alice)) == 1

    def test_an_unknown_or_inactive_user_is_skipped(self) -> None:
        gone = _member("gone", plan="plus", grant_day=1)
        gone.is_active = False
        gone.save()
        assert tasks.grant_due_for_user.delay(gone.pk, "2026-03-02").get() is None
        assert tasks.grant_due_for_user.delay(987654, "2026-03-02").get() is None
        assert _ledger() == []


class TestGrantSweep:
    @pytest.fixture
    def members(self) -> dict[str, User]:
        return {
            "basic_day_1": _member("alice", plan="basic", grant_day=1),
            "plus_day_20": _member("bob", plan="plus", grant_day=20),
            "no_plan": _member("carol", plan="none", grant_day=1),
            "defaults": _member("dave"),  # no settings row: Basic, day 1
            "joined_late": _member("erin", joined=date(2026, 3, 5), plan="basic", grant_day=3),
        }

    def test_it_grants_to_every_user_whose_day_has_come(self, members: dict[str, User]) -> None:
        result = tasks.grant_due_all.delay("2026-03-10").get()
        assert result == {"queued": 2, "failed": 0}
        assert _ledger() == [
            (members["basic_day_1"].pk, "monthly_grant", 10, date(2026, 3, 1), "grant:2026-03"),
            (members["defaults"].pk, "monthly_grant", 10, date(2026, 3, 1), "grant:2026-03"),
        ]
        tasks.grant_due_all.delay("2026-03-20")
        assert _ledger(members["plus_day_20"]) == [
            (members["plus_day_20"].pk, "monthly_grant", 100, date(2026, 3, 20), "grant:2026-03")
        ]

    def test_running_it_twice_leaves_the_same_ledger(self, members: dict[str, User]) -> None:
        tasks.grant_due_all.delay("2026-03-25")
        first = _ledger()
        assert len(first) == 3
        assert tasks.grant_due_all.delay("2026-03-25").get() == {"queued": 0, "failed": 0}
        assert _ledger() == first

    def test_the_late_joiner_gets_the_next_months_grant(self, members: dict[str, User]) -> None:
        tasks.grant_due_all.delay("2026-04-03")
        assert _ledger(members["joined_late"]) == [
            (members["joined_late"].pk, "monthly_grant", 10, date(2026, 4, 3), "grant:2026-04")
        ]

    def test_one_users_failure_does_not_stop_the_others(self, members: dict[str, User]) -> None:
        real = tasks.monthly_grant_due

        def broken_for_alice(*, owner: User, today: date) -> ConnectsEntry | None:
            if owner == members["basic_day_1"]:
                raise RuntimeError("boom")
            return real(owner=owner, today=today)

        with mock.patch.object(tasks, "monthly_grant_due", side_effect=broken_for_alice):
            result = tasks.grant_due_all.delay("2026-03-10").get()
        assert result == {"queued": 1, "failed": 1}
        assert [row[0] for row in _ledger()] == [members["defaults"].pk]


class TestExpiry:
    @pytest.fixture
    def alice(self) -> User:
        alice = _member("alice")
        EntryFactory(owner=alice, kind="purchase", connects=40, occurred_on=date(2025, 1, 10))
        EntryFactory(owner=alice, kind="proposal", connects=-30, occurred_on=date(2025, 3, 5))
        return alice

    def test_it_writes_the_due_expiry_entries_once(self, alice: User) -> None:
        ids = tasks.expire_connects_for_user.delay(alice.pk, "2026-01-10").get()
        expiry = ConnectsEntry.objects.get(kind=EntryKind.EXPIRY)
        assert ids == [expiry.pk]
        assert (expiry.connects, expiry.occurred_on) == (-10, date(2026, 1, 10))
        ledger = _ledger()
        assert tasks.expire_connects_for_user.delay(alice.pk, "2026-01-10").get() == []
        assert _ledger() == ledger

    def test_the_daily_sweep_covers_users_with_connects_a_year_old(self, alice: User) -> None:
        bob = _member("bob")
        EntryFactory(owner=bob, kind="purchase", connects=40, occurred_on=date(2025, 6, 1))
        assert tasks.expire_connects_all.delay("2026-01-10").get() == {"queued": 1, "failed": 0}
        ledger = _ledger()
        assert [(o, k, c) for o, k, c, _, _ in ledger if k == "expiry"] == [
            (alice.pk, "expiry", -10)
        ]
        tasks.expire_connects_all.delay("2026-01-10")
        assert _ledger() == ledger

    @pytest.mark.usefixtures("worker_like_retries")
    def test_a_database_error_is_retried_until_it_passes(self, alice: User) -> None:
        with mock.patch.object(
            tasks, "expire_due_connects", side_effect=_fail_then(2, tasks.expire_due_connects)
        ) as patched:
            ids = tasks.expire_connects_for_user.delay(alice.pk, "2026-01-10").get()
        assert patched.call_count == 3
        assert len(ids) == 1

    @pytest.mark.usefixtures("worker_like_retries")
    def test_it_gives_up_after_five_retries(self, alice: User) -> None:
        with mock.patch.object(
            tasks, "expire_due_connects", side_effect=OperationalError("down")
        ) as patched:
            result = tasks.expire_connects_for_user.delay(alice.pk, "2026-01-10")
        assert result.state == "FAILURE"
        assert isinstance(result.result, OperationalError)
        assert patched.call_count == 6


def _fail_then(failures: int, real: Callable[..., object]) -> Callable[..., object]:
    calls = {"n": 0}

    def effect(**kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] <= failures:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    return effect


class TestEmails:
    @pytest.fixture
    def waiting(self) -> list[User]:
        users = [_member("alice"), _member("bob"), _member("carol", weekly_digest=False)]
        for user in users:
            ApplicationFactory(owner=user, submitted_on=date(2025, 12, 1))
        return users

    def test_the_weekly_digest_goes_once_to_each_user_who_keeps_it_on(
        self, waiting: list[User]
    ) -> None:
        assert tasks.send_weekly_digests.delay("2026-02-16").get() == {"queued": 2, "failed": 0}
        tasks.send_weekly_digests.delay("2026-02-16")
        assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]

    @pytest.mark.usefixtures("worker_like_retries")
    def test_a_failing_mail_server_is_retried(self, waiting: list[User]) -> None:
        with mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=[OSError("SMTP down"), 1],
        ) as send:
            assert tasks.send_weekly_digest_to.delay(waiting[0].pk, "2026-02-16").get() is True
        assert send.call_count == 2


class TestBeatSchedule:
    def test_every_scheduled_task_exists(self) -> None:
        # What a worker does at start: import every app's tasks module (autodiscovery is lazy,
        # so without it the answer depends on which tests ran first).
        app.loader.import_default_modules()
        for entry in app.conf.beat_schedule.values():
            assert entry["task"] in app.tasks

    def test_the_schedule(self) -> None:
        schedule = {name: e["schedule"] for name, e in app.conf.beat_schedule.items()}
        # The user-facing sweeps run every hour and pick the zones whose local hour it is.
        assert schedule == {
            "monthly-grants-due": crontab(minute=5),
            "connects-expiry": crontab(minute=0),
            "weekly-digest": crontab(minute=0),
            "monthly-report": crontab(minute=0),
            "stalled-imports": 30.0,
            "purge-old-imports": crontab(hour=3, minute=30),
        }
        local_hours = {
            name: e["kwargs"]["local_hour"]
            for name, e in app.conf.beat_schedule.items()
            if "local_hour" in e.get("kwargs", {})
        }
        assert local_hours == {"connects-expiry": 0, "weekly-digest": 7, "monthly-report": 7}
