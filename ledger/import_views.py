"""Try a failed import again from the text it kept, or discard an import that waits on you."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.current import current_user
from ledger.import_lifecycle import import_discard, import_retry
from ledger.models import ImportBatch


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
