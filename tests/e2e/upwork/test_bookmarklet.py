"""The bookmarklet in Chromium: dragged from Settings, pressed on an Upwork job page, it opens
Bidbook's capture window with the page filled in, and the user presses Vet.

A browser runs a bookmark's `javascript:` URL in the page, past the page's CSP (bookmarklets are
the user's own code); page.evaluate is Playwright's way of doing the same. Upwork's stand-in here
refuses inline scripts and connections to other origins, so a bookmarklet that fetched or
injected a script would fail here as it would on Upwork.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.upwork.conftest import log_in
from tests.e2e.upwork.site import OTHER_HOST, UpworkSite
from tests.factories import UserFactory
from vetting.models import Vetting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JOB_PATH = "/jobs/n8n-Workflow-Developer_~022007163664429408020/"


@pytest.fixture
def alice(transactional_db: None) -> User:
    return UserFactory(username="alice")


@pytest.fixture
def context(upwork_browser: Any, live_server: Any, alice: User) -> Any:
    context = upwork_browser.new_context(locale="en-US", timezone_id="UTC")
    context.set_default_timeout(10_000)
    log_in(context, alice, live_server.url)
    yield context
    context.close()


def bookmarklet_code(context: Any, base_url: str) -> str:
    """What the user drags from Settings: the link's href, as the browser runs it."""
    settings_page = context.new_page()
    settings_page.goto(base_url + "/settings/")
    href = settings_page.get_by_test_id("bookmarklet").get_attribute("href")
    settings_page.close()
    assert href.startswith("javascript:")
    return unquote(href.removeprefix("javascript:"))


def test_the_bookmarklet_hands_the_job_page_to_bidbook_and_the_user_vets_it(
    context: Any, live_server: Any, upwork: UpworkSite, fixture_text: Any, alice: User
) -> None:
    code = bookmarklet_code(context, live_server.url)
    assert "token" not in code.lower()
    url = upwork.serve(JOB_PATH, fixture_text("jobs/job_page_fixed_intermediate.html"))
    job = context.new_page()
    job.goto(url)

    with context.expect_page() as opened:
        job.evaluate(code)
    capture = opened.value
    capture.wait_for_load_state()
    assert capture.url == live_server.url + "/vet/capture/"
    expect(capture.get_by_test_id("capture-status")).to_contain_text(
        "Received “n8n Workflow Developer for Risk Data Analysis - Data Analysis & Testing"
    )
    text = capture.get_by_label("Job page").input_value()
    assert "Required Connects to submit a proposal:" in text
    assert capture.get_by_label("Job URL (optional)").input_value() == url
    assert Vetting.objects.count() == 0  # nothing is sent until the user presses Vet

    capture.get_by_role("button", name="Vet this job").click()
    expect(capture).to_have_url(re.compile(r"/vet/\d+/$"))
    vetting = Vetting.objects.get()
    assert vetting.owner == alice
    assert vetting.verdict == "skip"
    assert vetting.job.url == url
    # Upwork's tab was only read: it was loaded once, nothing reloaded or polled.
    assert upwork.asked(JOB_PATH) == 1


def test_the_capture_window_refuses_a_page_from_another_site(
    context: Any, live_server: Any, upwork: UpworkSite
) -> None:
    code = bookmarklet_code(context, live_server.url)
    other = context.new_page()
    other.goto(upwork.serve("/jobs/~022007163664429408020", "<p>Not Upwork</p>", host=OTHER_HOST))

    with context.expect_page() as opened:
        other.evaluate(code)
    capture = opened.value
    capture.wait_for_load_state()
    # The capture window never said "ready" to that origin, so the bookmarklet sent nothing;
    # a page posted at it anyway is refused, by its origin.
    expect(capture.get_by_test_id("capture-status")).to_contain_text("Waiting for the Upwork page")
    other.evaluate(
        """() => window.open("", "bidbook-capture").postMessage(
            {type: "bidbook:page", text: "Proposals: Less than 5", url: location.href}, "*")"""
    )
    expect(capture.get_by_test_id("capture-status")).to_have_text(
        f"Refused a page sent from https://{OTHER_HOST}: Bidbook takes pages from "
        "https://www.upwork.com only."
    )
    assert capture.get_by_label("Job page").input_value() == ""


def test_the_capture_window_opened_directly_says_what_to_do(context: Any, live_server: Any) -> None:
    page = context.new_page()
    page.goto(live_server.url + "/vet/capture/")
    expect(page.get_by_test_id("capture-status")).to_contain_text(
        "This window has no link to an Upwork tab"
    )
