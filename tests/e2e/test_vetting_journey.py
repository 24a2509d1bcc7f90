"""Journey 2: paste a real job page, read the verdict, correct a fact, re-score, say "I applied"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from ledger import services as ledger
from tests.e2e.conftest import Tab
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JOBS = Path(__file__).resolve().parents[1] / "fixtures" / "jobs"
JOB_PAGE = (JOBS / "job_page_fixed_intermediate.txt").read_text(encoding="utf-8")
JOB_TITLE = "n8n Workflow Developer for Risk Data Analysis"


@pytest.fixture
def alice(transactional_db: None) -> User:
    user = UserFactory(username="alice")
    ledger.opening_balance_set(owner=user, connects=60, occurred_on=date(2026, 1, 1))
    return user


def test_a_pasted_job_page_gets_a_verdict_and_reasons_and_can_be_applied_to(
    tab: Tab, alice: User
) -> None:
    page = tab.page
    tab.login_as(alice)
    tab.go("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Vet a job").click()
    page.get_by_label("Job page").fill(JOB_PAGE)
    page.get_by_role("button", name="Vet this job").click()

    # The verdict: word, icon and score, with the rule that decided it.
    expect(page).to_have_url(re.compile(r"/vet/\d+/$"))
    expect(page).to_have_title(f"Skip: {JOB_TITLE} · Bidbook")
    expect(page.locator("h1")).to_have_text(JOB_TITLE)
    assert tab.read(page.get_by_test_id("verdict")) == (
        "✕ SKIP Score 43/100 2 failed, 3 warned, 0 unknown, 9 passed. "
        "Failed a rule that means skip: Client hire rate."
    )
    hire_rate = page.locator("#rule-hire_rate")
    assert tab.read(hire_rate) == (
        "Fail Client hire rate · this rule alone means skip "
        "Hire rate 27%: 5 hires from 19 jobs posted; your bar is 50%"
    )
    expect(page.get_by_test_id("rules").locator("li")).to_have_count(14)
    assert tab.read("#rule-connects_cost") == (
        "Pass Connects cost 14 connects for a $75 fixed-price job"
    )
    expect(page.get_by_label("Connects required")).to_have_value("14")
    tab.shoot("vetting-result", docs="vetting-result")

    # The client's hire rate was misread: correct it and re-score.
    page.get_by_label("Client hire rate (%)").fill("60")
    page.get_by_role("button", name="Re-score with these facts").click()

    expect(page.locator(".messages")).to_contain_text("Re-scored with your corrections:")
    verdict = tab.read(page.get_by_test_id("verdict"))
    # The harsh rating the client gave (3.4 stars) is kept from the page: a non-decisive fail.
    assert "SKIP" not in verdict and "1 failed" in verdict
    assert tab.read("#rule-hire_rate").startswith("Pass Client hire rate Hire rate 60%")
    expect(page.get_by_test_id("changes")).to_contain_text("27")
    expect(page.get_by_test_id("changes")).to_contain_text("60")
    expect(page.get_by_label("Client hire rate (%)")).to_have_value("60")

    # "I applied": the application form comes filled in from the vetting.
    page.get_by_role("link", name="I applied").click()
    expect(page.locator("h1")).to_have_text("Log an application")
    expect(page.get_by_label("Job title")).to_have_value(JOB_TITLE)
    expect(page.get_by_label("Connects", exact=True)).to_have_value("14")
    page.get_by_role("button", name="Log it").click()

    expect(page.locator("h1")).to_have_text("Applications")
    expect(page.locator(".messages")).to_have_text(f"Logged “{JOB_TITLE}”: 14 connects spent.")
    row = page.get_by_test_id("application-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(JOB_TITLE)
    expect(row.locator("td.num")).to_have_text("14 connects")
    expect(page.get_by_test_id("header-balance")).to_have_text("46")
    expect(page.locator("#footer-balance")).to_have_text("46")
    tab.shoot("application-logged")
