"""An import after its preview: claimed by one task, kept alive by a heartbeat, sent again or
failed with a sentence when its worker is lost, tried again from its text, discarded, purged,
and bounded in the room it takes."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from config.celery_app import app
from config.limits import MB
from ledger.import_heartbeat import (
    HEARTBEAT_SECONDS,
    MAX_ATTEMPTS,
    STALE_SECONDS,
    SWEEP_SECONDS,
    batch_claim,
    batch_heartbeat,
)
from ledger.import_lifecycle import (
    LOST_WORKER,
    NEVER_STARTED,
    imports_purge,
    imports_recover_stalled,
    pending_import_bytes,
)
from ledger.importers.tasks import import_history_task
from ledger.models import ConnectsEntry, ImportBatch
from tests.factories import ImportBatchFactory

State = ImportBatch.State
SAMPLE = (
    Path(__file__).resolve().parents[1] / "fixtures/history/connects_history_sample.txt"
).read_text()
SAMPLE_NOW = datetime(2026, 1, 12, 18, 30, tzinfo=UTC)


def _history(owner: User, **fields: object) -> ImportBatch:
    return ImportBatchFactory(owner=owner, payload=SAMPLE, parsed_at=SAMPLE_NOW, **fields)


def _ago(seconds: float) -> datetime:
    return timezone.now() - timedelta(seconds=seconds)


# ---------------------------------------------------------------------------------------------
# The bound
# ---------------------------------------------------------------------------------------------
def test_a_lost_worker_is_noticed_well_within_five_minutes() -> None:
    worst = HEARTBEAT_SECONDS + MAX_ATTEMPTS * (STALE_SECONDS + SWEEP_SECONDS)
    assert worst == 190
    assert worst < 5 * 60
    assert app.conf.beat_schedule["stalled-imports"]["schedule"] == SWEEP_SECONDS


def test_the_broker_redelivers_only_after_the_longest_task_could_have_run() -> None:
    # A shorter visibility timeout would hand a running import to a second worker.
    options = app.conf.broker_transport_options
    assert options["visibility_timeout"] == app.conf.task_time_limit + 60


# ---------------------------------------------------------------------------------------------
# The claim and the heartbeat
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestTheClaim:
    def test_a_queued_batch_is_claimed_once(self, alice: User) -> None:
        batch = _history(alice)
        assert batch_claim(batch.pk) is True
        assert batch_claim(batch.pk) is False
        batch.refresh_from_db()
        assert batch.state == State.RUNNING

    def test_a_running_batch_gone_silent_can_be_claimed_again(self, alice: User) -> None:
        batch = _history(alice, state=State.RUNNING, heartbeat_at=_ago(STALE_SECONDS + 1))
        assert batch_claim(batch.pk) is True

    def test_a_retry_of_the_claiming_task_carries_on(self, alice: User) -> None:
        batch = _history(alice, state=State.RUNNING, heartbeat_at=_ago(1))
        assert batch_claim(batch.pk) is False
        assert batch_claim(batch.pk, retrying=True) is True

    @pytest.mark.parametrize("state", [State.DONE, State.FAILED, State.PREVIEW])
    def test_a_batch_that_is_not_waiting_is_never_claimed(self, alice: User, state: str) -> None:
        batch = _history(alice, state=state, heartbeat_at=_ago(3600))
        assert batch_claim(batch.pk, retrying=True) is False

    def test_a_second_message_for_a_claimed_batch_does_nothing(self, alice: User) -> None:
        batch = _history(alice, state=State.RUNNING, heartbeat_at=_ago(1))
        assert import_history_task.delay(batch.pk).get() is None
        assert not ConnectsEntry.objects.exists()
        assert ImportBatch.objects.get(pk=batch.pk).state == State.RUNNING


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_a_running_batch_fresh(alice: User) -> None:
    batch = _history(alice, state=State.RUNNING, heartbeat_at=_ago(3600))
    with batch_heartbeat(batch.pk, every=0.05):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            beat = ImportBatch.objects.get(pk=batch.pk).heartbeat_at
            if beat and beat > _ago(5):
                break
            time.sleep(0.05)
    assert ImportBatch.objects.get(pk=batch.pk).heartbeat_at > _ago(5)


# ---------------------------------------------------------------------------------------------
# Lost workers
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestRecovery:
    def test_a_batch_whose_worker_died_is_sent_again_and_finishes(
        self, alice: User, django_capture_on_commit_callbacks
    ) -> None:
        batch = _history(alice, state=State.RUNNING, attempts=1, heartbeat_at=_ago(90))
        batch.rows_done = 3
        batch.save(update_fields=["rows_done"])
        with django_capture_on_commit_callbacks(execute=True):
            assert imports_recover_stalled() == {"resent": 1, "failed": 0}
        batch.refresh_from_db()
        assert (batch.state, batch.attempts, batch.rows_done, batch.error) == (
            State.DONE,
            2,
            18,
            "",
        )
        assert ConnectsEntry.objects.filter(owner=alice, import_batch=batch).count() == 18

    def test_a_batch_lost_twice_fails_with_a_sentence_and_keeps_its_text(self, alice: User) -> None:
        batch = _history(alice, state=State.RUNNING, attempts=2, heartbeat_at=_ago(90))
        assert imports_recover_stalled() == {"resent": 0, "failed": 1}
        batch.refresh_from_db()
        assert (batch.state, batch.error) == (State.FAILED, LOST_WORKER)
        assert batch.error == (
            "The import stopped twice because the worker running it was lost. Nothing from it "
            "was saved. Press Try again; if it stops again, contact support."
        )
        assert batch.finished_at is not None
        assert batch.payload == SAMPLE

    def test_a_batch_no_worker_picks_up_fails_with_its_own_sentence(self, alice: User) -> None:
        batch = _history(alice, state=State.QUEUED, attempts=2, heartbeat_at=_ago(90))
        imports_recover_stalled()
        batch.refresh_from_db()
        assert (batch.state, batch.error) == (State.FAILED, NEVER_STARTED)

    def test_live_imports_and_finished_ones_are_left_alone(self, alice: User) -> None:
        alive = _history(alice, state=State.RUNNING, attempts=1, heartbeat_at=_ago(5))
        waiting = _history(alice, state=State.QUEUED, attempts=1, heartbeat_at=_ago(30))
        done = _history(alice, state=State.DONE, attempts=2, heartbeat_at=_ago(3600))
        preview = _history(alice, state=State.PREVIEW, heartbeat_at=None)
        assert imports_recover_stalled() == {"resent": 0, "failed": 0}
        states = dict(ImportBatch.objects.values_list("pk", "state"))
        assert states == {
            alive.pk: State.RUNNING,
            waiting.pk: State.QUEUED,
            done.pk: State.DONE,
            preview.pk: State.PREVIEW,
        }


# ---------------------------------------------------------------------------------------------
# Try again, discard
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestTryAgainAndDiscard:
    def test_a_failed_import_offers_try_again_and_runs_from_its_stored_text(
        self, alice: User, alice_client: Client, django_capture_on_commit_callbacks
    ) -> None:
        batch = _history(alice, state=State.FAILED, error="The broker was down.", attempts=1)
        page = alice_client.get(reverse("imports:progress", args=[batch.pk])).content.decode()
        assert "Try again" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = alice_client.post(reverse("imports:retry", args=[batch.pk]))
        assert response["Location"] == reverse("imports:progress", args=[batch.pk])
        batch.refresh_from_db()
        assert (batch.state, batch.error, batch.payload) == (State.DONE, "", "")
        assert ConnectsEntry.objects.filter(owner=alice, import_batch=batch).count() == 18

    def test_a_failed_import_without_its_text_has_no_try_again(
        self, alice: User, alice_client: Client
    ) -> None:
        batch = _history(alice, state=State.FAILED, error="Broken.")
        ImportBatch.objects.filter(pk=batch.pk).update(payload="")
        page = alice_client.get(reverse("imports:progress", args=[batch.pk])).content.decode()
        assert "Try again" not in page
        alice_client.post(reverse("imports:retry", args=[batch.pk]))
        assert ImportBatch.objects.get(pk=batch.pk).state == State.FAILED

    def test_a_done_import_is_not_run_again(self, alice: User, alice_client: Client) -> None:
        batch = _history(alice, state=State.DONE)
        response = alice_client.post(reverse("imports:retry", args=[batch.pk]), follow=True)
        assert "cannot be tried again" in response.content.decode()
        assert not ConnectsEntry.objects.exists()

    def test_bob_can_neither_retry_nor_discard_alices_import(
        self, alice: User, bob_client: Client
    ) -> None:
        batch = _history(alice, state=State.FAILED)
        assert bob_client.post(reverse("imports:retry", args=[batch.pk])).status_code == 404
        assert bob_client.post(reverse("imports:discard", args=[batch.pk])).status_code == 404
        assert ImportBatch.objects.get(pk=batch.pk).state == State.FAILED

    def test_a_preview_is_discarded_with_its_text(self, alice: User, alice_client: Client) -> None:
        batch = _history(alice, state=State.PREVIEW)
        response = alice_client.post(reverse("imports:discard", args=[batch.pk]))
        assert response["Location"] == reverse("history:import")
        assert not ImportBatch.objects.filter(pk=batch.pk).exists()

    def test_a_running_import_cannot_be_discarded(self, alice: User, alice_client: Client) -> None:
        batch = _history(alice, state=State.RUNNING, heartbeat_at=_ago(1))
        alice_client.post(reverse("imports:discard", args=[batch.pk]))
        assert ImportBatch.objects.filter(pk=batch.pk).exists()

    def test_retry_and_discard_answer_only_posts(self, alice: User, alice_client: Client) -> None:
        batch = _history(alice, state=State.FAILED)
        assert alice_client.get(reverse("imports:retry", args=[batch.pk])).status_code == 405
        assert alice_client.get(reverse("imports:discard", args=[batch.pk])).status_code == 405


# ---------------------------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestPurge:
    def test_week_old_previews_and_failures_go_and_newer_ones_stay(self, alice: User) -> None:
        old_preview = _history(alice, state=State.PREVIEW)
        new_preview = _history(alice, state=State.PREVIEW)
        old_failure = _history(alice, state=State.FAILED)
        new_failure = _history(alice, state=State.FAILED)
        running = _history(alice, state=State.RUNNING, heartbeat_at=_ago(1))
        ImportBatch.objects.filter(pk__in=[old_preview.pk, running.pk]).update(
            created_at=_ago(8 * 86400)
        )
        ImportBatch.objects.filter(pk=new_preview.pk).update(created_at=_ago(6 * 86400))
        ImportBatch.objects.filter(pk=old_failure.pk).update(finished_at=_ago(7 * 86400 + 60))
        ImportBatch.objects.filter(pk=new_failure.pk).update(
            created_at=_ago(30 * 86400), finished_at=_ago(86400)
        )
        assert imports_purge() == {"previews": 1, "failed": 1, "payloads_dropped": 0}
        assert set(ImportBatch.objects.values_list("pk", flat=True)) == {
            new_preview.pk,
            new_failure.pk,
            running.pk,
        }

    def test_a_done_import_keeps_no_text(self, alice: User) -> None:
        batch = _history(alice, state=State.QUEUED)
        import_history_task.delay(batch.pk)
        batch.refresh_from_db()
        assert (batch.state, batch.payload) == (State.DONE, "")
        # One left over from before the import dropped it itself:
        _history(alice, state=State.DONE)
        assert imports_purge()["payloads_dropped"] == 1
        assert not ImportBatch.objects.exclude(payload="").exists()

    def test_run_scheduled_purges_and_recovers_too(self, alice: User) -> None:
        old = _history(alice, state=State.PREVIEW)
        ImportBatch.objects.filter(pk=old.pk).update(created_at=_ago(8 * 86400))
        lost = _history(alice, state=State.RUNNING, attempts=2, heartbeat_at=_ago(600))
        out = StringIO()
        call_command("run_scheduled", "--today", "2026-01-10", stdout=out)
        assert "Stalled imports: {'resent': 0, 'failed': 1}" in out.getvalue()
        assert "Old imports purged: {'previews': 1, 'failed': 0, 'payloads_dropped': 0}" in (
            out.getvalue()
        )
        assert ImportBatch.objects.get(pk=lost.pk).state == State.FAILED
        assert not ImportBatch.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
class TestRoom:
    def test_pending_bytes_are_counted_in_bytes_of_unfinished_imports_only(
        self, alice: User, bob: User
    ) -> None:
        ImportBatchFactory(owner=alice, state=State.PREVIEW, payload="é" * 10)  # 20 bytes
        ImportBatchFactory(owner=alice, state=State.FAILED, payload="x" * 7)
        ImportBatchFactory(owner=alice, state=State.DONE, payload="x" * 1000)
        ImportBatchFactory(owner=bob, state=State.PREVIEW, payload="x" * 1000)
        assert pending_import_bytes(alice) == 27

    def _fill(self, owner: User, megabytes: float) -> None:
        ImportBatchFactory(
            owner=owner, state=State.FAILED, payload="x" * int(megabytes * MB), kind="csv"
        )

    def test_a_paste_past_twenty_megabytes_of_pending_imports_is_refused_with_a_sentence(
        self, alice: User, alice_client: Client
    ) -> None:
        self._fill(alice, 19.5)
        # The room is checked before the text is read: filler will do.
        text = SAMPLE + "\n" + "x" * (int(0.6 * MB) - len(SAMPLE.encode()) - 1)
        response = alice_client.post(reverse("history:import"), {"text": text})
        assert response.status_code == 200
        page = response.content.decode()
        assert (
            "Your unfinished imports already keep 19.5 MB, and Bidbook keeps at most 20.0 MB "
            "per account: this one (0.6 MB) does not fit. Confirm or discard the imports "
            "waiting for you, or wait: unconfirmed and failed imports are removed after 7 days."
        ) in page
        assert ImportBatch.objects.filter(owner=alice).count() == 1

    def test_a_paste_that_fits_is_kept(self, alice: User, alice_client: Client) -> None:
        self._fill(alice, 19.5)
        response = alice_client.post(reverse("history:import"), {"text": SAMPLE})
        assert response.status_code == 302
        assert ImportBatch.objects.filter(owner=alice).count() == 2

    def test_bobs_imports_do_not_take_alices_room(
        self, alice: User, bob: User, alice_client: Client
    ) -> None:
        self._fill(bob, 19.9)
        assert alice_client.post(reverse("history:import"), {"text": SAMPLE}).status_code == 302

    def test_a_csv_upload_past_the_room_is_refused_and_one_it_replaces_does_not_count(
        self, alice: User, alice_client: Client
    ) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        csv = (
            "submitted_at,job_title,job_url,connects\n"
            "2026-01-05,Django API,https://www.upwork.com/jobs/~0100000000000000aa,16\n"
        )
        ImportBatchFactory(
            owner=alice, state=State.PREVIEW, kind="csv", payload="x" * int(19.99 * MB)
        )
        # The earlier CSV preview is replaced by this upload: it fits.
        upload = SimpleUploadedFile("apps.csv", csv.encode(), content_type="text/csv")
        response = alice_client.post(reverse("ledger:applications_import"), {"file": upload})
        assert response.status_code == 200
        assert "does not fit" not in response.content.decode()
        assert ImportBatch.objects.filter(owner=alice).count() == 1
        # A failed import is not replaced by anything: with it, the next upload does not fit.
        ImportBatchFactory(
            owner=alice, state=State.FAILED, kind="csv", payload="x" * (20 * MB - len(csv) + 1)
        )
        upload = SimpleUploadedFile("apps.csv", csv.encode(), content_type="text/csv")
        response = alice_client.post(reverse("ledger:applications_import"), {"file": upload})
        assert "does not fit" in response.content.decode()
