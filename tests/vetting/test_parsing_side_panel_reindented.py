"""The job side panel copied as outerHTML from DevTools and re-indented by a formatter.

Fixture: tests/fixtures/jobs/side_panel_reindented_outerhtml.html (written on the side panel's
markup, names replaced): every text node wrapped over lines at deep indentation (the title in
three pieces, "$11K" / "total" / "spent" in three nodes), a tooltip between "Proposals:" and its
value, and what Upwork keeps in the DOM but hides: a ``hidden`` banner "Proposals: 50+", a
``display: none`` "Hires: 9", an ``ng-hide`` "Payment method not verified". Beside it,
side_panel_reindented_outerhtml.txt is the text it shows under Upwork's stylesheet (hidden parts
gone, the description's own lines kept).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from vetting.facts import JobFacts
from vetting.parsing import parse_job_text
from vetting.upwork.html import html_to_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jobs"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
HTML = (FIXTURES / "side_panel_reindented_outerhtml.html").read_text(encoding="utf-8")
TEXT = (FIXTURES / "side_panel_reindented_outerhtml.txt").read_text(encoding="utf-8")
JOB_URL = "https://www.upwork.com/jobs/~022011725090786563719"

# What the text says; the HTML adds its job link, whose id is the exact posting time.
FROM_TEXT = JobFacts(
    title="Data Pipeline Engineer for a Logistics Dashboard (Airflow, dbt, Snowflake)",
    description=(
        "We move pallets for 40 warehouses and our dashboard reads from a cron script that "
        "breaks every week.\nWe want the loads in Airflow, the models in dbt and the tables in "
        "Snowflake, with tests that run on every change.\nPlease tell us which part of a "
        "pipeline like this you have built before."
    ),
    posted_at=NOW - timedelta(hours=3),
    budget_type="hourly",
    budget_min=Decimal("40.00"),
    budget_max=Decimal("65.00"),
    experience_level="intermediate",
    hours_per_week="more_than_30",
    connects_required=18,
    available_connects=31,
    proposals_min=10,
    proposals_max=15,
    last_viewed_at=NOW - timedelta(minutes=20),
    hires=None,  # "Hires: 9" is display:none
    interviewing=2,
    invites_sent=6,
    unanswered_invites=4,
    payment_verified=True,  # "Payment method not verified" is ng-hide
    client_rating=Decimal("4.83"),
    client_reviews=27,
    client_country="Netherlands",
    client_jobs_posted=48,
    client_hire_rate=65,
    client_open_jobs=2,
    client_total_spent=Decimal(11000),
    client_hires=29,
    client_active_hires=4,
    client_avg_hourly_rate=Decimal("38.75"),
    client_member_since=date(2019, 6, 2),
    # The stars the client gave Casey M. (2.0), never the 5.0 its freelancer gave it.
    client_ratings_given=(Decimal("2.0"),),
)


def without_sources(facts: JobFacts) -> JobFacts:
    return dataclasses.replace(facts, sources={})


def test_the_html_shows_the_expected_text() -> None:
    assert html_to_text(HTML) + "\n" == TEXT


def test_the_text_reads_every_fact() -> None:
    assert without_sources(parse_job_text(TEXT, NOW)) == FROM_TEXT


def test_the_reindented_html_reads_every_fact_and_dates_the_job_by_its_link() -> None:
    facts = parse_job_text(HTML, NOW)
    expected = dataclasses.replace(
        FROM_TEXT,
        job_url=JOB_URL,
        posted_at=datetime(2026, 1, 15, 9, 0, 12, 345000, tzinfo=UTC),
    )
    assert without_sources(facts) == expected
    assert facts.sources["posted_at"] == "link"
    assert facts.sources["client_total_spent"] == "text"


def test_the_same_text_glued_reads_the_same_facts() -> None:
    for glue in ("", " "):
        glued = parse_job_text(TEXT.replace("\n", glue), NOW)
        assert dataclasses.replace(without_sources(glued), description=None) == (
            dataclasses.replace(FROM_TEXT, description=None)
        )
