"""Every fixture page, read into JobFacts with every one of the 28 facts asserted.

The descriptions are long, so each test states where the description sits on the page (between
two lines) and cuts it out with plain string methods: a second, simpler reading to check the
parser against.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from vetting.facts import JobFacts
from vetting.parsing import html_to_text, parse_job_text

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "jobs"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def lines_between(text: str, after: str, before: str) -> str:
    """The lines strictly between the first line equal to ``after`` and the next ``before``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index(after) + 1
    return "\n".join(lines[start : lines.index(before, start)])


def test_it_reads_every_fact_of_a_full_job_page_copy() -> None:
    text = fixture("job_page_fixed_intermediate.txt")

    assert parse_job_text(text, NOW) == JobFacts(
        title="n8n Workflow Developer for Risk Data Analysis",
        description=lines_between(text, "Summary", "$75.00"),
        posted_at=NOW - timedelta(weeks=2),
        budget_type="fixed",
        budget_min=Decimal("75.00"),
        budget_max=Decimal("75.00"),
        experience_level="intermediate",
        connects_required=14,
        proposals_min=5,
        proposals_max=10,
        last_viewed_at=NOW - timedelta(days=3),
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
        client_total_spent=Decimal("1900"),
        client_hires=5,
        client_active_hires=1,
        client_avg_hourly_rate=Decimal("6.29"),
        client_member_since=date(2021, 9, 8),
        job_url=None,
        screening_questions=4,
        available_connects=31,
        client_ratings_given=(Decimal("3.4"),),
    )


def test_the_description_of_the_full_job_page_is_its_seven_paragraphs() -> None:
    facts = parse_job_text(fixture("job_page_fixed_intermediate.txt"), NOW)

    assert facts.description is not None
    assert facts.description.startswith("We are seeking an experienced developer to design")
    assert facts.description.endswith("risk management concepts and document generation workflows.")
    assert len(facts.description.splitlines()) == 7


def test_the_saved_html_of_a_job_page_gives_the_same_facts_and_its_job_link() -> None:
    text_facts = parse_job_text(fixture("job_page_fixed_intermediate.txt"), NOW)

    html_facts = parse_job_text(fixture("job_page_fixed_intermediate.html"), NOW)

    assert html_facts == JobFacts(
        title="n8n Workflow Developer for Risk Data Analysis",
        description=text_facts.description,
        # Exact, from the id in its job link; the text says only "2 weeks ago".
        posted_at=datetime(2026, 1, 2, 18, 54, 43, 554000, tzinfo=UTC),
        budget_type="fixed",
        budget_min=Decimal("75.00"),
        budget_max=Decimal("75.00"),
        experience_level="intermediate",
        connects_required=14,
        proposals_min=5,
        proposals_max=10,
        last_viewed_at=NOW - timedelta(days=3),
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
        client_total_spent=Decimal("1900"),
        client_hires=5,
        client_active_hires=1,
        client_avg_hourly_rate=Decimal("6.29"),
        client_member_since=date(2021, 9, 8),
        job_url="https://www.upwork.com/jobs/~022007163664429408020",
        screening_questions=4,
        available_connects=31,
        client_ratings_given=(Decimal("3.4"),),
    )


def test_it_reads_a_copy_of_the_activity_and_client_blocks() -> None:
    text = fixture("activity_and_client_paste.txt")

    assert parse_job_text(text, NOW) == JobFacts(
        title="Senior Web Developer - WordPress + WooCommerce",
        description=None,
        posted_at=NOW - timedelta(minutes=8),
        budget_type=None,
        budget_min=None,
        budget_max=None,
        experience_level=None,
        connects_required=20,
        proposals_min=10,
        proposals_max=15,
        last_viewed_at=NOW - timedelta(seconds=15),
        hires=None,
        interviewing=0,
        invites_sent=1,
        unanswered_invites=1,
        payment_verified=True,
        client_rating=Decimal("4.98"),
        client_reviews=17,
        client_country="United States",
        client_jobs_posted=31,
        client_hire_rate=81,
        client_open_jobs=2,
        client_total_spent=Decimal("12000"),
        client_hires=33,
        client_active_hires=13,
        client_avg_hourly_rate=Decimal("14.08"),
        client_member_since=date(2018, 4, 2),
        job_url=None,
        bid_high=Decimal("75.00"),
        bid_avg=Decimal("31.69"),
        bid_low=Decimal("6.00"),
    )


def test_it_reads_a_partial_paste_of_the_client_block() -> None:
    text = fixture("partial_client_paste.txt")

    # "Rating is 5.0 out of 5." right under "Payment method verified" is the client's star
    # rating, rounded; with no "of N reviews" line it is the best the paste gives.
    assert parse_job_text(text, NOW) == JobFacts(
        title=None,
        description=None,
        posted_at=None,
        budget_type=None,
        budget_min=None,
        budget_max=None,
        experience_level=None,
        connects_required=18,
        proposals_min=None,
        proposals_max=None,
        last_viewed_at=None,
        hires=None,
        interviewing=None,
        invites_sent=None,
        unanswered_invites=None,
        payment_verified=True,
        client_rating=Decimal("5.0"),
        client_reviews=None,
        client_country=None,
        client_jobs_posted=None,
        client_hire_rate=None,
        client_open_jobs=None,
        client_total_spent=Decimal("4200"),
        client_hires=31,
        client_active_hires=2,
        client_avg_hourly_rate=Decimal("113.50"),
        client_member_since=date(2004, 12, 28),
        job_url=None,
        client_ratings_given=(),
    )


def test_it_reads_only_the_first_tile_of_a_saved_best_matches_feed() -> None:
    page = fixture("best_matches_feed.html")
    title = "Senior WooCommerce Checkout Debugging Expert (Intermittent Issue)"

    assert parse_job_text(page, NOW) == JobFacts(
        title=title,
        description=lines_between(
            html_to_text(page),
            "Hourly: $25-$40 - Expert - Est. Time: Less than 1 month, Less than 30 hrs/week",
            "more",
        ),
        posted_at=NOW - timedelta(hours=1),
        budget_type="hourly",
        budget_min=Decimal("25"),
        budget_max=Decimal("40"),
        experience_level="expert",
        connects_required=None,
        proposals_min=50,
        proposals_max=None,
        last_viewed_at=None,
        hires=None,
        interviewing=None,
        invites_sent=None,
        unanswered_invites=None,
        payment_verified=True,
        client_rating=Decimal("5.0"),
        client_reviews=None,
        client_country="United States",
        client_jobs_posted=None,
        client_hire_rate=None,
        client_open_jobs=None,
        client_total_spent=Decimal("900000"),
        client_hires=None,
        client_active_hires=None,
        client_avg_hourly_rate=None,
        client_member_since=None,
        job_url="https://www.upwork.com/jobs/~022049868181866578624",
        hours_per_week="less_than_30",  # "Est. Time: ..., Less than 30 hrs/week"
    )


def test_it_reads_the_first_tile_of_a_logged_in_search_page_past_its_filters() -> None:
    page = fixture("search_logged_in.html")

    # Nothing on the page separates the skill tokens from the text above them, so they stay
    # at the end of the description, as in the browser.
    assert parse_job_text(page, NOW) == JobFacts(
        title=(
            "Digital Product Specialist, AI automation case studies to sellable products "
            "(Gumroad / Etsy, etc\u2026)"
        ),
        description=lines_between(
            html_to_text(page), "Est. budget: $250.00", "Proposals: Less than 5"
        ),
        posted_at=NOW - timedelta(days=1),
        budget_type="fixed",
        budget_min=Decimal("250.00"),
        budget_max=Decimal("250.00"),
        experience_level="expert",
        connects_required=None,
        proposals_min=0,
        proposals_max=4,
        last_viewed_at=None,
        hires=None,
        interviewing=None,
        invites_sent=None,
        unanswered_invites=None,
        payment_verified=True,
        client_rating=Decimal("5.00"),
        client_reviews=1,
        client_country="Paraguay",
        client_jobs_posted=None,
        client_hire_rate=None,
        client_open_jobs=None,
        client_total_spent=Decimal("200"),
        client_hires=None,
        client_active_hires=None,
        client_avg_hourly_rate=None,
        client_member_since=None,
        job_url="https://www.upwork.com/jobs/~022024696422907076268",
    )


def test_it_reads_the_first_tile_of_a_logged_out_search_page() -> None:
    page = fixture("search_logged_out.html")
    title = "Single Page Landing Page design implementation on Shopify"

    assert parse_job_text(page, NOW) == JobFacts(
        title=title,
        description=lines_between(
            html_to_text(page),
            "Hourly: $15-$30 - Intermediate - Est. Time: Less than 30 hrs/week",
            "more",
        ),
        posted_at=NOW - timedelta(minutes=4),
        budget_type="hourly",
        budget_min=Decimal("15"),
        budget_max=Decimal("30"),
        experience_level="intermediate",
        connects_required=None,
        proposals_min=0,
        proposals_max=4,
        last_viewed_at=None,
        hires=None,
        interviewing=None,
        invites_sent=None,
        unanswered_invites=None,
        payment_verified=True,
        client_rating=Decimal("5"),
        client_reviews=None,
        client_country="United Kingdom",
        client_jobs_posted=None,
        client_hire_rate=None,
        client_open_jobs=None,
        client_total_spent=Decimal("6000"),
        client_hires=None,
        client_active_hires=None,
        client_avg_hourly_rate=None,
        client_member_since=None,
        job_url="https://www.upwork.com/jobs/~019ec9ebe139ec8482",
        hours_per_week="less_than_30",  # "Est. Time: ..., Less than 30 hrs/week"
    )


SIDE_PANEL_DESCRIPTION = (
    "We run a small booking platform for yoga studios (Django 4.2, PostgreSQL, Celery, a React "
    "front end) and need a senior Django developer to take over the backend for the next two "
    "months.\n"
    "What you will do:\n"
    "- Move the booking flow from cron jobs to Celery, with retries and idempotent payments\n"
    "- Add row-level permissions for studio owners and instructors\n"
    "- Cut the p95 of the schedule API from 1.8 s to under 300 ms\n"
    "You will work with our product lead and a part-time front-end developer. Start your "
    'proposal with the word "Kestrel" so we know you read this.'
)


def test_it_reads_a_side_panel_and_ignores_the_history_and_similar_jobs_below_it() -> None:
    text = fixture("side_panel_hourly_expert.txt")

    assert parse_job_text(text, NOW) == JobFacts(
        title="Senior Django Developer for a Booking Platform",
        description=SIDE_PANEL_DESCRIPTION,
        posted_at=NOW - timedelta(hours=3),
        budget_type="hourly",
        budget_min=Decimal("30.00"),
        budget_max=Decimal("60.00"),
        experience_level="expert",
        connects_required=16,
        proposals_min=20,
        proposals_max=50,
        last_viewed_at=NOW - timedelta(hours=1),
        hires=1,
        interviewing=3,
        invites_sent=5,
        unanswered_invites=1,
        payment_verified=True,
        client_rating=Decimal("4.92"),
        client_reviews=45,
        client_country="United States",
        client_jobs_posted=62,
        client_hire_rate=71,
        client_open_jobs=3,
        client_total_spent=Decimal("571557"),
        client_hires=33,
        client_active_hires=13,
        client_avg_hourly_rate=Decimal("45.12"),
        client_member_since=date(2016, 3, 15),
        job_url=None,
        hours_per_week="less_than_30",
        available_connects=46,
        client_ratings_given=(),
    )


def test_a_select_all_of_a_feed_with_the_side_panel_open_reads_the_panel_not_the_tiles() -> None:
    text = fixture("side_panel_over_feed.txt")

    assert parse_job_text(text, NOW) == JobFacts(
        title="Senior Django Developer for a Booking Platform",
        description=(
            "We run a small booking platform for yoga studios and need a senior Django developer "
            "to take over the backend for the next two months."
        ),
        posted_at=NOW - timedelta(hours=3),
        budget_type="hourly",
        budget_min=Decimal("30.00"),
        budget_max=Decimal("60.00"),
        experience_level="expert",
        connects_required=16,
        proposals_min=20,
        proposals_max=50,
        last_viewed_at=NOW - timedelta(hours=1),
        hires=1,
        interviewing=3,
        invites_sent=5,
        unanswered_invites=1,
        payment_verified=True,
        client_rating=Decimal("4.92"),
        client_reviews=45,
        client_country="United States",
        client_jobs_posted=62,
        client_hire_rate=71,
        client_open_jobs=3,
        client_total_spent=Decimal("571557"),
        client_hires=33,
        client_active_hires=13,
        client_avg_hourly_rate=Decimal("45.12"),
        client_member_since=date(2016, 3, 15),
        job_url=None,
        hours_per_week="less_than_30",
        available_connects=46,
        client_ratings_given=(),
    )


def test_it_reads_the_submit_a_proposal_page_and_not_the_users_own_rate_or_boost() -> None:
    text = fixture("proposal_page_hourly.txt")

    assert parse_job_text(text, NOW) == JobFacts(
        title="Senior Django Developer for a Booking Platform",
        description=(
            "We run a small booking platform for yoga studios (Django 4.2, PostgreSQL, Celery, a "
            "React front end) and need a senior Django developer to take over the backend for "
            "the next two months.\n"
            'Start your proposal with the word "Kestrel" so we know you read this.'
        ),
        posted_at=NOW - timedelta(hours=3),
        budget_type="hourly",
        budget_min=Decimal("25.00"),
        budget_max=Decimal("50.00"),
        experience_level="expert",
        connects_required=16,
        proposals_min=None,
        proposals_max=None,
        last_viewed_at=None,
        hires=None,
        interviewing=None,
        invites_sent=None,
        unanswered_invites=None,
        payment_verified=None,
        client_rating=None,
        client_reviews=None,
        client_country=None,
        client_jobs_posted=None,
        client_hire_rate=None,
        client_open_jobs=None,
        client_total_spent=None,
        client_hires=None,
        client_active_hires=None,
        client_avg_hourly_rate=None,
        client_member_since=None,
        job_url=None,
        available_connects=31,
    )


def test_it_reads_a_copied_feed_tile() -> None:
    text = fixture("feed_tile_hourly.txt")

    assert parse_job_text(text, NOW) == JobFacts(
        title="Shopify Theme Developer for a Coffee Subscription Store",
        description=(
            "We roast coffee in small batches and sell subscriptions through Shopify. Our theme "
            "(Dawn 12) needs a custom subscription picker, a faster cart drawer and a cleanup of "
            "old apps.\n"
            "Budget is flexible for the right person."
        ),
        posted_at=NOW - timedelta(hours=1),
        budget_type="hourly",
        budget_min=Decimal("15.00"),
        budget_max=Decimal("35.00"),
        experience_level="expert",
        connects_required=None,
        proposals_min=50,
        proposals_max=None,
        last_viewed_at=None,
        hires=None,
        interviewing=None,
        invites_sent=None,
        unanswered_invites=None,
        payment_verified=True,
        client_rating=Decimal("4.9"),
        client_reviews=None,
        client_country="United States",
        client_jobs_posted=None,
        client_hire_rate=None,
        client_open_jobs=None,
        client_total_spent=Decimal("900000"),
        client_hires=None,
        client_active_hires=None,
        client_avg_hourly_rate=None,
        client_member_since=None,
        job_url=None,
        hours_per_week="less_than_30",  # "Est. Time: ..., Less than 30 hrs/week"
    )


def test_it_reads_the_first_tile_of_an_older_feed_layout_and_nothing_of_the_second() -> None:
    text = fixture("feed_page_older_layout.txt")

    assert parse_job_text(text, NOW) == JobFacts(
        title="Build a Landing Page in Webflow",
        description=(
            "We are a two-person bakery and need a one-page site in Webflow from our Figma file, "
            "with a contact form and an Instagram feed."
        ),
        posted_at=NOW - timedelta(minutes=13),
        budget_type="fixed",
        budget_min=Decimal("500"),
        budget_max=Decimal("500"),
        experience_level="entry",
        connects_required=None,
        proposals_min=0,
        proposals_max=4,
        last_viewed_at=None,
        hires=None,
        interviewing=None,
        invites_sent=None,
        unanswered_invites=None,
        payment_verified=False,
        client_rating=None,
        client_reviews=None,
        client_country="United States",
        client_jobs_posted=None,
        client_hire_rate=None,
        client_open_jobs=None,
        client_total_spent=Decimal("0"),
        client_hires=None,
        client_active_hires=None,
        client_avg_hourly_rate=None,
        client_member_since=None,
        job_url=None,
    )


def test_it_reads_a_new_unverified_client_with_nothing_spent() -> None:
    text = fixture("job_page_new_client_unverified.txt")

    assert parse_job_text(text, NOW) == JobFacts(
        title="Logo Design for a Community Garden",
        description=lines_between(text, "Summary", "$50.00"),
        posted_at=NOW - timedelta(days=1),
        budget_type="fixed",
        budget_min=Decimal("50.00"),
        budget_max=Decimal("50.00"),
        experience_level="entry",
        connects_required=10,
        proposals_min=0,
        proposals_max=4,
        last_viewed_at=None,
        hires=None,
        interviewing=0,
        invites_sent=0,
        unanswered_invites=0,
        payment_verified=False,
        client_rating=None,
        client_reviews=None,
        client_country="Australia",
        client_jobs_posted=1,
        client_hire_rate=0,
        client_open_jobs=1,
        client_total_spent=Decimal("0"),
        client_hires=None,
        client_active_hires=None,
        client_avg_hourly_rate=None,
        client_member_since=date(2026, 1, 12),
        job_url=None,
        available_connects=31,
    )
