"""A Connects History import as the pages and the API run it: preview first, then confirm.

The preview keeps the page in an ImportBatch and writes nothing to the ledger; confirming queues
the batch for ledger.importers.tasks, which writes it through history_commit. One path for the
web form and for POST /api/v1/history-imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from accounts.models import User
from ledger.import_progress import enqueue_import
from ledger.importers.history_import import HistoryPlan, history_parse, history_plan
from ledger.importers.tasks import import_history_task
from ledger.models import ImportBatch

FILE_NAME_MAX = 255


@dataclass(frozen=True)
class HistoryPreview:
    batch: ImportBatch
    plan: HistoryPlan


def history_preview_create(
    *, owner: User, text: str, saved_at: datetime, file_name: str = ""
) -> HistoryPreview:
    """Read the page (HistoryImportError when it holds no rows) and keep it for confirmation.

    ``saved_at`` is the moment the page was read: its "Today" and "Yesterday" mean that day.
    """
    page = history_parse(text, saved_at)
    batch = ImportBatch.objects.create(
        owner=owner,
        kind=ImportBatch.Kind.HISTORY,
        payload=text,
        parsed_at=saved_at,
        rows_total=len(page.rows),
        file_name=file_name[:FILE_NAME_MAX],
    )
    return HistoryPreview(batch=batch, plan=history_plan(owner=owner, page=page))


def history_preview_plan(*, batch: ImportBatch) -> HistoryPlan:
    """What confirming a previewed batch would write, as of now."""
    return history_plan(owner=batch.owner, page=history_parse(batch.payload, batch.parsed_at))


def history_batch_confirm(*, batch: ImportBatch) -> bool:
    """Queue a previewed batch for writing; False when it was already confirmed (a repeat)."""
    updated = ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.PREVIEW).update(
        state=ImportBatch.State.QUEUED
    )
    if updated:
        # A worker must only see the batch once the caller's transaction has committed.
        transaction.on_commit(lambda: enqueue_import(import_history_task, batch.pk))
    return bool(updated)
