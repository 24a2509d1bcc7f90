"""The vetting pages: paste a job, read its verdict, correct it, skip it; the jobs; settings.

Each view binds a form, calls one service or selector, and renders or redirects. Every object is
looked up from the logged-in user, so another user's vetting or job is a 404.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.current import current_user, request_size, safe_next
from vetting import parsing
from vetting.facts import JobFacts
from vetting.forms import FactsForm, PasteForm, ThresholdsForm
from vetting.models import Vetting
from vetting.rules import Thresholds
from vetting.selectors import (
    job_vettings,
    jobs_for,
    jobs_with_latest_verdict,
    page_facts,
    rule_rows,
    skip_decision_for,
    thresholds_for,
    vetting_changes,
    vetting_facts,
    vetting_previous,
    vettings_for,
)
from vetting.services import (
    decision_skip,
    facts_shortfall,
    vetting_create,
    vetting_rescore,
    vetting_settings_save,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
SEARCH_MAX_CHARS = 200
RAW_TEXT_SHOWN = 20_000
_STATUSES = ("fail", "warn", "unknown", "pass")


def _read(text: str, now: datetime) -> tuple[JobFacts, str]:
    """The page's facts, and the text worth keeping (a saved page's visible text, not its HTML).

    The parser promises never to raise; should it break anyway, the paste is answered with
    "nothing found" and the text kept, rather than a server error.
    """
    try:
        facts = parsing.parse_job_text(text, now)
        kept = parsing.html_to_text(text) if parsing.looks_like_html(text) else text
    except Exception:
        logger.exception("The job page parser raised")
        return JobFacts(), text
    return facts, kept


# ---------------------------------------------------------------------------------------------
# Vet a job
# ---------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def vet(request: HttpRequest) -> HttpResponse:
    problem = None
    if request.method == "POST":
        form = PasteForm(request.POST, request.FILES, request_size=request_size(request))
        if form.is_valid():
            now = timezone.now()  # "posted 2 hours ago" and the vetting share one moment
            facts, kept = _read(form.page_text, now)
            if form.cleaned_data["job_url"]:
                facts = dataclasses.replace(facts, job_url=form.cleaned_data["job_url"])
            problem = facts_shortfall(facts)
            if problem is None:
                vetting = vetting_create(
                    owner=current_user(request),
                    facts=facts,
                    raw_text=kept,
                    source=form.source,
                    now=now,
                )
                return redirect("vetting:vetting_detail", pk=vetting.pk)
    else:
        form = PasteForm()
    return render(request, "vetting/vet.html", {"form": form, "problem": problem})


@require_http_methods(["GET", "POST"])
def vet_manual(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FactsForm(request.POST)
        if form.is_valid():
            vetting = vetting_create(
                owner=current_user(request),
                facts=form.to_facts(),
                raw_text="",
                source="form",
                now=timezone.now(),
            )
            return redirect("vetting:vetting_detail", pk=vetting.pk)
    else:
        form = FactsForm()
    return render(request, "vetting/manual.html", {"form": form})


# ---------------------------------------------------------------------------------------------
# One vetting
# ---------------------------------------------------------------------------------------------
def _apply_url(vetting: Vetting) -> str | None:
    """The ledger's application form, pre-filled from this vetting (if the ledger is mounted)."""
    try:
        return f"{reverse('ledger:application_new')}?vetting={vetting.pk}"
    except NoReverseMatch:
        return None


def _detail(
    request: HttpRequest, vetting: Vetting, facts_form: FactsForm | None = None
) -> HttpResponse:
    facts = vetting_facts(vetting)
    previous = vetting_previous(vetting)
    rows = rule_rows(vetting)
    counts = {status: sum(1 for r in rows if r.status == status) for status in _STATUSES}
    if facts_form is None:
        facts_form = FactsForm(initial=FactsForm.initial_from(facts))
    for name, field in facts_form.fields.items():
        # Shown beside each fact: read from Upwork's own data, or rounded by its page.
        field.source_note = (  # type: ignore[attr-defined]
            "exact"
            if facts.is_exact(name)
            else "rounded by Upwork"
            if facts.is_rounded(name)
            else ""
        )
    return render(
        request,
        "vetting/detail.html",
        {
            "vetting": vetting,
            "job": vetting.job,
            "facts": facts,
            "page_facts": page_facts(facts),
            "rules": rows,
            "counts": counts,
            "decisive_failed": [r for r in rows if r.status == "fail" and r.decisive],
            "previous": previous,
            "changes": vetting_changes(vetting, previous) if previous else [],
            "facts_form": facts_form,
            "apply_url": _apply_url(vetting),
            "skip": skip_decision_for(vetting),
            "raw_text": vetting.raw_text[:RAW_TEXT_SHOWN],
            "raw_text_cut": len(vetting.raw_text) > RAW_TEXT_SHOWN,
        },
    )


@require_GET
def vetting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vetting = get_object_or_404(vettings_for(current_user(request)), pk=pk)
    return _detail(request, vetting)


@require_POST
def vetting_rescore_view(request: HttpRequest, pk: int) -> HttpResponse:
    owner = current_user(request)
    vetting = get_object_or_404(vettings_for(owner), pk=pk)
    form = FactsForm(request.POST)
    if not form.is_valid():
        return _detail(request, vetting, facts_form=form)
    new = vetting_rescore(
        owner=owner, vetting=vetting, facts=form.to_facts(base=vetting_facts(vetting))
    )
    messages.success(request, f"Re-scored with your corrections: {new.verdict}, {new.score}/100.")
    return redirect("vetting:vetting_detail", pk=new.pk)


@require_POST
def vetting_skip(request: HttpRequest, pk: int) -> HttpResponse:
    owner = current_user(request)
    vetting = get_object_or_404(vettings_for(owner), pk=pk)
    decision = decision_skip(owner=owner, vetting=vetting, on=timezone.localdate())
    kept = decision.connects_saved
    messages.success(request, f"Skipped: {kept} connect{'' if kept == 1 else 's'} kept")
    return redirect("vetting:vetting_detail", pk=vetting.pk)


# ---------------------------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------------------------
@require_GET
def jobs(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    # PostgreSQL refuses NUL in a query parameter: drop it rather than fail the page.
    q = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_CHARS]
    page = Paginator(jobs_with_latest_verdict(owner, q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Only an empty page needs to know whether the user has vetted anything at all.
    has_any = bool(page.object_list) or (bool(q) and jobs_with_latest_verdict(owner).exists())
    return render(request, "vetting/jobs.html", {"page": page, "q": q, "has_any": has_any})


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(jobs_for(current_user(request)), pk=pk)
    rows = job_vettings(job)
    return render(
        request,
        "vetting/job_detail.html",
        {
            "job": job,
            "rows": rows,
            "latest": rows[0].vetting if rows else None,
            "first": rows[-1].vetting if rows else None,
            "skip": skip_decision_for(rows[0].vetting) if rows else None,
        },
    )


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest) -> HttpResponse:
    owner = current_user(request)
    if request.method == "POST":
        if "reset" in request.POST:
            vetting_settings_save(user=owner, thresholds=Thresholds())
            messages.success(request, "Vetting settings reset to the article's defaults.")
            return redirect(safe_next(request, reverse("vetting:settings")))
        form = ThresholdsForm(request.POST)
        if form.is_valid():
            vetting_settings_save(user=owner, thresholds=form.to_thresholds())
            messages.success(request, "Vetting settings saved: your next vetting uses them.")
            return redirect(safe_next(request, reverse("vetting:settings")))
    else:
        form = ThresholdsForm(initial=ThresholdsForm.initial_from(thresholds_for(owner)))
    return render(request, "vetting/settings.html", {"thresholds_form": form})
