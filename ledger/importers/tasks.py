"""Imports as background tasks (in-process when there is no broker), with their progress.

Each runs in the owner's zone (accounts.zones): "Today" on a page and "today" in the ledger's
checks are the owner's day, as they were in the preview the owner confirmed.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction

from accounts.zones import activated_for
from ledger.import_progress import ImportBatchTask, batch_finish, batch_progress
from ledger.importers.applications_import import applications_csv_batch_import
from ledger.importers.history_import import history_commit, history_parse
from ledger.models import ImportBatch

# Both imports: retried with backoff on a lost database, marked failed for the user at the end.
IMPORT_TASK: dict[str, Any] = {
    "bind": True,
    "base": ImportBatchTask,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_kwargs": {"max_retries": 5},
}


@shared_task(**IMPORT_TASK)
def import_history_task(self: ImportBatchTask, batch_id: int) -> dict[str, object] | None:
    batch = ImportBatch.objects.select_related("owner").get(pk=batch_id)
    if batch.state == ImportBatch.State.DONE:
        return batch.summary  # a redelivered message: the import is already written
    with activated_for(batch.owner):
        return _import_history(batch)


def _import_history(batch: ImportBatch) -> dict[str, object]:
    page = history_parse(batch.payload, batch.parsed_at)
    batch_progress(batch.pk, 0, len(page.rows))
    with transaction.atomic():
        summary = history_commit(
            owner=batch.owner,
            page=page,
            saved_at=batch.parsed_at,
            batch=batch,
            progress=lambda done, total: batch_progress(batch.pk, done, total),
        )
        batch_finish(batch.pk, summary)
        # The pasted text is only needed until it is written.
        ImportBatch.objects.filter(pk=batch.pk).update(payload="")
    return summary


@shared_task(**IMPORT_TASK)
def import_applications_csv_task(self: ImportBatchTask, batch_id: int) -> dict[str, object]:
    batch = ImportBatch.objects.select_related("owner").get(pk=batch_id)
    if batch.state == ImportBatch.State.DONE:
        return batch.summary  # a redelivered message: the import is already written
    batch_progress(batch.pk, 0, batch.rows_total)
    with activated_for(batch.owner):
        result = applications_csv_batch_import(
            batch=batch, progress=lambda done, total: batch_progress(batch.pk, done, total)
        )
    return {
        "added": len(result.added),
        "skipped": len(result.skipped),
        "rejected": len(result.rejected),
    }
