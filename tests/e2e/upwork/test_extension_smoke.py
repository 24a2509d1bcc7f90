"""The extension loads into Chromium and says plainly when it cannot reach Bidbook."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.upwork.conftest import Extension

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JOB_PATH = "/jobs/n8n-Workflow-Developer_~022007163664429408020/"


def chip(page: Any) -> Any:
    return page.locator("bidbook-chip .chip")


def test_a_job_page_before_set_up_says_to_open_the_options(
    extension: Extension, fixture_text: Any
) -> None:
    page = extension.open(
        extension.site.serve(JOB_PATH, fixture_text("jobs/job_page_fixed_intermediate.html"))
    )
    expect(chip(page).locator(".problem")).to_have_text(
        "Bidbook is not set up yet: open the extension's options and enter Bidbook's address "
        "and a token."
    )
    with extension.context.expect_page() as opened:
        chip(page).get_by_role("button", name="Open options").click()
    assert opened.value.url == extension.page("options.html")


def test_an_unreachable_bidbook_is_a_sentence_in_the_chip(
    extension: Extension, fixture_text: Any
) -> None:
    # Port 9 (discard) on localhost: nothing listens; the host permission covers every port.
    extension.configure(address="http://localhost:9", token="bb_whatever")
    page = extension.open(
        extension.site.serve(JOB_PATH, fixture_text("jobs/job_page_fixed_intermediate.html"))
    )
    expect(chip(page).locator(".problem")).to_have_text(
        "Bidbook is not reachable at http://localhost:9: check that it is running and that the "
        "address in the extension's options is right."
    )
    assert extension.site.asked(JOB_PATH) == 1
