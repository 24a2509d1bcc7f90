"""One fixture per way a page reaches Bidbook, each read into JobFacts with every fact asserted.

The fixtures are written for Bidbook as variations of the real samples in shared/samples/upwork
(tests/fixtures/jobs/README.md); each `.txt` beside an `.html` is that markup's innerText as
Debian's Chromium gives it. A JobFacts is compared whole with ``==``: a fact that is not named
must be None, so a misread anywhere fails.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from vetting.facts import JobFacts
from vetting.parsing import parse_job_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jobs"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read(name: str) -> JobFacts:
    return parse_job_text(fixture(name), NOW)


class TestApplyPage:
    """"Submit a proposal": the cost, the user's balance, the boost table and the user's bid."""

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
