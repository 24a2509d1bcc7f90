"""The monthly report e-mail: who gets it, what it says, and only once a month."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import User
from dashboards import emails
from ledger.services import ledger_settings_update
from tests.factories import ApplicationFactory
from tests.ledger.test_emails import prefs_set

pytestmark = pytest.mark.django_db

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
    """Serve a canned report instead of the real monthly review; returns its calls."""
    calls: list[tuple[int, int, int]] = []

    def fake(owner: User, year: int, month: int) -> dict[str, Any]:
        calls.append((owner.pk, year, month))
        return report

    monkeypatch.setattr(emails, "monthly_report", fake)
    return calls


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


class TestMonthlyReport:
    @pytest.fixture
    def wants_report(self, alice: User, settings: Any) -> User:
        settings.SITE_URL = "https://bidbook.example"
        prefs_set(alice, monthly_report=True)
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
        prefs_set(bob, monthly_report=True)
        ledger_settings_update(owner=alice)  # a settings row with the defaults
        assert list(emails.monthly_report_recipients()) == [bob]

    def test_the_previous_month_of_january_is_december(self) -> None:
        assert emails.previous_month(date(2026, 1, 1)) == (2025, 12)
        assert emails.previous_month(date(2026, 3, 1)) == (2026, 2)

    def test_it_works_with_the_real_monthly_review(self, wants_report: User) -> None:
        ApplicationFactory(owner=wants_report, submitted_on=date(2026, 10, 5))
        assert emails.send_monthly_report(user=wants_report, year=2026, month=10) is True
        assert "Applications: 1, hired 0" in mail.outbox[0].body
