"""POST /vet, POST /vet/batch, GET /vettings/{id}: the job page in, the verdict out.

The same path as the paste page: vetting.parsing reads the page, vetting.services decides
whether it holds enough facts and stores the vetting, vetting.scoring judges what is not stored.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from accounts.current import current_user
from api.errors import FieldErrors
from api.presenters import price_for, verdict_body, vetting_body
from api.schemas import BatchIn, BatchOut, ErrorOut, VetIn, VettingOut
from vetting import parsing
from vetting.facts import JobFacts
from vetting.scoring import score_job
from vetting.selectors import thresholds_for, vettings_for
from vetting.services import facts_shortfall, vetting_create

router = Router(tags=["vetting"])

SOURCE = "api"
_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _read(text: str, url: str | None, now: datetime) -> tuple[JobFacts, str]:
    """The page's facts, and the text worth keeping (a saved page's visible text, not its HTML).

    The parser never raises (vetting.parsing); a URL the client sends wins over one read off
    the page, as on the paste form.
    """
    facts = parsing.parse_job_text(text, now)
    kept = parsing.html_to_text(text) if parsing.looks_like_html(text) else text
    if url:
        facts = dataclasses.replace(facts, job_url=url)
    return facts, kept


def _page(payload: VetIn) -> str:
    if payload.text and payload.html:
        raise FieldErrors({"html": "Send the page as text or as html, not both."})
    page = payload.text or payload.html or ""
    if not page.strip():
        field = "html" if payload.html is not None else "text"
        raise FieldErrors({field: "Send the job page: its text (Ctrl+A, Ctrl+C) or its HTML."})
    return page.replace("\x00", "")


@router.post(
    "/vet",
    response={200: VettingOut, 201: VettingOut, **_ERRORS},
    summary="Vet a job page",
    description="Reads the page, runs every rule with your thresholds and returns the verdict. "
    "Stored as a vetting (201) unless `save` is false (200, `id` null). A page with too few "
    "facts is a 422 that says what was missing.",
)
def vet(request: HttpRequest, response: HttpResponse, payload: VetIn) -> Status[Any]:
    owner = current_user(request)
    page = _page(payload)
    now = payload.captured_at or timezone.now()
    facts, kept = _read(page, payload.url, now)
    problem = facts_shortfall(facts)
    if problem is not None:
        raise FieldErrors({"html" if payload.html else "text": problem}, detail=problem)
    price = price_for(owner)
    if not payload.save:
        verdict = score_job(facts, thresholds_for(owner), now=now)
        return Status(200, verdict_body(facts, verdict, now=now, price=price))
    vetting = vetting_create(owner=owner, facts=facts, raw_text=kept, source=SOURCE, now=now)
    response["Location"] = f"/api/v1/vettings/{vetting.pk}"
    return Status(201, vetting_body(request, vetting, price=price))


@router.post(
    "/vet/batch",
    response={200: BatchOut, **_ERRORS},
    summary="Score many tiles at once",
    description="For a feed or a search page: up to 100 tiles, scored with your thresholds. "
    "Nothing is written. A tile with too few facts gets a `problem` instead of a `result`.",
)
def vet_batch(request: HttpRequest, payload: BatchIn) -> dict[str, Any]:
    owner = current_user(request)
    now = payload.captured_at or timezone.now()
    thresholds = thresholds_for(owner)
    price = price_for(owner)
    results = []
    for index, item in enumerate(payload.items):
        facts, _ = _read(item.text.replace("\x00", ""), item.url, now)
        problem = facts_shortfall(facts)
        result = None
        if problem is None:
            verdict = score_job(facts, thresholds, now=now)
            result = verdict_body(facts, verdict, now=now, price=price)
        results.append({"index": index, "url": item.url, "problem": problem, "result": result})
    return {"results": results}


@router.get(
    "/vettings/{vetting_id}",
    response={200: VettingOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="One of your vettings",
)
def vetting_detail(request: HttpRequest, vetting_id: int) -> dict[str, Any]:
    owner = current_user(request)
    vetting = get_object_or_404(vettings_for(owner), pk=vetting_id)
    return vetting_body(request, vetting, price=price_for(owner))
