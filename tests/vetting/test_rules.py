"""Every vetting rule at pass, warn, fail and unknown, with the reasons a freelancer reads.

No database: facts are plain JobFacts dataclasses, the clock is fixed.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from vetting.facts import JobFacts
from vetting.rules import (
    DEFAULT_DECISIVE,
    RULES,
    RULES_BY_CODE,
    RULESET_VERSION,
    DescriptionSignals,
    RuleContext,
    RuleResult,
    Status,
    Thresholds,
    description_signals,
    judge_description,
)

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)

GOOD_DESCRIPTION = """We need a Django developer to build a booking dashboard for our clinic.

Deliverables:
- A Django 5 app with PostgreSQL models for patients and appointments
- An API for the mobile team, documented with OpenAPI
- Tests with pytest and a GitHub Actions pipeline

Requirements: 3+ years of Python, experience with Celery and Redis.
Timeline: 4 weeks, with a demo at the end of week 2.
"""


def ago(days: float = 0, hours: float = 0) -> datetime:
    return NOW - timedelta(days=days, hours=hours)


def check(
    code: str,
    *,
    thresholds: Thresholds | None = None,
    previous: JobFacts | None = None,
    **facts: Any,
) -> RuleResult:
    ctx = RuleContext(
        facts=JobFacts(**facts),
        thresholds=thresholds or Thresholds(),
        now=NOW,
        previous=previous,
    )
    result = RULES_BY_CODE[code].evaluate(ctx)
    assert result.code == code
    return result


class TestHireRate:
    def test_it_fails_a_client_who_hired_nobody_from_ten_jobs(self) -> None:
        result = check("hire_rate", client_jobs_posted=10, client_hire_rate=0, client_hires=0)
        assert result.status == Status.FAIL
        assert result.reason == "Hire rate 0%: 0 hires from 10 jobs posted; your bar is 50%"

    def test_it_fails_a_rate_under_the_bar_without_the_hire_count(self) -> None:
        result = check("hire_rate", client_jobs_posted=19, client_hire_rate=27)
        assert result.status == Status.FAIL
        assert result.reason == "Hire rate 27% from 19 jobs posted; your bar is 50%"

    def test_it_passes_a_client_who_hires_on_most_posts(self) -> None:
        result = check("hire_rate", client_jobs_posted=8, client_hire_rate=75, client_hires=6)
        assert result.status == Status.PASS
        assert result.reason == "Hire rate 75%: 6 hires from 8 jobs posted; meets your bar of 50%"

    def test_it_passes_a_rate_exactly_at_the_bar(self) -> None:
        assert check("hire_rate", client_jobs_posted=4, client_hire_rate=50).status == Status.PASS

    def test_it_warns_about_a_client_with_a_single_job_posted(self) -> None:
        result = check("hire_rate", client_jobs_posted=1, client_hire_rate=0, client_hires=0)
        assert result.status == Status.WARN
        assert result.reason == "Only 1 job posted: no hiring history to judge"

    def test_it_warns_about_a_client_who_never_posted_before(self) -> None:
        result = check("hire_rate", client_jobs_posted=0)
        assert result.status == Status.WARN
        assert result.reason == "No job posted before: no hiring history to judge"

    def test_it_judges_the_rate_alone_when_jobs_posted_are_missing(self) -> None:
        result = check("hire_rate", client_hire_rate=40)
        assert result.status == Status.FAIL
        assert result.reason == "Hire rate 40%; your bar is 50%"

    def test_it_estimates_a_missing_rate_from_hires_and_fails_when_even_the_best_case_is_low(
        self,
    ) -> None:
        result = check("hire_rate", client_jobs_posted=10, client_hires=3)
        assert result.status == Status.FAIL
        assert result.reason == (
            "Hire rate not shown; 3 hires from 10 jobs posted is at most 30%; your bar is 50%"
        )

    def test_it_passes_a_missing_rate_when_hires_outnumber_jobs(self) -> None:
        result = check("hire_rate", client_jobs_posted=10, client_hires=12)
        assert result.status == Status.PASS
        assert result.reason == (
            "Hire rate not shown; 12 hires from 10 jobs posted, up to 100%; your bar is 50%"
        )

    def test_it_clamps_the_101_percent_hire_rate_upwork_sometimes_reports(self) -> None:
        result = check("hire_rate", client_jobs_posted=5, client_hire_rate=101)
        assert result.status == Status.PASS
        assert result.reason == "Hire rate 100% from 5 jobs posted; meets your bar of 50%"

    def test_it_uses_the_users_own_bar(self) -> None:
        result = check("hire_rate", thresholds=Thresholds(hire_rate_min=80), client_hire_rate=75)
        assert result.status == Status.FAIL
        assert result.reason == "Hire rate 75%; your bar is 80%"

    def test_it_is_unknown_without_a_rate_or_jobs_posted(self) -> None:
        result = check("hire_rate", client_hires=4)
        assert result.status == Status.UNKNOWN
        assert result.reason == "Hire rate and the client's jobs posted not on the paste"


class TestIdleJob:
    def test_it_fails_the_articles_idle_job(self) -> None:
        result = check("idle_job", posted_at=ago(30), last_viewed_at=ago(22), interviewing=0)
        assert result.status == Status.FAIL
        assert result.reason == (
            "Posted 30 days ago, last viewed by the client 22 days ago, nobody interviewed; "
            "your limit is 14 days without a view"
        )

    def test_it_fails_a_stale_view_even_without_a_posting_date(self) -> None:
        result = check("idle_job", last_viewed_at=ago(15), interviewing=0)
        assert result.status == Status.FAIL
        assert result.reason == (
            "Last viewed by the client 15 days ago, nobody interviewed; "
            "your limit is 14 days without a view"
        )

    def test_it_fails_a_job_near_upworks_expiry_with_nobody_interviewed(self) -> None:
        result = check("idle_job", posted_at=ago(26), last_viewed_at=ago(1), interviewing=0)
        assert result.status == Status.FAIL
        assert result.reason == (
            "Posted 26 days ago and nobody interviewed: close to Upwork's expiry of jobs "
            "without activity, and connects spent on an expired job are lost"
        )

    def test_it_warns_when_the_client_looked_days_ago_and_interviews_nobody(self) -> None:
        result = check("idle_job", posted_at=ago(6), last_viewed_at=ago(4), interviewing=0)
        assert result.status == Status.WARN
        assert result.reason == "Client last viewed the job 4 days ago and nobody is interviewed"

    def test_it_warns_when_interviews_exist_but_the_client_stopped_looking(self) -> None:
        result = check("idle_job", posted_at=ago(25), last_viewed_at=ago(20), interviewing=2)
        assert result.status == Status.WARN
        assert result.reason == (
            "Client has not viewed the job for 20 days, even with 2 freelancers being interviewed"
        )

    def test_it_warns_about_an_old_post_with_no_view_shown(self) -> None:
        result = check("idle_job", posted_at=ago(15), interviewing=0)
        assert result.status == Status.WARN
        assert result.reason == "Posted 15 days ago, no client view shown and nobody interviewed"

    def test_it_passes_a_job_the_client_viewed_yesterday(self) -> None:
        result = check("idle_job", posted_at=ago(5), last_viewed_at=ago(1), interviewing=0)
        assert result.status == Status.PASS
        assert result.reason == "Client viewed the job 1 day ago"

    def test_it_passes_the_articles_old_job_where_interviews_go_on(self) -> None:
        result = check("idle_job", posted_at=ago(30), last_viewed_at=ago(1), interviewing=3)
        assert result.status == Status.PASS
        assert result.reason == "Client viewed the job 1 day ago; 3 freelancers being interviewed"

    def test_it_passes_a_job_posted_hours_ago(self) -> None:
        result = check("idle_job", posted_at=ago(hours=5), interviewing=0)
        assert result.status == Status.PASS
        assert result.reason == "Posted 5 hours ago: too new to be idle"

    def test_it_passes_a_recent_view_even_without_the_interviewing_count(self) -> None:
        result = check("idle_job", last_viewed_at=ago(hours=3))
        assert result.status == Status.PASS
        assert result.reason == "Client viewed the job 3 hours ago"

    def test_it_is_unknown_not_failed_without_the_interviewing_count(self) -> None:
        result = check("idle_job", posted_at=ago(30), last_viewed_at=ago(22))
        assert result.status == Status.UNKNOWN
        assert (
            result.reason == "Interviewing count not on the paste: cannot tell if the job is idle"
        )

    def test_it_is_unknown_without_any_date(self) -> None:
        result = check("idle_job", interviewing=0)
        assert result.status == Status.UNKNOWN
        assert result.reason == (
            "Neither the posting date nor the client's last view is on the paste"
        )

    def test_it_is_unknown_for_a_week_old_post_without_a_view(self) -> None:
        result = check("idle_job", posted_at=ago(7), interviewing=0)
        assert result.status == Status.UNKNOWN
        assert result.reason == "Client's last view not on the paste"

    def test_it_reads_a_naive_time_as_utc(self) -> None:
        naive = (NOW - timedelta(days=22)).replace(tzinfo=None)
        result = check("idle_job", last_viewed_at=naive, interviewing=0)
        assert result.status == Status.FAIL

    def test_it_reads_a_time_in_the_future_as_now(self) -> None:
        result = check("idle_job", last_viewed_at=NOW + timedelta(hours=2), interviewing=0)
        assert result.status == Status.PASS
        assert result.reason == "Client viewed the job just now"

    def test_it_uses_the_users_idle_limit(self) -> None:
        result = check(
            "idle_job",
            thresholds=Thresholds(idle_days=30),
            posted_at=ago(24),
            last_viewed_at=ago(22),
            interviewing=0,
        )
        assert result.status == Status.WARN


class TestInterviewActivity:
    def test_it_passes_interviews_under_way_with_a_view_yesterday(self) -> None:
        result = check("interview_activity", interviewing=3, last_viewed_at=ago(1))
        assert result.status == Status.PASS
        assert result.reason == "3 freelancers being interviewed; client viewed the job 1 day ago"

    def test_it_passes_a_growing_interview_count_between_two_pastes(self) -> None:
        result = check(
            "interview_activity",
            previous=JobFacts(interviewing=1),
            interviewing=3,
            last_viewed_at=ago(7),
        )
        assert result.status == Status.PASS
        assert result.reason == "Interviews growing: from 1 to 3 since your last look"

    def test_it_does_not_call_a_shrinking_count_growth(self) -> None:
        result = check(
            "interview_activity",
            previous=JobFacts(interviewing=3),
            interviewing=1,
            last_viewed_at=ago(1),
        )
        assert result.reason == "1 freelancer being interviewed; client viewed the job 1 day ago"

    def test_it_passes_interviews_when_no_view_is_shown(self) -> None:
        result = check("interview_activity", interviewing=1)
        assert result.status == Status.PASS
        assert result.reason == "1 freelancer being interviewed"

    def test_it_passes_a_post_too_young_for_interviews(self) -> None:
        result = check("interview_activity", interviewing=0, posted_at=ago(hours=5))
        assert result.status == Status.PASS
        assert result.reason == "Posted 5 hours ago: too early for interviews"

    def test_it_warns_when_nobody_is_interviewed_days_after_posting(self) -> None:
        result = check("interview_activity", interviewing=0, posted_at=ago(5))
        assert result.status == Status.WARN
        assert result.reason == "Nobody interviewed, posted 5 days ago"

    def test_it_warns_when_interviews_exist_but_the_client_looked_a_week_ago(self) -> None:
        result = check("interview_activity", interviewing=2, last_viewed_at=ago(7))
        assert result.status == Status.WARN
        assert result.reason == (
            "2 freelancers being interviewed, but the client last viewed the job 7 days ago"
        )

    def test_it_warns_about_a_crowded_shortlist(self) -> None:
        result = check("interview_activity", interviewing=8, last_viewed_at=ago(1))
        assert result.status == Status.WARN
        assert result.reason == (
            "8 freelancers being interviewed: the shortlist is crowded (more than 5)"
        )

    def test_it_is_unknown_without_the_interviewing_count(self) -> None:
        result = check("interview_activity", posted_at=ago(5))
        assert result.status == Status.UNKNOWN
        assert result.reason == "Interviewing count not on the paste"

    def test_it_is_unknown_when_nobody_interviews_and_the_post_date_is_missing(self) -> None:
        result = check("interview_activity", interviewing=0)
        assert result.status == Status.UNKNOWN
        assert result.reason == "Nobody interviewed yet, and no posting date to judge by"


class TestAlreadyHired:
    def test_it_fails_a_job_where_the_client_already_hired(self) -> None:
        result = check("already_hired", hires=1, interviewing=0)
        assert result.status == Status.FAIL
        assert result.reason == "Client already hired 1 freelancer on this job"

    def test_it_warns_when_the_post_asks_for_several_freelancers(self) -> None:
        result = check(
            "already_hired", hires=2, description="We are hiring several developers for a CRM."
        )
        assert result.status == Status.WARN
        assert result.reason == (
            "Client already hired 2 freelancers on this job, "
            'but the post wants more than one ("hiring several")'
        )

    @pytest.mark.parametrize(
        "wording",
        [
            "We need several writers for our blog.",
            "Looking for multiple freelancers to tag images.",
            "Need 2 developers for a Shopify store.",
            "We are building a team of designers.",
            "We will hire more than one editor.",
            "Need 3 experienced video editors for ongoing work.",
        ],
    )
    def test_it_recognises_a_multi_hire_post(self, wording: str) -> None:
        assert check("already_hired", hires=1, description=wording).status == Status.WARN

    def test_it_does_not_mistake_several_years_for_several_hires(self) -> None:
        result = check("already_hired", hires=1, description="Several years of Django needed.")
        assert result.status == Status.FAIL

    def test_it_passes_a_job_with_no_hire(self) -> None:
        result = check("already_hired", hires=0)
        assert result.status == Status.PASS
        assert result.reason == "Nobody hired on this job yet"

    def test_it_reads_a_missing_hires_line_in_the_activity_block_as_nobody_hired(self) -> None:
        # Upwork shows "Hires" only once someone was hired.
        result = check("already_hired", interviewing=2, invites_sent=3)
        assert result.status == Status.PASS
        assert result.reason == "Nobody hired on this job yet"

    def test_it_is_unknown_without_the_activity_block(self) -> None:
        result = check("already_hired", proposals_min=5, proposals_max=10)
        assert result.status == Status.UNKNOWN
        assert result.reason == "Job activity not on the paste: cannot tell if anyone was hired"


class TestPaymentVerified:
    def test_it_passes_a_verified_payment_method(self) -> None:
        result = check("payment_verified", payment_verified=True)
        assert result.status == Status.PASS
        assert result.reason == "Payment method verified"

    def test_it_fails_an_unverified_client_with_a_thin_description(self) -> None:
        result = check("payment_verified", payment_verified=False, description="Fix my site")
        assert result.status == Status.FAIL
        assert result.reason == (
            "Payment method not verified, and the description is not detailed enough to trust it"
        )

    def test_it_fails_an_unverified_client_without_a_description(self) -> None:
        assert check("payment_verified", payment_verified=False).status == Status.FAIL

    def test_it_only_warns_when_the_description_is_detailed(self) -> None:
        result = check("payment_verified", payment_verified=False, description=GOOD_DESCRIPTION)
        assert result.status == Status.WARN
        assert result.reason == (
            "Payment method not verified, but the description is detailed; "
            "ask the client to verify before you start"
        )

    def test_it_does_not_forgive_a_detailed_post_that_moves_off_upwork(self) -> None:
        description = GOOD_DESCRIPTION + "\nPlease contact me on WhatsApp."
        result = check("payment_verified", payment_verified=False, description=description)
        assert result.status == Status.FAIL

    def test_it_is_unknown_when_the_paste_does_not_say(self) -> None:
        result = check("payment_verified", description=GOOD_DESCRIPTION)
        assert result.status == Status.UNKNOWN
        assert result.reason == "Payment verification not on the paste"


class TestDescriptionQuality:
    def test_it_passes_a_well_structured_description(self) -> None:
        result = check("description_quality", description=GOOD_DESCRIPTION)
        assert result.status == Status.PASS
        assert result.reason == (
            "Well described: 3 bullet points, deliverables, "
            "technologies named (API, Django, Git, Python, Redis), a timeline"
        )

    def test_it_counts_length_as_a_sign_of_a_detailed_description(self) -> None:
        description = GOOD_DESCRIPTION + "\nWe also want a short handover call at the end." * 2
        result = check("description_quality", description=description)
        assert result.reason.startswith("Well described: 477 characters, 3 bullet points")

    @pytest.mark.parametrize(
        ("wording", "seen"),
        [
            ("WhatsApp me to discuss.", "whatsapp me"),
            ("Please contact me on Telegram.", "contact me on telegram"),
            ("Add me on Skype for the details.", "add me on skype"),
            ("Email me at boss@example.com with your CV.", "email me at"),
            ("Contact me outside Upwork, the fee is too high.", "contact me outside"),
        ],
    )
    def test_it_fails_a_request_to_move_off_the_platform(self, wording: str, seen: str) -> None:
        result = check("description_quality", description=GOOD_DESCRIPTION + wording)
        assert result.status == Status.FAIL
        assert result.reason.startswith(f'Asks to talk outside Upwork ("{seen}"')

    def test_it_explains_why_moving_off_upwork_fails(self) -> None:
        result = check("description_quality", description=GOOD_DESCRIPTION + "WhatsApp me.")
        assert result.reason == (
            'Asks to talk outside Upwork ("whatsapp me"): against Upwork\'s terms, '
            "you lose its payment protection, and a common scam sign"
        )

    def test_it_does_not_flag_a_telegram_bot_job(self) -> None:
        description = GOOD_DESCRIPTION + "The bot posts daily prices to our Telegram channel."
        assert check("description_quality", description=description).status == Status.PASS

    @pytest.mark.parametrize(
        ("wording", "seen"),
        [
            ("There is a free test before we hire.", "free test"),
            ("First an unpaid trial of two hours.", "unpaid trial"),
            ("You will do a test task for free.", "do a test task for free"),
        ],
    )
    def test_it_fails_a_request_for_free_work(self, wording: str, seen: str) -> None:
        result = check("description_quality", description=GOOD_DESCRIPTION + wording)
        assert result.status == Status.FAIL
        assert result.reason == f'Asks for free work ("{seen}"): a trial task should be paid'

    def test_it_does_not_mistake_feel_free_for_free_work(self) -> None:
        description = GOOD_DESCRIPTION + "Feel free to ask questions."
        assert check("description_quality", description=description).status == Status.PASS

    def test_it_fails_a_description_too_short_to_know_the_job(self) -> None:
        result = check("description_quality", description="Need a logo.")
        assert result.status == Status.FAIL
        assert result.reason == "Description is only 12 characters; your minimum is 100"

    def test_it_fails_a_vague_description(self) -> None:
        description = (
            "Hello, I need help with my online store. It is a simple task for the right "
            "person, details in chat. Looking forward to working with you."
        )
        result = check("description_quality", description=description)
        assert result.status == Status.FAIL
        assert result.reason == (
            "Vague description: no sign of a well-described job; missing: only 136 characters, "
            "no bullet points, no deliverables or scope, no technologies named, no timeline; "
            'vague wording ("simple task", "details in chat")'
        )

    def test_it_warns_about_a_thin_description(self) -> None:
        description = (
            "I need a Python script that reads my supplier price list and updates the prices "
            "in my store. Needs to be done within two weeks."
        )
        result = check("description_quality", description=description)
        assert result.status == Status.WARN
        assert result.reason == (
            "Thin description: seen: technologies named (Python), a timeline; "
            "missing: only 127 characters, no bullet points, no deliverables or scope"
        )

    def test_it_uses_the_users_minimum_length(self) -> None:
        result = check(
            "description_quality",
            thresholds=Thresholds(description_min_chars=1000),
            description=GOOD_DESCRIPTION,
        )
        assert result.status == Status.FAIL
        assert result.reason == "Description is only 382 characters; your minimum is 1,000"

    @pytest.mark.parametrize("description", [None, "", "   \n  "])
    def test_it_is_unknown_without_a_description(self, description: str | None) -> None:
        result = check("description_quality", description=description)
        assert result.status == Status.UNKNOWN
        assert result.reason == "No job description on the paste"


class TestDescriptionSignals:
    def test_it_counts_bullets_of_every_kind(self) -> None:
        text = "Scope:\n- one\n* two\n\u2022 three\n1. four\n2) five\nplain line"
        signals = description_signals(text)
        assert signals.bullets == 5
        assert signals.lines == 7

    def test_it_names_technologies_with_symbols_and_several_words(self) -> None:
        signals = description_signals("Port our Node.js and C++ tools to Google Sheets and AWS.")
        assert signals.technologies == ("AWS", "C++", "Google Sheets", "Node.js")

    def test_it_sees_deliverables_timeline_and_words(self) -> None:
        signals = description_signals("You will deliver the specs. Deadline: Friday.")
        assert signals.deliverables
        assert signals.timeline
        assert signals.words == 7

    def test_it_sees_nothing_in_a_clean_short_text(self) -> None:
        signals = description_signals("Logo for a bakery")
        assert signals == DescriptionSignals(
            chars=17,
            words=4,
            lines=1,
            bullets=0,
            deliverables=False,
            technologies=(),
            timeline=False,
            vague=(),
            off_platform=(),
            free_trial=(),
            multi_hire=(),
        )

    def test_it_finds_an_email_address(self) -> None:
        assert description_signals("CV to jane.doe@mail.example.org").off_platform == (
            "jane.doe@mail.example.org",
        )

    def test_it_handles_a_very_long_description(self) -> None:
        text = ("Build a Python API. Email me at a@b.co. " * 2000) + "whatsapp me"
        signals = description_signals(text)
        assert signals.off_platform == ("email me at", "a@b.co", "whatsapp me")

    def test_judge_description_is_unknown_without_signals(self) -> None:
        assert judge_description(None, Thresholds()) == (
            Status.UNKNOWN,
            "No job description on the paste",
        )


class TestCompetition:
    def test_it_fails_fifty_plus_proposals(self) -> None:
        result = check("competition", proposals_min=50)
        assert result.status == Status.FAIL
        assert result.reason == "50+ proposals: a long shot (your limit is 50)"

    def test_it_warns_at_twenty_to_fifty(self) -> None:
        result = check("competition", proposals_min=20, proposals_max=50)
        assert result.status == Status.WARN
        assert result.reason == "20 to 50 proposals: stiff competition"

    def test_it_passes_fifteen_to_twenty(self) -> None:
        result = check("competition", proposals_min=15, proposals_max=20)
        assert result.status == Status.PASS
        assert result.reason == "15 to 20 proposals"

    @pytest.mark.parametrize("low", [0, None])
    def test_it_passes_less_than_five(self, low: int | None) -> None:
        result = check("competition", proposals_min=low, proposals_max=5)
        assert result.status == Status.PASS
        assert result.reason == "Less than 5 proposals"

    def test_it_is_unknown_without_a_proposal_count(self) -> None:
        result = check("competition")
        assert result.status == Status.UNKNOWN
        assert result.reason == "Number of proposals not on the paste"


class TestGhostJob:
    def test_it_fails_many_unanswered_invites_with_nobody_interviewed(self) -> None:
        result = check("ghost_job", unanswered_invites=8, interviewing=0)
        assert result.status == Status.FAIL
        assert (
            result.reason == "8 unanswered invites and nobody interviewed: looks like a ghost job"
        )

    def test_it_warns_about_unanswered_invites_and_a_view_weeks_ago(self) -> None:
        result = check(
            "ghost_job", unanswered_invites=3, interviewing=1, last_viewed_at=ago(days=10)
        )
        assert result.status == Status.WARN
        assert (
            result.reason == "3 unanswered invites and the client last viewed the job 10 days ago"
        )

    def test_it_only_warns_about_many_invites_when_interviews_are_unknown(self) -> None:
        result = check("ghost_job", unanswered_invites=6)
        assert result.status == Status.WARN
        assert result.reason == "6 unanswered invites; interviewing count not on the paste"

    def test_it_passes_many_invites_while_the_client_interviews(self) -> None:
        result = check("ghost_job", unanswered_invites=8, interviewing=2, last_viewed_at=ago(1))
        assert result.status == Status.PASS
        assert result.reason == "8 unanswered invites; 2 freelancers being interviewed"

    def test_it_passes_no_unanswered_invites(self) -> None:
        result = check("ghost_job", unanswered_invites=0, interviewing=0)
        assert result.status == Status.PASS
        assert result.reason == "No unanswered invites"

    def test_it_is_unknown_without_the_invites(self) -> None:
        result = check("ghost_job", interviewing=0)
        assert result.status == Status.UNKNOWN
        assert result.reason == "Unanswered invites not on the paste"


class TestClientSpend:
    def test_it_passes_a_client_who_has_paid_freelancers(self) -> None:
        result = check("client_spend", client_total_spent=Decimal("1900"))
        assert result.status == Status.PASS
        assert result.reason == "Client has spent $1,900 on Upwork"

    def test_it_warns_about_a_new_client_who_has_spent_nothing(self) -> None:
        result = check(
            "client_spend", client_total_spent=Decimal(0), client_jobs_posted=1, client_hires=0
        )
        assert result.status == Status.WARN
        assert result.reason == "Client has spent $0 on Upwork so far"

    def test_it_fails_a_client_who_posts_again_and_again_and_never_pays(self) -> None:
        result = check(
            "client_spend", client_total_spent=Decimal(0), client_jobs_posted=5, client_hires=0
        )
        assert result.status == Status.FAIL
        assert result.reason == (
            "Client has spent $0 on Upwork after 5 jobs posted and no hires: posts but does not pay"
        )

    def test_it_reads_no_spend_shown_and_no_hires_as_nothing_spent(self) -> None:
        result = check("client_spend", client_jobs_posted=4, client_hires=0)
        assert result.status == Status.FAIL
        assert result.reason == (
            "Client has no spending on record after 4 jobs posted and no hires: "
            "posts but does not pay"
        )

    def test_it_only_warns_when_a_zero_spend_client_has_started_hiring(self) -> None:
        result = check(
            "client_spend", client_total_spent=Decimal(0), client_jobs_posted=5, client_hires=2
        )
        assert result.status == Status.WARN

    def test_it_is_unknown_without_spending_or_hires(self) -> None:
        result = check("client_spend", client_jobs_posted=4)
        assert result.status == Status.UNKNOWN
        assert result.reason == "Client's total spent not on the paste"


class TestClientRating:
    def test_it_fails_a_poorly_rated_client(self) -> None:
        result = check("client_rating", client_rating=Decimal("3.8"), client_reviews=12)
        assert result.status == Status.FAIL
        assert result.reason == "Client rated 3.80 from 12 reviews; your bar is 4.0"

    def test_it_warns_about_a_middling_rating(self) -> None:
        result = check("client_rating", client_rating=Decimal("4.21"), client_reviews=4)
        assert result.status == Status.WARN
        assert result.reason == "Client rated 4.21 from 4 reviews; below your comfort level of 4.5"

    def test_it_warns_at_exactly_the_minimum(self) -> None:
        assert check("client_rating", client_rating=Decimal("4.0")).status == Status.WARN

    def test_it_passes_a_well_rated_client(self) -> None:
        result = check("client_rating", client_rating=Decimal("4.9"), client_reviews=1)
        assert result.status == Status.PASS
        assert result.reason == "Client rated 4.90 from 1 review"

    def test_it_is_unknown_for_a_client_without_reviews(self) -> None:
        result = check("client_rating", client_rating=Decimal(0), client_reviews=0)
        assert result.status == Status.UNKNOWN
        assert result.reason == "No reviews of the client yet"

    def test_it_is_unknown_without_a_rating(self) -> None:
        result = check("client_rating", client_reviews=3)
        assert result.status == Status.UNKNOWN
        assert result.reason == "Client rating not on the paste"


class TestClientAge:
    def test_it_warns_about_a_brand_new_account_that_spent_nothing(self) -> None:
        result = check(
            "client_age", client_member_since=date(2026, 1, 3), client_total_spent=Decimal(0)
        )
        assert result.status == Status.WARN
        assert result.reason == "Client joined Upwork 12 days ago and has spent $0"

    def test_it_warns_about_a_brand_new_account_with_spending_unknown(self) -> None:
        result = check("client_age", client_member_since=date(2026, 1, 14))
        assert result.status == Status.WARN
        assert result.reason == "Client joined Upwork 1 day ago; spending not on the paste"

    def test_it_passes_a_new_account_that_already_paid(self) -> None:
        result = check(
            "client_age", client_member_since=date(2026, 1, 3), client_total_spent=Decimal(300)
        )
        assert result.status == Status.PASS
        assert result.reason == "Client joined Upwork 12 days ago and has already spent $300"

    def test_it_passes_an_established_client(self) -> None:
        result = check("client_age", client_member_since=date(2021, 9, 8))
        assert result.status == Status.PASS
        assert result.reason == "Client on Upwork since Sep 8, 2021"

    def test_it_is_unknown_without_a_member_since_date(self) -> None:
        result = check("client_age", client_total_spent=Decimal(0))
        assert result.status == Status.UNKNOWN
        assert result.reason == "Client's member-since date not on the paste"


class TestAvgHourlyRate:
    def test_it_warns_about_a_client_who_pays_pennies_by_the_hour(self) -> None:
        result = check(
            "avg_hourly_rate", budget_type="hourly", client_avg_hourly_rate=Decimal("6.29")
        )
        assert result.status == Status.WARN
        assert result.reason == "Client pays $6.29/hr on average; your floor is $10/hr"

    def test_it_passes_a_client_who_pays_decent_rates(self) -> None:
        result = check("avg_hourly_rate", budget_type="hourly", client_avg_hourly_rate=Decimal(25))
        assert result.status == Status.PASS
        assert result.reason == "Client pays $25/hr on average"

    def test_it_does_not_judge_a_fixed_price_job(self) -> None:
        result = check("avg_hourly_rate", budget_type="fixed", client_avg_hourly_rate=Decimal(3))
        assert result.status == Status.PASS
        assert result.reason == "Fixed-price job: the client's hourly rate does not apply"

    def test_it_is_unknown_without_the_job_type(self) -> None:
        result = check("avg_hourly_rate", client_avg_hourly_rate=Decimal(3))
        assert result.status == Status.UNKNOWN
        assert result.reason == "Fixed-price or hourly not on the paste"

    def test_it_is_unknown_for_a_client_with_no_hourly_history(self) -> None:
        result = check("avg_hourly_rate", budget_type="hourly", client_avg_hourly_rate=Decimal(0))
        assert result.status == Status.UNKNOWN
        assert result.reason == "Client's average hourly rate paid not on the paste"


class TestConnectsCost:
    def test_it_fails_a_costly_proposal_on_a_tiny_budget(self) -> None:
        result = check(
            "connects_cost", connects_required=20, budget_type="fixed", budget_max=Decimal(40)
        )
        assert result.status == Status.FAIL
        assert result.reason == (
            "20 connects for a $40 fixed-price job: too costly for so little money "
            "(16+ connects on $50 or less)"
        )

    def test_it_warns_about_a_costly_proposal_on_a_small_budget(self) -> None:
        result = check(
            "connects_cost", connects_required=16, budget_type="fixed", budget_min=Decimal(75)
        )
        assert result.status == Status.WARN
        assert result.reason == (
            "16 connects for a $75 fixed-price job: costly for a small job "
            "(16+ connects on $100 or less)"
        )

    def test_it_passes_a_costly_proposal_on_a_real_budget(self) -> None:
        result = check(
            "connects_cost", connects_required=16, budget_type="fixed", budget_max=Decimal(500)
        )
        assert result.status == Status.PASS
        assert result.reason == "16 connects for a $500 fixed-price job"

    def test_it_passes_a_cheap_proposal_on_a_small_budget(self) -> None:
        result = check(
            "connects_cost", connects_required=14, budget_type="fixed", budget_max=Decimal(40)
        )
        assert result.status == Status.PASS

    def test_it_passes_an_hourly_job(self) -> None:
        result = check("connects_cost", connects_required=21, budget_type="hourly")
        assert result.status == Status.PASS
        assert result.reason == "21 connects for an hourly job"

    def test_it_passes_an_invite_that_costs_nothing(self) -> None:
        result = check("connects_cost", connects_required=0)
        assert result.status == Status.PASS
        assert result.reason == "No connects needed to apply"

    def test_it_is_unknown_when_a_costly_proposal_has_no_budget_to_weigh(self) -> None:
        result = check("connects_cost", connects_required=18, budget_type="fixed")
        assert result.status == Status.UNKNOWN
        assert (
            result.reason == "18 connects, but no fixed budget on the paste to weigh them against"
        )

    def test_it_is_unknown_without_the_connects(self) -> None:
        result = check("connects_cost", budget_type="fixed", budget_max=Decimal(40))
        assert result.status == Status.UNKNOWN
        assert result.reason == "Connects required not on the paste"


class TestThresholds:
    def test_every_numeric_threshold_describes_itself_for_the_settings_form(self) -> None:
        for f in Thresholds.numeric_fields():
            assert set(f.metadata) >= {"label", "help", "min", "max"}, f.name
            assert f.metadata["min"] <= f.default <= f.metadata["max"], f.name

    def test_to_dict_is_json_safe_with_decisive_as_a_sorted_list(self) -> None:
        data = Thresholds().to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["decisive"] == sorted(DEFAULT_DECISIVE)
        assert data["hire_rate_min"] == 50

    def test_it_round_trips_through_a_dict(self) -> None:
        thresholds = Thresholds(
            hire_rate_min=70, rating_fail=3.5, decisive=frozenset({"hire_rate", "competition"})
        )
        assert Thresholds.from_dict(thresholds.to_dict()) == thresholds

    def test_missing_keys_take_their_defaults(self) -> None:
        assert Thresholds.from_dict({}) == Thresholds()
        assert Thresholds.from_dict(None) == Thresholds()
        assert Thresholds.from_dict({"idle_days": 21}) == Thresholds(idle_days=21)

    def test_unknown_keys_are_ignored(self) -> None:
        assert Thresholds.from_dict({"retired_threshold": 3, "idle_days": 21}).idle_days == 21

    def test_damaged_values_fall_back_to_defaults_or_the_allowed_range(self) -> None:
        thresholds = Thresholds.from_dict(
            {
                "hire_rate_min": "60",
                "idle_days": "soon",
                "proposals_fail": None,
                "interviewing_max": True,
                "rating_fail": float("nan"),
                "rating_warn": 9,
                "connects_cost_high": -4,
                "decisive": "hire_rate",
            }
        )
        assert thresholds.hire_rate_min == 60
        assert thresholds.idle_days == 14
        assert thresholds.proposals_fail == 50
        assert thresholds.interviewing_max == 5
        assert thresholds.rating_fail == 4.0
        assert thresholds.rating_warn == 5.0
        assert thresholds.connects_cost_high == 1
        assert thresholds.decisive == DEFAULT_DECISIVE

    def test_the_default_decisive_rules_exist(self) -> None:
        assert RULES_BY_CODE.keys() >= DEFAULT_DECISIVE


class TestRegistry:
    def test_rule_codes_are_unique(self) -> None:
        codes = [rule.code for rule in RULES]
        assert len(codes) == len(set(codes))
        assert list(RULES_BY_CODE) == codes

    def test_the_article_rules_come_first(self) -> None:
        assert [rule.code for rule in RULES][:6] == [
            "hire_rate",
            "idle_job",
            "interview_activity",
            "already_hired",
            "payment_verified",
            "description_quality",
        ]

    def test_every_rule_explains_itself_and_weighs_a_fail_above_a_warn(self) -> None:
        for rule in RULES:
            help_text = rule.get_help_text()
            assert rule.title and help_text.endswith("."), rule.code
            assert "{" not in help_text, rule.code
            # A signal most pastes lack (the ratings a client gave) may cost nothing when missing.
            assert rule.weight > rule.warn_weight > rule.unknown_weight >= 0, rule.code

    def test_the_ruleset_has_a_version(self) -> None:
        assert RULESET_VERSION == "2026.12.1"

    @pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
    def test_every_rule_is_unknown_on_an_empty_paste(self, rule: Any) -> None:
        ctx = RuleContext(facts=JobFacts(), thresholds=Thresholds(), now=NOW)
        result = rule.evaluate(ctx)
        assert result.code == rule.code
        assert result.status == Status.UNKNOWN

    def test_the_context_refuses_a_naive_clock(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            RuleContext(facts=JobFacts(), thresholds=Thresholds(), now=NOW.replace(tzinfo=None))

    def test_the_context_reads_the_description_once(self) -> None:
        ctx = RuleContext(
            facts=JobFacts(description=GOOD_DESCRIPTION), thresholds=Thresholds(), now=NOW
        )
        assert ctx.description is not None
        assert ctx.description.bullets == 3
        assert dataclasses.replace(ctx, facts=JobFacts()).description is None


class TestHelpTexts:
    """A rule's help says the values it checks against, as the user set them."""

    def test_the_defaults_are_written_in(self) -> None:
        assert RULES_BY_CODE["connects_cost"].get_help_text() == (
            "Weighs the connects a proposal costs against a fixed budget: 16 or more connects on "
            "a job of $100 or less cost more than the job is likely to return."
        )

    def test_the_users_values_are_written_in(self) -> None:
        mine = Thresholds(connects_cost_high=20, small_budget_usd=250, proposals_warn=15)
        assert "20 or more connects on a job of $250 or less" in RULES_BY_CODE[
            "connects_cost"
        ].get_help_text(mine)
        assert "15 to 50 lowers the odds" in RULES_BY_CODE["competition"].get_help_text(mine)

    def test_ratings_and_rates_read_naturally(self) -> None:
        mine = Thresholds(rating_fail=4.25, avg_hourly_rate_min_usd=12.5)
        assert "under 4.25 (or under 4.5, a warning)" in RULES_BY_CODE[
            "client_rating"
        ].get_help_text(mine)
        assert "less than $12.50 an hour" in RULES_BY_CODE["avg_hourly_rate"].get_help_text(mine)
