"""Applications: list (paginated, filtered), log one, change its status, record its outcome.

Every write is a ledger service (ledger.services), so the connects move exactly as they do
when the same is done on the pages; the list filters with the pages' own filter form.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from accounts.current import current_user
from api.errors import FieldErrors, Refused
from api.presenters import application_bodies, application_body
from api.schemas import (
    ApplicationIn,
    ApplicationOut,
    ApplicationPage,
    ApplicationPatch,
    ErrorOut,
    OutcomeIn,
    OutcomeOut,
    RemovedOut,
)
from ledger.forms import ApplicationFilterForm
from ledger.models import Application
from ledger.selectors import applications_for, paid_by_application
from ledger.services import (
    CorrectionError,
    LedgerError,
    application_correct,
    application_remove_duplicate,
    application_set_outcome,
    application_set_status,
    application_submit,
)
from vetting.selectors import vettings_for

router = Router(tags=["applications"])

PAGE_SIZE = 50
_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class ApplicationFilters(Schema):
    month: str | None = None
    outcome: str | None = None
    status: str | None = None
    verdict: str | None = None
    page: int = 1


def _one(request: HttpRequest, application: Application) -> dict[str, Any]:
    money = paid_by_application([application])
    return application_body(request, application, money[application.pk])


def _fresh(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(applications_for(current_user(request)), pk=pk)


@router.get(
    "/applications",
    response={200: ApplicationPage, **_READ_ERRORS},
    summary="Your applications",
    description="Newest first, 50 a page. `month` is YYYY-MM (by the day sent); `outcome` one "
    "of the outcome codes or `pending`; `status` and `verdict` as on the Applications page.",
)
def applications_list(request: HttpRequest, filters: Query[ApplicationFilters]) -> dict[str, Any]:
    owner = current_user(request)
    data = QueryDict(mutable=True)
    for name in ("month", "outcome", "status", "verdict"):
        value = getattr(filters, name)
        if value:
            data[name] = value
    form = ApplicationFilterForm(data)
    if not form.is_valid():
        raise FieldErrors(
            {name: " ".join(map(str, errors)) for name, errors in form.errors.items()}
        )
    paginator = Paginator(form.filter(applications_for(owner)), PAGE_SIZE)
    try:
        page = paginator.page(filters.page)  # page 1 of nothing is an empty page
    except (EmptyPage, PageNotAnInteger):
        last = paginator.num_pages
        raise FieldErrors({"page": f"Give a page from 1 to {last}."}) from None
    items = list(page.object_list)

    def link(number: int) -> str:
        query = data.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages if paginator.count else 0,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "items": application_bodies(request, items, paid_by_application(items)),
    }


@router.post(
    "/applications",
    response={201: ApplicationOut, **_READ_ERRORS},
    summary="Log an application",
    description="A proposal sent: on a vetting (`vetting_id`; the title and link come from its "
    "job) or by `title` (and `url`). The proposal's and the boost's connects leave the balance.",
)
def application_create(
    request: HttpRequest, response: HttpResponse, payload: ApplicationIn
) -> Status[dict[str, Any]]:
    owner = current_user(request)
    vetting = None
    if payload.vetting_id is not None:
        vetting = vettings_for(owner).filter(pk=payload.vetting_id).first()
        if vetting is None:
            raise Http404("No such vetting.")
    title = payload.title or (vetting.job.title if vetting else None)
    if not title:
        raise FieldErrors({"title": "Give the job's title, or the vetting_id it was sent on."})
    submitted_on = payload.submitted_at
    if submitted_on > timezone.localdate():
        raise FieldErrors({"submitted_at": "The date cannot be in the future."})
    try:
        application = application_submit(
            owner=owner,
            job_title=title,
            job_url=payload.url or (vetting.job.url if vetting else ""),
            submitted_on=submitted_on,
            connects_paid=payload.connects,
            boost_connects=payload.boost_connects,
            bid_amount=payload.bid_amount_usd,
            notes=payload.notes,
            job=vetting.job if vetting else None,
            vetting=vetting,
            source=Application.Source.VETTING if vetting else Application.Source.MANUAL,
        )
    except LedgerError as exc:
        raise Refused(str(exc)) from exc
    response["Location"] = f"/api/v1/applications/{application.pk}"
    return Status(201, _one(request, _fresh(request, application.pk)))


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **_READ_ERRORS},
    summary="One of your applications",
)
def application_detail(request: HttpRequest, application_id: int) -> dict[str, Any]:
    return _one(request, _fresh(request, application_id))


# The PATCH body's names -> the correction service's (ledger.services.CORRECTABLE_FIELDS).
_CORRECTIONS = {
    "connects": "connects_paid",
    "boost_connects": "boost_connects",
    "title": "job_title",
    "url": "job_url",
    "submitted_on": "submitted_on",
}
_BODY_NAME = {service: body for body, service in _CORRECTIONS.items()}


@router.patch(
    "/applications/{application_id}",
    response={200: ApplicationOut, **_READ_ERRORS},
    summary="Change an application's status, or correct what was mistyped",
    description="Send only what changes. `connects`, `boost_connects` and `submitted_on` are "
    "corrected by new ledger entries with the difference (a new date moves the charge to it); "
    "sending the same correction twice writes nothing the second time.",
)
def application_update(
    request: HttpRequest, application_id: int, payload: ApplicationPatch
) -> dict[str, Any]:
    application = _fresh(request, application_id)
    sent = payload.model_dump(exclude_unset=True)
    corrections = {_CORRECTIONS[k]: v for k, v in sent.items() if k in _CORRECTIONS}
    # An empty url clears the link; any other field sent as null is a mistake.
    missing = [k for k, v in sent.items() if k in _CORRECTIONS and k != "url" and v is None]
    if missing:
        raise FieldErrors({name: "Give a value, or leave the field out." for name in missing})
    if payload.status is None and not corrections:
        raise FieldErrors({"status": "Nothing to change: send the new status or a correction."})
    if "job_url" in corrections:
        corrections["job_url"] = corrections["job_url"] or ""
    try:
        if corrections:
            application_correct(application=application, **corrections)
        if payload.status is not None:
            application_set_status(application=application, status=payload.status)
    except CorrectionError as exc:
        raise Refused(str(exc), field=_BODY_NAME.get(exc.field, exc.field)) from exc
    except LedgerError as exc:
        raise Refused(str(exc), field="status") from exc
    return _one(request, _fresh(request, application_id))


@router.delete(
    "/applications/{application_id}",
    response={200: RemovedOut, **_READ_ERRORS},
    summary="Remove a duplicate application",
    description="For an application logged twice: every connect it moved comes back by "
    "correcting entries; it leaves every list and count, and its entries stay in the ledger.",
)
def application_remove(request: HttpRequest, application_id: int) -> dict[str, Any]:
    application = _fresh(request, application_id)
    written = application_remove_duplicate(application=application)
    return {"id": application_id, "connects_moved": sum(e.connects for e in written)}


@router.post(
    "/applications/{application_id}/outcome",
    response={200: OutcomeOut, **_READ_ERRORS},
    summary="Record how an application ended",
    description="Connects come back for a refunding outcome (the client closed the job without "
    "hiring, Upwork removed it); a refund is reversed when the outcome changes away from one. "
    "An empty outcome puts the application back to pending.",
)
def application_outcome(
    request: HttpRequest, application_id: int, payload: OutcomeIn
) -> dict[str, Any]:
    application = _fresh(request, application_id)
    outcome_on = payload.outcome_at
    if outcome_on is not None and outcome_on > timezone.localdate():
        raise FieldErrors({"outcome_at": "The date cannot be in the future."})
    try:
        written = application_set_outcome(
            application=application,
            outcome=str(payload.outcome),
            outcome_on=outcome_on,
            contract_value_usd=payload.contract_value_usd,
        )
    except LedgerError as exc:
        raise Refused(str(exc)) from exc
    return {
        "application": _one(request, _fresh(request, application_id)),
        "connects_moved": sum(entry.connects for entry in written),
    }
