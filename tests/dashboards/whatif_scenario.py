"""A hand-computed what-if scenario: six applications sent on vettings and one without.

At $0.15 a connect, with the article's thresholds (hire rate bar 50%):
  A1 hire rate 30%, 16c  -> someone else hired (lost 16)     hire_rate fails
  A2 hire rate 45%, 10c  -> hired, $500                       hire_rate fails
  A3 hire rate 45%, 20c  -> pending                           hire_rate fails
  A4 clean job,     14c  -> hired, $1,000
  A5 clean job,     12c  -> declined (lost 12)
  A6 18c on a $40 fixed job -> expired (lost 18)              connects_cost fails (not decisive)
  A7 not vetted,    10c  -> declined (lost 10)
hire_rate (and combined): 3 applications, 16 connects lost ($2.40), 1 hire missed ($500.00),
1 pending, net -$497.60. At a bar of 40%: only A1, net $2.40. The best bar over this history is
40 (30 < bar <= 45 skips A1 alone); it changes A2 and A3. Above 80 (the clean jobs' rate) all six
vetted jobs are skipped: 46 connects ($6.90) saved, $1,500 missed, net -$1,493.10.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from ledger import services
from ledger.models import Application
from tests.factories import JobFactory, VettingFactory
from vetting.facts import JobFacts
from vetting.models import Vetting

DESCRIPTION = (
    "We need an experienced Django developer to build a booking flow for our clinic.\n"
    "Scope:\n- Design the models and the REST API\n- Write tests with pytest\n"
    "- Deploy to our staging server on Docker\n\n"
    "Deliverables: working code in our GitHub repository, a README and a handover call.\n"
    "Timeline: 3 weeks. Stack: Python, Django, PostgreSQL, React.\n"
    "Please describe a similar project you delivered and your availability."
)


def clean_facts(**changes: Any) -> JobFacts:
    now = timezone.now()
    facts = JobFacts(
        title="Django booking flow",
        description=DESCRIPTION,
        posted_at=now - timedelta(days=1),
        budget_type="fixed",
        budget_min=Decimal("800"),
        budget_max=Decimal("800"),
        experience_level="expert",
        connects_required=14,
        proposals_min=5,
        proposals_max=10,
        last_viewed_at=now - timedelta(hours=1),
        interviewing=2,
        invites_sent=1,
        unanswered_invites=0,
        payment_verified=True,
        client_rating=Decimal("4.9"),
        client_ratings_given=(Decimal("5.0"), Decimal("4.8"), Decimal("5.0")),
        client_reviews=12,
        client_country="Germany",
        client_jobs_posted=10,
        client_hire_rate=80,
        client_open_jobs=1,
        client_total_spent=Decimal("25000"),
        client_hires=9,
        client_active_hires=1,
        client_avg_hourly_rate=Decimal("45"),
        client_member_since=date(2019, 5, 1),
    )
    return replace(facts, **changes)


def vetting_of(owner: User, facts: JobFacts, verdict: str = "apply", score: int = 80) -> Vetting:
    job = JobFactory(owner=owner, title=facts.title or "Job")
    return VettingFactory(job=job, facts=facts.to_json(), verdict=verdict, score=score)


def apply(
    owner: User,
    connects: int,
    facts: JobFacts | None,
    outcome: str = "",
    value: Decimal | None = None,
    day: date = date(2026, 1, 10),
) -> Application:
    vetting = vetting_of(owner, facts) if facts is not None else None
    app = services.application_submit(
        owner=owner,
        job_title=facts.title if facts and facts.title else "Unvetted job",
        submitted_on=day,
        connects_paid=connects,
        vetting=vetting,
        job=vetting.job if vetting else None,
    )
    if outcome:
        services.application_set_outcome(
            application=app, outcome=outcome, outcome_on=day, contract_value_usd=value
        )
    return app


def build(owner: User) -> dict[str, Application]:
    services.entry_write(
        owner=owner, kind="opening_balance", connects=200, occurred_on=date(2026, 1, 1)
    )
    return {
        "A1": apply(owner, 16, clean_facts(client_hire_rate=30), "hired_someone_else"),
        "A2": apply(owner, 10, clean_facts(client_hire_rate=45), "hired", Decimal("500")),
        "A3": apply(owner, 20, clean_facts(client_hire_rate=45)),
        "A4": apply(owner, 14, clean_facts(), "hired", Decimal("1000")),
        "A5": apply(owner, 12, clean_facts(), "declined"),
        "A6": apply(
            owner,
            18,
            clean_facts(connects_required=18, budget_min=Decimal("40"), budget_max=Decimal("40")),
            "expired",
        ),
        "A7": apply(owner, 10, None, "declined"),
    }
