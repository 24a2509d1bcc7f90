"""An import batch after its preview: queued, tried again, recovered from a lost worker,
discarded, and purged; and the room a user's unfinished imports may take.

Services write, and the beat schedule (config/celery_app.py) or `run_scheduled` calls the two
sweeps: `imports_recover_stalled` every SWEEP_SECONDS, `imports_purge` daily.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from celery import Task
from django.db import connection, transaction
from django.db.models import Expression, F, Func, IntegerField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from config.limits import MB, PENDING_IMPORTS_MAX_BYTES
from ledger.import_heartbeat import MAX_ATTEMPTS, STALE_SECONDS
from ledger.import_progress import batch_queue, enqueue_import
from ledger.models import ImportBatch

logger = logging.getLogger(__name__)

State = ImportBatch.State
PURGE_AFTER = timedelta(days=7)
# Batches whose text is kept for the user: to confirm, to watch, or to try again.
PENDING_STATES = (State.PREVIEW, State.QUEUED, State.RUNNING, State.FAILED)
_WORKING = (State.QUEUED, State.RUNNING)


class ImportRoomError(ValueError):
    """The user's unfinished imports leave no room for this one; the message says what to do."""


def _task_for(batch: ImportBatch) -> Task:
    from ledger.importers.tasks import import_applications_csv_task, import_history_task

    tasks: dict[str, Task] = {
        ImportBatch.Kind.HISTORY: import_history_task,
        ImportBatch.Kind.CSV: import_applications_csv_task,
    }
    return tasks[batch.kind]


def _enqueue_after_commit(batch: ImportBatch) -> None:
    task, pk = _task_for(batch), batch.pk
    # A worker must only see the batch once the caller's transaction has committed.
    transaction.on_commit(lambda: enqueue_import(task, pk))


# ---------------------------------------------------------------------------------------------
# Try again, discard (a preview is confirmed by ledger.import_progress.batch_confirm)
# ---------------------------------------------------------------------------------------------
def import_can_retry(batch: ImportBatch) -> bool:
    return batch.state == State.FAILED and bool(batch.payload)


def import_retry(*, batch: ImportBatch) -> bool:
    """Run a failed import again from the text it kept. False when it is not failed (any more)
    or kept no text."""
    if not import_can_retry(batch):
        return False
    return batch_queue(batch, _task_for(batch), from_state=State.FAILED)


def import_discard(*, batch: ImportBatch) -> bool:
    """Delete an unconfirmed or failed import and the text it kept. False for any other state:
    a running import finishes, a done one is the ledger's record of where entries came from."""
    deleted, _ = ImportBatch.objects.filter(
        pk=batch.pk, state__in=(State.PREVIEW, State.FAILED)
    ).delete()
    return bool(deleted)


# ---------------------------------------------------------------------------------------------
# Lost workers
# ---------------------------------------------------------------------------------------------
LOST_WORKER = (
    "The import stopped twice because the worker running it was lost. Nothing from it was "
    "saved. Press Try again; if it stops again, contact support."
)
NEVER_STARTED = (
    "No worker started this import. Nothing from it was saved. Press Try again in a few "
    "minutes; if it happens again, contact support."
)


def imports_recover_stalled(*, now: datetime | None = None) -> dict[str, int]:
    """Queued or running imports silent for STALE_SECONDS: sent again once, then failed with a
    sentence. Returns how many were sent again and how many failed."""
    now = now or timezone.now()
    silent_since = now - timedelta(seconds=STALE_SECONDS)
    stalled = ImportBatch.objects.filter(state__in=_WORKING).filter(
        Q(heartbeat_at__lt=silent_since) | Q(heartbeat_at__isnull=True, created_at__lt=silent_since)
    )
    resent = failed = 0
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # A live import that has written rows holds a lock on its batch row (the entries'
            # foreign key) until it commits: skipping locked rows leaves it alone even if its
            # heartbeat ran late.
            stalled = stalled.select_for_update(skip_locked=True, of=("self",))
        for batch in stalled.only("pk", "kind", "state", "attempts", "heartbeat_at"):
            same = ImportBatch.objects.filter(
                pk=batch.pk, state=batch.state, heartbeat_at=batch.heartbeat_at
            )
            if batch.attempts < MAX_ATTEMPTS:
                if same.update(state=State.QUEUED, heartbeat_at=now, attempts=F("attempts") + 1):
                    logger.warning("Import batch %s went silent; sending it again", batch.pk)
                    _enqueue_after_commit(batch)
                    resent += 1
                continue
            message = NEVER_STARTED if batch.state == State.QUEUED else LOST_WORKER
            if same.update(state=State.FAILED, error=message, finished_at=now):
                logger.warning("Import batch %s went silent again; failed", batch.pk)
                failed += 1
    return {"resent": resent, "failed": failed}


# ---------------------------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------------------------
def imports_purge(*, now: datetime | None = None) -> dict[str, int]:
    """Delete previews never confirmed and failed imports after PURGE_AFTER, and drop the text
    of any finished import that still holds it (it is written into the ledger)."""
    cutoff = (now or timezone.now()) - PURGE_AFTER
    previews, _ = ImportBatch.objects.filter(state=State.PREVIEW, created_at__lt=cutoff).delete()
    failed, _ = (
        ImportBatch.objects.filter(state=State.FAILED)
        .alias(ended=Coalesce("finished_at", "created_at"))
        .filter(ended__lt=cutoff)
        .delete()
    )
    dropped = ImportBatch.objects.filter(state=State.DONE).exclude(payload="").update(payload="")
    return {"previews": previews, "failed": failed, "payloads_dropped": dropped}


class OctetLength(Func):
    """The size of a text in bytes (UTF-8), as the database stores it."""

    function = "OCTET_LENGTH"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="LENGTH(CAST(%(expressions)s AS BLOB))", **extra_context
        )


def pending_import_bytes(owner: User, *, excluding: Q | None = None) -> int:
    """The bytes of text the user's unfinished imports keep."""
    batches = ImportBatch.objects.filter(owner=owner, state__in=PENDING_STATES)
    if excluding is not None:
        batches = batches.exclude(excluding)
    size: Expression = OctetLength("payload")
    return int(batches.aggregate(total=Coalesce(Sum(size), 0))["total"])


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def import_room_check(*, owner: User, incoming: int, replacing: Q | None = None) -> None:
    """Refuse an import of `incoming` bytes that would take the user's unfinished imports past
    PENDING_IMPORTS_MAX_BYTES. `replacing` matches batches the new one replaces."""
    held = pending_import_bytes(owner, excluding=replacing)
    if held + incoming <= PENDING_IMPORTS_MAX_BYTES:
        return
    raise ImportRoomError(
        f"Your unfinished imports already keep {_mb(held)}, and Bidbook keeps at most "
        f"{_mb(PENDING_IMPORTS_MAX_BYTES)} per account: this one ({_mb(incoming)}) does not fit. "
        "Confirm or discard the imports waiting for you, or wait: unconfirmed and failed "
        f"imports are removed after {PURGE_AFTER.days} days."
    )
