"""GET /reports/YYYY-MM: a month's review, exactly what `manage.py report --json` prints."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from accounts.current import current_user
from api.errors import FieldErrors
from api.schemas import ErrorOut
from dashboards.periods import Month
from dashboards.selectors import monthly_review, report_json

router = Router(tags=["reports"])


@router.get(
    "/reports/{month}",
    response={200: dict[str, Any], 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="A month's review",
    description="Connects and dollars by fate, applications and win rate, the rules that would "
    "have saved you, the jobs you skipped: the same JSON as `manage.py report --json`.",
)
def report(request: HttpRequest, month: str) -> dict[str, Any]:
    parsed = Month.parse(month)
    if parsed is None:
        raise FieldErrors({"month": f"Give a month as YYYY-MM, like 2026-01; got {month!r}."})
    return report_json(monthly_review(current_user(request), parsed), parsed)
