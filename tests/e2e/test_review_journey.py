"""Journey 5: the monthly review and its rules table, followed to the applications of a rule."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from dashboards import selectors
from dashboards.periods import Month
from tests.e2e.conftest import Tab
from workspace.demo import demo_account_load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> User:
    user, _ = demo_account_load(today=timezone.localdate())
    return user


def _latest_month_with_a_failed_rule(user: User) -> tuple[Month, str, int]:
    """The demo is seeded, but laid out from today: find where a rule failed and was ignored."""
    month = Month.of(timezone.localdate())
    for _ in range(6):
        for rule in selectors.monthly_review(user, month).rules:
            if rule.failed_applications:
                return month, rule.title, rule.failed_applications
        month = month.shift(-1)
    raise AssertionError("the demo has no application sent against a failing rule")


def test_the_review_shows_the_month_and_each_rule_leads_to_its_applications(
    tab: Tab, demo: User
) -> None:
    page = tab.page
    target, rule_title, failed = _latest_month_with_a_failed_rule(demo)
    tab.login_as(demo)
    tab.go("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review").click()
    month = Month.of(timezone.localdate())
    expect(page.locator("h1")).to_have_text(f"Review: {month.label}")
    while month != target:
        month = month.shift(-1)
        page.get_by_role("link", name=f"← {month.label}").click()
        expect(page.locator("h1")).to_have_text(f"Review: {month.label}")

    # The month in figures: the tiles agree with the table of the month's applications.
    data = selectors.monthly_review(demo, month)
    stats = page.locator("main > .stats").nth(1)
    assert tab.read(stats.locator(".stat").nth(0)) == f"Applications {data.count}"
    heading = page.get_by_role("heading", name="The month's applications")
    applications = page.locator("section", has=heading)
    expect(applications.locator("tbody tr")).to_have_count(data.count)
    assert tab.read(applications.locator("tfoot")).startswith(
        f"Total ({data.count}) {data.fates.spent} connects · $"
    )

    # The rules table: each flagged rule with what it cost; its name leads to the applications.
    rules = page.get_by_test_id("rules-table")
    row = rules.locator("tbody tr", has=page.get_by_role("link", name=rule_title, exact=True))
    assert tab.read(row.locator("td").nth(1)) == str(failed)
    tab.shoot("review", docs="review")
    row.get_by_role("link", name=rule_title, exact=True).click()

    expect(page).to_have_url(re.compile(rf"/review/{month}/rules/[a-z_]+/\?status=fail$"))
    expect(page.locator("h1")).to_contain_text("said")
    listed = page.locator("main tbody tr")
    expect(listed).to_have_count(failed)
    tab.shoot("rule-applications")
    first_title = tab.read(listed.first.locator("td").nth(1))
    listed.first.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(first_title)
