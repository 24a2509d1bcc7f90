"""Applications: the list with one-click status and outcome, the detail page, the log form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.current import current_user, safe_next
from accounts.display import plural
from accounts.models import User
from ledger.bid_table import bids_from_json, place_for
from ledger.forms import (
    OUTCOME_CHOICES,
    ApplicationFilterForm,
    ApplicationForm,
    BoostReturnForm,
    CorrectionForm,
    OutcomeForm,
    StatusForm,
)
from ledger.models import Application, ApplicationStatus
from ledger.money import connects_to_usd
from ledger.policy import Fate, fate_of
from ledger.selectors import (
    application_list_for,
    application_money,
    application_with_removed,
    applications_for,
    ledger_settings_for,
    paid_by_application,
)
from ledger.services import (
    LedgerError,
    application_return_boost,
    application_set_outcome,
    application_set_status,
    application_submit,
)
from ledger.views._common import (
    PAGE_SIZE,
    is_htmx,
    is_web_url,
    price_str,
    url_or_none,
    with_balance_trigger,
)
from vetting.models import Job, Vetting


@dataclass(frozen=True)
class ApplicationRow:
    """An application as one table row shows it: with what it paid and its fate."""

    app: Application
    paid: int
    refunded: int
    fate: str
    external_url: str


def _rows(applications: Iterable[Application]) -> list[ApplicationRow]:
    apps = list(applications)
    money = paid_by_application(apps)  # one query for the whole page
    return [
        ApplicationRow(
            app=app,
            paid=money[app.pk].paid,
            refunded=money[app.pk].refunded,
            fate=fate_of(app.outcome).value,
            external_url=app.job_url if is_web_url(app.job_url) else "",
        )
        for app in apps
    ]


def _row_context(next_url: str) -> dict[str, Any]:
    return {
        "next": next_url,
        "status_choices": ApplicationStatus.choices,
        "outcome_choices": OUTCOME_CHOICES,
    }


def applications(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    filters = ApplicationFilterForm(request.GET or None)
    filters.is_valid()  # an invalid filter is shown with its error and ignored
    page = Paginator(filters.filter(application_list_for(owner)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = _rows(page.object_list)
    # Only an empty page needs to know whether the user has anything at all.
    has_any = bool(rows) or applications_for(owner).exists()
    return render(
        request,
        "ledger/applications.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "has_any": has_any,
            "vet_url": url_or_none("vetting:vet"),
            **_row_context(request.get_full_path()),
        },
    )


def _prefill(request: HttpRequest, owner: User) -> dict[str, Any]:
    """Initial values from the query string: a vetting or job of the user's, or plain values."""

    def _id(name: str) -> str | None:
        raw = request.GET.get(name, "").strip()
        if raw and not raw.isdigit():
            raise Http404(f"No such {name}.")
        return raw or None

    initial: dict[str, Any] = {}
    job_id, vetting_id = _id("job"), _id("vetting")
    job: Job | None = None
    if vetting_id:
        vetting = get_object_or_404(
            Vetting.objects.filter(owner=owner).select_related("job"), pk=vetting_id
        )
        job = vetting.job
        initial["vetting"] = vetting.pk
        facts = vetting.facts if isinstance(vetting.facts, dict) else {}
        connects = facts.get("connects_required")
        if isinstance(connects, int) and not isinstance(connects, bool) and connects >= 0:
            initial["connects_paid"] = connects
    elif job_id:
        job = get_object_or_404(Job.objects.filter(owner=owner), pk=job_id)
    if job is not None:
        initial["job"] = job.pk
        initial["job_title"] = job.title
        initial["job_url"] = job.url
        if "connects_paid" not in initial and job.connects_required is not None:
            initial["connects_paid"] = job.connects_required
    if title := request.GET.get("title", "").strip():
        initial["job_title"] = title
    if url := request.GET.get("url", "").strip():
        initial["job_url"] = url
    if (connects_param := request.GET.get("connects", "").strip()).isdigit():
        initial["connects_paid"] = int(connects_param)
    return initial


def application_new(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    if request.method == "POST":
        form = ApplicationForm(request.POST, owner=owner)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = application_submit(
                    owner=owner,
                    job_title=data["job_title"],
                    job_url=data["job_url"],
                    submitted_on=data["submitted_on"],
                    connects_paid=data["connects_paid"],
                    boost_connects=data["boost_connects"],
                    bid_amount=data["bid_amount"],
                    notes=data["notes"],
                    job=data["job"],
                    vetting=data["vetting"],
                    bid_table=data["apply_page"],
                    source=Application.Source.VETTING
                    if data["vetting"]
                    else Application.Source.MANUAL,
                )
            except LedgerError as exc:
                form.add_error(None, str(exc))
            else:
                spent = application.connects_paid + application.boost_connects
                messages.success(
                    request, f"Logged “{application.job_title}”: {plural(spent, 'connect')} spent."
                )
                return redirect("ledger:applications")
    else:
        form = ApplicationForm(initial=_prefill(request, owner), owner=owner)
    return render(request, "ledger/application_form.html", {"form": form})


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    owner = current_user(request)
    application = application_with_removed(owner, pk)
    if application is None:
        raise Http404("No such application.")
    money = application_money(application)
    price = ledger_settings_for(owner).price_per_connect
    fate = fate_of(application.outcome)
    # What the fate is about: the refund when refunded, else what was paid and is not back.
    fate_connects = money.refunded if fate is Fate.REFUNDED else money.outstanding
    boost_left = money.boost_charged - money.boost_returned
    detail_url = reverse("ledger:application_detail", args=[application.pk])
    vetting = application.vetting
    return render(
        request,
        "ledger/application_detail.html",
        {
            "application": application,
            "external_url": application.job_url if is_web_url(application.job_url) else "",
            "vetting": vetting,
            "vetting_url": url_or_none("vetting:vetting_detail", vetting.pk) if vetting else None,
            "money": money,
            "paid_usd": connects_to_usd(money.paid, price),
            "refunded_usd": connects_to_usd(money.refunded, price),
            "fate": fate.value,
            "fate_connects": fate_connects,
            "fate_usd": connects_to_usd(fate_connects, price),
            "price": price_str(price),
            "boost_left": boost_left,
            "bids": bids_from_json(application.bid_table),
            "boost_place": place_for(
                bids_from_json(application.bid_table), application.boost_connects
            ),
            "entries": application.entries.order_by("occurred_on", "id"),
            "status_form": StatusForm(initial={"status": application.status}),
            "outcome_form": OutcomeForm(
                initial={
                    "outcome": application.outcome,
                    "outcome_on": application.outcome_on,
                    "contract_value_usd": application.contract_value_usd,
                }
            ),
            "boost_form": BoostReturnForm(initial={"connects": boost_left or None}),
            "correction_form": CorrectionForm(
                initial={f: getattr(application, f) for f in CorrectionForm.base_fields},
                auto_id="edit_%s",
            ),
            # What removing it gives back: everything it moved, net.
            "removal_back": money.outstanding,
            "next": detail_url,
        },
    )


def _first_error(form: StatusForm | OutcomeForm | BoostReturnForm) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return "That change could not be saved."


def _after_row_change(
    request: HttpRequest, application: Application, *, success: str, error: str
) -> HttpResponse:
    """htmx gets the re-rendered row and the new balance; a plain form goes back where it was."""
    owner = current_user(request)
    if is_htmx(request):
        fresh = get_object_or_404(application_list_for(owner), pk=application.pk)
        response = render(
            request,
            "ledger/_application_row.html",
            {
                "row": _rows([fresh])[0],
                "error": error,
                **_row_context(safe_next(request, reverse("ledger:applications"))),
            },
        )
        return with_balance_trigger(response, owner)
    if error:
        messages.error(request, f"“{application.job_title}”: {error}")
    else:
        messages.success(request, success)
    return redirect(safe_next(request, reverse("ledger:applications")))


@require_POST
def application_status(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk, owner=current_user(request))
    form = StatusForm(request.POST)
    error, success = "", ""
    if form.is_valid():
        try:
            changed = application_set_status(
                application=application, status=form.cleaned_data["status"]
            )
        except LedgerError as exc:
            error = str(exc)
        else:
            success = f"“{changed.job_title}” is now {changed.get_status_display().lower()}."
    else:
        error = _first_error(form)
    return _after_row_change(request, application, success=success, error=error)


@require_POST
def application_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk, owner=current_user(request))
    form = OutcomeForm(request.POST)
    error, success = "", ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            written = application_set_outcome(
                application=application,
                outcome=data["outcome"],
                outcome_on=data["outcome_on"],
                contract_value_usd=data["contract_value_usd"],
            )
        except LedgerError as exc:
            error = str(exc)
        else:
            label = application.get_outcome_display() if application.outcome else "pending"
            moved = sum(entry.connects for entry in written)
            success = f"Outcome of “{application.job_title}”: {label}."
            if moved > 0:
                success += f" {moved} connects refunded."
            elif moved < 0:
                success += f" Refund of {-moved} connects reversed."
    else:
        error = _first_error(form)
    return _after_row_change(request, application, success=success, error=error)


@require_POST
def application_boost_returned(request: HttpRequest, pk: int) -> HttpResponse:
    owner = current_user(request)
    application = get_object_or_404(Application, pk=pk, owner=owner)
    detail_url = reverse("ledger:application_detail", args=[application.pk])
    form = BoostReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(detail_url)
    entry = application_return_boost(
        application=application, connects=form.cleaned_data["connects"]
    )
    if entry is None:
        messages.info(request, "Nothing to return: no boost charged is still outstanding.")
    else:
        messages.success(request, f"Boost returned: {entry.connects} connects back.")
    return redirect(detail_url)
