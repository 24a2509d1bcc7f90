"""The what-if page, the applications behind each of its figures, suggestions and worth."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.current import current_user
from dashboards import history
from dashboards.forms import DECISIVE, DECISIVE_GIVEN, WhatIfForm, whatif_form
from dashboards.services import thresholds_apply_suggested
from dashboards.whatif import FIGURES, WhatIf
from ledger.policy import Fate, outcomes_with_fate
from ledger.selectors import paid_by_application
from vetting.rules import RULES
from vetting.selectors import thresholds_for

PAGE_SIZE = 50
# Which applications of a row each figure links to.
FIGURE_FILTERS = {
    "applications": "all",
    "connects_lost": "lost",
    "usd_lost": "lost",
    "hires_missed": "hired",
    "contract_value_missed": "hired",
    "pending": "pending",
    "net_usd": "all",
}
FIGURE_LABELS = {
    "all": "would have been skipped",
    "lost": "lost connects",
    "hired": "hired you",
    "pending": "are still pending",
}


def _form(request: HttpRequest) -> WhatIfForm:
    """The user's thresholds, overridden by whatever the query string gives."""
    given = {
        key: request.GET[key] for key in request.GET if key not in (DECISIVE, "row", "show", "page")
    }
    decisive = request.GET.getlist(DECISIVE) if DECISIVE_GIVEN in request.GET else None
    return whatif_form(thresholds_for(current_user(request)), given, decisive)


def _query(request: HttpRequest) -> str:
    """The what-if's own parameters, to carry into each figure's link."""
    kept = [(k, v) for k, v in request.GET.lists() if k not in ("row", "show", "page")]
    return urlencode([(k, value) for k, values in kept for value in values])


RULE_TITLES = {rule.code: rule.title for rule in RULES}


def _table(report: WhatIf) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"code": code, "title": RULE_TITLES.get(code, code), "tally": tally}
        for code, tally in report.rules.items()
    ]
    rows.sort(key=lambda r: (-r["tally"].applications, r["title"]))
    return rows


def whatif(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = _form(request)
    report = None
    if form.is_valid():
        report = history.whatif_report(user, form.to_thresholds(), form.date_from, form.date_to)
    rows = _table(report) if report else []
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "rows": rows,
        "query": _query(request),
        "figures": FIGURES,
    }
    if report is not None:
        context["chart"] = {
            "labels": [r["title"] for r in rows if r["tally"].applications],
            "net": [float(r["tally"].net_usd) for r in rows if r["tally"].applications],
        }
        context["boosts"] = history.boost_bands(user, report.date_from, report.date_to)
    return render(request, "dashboards/whatif.html", context, status=200 if report else 400)


def whatif_applications(request: HttpRequest) -> HttpResponse:
    """The applications behind one figure: ``row`` is a rule's code or ``combined``."""
    user = current_user(request)
    code, show = request.GET.get("row", "combined"), request.GET.get("show", "all")
    form = _form(request)
    if show not in FIGURE_LABELS or not form.is_valid():
        raise Http404("No such figure")
    report = history.whatif_report(user, form.to_thresholds(), form.date_from, form.date_to)
    tally = report.tally(code)
    if tally is None:
        raise Http404("No such rule")
    applications = history.whatif_applications(user, tally.ids)
    if show == "lost":
        applications = applications.filter(outcome__in=outcomes_with_fate(Fate.LOST))
    elif show == "hired":
        applications = applications.filter(outcome="hired")
    elif show == "pending":
        applications = applications.filter(outcome="")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    title = RULE_TITLES.get(code, code) if code != "combined" else "Combined (verdict skip)"
    return render(
        request,
        "dashboards/whatif_applications.html",
        {
            "report": report,
            "row_title": title,
            "code": code,
            "show_label": FIGURE_LABELS[show],
            "page": page,
            "paid": paid_by_application(page.object_list),
            "query": _query(request),
        },
    )


def suggestions(request: HttpRequest) -> HttpResponse:
    """The suggested thresholds: a fragment the what-if page loads after it is shown."""
    data = history.threshold_suggestions(current_user(request))
    template = "dashboards/_suggestions.html"
    if not request.headers.get("HX-Request"):
        template = "dashboards/suggestions.html"
    charts = {
        s.name: {"labels": [p.value for p in s.curve], "net": [float(p.net_usd) for p in s.curve]}
        for s in data.items
    }
    return render(request, template, {"suggestions": data, "curves": charts})


@require_POST
def suggestions_apply(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    change = thresholds_apply_suggested(user=user)
    if change is None:
        messages.info(request, "Your thresholds already give the best net over your history.")
    else:
        names = ", ".join(change.changed_labels)
        messages.success(
            request,
            f"Suggested thresholds applied ({names}). Past vettings keep the thresholds they "
            "were judged with; new vettings use these.",
        )
    return redirect("dashboards:whatif")


def worth(request: HttpRequest, pk: int) -> HttpResponse:
    """What a proposal on this vetting's job is worth: a fragment of the vetting page."""
    user = current_user(request)
    vetting = history.vetting_of(user, pk)
    if vetting is None:
        raise Http404("No such vetting")
    return render(
        request, "dashboards/_worth.html", {"worth": history.proposal_worth(user, vetting)}
    )
