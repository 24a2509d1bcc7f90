"""GET /whatif and GET /vettings/{id}/worth: the user's history judged again, and what a
proposal is worth (the extension's chip reads the second)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from accounts.current import current_user
from api.errors import FieldErrors
from api.schemas import ErrorOut
from dashboards.forms import unknown_names, whatif_form
from dashboards.history import proposal_worth, whatif_report
from vetting.selectors import thresholds_for, vettings_for

router = Router(tags=["what-if"])


@router.get(
    "/whatif",
    url_name="whatif",
    response={200: dict[str, Any], 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="What other thresholds would have done",
    description="Any threshold of Settings as a query parameter (`hire_rate_min=60`; "
    "`decisive=hire_rate,idle_job` for the rules that mean skip), and `from`, `to` "
    "(YYYY-MM-DD). Every application of the period sent on a vetting is judged again: per rule "
    "(the applications that rule fails) and combined (those the verdict would skip), the same "
    "JSON as `manage.py whatif --json`. Thresholds not given are yours.",
)
def whatif(request: HttpRequest) -> dict[str, Any]:
    owner = current_user(request)
    given = {key: request.GET[key] for key in request.GET}
    unknown = unknown_names(list(given))
    if unknown:
        raise FieldErrors({name: "Not a threshold of Settings." for name in unknown})
    form = whatif_form(thresholds_for(owner), given)
    if not form.is_valid():
        raise FieldErrors(
            {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
        )
    return whatif_report(owner, form.to_thresholds(), form.date_from, form.date_to).to_json()


@router.get(
    "/vettings/{vetting_id}/worth",
    url_name="vetting_worth",
    response={200: dict[str, Any], 401: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="What a proposal on this job is worth",
    description="The chance of a hire from your own history for jobs of this verdict and "
    "score band (shrunk toward your overall rate when the band is thin), times the median of "
    "your hires (or the job's fixed budget when smaller), against the connects in dollars. "
    "`shown` is false below the minimum history, with the `reason`.",
)
def worth(request: HttpRequest, vetting_id: int) -> dict[str, Any]:
    owner = current_user(request)
    vetting = get_object_or_404(vettings_for(owner), pk=vetting_id)
    return proposal_worth(owner, vetting).to_json()
