"""The progress page of a long import, polled by htmx until the import is done; and, for a
failed or unconfirmed one, Try again (from the text it kept) and Discard."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.current import current_user
from ledger.import_lifecycle import import_discard, import_retry
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


@require_POST
def import_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk, owner=current_user(request))
    if not import_retry(batch=batch):
        messages.info(request, "That import cannot be tried again: it is not failed any more.")
    return redirect("imports:progress", pk=batch.pk)


@require_POST
def import_discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk, owner=current_user(request))
    if import_discard(batch=batch):
        messages.success(request, "Import discarded; its text is deleted.")
    else:
        messages.info(request, "Only an unconfirmed or failed import can be discarded.")
        return redirect("imports:progress", pk=batch.pk)
    if batch.kind == ImportBatch.Kind.CSV:
        return redirect("ledger:applications_import")
    return redirect("history:import")
