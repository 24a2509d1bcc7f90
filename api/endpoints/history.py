"""Connects History imports: preview (nothing written), confirm (queued), and their status."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Status

from accounts.current import current_user
from api.errors import FieldErrors
from api.schemas import ErrorOut, HistoryImportIn, HistoryPreviewOut, HistoryStatusOut, StatusUrlOut
from ledger.import_progress import batch_confirm
from ledger.importers.history_import import (
    HistoryImportError,
    HistoryPlan,
    history_parse,
    history_plan,
    history_upload,
)
from ledger.importers.tasks import import_history_task
from ledger.models import ImportBatch
from ledger.selectors import balance_of

router = Router(tags=["ledger"])

_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _batches(request: HttpRequest) -> Any:
    return ImportBatch.objects.filter(owner=current_user(request), kind=ImportBatch.Kind.HISTORY)


def _plan(batch: ImportBatch) -> HistoryPlan:
    """What confirming the batch would write, as of now (the preview page reads it so too)."""
    return history_plan(owner=batch.owner, page=history_parse(batch.payload, batch.parsed_at))


def _preview(request: HttpRequest, batch: ImportBatch, plan: HistoryPlan) -> dict[str, Any]:
    summary = plan.summary()
    return {
        "id": batch.pk,
        "rows": summary["rows"],
        "new": summary["new"],
        "already": summary["already"],
        "upwork_balance": summary["upwork_balance"],
        "bidbook_balance": balance_of(batch.owner),
        "balance_after": summary["balance_after"],
        "difference": summary["difference"],
        "connects_added": summary["connects_added"],
        "not_understood": plan.not_understood,
        "saved_at": batch.parsed_at,
        "preview_url": request.build_absolute_uri(reverse("history:preview", args=[batch.pk])),
    }


def _status(request: HttpRequest, batch: ImportBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "state": batch.state,
        "percent": batch.percent,
        "rows_total": batch.rows_total,
        "rows_done": batch.rows_done,
        "summary": batch.summary if batch.state == ImportBatch.State.DONE else None,
        "error": batch.error,
        "progress_url": request.build_absolute_uri(reverse("imports:progress", args=[batch.pk])),
    }


@router.post(
    "/history-imports",
    response={201: HistoryPreviewOut, **_ERRORS},
    summary="Preview a Connects History import",
    description="Reads the page and says what importing it would add; nothing is written until "
    "it is confirmed. `saved_at` is when the page was read (its “Today”).",
)
def history_import_create(request: HttpRequest, payload: HistoryImportIn) -> Status[Any]:
    if payload.text and payload.html:
        raise FieldErrors({"html": "Send the page as text or as html, not both."})
    text = (payload.text or payload.html or "").replace("\x00", "")
    field = "html" if payload.html is not None else "text"
    if not text.strip():
        raise FieldErrors({field: "Send the Connects History page: its text or its HTML."})
    try:
        batch = history_upload(
            owner=current_user(request),
            text=text,
            file_name="",
            # None: the moment the page itself carries, else now (ledger's history_saved_at).
            saved_at=payload.saved_at,
        )
    except HistoryImportError as exc:
        raise FieldErrors({field: str(exc)}, detail=str(exc)) from exc
    return Status(201, _preview(request, batch, _plan(batch)))


@router.get(
    "/history-imports/{import_id}",
    response={200: HistoryStatusOut, **_ERRORS},
    summary="An import's state and progress",
)
def history_import_status(request: HttpRequest, import_id: int) -> dict[str, Any]:
    return _status(request, get_object_or_404(_batches(request), pk=import_id))


@router.get(
    "/history-imports/{import_id}/preview",
    response={200: HistoryPreviewOut, **_ERRORS},
    summary="What a previewed import would add, as of now",
)
def history_import_preview(request: HttpRequest, import_id: int) -> Any:
    batch = get_object_or_404(_batches(request), pk=import_id)
    if batch.state != ImportBatch.State.PREVIEW:
        raise FieldErrors({"id": "This import was confirmed already: see its status."})
    return _preview(request, batch, _plan(batch))


@router.post(
    "/history-imports/{import_id}/confirm",
    response={202: StatusUrlOut, **_ERRORS},
    summary="Confirm an import",
    description="Queues the import; it runs in the background. Confirming again changes nothing.",
)
def history_import_confirm(
    request: HttpRequest, response: HttpResponse, import_id: int
) -> Status[Any]:
    batch = get_object_or_404(_batches(request), pk=import_id)
    batch_confirm(batch, import_history_task)
    batch.refresh_from_db()
    status_url = request.build_absolute_uri(f"/api/v1/history-imports/{batch.pk}")
    response["Location"] = status_url
    return Status(
        202,
        {
            "status_url": status_url,
            "state": batch.state,
            "progress_url": request.build_absolute_uri(
                reverse("imports:progress", args=[batch.pk])
            ),
        },
    )
