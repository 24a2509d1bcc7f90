"""Journey: from the review to the what-if, other thresholds, a figure's applications, the
suggestions and "Use these"; the vetting page's worth line loads by itself."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.dashboards import whatif_scenario
from tests.e2e.conftest import Tab
from vetting.selectors import thresholds_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_what_if_re_scores_links_suggests_and_applies(tab: Tab, alice: User) -> None:
    apps = whatif_scenario.build(alice)
    page = tab.page
    tab.login_as(alice)
    tab.go("/review/2026-01/")
    page.get_by_role("link", name="What-if").click()
    expect(page.locator("h1")).to_have_text("What-if")
    expect(page.get_by_test_id("combined-net")).to_have_text("-$497.60")
    expect(page.locator("canvas[data-chart='net']")).to_be_visible()

    # Other thresholds: a 40% hire-rate bar skips only the job that was lost.
    page.get_by_text("Thresholds (yours until you change them)").click()
    page.get_by_label("Minimum hire rate (%)").fill("40")
    page.get_by_role("button", name="Re-score my history").click()
    expect(page).to_have_url(re.compile(r"hire_rate_min=40"))
    expect(page.get_by_test_id("combined-net")).to_have_text("$2.40")

    # A figure leads to its applications.
    row = page.get_by_test_id("whatif-rules").locator("tfoot tr")
    row.locator("td").nth(1).get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Combined (verdict skip)")
    listed = page.get_by_test_id("whatif-applications").locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text(apps["A1"].job_title)
    tab.shoot("whatif-applications")

    # The suggestions arrive after the page, with their warning; "Use these" applies them.
    page.get_by_role("link", name="← Back to the what-if").click()
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions).to_contain_text("Minimum hire rate (%)")
    expect(page.get_by_test_id("suggestions-warning")).to_contain_text("too few to trust")
    tab.shoot("whatif", docs=None)
    page.get_by_role("button", name="Use these").click()
    expect(page.locator("main")).to_contain_text("Suggested thresholds applied")
    assert thresholds_for(alice).hire_rate_min == 40

    # The vetting page says what a proposal is worth, or why it cannot yet.
    tab.go(f"/vet/{apps['A4'].vetting_id}/")
    expect(page.get_by_test_id("worth")).to_contain_text("Not enough history to estimate yet")
