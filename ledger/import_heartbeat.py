"""An import's lease on its batch: claimed when the task starts, kept alive by a heartbeat.

A worker killed mid-import (OOM, `kill -9`, a host lost) runs no error handler, and the broker
hands its message to another worker only after the visibility timeout, which must outlast the
longest task. So the batch itself says whether someone is working on it: `heartbeat_at` is
written when the batch is queued, when a task claims it and every HEARTBEAT_SECONDS while the
task runs. A queued or running batch silent for STALE_SECONDS has lost its worker, and the
sweep in ledger.import_lifecycle (beat runs it every SWEEP_SECONDS) sends it again once, then
fails it with a sentence. The worst case, a worker killed just after a heartbeat with no
worker left to take the import again, is a failed batch after

    HEARTBEAT_SECONDS + 2 * (STALE_SECONDS + SWEEP_SECONDS) = 10 + 2 * (60 + 30) = 190 s,

well inside the five minutes promised (tests/ledger/test_import_lifecycle.py checks the sum).

The claim also keeps one import on one worker: a second message for the same batch (the
sweep's resend racing a slow worker, a redelivery) finds the batch claimed and alive, and ends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from config.celery_app import SWEEP_SECONDS
from ledger.models import ImportBatch

__all__ = ["HEARTBEAT_SECONDS", "MAX_ATTEMPTS", "STALE_SECONDS", "SWEEP_SECONDS"]

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
STALE_SECONDS = 60
# The first run and one more after a lost worker; a batch that kills its worker twice fails.
MAX_ATTEMPTS = 2

State = ImportBatch.State


def batch_claim(batch_id: int, *, retrying: bool = False) -> bool:
    """Take the batch for this task: a queued batch, or a running one whose worker went silent.

    `retrying` is a Celery retry of the task that claimed it (its earlier run has ended), which
    may carry on with the running batch. False means another task holds it, or it is finished:
    this task must leave it alone. Written at once, outside any transaction, so the sweep and
    any duplicate see the claim.
    """
    now = timezone.now()
    claimable = Q(state=State.QUEUED) | Q(
        state=State.RUNNING, heartbeat_at__lt=now - timedelta(seconds=STALE_SECONDS)
    )
    if retrying:
        claimable |= Q(state=State.RUNNING)
    return bool(
        ImportBatch.objects.filter(claimable, pk=batch_id).update(
            state=State.RUNNING, heartbeat_at=now
        )
    )


def _beat(batch_id: int) -> None:
    """One heartbeat, on this thread's own connection, committed at once."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The import's transaction may hold the row for a moment; a late beat is better
            # than a heartbeat thread stuck behind it.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
        ImportBatch.objects.filter(pk=batch_id, state=State.RUNNING).update(
            heartbeat_at=timezone.now()
        )


@contextmanager
def batch_heartbeat(batch_id: int, every: float = HEARTBEAT_SECONDS) -> Iterator[None]:
    """Keep the batch's heartbeat fresh while the block runs, from a thread of its own (the
    import's own connection is inside its transaction, where a write would not be seen)."""
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    _beat(batch_id)
                except Exception:  # a missed beat is survivable; a dead thread is not
                    logger.warning(
                        "Import batch %s: heartbeat not written", batch_id, exc_info=True
                    )
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=f"import-heartbeat-{batch_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)
