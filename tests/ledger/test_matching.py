"""One proposal, two sources: Upwork's history and a CSV logged by hand, in either order."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from accounts.models import User
from ledger.importers.applications_import import applications_csv_import
from ledger.importers.history_import import history_import
from ledger.matching import (
    TITLE_MATCH_MIN,
    _ratio_window,
    best_index,
    first_index,
    pair_off,
    title_norm,
    title_score,
    titles_match,
)
from ledger.models import Application
from ledger.selectors import balance_of

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "history"
SAVED = datetime(2026, 1, 12, 18, 30, tzinfo=UTC)
TODAY = date(2026, 1, 20)
# Three of the page's nine proposals, as a freelancer typed them: no links, punctuation changed,
# one title cut short.
CSV = "\n".join(
    [
        "submitted_at,job_title,job_url,connects,boost_connects,outcome,outcome_at,"
        "contract_value_usd",
        "2026-01-12,Full Stack Development Team - AI based Platform,,20,0,,,",
        "2026-01-12,Senior Full Stack Developer,,10,0,,,",
        "2026-01-12,mobile app MVP (iOS) location-aware prayer feasibility and routing (UK),,"
        "10,0,,,",
        "",
    ]
)


def _page() -> str:
    return (FIXTURES / "connects_history_sample.txt").read_text(encoding="utf-8")


class TestTitles:
    def test_the_threshold_is_pinned(self) -> None:
        assert TITLE_MATCH_MIN == 90.0

    def test_punctuation_case_and_an_ellipsis_do_not_matter(self) -> None:
        typed = "full stack team ai platform"
        assert title_score("Full-Stack Team \u2013 AI platform…", typed) == 100

    def test_a_title_cut_short_matches_the_whole(self) -> None:
        assert titles_match(
            "Full-Stack Development Team \u2013 AI-based Platform (Web, iOS, Android",
            "Full-Stack Development Team \u2013 AI-based Platform (Web, iOS, Android, Listings)",
        )

    def test_a_typo_matches_and_another_job_does_not(self) -> None:
        assert title_score("Shopify theme fixes", "Shopify theme fixs") == pytest.approx(
            97.14, 0.01
        )
        assert title_score("Senior Full Stack Developer", "Senior Front End Developer") < 90
        assert not titles_match("Logo design", "Logo redesign for a bakery")

    def test_a_short_start_is_not_enough(self) -> None:
        assert not titles_match("Senior", "Senior Full Stack Developer")


CANDIDATES = [
    "Senior Front End Developer",
    "",
    "Shopify theme fixs",
    "Full-Stack Development Team \u2013 AI-based Platform (Web, iOS, Android, Listings)",
    "Shopify theme fixes",
    "Full-Stack Development Team \u2013 AI-based Platform (Web, iOS, Android",
]


class TestMatchingAListAtOnce:
    """best_index / first_index score a whole list in rapidfuzz: the figures of title_score."""

    @pytest.mark.parametrize(
        "title",
        [
            "Shopify theme fixes",
            "shopify theme fix",
            "Full-Stack Development Team - AI based Platform",
            "Full Stack Development Team AI based Platform (Web, iOS, Android, Listings, More)",
            "Senior Full Stack Developer",
            "Logo design",
            "",
        ],
    )
    def test_it_picks_what_the_pairwise_scores_pick(self, title: str) -> None:
        scores = [title_score(title, c) for c in CANDIDATES]
        passing = [i for i, s in enumerate(scores) if s >= TITLE_MATCH_MIN]
        top = max((scores[i] for i in passing), default=None)
        norms = [title_norm(c) for c in CANDIDATES]
        assert best_index(title, norms) == next((i for i in passing if scores[i] == top), None)
        assert first_index(title, norms) == (passing[0] if passing else None)

    def test_the_best_of_equals_is_the_first_and_a_cut_title_scores_100(self) -> None:
        norms = [title_norm(c) for c in CANDIDATES]
        # Index 3 (whole) and 5 (cut short) both score 100 against the cut title: the first wins.
        assert best_index(CANDIDATES[5], norms) == 3
        assert best_index("Shopify theme fixes", norms) == 4  # 100 beats the typo's 97
        assert first_index("Shopify theme fixes", norms) == 2


DAY_CANDIDATES = [
    "Senior Front End Developer",
    "Shopify theme fixs",
    "Full-Stack Development Team \u2013 AI-based Platform (Web, iOS, Android, Listings)",
    "Shopify Theme Fixes!",
    "Logo redesign for a bakery",
]
DAY_ROWS = [
    "Shopify theme fixes",
    "shopify theme fixes",
    "Shopify theme fixes",
    "Full Stack Development Team AI based Platform...",
    "Logo design",
    "",
]


def _pool_of_first_index(
    rows: list[str], candidates: list[str], rows_keyed: list[bool], candidates_keyed: list[bool]
) -> list[int | None]:
    """What the import did before pair_off: first_index row after row, a match taken out."""
    left = list(range(len(candidates)))
    out: list[int | None] = []
    for row, keyed in zip(rows, rows_keyed, strict=True):
        norms = ["" if keyed and candidates_keyed[i] else title_norm(candidates[i]) for i in left]
        index = first_index(row, norms)
        out.append(None if index is None else left.pop(index))
    return out


class TestPairingADay:
    """pair_off: a day's rows against its candidates at once, each candidate taken once."""

    def test_each_row_takes_the_first_candidate_no_earlier_row_took(self) -> None:
        paired = pair_off(
            [title_norm(t) for t in DAY_ROWS], [title_norm(t) for t in DAY_CANDIDATES]
        )
        # The typo (97) comes first; the second identical row takes the exact title; the third
        # finds nothing left; the title cut short takes the whole one; "Logo design" is not
        # "Logo redesign for a bakery"; a blank title matches nothing.
        assert paired == [1, 3, None, 2, None, None]

    def test_a_row_and_a_candidate_both_keyed_are_never_paired(self) -> None:
        paired = pair_off(
            [title_norm(t) for t in DAY_ROWS],
            [title_norm(t) for t in DAY_CANDIDATES],
            rows_keyed=[True, False, False, False, False, False],
            candidates_keyed=[False, True, False, False, False],
        )
        assert paired == [3, 1, None, 2, None, None]

    def test_the_length_window_holds_every_length_that_can_reach_the_threshold(self) -> None:
        # "a" * n against "a" * m is the best ratio two titles of those lengths can have.
        for length in range(1, 301):
            low, high = _ratio_window(length)
            reach = [m for m in range(1, 401) if fuzz.ratio("a" * length, "a" * m) >= 90]
            assert low <= min(reach) and max(reach) <= high, length

    def test_no_rows_or_no_candidates_pair_nothing(self) -> None:
        assert pair_off([], ["logo design"]) == []
        assert pair_off(["logo design", "logo design"], []) == [None, None]

    def test_it_answers_what_first_index_row_after_row_answers(self) -> None:
        # Titles cut short at every length, punctuation and case changed, a letter dropped,
        # blanks, other jobs; links on some of either side.
        rng = random.Random(19)
        base = [*CANDIDATES, *DAY_ROWS, "React Native Mobile App Developer", "Job 7"]

        def vary(title: str) -> str:
            r = rng.random()
            if r < 0.3 or not title:
                return title
            if r < 0.55:
                return title[: rng.randint(1, len(title))] + rng.choice(["", "...", "\u2026"])
            if r < 0.75:
                return title.replace("-", " ").replace(",", " ;").upper()
            at = rng.randrange(len(title))
            return title[:at] + title[at + 1 :]

        paired_rows = 0
        for _ in range(400):
            candidates = [vary(rng.choice(base)) for _ in range(rng.randint(0, 10))]
            rows = [vary(rng.choice(base + candidates)) for _ in range(rng.randint(0, 12))]
            rows_keyed = [rng.random() < 0.3 for _ in rows]
            candidates_keyed = [rng.random() < 0.3 for _ in candidates]
            expected = _pool_of_first_index(rows, candidates, rows_keyed, candidates_keyed)
            assert (
                pair_off(
                    [title_norm(t) for t in rows],
                    [title_norm(t) for t in candidates],
                    rows_keyed=rows_keyed,
                    candidates_keyed=candidates_keyed,
                )
                == expected
            ), (rows, candidates, rows_keyed, candidates_keyed)
            paired_rows += sum(index is not None for index in expected)
        assert paired_rows > 300  # the check above compared real matches, not only misses

    @pytest.mark.parametrize(
        ("title", "norm"),
        [
            ("Full-Stack Team \u2013 AI platform\u2026", "full stack team ai platform"),
            ("  Logo   design...  ", "logo design"),
            ("a...b", "a b"),
            ("snake_case & C++", "snake_case c"),
            ("", ""),
        ],
    )
    def test_a_title_is_normalised_to_its_words(self, title: str, norm: str) -> None:
        assert title_norm(title) == norm


class TestBothOrders:
    def test_csv_then_history_counts_each_proposal_once(self, alice: User) -> None:
        applications_csv_import(owner=alice, data=CSV, today=TODAY)
        assert balance_of(alice) == -40
        summary = history_import(owner=alice, text=_page(), saved_at=SAVED)
        assert summary["matched_to_applications"] == 3
        assert summary["new_applications"] == 6
        assert Application.objects.filter(owner=alice).count() == 9
        assert balance_of(alice) == -56

    def test_history_then_csv_counts_each_proposal_once(self, alice: User) -> None:
        history_import(owner=alice, text=_page(), saved_at=SAVED)
        assert balance_of(alice) == -56
        result = applications_csv_import(owner=alice, data=CSV, today=TODAY)
        assert (len(result.added), len(result.skipped)) == (0, 3)
        assert Application.objects.filter(owner=alice).count() == 9
        assert balance_of(alice) == -56

    def test_the_same_title_on_another_day_is_another_proposal(self, alice: User) -> None:
        history_import(owner=alice, text=_page(), saved_at=SAVED)
        later = CSV.replace("2026-01-12,Senior", "2026-01-15,Senior")
        result = applications_csv_import(owner=alice, data=later, today=TODAY)
        assert [a.job_title for a in result.added] == ["Senior Full Stack Developer"]
        assert balance_of(alice) == -66
