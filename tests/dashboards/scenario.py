"""A hand-computed scenario: a dozen applications over January and February 2026.

Every figure the tests assert was worked out by hand from this story, at $0.15 a connect.

January: opening balance 50, 80 bought for $12.00, 10 granted; seven applications:
  A1 16c   skip 20   hire_rate fail, competition warn  -> someone else hired (lost 16)
  A2 12c+30 boost  caution 55  hire_rate fail          -> client cancelled (refund 42)
  A3 20c   apply 85                                     -> hired, $900 (won 20)
  A4 14c+20 boost, boost returned; not vetted          -> declined (lost 14)
  A5 10c   skip 30   idle_job fail, hire_rate fail      -> expired (lost 10)
  A6 18c   apply 75                                     -> pending (18)
  A7 16c   caution 45  idle_job warn                    -> removed by Upwork (refund 16)
  Skipped two vetted jobs worth 16 and 20 connects.
February: 10 granted, 60 bought for $9.00; five applications:
  B1 16c   skip 25   hire_rate fail                     -> hired, $300 (won 16)
  B2 20c   apply 90                                     -> withdrawn (lost 20)
  B3 12c+50 boost; not vetted                           -> pending (62)
  B4 14c   caution 60  competition warn                 -> someone else hired (lost 14)
  B5 10c   skip 10   hire_rate fail, idle_job fail      -> cancelled, then declined (lost 10)
  Skipped one vetted job worth 18 connects.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accounts.models import User
from ledger import services
from tests.factories import JobFactory, RuleResultFactory, VettingFactory
from vetting.models import Decision


def _vetting(owner: User, verdict: str, score: int, rules: dict[str, str]):  # type: ignore[no-untyped-def]
    vetting = VettingFactory(job=JobFactory(owner=owner), verdict=verdict, score=score)
    for code, status in rules.items():
        RuleResultFactory(vetting=vetting, code=code, status=status, reason=f"{code} {status}")
    return vetting


def _apply(owner, day, connects, boost=0, vetting=None, outcome="", on=None, value=None):  # type: ignore[no-untyped-def]
    app = services.application_submit(
        owner=owner,
        job_title=vetting.job.title if vetting else f"Unvetted job of {day}",
        submitted_on=day,
        connects_paid=connects,
        boost_connects=boost,
        vetting=vetting,
        job=vetting.job if vetting else None,
    )
    if outcome:
        services.application_set_outcome(
            application=app, outcome=outcome, outcome_on=on or day, contract_value_usd=value
        )
    return app


def _skip(owner: User, day: date, connects: int) -> None:
    vetting = _vetting(owner, "skip", 15, {"hire_rate": "fail"})
    Decision.objects.create(
        owner=owner, job=vetting.job, vetting=vetting, connects_saved=connects, decided_on=day
    )


def build_scenario(owner: User) -> None:
    d = date
    services.opening_balance_set(owner=owner, connects=50, occurred_on=d(2026, 1, 1))
    services.connects_grant(owner=owner, connects=10, occurred_on=d(2026, 1, 1), monthly=True)
    services.connects_purchase(
        owner=owner, connects=80, usd_paid=Decimal("12.00"), occurred_on=d(2026, 1, 2)
    )
    _apply(
        owner,
        d(2026, 1, 5),
        16,
        vetting=_vetting(owner, "skip", 20, {"hire_rate": "fail", "competition": "warn"}),
        outcome="hired_someone_else",
        on=d(2026, 1, 20),
    )
    _apply(
        owner,
        d(2026, 1, 6),
        12,
        boost=30,
        vetting=_vetting(owner, "caution", 55, {"hire_rate": "fail"}),
        outcome="client_cancelled",
        on=d(2026, 1, 25),
    )
    _apply(
        owner,
        d(2026, 1, 8),
        20,
        vetting=_vetting(owner, "apply", 85, {}),
        outcome="hired",
        on=d(2026, 1, 18),
        value=Decimal("900.00"),
    )
    a4 = _apply(owner, d(2026, 1, 10), 14, boost=20)
    services.application_return_boost(application=a4, occurred_on=d(2026, 1, 11))
    services.application_set_outcome(application=a4, outcome="declined", outcome_on=d(2026, 1, 30))
    _apply(
        owner,
        d(2026, 1, 12),
        10,
        vetting=_vetting(owner, "skip", 30, {"idle_job": "fail", "hire_rate": "fail"}),
        outcome="expired",
        on=d(2026, 2, 12),
    )
    _apply(owner, d(2026, 1, 15), 18, vetting=_vetting(owner, "apply", 75, {}))
    _apply(
        owner,
        d(2026, 1, 20),
        16,
        vetting=_vetting(owner, "caution", 45, {"idle_job": "warn"}),
        outcome="removed_by_upwork",
        on=d(2026, 1, 28),
    )
    _skip(owner, d(2026, 1, 7), 16)
    _skip(owner, d(2026, 1, 9), 20)

    services.connects_grant(owner=owner, connects=10, occurred_on=d(2026, 2, 1), monthly=True)
    services.connects_purchase(
        owner=owner, connects=60, usd_paid=Decimal("9.00"), occurred_on=d(2026, 2, 2)
    )
    _apply(
        owner,
        d(2026, 2, 3),
        16,
        vetting=_vetting(owner, "skip", 25, {"hire_rate": "fail"}),
        outcome="hired",
        on=d(2026, 2, 20),
        value=Decimal("300.00"),
    )
    _apply(
        owner,
        d(2026, 2, 4),
        20,
        vetting=_vetting(owner, "apply", 90, {}),
        outcome="withdrawn",
        on=d(2026, 2, 6),
    )
    _apply(owner, d(2026, 2, 10), 12, boost=50)
    _apply(
        owner,
        d(2026, 2, 11),
        14,
        vetting=_vetting(owner, "caution", 60, {"competition": "warn"}),
        outcome="hired_someone_else",
        on=d(2026, 2, 25),
    )
    b5 = _apply(
        owner,
        d(2026, 2, 20),
        10,
        vetting=_vetting(owner, "skip", 10, {"hire_rate": "fail", "idle_job": "fail"}),
        outcome="client_cancelled",
        on=d(2026, 2, 22),
    )
    services.application_set_outcome(application=b5, outcome="declined", outcome_on=d(2026, 2, 23))
    _skip(owner, d(2026, 2, 5), 18)
