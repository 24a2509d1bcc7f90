"""Progress of long imports: helpers for the task doing the work, and the page polling it.

An import writes its rows in one transaction (all or nothing), but its progress has to be seen by
the page polling it while that transaction is still open. So on PostgreSQL `batch_progress` and
`batch_fail` write on a short side connection of their own, committed at once. Where that cannot
work they fall back to the caller's connection, and the progress shows when the import commits:
- SQLite allows one writer at a time, and the import holds it;
- the batch row was created in the caller's still-open transaction (other connections cannot see
  it yet), or the caller has locked or updated it inside its transaction (a short lock timeout
  detects this, and later calls for that batch skip the side connection).
Import services should therefore leave the batch row to these helpers.

Typical use in an import task (see ImportBatchTask):

    batch_progress(batch.pk, 0, len(rows))
    with transaction.atomic():
        for i, row in enumerate(rows, 1):
            ...write the row...
            batch_progress(batch.pk, i, len(rows))
        batch_finish(batch.pk, {"entries_created": n})
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from celery import Task
from celery.exceptions import Retry, SoftTimeLimitExceeded, TaskPredicate
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ledger.models import ImportBatch

logger = logging.getLogger(__name__)

State = ImportBatch.State
_UNFINISHED = (State.PREVIEW, State.QUEUED, State.RUNNING)
_LOCK_TIMEOUT = "1s"
_OUR_APPS = frozenset({"accounts", "dashboards", "ledger", "vetting"})

# Per process: the percent last written for each running batch (to write at most ~100 times per
# import), and the batches whose row the caller's transaction holds (the side connection would
# only wait for it).
_last_percent: dict[int, int] = {}
_side_blocked: set[int] = set()


def _update_on_side_connection(
    batch_id: int, fields: dict[str, Any], states: Collection[str]
) -> bool:
    """UPDATE the batch row on a new connection, committed at once. False if that did not work."""
    columns = {field.name: field for field in ImportBatch._meta.concrete_fields}
    ours = connections[DEFAULT_DB_ALIAS]
    side = type(ours)(dict(ours.settings_dict), alias=DEFAULT_DB_ALIAS)
    try:
        quote = side.ops.quote_name
        assignments = ", ".join(f"{quote(columns[name].column)} = %s" for name in fields)
        params = [columns[name].get_db_prep_value(v, side) for name, v in fields.items()]
        placeholders = ", ".join(["%s"] * len(states))
        sql = (
            f"UPDATE {quote(ImportBatch._meta.db_table)} SET {assignments} "
            f"WHERE {quote(columns['id'].column)} = %s "
            f"AND {quote(columns['state'].column)} IN ({placeholders})"
        )
        with side.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{_LOCK_TIMEOUT}'")
            cursor.execute(sql, [*params, batch_id, *states])
            if cursor.rowcount > 0:
                return True
        # Not visible from outside: created in the caller's open transaction (or finished).
        _side_blocked.add(batch_id)
        return False
    except DatabaseError:
        # Most likely the lock timeout: the caller's transaction holds the row.
        logger.info("Import batch %s: progress written with the import instead", batch_id)
        _side_blocked.add(batch_id)
        return False
    finally:
        side.close()


def _update_now(batch_id: int, fields: dict[str, Any], states: Collection[str]) -> None:
    """Write fields of an unfinished batch so the polling page sees them as soon as possible."""
    if (
        connection.in_atomic_block
        and connection.vendor == "postgresql"
        and batch_id not in _side_blocked
        and _update_on_side_connection(batch_id, fields, states)
    ):
        return
    ImportBatch.objects.filter(pk=batch_id, state__in=states).update(**fields)


def batch_progress(batch_id: int, done: int, total: int) -> None:
    """`done` of `total` rows processed: the batch is running. Cheap to call for every row."""
    done = max(0, min(done, total))
    percent = round(100 * done / total) if total else 0
    if done not in (0, total) and _last_percent.get(batch_id) == percent:
        return
    _last_percent[batch_id] = percent
    _update_now(
        batch_id,
        {"rows_done": done, "rows_total": total, "state": State.RUNNING},
        _UNFINISHED,
    )


def batch_fail(batch_id: int, message: str) -> None:
    """Mark the batch failed with a message for the user. Call it outside the import's transaction
    (on SQLite a rollback of that transaction would take the message with it)."""
    _forget(batch_id)
    _update_now(
        batch_id,
        {"state": State.FAILED, "error": message[:2000], "finished_at": timezone.now()},
        _UNFINISHED,
    )


def batch_finish(batch_id: int, summary: dict[str, Any]) -> None:
    """Mark the batch done with its summary. Call it inside the import's transaction, so "done"
    and the rows it counts are committed together."""
    _forget(batch_id)
    ImportBatch.objects.filter(pk=batch_id, state__in=_UNFINISHED).update(
        state=State.DONE,
        rows_done=F("rows_total"),
        summary=summary,
        error="",
        finished_at=timezone.now(),
    )


def _forget(batch_id: int) -> None:
    _last_percent.pop(batch_id, None)
    _side_blocked.discard(batch_id)


def failure_message(exc: BaseException) -> str:
    """What the user reads when an import fails for good."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return "The import took too long and was stopped. Nothing from it was saved."
    if isinstance(exc, ValueError) and type(exc).__module__.split(".")[0] in _OUR_APPS:
        # Our own errors (LedgerError, the importers' parse errors) are written for the user;
        # Python's own ValueError ("invalid literal for int()") is not.
        return f"The import failed: {exc}"
    return (
        f"The import failed because of an unexpected error ({type(exc).__name__}). "
        "Please try again; if it keeps failing, contact support."
    )


class ImportBatchTask(Task):
    """Base for import tasks whose first argument (or `batch_id`) is an ImportBatch id.

    When the task fails for good, the batch is marked failed with a message, so the page polling
    it shows the error instead of a bar that never moves. "For good" means an exception other
    than a scheduled retry (autoretry re-raises the original error once its retries are spent),
    or, when tasks run in-process with errors propagating (no broker), any exception: there is
    no retry in-process.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except TaskPredicate as signal:  # Retry, Ignore, Reject: control flow, not failure
            eager = self.request.is_eager and self.app.conf.task_eager_propagates
            if isinstance(signal, Retry) and eager:
                self._fail(args, kwargs, signal.exc or signal)
            raise
        except Exception as exc:
            self._fail(args, kwargs, exc)
            raise

    def _fail(self, args: tuple[Any, ...], kwargs: dict[str, Any], exc: BaseException) -> None:
        batch_id = kwargs.get("batch_id", args[0] if args else None)
        if batch_id is None:
            return
        logger.warning("Import batch %s failed: %r", batch_id, exc)
        batch_fail(int(batch_id), failure_message(exc))


# ---------------------------------------------------------------------------------------------
# The page that polls
# ---------------------------------------------------------------------------------------------
def _summary_items(summary: object) -> list[tuple[str, object]]:
    if not isinstance(summary, dict):
        return []
    return [(str(key).replace("_", " ").capitalize(), value) for key, value in summary.items()]


def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of one of the user's imports: the partial for htmx, else the full page."""
    batch = get_object_or_404(ImportBatch, pk=pk, owner=request.user)
    context = {
        "batch": batch,
        "polling": batch.state in (State.QUEUED, State.RUNNING),
        "summary_items": _summary_items(batch.summary),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "ledger/_import_progress.html", context)
    return render(request, "ledger/import_progress.html", context)
