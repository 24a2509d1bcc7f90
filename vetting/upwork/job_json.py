"""Upwork's own job data: the GraphQL job-details answer, and the state a saved page embeds.

Both carry the exact figures the visible page only rounds: the posting time to the millisecond,
the client's last activity, the applicant count (a number, not "5 to 10"), the total spent in
cents, jobs with hires against jobs posted. The GraphQL answer (``jobAuthDetails``, what the
browser extension can send) has ``opening.job`` and ``buyer.info``; a saved job page embeds the
same objects in Nuxt's payload (``__NUXT_DATA__``, the "devalue" format: one flat JSON array
whose objects point at other entries by index) under ``vuex.jobDetails`` as ``job`` and
``buyer``. :func:`job_facts_from_json` finds either and returns the facts it holds, by
:class:`~vetting.facts.JobFacts` field name; a value it cannot read is left out, never guessed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Final

from vetting.upwork.dates import parse_iso_datetime
from vetting.upwork.links import UPWORK, ciphertext_of
from vetting.upwork.money import decimal_of

# A payload bigger than a saved page's is not read; nor is one nested deeper than this.
_MAX_JSON_CHARS: Final = 4_000_000
_MAX_NODES: Final = 200_000
_MAX_DEPTH: Final = 60
# Devalue's wrappers: ["Reactive", 1] is the value at index 1.
_DEVALUE_WRAPPERS: Final = frozenset(
    {"Reactive", "ShallowReactive", "Ref", "ShallowRef", "EmptyRef", "EmptyShallowRef"}
)
_TIERS: Final = {
    "ENTRY_LEVEL": "entry",
    "ENTRY": "entry",
    "INTERMEDIATE": "intermediate",
    "EXPERT": "expert",
    1: "entry",
    2: "intermediate",
    3: "expert",
}
_WORKLOADS: Final = {
    "less than 30 hrs/week": "less_than_30",
    "more than 30 hrs/week": "more_than_30",
    "30+ hrs/week": "more_than_30",
    "hours to be determined": "to_be_determined",
}


def load_json(text: str) -> Any:
    """The JSON value of ``text``, or None when it is not JSON (or too big to be a job)."""
    if len(text) > _MAX_JSON_CHARS:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def job_facts_from_json(value: Any) -> dict[str, Any]:
    """The exact facts of the job in a GraphQL answer or an embedded page state; {} if none."""
    try:
        if _is_devalue(value):
            value = _hydrate(value)
        details = _find_details(value)
        return _facts(*details) if details is not None else {}
    except (RecursionError, TypeError, ValueError, KeyError, IndexError, ArithmeticError):
        return {}  # a payload of an unknown shape costs the exact data, never the page


# --- finding the job -----------------------------------------------------------------------


def _is_devalue(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) > 1
        and isinstance(value[0], list)
        and bool(value[0])
        and value[0][0] in _DEVALUE_WRAPPERS
    )


def _hydrate(table: list[Any]) -> Any:
    """Devalue's flat table to nested values (shared entries stay shared; cycles are cut)."""
    done: dict[int, Any] = {}
    budget = [_MAX_NODES]

    def value_at(index: Any, depth: int) -> Any:
        if isinstance(index, bool) or not isinstance(index, int):
            return None
        if index < 0 or index >= len(table) or depth > _MAX_DEPTH or budget[0] <= 0:
            return None
        if index in done:
            return done[index]
        budget[0] -= 1
        done[index] = None  # a cycle reads as nothing
        raw = table[index]
        if isinstance(raw, list):
            if raw and isinstance(raw[0], str) and raw[0] in _DEVALUE_WRAPPERS:
                result = value_at(raw[1], depth + 1) if len(raw) > 1 else None
            elif raw and raw[0] == "Date" and len(raw) > 1:
                result = raw[1]
            else:
                result = [value_at(item, depth + 1) for item in raw]
        elif isinstance(raw, dict):
            result = {key: value_at(item, depth + 1) for key, item in raw.items()}
        else:
            result = raw
        done[index] = result
        return result

    return value_at(0, 0)


def _find_details(value: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(job, buyer) of the first object that holds both, breadth first."""
    for node in _objects(value):
        buyer = node.get("buyer")
        if not isinstance(buyer, dict):
            continue
        job = node.get("job")
        opening = node.get("opening")
        if isinstance(opening, dict) and isinstance(opening.get("job"), dict):
            job = {**opening["job"], "questions": opening.get("questions")}
        if isinstance(job, dict) and ("postedOn" in job or "info" in job or "ciphertext" in job):
            return job, buyer
    return None


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    queue: list[tuple[Any, int]] = [(value, 0)]
    seen = 0
    while queue and seen < _MAX_NODES:
        node, depth = queue.pop(0)
        seen += 1
        if depth > 12:
            continue
        if isinstance(node, dict):
            yield node
            queue.extend(
                (item, depth + 1) for item in node.values() if isinstance(item, dict | list)
            )
        elif isinstance(node, list):
            queue.extend((item, depth + 1) for item in node[:500] if isinstance(item, dict | list))


# --- reading it ----------------------------------------------------------------------------


def _dig(value: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and math.isfinite(value) and value >= 0 and value.is_integer():
        return int(value)
    return None


def _money(value: Any) -> Decimal | None:
    if isinstance(value, dict):
        value = value.get("amount")
    amount = decimal_of(value)
    return amount.quantize(Decimal("0.01")) if amount is not None and amount >= 0 else None


def _facts(job: dict[str, Any], buyer: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    info = _object(job.get("info"))
    stats = _object(_dig(buyer, "info", "stats") or buyer.get("stats"))
    jobs = _object(_dig(buyer, "info", "jobs") or buyer.get("jobs"))
    location = _object(_dig(buyer, "info", "location") or buyer.get("location"))
    company = _object(_dig(buyer, "info", "company") or buyer.get("company"))
    activity = _object(job.get("clientActivity"))

    title = info.get("title") or job.get("title")
    if isinstance(title, str) and title.strip():
        facts["title"] = " ".join(title.split())
    description = job.get("description")
    if isinstance(description, str) and description.strip():
        facts["description"] = description.strip()
    posted = parse_iso_datetime(job.get("postedOn") or job.get("publishTime"))
    if posted is not None:
        facts["posted_at"] = posted
    cipher = ciphertext_of(str(info.get("ciphertext") or job.get("ciphertext") or ""))
    if cipher is not None:
        facts["job_url"] = f"{UPWORK}/jobs/{cipher}"

    _budget(job, info, facts)
    tier = job.get("contractorTier")
    if isinstance(tier, str | int) and not isinstance(tier, bool) and tier in _TIERS:
        facts["experience_level"] = _TIERS[tier]
    workload = job.get("workload")
    if isinstance(workload, str) and workload.strip().lower() in _WORKLOADS:
        facts["hours_per_week"] = _WORKLOADS[workload.strip().lower()]
    questions = job.get("questions")
    if isinstance(questions, list):
        facts["screening_questions"] = len(questions)

    last_activity = parse_iso_datetime(activity.get("lastBuyerActivity"))
    if last_activity is not None:
        facts["last_viewed_at"] = last_activity
    applicants = _int(activity.get("totalApplicants"))
    if applicants is not None:
        facts["proposals_min"] = facts["proposals_max"] = applicants
    for key, name in (
        ("totalHired", "hires"),
        ("totalInvitedToInterview", "interviewing"),
        ("invitationsSent", "invites_sent"),
        ("unansweredInvites", "unanswered_invites"),
    ):
        number = _int(activity.get(key))
        if number is not None:
            facts[name] = number

    verified = buyer.get("isPaymentMethodVerified")
    if isinstance(verified, bool):
        facts["payment_verified"] = verified
    _client(stats, jobs, facts)
    country = location.get("country")
    if isinstance(country, str) and country.strip():
        facts["client_country"] = country.strip()
    contract = parse_iso_datetime(company.get("contractDate"))
    if contract is not None:
        facts["client_member_since"] = date(contract.year, contract.month, contract.day)
    rate = _money(_dig(buyer, "info", "avgHourlyJobsRate") or buyer.get("avgHourlyJobsRate"))
    if rate is not None and rate > 0:
        facts["client_avg_hourly_rate"] = rate
    return facts


def _budget(job: dict[str, Any], info: dict[str, Any], facts: dict[str, Any]) -> None:
    kind = str(info.get("type") or job.get("type") or "").upper()
    hourly = _object(job.get("extendedBudgetInfo"))
    if kind == "HOURLY":
        facts["budget_type"] = "hourly"
        low, high = _money(hourly.get("hourlyBudgetMin")), _money(hourly.get("hourlyBudgetMax"))
        if low and high and low <= high:
            facts["budget_min"], facts["budget_max"] = low, high
    elif kind == "FIXED":
        facts["budget_type"] = "fixed"
        amount = _money(job.get("budget"))
        if amount:
            facts["budget_min"] = facts["budget_max"] = amount


def _client(stats: dict[str, Any], jobs: dict[str, Any], facts: dict[str, Any]) -> None:
    spent = _money(stats.get("totalCharges"))
    if spent is not None:
        facts["client_total_spent"] = spent
    posted = _int(jobs.get("postedCount"))
    open_jobs = _int(jobs.get("openCount"))
    with_hires = _int(stats.get("totalJobsWithHires"))
    if posted is not None:
        facts["client_jobs_posted"] = posted
    if open_jobs is not None:
        facts["client_open_jobs"] = open_jobs
    if posted is not None and with_hires is not None:
        # Upwork's own figure counts the jobs that could have hired: 5 with hires of 19 posted,
        # 1 still open, shows "27% hire rate" on the real page. Clamped: its API has said 101%.
        closed = posted - (open_jobs or 0)
        if closed > 0:
            facts["client_hire_rate"] = min(max(100 * with_hires // closed, 0), 100)
    hires = _int(stats.get("totalAssignments"))
    if hires is not None:
        facts["client_hires"] = hires
    active = _int(stats.get("activeAssignmentsCount"))
    if active is not None:
        facts["client_active_hires"] = active
    reviews = _int(stats.get("feedbackCount"))
    score = decimal_of(stats.get("score"))
    if reviews is not None:
        facts["client_reviews"] = reviews
        if reviews and score is not None and 0 < score <= 5:
            facts["client_rating"] = score.quantize(Decimal("0.01"))
