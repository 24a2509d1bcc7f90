"""Journey 3: the client closed the job without hiring; the refund shows without a reload."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import User
from ledger import services as ledger
from tests.e2e.conftest import Tab
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Shopify theme fixes for a skincare brand"


@pytest.fixture
def alice(transactional_db: None) -> User:
    user = UserFactory(username="alice")
    ledger.opening_balance_set(owner=user, connects=60, occurred_on=date(2026, 11, 1))
    ledger.application_submit(
        owner=user,
        job_title=TITLE,
        job_url="https://www.upwork.com/jobs/~021111222233334444",
        submitted_on=date(2026, 11, 20),
        connects_paid=16,
        boost_connects=0,
    )
    return user


def test_a_client_cancelled_job_refunds_its_connects_and_the_header_follows(
    tab: Tab, alice: User
) -> None:
    page = tab.page
    tab.login_as(alice)
    tab.go("/applications/")
    balance = page.get_by_test_id("header-balance")
    expect(balance).to_have_text("44")
    row = page.get_by_test_id("application-row")
    assert tab.read(row.locator("td.num")) == "16 connects"
    expect(row.locator(".badge-pending")).to_have_text("Pending")

    tab.mark_page()
    page.get_by_label(f"Outcome of {TITLE}").select_option(label="Client closed it without hiring")

    # htmx swapped the row and the balance in place: the page was not reloaded.
    expect(row.locator(".badge-refunded")).to_have_text("Refunded")
    assert tab.read(row.locator("td.num")) == "16 connects 16 refunded"
    expect(balance).to_have_text("60")
    expect(page.locator("#footer-balance")).to_have_text("60")
    expect(page.get_by_label(f"Outcome of {TITLE}")).to_have_value("client_cancelled")
    assert tab.same_page()

    # The ledger has the refund, linked to the application, and the balance it makes.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ledger").click()
    expect(page.locator("h1")).to_have_text("Connects ledger")
    assert tab.read(page.get_by_test_id("ledger-balance")) == "60 connects"
    refund = page.locator("tbody tr", has_text="Refund")
    expect(refund).to_have_count(1)
    expect(refund.get_by_role("link", name=TITLE)).to_be_visible()
    assert tab.read(refund.locator("td.num").nth(0)) == "+16 connects"
    assert tab.read(refund.locator("td.num").nth(2)) == "60 connects"


def test_without_javascript_the_outcome_is_saved_by_its_button(
    open_tab: Callable[..., Tab], alice: User
) -> None:
    tab = open_tab(javascript=False)
    page = tab.page
    tab.login_as(alice)
    tab.go("/applications/")
    row = page.get_by_test_id("application-row")
    page.get_by_label(f"Outcome of {TITLE}").select_option(label="Client closed it without hiring")
    row.locator("form", has=page.get_by_label(f"Outcome of {TITLE}")).get_by_role(
        "button", name="Save"
    ).click()

    expect(page.locator("h1")).to_have_text("Applications")
    expect(page.get_by_test_id("header-balance")).to_have_text("60")
    assert tab.read(page.get_by_test_id("application-row").locator("td.num")) == (
        "16 connects 16 refunded"
    )
