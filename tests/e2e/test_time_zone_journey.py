"""A newcomer in Auckland signs up: the form proposes the browser's zone, and every date follows.

The browser's zone is Chromium's own (Playwright's per-context time zone, what
`Intl.DateTimeFormat().resolvedOptions().timeZone` answers), so static/js/time-zone.js is what
fills the field; the settings page changes it in place with htmx.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.conftest import Tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_up(tab: Tab, username: str) -> None:
    page = tab.page
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password confirmation").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(tab.url("/"))


def test_sign_up_proposes_the_browsers_zone_and_settings_change_it(
    open_tab: Callable[..., Tab],
) -> None:
    tab = open_tab(timezone_id="Pacific/Auckland")
    page = tab.page
    tab.go("/accounts/signup/")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("Pacific/Auckland")
    assert tab.axe_violations() == []

    _sign_up(tab, "erin")
    assert User.objects.get(username="erin").time_zone == "Pacific/Auckland"

    tab.go("/settings/")
    section = page.locator("#time-zone")
    expect(section.get_by_test_id("current-time-zone")).to_have_text("Pacific/Auckland")
    expect(section.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
    tab.mark_page()
    section.get_by_label("Time zone").select_option("America/Los_Angeles")
    section.get_by_role("button", name="Save time zone").click()
    expect(section.get_by_test_id("time-zone-saved")).to_have_text(
        "Saved: dates now follow America/Los_Angeles."
    )
    assert tab.same_page()  # htmx swapped the section; no reload
    expect(section.get_by_test_id("current-time-zone")).to_have_text("America/Los_Angeles")
    expect(section.get_by_label("Time zone")).to_have_value("America/Los_Angeles")
    assert User.objects.get(username="erin").time_zone == "America/Los_Angeles"
    tab.shoot("settings-time-zone")


def test_without_javascript_sign_up_is_utc(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(timezone_id="Pacific/Auckland", javascript=False)
    tab.go("/accounts/signup/")
    expect(tab.page.get_by_label("Time zone")).to_have_value("UTC")
    _sign_up(tab, "frank")
    assert User.objects.get(username="frank").time_zone == "UTC"


def test_a_zone_the_list_leaves_out_is_offered_as_the_browser_names_it(
    open_tab: Callable[..., Tab],
) -> None:
    # Chromium may name India's zone by its old alias, which the grouped list leaves out.
    tab = open_tab(timezone_id="Asia/Calcutta")
    tab.go("/accounts/signup/")
    reported = tab.page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    expect(tab.page.get_by_label("Time zone")).to_have_value(reported)
    _sign_up(tab, "gita")
    assert User.objects.get(username="gita").time_zone == reported
