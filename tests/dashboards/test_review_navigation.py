"""Where the review opens, which months it links to, and what an empty month says."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from accounts.models import User
from ledger import services
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_march_1st(monkeypatch: pytest.MonkeyPatch) -> datetime:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    return now


def _send(owner: User, day: date) -> None:
    services.application_submit(
        owner=owner, job_title=f"Job of {day}", submitted_on=day, connects_paid=16
    )


def test_it_opens_on_the_latest_month_with_an_application(
    alice: User, alice_client: Client, on_march_1st: datetime
) -> None:
    _send(alice, date(2026, 1, 20))

    response = alice_client.get("/review/")

    assert response.status_code == 302
    assert response["Location"] == "/review/2026-01/"


def test_an_entry_counts_as_activity_too(
    alice: User, bob: User, alice_client: Client, on_march_1st: datetime
) -> None:
    _send(alice, date(2026, 1, 20))
    EntryFactory(owner=alice, occurred_on=date(2026, 2, 3))
    EntryFactory(owner=bob, occurred_on=date(2026, 3, 1))  # bob's month is not alice's

    assert alice_client.get("/review/")["Location"] == "/review/2026-02/"


def test_a_new_user_opens_on_this_month(alice_client: Client, on_march_1st: datetime) -> None:
    assert alice_client.get("/review/")["Location"] == "/review/2026-03/"


def test_there_is_no_link_past_the_current_month(
    alice: User, alice_client: Client, on_march_1st: datetime
) -> None:
    february = alice_client.get("/review/2026-02/").content.decode()
    march = alice_client.get("/review/2026-03/").content.decode()
    this_year = alice_client.get("/year/2026/").content.decode()
    last_year = alice_client.get("/year/2025/").content.decode()

    assert 'href="/review/2026-03/" rel="next"' in february
    assert 'rel="next"' not in march and "/review/2026-04/" not in march
    assert 'href="/review/2026-02/" rel="prev"' in march
    assert "/year/2027/" not in this_year
    assert 'href="/year/2026/" rel="next"' in last_year


def test_an_empty_month_says_one_sentence_per_section_and_shows_no_empty_table(
    alice_client: Client, on_march_1st: datetime
) -> None:
    html = alice_client.get("/review/2026-03/").content.decode()
    words = " ".join(html.split())

    assert "<table" not in html
    assert "No applications sent this month." in words
    assert "No application this month was sent against a failing or warning rule." in words
    assert "no outcome to set against a verdict" in words
    assert "no score to set against an outcome" in words
    assert "No connects moved this month." in words
