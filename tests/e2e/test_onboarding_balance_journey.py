"""Issue 14's journey: a newcomer sets the balance Upwork shows, imports the saved history
page with its saved moment, and Bidbook agrees with Upwork."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "history" / "connects_history_sample.html"


def test_sign_up_set_451_import_the_page_and_agree(tab: Tab) -> None:
    page = tab.page
    tab.go("/accounts/signup/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password confirmation").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(tab.url("/"))

    tab.go("/settings/ledger/")
    page.get_by_label("Starting balance").fill("451")
    page.get_by_role("button", name="Save ledger settings").click()
    expect(page.locator(".messages")).to_contain_text("Ledger settings saved.")
    expect(page.get_by_test_id("header-balance")).to_have_text("451")

    tab.go("/history/import/")
    page.get_by_label("…or upload the page saved as HTML").set_input_files(str(PAGE))
    page.get_by_label("Page saved on").fill("2026-01-12T18:30")
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator("h1")).to_have_text("Preview of the import")
    expect(page.get_by_test_id("saved-moment")).to_contain_text(
        'so its "Today" is written as Jan 12, 2026'
    )
    expect(page.get_by_test_id("inside-starting-balance")).to_contain_text(
        "18 new rows (-56 connects) are dated at or before your starting balance of 451"
    )
    expect(page.get_by_test_id("reconcile")).to_contain_text("Bidbook and Upwork agree: 451")
    page.get_by_role("button", name=re.compile(r"^Import 18 new rows$")).click()

    expect(page.get_by_test_id("import-summary")).to_contain_text("Bidbook and Upwork agree: 451")
    expect(page.get_by_test_id("header-balance")).to_have_text("451")
