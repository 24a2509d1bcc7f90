"""The parser never raises and never takes long, whatever is pasted or uploaded.

Hypothesis tests call ``_read_facts``, the parser without its safety net:
``parse_job_text`` swallows any exception, which would hide the very bugs these tests look for.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vetting.facts import JobFacts
from vetting.parsing import _read_facts, parse_job_text

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "jobs"
TEXT_FIXTURES = sorted(path.name for path in FIXTURES.glob("*.txt"))
ONE_MB = 1_000_000

# Lines from real pages, so that random pastes reach the parser's branches, not only its exits.
UPWORK_LINES = [
    "Posted", "Posted 4 minutes ago", "2 weeks ago", "yesterday", "last month", "Worldwide",
    "Summary", "Activity on this job", "About the client", "Client's recent history (4)",
    "Similar jobs on Upwork", "Job details", "View job posting", "Terms", "Proposals:",
    "Proposals: 50+", "5 to 10", "Less than 5", "Fewer than 5", "Last viewed by client:",
    "Hires:", "Hires: 1", "Interviewing:", "0", "14", "Invites sent:", "Unanswered invites:",
    "Required Connects to submit a proposal:", "Send a proposal for: 20 Connects",
    "This proposal requires 16 Connects", "Available Connects: 31", "Connects: 46",
    "Payment method verified", "Payment unverified", "Payment verified", "Verified",
    "Rating is 4.9 out of 5.", "4.21 of 4 reviews", "5.00 Star, based on 1 feedbacks",
    "No feedback yet", "United States", "USA", "AUS", "Location Paraguay", "Clayton11:16 AM",
    "5:06 PM", "19 jobs posted", "27% hire rate, 1 open job", "$1.9K", "total spent", "spent",
    "$900K+ spent", "5 hires, 1 active", "$6.29", "/hr", "avg hourly rate paid",
    "Member since Sep 8, 2021", "Member since", "$75.00", "Fixed-price", "Hourly", "-",
    "$15.00 - $35.00", "Hourly: $25-$40", "$25.00-$50.00 Hourly", "Est. budget: $250.00",
    "- Expert", "Entry level", "Intermediate", "Expert", "Job feedback Title", "Save job Title",
    "more", 'more about "Title"', "Skills",
    "Fixed-price - Entry level - Est. Budget: $50 - Posted 13 minutes ago",
    "https://www.upwork.com/jobs/Title_~021234567890123456789/", "Close the tooltip",
]  # fmt: skip
HTML_PIECES = [
    "<div>", "</div>", "<p>", "</p>", "<br>", "<br/>", "<span>", "</span>", "<script>",
    "</script>", "<style>", "</style>", "<svg>", "</svg>", "<svg/>", "<!--", "-->",
    "<!DOCTYPE html>", "<![CDATA[", "]]>", "<?xml?>", "</", "<", ">", "&amp;", "&#", "&#x",
    "&", '"', "'", "=",
    '<a href="/jobs/T_~021234567890123456789/">', "</a>", '<input value="',
    '<link rel="canonical" href="https://www.upwork.com/jobs/~02', "<title>", "</title>",
    "<a b c d e", "\n", " ",
]  # fmt: skip

upwork_paste = st.lists(
    st.one_of(st.sampled_from(UPWORK_LINES), st.text(max_size=12)), max_size=80
).map("\n".join)
html_soup = st.lists(
    st.one_of(st.sampled_from(HTML_PIECES), st.sampled_from(UPWORK_LINES), st.text(max_size=8)),
    max_size=120,
).map(lambda pieces: "<div>" + "".join(pieces))
any_character = st.characters(exclude_categories=())  # surrogates and control characters too
binaryish = st.one_of(
    st.binary(max_size=3000).map(lambda raw: raw.decode("latin-1")),
    st.binary(max_size=3000).map(lambda raw: raw.decode("utf-8", "replace")),
    st.text(alphabet=any_character, max_size=3000),
)


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def assert_well_formed(facts: JobFacts) -> None:
    """Whatever the input, each fact found has its declared type and a sane value."""
    assert isinstance(facts, JobFacts)
    for moment in (facts.posted_at, facts.last_viewed_at):
        assert moment is None or (isinstance(moment, datetime) and moment.tzinfo is not None)
    for amount in (
        facts.budget_min,
        facts.budget_max,
        facts.client_rating,
        facts.client_total_spent,
        facts.client_avg_hourly_rate,
    ):
        assert amount is None or (
            isinstance(amount, Decimal) and amount.is_finite() and amount >= 0
        )
    for count in (
        facts.connects_required,
        facts.proposals_min,
        facts.proposals_max,
        facts.hires,
        facts.interviewing,
        facts.invites_sent,
        facts.unanswered_invites,
        facts.client_reviews,
        facts.client_jobs_posted,
        facts.client_open_jobs,
        facts.client_hires,
        facts.client_active_hires,
    ):
        assert count is None or (type(count) is int and count >= 0)
    if facts.proposals_min is not None and facts.proposals_max is not None:
        assert facts.proposals_min <= facts.proposals_max
    assert facts.client_hire_rate is None or 0 <= facts.client_hire_rate <= 100
    assert facts.budget_type in (None, "fixed", "hourly")
    assert facts.experience_level in (None, "entry", "intermediate", "expert")
    assert facts.payment_verified in (None, True, False)
    for words in (facts.title, facts.description, facts.client_country, facts.job_url):
        assert words is None or (isinstance(words, str) and words == words.strip() and words)


@given(st.text())
def test_it_never_raises_on_arbitrary_text(text: str) -> None:
    assert_well_formed(_read_facts(text, NOW))


@given(binaryish)
def test_it_never_raises_on_binary_garbage(text: str) -> None:
    assert_well_formed(_read_facts(text, NOW))


@given(upwork_paste)
def test_it_never_raises_on_shuffled_upwork_lines(text: str) -> None:
    assert_well_formed(_read_facts(text, NOW))


@given(html_soup)
def test_it_never_raises_on_broken_html(text: str) -> None:
    assert_well_formed(_read_facts(text, NOW))


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(TEXT_FIXTURES), st.data())
def test_it_never_raises_on_mutated_real_pages(name: str, data: st.DataObject) -> None:
    text = read_fixture(name)
    size = len(text)
    at = data.draw(st.integers(0, size), label="at")
    until = data.draw(st.integers(at, size), label="until")
    mutation = data.draw(
        st.sampled_from(["truncate", "cut", "duplicate", "insert", "insert_lines"]), label="how"
    )
    if mutation == "truncate":
        text = text[:at]
    elif mutation == "cut":
        text = text[:at] + text[until:]
    elif mutation == "duplicate":
        text = text[:until] + text[at:until] + text[until:]
    elif mutation == "insert":
        text = text[:at] + data.draw(st.text(alphabet=any_character), label="insert") + text[at:]
    else:
        text = text[:at] + "\n" + data.draw(upwork_paste, label="lines") + "\n" + text[at:]

    assert_well_formed(_read_facts(text, NOW))


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.data())
def test_it_never_raises_on_a_mutated_saved_page(data: st.DataObject) -> None:
    page = read_fixture("search_logged_out.html")
    at = data.draw(st.integers(0, len(page)), label="at")
    piece = data.draw(st.sampled_from(HTML_PIECES), label="piece")
    page = page[:at] + piece * data.draw(st.integers(1, 50), label="times") + page[at:]

    assert_well_formed(_read_facts(page, NOW))


def test_a_time_before_year_one_is_unknown_rather_than_an_error() -> None:
    facts = _read_facts("Django developer\nPosted 2 weeks ago\nProposals: 5 to 10", datetime.min)

    assert facts.posted_at is None
    assert (facts.proposals_min, facts.proposals_max) == (5, 10)


def test_should_the_reader_break_the_public_function_still_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(text: str, now: datetime) -> JobFacts:
        raise RuntimeError("a bug")

    monkeypatch.setattr("vetting.parsing._read_facts", broken)

    assert parse_job_text("Django developer", NOW) == JobFacts()


def a_megabyte_of_upwork_noise() -> str:
    randomness = random.Random(20260115)
    pieces = [
        *UPWORK_LINES,
        *HTML_PIECES[:-2],
        "é",
        "\u200b",
        "\xa0",
        "\U0001f642",
        "\u2028",
        "\r",
    ]
    text = "\n".join(randomness.choice(pieces) for _ in range(ONE_MB // 6))
    return text[:ONE_MB]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a" * ONE_MB, id="one letter"),
        pytest.param("\n" * ONE_MB, id="newlines"),
        pytest.param("<" * ONE_MB, id="less-than signs"),
        pytest.param("$" * ONE_MB, id="dollar signs"),
        pytest.param("9" * ONE_MB, id="digits"),
        pytest.param("\u00e9" * ONE_MB, id="accented letter"),
        pytest.param("a\n" * (ONE_MB // 2), id="short lines"),
        pytest.param("$1\n" * (ONE_MB // 3), id="money lines"),
        pytest.param(a_megabyte_of_upwork_noise(), id="random upwork noise"),
        pytest.param(
            "".join(random.Random(7).choice("ab<>/$:\n 0123456789") for _ in range(ONE_MB)),
            id="random characters",
        ),
        pytest.param("<div>" * (ONE_MB // 5), id="a flood of tags"),
        pytest.param("<div><a " + "b " * (ONE_MB // 2) + ">", id="a flood of attributes"),
        pytest.param("<div>" + "<a " * (ONE_MB // 3), id="unclosed tags"),
        pytest.param("<div>" + "<!-- >" * (ONE_MB // 6), id="unclosed comments"),
        pytest.param("<div>" + '<a b=">x' * (ONE_MB // 8), id="unclosed quotes"),
    ],
)
def test_a_megabyte_of_anything_is_read_by_the_parser_itself_without_an_error(text: str) -> None:
    # _read_facts is the parser without parse_job_text's safety net, so an error fails here.
    # How fast it is: `make bench` times the same kinds of input (hostile_input_seconds).
    assert isinstance(_read_facts(text, NOW), JobFacts)
