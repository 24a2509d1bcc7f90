"""Pages of Upwork's 2016 site: read in today's order, never a ``{{ placeholder }}`` as a value.

Fixture: tests/fixtures/jobs/job_page_2016_placeholders.html, written on the markup of
shared/samples/upwork/legacy-2016/job_page_2016.html with other values, names replaced, and more
of its Angular templates left unfilled (the activity, the balance, the active hires).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetting.facts import JobFacts
from vetting.parsing import _read_facts, parse_job_text
from vetting.upwork.html import html_to_text
from vetting.upwork.legacy import looks_2016, relaid

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jobs"
SAMPLE = Path("/work/shared/samples/upwork/legacy-2016/job_page_2016.html")
NOW = datetime(2016, 5, 27, 12, 0, tzinfo=UTC)
PAGE = (FIXTURES / "job_page_2016_placeholders.html").read_text(encoding="utf-8")

EXPECTED = JobFacts(
    title="Fix the checkout of a WooCommerce shop",
    description=(
        "Our shop sells garden seeds. Since the last update the checkout page loads forever "
        "when a customer picks PayPal.\nPlease find the cause and fix it without changing the "
        "theme."
    ),
    posted_at=NOW - timedelta(hours=3),
    budget_type="hourly",
    experience_level="intermediate",
    hours_per_week="more_than_30",
    connects_required=4,
    proposals_min=5,
    proposals_max=10,
    # "Interviewing: {{ applicants.interviewing }}", "Available Connects: {{ ... }}": unknown.
    invites_sent=2,
    unanswered_invites=1,
    screening_questions=2,
    client_rating=Decimal("4.92"),
    client_reviews=38,
    client_country="Canada",
    client_jobs_posted=64,
    client_hire_rate=59,
    client_open_jobs=3,
    client_total_spent=Decimal(10000),  # "Over $10,000 Total Spent"
    client_hires=41,  # "41 Hires, {{ buyer.activeHires }} Active": active unknown
    client_avg_hourly_rate=Decimal("18.40"),
    client_member_since=date(2013, 3, 4),
)


def without_sources(facts: JobFacts) -> JobFacts:
    return dataclasses.replace(facts, sources={})


def test_the_saved_2016_page_reads_every_fact_it_shows() -> None:
    facts = parse_job_text(PAGE, NOW)
    assert without_sources(facts) == EXPECTED
    assert set(facts.sources.values()) == {"text"}


def test_its_select_all_copy_reads_the_same() -> None:
    assert without_sources(parse_job_text(html_to_text(PAGE), NOW)) == EXPECTED


def test_no_unfilled_placeholder_reaches_the_text_or_a_fact() -> None:
    assert "{{" not in html_to_text(PAGE)
    for name, value in parse_job_text(PAGE, NOW).to_json().items():
        assert "{{" not in str(value) and "}}" not in str(value), name


_2016_HEADINGS = ("Activity on this Job", "Client's Work History and Feedback", "About the Client")


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_an_unfilled_placeholder_in_place_of_any_line_of_a_2016_copy_is_never_a_value(
    data: st.DataObject,
) -> None:
    # A select-all copy of a 2016 page whose templates did not run: "{{ ... }}" on any line but
    # the headings that make it a 2016 page (legacy.looks_2016). With those gone it is no longer
    # told from a modern job whose client writes Liquid or Handlebars, and there "{{ ... }}" is
    # kept as the client's words (tests/vetting/test_html_hidden.py).
    lines = html_to_text(PAGE).split("\n")
    free = [at for at, line in enumerate(lines) if not any(m in line for m in _2016_HEADINGS)]
    spots = data.draw(st.sets(st.sampled_from(free), max_size=12))
    for spot in spots:
        lines[spot] = "{{ job.value }}"
    for name, value in parse_job_text("\n".join(lines), NOW).to_json().items():
        assert "{{" not in str(value) and "}}" not in str(value), name


def test_a_placeholder_in_a_pasted_2016_copy_is_dropped_too() -> None:
    text = relaid(html_to_text(PAGE) + "\nAbout the Client\n{{ clientName }}")
    assert "{{" not in text


def test_the_real_2016_sample_gives_its_title_posting_time_description_and_client() -> None:
    if not SAMPLE.exists():
        pytest.skip("shared samples not mounted")
    now = datetime(2016, 12, 18, 18, 0, tzinfo=UTC)
    facts = parse_job_text(SAMPLE.read_text(encoding="utf-8"), now)
    assert facts.title == "Need simple changes to a WP install"
    assert facts.posted_at == now - timedelta(minutes=31)
    assert facts.description is not None
    assert facts.description.startswith("I need to have several simple changes/edits done")
    assert facts.description.endswith("6. Add the html from an .html page into a wp page")
    assert (facts.budget_type, facts.experience_level, facts.hours_per_week) == (
        "hourly",
        "entry",
        "less_than_30",
    )
    assert (facts.proposals_min, facts.proposals_max, facts.interviewing) == (15, 20, 0)
    assert (facts.connects_required, facts.available_connects) == (2, 54)
    assert (facts.client_rating, facts.client_reviews) == (Decimal("4.73"), 972)
    assert (facts.client_jobs_posted, facts.client_hire_rate, facts.client_open_jobs) == (
        1758,
        71,
        8,
    )
    assert (facts.client_total_spent, facts.client_hires, facts.client_active_hires) == (
        Decimal(50000),
        1474,
        31,
    )
    assert facts.client_avg_hourly_rate == Decimal("4.01")
    assert facts.client_member_since == date(2009, 1, 23)
    assert facts.client_country == "United States"
    # "Bid range - High ${{ ... }}": no numbers, no bid range.
    assert (facts.bid_high, facts.bid_avg, facts.bid_low) == (None, None, None)


def test_todays_pages_are_not_taken_for_2016() -> None:
    for name in ("job_page_fixed_intermediate.txt", "side_panel_hourly_expert.txt"):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        assert not looks_2016(text)
        assert relaid(text) is text
    assert looks_2016(html_to_text(PAGE))


_LINES = html_to_text(PAGE).splitlines()


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_LINES), st.text(max_size=40), st.just("{{ x }}")),
        max_size=80,
    )
)
def test_shuffled_and_broken_2016_lines_never_raise_nor_read_a_placeholder(
    lines: list[str],
) -> None:
    text = "Activity on this Job\nAbout the Client\n" + "\n".join(lines)
    assert "{{ x }}" not in relaid(text)
    # The parser without its safety net: parse_job_text turns an exception into no facts, so
    # only _read_facts lets this test fail on one.
    facts = _read_facts(text, NOW)
    for name, value in facts.to_json().items():
        assert "{{ x }}" not in str(value), name
