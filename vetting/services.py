"""Every write of the vetting app: vettings (with their rule results), skips and settings.

Services write, selectors read (vetting.selectors). Views and the CLI call these; none of them
holds business logic of its own.

Which Job a vetting belongs to
------------------------------
A paste of a job already vetted adds a Vetting to that Job, so its trend is visible. The job is
found, in this order, among the owner's jobs:

1. by Upwork's ciphertext (``~01...``), read from the job URL: the one identity Upwork gives;
2. by the same title (case and spacing aside) *and* the same client fingerprint, for pastes
   without a URL. A job that has another ciphertext is a different posting (a repost), so it is
   never matched this way.

The client fingerprint hashes the client facts that do not move while a job is open: the
client's country and member-since date. Jobs posted, hire rate and total spent change with every
job the client posts or pays, so two pastes of one job a week apart would not match on them. A
paste with neither fact has no fingerprint and is never matched by title alone: "Logo design"
is posted by many clients.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.display import plural
from accounts.models import User
from vetting.facts import JobFacts
from vetting.models import (
    Decision,
    Job,
    RuleResult,
    ThresholdChange,
    Vetting,
    VettingSettings,
)
from vetting.rules import RULES_BY_CODE, Thresholds, description_signals
from vetting.scoring import score_job
from vetting.selectors import application_of, thresholds_for

UNTITLED = "Untitled job"
TITLE_MAX = 300  # Job.title
URL_MAX = 500  # Job.url
CIPHERTEXT_MAX = 40  # Job.ciphertext
# Job.budget_* are DECIMAL(12, 2): a misread figure must not overflow the column.
_BUDGET_LIMIT = Decimal("1e10")
_INT_LIMIT = 2**31 - 1  # PositiveIntegerField on PostgreSQL

# Upwork job URLs carry the ciphertext in several shapes: /jobs/~01abc, /jobs/Title_~01abc/,
# /freelance-jobs/apply/Title_~01abc/, ?jobUid=... is not used by job pages.
_CIPHERTEXT_RE = re.compile(r"~0[0-9a-z]{6,38}", re.IGNORECASE)

# Facts that say something about the client: a paste with none of them was not a job page.
CLIENT_FACTS: tuple[str, ...] = (
    "payment_verified",
    "client_rating",
    "client_reviews",
    "client_country",
    "client_jobs_posted",
    "client_hire_rate",
    "client_open_jobs",
    "client_total_spent",
    "client_hires",
    "client_active_hires",
    "client_avg_hourly_rate",
    "client_member_since",
)
# Fewer facts than this and the paste is refused: see facts_shortfall.
MIN_KNOWN_FACTS = 3


class VettingError(ValueError):
    """A write the vetting app refuses, with a message fit for the user."""


# ---------------------------------------------------------------------------------------------
# Reading a paste
# ---------------------------------------------------------------------------------------------
def facts_shortfall(facts: JobFacts) -> str | None:
    """Why these facts are too few to vet, in words for the user; ``None`` when they will do.

    A paste needs at least three facts, one of them the title, the connects cost or a client
    detail: anything less is not an Upwork job page, or only a scrap of one.
    """
    has_title = bool(facts.title and facts.title.strip())
    has_connects = facts.connects_required is not None
    has_client = any(getattr(facts, name) is not None for name in CLIENT_FACTS)
    known = facts.known_count()
    if known >= MIN_KNOWN_FACTS and (has_title or has_connects or has_client):
        return None
    missing = [
        words
        for present, words in (
            (has_title, "no job title"),
            (has_connects, "no connects cost"),
            (has_client, "no client details"),
        )
        if not present
    ]
    if len(missing) == 3:
        return (
            "No job title, no connects cost and no client details were found: is this an "
            "Upwork job page? On the job page press Ctrl+A then Ctrl+C, and paste it all."
        )
    found = "Only 1 fact was" if known == 1 else f"Only {known} facts were"
    return (
        f"{found} found on the page, with {_join(missing)}: paste the "
        "whole job page (Ctrl+A then Ctrl+C on Upwork), or fill it in by hand."
    )


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def ciphertext_from_url(url: str | None) -> str:
    """The ``~01...`` id in an Upwork job URL, lower-cased; ``""`` when there is none."""
    if not url:
        return ""
    match = _CIPHERTEXT_RE.search(url)
    return match.group(0).lower() if match else ""


def client_fingerprint(facts: JobFacts) -> str:
    """A hash of the client facts that stay put while a job is open (see the module doc)."""
    country = (facts.client_country or "").strip().casefold()
    since = facts.client_member_since.isoformat() if facts.client_member_since else ""
    if not country and not since:
        return ""
    return hashlib.sha256(f"{country}|{since}".encode()).hexdigest()


def normalise_title(title: str | None) -> str:
    return " ".join((title or "").split())[:TITLE_MAX]


# ---------------------------------------------------------------------------------------------
# Vettings
# ---------------------------------------------------------------------------------------------
def vetting_create(
    *,
    owner: User,
    facts: JobFacts,
    raw_text: str,
    source: str,
    now: datetime,
    job: Job | None = None,
) -> Vetting:
    """Judge ``facts`` with the owner's thresholds and store the vetting and its rule results.

    The job is found or created as the module doc says, unless ``job`` (one of the owner's) is
    given. The last vetting of that job is the baseline for trends ("interviews growing").
    """
    facts = _clean_facts(facts)
    with transaction.atomic():
        if job is None:
            job = _job_for(owner, facts)
        elif job.owner_id != owner.pk:
            raise VettingError("That job is not yours.")
        previous = job.vettings.order_by("-pk").first()
        return _write(
            owner=owner,
            job=job,
            facts=facts,
            raw_text=raw_text,
            source=source,
            now=now,
            previous=previous,
        )


def vetting_rescore(*, owner: User, vetting: Vetting, facts: JobFacts) -> Vetting:
    """A new vetting of the same job from corrected facts; the corrected one stays as it was.

    It keeps the raw text it corrects, and is judged as of the moment that page was read, with
    the same baseline for trends: a correction changes what was misread, not the clock.
    """
    if vetting.owner_id != owner.pk:
        raise VettingError("That vetting is not yours.")
    facts = _clean_facts(facts)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=vetting.job_id, owner=owner)
        previous = job.vettings.filter(pk__lt=vetting.pk).order_by("-pk").first()
        return _write(
            owner=owner,
            job=job,
            facts=facts,
            raw_text=vetting.raw_text,
            source="edit",
            now=vetting.created_at,
            previous=previous,
        )


def _write(
    *,
    owner: User,
    job: Job,
    facts: JobFacts,
    raw_text: str,
    source: str,
    now: datetime,
    previous: Vetting | None,
) -> Vetting:
    thresholds = thresholds_for(owner)
    # Read here, once, for the rules and for the row: the what-if re-judges the stored ones.
    signals = description_signals(facts.description) if facts.description else None
    verdict = score_job(facts, thresholds, now=now, previous=_facts_of(previous), signals=signals)
    _update_job(job, facts)
    vetting = Vetting.objects.create(
        owner=owner,
        job=job,
        facts=facts.to_json(),
        raw_text=raw_text.replace("\x00", ""),
        source=source,
        score=verdict.score,
        verdict=verdict.verdict,
        ruleset_version=verdict.ruleset_version,
        thresholds=verdict.thresholds.to_dict(),
        description_signals=signals.to_json() if signals is not None else None,
    )
    RuleResult.objects.bulk_create(
        RuleResult(vetting=vetting, code=r.code, status=str(r.status), reason=r.reason)
        for r in verdict.results
    )
    return vetting


def _facts_of(vetting: Vetting | None) -> JobFacts | None:
    if vetting is None:
        return None
    try:
        return JobFacts.from_json(vetting.facts)
    except (TypeError, ValueError, InvalidOperation):
        # Facts stored by an older version that no longer load only cost the trend.
        return None


def _job_for(owner: User, facts: JobFacts) -> Job:
    ciphertext = ciphertext_from_url(facts.job_url)[:CIPHERTEXT_MAX]
    jobs = Job.objects.select_for_update().filter(owner=owner)
    if ciphertext:
        found = jobs.filter(ciphertext=ciphertext).first()
        if found is not None:
            return found
    title = normalise_title(facts.title)
    fingerprint = client_fingerprint(facts)
    if title and fingerprint:
        same = jobs.filter(title__iexact=title, client_fingerprint=fingerprint)
        if ciphertext:
            # A job with another ciphertext is another posting: a repost is a new job.
            same = same.filter(Q(ciphertext="") | Q(ciphertext=ciphertext))
        found = same.order_by("-updated_at", "-pk").first()
        if found is not None:
            return found
    try:
        with transaction.atomic():
            return Job.objects.create(
                owner=owner,
                ciphertext=ciphertext,
                title=title or UNTITLED,
                client_fingerprint=fingerprint,
            )
    except IntegrityError:
        # The same job pasted twice at once: the other request created it first.
        return Job.objects.get(owner=owner, ciphertext=ciphertext)


def _update_job(job: Job, facts: JobFacts) -> None:
    """The job as last seen: each fact the new page shows replaces the old one."""
    title = normalise_title(facts.title)
    if title:
        job.title = title
    if facts.description:
        job.description = facts.description
    url = _web_url(facts.job_url)
    ciphertext = ciphertext_from_url(url)[:CIPHERTEXT_MAX]
    # A URL naming another posting (a corrected fact can) does not rename this job.
    if url and (not job.ciphertext or ciphertext == job.ciphertext):
        job.url = url
        if (
            ciphertext
            and not job.ciphertext
            and not Job.objects.filter(owner_id=job.owner_id, ciphertext=ciphertext)
            .exclude(pk=job.pk)
            .exists()
        ):
            job.ciphertext = ciphertext
    fingerprint = client_fingerprint(facts)
    if fingerprint and not job.client_fingerprint:
        job.client_fingerprint = fingerprint
    if facts.budget_type:
        job.budget_type = facts.budget_type
    if facts.budget_min is not None or facts.budget_max is not None:
        job.budget_min = _budget(facts.budget_min)
        job.budget_max = _budget(facts.budget_max)
    if facts.experience_level:
        job.experience_level = facts.experience_level
    if facts.connects_required is not None and 0 <= facts.connects_required <= _INT_LIMIT:
        job.connects_required = facts.connects_required
    job.save()


def _web_url(url: str | None) -> str:
    url = (url or "").strip()
    if url.startswith(("https://", "http://")) and len(url) <= URL_MAX:
        return url
    return ""


def _budget(amount: Decimal | None) -> Decimal | None:
    if amount is None or not amount.is_finite() or not 0 <= amount < _BUDGET_LIMIT:
        return None
    return amount.quantize(Decimal("0.01"))


def _clean_facts(facts: JobFacts) -> JobFacts:
    """Strip NUL characters, which PostgreSQL refuses in text and JSON, from every string."""
    changes: dict[str, Any] = {}
    for name in JobFacts.field_names():
        value = getattr(facts, name)
        if isinstance(value, str) and "\x00" in value:
            changes[name] = value.replace("\x00", "")
    return dataclasses.replace(facts, **changes) if changes else facts


# ---------------------------------------------------------------------------------------------
# Decisions and settings
# ---------------------------------------------------------------------------------------------
def decision_skip(*, owner: User, vetting: Vetting, on: date) -> Decision:
    """Record that the owner skipped the job, keeping the connects it would have cost.

    Idempotent per job: the connects of one job can only be kept once, however many times it
    was vetted or "Skip" pressed, so a repeat returns the first decision.
    """
    if vetting.owner_id != owner.pk:
        raise VettingError("That vetting is not yours.")
    applied = application_of(vetting)
    if applied is not None:
        spent = applied.connects_paid + applied.boost_connects
        raise VettingError(
            f"You applied to this job on {applied.submitted_on:%b %-d, %Y} for "
            f"{plural(spent, 'connect')}: those connects are spent, so skipping it keeps none. "
            "Set the application's outcome instead."
        )
    existing = Decision.objects.filter(
        owner=owner, job_id=vetting.job_id, kind=Decision.Kind.SKIPPED
    ).first()
    if existing is not None:
        return existing
    connects = vetting.facts.get("connects_required") if isinstance(vetting.facts, dict) else None
    saved = connects if isinstance(connects, int) and not isinstance(connects, bool) else 0
    # The job's one decision (a database constraint): two presses at once record one.
    decision, _ = Decision.objects.get_or_create(
        job_id=vetting.job_id,
        kind=Decision.Kind.SKIPPED,
        defaults={
            "owner": owner,
            "vetting": vetting,
            "connects_saved": min(max(saved, 0), _INT_LIMIT),
            "decided_on": on,
        },
    )
    return decision


@transaction.atomic
def vetting_settings_save(
    *, user: User, thresholds: Thresholds, source: str = ThresholdChange.Source.SETTINGS
) -> VettingSettings:
    """Store the user's thresholds; decisive codes of rules that no longer exist are dropped.

    A save that changes anything is recorded as a ThresholdChange (before, after, ``source``);
    past vettings keep the thresholds they were judged with.
    """
    kept = frozenset(code for code in thresholds.decisive if code in RULES_BY_CODE)
    thresholds = dataclasses.replace(thresholds, decisive=kept)
    before = thresholds_for(user).to_dict()
    after = thresholds.to_dict()
    settings, _ = VettingSettings.objects.update_or_create(
        user=user, defaults={"thresholds": after}
    )
    if before != after:
        ThresholdChange.objects.create(user=user, source=source, before=before, after=after)
    return settings
