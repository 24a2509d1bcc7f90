"""The format package (vetting/upwork): links, dates, money and HTML, each read one way."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from vetting.upwork import dates, links, money
from vetting.upwork.html import Block, html_to_text, looks_like_html, read_html

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


class TestJobLinks:
    @pytest.mark.parametrize(
        "url",
        [
            "https://www.upwork.com/jobs/~022007163664429408020",
            "https://www.upwork.com/jobs/n8n-Workflow-Developer_~022007163664429408020/?ref=x",
            "https://www.upwork.com/freelance-jobs/apply/n8n_~022007163664429408020/",
            "https://www.upwork.com/nx/find-work/details/~022007163664429408020",
            "/jobs/~022007163664429408020",
        ],
    )
    def test_every_way_of_linking_a_job_gives_one_url(self, url: str) -> None:
        assert links.job_url_in(url) == "https://www.upwork.com/jobs/~022007163664429408020"

    def test_a_profile_or_another_site_is_not_a_job(self) -> None:
        assert links.job_url_in("https://www.upwork.com/freelancers/~01abcdef123456") is None
        assert links.job_url_in("https://example.com/jobs/~022007163664429408020") is None

    def test_the_id_of_a_job_is_its_creation_time(self) -> None:
        # The GraphQL answer of this job says createdOn 2025-06-21T16:49:41.997Z.
        assert links.created_at("~021936466566031679148") == datetime(
            2025, 6, 21, 16, 49, 41, 807000, tzinfo=UTC
        )
        assert links.created_at("https://www.upwork.com/jobs/~022007163664429408020") == (
            datetime(2026, 1, 2, 18, 54, 43, 554000, tzinfo=UTC)
        )

    def test_an_old_hex_id_or_an_impossible_time_gives_no_time(self) -> None:
        assert links.created_at("~019ec9ebe139ec8482") is None
        assert links.created_at("~02" + "1".zfill(19)) is None  # before 2015
        assert links.created_at("not a link") is None
        assert links.created_at(None) is None

    def test_the_first_job_link_written_in_a_paste(self) -> None:
        text = (
            "see https://www.upwork.com/freelancers/~01aa11bb22 and www.upwork.com/jobs/~01abcdef0"
        )
        assert links.first_job_url_in_text(text) == "https://www.upwork.com/jobs/~01abcdef0"

    def test_other_links_are_kept_for_the_history(self) -> None:
        assert (
            links.normalise_link("/nx/wm/contracts/1") == "https://www.upwork.com/nx/wm/contracts/1"
        )
        assert links.normalise_link("javascript:void(0)") is None


class TestDates:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("4 minutes ago", datetime(2026, 1, 15, 11, 56, tzinfo=UTC)),
            ("an hour ago", datetime(2026, 1, 15, 11, 0, tzinfo=UTC)),
            ("2 weeks ago", datetime(2026, 1, 1, 12, 0, tzinfo=UTC)),
            ("Yesterday", datetime(2026, 1, 14, 12, 0, tzinfo=UTC)),
            ("last month", datetime(2025, 12, 15, 12, 0, tzinfo=UTC)),
            ("3 years ago", datetime(2023, 1, 15, 12, 0, tzinfo=UTC)),
            ("Jan 14, 2026", datetime(2026, 1, 14, tzinfo=UTC)),
            ("just now", NOW),
        ],
    )
    def test_relative_and_written_times(self, text: str, expected: datetime) -> None:
        assert dates.relative_time(text, NOW) == expected

    def test_calendar_months_not_thirty_days(self) -> None:
        march_31 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
        assert dates.relative_time("last month", march_31) == datetime(
            2026, 2, 28, 9, 0, tzinfo=UTC
        )

    @pytest.mark.parametrize("text", ["9999 years ago", "soon", "", "Feb 30, 2026", "x" * 500])
    def test_what_is_not_a_time_is_none(self, text: str) -> None:
        assert dates.relative_time(text, NOW) is None

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Sep 8, 2021", date(2021, 9, 8)),
            ("January 11, 2026", date(2026, 1, 11)),
            ("Sept. 3, 2025", date(2025, 9, 3)),
            ("11 Jan 2026", date(2026, 1, 11)),
            ("2026-01-11", date(2026, 1, 11)),
            ("Jan 11", date(2026, 1, 11)),
            ("Dec 20", date(2025, 12, 20)),  # not yet this year: last year's
            ("Today", date(2026, 1, 15)),
            ("yesterday", date(2026, 1, 14)),
        ],
    )
    def test_a_table_date(self, text: str, expected: date) -> None:
        assert dates.day_of(text, date(2026, 1, 15)) == expected

    def test_month_names(self) -> None:
        assert [dates.month_number(n) for n in ("Sep", "sept", "SEPTEMBER", "Sep.")] == [9] * 4
        assert dates.month_number("Smarch") is None

    def test_upwork_json_times(self) -> None:
        assert dates.parse_iso_datetime("2025-06-21T16:49:41.997Z") == datetime(
            2025, 6, 21, 16, 49, 41, 997000, tzinfo=UTC
        )
        assert dates.parse_iso_datetime("2025-06-21") is None  # no zone: not a moment
        assert dates.parse_iso_datetime(12) is None


class TestMoney:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("$1.9K", (Decimal(1900),)),
            ("$900K+", (Decimal(900000),)),
            ("$1M", (Decimal(1000000),)),
            ("$571,557", (Decimal(571557),)),
            ("$6.29", (Decimal("6.29"),)),
            ("$15.00 - $35.00", (Decimal("15.00"), Decimal("35.00"))),
            ("$25-$40", (Decimal(25), Decimal(40))),
        ],
    )
    def test_amounts(self, text: str, expected: tuple[Decimal, ...]) -> None:
        assert money.money_range(text) == expected

    def test_what_is_not_money(self) -> None:
        assert money.money_range("about $5") is None
        assert money.money("$15 - $35") is None
        assert money.count("1,234") == 1234
        assert money.count("twelve") is None
        assert money.decimal_of("25158.39") == Decimal("25158.39")
        assert money.decimal_of(True) is None
        assert money.decimal_of("NaN") is None


class TestHtml:
    def test_blocks_break_lines_and_inline_text_flows(self) -> None:
        html = "<div><h1>Build a <b>store</b></h1><p>$11K <span>total</span>\n   spent</p></div>"
        assert html_to_text(html) == "Build a store\n$11K total spent"

    def test_scripts_styles_and_templates_are_not_text(self) -> None:
        html = "<p>a</p><script>b</script><style>c{}</style><template>d</template><p>e</p>"
        assert html_to_text(html) == "a\ne"

    def test_a_block_keeps_its_link_and_its_table_column(self) -> None:
        page = read_html(
            "<table><tr><td>Today</td><td>Applied to job "
            '<a href="/jobs/~01abc">Logo</a></td><td>-16</td></tr></table>'
        )
        assert page.blocks == (
            Block("Today", None, 0),
            Block("Applied to job Logo", "/jobs/~01abc", 1),
            Block("-16", None, 2),
        )

    def test_the_job_link_prefers_the_panel_input_then_the_canonical_link(self) -> None:
        html = (
            '<link rel="canonical" href="https://www.upwork.com/jobs/~01bbbbbbbbbb">'
            '<a href="/jobs/~01cccccccccc">x</a>'
            '<input value="https://www.upwork.com/jobs/~01aaaaaaaaaa">'
        )
        assert read_html(html).job_url == "https://www.upwork.com/jobs/~01aaaaaaaaaa"

    def test_the_saved_from_comment_names_the_job(self) -> None:
        html = "<!-- saved from url=(0048)https://www.upwork.com/jobs/~01dddddddddd -->\n<p>x</p>"
        assert read_html(html).job_url == "https://www.upwork.com/jobs/~01dddddddddd"

    def test_embedded_json_state_is_kept(self) -> None:
        html = '<p>x</p><script type="application/json" id="__NUXT_DATA__">[1,2]</script>'
        assert read_html(html).embedded_json == ("[1,2]",)

    def test_a_description_keeps_its_line_breaks(self) -> None:
        html = '<p class="text-body-sm multiline-text">One\nTwo</p><p>Three\nFour</p>'
        assert html_to_text(html) == "One\nTwo\nThree Four"

    def test_deep_nesting_is_read_flat_and_fast(self) -> None:
        text = html_to_text("<!DOCTYPE html>" + "<div>" * 100_000 + "deep")
        assert text == "deep"

    def test_it_tells_html_from_a_copied_page(self) -> None:
        assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
        assert not looks_like_html("Proposals: 5 to 10\n<div> in a description")
