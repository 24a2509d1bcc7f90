"""One fixture per way a page reaches Bidbook, each read into JobFacts with every fact asserted.

The fixtures are written for Bidbook as variations of the real samples in shared/samples/upwork
(tests/fixtures/jobs/README.md); each `.txt` beside an `.html` is that markup's innerText as
Debian's Chromium gives it. A JobFacts is compared whole with ``==``: a fact that is not named
must be None, so a misread anywhere fails.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from vetting.facts import JobFacts
from vetting.parsing import parse_job_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jobs"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read(name: str) -> JobFacts:
    return parse_job_text(fixture(name), NOW)


class TestApplyPage:
    """ "Submit a proposal": the cost, the user's balance, the boost table and the user's bid."""

    EXPECTED = JobFacts(
        title="Migrate a WordPress Blog to Ghost",
        description=(
            "We have 340 posts and 1,100 images on WordPress 6 and want everything on Ghost, "
            "with the old links redirected and the newsletter list kept.\n"
            "Please tell us which Ghost host you would pick and why."
        ),
        posted_at=NOW - timedelta(days=2),
        budget_type="fixed",
        budget_min=Decimal("600.00"),
        budget_max=Decimal("600.00"),
        experience_level="intermediate",
        connects_required=12,
        available_connects=31,
    )

    def test_it_reads_the_job_and_the_cost_never_the_bid_the_boost_or_the_balance(self) -> None:
        facts = read("apply_page_fixed_boost.txt")
        assert facts == self.EXPECTED
        assert facts.sources["connects_required"] == "text"
        assert facts.is_rounded("posted_at") and not facts.is_exact("posted_at")


def link(cipher: str) -> str:
    return f"https://www.upwork.com/jobs/~{cipher}"


# Each tile fixture holds two tiles: only the first is read. The job ids in the HTML decode to
# the moment its "Posted ... ago" names, so the link's exact time equals the text's reading.
TILES = {
    "feed_tiles_newer_layout": JobFacts(
        title="Django REST API for a Veterinary Clinic Booking App",
        # A tile's skill tokens run into its text with nothing between (the parser's known limit).
        description=(
            "We run three veterinary clinics and need a REST API in Django for our new booking "
            "app: appointments, pets, owners and email reminders.\n"
            "The mobile app is done; the API must match its OpenAPI file.\n"
            "DjangoDjango REST FrameworkPostgreSQL"
        ),
        posted_at=NOW - timedelta(minutes=5),
        budget_type="fixed",
        budget_min=Decimal("1200.00"),
        budget_max=Decimal("1200.00"),
        experience_level="intermediate",
        proposals_min=10,
        proposals_max=15,
        payment_verified=True,
        client_rating=Decimal("4.8"),
        client_country="Canada",
        client_total_spent=Decimal(12000),
    ),
    "feed_tiles_older_layout": JobFacts(
        title="Set Up Google Analytics 4 for a Shopify Store",
        description=(
            "Our store sends no purchase events to GA4. Set up the data layer, the purchase and "
            "add-to-cart events, and show us the report.\n"
            "Google AnalyticsShopify"
        ),
        posted_at=NOW - timedelta(minutes=20),
        budget_type="hourly",
        budget_min=Decimal("20.00"),
        budget_max=Decimal("30.00"),
        experience_level="entry",
        proposals_min=5,
        proposals_max=10,
        payment_verified=True,
        client_rating=Decimal("4.6"),
        client_country="United Kingdom",
        client_total_spent=Decimal(1000),
        hours_per_week="less_than_30",
    ),
    "search_tiles_newer_layout": JobFacts(
        title="Migrate a Flask App to FastAPI",
        description=(
            "Our internal reporting app runs on Flask 2 with SQLAlchemy. We want it on FastAPI "
            "with async database access, the same endpoints and tests that pass before and "
            "after.\n"
            "FastAPIFlaskPython"
        ),
        posted_at=NOW - timedelta(hours=2),
        budget_type="hourly",
        budget_min=Decimal(30),
        budget_max=Decimal(45),
        experience_level="expert",
        proposals_min=0,
        proposals_max=4,
        payment_verified=True,
        client_rating=Decimal("4.95"),
        client_reviews=23,
        client_country="Germany",
        client_total_spent=Decimal(48000),
        hours_per_week="to_be_determined",
    ),
    "search_tiles_older_layout": JobFacts(
        title="Write Technical Documentation for a Payments SDK",
        description=(
            "We ship a payments SDK for iOS and Android. The reference is generated; we need the "
            "getting-started guide and three how-to pages written by someone who reads Kotlin "
            "and Swift.\n"
            "Technical WritingAPI Documentation"
        ),
        posted_at=NOW - timedelta(days=3),
        budget_type="fixed",
        budget_min=Decimal("400.00"),
        budget_max=Decimal("400.00"),
        experience_level="entry",
        proposals_min=20,
        proposals_max=50,
        payment_verified=True,
        client_rating=Decimal("5.00"),
        client_reviews=7,
        client_country="Australia",
        client_total_spent=Decimal(3000),
    ),
}
TILE_LINKS = {
    "feed_tiles_newer_layout": link("022011769079198769728"),
    "feed_tiles_older_layout": link("022011765304325169728"),
    "search_tiles_newer_layout": link("022011740138501169728"),
    "search_tiles_older_layout": link("022010683173893169728"),
}


class TestTiles:
    """Feed and search tiles, posting time and proposals band before the title or after it."""

    @pytest.mark.parametrize("name", sorted(TILES))
    def test_the_select_all_copy_of_a_tile_reads_every_fact_of_the_first_tile(
        self, name: str
    ) -> None:
        facts = read(f"{name}.txt")
        assert facts == TILES[name]
        assert facts.is_rounded("posted_at") and facts.is_rounded("client_total_spent")

    @pytest.mark.parametrize("name", sorted(TILES))
    def test_the_tiles_html_reads_what_its_copy_reads_and_the_exact_time_of_its_link(
        self, name: str
    ) -> None:
        facts = read(f"{name}.html")
        assert facts == dataclasses.replace(TILES[name], job_url=TILE_LINKS[name])
        assert facts.sources["posted_at"] == "link" and facts.is_exact("posted_at")

    def test_a_bullet_between_the_posting_time_and_the_band_is_never_the_title(self) -> None:
        text = "Posted 5 minutes ago\n\u2022\nProposals: 10 to 15\nA Real Title\nSave job A Real"
        assert parse_job_text(text, NOW).title == "A Real Title"

    def test_posted_bullet_time_on_one_line_reads_the_time_and_the_band(self) -> None:
        text = "Posted \u2022 2 hours ago Proposals: Less than 5\nA Real Title\nJob Feedback"
        facts = parse_job_text(text, NOW)
        assert (facts.title, facts.posted_at) == ("A Real Title", NOW - timedelta(hours=2))
        assert (facts.proposals_min, facts.proposals_max) == (0, 4)


class TestRssItem:
    """Upwork's legacy RSS item, its description HTML-escaped inside the XML."""

    def test_it_reads_the_labelled_fields_and_dates_the_job_by_its_link(self) -> None:
        facts = read("rss_item.xml")
        assert facts == JobFacts(
            title="Build a Django Admin Dashboard for Inventory",
            description=(
                "We sell spare parts for e-bikes and keep the stock in a Django app. We need an "
                "admin dashboard: stock per warehouse, parts below their reorder level, and a "
                "CSV export.\nPlease say which Django admin theme you would use."
            ),
            posted_at=datetime(2026, 1, 14, 18, 32, tzinfo=UTC),
            budget_type="fixed",
            budget_min=Decimal(500),
            budget_max=Decimal(500),
            client_country="Netherlands",
            job_url=link("022011506599654449728"),
        )
        assert facts.sources["posted_at"] == "link" and facts.sources["budget_min"] == "text"

    def test_an_hourly_item_gives_its_range_and_its_posting_time(self) -> None:
        item = (
            "<item><title>Fix a Celery Beat Schedule - Upwork</title><description>Beat runs "
            "twice.&lt;br /&gt;&lt;b&gt;Hourly Range&lt;/b&gt;: $25.00-$40.00\n&lt;br /&gt;"
            "&lt;b&gt;Posted On&lt;/b&gt;: January 15, 2026 09:05 UTC&lt;br /&gt;&lt;b&gt;"
            "Country&lt;/b&gt;: {{ country }}</description></item>"
        )
        assert parse_job_text(item, NOW) == JobFacts(
            title="Fix a Celery Beat Schedule",
            description="Beat runs twice.",
            posted_at=datetime(2026, 1, 15, 9, 5, tzinfo=UTC),
            budget_type="hourly",
            budget_min=Decimal("25.00"),
            budget_max=Decimal("40.00"),
        )

    def test_an_item_without_its_end_gives_nothing_and_does_not_raise(self) -> None:
        assert parse_job_text("<item><title>Half" + "<item>" * 5000, NOW).title is None
