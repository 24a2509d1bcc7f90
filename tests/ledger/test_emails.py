"""The weekly digest: who gets it, what it says, and only once."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import User
from ledger import emails
from ledger.reminders import pending_applications
from ledger.services import ledger_settings_update
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 2, 16)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def prefs_set(user: User, **values: object) -> None:
    ledger_settings_update(owner=user, **values)


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
        prefs_set(alice, reminder_days=10)
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
        prefs_set(alice, reminder_days=7)
        emails.send_weekly_digest(user=alice, today=MONDAY)
        assert "Webflow landing page: sent 1 Feb 2026, 15 days ago" in mail.outbox[0].body
        assert mail.outbox[0].subject.startswith("3 applications")

    def test_it_sends_nothing_when_the_digest_is_off(
        self, alice: User, overdue: dict[str, object]
    ) -> None:
        prefs_set(alice, weekly_digest=False)
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
            mock.patch(
                "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")
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
        prefs_set(off, weekly_digest=False)
        no_mail = UserFactory(username="nomail", email="")
        for user in (alice, off, no_mail):
            ApplicationFactory(owner=user, submitted_on=date(2025, 12, 1))
        ApplicationFactory(owner=bob, submitted_on=date(2025, 12, 1), outcome="declined")
        assert list(emails.weekly_digest_recipients()) == [alice]
