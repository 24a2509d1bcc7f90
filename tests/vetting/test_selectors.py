"""vetting.selectors: thresholds, the jobs list, a job's history, and what changed."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from tests.factories import JobFactory, RuleResultFactory, VettingFactory
from tests.vetting.test_services import good_job
from vetting import selectors, services
from vetting.facts import JobFacts
from vetting.models import Vetting, VettingSettings
from vetting.rules import Thresholds

pytestmark = pytest.mark.django_db


@pytest.fixture
def now() -> datetime:
    return timezone.now()


def vet(owner: User, facts: JobFacts, now: datetime) -> Vetting:
    return services.vetting_create(owner=owner, facts=facts, raw_text="", source="paste", now=now)


class TestThresholdsFor:
    def test_a_user_without_settings_gets_the_articles_defaults(self, alice: User) -> None:
        assert selectors.thresholds_for(alice) == Thresholds()

    def test_a_user_gets_their_saved_thresholds(self, alice: User) -> None:
        services.vetting_settings_save(user=alice, thresholds=Thresholds(hire_rate_min=70))
        assert selectors.thresholds_for(alice).hire_rate_min == 70

    def test_damaged_settings_fall_back_to_the_defaults(self, alice: User) -> None:
        VettingSettings.objects.create(user=alice, thresholds={"hire_rate_min": "lots"})
        assert selectors.thresholds_for(alice) == Thresholds()


class TestJobsWithLatestVerdict:
    def test_each_job_carries_its_latest_vetting_newest_vetted_first(self, alice: User) -> None:
        older = JobFactory(owner=alice, title="Older job")
        newer = JobFactory(owner=alice, title="Newer job")
        VettingFactory(job=older, verdict="apply", score=90)
        VettingFactory(job=newer, verdict="skip", score=40)
        latest = VettingFactory(job=older, verdict="caution", score=60)

        jobs = list(selectors.jobs_with_latest_verdict(alice))

        assert [job.title for job in jobs] == ["Older job", "Newer job"]
        first = jobs[0]
        assert (first.latest_vetting_id, first.latest_verdict, first.latest_score) == (
            latest.pk,
            "caution",
            60,
        )
        assert first.last_vetted_at == latest.created_at
        assert (first.vetting_count, first.skipped) == (2, False)

    def test_it_lists_only_the_owners_vetted_jobs(self, alice: User, bob: User) -> None:
        VettingFactory(job__owner=bob)
        JobFactory(owner=alice)  # never vetted

        assert list(selectors.jobs_with_latest_verdict(alice)) == []

    def test_a_skipped_job_says_so(self, alice: User) -> None:
        vetting = VettingFactory(job__owner=alice)
        services.decision_skip(owner=alice, vetting=vetting, on=timezone.localdate())

        assert selectors.jobs_with_latest_verdict(alice).get().skipped is True

    def test_search_matches_every_word_in_the_title_or_description(self, alice: User) -> None:
        VettingFactory(job__owner=alice, job__title="Shopify theme", job__description="Liquid")
        VettingFactory(job__owner=alice, job__title="Django API", job__description="REST, Celery")
        VettingFactory(job__owner=alice, job__title="Logo", job__description="A shopify logo")

        def titles(q: str) -> list[str]:
            return sorted(j.title for j in selectors.jobs_with_latest_verdict(alice, q))

        assert titles("shopify") == ["Logo", "Shopify theme"]
        assert titles("celery") == ["Django API"]
        assert titles("shopify liquid") == ["Shopify theme"]
        assert titles("wordpress") == []
        assert titles("   ") == ["Django API", "Logo", "Shopify theme"]

    @pytest.mark.parametrize("count", [5, 40])
    def test_it_is_one_query_however_many_jobs(self, alice: User, count: int) -> None:
        for _ in range(count):
            job = JobFactory(owner=alice)
            VettingFactory(job=job)
            VettingFactory(job=job)

        with CaptureQueriesContext(connection) as queries:
            jobs = list(selectors.jobs_with_latest_verdict(alice, "booking"))

        assert len(jobs) == count
        assert len(queries) == 1


class TestJobVettings:
    def test_it_lists_the_vettings_newest_first_with_the_score_change(self, alice: User) -> None:
        job = JobFactory(owner=alice)
        first = VettingFactory(job=job, score=50)
        second = VettingFactory(job=job, score=70)
        third = VettingFactory(job=job, score=65)

        rows = selectors.job_vettings(job)

        assert [(r.vetting, r.score_change) for r in rows] == [
            (third, -5),
            (second, 20),
            (first, None),
        ]


class TestRuleRows:
    def test_fails_come_first_then_warnings_unknowns_and_passes(self, alice: User) -> None:
        vetting = VettingFactory(job__owner=alice, thresholds=Thresholds().to_dict())
        for code, status in [
            ("hire_rate", "pass"),
            ("idle_job", "unknown"),
            ("competition", "warn"),
            ("client_rating", "fail"),
            ("already_hired", "fail"),
            ("retired_rule", "pass"),
        ]:
            RuleResultFactory(vetting=vetting, code=code, status=status, reason=f"{code} reason")

        rows = selectors.rule_rows(vetting)

        assert [(r.code, r.status) for r in rows] == [
            ("already_hired", "fail"),
            ("client_rating", "fail"),
            ("competition", "warn"),
            ("idle_job", "unknown"),
            ("hire_rate", "pass"),
            ("retired_rule", "pass"),
        ]
        assert (rows[0].title, rows[0].decisive, rows[0].reason) == (
            "Already hired",
            True,
            "already_hired reason",
        )
        assert (rows[1].title, rows[1].decisive) == ("Client rating", False)
        assert rows[-1].title == "retired_rule"

    def test_the_help_says_the_thresholds_the_vetting_was_judged_with(self, alice: User) -> None:
        judged_with = Thresholds(proposals_warn=10, proposals_fail=30).to_dict()
        vetting = VettingFactory(job__owner=alice, thresholds=judged_with)
        RuleResultFactory(vetting=vetting, code="competition", status="warn", reason="crowded")
        [row] = selectors.rule_rows(vetting)
        assert row.help_text == (
            "Checks how many proposals the job already has: with 30 or more yours is a long "
            "shot, 10 to 30 lowers the odds."
        )


class TestVettingChanges:
    def test_the_first_vetting_of_a_job_has_no_changes(self, alice: User, now: datetime) -> None:
        vetting = vet(alice, good_job(now), now)
        assert selectors.vetting_changes(vetting) == []

    def test_it_lists_the_verdict_score_and_every_fact_that_moved(
        self, alice: User, now: datetime
    ) -> None:
        earlier = now - timedelta(days=1)
        vet(
            alice,
            good_job(
                earlier,
                posted_at=now - timedelta(days=3),
                interviewing=1,
                proposals_min=5,
                proposals_max=10,
                last_viewed_at=earlier - timedelta(days=2),
                payment_verified=False,
            ),
            now,
        )
        later = vet(
            alice,
            good_job(
                now,
                posted_at=now - timedelta(days=3),
                interviewing=3,
                proposals_min=10,
                proposals_max=15,
                last_viewed_at=now - timedelta(hours=2),
                client_total_spent=Decimal("12500.50"),
                connects_required=None,
            ),
            now,
        )

        assert selectors.vetting_changes(later) == [
            "Verdict caution → apply",
            "Score 86 → 98",
            "Proposals 5 to 10 → 10 to 15",
            "Last viewed by client 3 days ago → 2 hours ago",
            "Connects 16 → not shown",
            "Interviewing 1 → 3",
            "Payment method not verified → verified",
            "Client total spent $12,000 → $12,500.50",
        ]

    def test_the_same_page_read_again_later_changes_nothing(
        self, alice: User, now: datetime
    ) -> None:
        # "Last viewed 2 days ago" read a few minutes apart is the same fact, not a change.
        vet(alice, good_job(now - timedelta(minutes=20)), now)
        again = vet(alice, good_job(now), now)

        assert selectors.vetting_changes(again) == []

    def test_the_changes_of_an_old_vetting_compare_it_with_the_one_before_it(
        self, alice: User, now: datetime
    ) -> None:
        vet(alice, good_job(now, interviewing=1), now)
        middle = vet(alice, good_job(now, interviewing=2), now)
        vet(alice, good_job(now, interviewing=4), now)

        assert selectors.vetting_changes(middle) == ["Interviewing 1 → 2"]
