"""Every read of the vetting app. Each starts from the owner, so nobody sees another's data.

Services write (vetting.services); views and the CLI read through these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from accounts.display import ago, day, money
from accounts.models import User
from vetting.facts import JobFacts
from vetting.models import Decision, Job, RuleResult, Vetting, VettingSettings
from vetting.rules import RULES, RULES_BY_CODE, Status, Thresholds

SEARCH_MAX_WORDS = 8


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
def thresholds_for(user: User) -> Thresholds:
    """The user's thresholds; the article's defaults until they save their own."""
    stored = VettingSettings.objects.filter(user=user).values_list("thresholds", flat=True).first()
    return Thresholds.from_dict(stored if isinstance(stored, dict) else None)


# ---------------------------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------------------------
def jobs_for(owner: User) -> QuerySet[Job]:
    return Job.objects.filter(owner=owner)


def jobs_with_latest_verdict(owner: User, q: str = "") -> QuerySet[Job]:
    """The owner's vetted jobs, most recently vetted first, in one query.

    Each job carries ``latest_vetting_id``, ``latest_verdict``, ``latest_score``,
    ``last_vetted_at``, ``vetting_count`` and ``skipped``. ``q`` keeps the jobs whose title or
    description holds every word of it.
    """
    latest = Vetting.objects.filter(job=OuterRef("pk")).order_by("-pk")
    count = (
        Vetting.objects.filter(job=OuterRef("pk"))
        .order_by()
        .values("job")
        .annotate(n=Count("pk"))
        .values("n")
    )
    jobs = (
        Job.objects.filter(owner=owner)
        .filter(Exists(Vetting.objects.filter(job=OuterRef("pk"))))
        .annotate(
            latest_vetting_id=Subquery(latest.values("pk")[:1]),
            latest_verdict=Subquery(latest.values("verdict")[:1]),
            latest_score=Subquery(latest.values("score")[:1]),
            last_vetted_at=Subquery(latest.values("created_at")[:1]),
            vetting_count=Subquery(count),
            skipped=Exists(Decision.objects.filter(job=OuterRef("pk"), kind=Decision.Kind.SKIPPED)),
        )
    )
    for word in q.split()[:SEARCH_MAX_WORDS]:
        jobs = jobs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return jobs.order_by("-last_vetted_at", "-pk")


@dataclass(frozen=True)
class VettingRow:
    """One vetting in a job's history, with how its score moved from the one before."""

    vetting: Vetting
    score_change: int | None


def job_vettings(job: Job) -> list[VettingRow]:
    """Every vetting of the job, newest first, each with its score change since the previous."""
    vettings = list(job.vettings.order_by("-pk"))
    rows = []
    for index, vetting in enumerate(vettings):
        older = vettings[index + 1] if index + 1 < len(vettings) else None
        change = vetting.score - older.score if older is not None else None
        rows.append(VettingRow(vetting=vetting, score_change=change))
    return rows


# ---------------------------------------------------------------------------------------------
# One vetting
# ---------------------------------------------------------------------------------------------
def vettings_for(owner: User) -> QuerySet[Vetting]:
    return Vetting.objects.filter(owner=owner).select_related("job")


def vetting_facts(vetting: Vetting) -> JobFacts:
    """The stored facts as JobFacts; a damaged row gives what can still be read."""
    data = vetting.facts if isinstance(vetting.facts, dict) else {}
    try:
        return JobFacts.from_json(data)
    except (TypeError, ValueError, InvalidOperation):
        return JobFacts(title=vetting.job.title)


def vetting_previous(vetting: Vetting) -> Vetting | None:
    """The vetting of the same job just before this one."""
    return (
        Vetting.objects.filter(job_id=vetting.job_id, owner_id=vetting.owner_id, pk__lt=vetting.pk)
        .order_by("-pk")
        .first()
    )


def skip_decision_for(vetting: Vetting) -> Decision | None:
    """The skip recorded for this vetting's job, if any (one per job: see decision_skip)."""
    return Decision.objects.filter(
        job_id=vetting.job_id, owner_id=vetting.owner_id, kind=Decision.Kind.SKIPPED
    ).first()


_STATUS_ORDER: dict[str, int] = {
    Status.FAIL: 0,
    Status.WARN: 1,
    Status.UNKNOWN: 2,
    Status.PASS: 3,
}
_RULE_ORDER = {rule.code: index for index, rule in enumerate(RULES)}


@dataclass(frozen=True)
class RuleRow:
    code: str
    title: str
    help_text: str
    status: str
    reason: str
    decisive: bool


def rule_rows(vetting: Vetting) -> list[RuleRow]:
    """The vetting's rule results as shown: fails, then warnings, unknowns and passes.

    Within a status the registry order holds; a rule since retired keeps its code as title.
    """
    # The thresholds the vetting was judged with: the help says what they were then.
    thresholds = Thresholds.from_dict(
        vetting.thresholds if isinstance(vetting.thresholds, dict) else None
    )
    decisive = thresholds.decisive
    results = sorted(
        RuleResult.objects.filter(vetting=vetting),
        key=lambda r: (
            _STATUS_ORDER.get(r.status, 9),
            _RULE_ORDER.get(r.code, len(_RULE_ORDER)),
            r.pk,
        ),
    )
    rows = []
    for result in results:
        rule = RULES_BY_CODE.get(result.code)
        rows.append(
            RuleRow(
                code=result.code,
                title=rule.title if rule else result.code,
                help_text=rule.get_help_text(thresholds) if rule else "",
                status=result.status,
                reason=result.reason,
                decisive=result.code in decisive,
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------
# What changed since the last paste
# ---------------------------------------------------------------------------------------------
NOT_SHOWN = "not shown"


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _rating(value: Any) -> str:
    return f"{Decimal(str(value)):.2f}"


def _percent(value: Any) -> str:
    return f"{value}%"


def _per_hour(value: Any) -> str:
    return money(value) + "/hr"


def _yes_no_verified(value: Any) -> str:
    return "verified" if value else "not verified"


def _plain(value: Any) -> str:
    return str(value)


def _budget(facts: JobFacts) -> str | None:
    low, high = facts.budget_min, facts.budget_max
    if low is None and high is None:
        return None
    kind = {"hourly": "Hourly ", "fixed": "Fixed "}.get(facts.budget_type or "", "")
    suffix = "/hr" if facts.budget_type == "hourly" else ""
    if low is not None and high is not None and low != high:
        return f"{kind}{money(low)}{suffix} to {money(high)}{suffix}"
    only = high if high is not None else low
    assert only is not None  # one of the two is known, checked above
    return f"{kind}{money(only)}{suffix}"


def _proposals(facts: JobFacts) -> str | None:
    low, high = facts.proposals_min, facts.proposals_max
    if low is None and high is None:
        return None
    if high is None:
        return f"{low}+"
    if not low:
        return f"Less than {high}"
    return f"{low} to {high}"


# (label, fact, format) in the order changes are listed; budget and proposals span two facts.
_FACT_CHANGES: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("Connects", "connects_required", _number),
    ("Hires", "hires", _number),
    ("Interviewing", "interviewing", _number),
    ("Invites sent", "invites_sent", _number),
    ("Unanswered invites", "unanswered_invites", _number),
    ("Payment method", "payment_verified", _yes_no_verified),
    ("Client hire rate", "client_hire_rate", _percent),
    ("Client jobs posted", "client_jobs_posted", _number),
    ("Client open jobs", "client_open_jobs", _number),
    ("Client hires", "client_hires", _number),
    ("Client active hires", "client_active_hires", _number),
    ("Client total spent", "client_total_spent", money),
    ("Client rating", "client_rating", _rating),
    ("Client reviews", "client_reviews", _number),
    ("Client's average hourly rate", "client_avg_hourly_rate", _per_hour),
    ("Client country", "client_country", _plain),
    ("Client member since", "client_member_since", day),
    ("Experience level", "experience_level", _plain),
    ("Title", "title", _plain),
)


def _resolution(elapsed: timedelta) -> timedelta:
    """How precisely a page gives a moment this long ago ("2 days ago" is good to a day)."""
    if elapsed >= timedelta(days=1):
        return timedelta(days=1)
    if elapsed >= timedelta(hours=1):
        return timedelta(hours=1)
    return timedelta(minutes=15)


def _moment_change(
    label: str,
    before: datetime | None,
    after: datetime | None,
    before_at: datetime,
    after_at: datetime,
) -> str | None:
    """A page says "2 days ago", so a moment is compared at the page's precision, and shown
    as it read on each paste."""
    if before is None and after is None:
        return None
    if before is None or after is None:
        old = ago(before_at - before) if before is not None else NOT_SHOWN
        new = ago(after_at - after) if after is not None else NOT_SHOWN
        return f"{label} {old} → {new}"
    precision = max(_resolution(before_at - before), _resolution(after_at - after))
    if abs(after - before) < precision:
        return None
    return f"{label} {ago(before_at - before)} → {ago(after_at - after)}"


def facts_changes(
    before: JobFacts, after: JobFacts, *, before_at: datetime, after_at: datetime
) -> list[str]:
    """What differs between two readings of one job, one line per fact."""
    lines: list[str] = []

    def pair(label: str, old: str | None, new: str | None) -> None:
        if old != new:
            lines.append(f"{label} {old or NOT_SHOWN} → {new or NOT_SHOWN}")

    pair("Proposals", _proposals(before), _proposals(after))
    viewed = _moment_change(
        "Last viewed by client", before.last_viewed_at, after.last_viewed_at, before_at, after_at
    )
    if viewed:
        lines.append(viewed)
    for label, name, show in _FACT_CHANGES:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            pair(
                label,
                show(old) if old is not None else None,
                show(new) if new is not None else None,
            )
    pair("Budget", _budget(before), _budget(after))
    posted = _moment_change("Posted", before.posted_at, after.posted_at, before_at, after_at)
    if posted:
        lines.append(posted)
    if (before.description or "").strip() != (after.description or "").strip():
        lines.append("Description edited" if before.description else "Description added")
    return lines


def vetting_changes(vetting: Vetting, previous: Vetting | None = None) -> list[str]:
    """What changed since the previous vetting of the same job, verdict and score first.

    Empty when there was no previous vetting or nothing moved; ``previous`` saves a query when
    the caller already has it.
    """
    previous = previous if previous is not None else vetting_previous(vetting)
    if previous is None:
        return []
    lines: list[str] = []
    if previous.verdict != vetting.verdict:
        lines.append(f"Verdict {previous.verdict} → {vetting.verdict}")
    if previous.score != vetting.score:
        lines.append(f"Score {previous.score} → {vetting.score}")
    lines += facts_changes(
        vetting_facts(previous),
        vetting_facts(vetting),
        before_at=previous.created_at,
        after_at=vetting.created_at,
    )
    return lines


_HOURS_SHOWN = {
    "less_than_30": "Less than 30 hrs/week",
    "more_than_30": "More than 30 hrs/week",
    "to_be_determined": "Hours to be determined",
}


def page_facts(facts: JobFacts) -> list[tuple[str, str]]:
    """What else the page said, as (label, value) lines for the vetting page."""
    shown: list[tuple[str, str]] = []
    if facts.hours_per_week:
        shown.append(("Hours", _HOURS_SHOWN.get(facts.hours_per_week, facts.hours_per_week)))
    if facts.screening_questions is not None:
        shown.append(("Screening questions", str(facts.screening_questions)))
    if facts.bid_high is not None and facts.bid_avg is not None and facts.bid_low is not None:
        high, avg, low = (
            f"${amount:,.2f}" for amount in (facts.bid_high, facts.bid_avg, facts.bid_low)
        )
        shown.append(("Bid range", f"High {high} · Avg {avg} · Low {low}"))
    if facts.client_ratings_given is not None:
        given = ", ".join(f"{rating:.1f}" for rating in facts.client_ratings_given)
        shown.append(("Stars this client gave", given or "none in its recent history"))
    return shown
