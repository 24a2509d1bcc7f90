"""CSV in and out: export applications and entries for a period, import applications."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.current import current_user, request_size
from accounts.models import User
from ledger.csv_export import write_applications_csv, write_entries_csv
from ledger.forms import CsvConfirmForm, CsvUploadForm, DateRangeForm
from ledger.import_lifecycle import ImportRoomError, import_room_check
from ledger.import_progress import batch_confirm
from ledger.importers.applications_import import (
    applications_csv_upload,
)
from ledger.importers.tasks import import_applications_csv_task
from ledger.models import ImportBatch

CsvWriter = Callable[..., None]
CSV_PREVIEW = Q(kind=ImportBatch.Kind.CSV, state=ImportBatch.State.PREVIEW)


def _csv_download(request: HttpRequest, *, what: str, write: CsvWriter) -> HttpResponse:
    form = DateRangeForm(request.GET)
    if not form.is_valid():
        return render(request, "ledger/export.html", {"form": form, "what": what}, status=400)
    start: date | None = form.cleaned_data["date_from"]
    end: date | None = form.cleaned_data["date_to"]
    name = "-".join(["bidbook", what, *(d.isoformat() for d in (start, end) if d)])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    write(response, owner=current_user(request), date_from=start, date_to=end)
    return response


@require_GET
def applications_export(request: HttpRequest) -> HttpResponse:
    return _csv_download(request, what="applications", write=write_applications_csv)


@require_GET
def entries_export(request: HttpRequest) -> HttpResponse:
    return _csv_download(request, what="ledger", write=write_entries_csv)


def _import_confirm(request: HttpRequest, owner: User) -> HttpResponse:
    form = CsvConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That import could not be found; upload the file again.")
        return redirect("ledger:applications_import")
    batch = get_object_or_404(
        ImportBatch, pk=form.cleaned_data["batch"], owner=owner, kind=ImportBatch.Kind.CSV
    )
    if not batch_confirm(batch, import_applications_csv_task):
        messages.info(request, "That file was already imported.")
    return redirect("imports:progress", pk=batch.pk)


def applications_import(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    if request.method == "POST" and "batch" in request.POST:
        return _import_confirm(request, owner)
    if request.method == "POST":
        form = CsvUploadForm(
            request.POST,
            request.FILES,
            content_length=request_size(request),
        )
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                # The upload replaces the user's earlier unconfirmed CSV preview.
                import_room_check(owner=owner, incoming=len(data), replacing=CSV_PREVIEW)
            except ImportRoomError as exc:
                form.add_error("file", str(exc))
                return render(request, "ledger/applications_import.html", {"form": form})
            batch, preview = applications_csv_upload(
                owner=owner,
                data=data,
                file_name=upload.name or "",
                today=timezone.localdate(),
            )
            return render(
                request,
                "ledger/applications_import.html",
                {
                    "form": CsvUploadForm(),
                    "preview": preview,
                    "file_name": upload.name,
                    "confirm_form": CsvConfirmForm(initial={"batch": batch.pk}) if batch else None,
                },
            )
    else:
        form = CsvUploadForm()
    return render(request, "ledger/applications_import.html", {"form": form})
