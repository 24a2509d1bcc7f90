"""Progress of long imports: the helpers a task calls, failure for good, and the polling page."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from celery import shared_task
from django.db import OperationalError, connection, connections, transaction
from django.test import Client

from accounts.models import User
from ledger import import_progress
from ledger.import_progress import (
    ImportBatchTask,
    batch_fail,
    batch_finish,
    batch_progress,
)
from ledger.models import ConnectsEntry, ImportBatch
from ledger.services import LedgerError, connects_purchase
from tests.factories import ImportBatchFactory

State = ImportBatch.State


def _state(batch: ImportBatch) -> tuple[str, int, int, str]:
    batch.refresh_from_db()
    return batch.state, batch.rows_done, batch.rows_total, batch.error


@pytest.fixture(autouse=True)
def _fresh_memo() -> None:
    import_progress._last_percent.clear()
    import_progress._side_blocked.clear()


@pytest.mark.django_db
class TestHelpers:
    def test_progress_marks_the_batch_running_with_its_counts(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice)
        batch_progress(batch.pk, 30, 120)
        assert _state(batch) == (State.RUNNING, 30, 120, "")
        assert batch.percent == 25

    def test_progress_is_written_only_when_the_percent_moves(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice)
        batch_progress(batch.pk, 1, 1000)
        batch_progress(batch.pk, 4, 1000)  # still 0%: not written
        assert _state(batch)[1] == 1
        batch_progress(batch.pk, 10, 1000)  # 1%: written
        assert _state(batch)[1] == 10
        batch_progress(batch.pk, 1000, 1000)
        assert _state(batch)[1:3] == (1000, 1000)

    def test_progress_leaves_a_finished_batch_alone(self, alice: User) -> None:
        done = ImportBatchFactory(owner=alice, state=State.DONE, rows_total=3, rows_done=3)
        failed = ImportBatchFactory(owner=alice, state=State.FAILED, error="Bad row")
        batch_progress(done.pk, 1, 10)
        batch_progress(failed.pk, 1, 10)
        assert _state(done) == (State.DONE, 3, 3, "")
        assert _state(failed) == (State.FAILED, 0, 0, "Bad row")

    def test_finish_records_the_summary_and_every_row_done(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice, state=State.RUNNING, rows_total=40, rows_done=39)
        batch_finish(batch.pk, {"written": 38, "already_there": 2})
        assert _state(batch) == (State.DONE, 40, 40, "")
        assert batch.summary == {"written": 38, "already_there": 2}
        assert batch.finished_at is not None
        assert batch.percent == 100

    def test_fail_records_the_message(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice, state=State.RUNNING)
        batch_fail(batch.pk, "Line 3 has no date.")
        assert _state(batch)[::3] == (State.FAILED, "Line 3 has no date.")
        assert batch.finished_at is not None

    def test_fail_does_not_undo_a_finished_import(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice, state=State.DONE)
        batch_fail(batch.pk, "too late")
        assert _state(batch)[::3] == (State.DONE, "")


# --------------------------------------------------------------------------------------------
# An import task built on ImportBatchTask: all rows or none, and a visible error
# --------------------------------------------------------------------------------------------
@shared_task(bind=True, base=ImportBatchTask, name="tests.import_purchases")
def import_purchases(self: ImportBatchTask, batch_id: int) -> dict[str, int]:
    """Each payload line is "YYYY-MM-DD,connects"; a bad line fails the whole import."""
    batch = ImportBatch.objects.select_related("owner").get(pk=batch_id)
    lines = batch.payload.splitlines()
    batch_progress(batch_id, 0, len(lines))
    with transaction.atomic():
        for i, line in enumerate(lines, 1):
            day, connects = line.split(",")
            if not connects.strip().isdigit():
                raise LedgerError(f"line {i} has no number of connects")
            connects_purchase(
                owner=batch.owner,
                connects=int(connects),
                usd_paid=Decimal("0.15") * int(connects),
                occurred_on=date.fromisoformat(day),
            )
            batch_progress(batch_id, i, len(lines))
        summary = {"written": len(lines)}
        batch_finish(batch_id, summary)
    return summary


@shared_task(bind=True, base=ImportBatchTask, name="tests.import_crashes")
def import_crashes(self: ImportBatchTask, batch_id: int) -> None:
    raise KeyError("surprise")


@pytest.mark.django_db
class TestImportTask:
    def test_a_successful_import_ends_done_with_its_summary(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice, payload="2026-01-02,40\n2026-01-03,20")
        assert import_purchases.delay(batch.pk).get() == {"written": 2}
        assert _state(batch) == (State.DONE, 2, 2, "")
        assert ConnectsEntry.objects.filter(owner=alice).count() == 2

    def test_an_import_that_fails_leaves_no_rows_and_an_error_for_the_user(
        self, alice: User
    ) -> None:
        batch = ImportBatchFactory(owner=alice, payload="2026-01-02,40\n2026-01-03,lots")
        with pytest.raises(LedgerError):
            import_purchases.delay(batch.pk)
        assert _state(batch)[::3] == (
            State.FAILED,
            "The import failed: line 2 has no number of connects",
        )
        assert not ConnectsEntry.objects.filter(owner=alice).exists()

    def test_pythons_own_errors_are_not_shown_to_the_user(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice, payload="2026-01-02,40,extra")
        with pytest.raises(ValueError):
            import_purchases.delay(batch.pk)
        assert _state(batch)[::3] == (
            State.FAILED,
            "The import failed because of an unexpected error (ValueError). "
            "Please try again; if it keeps failing, contact support.",
        )

    def test_an_unexpected_error_gets_a_plain_message(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice)
        with pytest.raises(KeyError):
            import_crashes.delay(batch_id=batch.pk)
        assert _state(batch)[::3] == (
            State.FAILED,
            "The import failed because of an unexpected error (KeyError). "
            "Please try again; if it keeps failing, contact support.",
        )

    def test_a_database_error_that_outlasts_the_retries_fails_the_batch(
        self, alice: User, settings: Any
    ) -> None:
        settings.CELERY_TASK_EAGER_PROPAGATES = False  # retry as a worker would
        calls = {"n": 0}

        @shared_task(
            bind=True,
            base=ImportBatchTask,
            name="tests.import_db_down",
            autoretry_for=(OperationalError,),
            retry_kwargs={"max_retries": 2},
        )
        def db_down(self: ImportBatchTask, batch_id: int) -> None:
            calls["n"] += 1
            batch_progress(batch_id, calls["n"], 10)
            raise OperationalError("the database is down")

        batch = ImportBatchFactory(owner=alice)
        result = db_down.delay(batch.pk)
        assert result.state == "FAILURE"
        assert calls["n"] == 3
        assert _state(batch)[::3] == (
            State.FAILED,
            "The import failed because of an unexpected error (OperationalError). "
            "Please try again; if it keeps failing, contact support.",
        )

    def test_a_retry_in_between_does_not_fail_the_batch(self, alice: User, settings: Any) -> None:
        settings.CELERY_TASK_EAGER_PROPAGATES = False
        calls = {"n": 0}

        @shared_task(
            bind=True,
            base=ImportBatchTask,
            name="tests.import_flaky",
            autoretry_for=(OperationalError,),
            retry_kwargs={"max_retries": 2},
        )
        def flaky(self: ImportBatchTask, batch_id: int) -> None:
            calls["n"] += 1
            if calls["n"] == 1:
                raise OperationalError("a blip")
            batch_finish(batch_id, {"written": 0})

        batch = ImportBatchFactory(owner=alice)
        flaky.delay(batch.pk)
        assert _state(batch)[0] == State.DONE


# --------------------------------------------------------------------------------------------
# PostgreSQL: progress is visible to the polling page while the import's transaction is open
# --------------------------------------------------------------------------------------------
def _seen_from_another_connection(batch_id: int) -> tuple[str, int]:
    seen: list[tuple[str, int]] = []

    def look() -> None:
        try:
            batch = ImportBatch.objects.get(pk=batch_id)
            seen.append((batch.state, batch.rows_done))
        finally:
            connections.close_all()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join(timeout=10)
    return seen[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class TestProgressDuringATransaction:
    @pytest.fixture(autouse=True)
    def _postgres_only(self) -> None:
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL; SQLite has one writer at a time")

    def test_progress_inside_the_import_transaction_is_seen_at_once(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice)
        with transaction.atomic():
            connects_purchase(owner=alice, connects=40, usd_paid=6, occurred_on=date(2026, 1, 2))
            batch_progress(batch.pk, 5, 10)
            assert _seen_from_another_connection(batch.pk) == (State.RUNNING, 5)
            assert ConnectsEntry.objects.filter(owner=alice).count() == 1
        assert _state(batch)[:2] == (State.RUNNING, 5)

    def test_a_failure_written_inside_a_transaction_survives_its_rollback(
        self, alice: User
    ) -> None:
        batch = ImportBatchFactory(owner=alice, state=State.RUNNING)
        with pytest.raises(RuntimeError), transaction.atomic():
            connects_purchase(owner=alice, connects=40, usd_paid=6, occurred_on=date(2026, 1, 2))
            batch_fail(batch.pk, "Row 2 is not a Connects History row.")
            raise RuntimeError("rolled back")
        assert _state(batch)[::3] == (State.FAILED, "Row 2 is not a Connects History row.")
        assert not ConnectsEntry.objects.exists()

    def test_a_batch_row_the_import_holds_is_updated_inside_the_import(self, alice: User) -> None:
        batch = ImportBatchFactory(owner=alice)
        with transaction.atomic():
            ImportBatch.objects.select_for_update().get(pk=batch.pk)  # the import holds the row
            batch_progress(batch.pk, 1, 10)  # waits for the lock once, then writes here
            with mock.patch.object(
                import_progress,
                "_update_on_side_connection",
                wraps=import_progress._update_on_side_connection,
            ) as side:
                batch_progress(batch.pk, 5, 10)
            assert side.call_count == 0  # no second wait for the lock
            assert _state(batch)[:2] == (State.RUNNING, 5)
        assert _state(batch)[:2] == (State.RUNNING, 5)

    def test_a_batch_created_in_the_same_transaction_still_gets_its_progress(
        self, alice: User
    ) -> None:
        with transaction.atomic():
            batch = ImportBatchFactory(owner=alice)
            batch_progress(batch.pk, 3, 10)
            assert _state(batch)[:2] == (State.RUNNING, 3)


# --------------------------------------------------------------------------------------------
# The page that polls
# --------------------------------------------------------------------------------------------
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
class TestProgressPage:
    def test_a_running_import_shows_a_bar_that_polls_itself(
        self, alice: User, alice_client: Client
    ) -> None:
        batch = ImportBatchFactory(owner=alice, state=State.RUNNING, rows_total=8, rows_done=2)
        response = alice_client.get(f"/imports/{batch.pk}/", **HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html  # the partial only
        assert '<progress max="100" value="25"' in html
        assert "25%" in html
        assert "Importing: 2 of 8 rows." in html
        assert f'hx-get="/imports/{batch.pk}/"' in html
        assert 'hx-trigger="every 1s"' in html
        assert 'hx-swap="outerHTML"' in html

    def test_without_htmx_it_is_a_full_page_with_a_refresh_link(
        self, alice: User, alice_client: Client
    ) -> None:
        batch = ImportBatchFactory(owner=alice, state=State.QUEUED)
        response = alice_client.get(f"/imports/{batch.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" in html
        assert "<h1>Connects History import</h1>" in html
        assert "Queued: the import starts in a moment." in html
        assert f'<noscript><p><a href="/imports/{batch.pk}/">Refresh</a></p></noscript>' in html
        assert 'http-equiv="refresh"' not in html

    def test_a_finished_import_shows_its_summary_and_stops_polling(
        self, alice: User, alice_client: Client
    ) -> None:
        batch = ImportBatchFactory(
            owner=alice,
            state=State.DONE,
            rows_total=12,
            rows_done=12,
            summary={"written": 10, "already_there": 2},
        )
        html = alice_client.get(f"/imports/{batch.pk}/", **HTMX).content.decode()
        assert "Import finished." in html
        assert "<li>10 entries added</li>" in html
        assert "<li>Already there: 2</li>" in html
        assert "hx-get" not in html
        assert "<progress" not in html

    def test_a_failed_import_shows_its_error_and_stops_polling(
        self, alice: User, alice_client: Client
    ) -> None:
        batch = ImportBatchFactory(
            owner=alice, state=State.FAILED, error="The import failed: line 2 <b>bad</b>"
        )
        html = alice_client.get(f"/imports/{batch.pk}/", **HTMX).content.decode()
        assert "The import failed: line 2 &lt;b&gt;bad&lt;/b&gt;" in html
        assert 'role="alert"' in html
        assert "hx-get" not in html

    def test_another_users_import_is_not_found(self, alice: User, bob_client: Client) -> None:
        batch = ImportBatchFactory(owner=alice, state=State.RUNNING)
        assert bob_client.get(f"/imports/{batch.pk}/").status_code == 404
        assert bob_client.get(f"/imports/{batch.pk}/", **HTMX).status_code == 404

    def test_an_anonymous_visitor_is_asked_to_log_in(self, alice: User, client: Client) -> None:
        batch = ImportBatchFactory(owner=alice)
        response = client.get(f"/imports/{batch.pk}/")
        assert response.status_code == 302
        assert "/login" in response["Location"]
