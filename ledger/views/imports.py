"""The progress page of a long import, polled by htmx until the import is done."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.current import current_user
from ledger.import_progress import balance_difference, summary_items
from ledger.models import ImportBatch
from ledger.views._common import is_htmx, with_balance_trigger

State = ImportBatch.State


def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of one of the user's imports: the partial for htmx, else the full page."""
    user = current_user(request)
    batch = get_object_or_404(ImportBatch, pk=pk, owner=user)
    done = batch.state == State.DONE
    context = {
        "batch": batch,
        "polling": batch.state in (State.QUEUED, State.RUNNING),
        "summary_items": summary_items(batch.summary, batch.kind) if done else [],
        "difference": balance_difference(batch.summary) if done else None,
    }
    template = "ledger/_import_progress.html" if is_htmx(request) else "ledger/import_progress.html"
    response = render(request, template, context)
    if done:
        # The import changed the balance: the header shows the new one without a reload.
        with_balance_trigger(response, user)
    return response
