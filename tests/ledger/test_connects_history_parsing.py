"""The Connects History parser: a real saved page, its text, and everything a user may paste."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.importers.connects_history import (
    ACTION_KINDS,
    UNKNOWN_ACTION_KIND,
    HistoryPage,
    HistoryRow,
    count_keys,
    history_row_key,
    kind_of,
    normalise_job_url,
    parse_connects_history,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "history"
# The sample was saved on 12 January 2026: its "Today" rows come right after "January 11".
SAMPLE_NOW = datetime(2026, 1, 12, 18, 30)
OVERLAP_NOW = datetime(2026, 1, 14, 9, 0)
JOB = "https://www.upwork.com/jobs/"


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def html_page() -> HistoryPage:
    return parse_connects_history(read_fixture("connects_history_sample.html"), SAMPLE_NOW)


@pytest.fixture(scope="module")
def text_page() -> HistoryPage:
    return parse_connects_history(read_fixture("connects_history_sample.txt"), SAMPLE_NOW)


def page_of(*lines: str, now: datetime = SAMPLE_NOW) -> HistoryPage:
    return parse_connects_history("\n".join(lines), now)


class TestTheRealSavedPage:
    def test_it_reads_all_18_movements_once_although_the_page_shows_each_twice(
        self, html_page: HistoryPage
    ) -> None:
        assert len(html_page.rows) == 18
        assert html_page.unparsed == ()

    def test_it_counts_each_kind_exactly(self, html_page: HistoryPage) -> None:
        assert Counter(row.kind for row in html_page.rows) == {
            "proposal": 9,
            "availability_badge": 4,
            "refund": 2,
            "boost_returned": 1,
            "boost": 1,
            "adjustment": 1,
        }

    def test_the_connects_add_up_to_minus_56(self, html_page: HistoryPage) -> None:
        spent = [-20, -10, -10, -10, -10, -20, -1, -2, -2, -10, -1, -20, -21, -13]
        added = [21, 25, 28, 20]
        assert sum(row.connects for row in html_page.rows) == sum(spent) + sum(added) == -56
        assert sorted(r.connects for r in html_page.rows if r.connects > 0) == sorted(added)

    def test_it_reads_the_balance_header(self, html_page: HistoryPage) -> None:
        assert html_page.balance == 451

    def test_fourteen_rows_carry_a_normalised_job_link(self, html_page: HistoryPage) -> None:
        linked = [row for row in html_page.rows if row.job_url]
        assert len(linked) == 14
        assert all(row.job_url.startswith(JOB + "~0") for row in linked)  # type: ignore[union-attr]
        assert not any(row.job_url.endswith("/") for row in linked)  # type: ignore[union-attr]
        assert {r.kind for r in html_page.rows if not r.job_url} == {"availability_badge"}

    def test_the_window_is_the_last_7_days_and_more_rows_were_not_loaded(
        self, html_page: HistoryPage
    ) -> None:
        assert html_page.period_start == date(2026, 1, 5)
        assert html_page.period_end == date(2026, 1, 12)
        assert html_page.has_more is True

    def test_the_first_and_last_rows_are_read_exactly(self, html_page: HistoryPage) -> None:
        assert html_page.rows[0] == HistoryRow(
            date=date(2026, 1, 12),
            action="Applied to job",
            kind="proposal",
            job_title=(
                "Full-Stack Development Team \u2013 AI-based Platform "
                "(Web, iOS, Android, Listings &Bidding, admin panel)"
            ),
            job_url=JOB + "~022010041812770723469",
            connects=-20,
        )
        assert html_page.rows[-1] == HistoryRow(
            date=date(2026, 1, 9),
            action="Connects bid for boosted proposal.",
            kind="boost",
            job_title=(
                "Freelance AI Automation Engineer Needed: AI Voice Receptionist "
                "+ Microsoft Dynamics 365 Integration"
            ),
            job_url=JOB + "~022009599179631743695",
            connects=-13,
        )

    def test_rows_keep_the_page_order_newest_first(self, html_page: HistoryPage) -> None:
        dates = [row.date for row in html_page.rows]
        assert dates == sorted(dates, reverse=True)
        assert Counter(dates) == {
            date(2026, 1, 12): 7,
            date(2026, 1, 11): 2,
            date(2026, 1, 10): 4,
            date(2026, 1, 9): 5,
        }

    def test_the_freelancers_name_is_never_taken_for_a_title(
        self, html_page: HistoryPage, text_page: HistoryPage
    ) -> None:
        for page in (html_page, text_page):
            assert all(row.job_title != "Sam Freelancer" for row in page.rows)
            assert all("Sam Freelancer" not in (row.job_title or "") for row in page.rows)

    def test_a_boost_returned_keeps_its_job(self, html_page: HistoryPage) -> None:
        (returned,) = [r for r in html_page.rows if r.kind == "boost_returned"]
        assert returned.connects == 28
        assert returned.job_url == JOB + "~022008902355322978125"
        assert returned.action == "You bid to boost a proposal, but the job was closed"


class TestTheExtractedTextOfThatPage:
    def test_it_gives_the_same_keys_as_the_saved_html(
        self, html_page: HistoryPage, text_page: HistoryPage
    ) -> None:
        assert count_keys(text_page.rows) == count_keys(html_page.rows)
        assert sum(count_keys(text_page.rows).values()) == 18

    def test_it_gives_the_same_rows_except_the_links_a_copy_cannot_have(
        self, html_page: HistoryPage, text_page: HistoryPage
    ) -> None:
        without_links = [
            HistoryRow(r.date, r.action, r.kind, r.job_title, None, r.connects)
            for r in html_page.rows
        ]
        assert list(text_page.rows) == without_links

    def test_it_reads_the_same_header_window_and_nothing_unparsed(
        self, text_page: HistoryPage
    ) -> None:
        assert text_page.balance == 451
        assert text_page.unparsed == ()
        assert (text_page.period_start, text_page.period_end, text_page.has_more) == (
            date(2026, 1, 5),
            date(2026, 1, 12),
            True,
        )


class TestAPageCopiedTwoDaysLater:
    def test_only_the_two_new_rows_are_new(self, html_page: HistoryPage) -> None:
        later = parse_connects_history(read_fixture("connects_history_overlap.txt"), OVERLAP_NOW)
        new = count_keys(later.rows) - count_keys(html_page.rows)
        assert sorted(new.elements()) == [
            (date(2026, 1, 13), "monthly_grant", "monthly connects renewal", "", 100),
            (
                date(2026, 1, 14),
                "proposal",
                "applied to job",
                "shopify store speed optimisation",
                -16,
            ),
        ]
        shared = count_keys(later.rows) & count_keys(html_page.rows)
        assert sum(shared.values()) == 13

    def test_it_reads_a_chrome_style_copy_with_tabs_between_cells(self) -> None:
        later = parse_connects_history(read_fixture("connects_history_overlap.txt"), OVERLAP_NOW)
        assert len(later.rows) == 15
        assert later.unparsed == ()
        assert later.balance == 535
        assert later.rows[0].job_title == "Shopify Store Speed Optimisation"
        assert later.rows[1].job_title is None
        new, jan_12, jan_11, jan_10 = (
            [-16, 100],
            [-20, -10, -10, -10, -10, -20, -1],
            [-2, 21],
            [
                -2,
                25,
                28,
                20,
            ],
        )
        assert sum(row.connects for row in later.rows) == sum(new + jan_12 + jan_11 + jan_10) == 93


class TestDates:
    @pytest.mark.parametrize(
        ("written", "expected"),
        [
            ("Today", date(2026, 1, 12)),
            ("today", date(2026, 1, 12)),
            ("Yesterday", date(2026, 1, 11)),
            ("January 11, 2026", date(2026, 1, 11)),
            ("Jan 11, 2026", date(2026, 1, 11)),
            ("Sept 30, 2025", date(2025, 9, 30)),
            ("Dec. 3, 2025", date(2025, 12, 3)),
            ("11 January 2026", date(2026, 1, 11)),
            ("2026-01-11", date(2026, 1, 11)),
            ("Jan 11", date(2026, 1, 11)),
        ],
    )
    def test_it_reads_each_way_of_writing_the_date(self, written: str, expected: date) -> None:
        page = page_of(written, "Availability Badge", "—", "-1", "Spent 1 Connect")
        assert [row.date for row in page.rows] == [expected]

    def test_today_and_yesterday_follow_now(self) -> None:
        page = page_of(
            "Today",
            "Availability Badge",
            "-1",
            "Yesterday",
            "Availability Badge",
            "-2",
            now=datetime(2026, 3, 1, 0, 5),
        )
        assert [row.date for row in page.rows] == [date(2026, 3, 1), date(2026, 2, 28)]

    def test_a_date_without_a_year_still_to_come_is_last_years(self) -> None:
        page = page_of("Dec 30", "Availability Badge", "-1", now=datetime(2026, 1, 2))
        assert page.rows[0].date == date(2025, 12, 30)

    def test_an_impossible_date_does_not_start_a_row(self) -> None:
        page = page_of("February 30, 2026", "Availability Badge", "-1")
        assert page.rows == ()
        assert page.unparsed == ("-1",)


class TestSigns:
    @pytest.mark.parametrize(
        ("figure", "sentence", "expected"),
        [
            ("-20", "Spent 20 Connects", -20),
            ("+21", "Added 21 Connects", 21),
            ("+2", "Refunded 2 Connects", 2),
            ("-1", "Spent 1 Connect", -1),
            ("\u221220", "Spent 20 Connects", -20),  # a minus sign, as some copies carry it
            ("20", "Spent 20 Connects", -20),  # no sign on the figure: the sentence says
            ("2", "Refunded 2 Connects", 2),
            ("+1,000", "Added 1,000 Connects", 1000),
        ],
    )
    def test_the_sign_is_right_for_every_way_the_page_writes_it(
        self, figure: str, sentence: str, expected: int
    ) -> None:
        page = page_of("Today", "Job cancelled", "Some job", figure, sentence)
        assert [row.connects for row in page.rows] == [expected]

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [("Spent 20 Connects", -20), ("Added 21 Connects", 21), ("Refunded 2 Connects", 2)],
    )
    def test_the_screen_reader_sentence_alone_is_enough(self, sentence: str, expected: int) -> None:
        page = page_of("Today", "Applied to job", "Some job", sentence)
        assert [row.connects for row in page.rows] == [expected]

    def test_the_figure_alone_is_enough(self) -> None:
        page = page_of("Today", "Applied to job", "Some job", "-14")
        assert [row.connects for row in page.rows] == [-14]

    def test_a_figure_and_a_sentence_that_disagree_are_reported_not_guessed(self) -> None:
        page = page_of("Today", "Applied to job", "Some job", "-20", "Added 20 Connects")
        assert page.rows == ()
        assert page.unparsed == ("Today | Applied to job | Some job | -20 | Added 20 Connects",)

    def test_an_unsigned_figure_without_a_sentence_is_reported(self) -> None:
        page = page_of("Today", "Applied to job", "Some job", "20 Connects")
        assert page.rows == ()
        assert page.unparsed == ("Today | Applied to job | Some job | 20 Connects",)


class TestTheActionMapping:
    @pytest.mark.parametrize(
        ("action", "kind"),
        [
            ("Applied to job", "proposal"),
            ("Connects bid for boosted proposal.", "boost"),
            ("You bid to boost a proposal, but the job was closed", "boost_returned"),
            ("Job cancelled", "refund"),
            ("Availability Badge", "availability_badge"),
            ("Monthly Connects renewal", "monthly_grant"),
            ("Added extra Connects", "purchase"),
            ("Purchased Connects", "purchase"),
            ("Connects awarded for interview", "award"),
            ("Refunded Connects for Connects Award", "adjustment"),
        ],
    )
    def test_each_known_action_has_its_kind(self, action: str, kind: str) -> None:
        assert kind_of(action) == kind

    @pytest.mark.parametrize(
        "written",
        [
            "applied to job",
            "APPLIED TO JOB",
            "Applied to job.",
            "  Applied   to job ",
            "Applied to job..",
        ],
    )
    def test_case_spacing_and_trailing_periods_do_not_matter(self, written: str) -> None:
        assert kind_of(written) == "proposal"

    def test_the_boost_action_matches_without_its_period(self) -> None:
        assert kind_of("Connects bid for boosted proposal") == "boost"

    def test_an_unknown_action_is_an_adjustment_that_keeps_its_wording(self) -> None:
        page = page_of("Today", "Connects expired", "-5", "Spent 5 Connects")
        assert page.rows[0].kind == UNKNOWN_ACTION_KIND == "adjustment"
        assert page.rows[0].action == "Connects expired"
        assert page.rows[0].connects == -5

    def test_the_mapping_matches_the_ledgers_entry_kinds(self) -> None:
        try:
            from ledger.models import EntryKind
        except Exception:  # run without Django settings (pytest -p no:django)
            pytest.skip("ledger.models needs Django settings")
        kinds = {choice.value for choice in EntryKind}
        assert set(ACTION_KINDS.values()) | {UNKNOWN_ACTION_KIND} <= kinds


TABLE_ROW = (
    '<tr><td>{date}</td><td><div><small>{action}</small><div><a href="{href}">'
    "<strong>{title}</strong></a></div></div></td><td><img alt=''> Sam Freelancer<div>—</div>"
    '</td><td><div aria-hidden="true">{figure}</div><span class="sr-only">{sentence}</span>'
    "</td></tr>"
)
COMPACT_ROW = (
    '<div><div class="date-sm">{date}</div><div><div><small>{action}</small><div>'
    '<a href="{href}"><strong>{title}</strong></a></div></div><div>'
    '<div aria-hidden="true">{figure} Connects</div><span class="sr-only">{sentence}</span>'
    "</div></div></div>"
)


def saved_page(rows: list[dict[str, str]], *, compact: bool = True, table: bool = True) -> str:
    parts = ['<html><body><h2 class="h5">My balance</h2><h2 class="h3">100 Connects</h2>']
    if table:
        parts.append("<table><thead><tr><th>Date</th><th>Action</th></tr></thead><tbody>")
        parts += [TABLE_ROW.format(**row) for row in rows]
        parts.append("</tbody></table>")
    if compact:
        parts.append('<div class="transactions-table-sm">')
        parts += [COMPACT_ROW.format(**row) for row in rows]
        parts.append("</div>")
    parts.append("</body></html>")
    return "".join(parts)


def a_row(**changes: str) -> dict[str, str]:
    row = {
        "date": "Today",
        "action": "Applied to job",
        "href": "/jobs/Logo-design_~01abc123/?referrer=search",
        "title": "Logo design",
        "figure": "-16",
        "sentence": "Spent 16 Connects",
    }
    return row | changes


class TestDuplicates:
    def test_two_identical_rows_on_one_day_are_two_movements_in_a_copy(self) -> None:
        badge = ["Today", "Availability Badge", "—", "-1", "Spent 1 Connect"]
        page = page_of(*badge, *badge)
        assert len(page.rows) == 2
        assert page.rows[0] == page.rows[1]
        assert count_keys(page.rows)[history_row_key(page.rows[0])] == 2

    def test_two_identical_rows_on_one_day_are_two_movements_in_a_saved_page(self) -> None:
        page = parse_connects_history(saved_page([a_row(), a_row()]), SAMPLE_NOW)
        assert len(page.rows) == 2
        assert page.rows[0] == page.rows[1]
        assert page.unparsed == ()

    def test_the_small_screen_list_is_counted_once(self) -> None:
        rows = [a_row(), a_row(date="Yesterday", figure="+16", sentence="Refunded 16 Connects")]
        page = parse_connects_history(saved_page(rows), SAMPLE_NOW)
        assert [row.connects for row in page.rows] == [-16, 16]

    def test_a_page_saved_with_only_the_small_screen_list_still_counts_its_rows(self) -> None:
        page = parse_connects_history(saved_page([a_row(), a_row()], table=False), SAMPLE_NOW)
        assert [row.connects for row in page.rows] == [-16, -16]
        assert page.rows[0].job_title == "Logo design"
        assert page.rows[0].job_url == JOB + "~01abc123"

    def test_a_small_screen_row_missing_from_the_table_is_reported_not_dropped(self) -> None:
        markup = saved_page([a_row()], compact=False) + saved_page(
            [a_row(figure="-17", sentence="Spent 17 Connects")], table=False
        )
        page = parse_connects_history(markup, SAMPLE_NOW)
        assert [row.connects for row in page.rows] == [-16]
        assert page.unparsed == (
            "Today | Applied to job | Logo design | -17 Connects | Spent 17 Connects "
            "(in the small-screen list, not in the table)",
        )

    def test_the_compact_list_of_the_extracted_text_is_counted_once(
        self, text_page: HistoryPage
    ) -> None:
        assert len(text_page.rows) == 18


class TestHtml:
    def test_scripts_styles_and_drawings_are_not_read(self) -> None:
        decoy = "Today\nApplied to job\nDecoy\n-99\nSpent 99 Connects"
        markup = (
            f"<html><head><script>var s = `<tr><td>{decoy}</td></tr>`;</script>"
            f"<style>.x:after{{content:'{decoy}'}}</style></head><body>"
            f"<noscript>{decoy}</noscript><svg><text>{decoy}</text></svg>"
            + saved_page([a_row()], compact=False)
            + "</body></html>"
        )
        page = parse_connects_history(markup, SAMPLE_NOW)
        assert [row.connects for row in page.rows] == [-16]
        assert page.unparsed == ()

    def test_entities_are_decoded_in_titles_and_links(self) -> None:
        row = a_row(title="Fish &amp; Chips &#8211; menu", href="/jobs/~01ff?a=1&amp;b=2")
        page = parse_connects_history(saved_page([row]), SAMPLE_NOW)
        assert page.rows[0].job_title == "Fish & Chips \u2013 menu"
        assert page.rows[0].job_url == JOB + "~01ff"

    def test_upper_case_tags_are_read_too(self) -> None:
        markup = (
            saved_page([a_row()], compact=False).replace("<td>", "<TD>").replace("<tr>", "<TR>")
        )
        page = parse_connects_history(markup, SAMPLE_NOW)
        assert [(row.job_title, row.connects) for row in page.rows] == [("Logo design", -16)]

    def test_a_page_without_a_freelancer_column_reads_the_title(self) -> None:
        markup = (
            "<table><tr><td>Today</td><td><small>Applied to job</small><div>"
            '<a href="https://www.upwork.com/jobs/~01aa"><strong>Logo</strong></a></div></td>'
            "<td>-16</td></tr></table>"
        )
        page = parse_connects_history(markup, SAMPLE_NOW)
        assert [(r.job_title, r.job_url) for r in page.rows] == [("Logo", JOB + "~01aa")]

    def test_text_that_only_mentions_a_tag_is_read_as_a_copy(self) -> None:
        page = page_of("Today", "Applied to job", "Fix <div> layout in <table>", "-6")
        assert [(row.job_title, row.connects) for row in page.rows] == [
            ("Fix <div> layout in <table>", -6)
        ]

    @pytest.mark.parametrize(
        ("href", "expected"),
        [
            ("https://www.upwork.com/jobs/~022010041812770723469/", JOB + "~022010041812770723469"),
            ("/jobs/~01abc/", JOB + "~01abc"),
            ("/jobs/Build-a-site_~01ABC/?referrer_url_path=x", JOB + "~01abc"),
            ("https://www.upwork.com/freelance-jobs/apply/Logo_~01abc/", JOB + "~01abc"),
            ("//www.upwork.com/jobs/~01abc", JOB + "~01abc"),
            (
                "https://www.upwork.com/nx/wm/contracts/123",
                "https://www.upwork.com/nx/wm/contracts/123",
            ),
            ("javascript:void(0)", None),
            ("", None),
            (None, None),
        ],
    )
    def test_job_links_are_normalised(self, href: str | None, expected: str | None) -> None:
        assert normalise_job_url(href) == expected


class TestTheHeader:
    def test_the_balance_may_share_its_line(self) -> None:
        assert page_of("My balance: 1,234 Connects").balance == 1234

    def test_the_balance_may_sit_on_the_next_line(self) -> None:
        assert page_of("My balance", "451 Connects").balance == 451

    def test_a_page_without_a_balance_says_none(self) -> None:
        page = page_of("Today", "Availability Badge", "-1")
        assert page.balance is None
        assert (page.period_start, page.period_end, page.has_more) == (None, None, False)

    def test_the_window_follows_the_date_filter(self) -> None:
        page = page_of("Date", "Last 30 days", "Today", "Availability Badge", "-1")
        assert (page.period_start, page.period_end) == (date(2025, 12, 13), date(2026, 1, 12))

    def test_an_open_date_filter_listing_every_window_says_nothing(self) -> None:
        page = page_of(
            "Last 7 days", "Last 30 days", "Last 90 days", "Today", "Job cancelled", "+2"
        )
        assert (page.period_start, page.period_end) == (None, None)


class TestWhatCannotBeRead:
    def test_a_row_without_its_amount_is_reported(self) -> None:
        page = page_of(
            "Today", "Applied to job", "Some job", "—", "Today", "Availability Badge", "-1"
        )
        assert [row.kind for row in page.rows] == ["availability_badge"]
        assert page.unparsed == ("Today | Applied to job | Some job | —",)

    def test_an_amount_without_a_row_is_reported(self) -> None:
        page = page_of("Connects History", "Spent 5 Connects", "+3")
        assert page.rows == ()
        assert page.unparsed == ("Spent 5 Connects", "+3")

    def test_a_date_and_an_amount_without_an_action_is_reported(self) -> None:
        page = page_of("Today", "-1", "Spent 1 Connect")
        assert page.rows == ()
        assert page.unparsed == ("Today | -1 | Spent 1 Connect",)

    @pytest.mark.parametrize(
        "garbage",
        [
            "",
            "hello world",
            "\x00\x01\x02\xff" * 100,
            "<html><body><p>Nothing to see</p></body></html>",
            "Today\nToday\nYesterday",
            "<<<<>>>><!--<script>",
            "My balance",
            "January 32, 2026\nApplied to job\n-1",
        ],
    )
    def test_garbage_gives_no_rows(self, garbage: str) -> None:
        assert parse_connects_history(garbage, SAMPLE_NOW).rows == ()

    def test_bytes_are_read_as_utf8(self) -> None:
        data = "Today\nAvailability Badge\nJob café\n-1".encode()
        page = parse_connects_history(data, SAMPLE_NOW)  # type: ignore[arg-type]
        assert [row.connects for row in page.rows] == [-1]

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def test_it_never_raises_on_any_text(self, text: str) -> None:
        page = parse_connects_history(text, SAMPLE_NOW)
        assert isinstance(page, HistoryPage)

    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [
                    "<",
                    ">",
                    "</",
                    "<!--",
                    "-->",
                    "<a href='/jobs/~01a'>",
                    "</a>",
                    "<td>",
                    "<tr>",
                    "<table>",
                    "</table>",
                    "<script>",
                    "</script>",
                    "<svg/>",
                    "<span class='sr-only'>",
                    "&amp;",
                    "&#99999999999;",
                    '"',
                    "'",
                    "=",
                    "\n",
                    "\t",
                    "Today",
                    "Yesterday",
                    "Jan 11, 2026",
                    "Applied to job",
                    "Availability Badge",
                    "—",
                    "-20",
                    "+21",
                    "-1 Connect",
                    "Spent 20 Connects",
                    "My balance",
                    "451 Connects",
                    "Last 7 days",
                    "Show more",
                    "x",
                ]
            ),
            max_size=60,
        )
    )
    def test_it_never_raises_on_html_like_fragments(self, parts: list[str]) -> None:
        page = parse_connects_history("".join(parts), SAMPLE_NOW)
        assert all(isinstance(row.connects, int) for row in page.rows)
        page = parse_connects_history("\n".join(parts), SAMPLE_NOW)
        assert all(isinstance(row.connects, int) for row in page.rows)


MEGABYTE = 1_000_000


class TestHostileInput:
    """A megabyte of anything is read without an error; how fast is `make bench`'s question
    (hostile_input_seconds, and the history import's parse_rows_per_second)."""

    @pytest.mark.parametrize(
        "text",
        [
            pytest.param("a" * MEGABYTE, id="one-letter"),
            pytest.param("<" * MEGABYTE, id="less-than"),
            pytest.param("<!--" * (MEGABYTE // 4), id="open-comments"),
            pytest.param("<a " * (MEGABYTE // 3), id="open-tags"),
            pytest.param("</" * (MEGABYTE // 2), id="open-end-tags"),
            pytest.param("<div>" + "<span" * (MEGABYTE // 5) + ">", id="spans-to-one-gt"),
            pytest.param("<div>" + '<a href="' * (MEGABYTE // 9), id="open-quotes"),
            pytest.param("<div>" + "&x" * (MEGABYTE // 2), id="ampersands"),
            pytest.param("<div>&#" + "9" * MEGABYTE, id="huge-char-ref"),
            pytest.param("<script>" * (MEGABYTE // 8), id="open-scripts"),
            pytest.param("Today\n" * (MEGABYTE // 6), id="dates"),
            pytest.param("-1\n" * (MEGABYTE // 3), id="amounts"),
            pytest.param("Today\nApplied to job\nX\n-1\n" * (MEGABYTE // 25), id="rows"),
            pytest.param("\n" * MEGABYTE, id="newlines"),
        ],
    )
    def test_a_megabyte_of_anything_is_read_without_an_error(self, text: str) -> None:
        assert isinstance(parse_connects_history(text, SAMPLE_NOW), HistoryPage)

    def test_a_megabyte_of_rows_gives_every_row(self) -> None:
        text = "Today\nApplied to job\nX\n-1\n" * (MEGABYTE // 25)
        page = parse_connects_history(text, SAMPLE_NOW)
        assert (len(page.rows), page.unparsed) == (40_000, ())

    def test_a_saved_page_of_5000_rows_gives_5000_rows(self) -> None:
        # Each row is in the markup twice (table and small-screen list): each is read once.
        rows = [
            a_row(title=f"Job {n}", href=f"/jobs/~01{n:06x}", date=f"Jan {1 + n % 9}, 2026")
            for n in range(5000)
        ]
        markup = saved_page(rows)
        page = parse_connects_history(markup, SAMPLE_NOW)
        assert len(page.rows) == 5000
        assert page.unparsed == ()

    def test_a_copied_page_of_5000_rows_gives_5000_rows(self) -> None:
        row = ["Jan 9, 2026\tApplied to job", "Job\tSam Freelancer", "—\t-16", "Spent 16 Connects"]
        text = "\n".join(["My balance", "100 Connects", *(row * 5000)])
        page = parse_connects_history(text, SAMPLE_NOW)
        assert (len(page.rows), page.unparsed) == (5000, ())
