"""A starting balance is "N connects as of a moment": what happened by then is inside it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger import services
from ledger.importers.history_import import (
    history_import,
    history_parse,
    history_plan,
)
from ledger.models import ConnectsEntry, EntryKind, LedgerSettings
from ledger.selectors import balance_at, balance_of

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "history"
SAVED = datetime(2026, 1, 12, 18, 30, tzinfo=UTC)  # the sample page: "Today" is Jan 12


def _page() -> str:
    return (FIXTURES / "connects_history_sample.txt").read_text(encoding="utf-8")


def _opening(owner: User) -> list[tuple[date, int]]:
    return list(
        ConnectsEntry.objects.filter(owner=owner, kind=EntryKind.OPENING_BALANCE)
        .order_by("id")
        .values_list("occurred_on", "connects")
    )


class TestTheOnboardingOrder:
    """Issue 14, story 1: 451 on Upwork is 451 in Bidbook, whichever is entered first."""

    def test_balance_first_then_the_page_ends_at_upworks_balance(self, alice: User) -> None:
        services.starting_balance_set(owner=alice, connects=451)
        summary = history_import(owner=alice, text=_page(), saved_at=SAVED)
        assert balance_of(alice) == 451
        assert summary["difference"] == 0
        assert summary["inside_starting_balance"] == 18
        assert summary["connects_inside"] == -56

    def test_the_page_first_then_the_balance_ends_at_upworks_balance(self, alice: User) -> None:
        history_import(owner=alice, text=_page(), saved_at=SAVED)
        assert balance_of(alice) == -56
        services.starting_balance_set(owner=alice, connects=451)
        assert balance_of(alice) == 451

    def test_a_balance_as_of_the_pages_moment_agrees_both_ways(
        self, alice: User, bob: User
    ) -> None:
        services.starting_balance_set(owner=alice, connects=451, as_of=SAVED)
        history_import(owner=alice, text=_page(), saved_at=SAVED)
        history_import(owner=bob, text=_page(), saved_at=SAVED)
        services.starting_balance_set(owner=bob, connects=451, as_of=SAVED)
        assert balance_of(alice) == balance_of(bob) == 451

    def test_januarys_running_balance_never_goes_negative(self, alice: User) -> None:
        services.starting_balance_set(owner=alice, connects=451)
        history_import(owner=alice, text=_page(), saved_at=SAVED)
        first = min(ConnectsEntry.objects.filter(owner=alice).values_list("occurred_on", flat=True))
        assert first == date(2026, 1, 9)
        assert balance_at(alice, first - timedelta(days=1)) == 0
        day, running = first, []
        while day <= date(2026, 1, 12):
            running.append(balance_at(alice, day))
            day += timedelta(days=1)
        assert min(running) > 0
        assert running[-1] == 451

    def test_moving_the_balance_reverses_the_old_entry_and_never_edits_it(
        self, alice: User
    ) -> None:
        services.starting_balance_set(owner=alice, connects=451)
        today = timezone.localdate()
        assert _opening(alice) == [(today, 451)]
        history_import(owner=alice, text=_page(), saved_at=SAVED)
        # The page's rows are older: the balance now starts on their first day, 507 connects.
        assert _opening(alice) == [(today, 451), (date(2026, 1, 9), 507), (today, -451)]
        assert balance_of(alice) == 451

    def test_setting_it_twice_writes_nothing_more(self, alice: User) -> None:
        services.starting_balance_set(owner=alice, connects=451, as_of=SAVED)
        assert services.starting_balance_set(owner=alice, connects=451, as_of=SAVED) == []
        assert len(_opening(alice)) == 1

    def test_an_application_logged_after_the_moment_is_counted(self, alice: User) -> None:
        services.starting_balance_set(owner=alice, connects=451)
        services.application_submit(
            owner=alice, job_title="Later", submitted_on=timezone.localdate(), connects_paid=20
        )
        assert balance_of(alice) == 431

    def test_an_application_of_before_the_moment_is_already_inside_it(self, alice: User) -> None:
        services.starting_balance_set(owner=alice, connects=451)
        services.application_submit(
            owner=alice,
            job_title="Sent yesterday, logged today",
            submitted_on=timezone.localdate() - timedelta(days=1),
            connects_paid=20,
        )
        assert balance_of(alice) == 451

    def test_the_preview_says_which_rows_are_inside_and_agrees(
        self, alice: User, alice_client: Client
    ) -> None:
        services.starting_balance_set(owner=alice, connects=451)
        plan = history_plan(owner=alice, page=history_parse(_page(), SAVED), saved_at=SAVED)
        assert (len(plan.inside), plan.connects_inside, plan.balance_after) == (18, -56, 451)
        assert plan.difference == 0

    def test_a_real_difference_is_still_explained(self, alice: User) -> None:
        services.starting_balance_set(owner=alice, connects=451, as_of=SAVED)
        services.connects_adjust(
            owner=alice, connects=-5, note="Lost track", occurred_on=timezone.localdate()
        )
        plan = history_plan(owner=alice, page=history_parse(_page(), SAVED), saved_at=SAVED)
        assert plan.balance_after == 446
        assert plan.difference == 5


class TestItRefuses:
    def test_a_balance_out_of_range(self, alice: User) -> None:
        with pytest.raises(services.LedgerError, match="between 0 and 100,000"):
            services.starting_balance_set(owner=alice, connects=2**31)

    def test_a_moment_in_the_future(self, alice: User) -> None:
        with pytest.raises(services.LedgerError, match="future"):
            services.starting_balance_set(
                owner=alice, connects=10, as_of=timezone.now() + timedelta(days=2)
            )
        assert not LedgerSettings.objects.filter(user=alice, starting_balance=10).exists()


class TestTheSettingsPage:
    def test_it_sets_the_balance_as_of_the_moment_given(
        self, alice: User, alice_client: Client
    ) -> None:
        history_import(owner=alice, text=_page(), saved_at=SAVED)
        form = services.ledger_settings_for(alice)
        response = alice_client.post(
            reverse("ledger:settings"),
            {
                "price_per_connect": form.price_per_connect,
                "plan": form.plan,
                "grant_day": form.grant_day,
                "reminder_days": form.reminder_days,
                "starting_balance": 451,
                "starting_balance_as_of": "2026-01-12T18:30",
            },
        )
        assert response.status_code == 302
        settings = LedgerSettings.objects.get(user=alice)
        assert settings.starting_balance == 451
        assert settings.starting_balance_as_of == SAVED
        assert balance_of(alice) == 451

    def test_a_future_moment_is_refused_with_a_sentence(
        self, alice: User, alice_client: Client
    ) -> None:
        response = alice_client.post(
            reverse("ledger:settings"),
            {
                "price_per_connect": "0.15",
                "plan": "basic",
                "grant_day": 1,
                "reminder_days": 30,
                "starting_balance": 451,
                "starting_balance_as_of": "2999-01-01T00:00",
            },
        )
        assert response.status_code == 200
        assert "cannot be dated in the future" in response.content.decode()
        assert balance_of(alice) == 0


class TestTheCommand:
    def test_it_uses_the_same_service(self, alice: User) -> None:
        history_import(owner=alice, text=_page(), saved_at=SAVED)
        out = StringIO()
        call_command(
            "set_starting_balance",
            "--user",
            "alice",
            "451",
            "--as-of",
            "2026-01-12T18:30",
            stdout=out,
        )
        assert LedgerSettings.objects.get(user=alice).starting_balance_as_of == SAVED
        assert "Balance now: 451." in out.getvalue()

    def test_it_names_what_is_wrong(self, alice: User) -> None:
        with pytest.raises(CommandError, match="No user"):
            call_command("set_starting_balance", "--user", "nobody", "5")
        with pytest.raises(CommandError, match="--as-of must be an ISO 8601"):
            call_command("set_starting_balance", "--user", "alice", "5", "--as-of", "soon")
        with pytest.raises(CommandError, match="between 0 and"):
            call_command("set_starting_balance", "--user", "alice", "--", "-5")
