"""vetting.services: which job a paste belongs to, what a vetting stores, skips and settings."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from tests.factories import VettingFactory
from vetting import services
from vetting.facts import JobFacts
from vetting.models import Decision, Job, RuleResult, Vetting, VettingSettings
from vetting.rules import RULES, RULESET_VERSION, Thresholds
from vetting.services import VettingError

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "We need a Django developer to build a booking flow for our clinic website.\n"
    "Deliverables:\n- booking form with Stripe payments\n- admin calendar view\n"
    "- email reminders\nTech: Python, Django, PostgreSQL, React on the front end.\n"
    "Timeline: 3 weeks, with a milestone each week.\n"
    "You will work with our designer; the Figma files are ready."
)
URL = "https://www.upwork.com/jobs/Django-booking-flow_~01abcdef0123456789/?referrer=search"


def good_job(now: datetime, **changes: object) -> JobFacts:
    """A job every rule passes at ``now``: verdict apply, score 100."""
    facts = JobFacts(
        title="Django booking flow for a clinic",
        description=DESCRIPTION,
        posted_at=now - timedelta(days=2),
        budget_type="fixed",
        budget_min=Decimal(800),
        budget_max=Decimal(800),
        experience_level="intermediate",
        connects_required=16,
        proposals_min=5,
        proposals_max=10,
        last_viewed_at=now - timedelta(hours=3),
        interviewing=1,
        invites_sent=2,
        unanswered_invites=0,
        payment_verified=True,
        client_rating=Decimal("4.90"),
        client_reviews=12,
        client_country="United States",
        client_jobs_posted=10,
        client_hire_rate=80,
        client_open_jobs=1,
        client_total_spent=Decimal(12000),
        client_hires=8,
        client_active_hires=1,
        client_avg_hourly_rate=Decimal(35),
        client_member_since=date(2020, 5, 1),
        client_ratings_given=(Decimal("5.0"), Decimal("4.8")),
        job_url=URL,
    )
    return dataclasses.replace(facts, **changes)  # type: ignore[arg-type]


@pytest.fixture
def now() -> datetime:
    return timezone.now()


def vet(owner: User, facts: JobFacts, now: datetime, source: str = "paste") -> Vetting:
    return services.vetting_create(
        owner=owner, facts=facts, raw_text="the page", source=source, now=now
    )


class TestVettingCreate:
    def test_it_stores_the_verdict_the_version_the_thresholds_and_one_result_per_rule(
        self, alice: User, now: datetime
    ) -> None:
        vetting = vet(alice, good_job(now), now)

        assert (vetting.verdict, vetting.score) == ("apply", 100)
        assert vetting.ruleset_version == RULESET_VERSION
        assert vetting.thresholds == Thresholds().to_dict()
        assert vetting.raw_text == "the page"
        assert vetting.source == "paste"
        assert vetting.facts["connects_required"] == 16
        assert vetting.facts["client_member_since"] == "2020-05-01"
        codes = list(vetting.rule_results.order_by("id").values_list("code", "status"))
        assert codes == [(rule.code, "pass") for rule in RULES]

    def test_a_failed_decisive_rule_stores_a_skip_with_its_reason(
        self, alice: User, now: datetime
    ) -> None:
        vetting = vet(alice, good_job(now, client_hire_rate=20), now)

        assert (vetting.verdict, vetting.score) == ("skip", 70)
        result = vetting.rule_results.get(code="hire_rate")
        assert result.status == "fail"
        assert result.reason == "Hire rate 20%: 8 hires from 10 jobs posted; your bar is 50%"

    def test_it_creates_the_job_from_the_facts(self, alice: User, now: datetime) -> None:
        job = vet(alice, good_job(now), now).job

        assert job.owner == alice
        assert job.ciphertext == "~01abcdef0123456789"
        assert job.url == URL
        assert job.title == "Django booking flow for a clinic"
        assert job.description == DESCRIPTION
        assert (job.budget_type, job.budget_min, job.budget_max) == (
            "fixed",
            Decimal("800.00"),
            Decimal("800.00"),
        )
        assert (job.experience_level, job.connects_required) == ("intermediate", 16)
        assert len(job.client_fingerprint) == 64

    def test_a_second_paste_with_the_same_url_adds_a_vetting_to_the_same_job(
        self, alice: User, now: datetime
    ) -> None:
        first = vet(alice, good_job(now), now)
        second = vet(alice, good_job(now, title="Renamed by the client", connects_required=18), now)

        assert second.job_id == first.job_id
        assert Job.objects.count() == 1
        assert second.job.vettings.count() == 2
        second.job.refresh_from_db()
        assert (second.job.title, second.job.connects_required) == ("Renamed by the client", 18)

    def test_the_same_title_and_client_without_a_url_is_the_same_job(
        self, alice: User, now: datetime
    ) -> None:
        first = vet(alice, good_job(now, job_url=None), now)
        # The client posted and hired more since: the fingerprint ignores what moves.
        second = vet(
            alice,
            good_job(
                now,
                job_url=None,
                title="  django BOOKING flow  for a clinic ",
                client_jobs_posted=11,
                client_total_spent=Decimal(13000),
            ),
            now,
        )

        assert second.job_id == first.job_id
        assert Job.objects.count() == 1

    def test_a_url_given_later_is_added_to_the_job_found_by_title_and_client(
        self, alice: User, now: datetime
    ) -> None:
        first = vet(alice, good_job(now, job_url=None), now)
        second = vet(alice, good_job(now), now)

        assert second.job_id == first.job_id
        second.job.refresh_from_db()
        assert second.job.ciphertext == "~01abcdef0123456789"

    def test_the_same_title_from_another_client_is_another_job(
        self, alice: User, now: datetime
    ) -> None:
        first = vet(alice, good_job(now, job_url=None), now)
        second = vet(alice, good_job(now, job_url=None, client_country="Canada"), now)

        assert second.job_id != first.job_id

    def test_a_repost_with_another_ciphertext_is_another_job(
        self, alice: User, now: datetime
    ) -> None:
        first = vet(alice, good_job(now), now)
        second = vet(
            alice, good_job(now, job_url="https://www.upwork.com/jobs/~01ffff0000aaaa1111"), now
        )

        assert second.job_id != first.job_id
        assert second.job.ciphertext == "~01ffff0000aaaa1111"

    def test_without_a_url_or_client_facts_a_title_alone_never_matches(
        self, alice: User, now: datetime
    ) -> None:
        bare = JobFacts(title="Logo design", connects_required=8, description="A logo.")
        first = vet(alice, bare, now)
        second = vet(alice, bare, now)

        assert second.job_id != first.job_id

    def test_the_same_url_of_another_user_is_never_their_job(
        self, alice: User, bob: User, now: datetime
    ) -> None:
        first = vet(alice, good_job(now), now)
        second = vet(bob, good_job(now), now)

        assert second.job_id != first.job_id
        assert second.job.owner == bob

    def test_the_previous_vetting_of_the_job_is_the_baseline_for_trends(
        self, alice: User, now: datetime
    ) -> None:
        vet(alice, good_job(now, interviewing=1), now)
        second = vet(alice, good_job(now, interviewing=3), now)

        assert second.rule_results.get(code="interview_activity").reason == (
            "Interviews growing: from 1 to 3 since your last look"
        )

    def test_it_judges_with_the_users_thresholds_and_records_them(
        self, alice: User, now: datetime
    ) -> None:
        services.vetting_settings_save(user=alice, thresholds=Thresholds(hire_rate_min=90))

        vetting = vet(alice, good_job(now), now)

        assert vetting.verdict == "skip"
        assert vetting.thresholds["hire_rate_min"] == 90
        assert vetting.rule_results.get(code="hire_rate").status == "fail"

    def test_a_title_missing_from_the_page_gives_an_untitled_job(
        self, alice: User, now: datetime
    ) -> None:
        vetting = vet(alice, good_job(now, title=None), now)

        assert vetting.job.title == "Untitled job"

    def test_nul_characters_and_figures_too_big_for_the_columns_are_dropped(
        self, alice: User, now: datetime
    ) -> None:
        facts = good_job(
            now,
            title="Bad\x00title",
            budget_max=Decimal("1e15"),
            job_url="https://www.upwork.com/jobs/~01" + "a" * 600,
        )
        vetting = services.vetting_create(
            owner=alice, facts=facts, raw_text="raw\x00text", source="paste", now=now
        )

        vetting.refresh_from_db()
        assert vetting.raw_text == "rawtext"
        assert vetting.facts["title"] == "Badtitle"
        assert vetting.job.budget_max is None
        assert vetting.job.url == ""
        assert len(vetting.job.ciphertext) == 40


class TestVettingRescore:
    def test_it_adds_a_corrected_vetting_and_leaves_the_old_one_as_it_was(
        self, alice: User, now: datetime
    ) -> None:
        old = vet(alice, good_job(now, client_hire_rate=20), now)

        new = services.vetting_rescore(
            owner=alice, vetting=old, facts=good_job(now, client_hire_rate=80)
        )

        assert (new.verdict, new.score, new.source) == ("apply", 100, "edit")
        assert new.job_id == old.job_id
        assert new.raw_text == "the page"
        old.refresh_from_db()
        assert (old.verdict, old.score, old.facts["client_hire_rate"]) == ("skip", 70, 20)
        assert old.rule_results.get(code="hire_rate").status == "fail"
        assert RuleResult.objects.filter(vetting=new).count() == len(RULES)

    def test_it_refuses_another_users_vetting(self, alice: User, bob: User, now: datetime) -> None:
        old = vet(alice, good_job(now), now)

        with pytest.raises(VettingError):
            services.vetting_rescore(owner=bob, vetting=old, facts=good_job(now))
        assert Vetting.objects.count() == 1


class TestDecisionSkip:
    def test_it_records_the_connects_the_job_would_have_cost(
        self, alice: User, now: datetime
    ) -> None:
        vetting = vet(alice, good_job(now, connects_required=21), now)

        decision = services.decision_skip(owner=alice, vetting=vetting, on=date(2026, 1, 12))

        assert (decision.kind, decision.connects_saved, decision.decided_on) == (
            "skipped",
            21,
            date(2026, 1, 12),
        )
        assert (decision.owner, decision.job_id, decision.vetting) == (
            alice,
            vetting.job_id,
            vetting,
        )

    def test_skipping_twice_records_one_decision(self, alice: User, now: datetime) -> None:
        vetting = vet(alice, good_job(now), now)

        first = services.decision_skip(owner=alice, vetting=vetting, on=date(2026, 1, 12))
        again = services.decision_skip(owner=alice, vetting=vetting, on=date(2026, 1, 13))

        assert again.pk == first.pk
        assert Decision.objects.count() == 1

    def test_a_job_skipped_on_an_earlier_vetting_keeps_its_connects_once(
        self, alice: User, now: datetime
    ) -> None:
        first = vet(alice, good_job(now), now)
        second = vet(alice, good_job(now), now)
        services.decision_skip(owner=alice, vetting=first, on=date(2026, 1, 12))

        services.decision_skip(owner=alice, vetting=second, on=date(2026, 1, 13))

        assert Decision.objects.count() == 1

    def test_an_unknown_cost_keeps_zero_connects(self, alice: User) -> None:
        vetting = VettingFactory(job__owner=alice, facts={"title": "x"})

        decision = services.decision_skip(owner=alice, vetting=vetting, on=date(2026, 1, 12))

        assert decision.connects_saved == 0

    def test_it_refuses_another_users_vetting(self, alice: User, bob: User) -> None:
        vetting = VettingFactory(job__owner=alice)

        with pytest.raises(VettingError):
            services.decision_skip(owner=bob, vetting=vetting, on=date(2026, 1, 12))
        assert Decision.objects.count() == 0


class TestSettingsSave:
    def test_it_stores_the_thresholds_and_replaces_them_on_the_next_save(self, alice: User) -> None:
        services.vetting_settings_save(user=alice, thresholds=Thresholds(hire_rate_min=60))
        services.vetting_settings_save(
            user=alice, thresholds=Thresholds(idle_days=10, decisive=frozenset({"hire_rate"}))
        )

        stored = VettingSettings.objects.get(user=alice).thresholds
        assert stored == Thresholds(idle_days=10, decisive=frozenset({"hire_rate"})).to_dict()
        assert VettingSettings.objects.count() == 1

    def test_codes_of_rules_that_do_not_exist_are_dropped(self, alice: User) -> None:
        services.vetting_settings_save(
            user=alice, thresholds=Thresholds(decisive=frozenset({"hire_rate", "no_such_rule"}))
        )

        assert VettingSettings.objects.get(user=alice).thresholds["decisive"] == ["hire_rate"]


class TestFactsShortfall:
    def test_three_facts_with_a_title_will_do(self) -> None:
        facts = JobFacts(title="Logo", connects_required=8, payment_verified=True)
        assert services.facts_shortfall(facts) is None

    def test_nothing_found_names_all_three_missing_essentials(self) -> None:
        assert services.facts_shortfall(JobFacts()) == (
            "No job title, no connects cost and no client details were found: is this an "
            "Upwork job page? On the job page press Ctrl+A then Ctrl+C, and paste it all."
        )

    def test_too_few_facts_names_what_is_missing(self) -> None:
        facts = JobFacts(title="Logo", description="A logo for my shop")
        assert services.facts_shortfall(facts) == (
            "Only 2 facts were found on the page, with no connects cost and no client details: "
            "paste the whole job page (Ctrl+A then Ctrl+C on Upwork), or fill it in by hand."
        )

    def test_many_facts_without_title_connects_or_client_are_not_a_job_page(self) -> None:
        facts = JobFacts(description="x", proposals_min=5, proposals_max=10, interviewing=1)
        assert services.facts_shortfall(facts) == (
            "No job title, no connects cost and no client details were found: is this an "
            "Upwork job page? On the job page press Ctrl+A then Ctrl+C, and paste it all."
        )


class TestIdentity:
    @pytest.mark.parametrize(
        ("url", "ciphertext"),
        [
            ("https://www.upwork.com/jobs/~01abcdef0123456789", "~01abcdef0123456789"),
            (
                "https://www.upwork.com/jobs/Logo-design_~021ABC0123456789DEF/",
                "~021abc0123456789def",
            ),
            (
                "https://www.upwork.com/freelance-jobs/apply/Logo_~01a1b2c3d4e5f6a7b8/?ref=x",
                "~01a1b2c3d4e5f6a7b8",
            ),
            ("https://www.upwork.com/nx/find-work/best-matches", ""),
            (None, ""),
        ],
    )
    def test_the_ciphertext_is_read_from_any_shape_of_job_url(
        self, url: str | None, ciphertext: str
    ) -> None:
        assert services.ciphertext_from_url(url) == ciphertext

    def test_the_fingerprint_ignores_figures_that_move_and_needs_a_stable_one(self) -> None:
        base = JobFacts(client_country="United States", client_member_since=date(2020, 5, 1))
        moved = dataclasses.replace(base, client_jobs_posted=99, client_total_spent=Decimal(1))

        assert services.client_fingerprint(base) == services.client_fingerprint(moved)
        assert services.client_fingerprint(JobFacts(client_jobs_posted=3)) == ""
