"""The ledger settings: price, plan, reminders and the starting balance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger import services
from ledger.models import ConnectsEntry, LedgerSettings
from ledger.selectors import balance_of, ledger_settings_for

pytestmark = pytest.mark.django_db

SETTINGS = reverse("ledger:settings")
VALID = {
    "price_per_connect": "0.15",
    "plan": "plus",
    "grant_day": "15",
    "reminder_days": "21",
    "weekly_digest": "on",
    "starting_balance": "0",
}


def _openings(owner: User) -> list[tuple[int, date]]:
    return list(
        ConnectsEntry.objects.filter(owner=owner, kind="opening_balance")
        .order_by("id")
        .values_list("connects", "occurred_on")
    )


def test_it_shows_the_form_with_the_current_settings(alice: User, alice_client: Client) -> None:
    services.opening_balance_set(owner=alice, connects=120, occurred_on=date(2026, 1, 1))
    response = alice_client.get(SETTINGS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Ledger settings · Bidbook</title>" in html
    assert f'action="{SETTINGS}"' in html
    assert "{#" not in html and "comment" not in html
    assert 'name="starting_balance" value="120"' in html
    assert 'name="price_per_connect" value="0.15' in html


def test_saving_keeps_every_setting(alice: User, alice_client: Client) -> None:
    response = alice_client.post(SETTINGS, {**VALID, "price_per_connect": "0.1750"})
    assert response.status_code == 302 and response["Location"] == SETTINGS
    saved = LedgerSettings.objects.get(user=alice)
    assert (
        saved.price_per_connect,
        saved.plan,
        saved.grant_day,
        saved.reminder_days,
        saved.weekly_digest,
        saved.monthly_report,
    ) == (Decimal("0.1750"), "plus", 15, 21, True, False)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Ledger settings saved."]


def test_a_starting_balance_writes_an_opening_entry_and_a_change_writes_the_difference(
    alice: User, alice_client: Client
) -> None:
    alice_client.post(SETTINGS, {**VALID, "starting_balance": "100"})
    assert _openings(alice) == [(100, timezone.localdate())]
    alice_client.post(SETTINGS, {**VALID, "starting_balance": "80"})
    assert [c for c, _ in _openings(alice)] == [100, -20]
    assert balance_of(alice) == 80


def test_the_opening_entry_is_dated_on_the_first_day_of_what_it_holds(
    alice: User, alice_client: Client
) -> None:
    services.application_submit(
        owner=alice, job_title="Old job", submitted_on=date(2026, 1, 10), connects_paid=16
    )
    # 50 as of now: the proposal of Jan 10 is inside it, so the ledger starts at 66 that day.
    alice_client.post(SETTINGS, {**VALID, "starting_balance": "50"})
    assert _openings(alice) == [(66, date(2026, 1, 10))]
    assert balance_of(alice) == 50


def test_saving_without_changing_the_balance_writes_nothing(
    alice: User, alice_client: Client
) -> None:
    services.opening_balance_set(owner=alice, connects=60, occurred_on=date(2026, 1, 1))
    alice_client.post(SETTINGS, {**VALID, "starting_balance": "60"})
    assert _openings(alice) == [(60, date(2026, 1, 1))]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        (
            {"starting_balance": "-1"},
            "Starting balance: Ensure this value is greater than or equal to 0.",
        ),
        (
            {"starting_balance": "100001"},
            "Starting balance: Ensure this value is less than or equal to 100000.",
        ),
        ({"grant_day": "29"}, "Grant day: Ensure this value is less than or equal to 28."),
        ({"price_per_connect": "abc"}, "Price per connect: Enter a number."),
        ({"plan": "gold"}, "Plan: Select a valid choice."),
    ],
)
def test_bad_values_are_named_and_nothing_is_saved(
    alice: User, alice_client: Client, changes: dict[str, str], error: str
) -> None:
    response = alice_client.post(SETTINGS, {**VALID, **changes})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert ledger_settings_for(alice).plan == "basic"
    assert _openings(alice) == []


def test_a_page_that_includes_the_form_can_ask_to_come_back(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post(SETTINGS, {**VALID, "next": "/settings/"})
    assert response["Location"] == "/settings/"
    elsewhere = alice_client.post(SETTINGS, {**VALID, "next": "https://evil.example.com/"})
    assert elsewhere["Location"] == SETTINGS


def test_an_invalid_post_keeps_where_to_come_back_to(alice_client: Client) -> None:
    response = alice_client.post(SETTINGS, {**VALID, "grant_day": "0", "next": "/settings/"})
    assert response.status_code == 200
    assert '<input type="hidden" name="next" value="/settings/">' in response.content.decode()


class TestReadsNeverWrite:
    """The settings row is created by the first change, never by a page or a report reading it."""

    def test_reading_gives_the_defaults_unsaved(self, alice: User) -> None:
        settings = ledger_settings_for(alice)
        assert settings.pk is None
        assert (settings.price_per_connect, settings.plan, settings.grant_day) == (
            Decimal("0.15"),
            "basic",
            1,
        )
        assert (settings.reminder_days, settings.weekly_digest, settings.monthly_report) == (
            30,
            True,
            False,
        )
        assert LedgerSettings.objects.count() == 0

    def test_pages_that_show_the_settings_create_no_row(
        self, alice: User, alice_client: Client
    ) -> None:
        for url in (reverse("home"), reverse("settings"), SETTINGS, reverse("ledger:entries")):
            assert alice_client.get(url).status_code == 200
        assert LedgerSettings.objects.count() == 0

    def test_the_first_change_creates_the_row_and_the_next_changes_it(self, alice: User) -> None:
        services.ledger_settings_update(owner=alice, reminder_days=14)
        services.ledger_settings_update(owner=alice, plan="plus")
        row = LedgerSettings.objects.get()
        assert (row.user, row.reminder_days, row.plan) == (alice, 14, "plus")

    def test_an_unknown_setting_is_refused(self, alice: User) -> None:
        with pytest.raises(TypeError, match="not a ledger setting: colour"):
            services.ledger_settings_update(owner=alice, colour="blue")
        assert LedgerSettings.objects.count() == 0
