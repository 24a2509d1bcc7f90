"""Journey 6: garbage and an oversized paste get a clear message, and the text is not lost."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.conftest import Tab
from tests.factories import UserFactory
from vetting.models import Vetting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GARBAGE = "Dear diary,\ntoday I <b>ate</b> cake.\n\nNothing about a job here."
# Just over the 1 MB a paste may be, in lines like a real page's.
OVERSIZED = ("Looking for a Django developer to build a booking flow. " * 20 + "\n") * 960


@pytest.fixture
def alice(transactional_db: None) -> User:
    return UserFactory(username="alice")


def test_a_paste_that_is_no_job_page_says_what_was_missing_and_keeps_the_text(
    tab: Tab, alice: User
) -> None:
    page = tab.page
    tab.login_as(alice)
    tab.go("/vet/")
    page.get_by_label("Job page").fill(GARBAGE)
    page.get_by_role("button", name="Vet this job").click()

    expect(page.locator("#vet-problem")).to_contain_text(
        "No job title, no connects cost and no client details were found: "
        "is this an Upwork job page?"
    )
    expect(page.locator("#vet-problem")).to_contain_text("Nothing was saved.")
    expect(page.locator("#vet-problem").get_by_role("link")).to_have_text("Fill in the job by hand")
    expect(page.get_by_label("Job page")).to_have_value(GARBAGE)
    assert Vetting.objects.count() == 0
    tab.shoot("vet-garbage")


def test_without_javascript_an_oversized_paste_is_refused_by_the_server(
    open_tab: Callable[..., Tab], alice: User
) -> None:
    assert len(OVERSIZED.encode()) > 1024 * 1024
    tab = open_tab(javascript=False)
    page = tab.page
    tab.login_as(alice)
    tab.go("/vet/")
    tab.paste(page.get_by_label("Job page"), OVERSIZED)
    page.get_by_role("button", name="Vet this job").click()

    expect(page.locator(".field-error")).to_contain_text(
        re.compile(r"^Job page: The paste is over 1 MB \(1\.\d\d MB\)")
    )
    expect(page.locator(".field-error")).to_contain_text("upload the file instead (up to 5 MB)")
    assert Vetting.objects.count() == 0


def test_an_oversized_paste_stays_in_the_box(tab: Tab, alice: User) -> None:
    page = tab.page
    tab.login_as(alice)
    tab.go("/vet/")
    tab.mark_page()
    box = page.get_by_label("Job page")
    tab.paste(box, OVERSIZED)
    page.get_by_role("button", name="Vet this job").click()

    error = page.locator(".field-error")
    expect(error).to_have_text(
        "The paste is over 1 MB (1.03 MB): copy only the job page, or upload the saved page "
        "instead."
    )
    expect(error).to_have_attribute("role", "alert")
    assert box.input_value() == OVERSIZED
    assert tab.same_page(), "the paste was sent"
    assert Vetting.objects.count() == 0
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-invalid", "true")

    # A second try does not stack messages; a paste back under the limit clears it and is sent.
    page.get_by_role("button", name="Vet this job").click()
    expect(error).to_have_count(1)
    box.fill(GARBAGE)
    expect(error).to_have_count(0)
    page.get_by_role("button", name="Vet this job").click()
    expect(page.locator("#vet-problem")).to_be_visible()


def test_a_history_paste_that_is_no_history_page_keeps_the_text(tab: Tab, alice: User) -> None:
    page = tab.page
    tab.login_as(alice)
    tab.go("/history/import/")
    page.get_by_label("Paste the Connects History page").fill("my cat walked here")
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator(".form-errors")).to_contain_text("No Connects History rows were found")
    expect(page.get_by_label("Paste the Connects History page")).to_have_value("my cat walked here")


def test_an_oversized_history_paste_is_refused_and_stays_in_the_box(tab: Tab, alice: User) -> None:
    page = tab.page
    tab.login_as(alice)
    tab.go("/history/import/")
    tab.mark_page()
    box = page.get_by_label("Paste the Connects History page")
    tab.paste(box, OVERSIZED)
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator(".field-error")).to_contain_text("The paste is over 1 MB")
    assert box.input_value() == OVERSIZED
    # Refused in the browser when the box carries its limit, else by the server, which keeps it.
    if box.get_attribute("data-max-bytes"):
        assert tab.same_page(), "the paste was sent"


def test_without_javascript_an_oversized_history_paste_is_refused_by_the_server(
    open_tab: Callable[..., Tab], alice: User
) -> None:
    tab = open_tab(javascript=False)
    page = tab.page
    tab.login_as(alice)
    tab.go("/history/import/")
    box = page.get_by_label("Paste the Connects History page")
    tab.paste(box, OVERSIZED)
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator(".field-error")).to_contain_text("The paste is over 1 MB.")
    assert box.input_value() == OVERSIZED
