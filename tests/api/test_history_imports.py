"""Connects History through the API: a preview that writes nothing, then a confirmed import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from ledger.models import ConnectsEntry, ImportBatch
from ledger.selectors import balance_of
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

HISTORY = Path(__file__).resolve().parents[1] / "fixtures" / "history"
SAMPLE = (HISTORY / "connects_history_sample.txt").read_text(encoding="utf-8")
SAMPLE_HTML = (HISTORY / "connects_history_sample.html").read_text(encoding="utf-8")
SAVED_AT = "2026-01-12T18:30:00Z"
URL = "/api/v1/history-imports"
BOTH = "Send the page as text or as html, not both."
FUTURE = "This moment is in the future: check the device's clock."
ISO = "Give a date and time in ISO 8601, like 2026-01-12T09:30:00Z."


def test_the_preview_says_what_would_be_added_and_writes_nothing(
    alice: User, alice_api: ApiClient
) -> None:
    response = alice_api.post(URL, {"text": SAMPLE, "saved_at": SAVED_AT})

    assert response.status_code == 201
    body = response.json()
    batch = ImportBatch.objects.get(owner=alice)
    assert body["id"] == batch.pk
    assert (body["rows"], body["new"], body["already"]) == (18, 18, 0)
    assert (body["upwork_balance"], body["bidbook_balance"], body["balance_after"]) == (
        451,
        0,
        -56,
    )
    assert (body["connects_added"], body["difference"]) == (-56, 507)
    assert body["saved_at"] == "2026-01-12T18:30:00Z"
    assert body["preview_url"] == f"http://testserver/history/import/{batch.pk}/"
    assert batch.state == "preview"
    assert ConnectsEntry.objects.count() == 0


def test_a_saved_html_page_previews_the_same(alice_api: ApiClient) -> None:
    body = alice_api.post(URL, {"html": SAMPLE_HTML, "saved_at": SAVED_AT}).json()

    assert (body["rows"], body["new"], body["upwork_balance"]) == (18, 18, 451)


def test_confirming_queues_it_and_the_status_url_shows_it_done(
    alice: User, alice_api: ApiClient, django_capture_on_commit_callbacks: Any
) -> None:
    preview = alice_api.post(URL, {"text": SAMPLE, "saved_at": SAVED_AT}).json()

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_api.post(f"{URL}/{preview['id']}/confirm")

    assert response.status_code == 202
    body = response.json()
    assert body["status_url"] == f"http://testserver/api/v1/history-imports/{preview['id']}"
    assert body["progress_url"] == f"http://testserver/imports/{preview['id']}/"
    # Tasks run in-process (no broker) once the request commits: by now the import has run.
    status = alice_api.get(body["status_url"].removeprefix("http://testserver")).json()
    assert (status["state"], status["percent"], status["rows_total"]) == ("done", 100, 18)
    assert status["summary"]["written"] == 18
    assert balance_of(alice) == -56
    assert ConnectsEntry.objects.filter(owner=alice).count() == 18


def test_confirming_twice_imports_once(
    alice: User, alice_api: ApiClient, django_capture_on_commit_callbacks: Any
) -> None:
    preview = alice_api.post(URL, {"text": SAMPLE, "saved_at": SAVED_AT}).json()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = alice_api.post(f"{URL}/{preview['id']}/confirm")
        second = alice_api.post(f"{URL}/{preview['id']}/confirm")

    assert (first.status_code, second.status_code) == (202, 202)
    assert len(callbacks) == 1
    assert ConnectsEntry.objects.filter(owner=alice).count() == 18


def test_a_second_preview_of_the_same_page_finds_it_all_there(
    alice: User, alice_api: ApiClient, django_capture_on_commit_callbacks: Any
) -> None:
    first = alice_api.post(URL, {"text": SAMPLE, "saved_at": SAVED_AT}).json()
    with django_capture_on_commit_callbacks(execute=True):
        alice_api.post(f"{URL}/{first['id']}/confirm")

    again = alice_api.post(URL, {"text": SAMPLE, "saved_at": SAVED_AT}).json()

    assert (again["new"], again["already"], again["bidbook_balance"]) == (0, 18, -56)


def test_the_preview_can_be_read_again(alice_api: ApiClient) -> None:
    created = alice_api.post(URL, {"text": SAMPLE, "saved_at": SAVED_AT}).json()

    again = alice_api.get(f"{URL}/{created['id']}/preview")

    assert again.status_code == 200
    assert again.json() == created


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"text": "Send the Connects History page: its text or its HTML."}),
        ({"text": "a", "html": "<p>b</p>"}, {"html": BOTH}),
        ({"text": SAMPLE, "saved_at": "2999-01-01T00:00:00Z"}, {"saved_at": FUTURE}),
        ({"text": SAMPLE, "saved_at": "last week"}, {"saved_at": ISO}),
    ],
)  # fmt: skip
def test_bad_input_is_a_422_per_field_and_keeps_nothing(
    alice_api: ApiClient, payload: dict[str, object], errors: dict[str, str]
) -> None:
    response = alice_api.post(URL, payload)

    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert ImportBatch.objects.count() == 0


def test_a_page_without_rows_says_where_to_find_the_history(alice_api: ApiClient) -> None:
    response = alice_api.post(URL, {"text": "Hello there"})

    assert response.status_code == 422
    message = response.json()["errors"]["text"]
    assert message.startswith("No Connects History rows were found.")
    assert ImportBatch.objects.count() == 0
