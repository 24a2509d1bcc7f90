"""Every way a job page reaches Bidbook gives the same facts, exact data first.

Kinds (shared/samples/upwork/README.md, "Ways a page reaches Bidbook"): select-all text,
``textContent`` with everything glued, formatter-re-indented outerHTML, a saved page with
Upwork's state embedded, Upwork's GraphQL job JSON, a job link with its timestamp, and pages of
2016 with unfilled ``{{ placeholders }}``. Fixtures: tests/fixtures/jobs (names replaced).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from vetting.facts import JobFacts
from vetting.parsing import parse_job_text, parse_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jobs"
SAMPLES = Path("/work/shared/samples/upwork")
NOW = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
JOB_URL = "https://www.upwork.com/jobs/~022007163664429408020"
# The job's id decodes to this moment (the page says "2 weeks ago").
CREATED = datetime(2026, 1, 2, 18, 54, 43, 554000, tzinfo=UTC)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# What the select-all copy of the real job page says, every fact.
SELECT_ALL = JobFacts(
    title="n8n Workflow Developer for Risk Data Analysis",
    posted_at=datetime(2025, 12, 29, 9, 0, tzinfo=UTC),
    budget_type="fixed",
    budget_min=Decimal("75.00"),
    budget_max=Decimal("75.00"),
    experience_level="intermediate",
    connects_required=14,
    proposals_min=5,
    proposals_max=10,
    last_viewed_at=datetime(2026, 1, 9, 9, 0, tzinfo=UTC),
    hires=None,
    interviewing=0,
    invites_sent=4,
    unanswered_invites=3,
    payment_verified=True,
    client_rating=Decimal("4.21"),
    client_reviews=4,
    client_country="Saudi Arabia",
    client_jobs_posted=19,
    client_hire_rate=27,
    client_open_jobs=1,
    client_total_spent=Decimal(1900),
    client_hires=5,
    client_active_hires=1,
    client_avg_hourly_rate=Decimal("6.29"),
    client_member_since=date(2021, 9, 8),
    job_url=None,
    hours_per_week=None,
    screening_questions=4,
    available_connects=31,
    client_ratings_given=(Decimal("3.4"),),
)


def without_description(facts: JobFacts) -> JobFacts:
    return dataclasses.replace(facts, description=None)


class TestSelectAll:
    def test_every_fact_of_the_real_page_and_where_it_came_from(self) -> None:
        facts = parse_job_text(fixture("job_page_fixed_intermediate.txt"), NOW)
        assert without_description(facts) == SELECT_ALL
        assert facts.description is not None
        assert facts.description.startswith("We are seeking an experienced developer")
        assert set(facts.sources.values()) == {"text"}
        assert facts.is_rounded("posted_at") and facts.is_rounded("client_total_spent")
        assert not facts.is_rounded("connects_required")

    def test_a_job_link_gives_the_exact_posting_time(self) -> None:
        facts = parse_page(fixture("job_page_fixed_intermediate.txt"), url=JOB_URL, captured_at=NOW)
        assert facts.posted_at == CREATED
        assert facts.sources["posted_at"] == "link"
        assert facts.is_exact("posted_at") and not facts.is_rounded("posted_at")
        assert facts.job_url == JOB_URL


class TestGluedText:
    """textContent: the same page with no separator at all between blocks."""

    @pytest.mark.parametrize(
        "name", ["job_page_fixed_intermediate.txt", "side_panel_hourly_expert.txt"]
    )
    def test_select_all_and_the_same_text_without_line_breaks_give_the_same_facts(
        self, name: str
    ) -> None:
        text = fixture(name)
        lined = parse_job_text(text, NOW)
        glued = parse_job_text(text.replace("\n", ""), NOW)
        # A description's own paragraphs cannot come back once glued; every other fact does.
        assert without_description(glued) == without_description(lined)
        assert glued.description is not None and lined.description is not None
        assert glued.description[:60] == lined.description[:60]

    def test_the_stored_textcontent_fixture_reads_every_fact(self) -> None:
        facts = parse_job_text(fixture("job_page_textcontent.txt"), NOW)
        assert without_description(facts) == SELECT_ALL

    def test_the_glued_side_panel_fixture_reads_its_facts(self) -> None:
        facts = parse_job_text(fixture("side_panel_textcontent.txt"), NOW)
        assert facts.title == "Senior Django Developer for a Booking Platform"
        assert (facts.budget_type, facts.budget_min, facts.budget_max) == (
            "hourly",
            Decimal("30.00"),
            Decimal("60.00"),
        )
        assert (facts.proposals_min, facts.proposals_max, facts.hires, facts.interviewing) == (
            20,
            50,
            1,
            3,
        )
        assert (facts.connects_required, facts.available_connects) == (16, 46)
        assert (facts.client_rating, facts.client_reviews) == (Decimal("4.92"), 45)
        assert facts.client_total_spent == Decimal(571557)
        assert facts.hours_per_week == "less_than_30"
        assert facts.client_ratings_given == ()


class TestHtml:
    def test_the_saved_page_reads_what_the_copy_reads_and_dates_the_job_by_its_link(
        self,
    ) -> None:
        facts = parse_job_text(fixture("job_page_fixed_intermediate.html"), NOW)
        expected = dataclasses.replace(SELECT_ALL, posted_at=CREATED, job_url=JOB_URL)
        assert without_description(facts) == expected
        assert facts.sources["posted_at"] == "link"

    def test_formatter_reindented_outerhtml_reads_the_same(self) -> None:
        saved = parse_job_text(fixture("job_page_fixed_intermediate.html"), NOW)
        reindented = parse_job_text(fixture("job_page_reindented_outerhtml.html"), NOW)
        assert without_description(reindented) == without_description(saved)

    def test_upworks_embedded_state_beats_the_rounded_text(self) -> None:
        facts = parse_job_text(fixture("job_page_saved_with_state.html"), NOW)
        expected = dataclasses.replace(
            SELECT_ALL,
            job_url=JOB_URL,
            posted_at=datetime(2026, 1, 2, 18, 54, 43, 811000, tzinfo=UTC),
            last_viewed_at=datetime(2026, 1, 11, 19, 8, 36, 277000, tzinfo=UTC),
            proposals_min=7,
            proposals_max=7,
            hires=0,
            client_total_spent=Decimal("1864.00"),
        )
        assert without_description(facts) == expected
        for name in ("posted_at", "last_viewed_at", "proposals_min", "client_total_spent"):
            assert facts.sources[name] == "embedded", name
            assert facts.is_exact(name) and not facts.is_rounded(name)
        assert facts.sources["connects_required"] == "text"  # not in Upwork's state

    def test_a_dark_theme_page_with_an_agency_banner_reads_its_state_and_its_text(self) -> None:
        # The dark variant: "You have already submitted a proposal" above the title (not a
        # hire), 12 applicants in the state, and no total in it: the text's "$1.9K" stands.
        facts = parse_job_text(fixture("job_page_saved_dark_with_state.html"), NOW)
        expected = dataclasses.replace(
            SELECT_ALL,
            job_url=JOB_URL,
            posted_at=datetime(2026, 1, 2, 18, 54, 43, 811000, tzinfo=UTC),
            last_viewed_at=datetime(2026, 1, 12, 7, 41, 2, 125000, tzinfo=UTC),
            proposals_min=12,
            proposals_max=12,
            hires=0,
        )
        assert without_description(facts) == expected
        assert facts.sources["proposals_min"] == "embedded"
        assert facts.is_rounded("client_total_spent") and facts.client_total_spent == 1900


class TestUpworkJson:
    def test_the_graphql_job_answer_gives_every_exact_fact(self) -> None:
        facts = parse_page(fixture("graphql_job_details.json"), captured_at=NOW)
        assert facts == JobFacts(
            title="Speed up a Shopify store",
            description="Our store is slow on mobile.\nPlease propose how you will measure it.",
            posted_at=datetime(2025, 6, 21, 16, 49, 41, 997000, tzinfo=UTC),
            budget_type="hourly",
            budget_min=Decimal("20.00"),
            budget_max=Decimal("40.00"),
            experience_level="expert",
            proposals_min=31,
            proposals_max=31,
            last_viewed_at=datetime(2025, 6, 21, 16, 49, 41, 912000, tzinfo=UTC),
            hires=0,
            interviewing=0,
            invites_sent=0,
            unanswered_invites=0,
            payment_verified=True,
            client_rating=Decimal("4.94"),
            client_reviews=13,
            client_country="Canada",
            client_jobs_posted=45,
            client_hire_rate=63,
            client_open_jobs=4,
            client_total_spent=Decimal("25158.39"),
            client_hires=28,
            client_active_hires=11,
            client_avg_hourly_rate=Decimal("34.71"),
            client_member_since=date(2022, 3, 17),
            job_url="https://www.upwork.com/jobs/~021936466566031679148",
            hours_per_week="more_than_30",
            screening_questions=2,
        )
        assert set(facts.sources.values()) == {"json"}

    def test_the_real_graphql_sample_is_read(self) -> None:
        path = SAMPLES / "milllan" / "2_job_details_api_response_example_2.json"
        if not path.exists():
            pytest.skip("shared samples not mounted")
        facts = parse_page(path.read_text(encoding="utf-8"), captured_at=NOW)
        assert (facts.proposals_min, facts.client_hire_rate, facts.client_total_spent) == (
            31,
            63,
            Decimal("25158.39"),
        )

    def test_json_that_is_not_a_job_gives_nothing(self) -> None:
        assert parse_page('{"data": {"viewer": null}}', captured_at=NOW) == JobFacts()


class TestLegacy2016:
    def test_a_2016_page_never_reads_an_angular_placeholder(self) -> None:
        path = SAMPLES / "legacy-2016" / "job_page_2016.html"
        if not path.exists():
            pytest.skip("shared samples not mounted")
        facts = parse_job_text(path.read_text(encoding="utf-8"), NOW)
        for name, value in facts.to_json().items():
            assert "{{" not in str(value), name

    def test_placeholders_in_labels_values_are_unknown(self) -> None:
        text = "Proposals:\n{{ job.proposals }}\nHires:\n{{ hires }}\n19 jobs posted"
        facts = parse_job_text(text, NOW)
        assert (facts.proposals_min, facts.hires, facts.client_jobs_posted) == (None, None, 19)
