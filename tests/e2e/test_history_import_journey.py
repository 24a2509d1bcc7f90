"""Journey 4: import a Connects History page and watch the progress bar finish."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import User
from ledger import history_views, import_progress
from ledger.models import ImportBatch
from tests.e2e.conftest import Tab
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HISTORY = Path(__file__).resolve().parents[1] / "fixtures" / "history"
SAMPLE = (HISTORY / "connects_history_sample.txt").read_text(encoding="utf-8")


@pytest.fixture
def alice(transactional_db: None) -> User:
    return UserFactory(username="alice")


def test_a_connects_history_import_shows_its_preview_then_its_progress_to_the_end(
    tab: Tab, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run the import in-process as soon as it is confirmed, so it would be finished before
    # the page is seen. Hold it back, then run it while the page polls: the bar must finish by
    # itself.
    queued: list[int] = []
    run_import = import_progress.enqueue_import
    monkeypatch.setattr(
        import_progress, "enqueue_import", lambda task, batch_id: queued.append(batch_id)
    )

    page = tab.page
    tab.login_as(alice)
    tab.go("/")
    page.get_by_test_id("newcomer").get_by_role("link", name="Import").click()
    expect(page.locator("h1")).to_have_text("Import your Connects History")
    page.get_by_label("Paste the Connects History page").fill(SAMPLE)
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator("h1")).to_have_text("Preview of the import")
    stats = page.get_by_test_id("preview-stats")
    assert tab.read(stats.locator(".stat").nth(0)) == "Rows on the page 18"
    assert tab.read(stats.locator(".stat").nth(1)) == "New 18 -56 connects"
    assert tab.read(page.get_by_test_id("reconcile")).startswith(
        "Balance check Differs Upwork says 451 connects; after this import Bidbook will say -56"
    )
    expect(page.locator("main table").first.locator("tbody tr")).to_have_count(18)
    tab.shoot("import-preview")
    page.get_by_role("button", name=re.compile(r"^Import 18 new rows$")).click()

    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))
    progress = page.get_by_test_id("import-progress")
    expect(progress).to_have_attribute("data-state", "queued")
    expect(progress.locator("progress")).to_be_visible()
    assert tab.read(progress) == "Queued: the import starts in a moment. 0%"

    # Hold the page's next poll while the import runs, so page and import never share the
    # database connection at the same moment (the test database may be one in-memory SQLite).
    held: list[Any] = []
    holding = True

    def hold(route: Any) -> None:
        if holding:
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r"/imports/\d+/$"), hold)
    for _ in range(30):  # waiting in Playwright lets the handler run
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the progress page stopped polling"
    (batch_id,) = queued
    run_import(history_views.import_history_task, batch_id)
    assert ImportBatch.objects.get(pk=batch_id).state == ImportBatch.State.DONE
    holding = False
    for route in held:
        route.continue_()

    tab.mark_page()
    expect(progress).to_have_attribute("data-state", "done")
    expect(progress.get_by_role("status")).to_have_text("Import finished. 18 of 18 rows processed.")
    expect(progress.locator("progress")).to_have_count(0)
    assert tab.same_page()
    # The header shows the balance the import made without a reload.
    expect(page.get_by_test_id("header-balance")).to_have_text("-56")
    summary = progress.get_by_test_id("import-summary").locator("li")
    expect(summary).to_have_text(
        [
            "18 rows read",
            "18 entries added: 9 proposals, 4 availability badges, 2 refunds, 1 boost, "
            "1 boost returned, 1 adjustment",
            "9 new applications",
            "1 row not understood (kept as an adjustment to reclassify)",
            "Upwork's balance 451, Bidbook's -56: a difference of +507",
        ]
    )
    expect(
        progress.get_by_role("link", name="Record the difference as an adjustment")
    ).to_have_attribute(
        "href",
        re.compile(r"/ledger/adjust/\?connects=507&note=Reconcile\+with\+Upwork%27s\+balance$"),
    )
    tab.shoot("import-progress")

    # The ledger holds every row, and the header the balance they make.
    progress.get_by_role("link", name="See the ledger →").click()
    assert tab.read(page.get_by_test_id("ledger-balance")) == "-56 connects"
    expect(page.get_by_test_id("header-balance")).to_have_text("-56")
    expect(page.locator("main table").first.locator("tbody tr")).to_have_count(18)
