"""Progress of long imports: helpers for the task doing the work, and the words the page
polling it shows (the page itself is ledger.views.imports).

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
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from ledger.import_heartbeat import batch_claim, batch_heartbeat
from ledger.kinds import EntryKind, plural_of
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


def batch_confirm(batch: ImportBatch, task: Task) -> bool:
    """The user confirmed a preview: queue it once, and start `task` once this transaction has
    committed (a worker must not look for the batch before). False when it was confirmed already.
    """
    return batch_queue(batch, task, from_state=State.PREVIEW)


def batch_queue(batch: ImportBatch, task: Task, *, from_state: str) -> bool:
    """Queue a batch waiting in `from_state` (a preview, or a failed import tried again) once,
    and start `task` after this transaction commits. Its heartbeat starts now: a batch no worker
    takes up is noticed by the stalled-imports sweep (ledger.import_heartbeat)."""
    queued = ImportBatch.objects.filter(pk=batch.pk, state=from_state).update(
        state=State.QUEUED,
        heartbeat_at=timezone.now(),
        attempts=1,
        rows_done=0,
        error="",
        finished_at=None,
    )
    if queued:
        transaction.on_commit(lambda: enqueue_import(task, batch.pk))
    return bool(queued)


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


def _batch_id_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
    batch_id = kwargs.get("batch_id", args[0] if args else None)
    return None if batch_id is None else int(batch_id)


class ImportBatchTask(Task):
    """Base for import tasks whose first argument (or `batch_id`) is an ImportBatch id.

    When the task fails for good, the batch is marked failed with a message, so the page polling
    it shows the error instead of a bar that never moves. "For good" means an exception other
    than a scheduled retry (autoretry re-raises the original error once its retries are spent),
    or, when tasks run in-process with errors propagating (no broker), any exception: there is
    no retry in-process.

    The task first claims the batch and keeps a heartbeat on it while it runs
    (ledger.import_heartbeat); a batch it cannot claim (finished, or another task's) is left
    alone and the task returns None.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        batch_id = _batch_id_of(args, kwargs)
        if batch_id is None:
            return self._run(args, kwargs)
        # The lease (ledger.import_heartbeat): one task per batch, and a sign of life whose
        # silence tells the sweep that the worker died.
        if not batch_claim(batch_id, retrying=bool(self.request.retries)):
            logger.info("Import batch %s is finished or taken by another task", batch_id)
            return None
        with batch_heartbeat(batch_id):
            return self._run(args, kwargs)

    def _run(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
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
        batch_id = _batch_id_of(args, kwargs)
        if batch_id is None:
            return
        logger.warning("Import batch %s failed: %r", batch_id, exc)
        batch_fail(int(batch_id), failure_message(exc))


# ---------------------------------------------------------------------------------------------
# The page that polls
# ---------------------------------------------------------------------------------------------
def _count_of(value: object) -> int | None:
    """An integer count from a JSON summary, or None for anything else (bool included)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _words(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _kind_words(kind: str, count: int) -> str:
    """ "2 boosts returned": the label and plural of ledger.kinds."""
    try:
        label, plural = str(EntryKind(kind).label).lower(), plural_of(kind)
    except ValueError:  # a kind this version does not know: its code, readable
        label = plural = kind.replace("_", " ")
        plural += "s"
    return _words(count, label, plural)


def _kinds_in_words(by_kind: dict[str, Any]) -> str:
    """Like "9 proposals, 4 availability badges, 1 boost": most first, ties in EntryKind's order."""
    order = {kind.value: i for i, kind in enumerate(EntryKind)}
    counts = [(str(k), n) for k, v in by_kind.items() if (n := _count_of(v))]
    counts.sort(key=lambda item: (-item[1], order.get(item[0], len(order)), item[0]))
    return ", ".join(_kind_words(kind, n) for kind, n in counts)


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _value_in_words(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{_key_in_words(k)} {_value_in_words(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_value_in_words(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _key_in_words(key: object) -> str:
    return str(key).replace("_", " ").strip()


def _history_items(summary: dict[str, Any], done: set[str]) -> list[str]:
    """The keys written by a Connects History import (ledger.importers.history_import)."""
    items: list[str] = []
    count = summary.get

    if (rows := _count_of(count("rows"))) is not None:
        items.append(_words(rows, "row") + " read")
    by_kind = count("new_by_kind")
    breakdown = _kinds_in_words(by_kind) if isinstance(by_kind, dict) else ""
    written = _count_of(count("written"))
    if written is None and isinstance(by_kind, dict):
        written = sum(n for v in by_kind.values() if (n := _count_of(v)))
    if written is not None:
        line = _words(written, "entry", "entries") + " added"
        items.append(f"{line}: {breakdown}" if written and breakdown else line)
    elif (new := _count_of(count("new"))) is not None:
        items.append(_words(new, "new row"))
    if already := _count_of(count("already")):
        items.append(_words(already, "row") + " already in the ledger, left as they were")
    if matched := _count_of(count("matched_to_applications")):
        items.append(_words(matched, "row") + " matched to applications you had logged")
    if new_applications := _count_of(count("new_applications")):
        items.append(_words(new_applications, "new application"))
    if not_understood := _count_of(count("not_understood")):
        items.append(
            _words(not_understood, "row")
            + " not understood (kept as "
            + ("an adjustment" if not_understood == 1 else "adjustments")
            + " to reclassify)"
        )
    upwork = _count_of(count("upwork_balance"))
    after = _count_of(count("balance_after"))
    difference = _count_of(count("difference"))
    if upwork is not None and after is not None:
        if difference is None:
            difference = upwork - after
        if difference == 0:
            items.append(f"Upwork's balance {upwork}, the same as Bidbook's")
        else:
            items.append(
                f"Upwork's balance {upwork}, Bidbook's {after}: a difference of "
                f"{_signed(difference)}"
            )
    elif after is not None:
        items.append(f"Bidbook's balance after the import: {after}")
    done |= {
        "rows",
        "new_by_kind",
        "written",
        "new",
        "already",
        "matched_to_applications",
        "new_applications",
        "not_understood",
        "upwork_balance",
        "balance_after",
        "difference",
        # Said by the entries added and the balances; not worth a line of its own.
        "connects_added",
    }
    return items


def _csv_items(summary: dict[str, Any], done: set[str]) -> list[str]:
    """The keys written by an applications CSV import (ledger.importers.applications_import)."""
    items: list[str] = []
    if (added := _count_of(summary.get("added"))) is not None:
        items.append(_words(added, "application") + " added")
    elif (new := _count_of(summary.get("new"))) is not None:
        items.append(_words(new, "new application"))
    skipped = _count_of(summary.get("skipped"))
    if skipped is None:
        skipped = _count_of(summary.get("existing"))
    if skipped:
        items.append(_words(skipped, "row") + " already logged, skipped")
    if rejected := _count_of(summary.get("rejected")):
        items.append(_words(rejected, "row") + " refused")
    done |= {"added", "new", "skipped", "existing", "rejected"}
    return items


def summary_items(summary: object, kind: str | None = None) -> list[str]:
    """A finished import's summary in words, one line each: known keys said as sentences,
    any other key as "label: value" (so a new key still shows, never as a Python repr)."""
    if not isinstance(summary, dict):
        return []
    done: set[str] = set()
    if kind == ImportBatch.Kind.CSV or (
        kind is None and ("added" in summary or "existing" in summary)
    ):
        items = _csv_items(summary, done)
    else:
        items = _history_items(summary, done)
    for key, value in summary.items():
        if key in done or value is None or value == {} or value == []:
            continue
        items.append(f"{_key_in_words(key).capitalize()}: {_value_in_words(value)}")
    return items


def balance_difference(summary: object) -> int | None:
    """Upwork's balance minus Bidbook's after a history import, when they differ."""
    if not isinstance(summary, dict):
        return None
    return _count_of(summary.get("difference")) or None


def enqueue_import(task: Task, batch_id: int) -> None:
    """Start an import task; in-process (eager) runs raise here, and the page shows the error."""
    try:
        task.delay(batch_id)
    except Exception as exc:  # the batch must not stay "queued" with nothing running it
        logger.exception("Import %s failed", batch_id)
        batch_fail(batch_id, failure_message(exc))
