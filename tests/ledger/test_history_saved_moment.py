"""'Today' on a Connects History page is the day it was saved; every row is checked first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ledger import services
from ledger.importers.history_import import (
    HistoryImportError,
    history_import,
    history_parse,
    history_plan,
    history_upload,
)
from ledger.importers.history_moment import embedded_saved_at
from ledger.models import ConnectsEntry, ImportBatch
from ledger.selectors import balance_of
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "history"
SAVED = datetime(2026, 1, 12, 18, 30, tzinfo=UTC)
# What a page saved by the browser carries in Upwork's embedded state, one per movement.
EMBEDDED = (
    '<script>window.__NUXT__={"transactions":[{"timestamp":"Mon Jan 12 09:18:01 UTC 2026"},'
    '{"timestamp":"Sun Jan 11 17:54:01 UTC 2026"},{"timestamp":"Fri Jan 09 12:44:02 UTC 2026"}]}'
    "</script>"
)


def _html(embedded: bool = True) -> str:
    page = (FIXTURES / "connects_history_sample.html").read_text(encoding="utf-8")
    return page.replace("</body>", EMBEDDED + "</body>") if embedded else page


def _text() -> str:
    return (FIXTURES / "connects_history_sample.txt").read_text(encoding="utf-8")


def _today_rows(owner: User) -> int:
    return ConnectsEntry.objects.filter(owner=owner, occurred_on=date(2026, 1, 12)).count()


class TestTheSavedMoment:
    def test_a_saved_page_says_when_it_was_saved(self) -> None:
        assert embedded_saved_at(_html()) == datetime(2026, 1, 12, 9, 18, 1, tzinfo=UTC)
        assert embedded_saved_at(_text()) is None

    def test_todays_rows_are_dated_the_day_the_page_was_saved(self, alice: User) -> None:
        batch = history_upload(owner=alice, text=_html(), file_name="history.html")
        assert batch.parsed_at == datetime(2026, 1, 12, 9, 18, 1, tzinfo=UTC)
        history_import(owner=alice, text=_html())
        assert _today_rows(alice) == 7
        assert not ConnectsEntry.objects.filter(owner=alice, occurred_on__gt=date(2026, 1, 12))

    def test_the_pages_own_times_beat_what_the_form_says(self, alice: User) -> None:
        batch = history_upload(
            owner=alice, text=_html(), file_name="h.html", saved_at=SAVED + timedelta(days=300)
        )
        assert batch.parsed_at.date() == date(2026, 1, 12)

    def test_a_copy_is_read_against_the_moment_given(self, alice: User) -> None:
        batch = history_upload(owner=alice, text=_text(), file_name="", saved_at=SAVED)
        assert batch.parsed_at == SAVED
        history_import(owner=alice, text=_text(), saved_at=SAVED)
        assert _today_rows(alice) == 7

    def test_a_moment_in_the_future_is_refused(self, alice: User) -> None:
        with pytest.raises(HistoryImportError, match="in the future"):
            history_upload(
                owner=alice, text=_text(), file_name="", saved_at=timezone.now() + timedelta(days=3)
            )
        assert not ImportBatch.objects.filter(owner=alice).exists()

    def test_the_form_takes_page_saved_on_and_the_preview_shows_the_dates(
        self, alice: User, alice_client: Client
    ) -> None:
        response = alice_client.post(
            reverse("history:import"), {"text": _text(), "saved_at": "2026-01-12T18:30"}
        )
        batch = ImportBatch.objects.get(owner=alice)
        assert batch.parsed_at == SAVED
        preview = alice_client.get(reverse("history:preview", args=[batch.pk])).content.decode()
        assert response.status_code == 302
        assert 'so its "Today" is written as <strong>Jan 12, 2026</strong>' in preview
        assert preview.count("Jan 12, 2026</td>") == 7

    def test_the_form_refuses_a_future_moment_and_keeps_the_paste(
        self, alice: User, alice_client: Client
    ) -> None:
        response = alice_client.post(
            reverse("history:import"), {"text": _text(), "saved_at": "2999-01-01T00:00"}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "that is in the future" in body
        assert "Senior Full Stack Developer" in body  # the paste is kept

    def test_the_command_takes_saved_at_and_still_now(self, alice: User, bob: User) -> None:
        path = FIXTURES / "connects_history_sample.txt"
        out = StringIO()
        call_command(
            "import_connects_history",
            "--user",
            "alice",
            str(path),
            "--saved-at",
            "2026-01-12T18:30",
            stdout=out,
        )
        call_command(
            "import_connects_history",
            "--user",
            "bob",
            str(path),
            "--now",
            "2026-01-12T18:30",
            stdout=StringIO(),
        )
        assert _today_rows(alice) == _today_rows(bob) == 7
        assert "18 entries added" in out.getvalue()


def _page_with(date_line: str, amount: str) -> str:
    """The sample copy with one more proposal row on top, dated and priced as given."""
    spoken = amount.lstrip("-")
    row = f"{date_line}\nApplied to job\nWay later job\nSam Freelancer\n\u2014\n{amount}\n"
    return _text().replace(
        "Connects\nToday\n", f"Connects\n{row}Spent {spoken} Connects\nToday\n", 1
    )


class TestEveryRowIsChecked:
    """Issue 14, story 7: refused with a sentence in the preview, never a DataError."""

    def test_a_row_after_the_saved_moment_is_refused(self, alice: User) -> None:
        text = _page_with("December 31, 9999", "-10")
        plan = history_plan(owner=alice, page=history_parse(text, SAVED), saved_at=SAVED)
        assert [r.date for r, _ in plan.refused] == [date(9999, 12, 31)]
        assert (
            "Dec 31, 9999: Applied to job (-10): dated after the page was saved (Jan 12, 2026), "
            "which cannot be, so it was not imported"
        ) in plan.not_understood
        summary = history_import(owner=alice, text=text, saved_at=SAVED)
        assert summary["written"] == 18
        assert balance_of(alice) == -56

    def test_the_day_after_is_allowed_for_time_zones(self, alice: User) -> None:
        text = _page_with("January 13, 2026", "-10")
        plan = history_plan(owner=alice, page=history_parse(text, SAVED), saved_at=SAVED)
        assert plan.refused == []

    def test_an_amount_beyond_any_upwork_figure_is_refused(self, alice: User) -> None:
        text = _page_with("January 12, 2026", "-2,147,483,648")
        summary = history_import(owner=alice, text=text, saved_at=SAVED)
        assert summary["written"] == 18
        assert balance_of(alice) == -56
        plan = history_plan(owner=alice, page=history_parse(text, SAVED), saved_at=SAVED)
        assert plan.refused[0][1] == (
            "more than 10,000 connects in one row is not a figure Upwork shows"
        )

    def test_the_preview_lists_the_refusal(self, alice: User, alice_client: Client) -> None:
        alice_client.post(
            reverse("history:import"),
            {"text": _page_with("December 31, 9999", "-10"), "saved_at": "2026-01-12T18:30"},
        )
        batch = ImportBatch.objects.get(owner=alice)
        preview = alice_client.get(reverse("history:preview", args=[batch.pk]))
        assert preview.status_code == 200
        assert "dated after the page was saved (Jan 12, 2026)" in preview.content.decode()


class TestOutcomeDates:
    def test_an_outcome_before_the_submission_is_refused(self, alice: User) -> None:
        app = ApplicationFactory(owner=alice, submitted_on=date(2026, 1, 10))
        with pytest.raises(services.LedgerError, match=r"before the proposal was sent \(Jan 10"):
            services.application_set_outcome(
                application=app, outcome="client_cancelled", outcome_on=date(1, 1, 1)
            )
        app.refresh_from_db()
        assert (app.outcome, app.outcome_on) == ("", None)

    def test_the_web_form_says_why(self, alice: User, alice_client: Client) -> None:
        app = ApplicationFactory(owner=alice, submitted_on=date(2026, 1, 10))
        response = alice_client.post(
            reverse("ledger:application_outcome", args=[app.pk]),
            {"outcome": "client_cancelled", "outcome_on": "0001-01-01"},
            follow=True,
        )
        assert response.status_code == 200
        assert "before the proposal was sent (Jan 10, 2026)" in response.content.decode()
        assert ConnectsEntry.objects.filter(owner=alice, kind="refund").count() == 0
