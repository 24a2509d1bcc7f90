"""The weekly digest and the monthly report: who gets them, what they say, and only once."""

from __future__ import annotations

import sys
import types
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import User
from ledger import emails
from ledger.reminders import pending_applications
from ledger.services import ledger_settings_for
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 2, 16)

REPORT: dict[str, Any] = {
    "month": "2026-10",
    "connects": {
        "spent": 120,
        "refunded": 16,
        "lost": 64,
        "won": 20,
        "pending": 20,
        "purchased": 80,
        "granted": 10,
        "balance_end": 35,
    },
    "usd": {"spent": "18.00", "refunded": "2.40", "lost": "9.60", "purchases_paid": "12.00"},
    "applications": {"count": 8, "hired": 1, "win_rate": None},
    "rules": [
        {
            "code": "competition",
            "failed_applications": 1,
            "connects_lost": 16,
            "usd_lost": "2.40",
            "hires_missed": 0,
            "revenue_missed": "0.00",
        },
        {
            "code": "hire_rate",
            "failed_applications": 3,
            "connects_lost": 48,
            "usd_lost": "7.20",
            "hires_missed": 1,
            "revenue_missed": "500.00",
        },
        {
            "code": "ghost_job",
            "failed_applications": 0,
            "connects_lost": 0,
            "usd_lost": "0.00",
            "hires_missed": 0,
            "revenue_missed": "0.00",
        },
    ],
    "skipped": {"count": 2, "connects_avoided": 30},
}


def patch_monthly_report(
    monkeypatch: pytest.MonkeyPatch, report: dict[str, Any] = REPORT
) -> list[tuple[int, int, int]]:
    """Serve a canned report instead of dashboards.selectors.monthly_report; returns its calls."""
    calls: list[tuple[int, int, int]] = []

    def fake(owner: User, year: int, month: int) -> dict[str, Any]:
        calls.append((owner.pk, year, month))
        return report

    try:
        import dashboards.selectors as selectors
    except ImportError:
        monkeypatch.setitem(
            sys.modules, "dashboards.selectors", types.SimpleNamespace(monthly_report=fake)
        )
    else:
        monkeypatch.setattr(selectors, "monthly_report", fake)
    return calls


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _prefs(user: User, **values: object) -> None:
    prefs = ledger_settings_for(user)
    for name, value in values.items():
        setattr(prefs, name, value)
    prefs.save()


@pytest.fixture
def overdue(alice: User) -> dict[str, object]:
    """Two applications of alice's waiting over 30 days on MONDAY, one fresh, one decided."""
    return {
        "old": ApplicationFactory(
            owner=alice, job_title="Django REST API", submitted_on=date(2025, 12, 20)
        ),
        "older_by_id": ApplicationFactory(
            owner=alice,
            job_title="Shopify & Stripe fixes",
            submitted_on=date(2026, 1, 5),
            boost_connects=10,
        ),
        "fresh": ApplicationFactory(
            owner=alice, job_title="Webflow landing page", submitted_on=date(2026, 2, 1)
        ),
        "decided": ApplicationFactory(
            owner=alice, job_title="Old hire", submitted_on=date(2025, 12, 1), outcome="hired"
        ),
    }


class TestPendingApplications:
    """The selector behind the digest and the dashboard's "waiting too long" list."""

    def test_it_lists_applications_without_outcome_at_least_n_days_old_oldest_first(
        self, alice: User, bob: User
    ) -> None:
        on_the_day = ApplicationFactory(owner=alice, submitted_on=date(2026, 1, 17))
        older = ApplicationFactory(owner=alice, submitted_on=date(2026, 1, 2))
        ApplicationFactory(owner=alice, submitted_on=date(2026, 1, 18))  # 29 days
        ApplicationFactory(owner=alice, submitted_on=date(2026, 1, 2), outcome="expired")
        ApplicationFactory(owner=bob, submitted_on=date(2026, 1, 2))
        assert list(pending_applications(alice, MONDAY)) == [older, on_the_day]

    def test_the_number_of_days_is_the_users_setting_unless_given(self, alice: User) -> None:
        app = ApplicationFactory(owner=alice, submitted_on=date(2026, 2, 6))
        assert list(pending_applications(alice, MONDAY)) == []
        _prefs(alice, reminder_days=10)
        assert list(pending_applications(alice, MONDAY)) == [app]
        assert list(pending_applications(alice, MONDAY, days=11)) == []


class TestWeeklyDigest:
    def test_it_lists_the_applications_waiting_too_long_oldest_first(
        self, alice: User, overdue: dict[str, object]
    ) -> None:
        assert emails.send_weekly_digest(user=alice, today=MONDAY) is True
        [message] = mail.outbox
        assert message.to == ["alice@example.com"]
        assert message.from_email == "Bidbook <bidbook@localhost>"
        assert message.subject == "2 applications waiting for an outcome for over 30 days"
        body = message.body
        assert "2 of your applications have had no outcome for 30 days or more (42 connects" in body
        assert "- Django REST API: sent 20 Dec 2025, 58 days ago, 16 connects" in body
        assert "- Shopify & Stripe fixes: sent 5 Jan 2026, 42 days ago, 26 connects" in body
        assert body.index("Django REST API") < body.index("Shopify & Stripe fixes")
        assert "Webflow landing page" not in body
        assert "Old hire" not in body

    def test_the_html_version_lists_the_same_and_escapes_titles(
        self, alice: User, overdue: dict[str, object]
    ) -> None:
        ApplicationFactory(
            owner=alice, job_title="<script>alert(1)</script>", submitted_on=date(2025, 11, 1)
        )
        emails.send_weekly_digest(user=alice, today=MONDAY)
        [message] = mail.outbox
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert "Django REST API" in html
        assert "Shopify &amp; Stripe fixes" in html
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html

    def test_it_uses_the_users_own_number_of_days(
        self, alice: User, overdue: dict[str, object]
    ) -> None:
        _prefs(alice, reminder_days=7)
        emails.send_weekly_digest(user=alice, today=MONDAY)
        assert "Webflow landing page: sent 1 Feb 2026, 15 days ago" in mail.outbox[0].body
        assert mail.outbox[0].subject.startswith("3 applications")

    def test_it_sends_nothing_when_the_digest_is_off(
        self, alice: User, overdue: dict[str, object]
    ) -> None:
        _prefs(alice, weekly_digest=False)
        assert emails.send_weekly_digest(user=alice, today=MONDAY) is False
        assert mail.outbox == []

    def test_it_sends_nothing_without_an_address(self, overdue: dict[str, object]) -> None:
        nobody = UserFactory(username="nomail", email="")
        ApplicationFactory(owner=nobody, submitted_on=date(2025, 12, 1))
        assert emails.send_weekly_digest(user=nobody, today=MONDAY) is False
        assert mail.outbox == []

    def test_it_sends_nothing_when_nothing_is_overdue(self, alice: User) -> None:
        ApplicationFactory(owner=alice, submitted_on=date(2026, 2, 10))
        assert emails.send_weekly_digest(user=alice, today=MONDAY) is False
        assert mail.outbox == []

    def test_it_sends_once_a_week_however_often_it_runs(
        self, alice: User, overdue: dict[str, object]
    ) -> None:
        assert emails.send_weekly_digest(user=alice, today=MONDAY) is True
        assert emails.send_weekly_digest(user=alice, today=date(2026, 2, 18)) is False
        assert len(mail.outbox) == 1
        assert emails.send_weekly_digest(user=alice, today=date(2026, 2, 23)) is True
        assert len(mail.outbox) == 2

    def test_a_failed_send_can_be_retried(self, alice: User, overdue: dict[str, object]) -> None:
        with (
            mock.patch.object(
                emails.EmailMultiAlternatives, "send", side_effect=OSError("SMTP down")
            ),
            pytest.raises(OSError),
        ):
            emails.send_weekly_digest(user=alice, today=MONDAY)
        assert emails.send_weekly_digest(user=alice, today=MONDAY) is True
        assert len(mail.outbox) == 1

    def test_recipients_are_users_with_the_digest_on_an_address_and_a_pending_application(
        self, alice: User, bob: User
    ) -> None:
        off = UserFactory(username="off")
        _prefs(off, weekly_digest=False)
        no_mail = UserFactory(username="nomail", email="")
        for user in (alice, off, no_mail):
            ApplicationFactory(owner=user, submitted_on=date(2025, 12, 1))
        ApplicationFactory(owner=bob, submitted_on=date(2025, 12, 1), outcome="declined")
        assert list(emails.weekly_digest_recipients()) == [alice]


class TestMonthlyReport:
    @pytest.fixture
    def wants_report(self, alice: User, settings: Any) -> User:
        settings.SITE_URL = "https://bidbook.example"
        _prefs(alice, monthly_report=True)
        return alice

    def test_it_is_off_by_default(self, alice: User, monkeypatch: pytest.MonkeyPatch) -> None:
        calls = patch_monthly_report(monkeypatch)
        assert emails.send_monthly_report(user=alice, year=2026, month=10) is False
        assert mail.outbox == []
        assert calls == []

    def test_it_summarises_the_month_and_links_to_the_full_review(
        self, wants_report: User, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls = patch_monthly_report(monkeypatch)
        assert emails.send_monthly_report(user=wants_report, year=2026, month=10) is True
        assert calls == [(wants_report.pk, 2026, 10)]
        [message] = mail.outbox
        assert message.subject == "Your connects in October 2026"
        body = message.body
        assert "Applications: 8, hired 1\n" in body  # no win rate under 10 applications
        assert "Spent:    120 connects ($18.00)" in body
        assert "Lost:     64 connects ($9.60)" in body
        assert "Bought:   80 connects ($12.00)" in body
        assert "Balance at the end of the month: 35 connects" in body
        assert "You skipped 2 jobs and kept 30 connects." in body
        assert "The full review: https://bidbook.example/review/2026-10/" in body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert 'href="https://bidbook.example/review/2026-10/"' in html

    def test_it_names_the_rules_that_would_have_saved_the_most(
        self, wants_report: User, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        patch_monthly_report(monkeypatch)
        emails.send_monthly_report(user=wants_report, year=2026, month=10)
        body = mail.outbox[0].body
        first = body.index(
            "- Client hire rate: 3 applications against it, 48 connects lost ($7.20)"
        )
        second = body.index("- Competition: 1 application against it, 16 connects lost ($2.40)")
        assert first < second
        assert "1 hire ($500.00) you would have missed" in body
        assert "Ghost job" not in body  # no application went against it

    def test_it_shows_the_win_rate_in_percent_when_there_is_one(
        self, wants_report: User, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        report = {**REPORT, "applications": {"count": 12, "hired": 3, "win_rate": 0.25}}
        patch_monthly_report(monkeypatch, report)
        emails.send_monthly_report(user=wants_report, year=2026, month=10)
        assert "Applications: 12, hired 3 (win rate 25%)" in mail.outbox[0].body

    def test_it_sends_once_per_month(
        self, wants_report: User, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        patch_monthly_report(monkeypatch)
        assert emails.send_monthly_report(user=wants_report, year=2026, month=10) is True
        assert emails.send_monthly_report(user=wants_report, year=2026, month=10) is False
        assert emails.send_monthly_report(user=wants_report, year=2026, month=11) is True
        assert len(mail.outbox) == 2

    def test_recipients_are_only_those_who_asked(self, alice: User, bob: User) -> None:
        _prefs(bob, monthly_report=True)
        ledger_settings_for(alice)
        assert list(emails.monthly_report_recipients()) == [bob]

    def test_the_previous_month_of_january_is_december(self) -> None:
        assert emails.previous_month(date(2026, 1, 1)) == (2025, 12)
        assert emails.previous_month(date(2026, 3, 1)) == (2026, 2)

    def test_it_works_with_the_real_monthly_review(self, wants_report: User) -> None:
        pytest.importorskip("dashboards.selectors")
        ApplicationFactory(owner=wants_report, submitted_on=date(2026, 10, 5))
        assert emails.send_monthly_report(user=wants_report, year=2026, month=10) is True
        assert "Applications: 1, hired 0" in mail.outbox[0].body
