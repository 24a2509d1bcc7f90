"""Import Upwork's Connects History: paste or upload, preview, confirm, watch it finish."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.current import current_user, request_size
from ledger.history_forms import HistoryImportForm, ReclassifyForm
from ledger.import_lifecycle import ImportRoomError, import_room_check
from ledger.import_progress import batch_confirm
from ledger.importers.history_import import (
    HistoryImportError,
    history_parse,
    history_plan,
    history_upload,
)
from ledger.importers.tasks import import_history_task
from ledger.models import ConnectsEntry, ImportBatch
from ledger.services import LedgerError, entry_reclassify

PREVIEW_ROWS = 200
logger = logging.getLogger(__name__)


def history_import(request: HttpRequest) -> HttpResponse:
    form = HistoryImportForm(
        request.POST or None,
        request.FILES or None,
        content_length=request_size(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            import_room_check(owner=current_user(request), incoming=len(form.content.encode()))
            batch = history_upload(
                owner=current_user(request),
                text=form.content,
                file_name=getattr(request.FILES.get("file"), "name", ""),
                now=timezone.now(),
            )
        except (HistoryImportError, ImportRoomError) as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("history:preview", pk=batch.pk)
    recent = ImportBatch.objects.filter(owner=current_user(request), kind=ImportBatch.Kind.HISTORY)[
        :5
    ]
    return render(request, "ledger/history_import.html", {"form": form, "recent": recent})


def history_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(
        ImportBatch, pk=pk, owner=current_user(request), kind=ImportBatch.Kind.HISTORY
    )
    if batch.state != ImportBatch.State.PREVIEW:
        return redirect("imports:progress", pk=batch.pk)
    plan = history_plan(
        owner=current_user(request), page=history_parse(batch.payload, batch.parsed_at)
    )
    return render(
        request,
        "ledger/history_preview.html",
        {
            "batch": batch,
            "plan": plan,
            "summary": plan.summary(),
            "to_write": plan.to_write[:PREVIEW_ROWS],
            "already": plan.already[:PREVIEW_ROWS],
            "not_understood": plan.not_understood,
        },
    )


@require_POST
def history_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(
        ImportBatch, pk=pk, owner=current_user(request), kind=ImportBatch.Kind.HISTORY
    )
    batch_confirm(batch, import_history_task)
    return redirect("imports:progress", pk=batch.pk)


@require_POST
def entry_reclassify_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ConnectsEntry, pk=pk, owner=current_user(request))
    form = ReclassifyForm(request.POST)
    if form.is_valid():
        try:
            written = entry_reclassify(entry=entry, kind=form.cleaned_data["kind"])
        except LedgerError as exc:
            messages.error(request, str(exc))
        else:
            if written:
                messages.success(
                    request, f"Reclassified as {written[1].get_kind_display().lower()}."
                )
    else:
        messages.error(request, "Choose a kind to reclassify the entry as.")
    return redirect("ledger:entries")
