"""The demo account `make run` creates, so a first look at Bidbook is not an empty page.

Everything is made up (no real client or freelancer appears) and written through the same
services a user's clicks go through, so the demo's ledger obeys every rule a real one does.
The story is seeded, so two machines show the same demo; it is laid out backwards from today
so the dashboard's "this month" is never empty.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from ledger import services as ledger
from ledger.models import Application, ConnectsEntry, Plan
from ledger.policy import Outcome
from vetting import services as vetting
from vetting.facts import JobFacts
from vetting.models import Vetting
from vetting.scoring import Verdict

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "bidbook-demo"  # printed by `make run`; the account holds made-up data only
MONTHS = 6

TITLES = [
    "Django REST API for a booking platform",
    "Fix checkout bugs on a WooCommerce store",
    "Build a Next.js landing page from Figma",
    "Python script to clean and merge CSV exports",
    "Shopify theme customisation for a skincare brand",
    "Data dashboard in Power BI from SQL Server",
    "Automate lead capture with n8n and HubSpot",
    "React Native app: fix push notifications",
    "Scrape product prices from three retail sites",
    "PostgreSQL performance tuning for a SaaS",
    "Write API documentation for a payments service",
    "WordPress site speed optimisation",
    "Chrome extension to save LinkedIn profiles",
    "Migrate a Flask app to FastAPI",
    "Set up CI/CD on GitHub Actions for a monorepo",
    "Stripe subscriptions in an existing Django app",
    "Build an AI chatbot over company PDFs",
    "Airtable to Google Sheets sync",
    "Vue 3 admin panel with charts",
    "Fix a memory leak in a Node.js worker",
    "Design a logo for a coffee roastery",
    "Excel macro to generate monthly invoices",
    "Kubernetes cluster hardening review",
    "Convert a PSD to responsive HTML email",
    "Telegram bot for appointment reminders",
    "Odoo module for custom delivery slips",
    "Long-term developer for an ed-tech startup",
    "Quick fix: contact form not sending",
    "Tableau workbook refresh automation",
    "Build a Zapier integration for our CRM",
    "Laravel bug fixes and small features",
    "Machine learning model to score sales leads",
]

GOOD_DESCRIPTION = (
    "We are looking for an experienced developer to {task}.\n\n"
    "Scope:\n- Review the current code and agree on the approach\n- Implement the changes with "
    "tests\n- Deploy to our staging server and hand over notes\n\nDeliverables: working code in "
    "our GitHub repository, a short README, and a 30-minute handover call.\n"
    "Timeline: {weeks} weeks. Our stack: Python, PostgreSQL, React, Docker.\n"
    "Please describe a similar project you delivered."
)
VAGUE_DESCRIPTION = "Need someone for {task}. Easy job for the right person. Details in chat."
SCAM_DESCRIPTION = (
    "Need help to {task}. First a small free test task to check your skills, then we talk. "
    "Contact me on WhatsApp to discuss."
)


def _profile(rng: random.Random, kind: str) -> dict[str, Any]:
    """Client and activity facts for a good, average, idle, hired or dubious job."""
    if kind == "good":
        jobs = rng.randint(12, 60)
        return {
            "payment_verified": True,
            "client_jobs_posted": jobs,
            "client_hire_rate": rng.randint(65, 95),
            "client_total_spent": Decimal(rng.choice([4200, 12000, 38500, 91000])),
            "client_rating": Decimal(rng.choice(["4.8", "4.9", "5.0", "4.7"])),
            "client_reviews": rng.randint(8, 40),
            "client_avg_hourly_rate": Decimal(rng.choice(["28.50", "35.00", "42.10"])),
            "interviewing": rng.randint(1, 3),
            "viewed_hours_ago": rng.randint(1, 20),
            "proposals": rng.choice([(5, 10), (10, 15), (15, 20)]),
            "description": GOOD_DESCRIPTION,
        }
    if kind == "average":
        return {
            "payment_verified": True,
            "client_jobs_posted": rng.randint(3, 12),
            "client_hire_rate": rng.randint(40, 70),
            "client_total_spent": Decimal(rng.choice([300, 900, 1900])),
            "client_rating": Decimal(rng.choice(["4.3", "4.6"])),
            "client_reviews": rng.randint(2, 6),
            "client_avg_hourly_rate": Decimal("18.00"),
            "interviewing": rng.randint(0, 1),
            "viewed_hours_ago": rng.randint(24, 96),
            "proposals": rng.choice([(20, 50), (15, 20)]),
            "description": GOOD_DESCRIPTION,
        }
    if kind == "idle":
        # The article's example: posted 30 days ago, last viewed 22 days ago, no interviews.
        return {
            "payment_verified": True,
            "client_jobs_posted": rng.randint(4, 9),
            "client_hire_rate": rng.randint(50, 70),
            "client_total_spent": Decimal("2500"),
            "client_rating": Decimal("4.7"),
            "client_reviews": 5,
            "interviewing": 0,
            "viewed_hours_ago": 22 * 24,
            "posted_days_ago": 30,
            "proposals": (20, 50),
            "description": GOOD_DESCRIPTION,
        }
    if kind == "hired":
        profile = _profile(rng, "good")
        profile["hires"] = 1
        return profile
    # dubious: ten jobs posted and nobody hired, payment not verified, a vague or scam post
    return {
        "payment_verified": rng.random() < 0.4,
        "client_jobs_posted": 10,
        "client_hire_rate": 0,
        "client_total_spent": Decimal("0"),
        "interviewing": 0,
        "invites_sent": rng.randint(6, 15),
        "unanswered_invites": rng.randint(5, 10),
        "viewed_hours_ago": rng.randint(100, 300),
        "proposals": (50, None),
        "description": rng.choice([VAGUE_DESCRIPTION, SCAM_DESCRIPTION]),
    }


def _facts(rng: random.Random, seen_at: datetime, title: str, kind: str, n: int) -> JobFacts:
    p = _profile(rng, kind)
    proposals = p.pop("proposals")
    hourly = rng.random() < 0.4
    budget = Decimal(rng.choice([80, 150, 400, 750, 1500, 3000]))
    description = str(p.pop("description")).format(
        task=title[0].lower() + title[1:], weeks=rng.randint(2, 8)
    )
    posted_days = int(p.pop("posted_days_ago", rng.randint(0, 4)))
    viewed_hours = int(p.pop("viewed_hours_ago"))
    return JobFacts(
        title=title,
        description=description,
        posted_at=seen_at - timedelta(days=posted_days, hours=rng.randint(1, 20)),
        budget_type="hourly" if hourly else "fixed",
        budget_min=Decimal(rng.choice([15, 25, 35])) if hourly else budget,
        budget_max=Decimal(rng.choice([45, 60, 80])) if hourly else budget,
        experience_level=rng.choice(["entry", "intermediate", "expert"]),
        connects_required=rng.choice([10, 12, 14, 16, 18, 20, 21, 26]),
        proposals_min=proposals[0],
        proposals_max=proposals[1],
        last_viewed_at=seen_at - timedelta(hours=viewed_hours),
        client_country=rng.choice(["United States", "United Kingdom", "Germany", "Australia"]),
        client_member_since=(seen_at - timedelta(days=rng.randint(200, 3000))).date(),
        job_url=f"https://www.upwork.com/jobs/~02{1990000000000000000 + n:019d}",
        **p,
    )


# What became of an application, by the verdict it was sent on: (outcome, weight).
OUTCOMES: dict[str, list[tuple[Outcome, int]]] = {
    Verdict.APPLY: [
        (Outcome.HIRED, 3),
        (Outcome.HIRED_SOMEONE_ELSE, 4),
        (Outcome.DECLINED, 2),
        (Outcome.CLIENT_CANCELLED, 1),
    ],
    Verdict.CAUTION: [
        (Outcome.HIRED, 1),
        (Outcome.HIRED_SOMEONE_ELSE, 4),
        (Outcome.EXPIRED, 2),
        (Outcome.CLIENT_CANCELLED, 1),
        (Outcome.WITHDRAWN, 1),
    ],
    Verdict.SKIP: [
        (Outcome.HIRED_SOMEONE_ELSE, 3),
        (Outcome.EXPIRED, 3),
        (Outcome.REMOVED_BY_UPWORK, 1),
        (Outcome.HIRED, 1),
    ],
}
HAND_LOGGED_OUTCOMES = (
    Outcome.WITHDRAWN,
    Outcome.DECLINED,
    Outcome.REMOVED_BY_UPWORK,
    Outcome.EXPIRED,
    Outcome.CLIENT_CANCELLED,
    Outcome.WITHDRAWN,
)
HAND_LOGGED_TITLES = (
    "Invite: WordPress maintenance retainer",
    "Referral: Django upgrade from 3.2 to 5.2",
    "Invite: monthly SEO report automation",
    "Found on a forum: Postgres backup scripts",
)
APPLY_CHANCE: dict[str, float] = {Verdict.APPLY: 0.95, Verdict.CAUTION: 0.6, Verdict.SKIP: 0.35}


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _room(user: User, day: date) -> int:
    """What can be spent on `day` without the running balance going below zero then or on any
    later day already written (refunds, returned boosts and badges are written ahead)."""
    balance, lowest_later, end_of_day = 0, None, 0
    entries = ConnectsEntry.objects.filter(owner=user).order_by("occurred_on", "id")
    for occurred_on, connects in entries.values_list("occurred_on", "connects"):
        balance += connects
        if occurred_on <= day:
            end_of_day = balance
        else:
            lowest_later = balance if lowest_later is None else min(lowest_later, balance)
    return end_of_day if lowest_later is None else min(end_of_day, lowest_later)


def _top_up(user: User, day: date, spend: int) -> None:
    """A freelancer tops up before applying: Upwork sells bundles of 80 at $0.15."""
    while spend > 0 and _room(user, day) < spend + 10:
        ledger.connects_purchase(
            owner=user, connects=80, usd_paid=Decimal("12.00"), occurred_on=day
        )


def _apply(
    rng: random.Random, user: User, vetting_row: Vetting, facts: JobFacts, day: date, today: date
) -> Application:
    cost = facts.connects_required or 16
    boost = rng.choice([0, 0, 0, 0, 15, 30])
    _top_up(user, day, cost + boost)
    app = ledger.application_submit(
        owner=user,
        job_title=facts.title or "Upwork job",
        job_url=facts.job_url or "",
        submitted_on=day,
        connects_paid=cost,
        boost_connects=boost,
        bid_amount=facts.budget_max,
        job=vetting_row.job,
        vetting=vetting_row,
        source=Application.Source.VETTING,
    )
    if boost and rng.random() < 0.3:
        ledger.application_return_boost(application=app, occurred_on=day + timedelta(days=2))
    outcomes, weights = zip(*OUTCOMES[vetting_row.verdict], strict=True)
    outcome = rng.choices(outcomes, weights)[0]
    decided = day + timedelta(days=rng.randint(4, 28))
    if outcome in (Outcome.HIRED, Outcome.HIRED_SOMEONE_ELSE, Outcome.DECLINED):
        status = "interviewing" if outcome == Outcome.HIRED else rng.choice(["viewed", "submitted"])
        ledger.application_set_status(application=app, status=status)
    if decided <= today:
        value = Decimal(rng.choice([350, 800, 1200, 2400])) if outcome == Outcome.HIRED else None
        ledger.application_set_outcome(
            application=app, outcome=outcome, outcome_on=decided, contract_value_usd=value
        )
    return app


def _month_start(today: date, back: int) -> date:
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _story(user: User, today: date) -> None:
    rng = random.Random(2026)
    ledger.ledger_settings_update(owner=user, plan=Plan.BASIC)
    start = _month_start(today, MONTHS - 1)
    ledger.opening_balance_set(owner=user, connects=60, occurred_on=start)
    # The availability badge Upwork charges for every two weeks, written first so every top-up
    # below sees what the badges will take.
    week = start + timedelta(days=3)
    while week <= today:
        ledger.entry_write(
            owner=user,
            kind="availability_badge",
            connects=-1,
            occurred_on=week,
            note="Availability badge",
        )
        week += timedelta(days=14)
    kinds = ["good", "good", "average", "idle", "dubious", "hired", "good", "average"]
    n = 0
    for back in range(MONTHS - 1, -1, -1):
        first = _month_start(today, back)
        ledger.connects_grant(
            owner=user, connects=10, occurred_on=first, note="Monthly connects", monthly=True
        )
        # The month's days are drawn first and lived in order: the ledger is written as the
        # freelancer lives it, so a top-up comes before the proposals it pays for.
        days = sorted(first + timedelta(days=rng.randint(0, 27)) for _ in range(8))
        for day in days:
            if day > today:
                continue
            title = TITLES[n % len(TITLES)]
            seen = _moment(day, rng.randint(8, 18))
            facts = _facts(rng, seen, title, rng.choice(kinds), n)
            row = vetting.vetting_create(
                owner=user, facts=facts, raw_text="", source="form", now=seen
            )
            Vetting.objects.filter(pk=row.pk).update(created_at=seen)
            n += 1
            if rng.random() < APPLY_CHANCE[row.verdict]:
                _apply(rng, user, row, facts, day, today)
            else:
                vetting.decision_skip(owner=user, vetting=row, on=day)
        # A job found outside the feed, logged by hand without vetting (some are invites,
        # which cost nothing).
        day = min(first + timedelta(days=12), today)
        outcome = HAND_LOGGED_OUTCOMES[back % len(HAND_LOGGED_OUTCOMES)]
        cost = 0 if back % 2 else 12
        _top_up(user, day, cost)
        app = ledger.application_submit(
            owner=user,
            job_title=HAND_LOGGED_TITLES[back % len(HAND_LOGGED_TITLES)],
            submitted_on=day,
            connects_paid=cost,
        )
        if day + timedelta(days=6) <= today:
            ledger.application_set_outcome(
                application=app, outcome=outcome, outcome_on=day + timedelta(days=6)
            )


@transaction.atomic
def demo_account_load(today: date | None = None) -> tuple[User, bool]:
    """Create the demo user and its data once; a second run changes nothing.

    Returns the user and whether anything was created.
    """
    user, created = User.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"email": "demo@example.com"}
    )
    if not created:
        return user, False
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    _story(user, today or timezone.localdate())
    return user, True
