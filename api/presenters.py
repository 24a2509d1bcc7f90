"""Turn the apps' objects into the API's response bodies. Reads only; no decisions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from ledger.models import Application
from ledger.money import connects_to_usd
from ledger.policy import fate_of
from ledger.selectors import ApplicationMoney, ledger_settings_for
from vetting.facts import JobFacts
from vetting.models import Vetting
from vetting.rules import RULES, RULES_BY_CODE, Status, Thresholds
from vetting.scoring import Assessment
from vetting.selectors import rule_rows

# The order the pages list rules in: what weighs against the job first.
_STATUS_ORDER = {"fail": 0, "warn": 1, "unknown": 2, "pass": 3}
_RULE_ORDER = {rule.code: index for index, rule in enumerate(RULES)}


def price_for(owner: User) -> Decimal:
    """The owner's price per connect, always with the column's four decimals."""
    return Decimal(ledger_settings_for(owner).price_per_connect).quantize(Decimal("0.0001"))


def _weight(code: str, status: str) -> int:
    rule = RULES_BY_CODE.get(code)
    if rule is None or status not in {s.value for s in Status}:
        return 0
    return rule.cost(Status(status))


def _rule(code: str, status: str, reason: str, decisive: bool) -> dict[str, Any]:
    rule = RULES_BY_CODE.get(code)
    return {
        "code": code,
        "status": status,
        "reason": reason,
        "title": rule.title if rule else code,
        "decisive": decisive,
        "weight": _weight(code, status),
    }


def _connects(facts: dict[str, Any]) -> int | None:
    value = facts.get("connects_required")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _body(
    *,
    id: int | None,
    verdict: str,
    score: int,
    facts: dict[str, Any],
    rules: list[dict[str, Any]],
    app_url: str | None,
    captured_at: datetime,
    ruleset_version: str,
    price: Decimal,
) -> dict[str, Any]:
    connects = _connects(facts)
    return {
        "id": id,
        "verdict": verdict,
        "score": score,
        "facts": facts,
        "rules": rules,
        "app_url": app_url,
        "captured_at": captured_at,
        "connects_required": connects,
        "connects_usd": None if connects is None else connects_to_usd(connects, price),
        "ruleset_version": ruleset_version,
    }


def vetting_body(request: HttpRequest, vetting: Vetting, *, price: Decimal) -> dict[str, Any]:
    """A stored vetting, as GET /vettings/{id} and a saving POST /vet return it."""
    facts = vetting.facts if isinstance(vetting.facts, dict) else {}
    return _body(
        id=vetting.pk,
        verdict=vetting.verdict,
        score=vetting.score,
        facts=facts,
        rules=[_rule(r.code, r.status, r.reason, r.decisive) for r in rule_rows(vetting)],
        app_url=request.build_absolute_uri(reverse("vetting:vetting_detail", args=[vetting.pk])),
        captured_at=vetting.created_at,
        ruleset_version=vetting.ruleset_version,
        price=price,
    )


def verdict_body(
    facts: JobFacts, verdict: Assessment, *, now: datetime, price: Decimal
) -> dict[str, Any]:
    """A verdict scored and not stored (save: false, and every batch item)."""
    decisive = verdict.thresholds.decisive if isinstance(verdict.thresholds, Thresholds) else ()
    results = sorted(
        verdict.results,
        key=lambda r: (_STATUS_ORDER.get(str(r.status), 9), _RULE_ORDER.get(r.code, 99)),
    )
    return _body(
        id=None,
        verdict=str(verdict.verdict),
        score=verdict.score,
        facts=facts.to_json(),
        rules=[_rule(r.code, str(r.status), r.reason, r.code in decisive) for r in results],
        app_url=None,
        captured_at=now,
        ruleset_version=verdict.ruleset_version,
        price=price,
    )


def application_bodies(
    request: HttpRequest, applications: Iterable[Application], money: dict[int, ApplicationMoney]
) -> list[dict[str, Any]]:
    return [application_body(request, app, money.get(app.pk)) for app in applications]


def application_body(
    request: HttpRequest, app: Application, money: ApplicationMoney | None
) -> dict[str, Any]:
    money = money or ApplicationMoney()
    return {
        "id": app.pk,
        "title": app.job_title,
        "url": app.job_url,
        "submitted_on": app.submitted_on,
        "connects": app.connects_paid,
        "boost_connects": app.boost_connects,
        "bid_amount_usd": app.bid_amount,
        "status": app.status,
        "outcome": app.outcome,
        "outcome_on": app.outcome_on,
        "fate": fate_of(app.outcome).value,
        "paid": money.paid,
        "refunded": money.refunded,
        "contract_value_usd": app.contract_value_usd,
        "vetting_id": app.vetting_id,
        "job_id": app.job_id,
        "notes": app.notes,
        "app_url": request.build_absolute_uri(reverse("ledger:application_detail", args=[app.pk])),
    }
