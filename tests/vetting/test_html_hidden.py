"""What a browser does not show is not read: hidden elements, placeholders, DevTools quotes."""

from __future__ import annotations

from vetting.upwork.html import html_to_text, read_html


def lines(html: str) -> list[str]:
    return html_to_text(html).splitlines()


def test_hidden_attribute_ng_hide_bootstrap_hidden_and_inline_display_none_are_dropped() -> None:
    html = (
        "<html><body><div>"
        "<h1 class='hidden'>Job Details</h1>"
        "<h1>Need simple changes to a WP install</h1>"
        "<span class='ng-hide'>Thanks for flagging!</span>"
        "<p hidden>Proposals: 50+</p>"
        "<p style='display: none'>Hires: 9</p>"
        "<p style='color:red;display:none;'>Interviewing: 9</p>"
        "<p class='overflow-hidden'>Proposals: 5 to 10</p>"
        "</div></body></html>"
    )
    assert lines(html) == ["Need simple changes to a WP install", "Proposals: 5 to 10"]


def test_decorative_aria_hidden_goes_but_a_figure_a_bullet_and_a_tooltip_stay() -> None:
    html = (
        "<html><body>"
        "<button><span aria-hidden='true'>\u00d7</span></button>"
        "<div><span class='sr-only'>Rating is 4.2 out of 5.</span></div>"
        "<div aria-hidden='true'>4.2</div>"
        "<div><span>Posted</span> <span aria-hidden='true'>\u2022</span> <span>2 hours ago</span>"
        "</div>"
        "<div><span class='air3-popper' style='display:none;'>5.00 Star, based on 1 feedbacks"
        "</span></div>"
        "</body></html>"
    )
    assert lines(html) == [
        "Rating is 4.2 out of 5.",
        "4.2",
        "Posted \u2022 2 hours ago",
        "5.00 Star, based on 1 feedbacks",
    ]


def test_an_unfilled_angular_placeholder_is_never_text() -> None:
    html = (
        "<html ng-app='upwork'><body><h4>{{ clientName }}</h4>"
        "<h3>Bid range - <strong>High ${{ bidStats.maxRateBid.amount | number:2 }} |"
        " Avg ${{ bidStats.avgRateBid.amount | number:2 }}</strong></h3>"
        "<h2>Other open jobs by this client ({{ jobsCount }})</h2></body></html>"
    )
    assert lines(html) == ["Bid range - High $ | Avg $", "Other open jobs by this client ()"]


def test_a_2016_page_saved_without_its_ng_app_root_drops_its_placeholders_too() -> None:
    html = (
        "<body><h2>Activity on this Job</h2><h4>{{ clientName }}</h4>"
        "<p>41 Hires, {{ buyer.activeHires }} Active</p><h2>About the Client</h2></body>"
    )
    assert lines(html) == ["Activity on this Job", "41 Hires, Active", "About the Client"]


def test_double_braces_in_a_modern_job_description_are_the_clients_words() -> None:
    html = (
        '<html><body><div class="job-description">Fix {{ product.price | money }} in our'
        " Shopify Liquid theme</div><p>Render {{#each items}} in Handlebars</p></body></html>"
    )
    assert lines(html) == [
        "Fix {{ product.price | money }} in our Shopify Liquid theme",
        "Render {{#each items}} in Handlebars",
    ]


def test_devtools_quote_marks_around_whitespace_are_not_a_line() -> None:
    html = (
        '<html><body><div>\n  "\n    "\n  <h1>Logo for a Bakery</h1>\n  "\n  "</div></body></html>'
    )
    assert lines(html) == ["Logo for a Bakery"]


def test_the_job_link_in_a_hidden_input_is_still_the_page_s_link() -> None:
    html = (
        "<html><body><div hidden><input value='https://www.upwork.com/jobs/~022007163664429408020'>"
        "</div><p>Logo for a Bakery</p></body></html>"
    )
    page = read_html(html)
    assert page.job_url == "https://www.upwork.com/jobs/~022007163664429408020"
    assert page.text == "Logo for a Bakery"


def test_a_flattened_flood_of_tags_keeps_scripts_and_styles_hidden_in_any_case() -> None:
    # Over 50,000 tags: every tag but a script's or a style's becomes a line break; tag names
    # are case-insensitive, so "<Script>" and "<STYLE>" still hide their text.
    html = (
        "<html><body>"
        + "<b>" * 60_000
        + "<p>Need a Django developer</p>"
        + "<Script>window.secret = 1</Script><STYLE>.x { color: red }</STYLE>"
        + "<sCrIpT>track()</sCrIpT><script>plain()</script>"
        + "</body></html>"
    )
    assert lines(html) == ["Need a Django developer"]
