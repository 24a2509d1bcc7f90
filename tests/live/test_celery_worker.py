"""A real Celery worker on Redis with PostgreSQL: tasks go through the broker and land once.

Run by .ci/run (BIDBOOK_LIVE_SERVICES=1, DATABASE_URL=postgres://...). The workers are
subprocesses on the test database (test_bidbook) and Redis database 15, which is flushed first.
They also load this module (`-I`), for the probe tasks at the bottom: a slow import whose
progress can be watched mid-flight, barriers that make two workers insert the same month's grant
at the same moment, and a marker that tells the queue has been drained.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from celery import shared_task
from django.db import connection, transaction

from config.celery_app import app
from ledger.import_progress import ImportBatchTask, batch_finish, batch_progress
from ledger.models import ConnectsEntry, EntryKind, ImportBatch
from ledger.services import LedgerError, connects_purchase, ledger_settings_update
from ledger.tasks import grant_due_all, grant_due_for_user
from tests.factories import EntryFactory, UserFactory

# Redis database 15 unless told otherwise (engineers sharing a Redis pick their own).
BROKER_URL = os.environ.get("BIDBOOK_LIVE_BROKER_URL", "redis://127.0.0.1:6379/15")
REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "tests/fixtures/history/connects_history_sample.txt"
TIMEOUT = 60.0

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def _redis() -> Any:
    import redis

    return redis.Redis.from_url(BROKER_URL)


def _wait_for(condition: Callable[[], Any], what: str, timeout: float = TIMEOUT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


# --------------------------------------------------------------------------------------------
# Workers
# --------------------------------------------------------------------------------------------
class Worker:
    def __init__(self, name: str, database_url: str) -> None:
        self.name = name
        self.log = Path(tempfile.mkstemp(prefix=f"celery-{name}-", suffix=".log")[1])
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": BROKER_URL,
            "PYTHONPATH": str(REPO),
        }
        celery = Path(sys.executable).with_name("celery")
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    str(celery),
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--loglevel=info",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"{name}@%h",
                    "-I",
                    __name__,
                ],
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no handler runs, no message is acknowledged, as when a host is lost."""
        self.process.kill()
        self.process.wait(timeout=10)

    def wait_ready(self) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"worker {self.name} exited:\n{self.output()[-3000:]}")
            return " ready." in self.output()

        _wait_for(ready, f"worker {self.name} to start", timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log.unlink(missing_ok=True)


def _database_url() -> str:
    """The test database as a URL, so the workers use the very database the test writes to."""
    db = connection.settings_dict
    assert db["ENGINE"] == "django.db.backends.postgresql", "run with DATABASE_URL=postgres://"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


@pytest.fixture(scope="module")
def workers(django_db_setup: None) -> Iterator[Callable[[int], list[Worker]]]:
    """Start workers on demand (kept for the module); they are always stopped at the end."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker tests need PostgreSQL (DATABASE_URL=postgres://...)")
    _redis().flushdb()  # nothing left over from an earlier run
    started: list[Worker] = []

    def ensure(count: int) -> list[Worker]:
        while len(started) < count:
            started.append(Worker(f"w{len(started) + 1}", _database_url()))
        for worker in started:
            worker.wait_ready()
        return started[:count]

    try:
        yield ensure
    finally:
        for worker in started:
            worker.stop()


@pytest.fixture
def broker(settings: Any) -> Iterator[None]:
    """This process sends to Redis instead of running tasks in-process, for one test."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = BROKER_URL
    # config_from_object reads the Django settings live; the conf is checked all the same.
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url == BROKER_URL
    yield
    # The settings fixture restores the rest: tasks run in-process again.


def _drained(key: str) -> None:
    """Wait until every task queued before this call has run (one solo worker, FIFO)."""
    mark.delay(key)
    _wait_for(lambda: _redis().llen(key), "the queue to drain")


def _member(username: str, **prefs: object) -> Any:
    user = UserFactory(username=username, date_joined=datetime(2025, 1, 1, tzinfo=UTC))
    ledger_settings_update(owner=user, **prefs)
    return user


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("broker")
def test_a_worker_grants_the_monthly_connects_once(workers: Callable[[int], list[Worker]]) -> None:
    workers(1)
    alice = _member("alice", plan="plus", grant_day=15)
    # The beat entry, twice: each sweep sees no grant yet and fans out a task for alice.
    grant_due_all.delay("2026-03-20")
    grant_due_all.delay("2026-03-20")

    grants = ConnectsEntry.objects.filter(owner=alice, kind=EntryKind.MONTHLY_GRANT)
    _wait_for(grants.exists, "the grant to be written by the worker")
    _drained("live:grant")  # the second per-user task has run too
    assert list(grants.values_list("connects", "occurred_on", "idempotency_key")) == [
        (100, date(2026, 3, 15), "grant:2026-03")
    ]


@pytest.mark.usefixtures("broker")
def test_a_worker_expires_connects_at_midnight_in_the_users_zone_once(
    workers: Callable[[int], list[Worker]],
) -> None:
    workers(1)
    auckland = _member("auckland")
    auckland.time_zone = "Pacific/Auckland"
    auckland.save(update_fields=["time_zone"])
    utc = _member("utc")
    for user in (auckland, utc):
        EntryFactory(owner=user, kind="purchase", connects=40, occurred_on=date(2025, 12, 1))
    # Beat's own entry, run twice at 11:00 UTC on Nov 30: midnight of Dec 1 in Auckland only.
    entry = app.conf.beat_schedule["connects-expiry"]
    for _ in range(2):
        app.send_task(entry["task"], kwargs={**entry["kwargs"], "now": "2026-11-30T11:00:00+00:00"})

    expiries = ConnectsEntry.objects.filter(kind=EntryKind.EXPIRY)
    _wait_for(expiries.exists, "the expiry to be written by the worker")
    _drained("live:expiry")
    assert list(expiries.values_list("owner__username", "connects", "occurred_on")) == [
        ("auckland", -40, date(2026, 12, 1))
    ]


@pytest.mark.usefixtures("broker")
def test_a_worker_runs_an_import_reporting_progress_and_its_result(
    workers: Callable[[int], list[Worker]],
) -> None:
    workers(1)
    alice = _member("alice")
    rows = [f"2026-01-{day:02d},10" for day in range(1, 16)]
    batch = ImportBatch.objects.create(
        owner=alice,
        kind=ImportBatch.Kind.HISTORY,
        state=ImportBatch.State.QUEUED,
        payload="\n".join(rows),
        parsed_at=datetime(2026, 1, 16, tzinfo=UTC),
    )
    slow_import.delay(batch.pk, 0.15)

    def midway() -> bool:
        batch.refresh_from_db()
        return batch.state == ImportBatch.State.RUNNING and 0 < batch.rows_done < 15

    # Seen from this process while the worker's import transaction is still open.
    _wait_for(midway, "progress while the import runs")
    assert not ConnectsEntry.objects.filter(owner=alice).exists()  # all rows or none

    def done() -> bool:
        batch.refresh_from_db()
        return batch.state == ImportBatch.State.DONE

    _wait_for(done, "the import to finish")
    assert (batch.rows_done, batch.rows_total, batch.percent) == (15, 15, 100)
    assert batch.summary == {"written": 15}
    assert ConnectsEntry.objects.filter(owner=alice, import_batch=batch).count() == 15


@pytest.mark.usefixtures("broker")
def test_an_import_failing_in_a_worker_leaves_an_error_and_no_rows(
    workers: Callable[[int], list[Worker]],
) -> None:
    workers(1)
    alice = _member("alice")
    batch = ImportBatch.objects.create(
        owner=alice,
        kind=ImportBatch.Kind.HISTORY,
        state=ImportBatch.State.QUEUED,
        payload="2026-01-01,10\n2026-01-02,ten",
        parsed_at=datetime(2026, 1, 16, tzinfo=UTC),
    )
    slow_import.delay(batch.pk, 0)

    def failed() -> bool:
        batch.refresh_from_db()
        return batch.state == ImportBatch.State.FAILED

    _wait_for(failed, "the import to fail")
    assert batch.error == "The import failed: line 2 has no number of connects"
    assert not ConnectsEntry.objects.filter(owner=alice).exists()


@pytest.mark.usefixtures("broker")
def test_the_connects_history_import_task_runs_in_a_worker(
    workers: Callable[[int], list[Worker]],
) -> None:
    from ledger.importers.history_import import history_parse
    from ledger.importers.tasks import import_history_task

    text = SAMPLE.read_text()
    parsed_at = datetime(2026, 1, 12, 18, 30, tzinfo=UTC)
    rows = len(history_parse(text, parsed_at).rows)
    workers(1)
    alice = _member("alice")
    batch = ImportBatch.objects.create(
        owner=alice,
        kind=ImportBatch.Kind.HISTORY,
        state=ImportBatch.State.QUEUED,
        payload=text,
        parsed_at=parsed_at,
    )
    import_history_task.delay(batch.pk)

    def finished() -> bool:
        batch.refresh_from_db()
        return batch.state in (ImportBatch.State.DONE, ImportBatch.State.FAILED)

    _wait_for(finished, "the Connects History import to finish")
    assert (batch.state, batch.error) == (ImportBatch.State.DONE, "")
    assert batch.rows_total == rows == 18
    assert batch.summary["written"] == 18
    assert ConnectsEntry.objects.filter(owner=alice, import_batch=batch).exists()


@pytest.mark.usefixtures("broker")
def test_two_workers_granting_at_the_same_moment_grant_once(
    workers: Callable[[int], list[Worker]],
) -> None:
    workers(2)
    alice = _member("alice", plan="basic", grant_day=1)
    key = f"live:race:{alice.pk}"
    for _ in range(2):
        grant_at_once.delay(alice.pk, "2026-03-02", key, 2)

    _wait_for(lambda: _redis().llen(f"{key}:results") == 2, "both workers to grant")
    results = [json.loads(r) for r in _redis().lrange(f"{key}:results", 0, -1)]
    assert {r["worker"].split("@")[0] for r in results} == {"w1", "w2"}
    grants = ConnectsEntry.objects.filter(owner=alice, kind=EntryKind.MONTHLY_GRANT)
    assert list(grants.values_list("connects", "occurred_on")) == [(10, date(2026, 3, 1))]
    assert {r["entry"] for r in results} == {grants.get().pk}
    # Both inserted, having both found no grant: the unique constraint kept the second out.
    assert int(_redis().get(f"{key}:insert")) == 2


class Beat:
    """celery beat with the project's schedule, so the stalled-imports sweep runs as deployed."""

    def __init__(self, database_url: str) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="celery-beat-"))
        self.log = self.dir / "beat.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": BROKER_URL,
            "PYTHONPATH": str(REPO),
        }
        celery = Path(sys.executable).with_name("celery")
        schedule = self.dir / "schedule"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(celery), "-A", "config", "beat", "--loglevel=info", "-s", str(schedule)],
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


# Last in the module: it kills a worker, which the workers fixture does not replace.
@pytest.mark.usefixtures("broker")
def test_an_import_whose_worker_is_killed_is_finished_by_another_within_five_minutes(
    workers: Callable[[int], list[Worker]],
) -> None:
    from ledger.import_heartbeat import STALE_SECONDS

    by_name = {worker.name: worker for worker in workers(2)}
    alice = _member("alice")
    batch = ImportBatch.objects.create(
        owner=alice,
        kind=ImportBatch.Kind.HISTORY,
        state=ImportBatch.State.QUEUED,
        payload=SAMPLE.read_text(),
        parsed_at=datetime(2026, 1, 12, 18, 30, tzinfo=UTC),
        attempts=1,
        heartbeat_at=datetime.now(UTC),
    )
    key = f"live:killed:{batch.pk}"
    # The first run is the real history import, held mid-transaction once its rows are written.
    history_import_held.delay(batch.pk, key)
    _wait_for(lambda: _redis().llen(f"{key}:held"), "the import to be under way")
    first = _redis().lindex(key, 0).decode().split("@")[0]
    survivor = by_name[({"w1", "w2"} - {first}).pop()]
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.RUNNING
    beat = Beat(_database_url())
    try:
        by_name[first].kill()
        killed_at = time.monotonic()

        def finished() -> bool:
            batch.refresh_from_db()
            return batch.state in (ImportBatch.State.DONE, ImportBatch.State.FAILED)

        _wait_for(finished, "the import to recover", timeout=300)
        elapsed = time.monotonic() - killed_at
    finally:
        beat.stop()
        beat_log = beat.log.read_text(errors="replace")
    print(f"\nkilled {first}; {survivor.name} finished the import {elapsed:.0f}s later")
    assert (batch.state, batch.error, batch.attempts) == (ImportBatch.State.DONE, "", 2), beat_log
    assert STALE_SECONDS < elapsed < 300
    # The killed run's rows were rolled back; the second run, the survivor's, wrote each once.
    assert "ledger.importers.tasks.import_history_task" in survivor.output()
    assert ConnectsEntry.objects.filter(owner=alice, import_batch=batch).count() == 18
    assert batch.summary["written"] == 18
    assert batch.payload == ""


# --------------------------------------------------------------------------------------------
# Probe tasks, run by the workers (loaded with -I)
# --------------------------------------------------------------------------------------------
@shared_task(name="tests.live.mark")
def mark(key: str) -> None:
    _redis().rpush(key, "done")


@shared_task(bind=True, base=ImportBatchTask, name="tests.live.slow_import")
def slow_import(self: ImportBatchTask, batch_id: int, pause: float) -> dict[str, int]:
    return _slow_import_body(batch_id, pause)


def _slow_import_body(batch_id: int, pause: float) -> dict[str, int]:
    """Lines "YYYY-MM-DD,connects" written as purchases in one transaction, slowly."""
    batch = ImportBatch.objects.select_related("owner").get(pk=batch_id)
    lines = batch.payload.splitlines()
    batch_progress(batch_id, 0, len(lines))
    with transaction.atomic():
        for i, line in enumerate(lines, 1):
            day, connects = line.split(",")
            if not connects.isdigit():
                raise LedgerError(f"line {i} has no number of connects")
            entry = connects_purchase(
                owner=batch.owner,
                connects=int(connects),
                usd_paid=Decimal("0.15") * int(connects),
                occurred_on=date.fromisoformat(day),
            )
            ConnectsEntry.objects.filter(pk=entry.pk).update(import_batch=batch)
            batch_progress(batch_id, i, len(lines))
            time.sleep(pause)
        summary = {"written": len(lines)}
        batch_finish(batch_id, summary)
    return summary


@shared_task(bind=True, base=ImportBatchTask, name="tests.live.history_import_held")
def history_import_held(self: ImportBatchTask, batch_id: int, key: str) -> dict[str, object]:
    """The Connects History import, stopping for a minute once its rows are written and before
    it commits, after saying in Redis which worker runs it: a moment to kill that worker."""
    from ledger.importers.history_import import history_commit, history_parse

    _redis().rpush(key, self.request.hostname)
    batch = ImportBatch.objects.select_related("owner").get(pk=batch_id)
    page = history_parse(batch.payload, batch.parsed_at)

    def progress(done: int, total: int) -> None:
        batch_progress(batch_id, done, total)
        _redis().rpush(f"{key}:held", done)
        time.sleep(60)

    with transaction.atomic():
        summary = history_commit(owner=batch.owner, page=page, batch=batch, progress=progress)
        batch_finish(batch_id, summary)
    return summary


def _barrier(key: str, parties: int) -> None:
    """Wait until `parties` workers have reached this point (counted in Redis)."""
    redis = _redis()
    redis.incr(key)
    _wait_for(lambda: int(redis.get(key) or 0) >= parties, f"{parties} workers at {key}", 30)


@shared_task(bind=True, name="tests.live.grant_at_once")
def grant_at_once(self: Any, user_id: int, today: str, key: str, parties: int) -> None:
    """Run the real grant task's body in `parties` workers at once, each inserting its grant
    only when all have checked there is none yet: the race the unique constraint settles."""
    real_save = ConnectsEntry.save

    def save_when_all_are_here(entry: ConnectsEntry, *args: Any, **kwargs: Any) -> None:
        _barrier(f"{key}:insert", parties)
        real_save(entry, *args, **kwargs)

    _barrier(key, parties)
    with mock.patch.object(ConnectsEntry, "save", save_when_all_are_here):
        entry_id = grant_due_for_user(user_id, today)
    _redis().rpush(
        f"{key}:results", json.dumps({"worker": self.request.hostname, "entry": entry_id})
    )
