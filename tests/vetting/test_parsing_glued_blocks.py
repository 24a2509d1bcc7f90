"""The glued-text property: a page's text and the same text with its line breaks removed give
the same facts, for every kind of text that reaches Bidbook.

Three glues, as tools produce them: every break removed (``element.textContent`` of blocks with
nothing between), every break a space (a tool joining blocks with " "), and a Hypothesis mix of
nothing, spaces and tabs per break with now and then a break kept (indentation kept by a
formatter, a tool that keeps some breaks). The fourth,
textContent proper, keeps the line breaks inside the client's own text: the description's lines
stay, every other break goes. Kinds: the select-all text fixtures (job page, side panel, apply
and proposal pages, tiles of both layouts, partial pastes), the text of the saved pages and
tile HTML (as the HTML reader gives it), and the RSS item. Descriptions are compared on their
first words: their paragraphs cannot come back once glued. Not covered: a 2016 page glued
(its Title-Case labels are not among the re-lay's; test_parsing_2016 reads it lined).
"""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from vetting.facts import JobFacts
from vetting.parsing import parse_job_text, parse_page
from vetting.upwork.html import html_to_text
from vetting.upwork.tokens import MAX_RELINED_CHARS, looks_glued, looks_indented, relined

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jobs"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)

TEXT_KINDS = {
    "select-all job page": "job_page_fixed_intermediate.txt",
    "select-all job page, new client": "job_page_new_client_unverified.txt",
    "side panel": "side_panel_hourly_expert.txt",
    "side panel over the feed": "side_panel_over_feed.txt",
    "apply page": "apply_page_fixed_boost.txt",
    "proposal page": "proposal_page_hourly.txt",
    "feed tile": "feed_tile_hourly.txt",
    "feed tiles, newer layout": "feed_tiles_newer_layout.txt",
    "feed tiles, older layout": "feed_tiles_older_layout.txt",
    "feed page, oldest layout": "feed_page_older_layout.txt",
    "search tiles, newer layout": "search_tiles_newer_layout.txt",
    "search tiles, older layout": "search_tiles_older_layout.txt",
    "activity and client paste": "activity_and_client_paste.txt",
    "partial client paste": "partial_client_paste.txt",
    "stored textContent of the job page": "job_page_textcontent.txt",
    "stored textContent of the side panel": "side_panel_textcontent.txt",
}
HTML_KINDS = {
    "saved job page's text": "job_page_fixed_intermediate.html",
    "saved page with state, its text": "job_page_saved_with_state.html",
    "saved page, dark theme, agency banner, its text": "job_page_saved_dark_with_state.html",
    "re-indented outerHTML's text": "job_page_reindented_outerhtml.html",
    "re-indented side panel's text": "side_panel_reindented_outerhtml.html",
    "feed tiles HTML's text, newer layout": "feed_tiles_newer_layout.html",
    "feed tiles HTML's text, older layout": "feed_tiles_older_layout.html",
    "search tiles HTML's text, newer layout": "search_tiles_newer_layout.html",
    "search tiles HTML's text, older layout": "search_tiles_older_layout.html",
    "Best matches feed's text": "best_matches_feed.html",
    "logged-out search page's text": "search_logged_out.html",
    "logged-in search page's text": "search_logged_in.html",
}


def _texts() -> dict[str, str]:
    texts = {
        kind: (FIXTURES / name).read_text(encoding="utf-8") for kind, name in TEXT_KINDS.items()
    }
    for kind, name in HTML_KINDS.items():
        texts[kind] = html_to_text((FIXTURES / name).read_text(encoding="utf-8"))
    texts["RSS item"] = (FIXTURES / "rss_item.xml").read_text(encoding="utf-8")
    return texts


TEXTS = _texts()
KINDS = sorted(TEXTS)


def facts_of(text: str) -> JobFacts:
    return parse_job_text(text, NOW)


def comparable(facts: JobFacts) -> dict[str, object]:
    values = dataclasses.replace(facts, description=None, sources={}).to_json()
    values.pop("sources", None)
    return values


def first_words(description: str | None) -> str:
    return "".join((description or "").split())[:40]


def assert_same_facts(kind: str, glued: str) -> None:
    lined, relaid = facts_of(TEXTS[kind]), facts_of(glued)
    assert comparable(relaid) == comparable(lined)
    assert first_words(relaid.description) == first_words(lined.description)


def test_every_kind_reads_facts_from_its_lined_text() -> None:
    # The property compares like with like: each kind gives facts when lined.
    for kind in KINDS:
        facts = facts_of(TEXTS[kind])
        assert facts.title or facts.client_total_spent is not None, kind


@pytest.mark.parametrize("kind", KINDS)
def test_every_line_break_removed_gives_the_same_facts(kind: str) -> None:
    assert_same_facts(kind, TEXTS[kind].replace("\n", ""))


@pytest.mark.parametrize("kind", KINDS)
def test_every_line_break_a_space_gives_the_same_facts(kind: str) -> None:
    assert_same_facts(kind, TEXTS[kind].replace("\n", " "))


@pytest.mark.parametrize("kind", KINDS)
def test_textcontent_keeping_the_descriptions_own_line_breaks_gives_the_same_facts(
    kind: str,
) -> None:
    text = TEXTS[kind]
    description = facts_of(text).description
    if not description or "\n" not in description or description not in text:
        pytest.skip("no multi-line description in this kind")
    head, _, tail = text.partition(description)
    glued = head.replace("\n", "") + description + tail.replace("\n", "")
    if not looks_glued(glued):
        pytest.skip("the description's own lines are too many for the text to count as glued")
    assert_same_facts(kind, glued)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(kind=st.sampled_from(KINDS), data=st.data())
def test_any_mix_of_nothing_spaces_tabs_and_a_rare_break_between_blocks_gives_the_same_facts(
    kind: str, data: st.DataObject
) -> None:
    lines = TEXTS[kind].split("\n")
    # Now and then a break survives ("almost no line breaks"): one in 25 on average.
    glue = st.integers(0, 24).map(lambda n: "\n" if n == 0 else ("", " ", "  ", "\t")[n % 4])
    glues = data.draw(st.lists(glue, min_size=len(lines) - 1, max_size=len(lines) - 1))
    glued = lines[0] + "".join(glue + line for glue, line in zip(glues, lines[1:], strict=True))
    assume(looks_glued(glued) or looks_indented(glued))
    assert_same_facts(kind, glued)


def text_content(html: str) -> str:
    """``document.body.textContent``: every text node, nothing between them, CSS ignored."""
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "svg", "template", "head"])
    assert tree.body is not None
    return tree.body.text(deep=True, separator="", strip=False)


# textContent ignores CSS, so it holds what the page hides: the re-indented side panel's hidden
# traps ("Proposals: 50+", "Hires: 9") are in it, rightly read, and a glued 2016 page is not
# covered.
TEXT_CONTENT_KINDS = sorted(
    kind
    for kind, name in HTML_KINDS.items()
    if name not in ("side_panel_reindented_outerhtml.html",)
)


@pytest.mark.parametrize("kind", TEXT_CONTENT_KINDS)
def test_the_real_text_content_of_the_markup_gives_the_facts_of_its_text(kind: str) -> None:
    # Minified saved pages give one long line; indented markup gives the source's breaks and
    # indentation, which say nothing about the blocks: both are re-laid.
    html = (FIXTURES / HTML_KINDS[kind]).read_text(encoding="utf-8")
    content = text_content(html)
    assert looks_glued(content) or looks_indented(content)
    assert_same_facts(kind, content)


@pytest.mark.parametrize("glue", ["\n", "", " "])
def test_double_braces_in_a_modern_description_are_kept_lined_or_glued(glue: str) -> None:
    # "{{ ... }}" is an unfilled template only on the Angular 2016 page: on today's page it is
    # the client's own words (a Shopify Liquid job), and the other facts are unchanged.
    liquid = "Fix {{ product.price | money }} in our Shopify Liquid theme."
    lined = TEXTS["select-all job page"]
    text = lined.replace("Summary\n", f"Summary\n{liquid} ", 1).replace("\n", glue)
    facts = facts_of(text)
    assert (facts.description or "").startswith(liquid)
    assert comparable(facts) == comparable(facts_of(lined))


# The words the label passes act on, as a client writes them in a description. Not the
# features' own lines ("Less than 30 hrs/week", "Experience Level"), which end the description.
_LABEL_WORDS = (
    "Hourly", "Hourly Rate is negotiable.", "Expert", "Intermediate", "Entry level",
    "Fixed-price", "Fixed price", "$500", "$30.00 - $60.00", "$1.9K", "Proposals:", "Location",
    "Posted", "2 hours ago", "Payment verified", "Hires:", "Rating is 4.2 out of 5.", "5 to 10",
    "Summary", "Apply now", "We need an", "Python developer", "spent", "14", "(193)", "ago",
    "Saudi Arabia", "Riyadh", "5:06 PM", ".", "?",
)  # fmt: skip
KINDS_WITH_SUMMARY = [kind for kind in KINDS if "\nSummary\n" in TEXTS[kind]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(KINDS_WITH_SUMMARY),
    words=st.lists(st.sampled_from(_LABEL_WORDS), min_size=1, max_size=12),
    glue=st.sampled_from(["", " "]),
)
def test_label_words_in_the_clients_description_change_no_fact_when_glued(
    kind: str, words: list[str], glue: str
) -> None:
    # "Hourly Rate is negotiable." or "We need an Expert Python developer" in the description
    # once made a budget type or a level of it: the passes now skip the description.
    lined = TEXTS[kind].replace("\nSummary\n", "\nSummary\n" + " ".join(words) + " ", 1)
    glued = lined.replace("\n", glue)
    assume(looks_glued(glued))
    original, relaid = facts_of(TEXTS[kind]), facts_of(glued)
    assert comparable(relaid) == comparable(original)
    assert first_words(relaid.description) == first_words(facts_of(lined).description)


def test_a_budget_type_and_a_level_in_the_description_do_not_flip_the_glued_page() -> None:
    lined = TEXTS["select-all job page"]
    for words in ("Hourly Rate is negotiable.", "We need an Expert Python developer."):
        glued = lined.replace("Summary\n", f"Summary\n{words} ", 1).replace("\n", "")
        facts = facts_of(glued)
        assert (facts.budget_type, facts.experience_level) == ("fixed", "intermediate")
        assert (facts.budget_min, facts.budget_max) == (Decimal(75), Decimal(75))
        assert (facts.description or "").startswith(words)


def test_a_select_all_copy_is_not_re_laid() -> None:
    text = TEXTS["select-all job page"]
    assert not looks_glued(text) and not looks_indented(text)
    assert relined(text) is text


def test_the_glued_job_page_reads_the_exact_figures_a_user_checks() -> None:
    facts = facts_of(TEXTS["select-all job page"].replace("\n", " "))
    assert facts.title == "n8n Workflow Developer for Risk Data Analysis"
    assert (facts.proposals_min, facts.proposals_max, facts.connects_required) == (5, 10, 14)
    assert (facts.client_rating, facts.client_reviews, facts.client_country) == (
        Decimal("4.21"),
        4,
        "Saudi Arabia",
    )
    assert (facts.client_total_spent, facts.client_hires, facts.client_active_hires) == (
        1900,
        5,
        1,
    )
    assert facts.available_connects == 31


# Hostile input: a megabyte of label-like text with nothing between its pieces.
_PIECES = (
    "Proposals:", "5 to 10", "Posted ", "2 hours ago", "Rating is 4.2 out of 5.", "$1.9K",
    "total spent", "Saudi Arabia", "Riyadh", "5:06 PM", "e.", " ", "\t", "Ab", "9",
    "4.21 of 4 reviews", "Fixed-price", "- Expert", "Hourly: ", "$", "more", "(193)", "Location",
    "Payment verified", "27% hire rate", "19 jobs posted", "This proposal requires 9 Connects",
    "Job details", "Web Development", "\n", "Summary", "Experience Level",
)  # fmt: skip


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.lists(st.sampled_from(_PIECES), min_size=50, max_size=200))
def test_a_megabyte_of_glued_label_like_text_is_re_laid_up_to_the_cap_and_parsed(
    seed: list[str],
) -> None:
    unit = "".join(seed)
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    out = relined(text)
    # Work is bounded: past the cap the text is passed on as it is.
    assert out.endswith(text[MAX_RELINED_CHARS:])
    assert len(out) <= 2 * MAX_RELINED_CHARS + len(text)
    started = time.perf_counter()
    parse_page(text)
    # Generous: measured 0.2-0.4 s on the development machine; a quadratic pass takes minutes.
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "text",
    [" " * 1_000_000, "a" + " " * 999_998 + "X", " - " * 333_333, "$9" * 500_000, "aB1" * 333_333],
)
def test_runs_that_a_whitespace_eating_pass_could_rescan_stay_linear(text: str) -> None:
    started = time.perf_counter()
    relined(text)
    assert time.perf_counter() - started < 5  # generous; a rescan per character takes minutes


def test_indented_lines_before_a_value_are_not_rescanned_from_every_break() -> None:
    text = ("\n" + "\t" * 150) * 1300 + "x" * 2000
    started = time.perf_counter()
    out = relined(text)
    # Generous: a value's whitespace crossing the breaks took 5.6 s here.
    assert time.perf_counter() - started < 1
    assert out == text
    # The value on its own line still comes apart from the sentence glued after it.
    glued = "x" * 200 + "\n\t14This is the number of proposals" + "y" * 200
    assert "\n\t14\nThis is the number" in relined(glued)


@pytest.mark.parametrize(
    "text",
    [
        "Job details" + " " * 500 + "x",
        "Job details" + " " * 1_000_000 + "x",
        ("Job details\n" + " " * 300 + "x" * 100 + "Web Development ") * 2_000,
    ],
)
def test_a_run_of_spaces_after_job_details_is_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    facts = parse_page(text)
    # Generous: the lazy title between two runs of whitespace took 7.2 s on the first input.
    assert time.perf_counter() - started < 1
    assert facts.title is None or "Job details" not in facts.title


def test_the_glued_title_line_splits_at_the_longest_category_name_it_ends_with() -> None:
    text = relined(
        "Job details" + " " * 3 + "Tune our Postgres Data Mining & Management" + " " * 2 + "Posted "
        "2 hours ago" + "x" * 200
    )
    assert "Job details\n   Tune our Postgres\nData Mining & Management\nPosted 2" in text
    # A category name alone on its line is not a title glued to it.
    assert "Job details\n Web Development\nPosted" in relined(
        "Job details Web Development Posted 2 hours ago" + "x" * 200
    )


def test_the_apply_pages_title_comes_apart_from_its_category_when_glued() -> None:
    for glue in ("", " "):
        apply_page = facts_of(TEXTS["apply page"].replace("\n", glue))
        proposal_page = facts_of(TEXTS["proposal page"].replace("\n", glue))
        assert apply_page.title == "Migrate a WordPress Blog to Ghost"
        assert proposal_page.title == "Senior Django Developer for a Booking Platform"


def test_a_glued_oldest_feed_tile_and_search_tile_keep_their_title_and_exact_reviews() -> None:
    oldest = facts_of(TEXTS["feed page, oldest layout"].replace("\n", ""))
    assert oldest.title == "Build a Landing Page in Webflow"
    assert (oldest.budget_min, oldest.proposals_max) == (Decimal(500), 4)
    search = facts_of(TEXTS["logged-in search page's text"].replace("\n", ""))
    assert (search.client_rating, search.client_reviews) == (Decimal("5.00"), 1)
