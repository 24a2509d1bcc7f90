"""Journey 1: a newcomer signs up and lands on a dashboard that says what to do first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_newcomer_signs_up_and_is_told_what_to_do_first(tab: Tab) -> None:
    page = tab.page
    tab.go("/")
    expect(page.locator("h1")).to_have_text("Log in")  # everything else needs an account
    page.get_by_role("link", name="Create an account").click()

    expect(page).to_have_title("Sign up · Bidbook")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Email").fill("carol@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password confirmation").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(tab.url("/"))
    expect(page).to_have_title("Dashboard · Bidbook")
    expect(page.locator(".messages")).to_have_text("Welcome to Bidbook, carol.")
    newcomer = page.get_by_test_id("newcomer")
    expect(newcomer.locator("h2")).to_have_text("Welcome to Bidbook. Start here:")
    steps = newcomer.locator("ol > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Vet a job.")
    expect(steps.nth(1)).to_contain_text("Set your starting balance")
    expect(steps.nth(2)).to_contain_text("Import your Connects History")
    expect(page.get_by_test_id("header-balance")).to_have_text("0")
    # Nothing but the first steps and the balance: no wall of zeros, no empty chart.
    expect(page.locator("main canvas")).to_have_count(0)
    assert tab.read(".stat") == "Balance 0 connects · $0.00"
    tab.shoot("dashboard-new")

    # The first step's link leads where it says.
    newcomer.get_by_role("link", name="Vet a job").click()
    expect(page.locator("h1")).to_have_text("Vet a job")

    # Log out, and back in through the form.
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("h1")).to_have_text("Log in")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_have_text("Your dashboard")
