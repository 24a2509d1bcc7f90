"""Saved pages: telling HTML from a text copy, and turning it into the text a browser copies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from vetting.parsing import html_to_text, looks_like_html, parse_job_text

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>Hi</p></body></html>",
        '\ufeff\n  <div data-test="feed-best-match"><section>Posted</section></div>',
        "<section class='job-tile'>Posted <span>4 minutes ago</span></section>",
        "<html>",
    ],
)
def test_it_recognises_saved_html(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "Django developer\nPosted 4 minutes ago\nWorldwide",
        "<3 this client, they pay on time",
        "Summary\nWe need <div> and <span> cleaned up in our templates.",
        "",
        "<<<<<<<<",
    ],
)
def test_a_text_copy_is_not_taken_for_html(text: str) -> None:
    assert not looks_like_html(text)


def test_block_tags_become_lines_and_inline_tags_do_not() -> None:
    html = "<div><h4>Django developer</h4><div>Posted <span>2 weeks ago</span></div><p>Hi</p></div>"

    assert html_to_text(html) == "Django developer\nPosted 2 weeks ago\nHi"


def test_scripts_styles_and_other_hidden_content_are_dropped() -> None:
    html = (
        "<html><head><title>Job - Upwork</title><style>p{color:red}</style>"
        '<script>if (a < b) { x = "</div><p>Payment method not verified</p>"; }</script></head>'
        "<body><noscript>Enable JavaScript</noscript><template><p>Hidden</p></template>"
        '<svg viewBox="0 0 24 24"><path d="M1 1"/><text>Icon</text></svg>'
        "<p>Visible</p></body></html>"
    )

    assert html_to_text(html) == "Visible"


def test_entities_are_decoded_and_spaces_collapsed() -> None:
    html = "<p>Tom &amp; Jerry&nbsp;&lt;3</p><p>  Est. Time:\n   Less than 1 month  </p>"

    # As a browser shows it: a line break inside a text node is a space.
    assert html_to_text(html) == "Tom & Jerry <3\nEst. Time: Less than 1 month"


def test_a_self_closing_svg_does_not_hide_the_rest_of_the_page() -> None:
    assert html_to_text("<div><svg/>Payment verified</div><p>after</p>") == (
        "Payment verified\nafter"
    )


def test_an_unclosed_comment_hides_the_rest_as_a_browser_would() -> None:
    assert html_to_text("<p>before</p><!-- never closed <p>after</p>") == "before"


def test_a_stray_less_than_sign_stays_text() -> None:
    # "< b" cannot open a tag, so it is text; "<d" opens an element, as in a browser.
    assert html_to_text("<p>a < b and c<d</p>") == "a < b and c"


def test_a_script_that_writes_client_text_does_not_leak_into_the_facts() -> None:
    html = (
        "<html><body><h4>Django developer</h4><div>Posted <span>5 minutes ago</span></div>"
        "<script>document.write('<li>Payment method not verified</li><li>$1M total spent</li>')"
        "</script><h5>About the client</h5><ul><li>Payment method verified</li></ul></body></html>"
    )

    facts = parse_job_text(html, NOW)

    assert facts.payment_verified is True
    assert facts.client_total_spent is None


def test_the_job_link_input_names_the_job_before_any_other_link() -> None:
    html = (
        '<html><body><a href="/jobs/Other-job_~021111111111111111111/">Other</a>'
        "<h4>Django developer</h4><div>Posted 5 minutes ago</div><h5>About the client</h5>"
        '<input type="text" aria-label="Job link" readonly '
        'value="https://www.upwork.com/jobs/~022007163664429408020"></body></html>'
    )

    assert parse_job_text(html, NOW).job_url == "https://www.upwork.com/jobs/~022007163664429408020"


def test_the_saved_from_comment_names_the_job_of_a_saved_page() -> None:
    html = (
        "<!DOCTYPE html>\n<!-- saved from url=(0090)https://www.upwork.com/jobs/"
        "Django-developer_~022007163664429408020/?referrer_url_path=%2Fnx -->\n"
        '<html><body><a href="/jobs/Similar_~021111111111111111111/">Similar</a></body></html>'
    )

    assert parse_job_text(html, NOW).job_url == "https://www.upwork.com/jobs/~022007163664429408020"


def test_a_feed_is_named_by_the_link_of_its_first_tile() -> None:
    html = (
        '<div><a href="/nx/search/jobs/?q=django">Search</a>'
        '<section><a href="/jobs/First_~021111111111111111111/?referrer_url_path=x">First</a>'
        "</section>"
        '<section><a href="/jobs/Second_~022222222222222222222/">Second</a></section></div>'
    )

    assert parse_job_text(html, NOW).job_url == "https://www.upwork.com/jobs/~021111111111111111111"


def test_html_to_text_reads_the_connects_history_table_a_row_per_cell() -> None:
    html = (
        "<table><thead><tr><th>Date</th><th>Action</th><th>Freelancer</th><th>Connects</th></tr>"
        '</thead><tbody><tr><td>Today</td><td><div><small>Applied to job</small><div><a href="'
        'https://www.upwork.com/jobs/~022010041812770723469/"><strong>Full-Stack Team</strong>'
        '</a></div></div></td><td><img alt="avatar"> Sam Freelancer<div>\u2014</div></td><td>'
        '<div><div aria-hidden="true">-20</div><span class="sr-only">Spent 20 Connects</span>'
        "</div></td></tr></tbody></table>"
    )

    assert html_to_text(html).splitlines() == [
        "Date",
        "Action",
        "Freelancer",
        "Connects",
        "Today",
        "Applied to job",
        "Full-Stack Team",
        "Sam Freelancer",
        "\u2014",
        "-20",
        "Spent 20 Connects",
    ]
