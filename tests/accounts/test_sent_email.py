"""The digest's and the report's claims are rows in the database (accounts.SentEmail): a lost
cache sends nothing again, a failed send leaves no row so the retry sends, and the sweeps leave
out the claimed users in one query per zone, however many users there are."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.mail import already_sent, mark_done
from accounts.models import SentEmail, User
from dashboards import tasks as dashboard_tasks
from dashboards.emails import report_claim
from ledger import tasks
from ledger.emails import digest_claim, send_weekly_digest
from tests.dashboards.test_emails import patch_monthly_report
from tests.factories import ApplicationFactory, UserFactory
from tests.ledger.test_tasks import _member

pytestmark = pytest.mark.django_db

MONDAY = "2026-02-16T07:00:00+00:00"  # 07:00 UTC on Monday Feb 16, 2026: ISO week 2026-W08
FIRST = "2026-12-01T07:00:00+00:00"  # 07:00 UTC on Dec 1: November's report


def _waiting(username: str) -> User:
    """A UTC user with an application pending since Dec 2025 (overdue: the digest has news)."""
    user = _member(username)
    ApplicationFactory(owner=user, submitted_on=date(2025, 12, 1))
    return user


def _rows() -> list[tuple[str, str, str, bool]]:
    return [
        (username, kind, period, sent_at is not None)
        for username, kind, period, sent_at in SentEmail.objects.order_by(
            "user__username", "kind", "period"
        ).values_list("user__username", "kind", "period", "sent_at")
    ]


def _digests(now: str = MONDAY) -> dict[str, int]:
    return tasks.send_weekly_digests.delay(now=now, local_hour=7).get()


def _reports(now: str = FIRST) -> dict[str, int]:
    return dashboard_tasks.send_monthly_reports.delay(now=now, local_hour=7).get()


class TestALostCache:
    def test_the_digest_sweep_after_a_cache_clear_sends_nothing(self) -> None:
        _waiting("ann")
        _waiting("bob")
        assert _digests() == {"queued": 2, "failed": 0}
        assert len(mail.outbox) == 2

        cache.clear()  # Redis restarted, or another worker's locmem
        assert _digests("2026-02-16T08:00:00+00:00") == {"queued": 0, "failed": 0}

        assert len(mail.outbox) == 2
        assert _rows() == [("ann", "digest", "2026-W08", True), ("bob", "digest", "2026-W08", True)]

    def test_the_report_sweep_after_a_cache_clear_sends_nothing(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls = patch_monthly_report(monkeypatch)
        ann = _member("ann", monthly_report=True)
        assert _reports() == {"queued": 1, "failed": 0}

        cache.clear()
        assert _reports("2026-12-01T08:00:00+00:00") == {"queued": 0, "failed": 0}

        assert calls == [(ann.pk, 2026, 11)]
        assert len(mail.outbox) == 1
        assert _rows() == [("ann", "report", "2026-11", True)]

    def test_a_week_closed_without_mail_stays_closed(self) -> None:
        user = _member("fresh")
        ApplicationFactory(owner=user, submitted_on=date(2026, 1, 20))  # 27 days: not overdue
        assert _digests() == {"queued": 1, "failed": 0}
        cache.clear()
        assert _digests("2026-02-16T09:00:00+00:00") == {"queued": 0, "failed": 0}
        assert mail.outbox == []
        assert _rows() == [("fresh", "digest", "2026-W08", False)]


class TestAFailedSend:
    def test_it_leaves_no_row_and_the_retry_sends(self, monkeypatch: pytest.MonkeyPatch) -> None:
        user = _waiting("ann")
        real_send = EmailMultiAlternatives.send
        failures = [OSError("SMTP is down")]

        def send(message: EmailMultiAlternatives, fail_silently: bool = False) -> int:
            if failures:
                raise failures.pop()
            return real_send(message, fail_silently)

        monkeypatch.setattr(EmailMultiAlternatives, "send", send)

        with pytest.raises(OSError, match="SMTP is down"):
            send_weekly_digest(user=user, today=date(2026, 2, 16))
        assert SentEmail.objects.count() == 0
        assert not already_sent(digest_claim(user.pk, date(2026, 2, 16)))

        assert send_weekly_digest(user=user, today=date(2026, 2, 16)) is True
        assert send_weekly_digest(user=user, today=date(2026, 2, 18)) is False  # same week
        assert len(mail.outbox) == 1
        assert _rows() == [("ann", "digest", "2026-W08", True)]


class TestTheSweepSkipsTheClaimed:
    def test_of_two_users_only_the_unclaimed_one_gets_it(self) -> None:
        _waiting("ann")
        bob = _waiting("bob")
        mark_done(digest_claim(bob.pk, date(2026, 2, 18)))  # Wednesday of the same week

        assert _digests() == {"queued": 1, "failed": 0}

        assert [m.to[0] for m in mail.outbox] == ["ann@example.com"]

    def test_a_claim_of_last_week_or_the_other_kind_does_not_count(self) -> None:
        ann = _waiting("ann")
        mark_done(digest_claim(ann.pk, date(2026, 2, 9)))  # last week
        mark_done(report_claim(ann.pk, 2026, 2))  # a report, not a digest
        assert _digests() == {"queued": 1, "failed": 0}
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize("sweep", ["digest", "report"])
    def test_its_queries_do_not_grow_with_the_users(
        self, sweep: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        queued: list[int] = []

        def fan_out(task: Any, user_ids: Any, *args: Any) -> dict[str, int]:
            queued.extend(user_ids)
            return {"queued": len(queued), "failed": 0}

        monkeypatch.setattr(tasks, "fan_out", fan_out)
        monkeypatch.setattr(dashboard_tasks, "fan_out", fan_out)

        def make(n: int) -> None:
            for _ in range(n):
                user = UserFactory()
                if sweep == "digest":
                    ApplicationFactory(owner=user, submitted_on=date(2025, 12, 1))
                    mark_done(digest_claim(user.pk, date(2026, 2, 9)))
                else:
                    _member(f"r{user.pk}", monthly_report=True)

        def count() -> int:
            queued.clear()
            with CaptureQueriesContext(connection) as ctx:
                _digests() if sweep == "digest" else _reports()
            return len(ctx.captured_queries)

        make(2)
        two = count()
        assert len(queued) == 2
        make(8)
        ten = count()
        assert len(queued) == 10
        # zones in use, then one query per zone (every user here is in UTC)
        assert ten == two == 2


class TestTheAdminAndTheAccount:
    def test_staff_see_the_list_and_cannot_add_change_or_delete(self, alice: User) -> None:
        mark_done(digest_claim(alice.pk, date(2026, 2, 16)))
        row = SentEmail.objects.get()
        staff = User.objects.create_superuser("boss", "boss@example.com", "pw-123456789")
        client = Client()
        client.force_login(staff)

        listing = client.get("/admin/accounts/sentemail/")

        assert listing.status_code == 200
        assert "2026-W08" in listing.content.decode()
        assert client.get("/admin/accounts/sentemail/add/").status_code == 403
        assert client.post(f"/admin/accounts/sentemail/{row.pk}/delete/").status_code == 403
        assert SentEmail.objects.count() == 1

    def test_deleting_the_user_deletes_their_rows(self, alice: User, bob: User) -> None:
        mark_done(digest_claim(alice.pk, date(2026, 2, 16)))
        mark_done(digest_claim(bob.pk, date(2026, 2, 16)))
        alice.delete()
        assert _rows() == [("bob", "digest", "2026-W08", False)]
