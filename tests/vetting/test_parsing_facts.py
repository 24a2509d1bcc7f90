"""One fact at a time: the wordings Upwork uses for each, and the look-alikes that are not it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from vetting.parsing import parse_job_text

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def header(*lines: str) -> str:
    """A job page's header (title, posted, location) followed by ``lines``."""
    return "\n".join(["Django developer", "Posted 5 minutes ago", "Worldwide", *lines])


def activity(*lines: str) -> str:
    return header("Activity on this job", *lines)


def client(*lines: str) -> str:
    return header("About the client", *lines)


# -- posted and last viewed --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        ("Posted 4 minutes ago", NOW - timedelta(minutes=4)),
        ("Posted 13 minutes ago", NOW - timedelta(minutes=13)),
        ("Posted 15 seconds ago", NOW - timedelta(seconds=15)),
        ("Posted an hour ago", NOW - timedelta(hours=1)),
        ("Posted 5 hours ago", NOW - timedelta(hours=5)),
        ("Posted yesterday", NOW - timedelta(days=1)),
        ("Posted 2 days ago", NOW - timedelta(days=2)),
        ("Posted last week", NOW - timedelta(weeks=1)),
        ("Posted 2 weeks ago", NOW - timedelta(weeks=2)),
        ("Posted last month", datetime(2025, 12, 15, 12, 0, tzinfo=UTC)),
        ("Posted 3 months ago", datetime(2025, 10, 15, 12, 0, tzinfo=UTC)),
        ("Posted a year ago", datetime(2025, 1, 15, 12, 0, tzinfo=UTC)),
        ("Posted Jan 14, 2026", datetime(2026, 1, 14, tzinfo=UTC)),
        ("Posted on January 14, 2026", datetime(2026, 1, 14, tzinfo=UTC)),
        ("Posted\n2 weeks ago", NOW - timedelta(weeks=2)),
        ("Posted\nyesterday", NOW - timedelta(days=1)),
    ],
)
def test_it_resolves_the_posted_time_against_now(posted: str, expected: datetime) -> None:
    text = f"Django developer\n{posted}\nWorldwide\nActivity on this job"

    facts = parse_job_text(text, NOW)

    assert facts.posted_at == expected
    assert facts.title == "Django developer"


def test_resolved_times_are_timezone_aware() -> None:
    facts = parse_job_text(activity("Last viewed by client: 3 days ago"), NOW)

    assert facts.posted_at is not None and facts.posted_at.tzinfo is not None
    assert facts.last_viewed_at is not None and facts.last_viewed_at.tzinfo is not None


def test_months_ago_are_calendar_months_clamped_to_the_end_of_a_short_month() -> None:
    end_of_march = datetime(2026, 3, 31, 9, 30, tzinfo=UTC)

    facts = parse_job_text(activity("Last viewed by client: last month"), end_of_march)

    assert facts.last_viewed_at == datetime(2026, 2, 28, 9, 30, tzinfo=UTC)


def test_a_posted_phrase_it_does_not_know_leaves_the_time_unknown() -> None:
    facts = parse_job_text("Django developer\nPosted recently\nActivity on this job", NOW)

    assert facts.posted_at is None


@pytest.mark.parametrize(
    "lines",
    [
        ["Last viewed by client: 15 seconds ago"],
        ["Last viewed by client:", "15 seconds ago"],
        [
            "Last viewed by client:",
            "Close the tooltip",
            "This is when the client last reviewed or interacted with the applicants for this job.",
            "15 seconds ago",
        ],
    ],
)
def test_it_reads_when_the_client_last_viewed_the_job(lines: list[str]) -> None:
    facts = parse_job_text(activity(*lines), NOW)

    assert facts.last_viewed_at == NOW - timedelta(seconds=15)


def test_a_job_the_client_never_viewed_has_no_last_viewed_time() -> None:
    facts = parse_job_text(activity("Proposals: 5 to 10", "Interviewing: 0"), NOW)

    assert facts.last_viewed_at is None


# -- activity on this job ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "low", "high"),
    [
        ("Less than 5", 0, 4),
        ("Fewer than 5", 0, 4),
        ("5 to 10", 5, 10),
        ("10 to 15", 10, 15),
        ("15 to 20", 15, 20),
        ("20 to 50", 20, 50),
        ("50+", 50, None),
    ],
)
def test_it_reads_the_proposals_range(wording: str, low: int, high: int | None) -> None:
    facts = parse_job_text(activity(f"Proposals: {wording}"), NOW)

    assert (facts.proposals_min, facts.proposals_max) == (low, high)


def test_a_proposals_range_cut_mid_number_is_not_a_range() -> None:
    facts = parse_job_text(activity("Proposals: 10 to 1"), NOW)

    assert (facts.proposals_min, facts.proposals_max) == (None, None)


def test_it_reads_a_value_placed_a_few_lines_after_its_label_past_a_tooltip() -> None:
    text = activity(
        "Proposals:",
        "Close the tooltip",
        "This range includes relevant proposals, but does not include proposals that are "
        "withdrawn, declined, or archived.",
        "5 to 10",
    )

    facts = parse_job_text(text, NOW)

    assert (facts.proposals_min, facts.proposals_max) == (5, 10)


def test_a_value_too_far_from_its_label_is_not_taken_for_it() -> None:
    text = activity("Proposals:", "one", "two", "three", "four", "five", "six", "5 to 10")

    facts = parse_job_text(text, NOW)

    assert facts.proposals_min is None


@pytest.mark.parametrize(
    "lines",
    [
        ["Hires: 1", "Interviewing: 3", "Invites sent: 5", "Unanswered invites: 2"],
        ["Hires:", "1", "Interviewing:", "3", "Invites sent:", "5", "Unanswered invites:", "2"],
    ],
)
def test_it_reads_the_activity_counts_on_the_same_or_the_next_line(lines: list[str]) -> None:
    facts = parse_job_text(activity(*lines), NOW)

    assert (facts.hires, facts.interviewing, facts.invites_sent, facts.unanswered_invites) == (
        1,
        3,
        5,
        2,
    )


def test_hires_are_unknown_until_the_page_shows_them() -> None:
    facts = parse_job_text(activity("Interviewing: 0", "Invites sent: 4"), NOW)

    assert facts.hires is None


# -- the connects cost, never the balance ------------------------------------------------------


@pytest.mark.parametrize(
    "lines",
    [
        ["Required Connects to submit a proposal: 18"],
        ["Required Connects to submit a proposal:", "18"],
        [
            "Required Connects to submit a proposal:",
            "18",
            "This is the number of Connects required to submit a proposal for this job.",
            "Learn More",
            "Available Connects: 31",
        ],
    ],
)
def test_it_reads_the_connects_cost_from_the_required_connects_label(lines: list[str]) -> None:
    assert parse_job_text(activity(*lines), NOW).connects_required == 18


@pytest.mark.parametrize(
    "lines",
    [
        ["Send a proposal for: 20 Connects"],
        ["Send a proposal for:", "20 Connects"],
        ["Available Connects: 31", "Send a proposal for: 20 Connects"],
        ["Connects: 46", "Send a proposal for: 20 Connects"],
    ],
)
def test_it_reads_the_connects_cost_from_send_a_proposal_for(lines: list[str]) -> None:
    assert parse_job_text(activity(*lines), NOW).connects_required == 20


def test_it_reads_the_connects_cost_from_the_proposal_page() -> None:
    text = "\n".join(
        [
            "Submit a proposal",
            "This proposal requires 16 Connects",
            "When you submit this proposal, you'll have 15 Connects remaining.",
            "Job details",
            "Django developer",
        ]
    )

    assert parse_job_text(text, NOW).connects_required == 16


@pytest.mark.parametrize(
    "lines",
    [
        ["Connects: 46"],
        ["Available Connects: 31"],
        ["Connects:", "46"],
        ["Available Connects:", "31"],
        ["Required Connects to submit a proposal:", "Available Connects: 31"],
        ["Send a proposal for:", "Connects: 46"],
        ["When you submit this proposal, you'll have 15 Connects remaining."],
        ["Bid 101 Connects or higher to be ranked in 1st place"],
        ["My balance", "451 Connects"],
    ],
)
def test_the_users_connects_balance_never_becomes_the_cost(lines: list[str]) -> None:
    assert parse_job_text(activity(*lines), NOW).connects_required is None


# -- budget and experience ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "kind", "low", "high"),
    [
        (["$75.00", "Fixed-price"], "fixed", "75.00", "75.00"),
        (["Fixed-price: $500"], "fixed", "500", "500"),
        (["Fixed price", "Expert", "Est. budget: $250.00"], "fixed", "250.00", "250.00"),
        (["Hourly: $15.00 - $35.00"], "hourly", "15.00", "35.00"),
        (["Hourly: $25-$40"], "hourly", "25", "40"),
        (["$25.00-$50.00 Hourly"], "hourly", "25.00", "50.00"),
        (["$25.00-$50.00", "Hourly range"], "hourly", "25.00", "50.00"),
        (["$15.00", "-", "$35.00", "Hourly"], "hourly", "15.00", "35.00"),
        (["$40.00", "Hourly"], "hourly", "40.00", "40.00"),
    ],
)
def test_it_reads_the_budget(lines: list[str], kind: str, low: str, high: str) -> None:
    facts = parse_job_text(header(*lines, "Activity on this job"), NOW)

    assert (facts.budget_type, facts.budget_min, facts.budget_max) == (
        kind,
        Decimal(low),
        Decimal(high),
    )


def test_an_hourly_job_without_a_range_has_no_amounts() -> None:
    facts = parse_job_text(header("Hourly", "Activity on this job"), NOW)

    assert (facts.budget_type, facts.budget_min, facts.budget_max) == ("hourly", None, None)


def test_the_menu_entry_hourly_work_diary_is_not_a_budget() -> None:
    text = "Hourly work diary\n" + header("Activity on this job")

    assert parse_job_text(text, NOW).budget_type is None


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Entry level", "entry"),
        ("Entry Level", "entry"),
        ("Intermediate", "intermediate"),
        ("Expert", "expert"),
    ],
)
def test_it_reads_the_experience_level(line: str, level: str) -> None:
    text = header("$75.00", "Fixed-price", line, "Experience Level", "Activity on this job")

    assert parse_job_text(text, NOW).experience_level == level


def test_it_reads_an_older_tiles_one_line_summary() -> None:
    text = "\n".join(
        [
            "Build a landing page",
            "Fixed-price - Entry level - Est. Budget: $50 - Posted 13 minutes ago",
            "A one-page site.",
            "Proposals: Less than 5",
        ]
    )

    facts = parse_job_text(text, NOW)

    assert facts.title == "Build a landing page"
    assert facts.posted_at == NOW - timedelta(minutes=13)
    assert (facts.budget_type, facts.budget_min, facts.budget_max) == (
        "fixed",
        Decimal("50"),
        Decimal("50"),
    )
    assert facts.experience_level == "entry"
    assert facts.description == "A one-page site."


def test_it_reads_an_older_hourly_tiles_range_and_level() -> None:
    text = "Data engineer\nHourly: $15.00 - $35.00 - Intermediate - Est. Time: 1 to 3 months - "
    text += "Posted 2 days ago\nProposals: 5 to 10"

    facts = parse_job_text(text, NOW)

    assert (facts.budget_type, facts.budget_min, facts.budget_max) == (
        "hourly",
        Decimal("15.00"),
        Decimal("35.00"),
    )
    assert facts.experience_level == "intermediate"
    assert facts.posted_at == NOW - timedelta(days=2)


# -- about the client --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "verified"),
    [
        ("Payment method verified", True),
        ("Payment verified", True),
        ("Payment method not verified", False),
        ("Payment unverified", False),
    ],
)
def test_it_reads_whether_the_payment_method_is_verified(line: str, verified: bool) -> None:
    assert parse_job_text(client(line), NOW).payment_verified is verified


def test_the_payment_tooltip_sentence_is_not_the_payment_status() -> None:
    text = client("Close the tooltip", "This client has a verified payment method with Upwork.")

    assert parse_job_text(text, NOW).payment_verified is None


@pytest.mark.parametrize(
    ("lines", "rating", "reviews"),
    [
        (["Rating is 4.2 out of 5.", "4.2", "4.21 of 4 reviews"], "4.21", 4),
        (["4.98 of 17 reviews"], "4.98", 17),
        (["Rating is 5.0 out of 5.", "5.0", "5.00 Star, based on 1 feedbacks"], "5.00", 1),
        (["Rating is 4.9 out of 5."], "4.9", None),
        (["Rating is 0 out of 5.", "0", "No feedback yet"], None, 0),
    ],
)
def test_it_reads_the_clients_rating_and_reviews(
    lines: list[str], rating: str | None, reviews: int | None
) -> None:
    facts = parse_job_text(client("Payment method verified", *lines), NOW)

    assert facts.client_rating == (Decimal(rating) if rating else None)
    assert facts.client_reviews == reviews


@pytest.mark.parametrize(
    ("lines", "country"),
    [
        (["United States", "Clayton11:16 AM"], "United States"),
        (["Saudi Arabia", "Riyadh", "5:06 PM"], "Saudi Arabia"),
        (["USA"], "United States"),
        (["AUS", "Adelaide3:16 AM"], "Australia"),
        (["Location Paraguay"], "Paraguay"),
        # Not in the parser's list: found by its place above the city and local time.
        (["Northern Cyprus", "Kyrenia4:12 PM"], "Northern Cyprus"),
        (["Somewhere Far", "Capital City", "5:06 PM"], "Somewhere Far"),
    ],
)
def test_it_reads_the_clients_country(lines: list[str], country: str) -> None:
    facts = parse_job_text(client("Payment method verified", "4.21 of 4 reviews", *lines), NOW)

    assert facts.client_country == country


@pytest.mark.parametrize("line", ["Location:", "Location", "Riyadh", "Tech & IT"])
def test_a_client_line_that_names_no_country_is_not_the_country(line: str) -> None:
    assert parse_job_text(client("Payment method verified", line), NOW).client_country is None


def test_the_preferred_freelancer_location_is_not_the_clients_country() -> None:
    text = header(
        "Location:", "India", "Activity on this job", "About the client", "19 jobs posted"
    )

    assert parse_job_text(text, NOW).client_country is None


@pytest.mark.parametrize(
    ("lines", "spent"),
    [
        (["$1.9K", "total spent"], "1900"),
        (["$12K total spent"], "12000"),
        (["$4.2K total spent"], "4200"),
        (["$571,557 total spent"], "571557"),
        (["$1K+ spent"], "1000"),
        (["$900K+ spent"], "900000"),
        (["$900K+", "spent"], "900000"),
        (["$1.2M total spent"], "1200000"),
        (["$0 total spent"], "0"),
        (["$0 spent"], "0"),
    ],
)
def test_it_reads_what_the_client_has_spent(lines: list[str], spent: str) -> None:
    assert parse_job_text(client(*lines), NOW).client_total_spent == Decimal(spent)


@pytest.mark.parametrize(
    "lines",
    [
        ["$6.29", "/hr", "avg hourly rate paid"],
        ["$6.29 /hr avg hourly rate paid"],
        ["$6.29/hr avg hourly rate paid"],
        ["$6.29 /hr", "avg hourly rate paid"],
    ],
)
def test_it_reads_the_clients_average_hourly_rate(lines: list[str]) -> None:
    facts = parse_job_text(client("$1.9K", "total spent", "5 hires, 1 active", *lines), NOW)

    assert facts.client_avg_hourly_rate == Decimal("6.29")
    assert facts.client_total_spent == Decimal("1900")


@pytest.mark.parametrize(
    ("line", "hires", "active"),
    [("33 hires, 13 active", 33, 13), ("1 hire, 0 active", 1, 0), ("5 hires", 5, None)],
)
def test_it_reads_the_clients_hires(line: str, hires: int, active: int | None) -> None:
    facts = parse_job_text(client(line), NOW)

    assert (facts.client_hires, facts.client_active_hires) == (hires, active)


@pytest.mark.parametrize(
    ("line", "rate", "open_jobs"),
    [
        ("27% hire rate, 1 open job", 27, 1),
        ("81% hire rate, 2 open jobs", 81, 2),
        ("0% hire rate, 1 open job", 0, 1),
        ("101% hire rate, 3 open jobs", 100, 3),
    ],
)
def test_it_reads_the_hire_rate_clamped_to_100_and_the_open_jobs(
    line: str, rate: int, open_jobs: int
) -> None:
    facts = parse_job_text(client("19 jobs posted", line), NOW)

    assert (facts.client_jobs_posted, facts.client_hire_rate, facts.client_open_jobs) == (
        19,
        rate,
        open_jobs,
    )


def test_it_reads_a_single_job_posted() -> None:
    assert parse_job_text(client("1 job posted"), NOW).client_jobs_posted == 1


@pytest.mark.parametrize(
    ("lines", "since"),
    [
        (["Member since Sep 8, 2021"], date(2021, 9, 8)),
        (["Member since September 8, 2021"], date(2021, 9, 8)),
        (["Member since", "Sep 8, 2021"], date(2021, 9, 8)),
        (["Member since Feb 30, 2021"], None),
    ],
)
def test_it_reads_when_the_client_joined(lines: list[str], since: date | None) -> None:
    assert parse_job_text(client(*lines), NOW).client_member_since == since


# -- text of other blocks does not leak --------------------------------------------------------


def test_the_clients_recent_history_does_not_leak_into_the_facts() -> None:
    text = client(
        "Payment method verified",
        "Saudi Arabia",
        "Client's recent history (4)",
        "Jobs in progress",
        "Shopify Manager",
        "Rating is 4.9 out of 5.",
        "5.00 stars",
        "Fixed-price",
        "$665.00",
        "12 jobs posted",
    )

    facts = parse_job_text(text, NOW)

    assert facts.client_rating is None
    assert facts.client_reviews is None
    assert facts.budget_type is None
    assert facts.client_jobs_posted is None


def test_similar_jobs_and_other_jobs_of_the_client_do_not_leak_into_the_facts() -> None:
    text = client(
        "Payment method verified",
        "Other open jobs by this Client (2)",
        "React Native developer",
        "Hourly",
        "Similar jobs on Upwork",
        "Django REST API for a fitness tracker",
        "Intermediate",
        "Est. budget: $800.00",
        "Proposals: 5 to 10",
        "4.8 of 12 reviews",
    )

    facts = parse_job_text(text, NOW)

    assert facts.budget_type is None
    assert facts.experience_level is None
    assert facts.proposals_min is None
    assert facts.client_rating is None


def test_a_rating_outside_the_client_block_is_not_the_clients() -> None:
    text = header("Rating is 4.9 out of 5.", "Activity on this job", "About the client", "USA")

    assert parse_job_text(text, NOW).client_rating is None


def test_only_the_first_tile_of_a_feed_is_read() -> None:
    text = "\n".join(
        [
            "Posted 10 minutes ago",
            "Logo for a bakery",
            "Job feedback Logo for a bakery",
            "Fixed-price",
            "Proposals: Less than 5",
            "Posted 20 minutes ago",
            "React developer",
            "Job feedback React developer",
            "Expert",
            "Payment verified",
            "Rating is 4.9 out of 5.",
            "$900K+ spent",
            "United States",
            "Proposals: 50+",
        ]
    )

    facts = parse_job_text(text, NOW)

    assert facts.title == "Logo for a bakery"
    assert facts.posted_at == NOW - timedelta(minutes=10)
    assert (facts.proposals_min, facts.proposals_max) == (0, 4)
    assert facts.experience_level is None
    assert facts.payment_verified is None
    assert facts.client_rating is None
    assert facts.client_total_spent is None
    assert facts.client_country is None


def test_search_filters_above_the_first_tile_do_not_leak_into_its_facts() -> None:
    text = "\n".join(
        [
            "Experience level",
            "Entry Level",
            "(13)",
            "Hourly",
            "(939)",
            "Payment verified",
            "(2025)",
            "Less than 5",
            "(193)",
            "Posted yesterday",
            "Digital product specialist",
            "Job Feedback",
            "Save Job",
            "Proposals: 5 to 10",
        ]
    )

    facts = parse_job_text(text, NOW)

    assert facts.title == "Digital product specialist"
    assert facts.experience_level is None
    assert facts.budget_type is None
    assert facts.payment_verified is None
    assert (facts.proposals_min, facts.proposals_max) == (5, 10)


def test_a_page_without_any_job_facts_gives_none_for_each() -> None:
    text = "Connects History\nMy balance\n451 Connects\nToday\nApplied to job\n-20"

    assert parse_job_text(text, NOW).known_count() == 0


# -- job URL -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.upwork.com/jobs/Senior-Django-Developer_~021234567890123456789/"
            "?referrer_url_path=find_work_home",
            "https://www.upwork.com/jobs/~021234567890123456789",
        ),
        (
            "https://www.upwork.com/jobs/~022007163664429408020",
            "https://www.upwork.com/jobs/~022007163664429408020",
        ),
        (
            "https://www.upwork.com/nx/proposals/job/~021234567890123456789/apply/",
            "https://www.upwork.com/jobs/~021234567890123456789",
        ),
        ("upwork.com/jobs/~01218908F5087B360B", "https://www.upwork.com/jobs/~01218908f5087b360b"),
        ("https://www.upwork.com/freelancers/~01abcdef1234567890", None),
        ("https://example.com/jobs/~021234567890123456789", None),
    ],
)
def test_it_normalises_an_upwork_job_url_found_in_the_text(url: str, expected: str | None) -> None:
    assert parse_job_text(activity(f"Job link: {url}"), NOW).job_url == expected
