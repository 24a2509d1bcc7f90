"""The combined settings page: one page, one section per app, each form posting to its own app.

A section is a partial template (templates/workspace/_settings_<name>.html) and, when it needs
data, a function below that returns its context. Adding a section means one partial, one include
in settings.html and, if it shows a form, one function in SECTIONS.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.current import current_user
from accounts.forms import TimeZoneForm
from accounts.models import User
from dashboards.worth import method_text
from ledger.forms import LedgerSettingsForm
from vetting.forms import ThresholdsForm
from vetting.selectors import thresholds_for


def _time_zone_section(request: HttpRequest, user: User) -> dict[str, object]:
    return {"time_zone_form": TimeZoneForm(initial={"time_zone": user.time_zone})}


def _ledger_section(request: HttpRequest, user: User) -> dict[str, object]:
    return {
        "ledger_settings_form": LedgerSettingsForm.for_owner(user),
        "ledger_settings_next": request.path,
    }


def _vetting_section(request: HttpRequest, user: User) -> dict[str, object]:
    return {
        "thresholds_form": ThresholdsForm(
            initial=ThresholdsForm.initial_from(thresholds_for(user))
        ),
        "thresholds_next": request.path,
    }


def _worth_section(request: HttpRequest, user: User) -> dict[str, object]:
    return {"worth_method": method_text()}


SECTIONS: tuple[Callable[[HttpRequest, User], dict[str, object]], ...] = (
    _time_zone_section,
    _ledger_section,
    _vetting_section,
    _worth_section,
)


def settings_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    context: dict[str, object] = {}
    for section in SECTIONS:
        context.update(section(request, user))
    return render(request, "workspace/settings.html", context)
