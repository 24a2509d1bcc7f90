"""POST /api/v1/vet/batch: the tiles of a feed, scored in one call, nothing written."""

from __future__ import annotations

import pytest

from accounts.models import User
from tests.api.conftest import ApiClient
from tests.api.helpers import CAPTURED_AT, page, vet_json
from vetting.models import Job, Vetting

pytestmark = pytest.mark.django_db

URL = "/api/v1/vet/batch"
TILE_URL = "https://www.upwork.com/jobs/~01aaaabbbbccccdddd"


def test_it_scores_every_tile_in_order_and_writes_nothing(
    alice: User, alice_api: ApiClient
) -> None:
    items = [
        {"text": page("feed_tile_hourly.txt"), "url": TILE_URL},
        {"text": "Nothing to see here"},
        {"text": page("job_page_new_client_unverified.txt")},
    ]

    response = alice_api.post(URL, {"items": items, "captured_at": CAPTURED_AT})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2]
    assert results[0]["url"] == TILE_URL
    assert results[0]["problem"] is None
    assert (results[0]["result"]["verdict"], results[0]["result"]["score"]) == ("caution", 61)
    assert results[0]["result"]["id"] is None
    assert results[0]["result"]["facts"]["job_url"] == TILE_URL
    assert results[1]["result"] is None
    assert results[1]["problem"].startswith("No job title, no connects cost and no client details")
    assert (results[2]["result"]["verdict"], results[2]["result"]["score"]) == ("skip", 34)
    assert results[2]["result"]["connects_usd"] == "1.50"  # 10 connects at $0.15
    assert Vetting.objects.count() == 0
    assert Job.objects.count() == 0


def test_each_tile_agrees_with_vet_json(alice_api: ApiClient) -> None:
    cli = vet_json("feed_tile_hourly.txt")

    result = alice_api.post(
        URL, {"items": [{"text": page("feed_tile_hourly.txt")}], "captured_at": CAPTURED_AT}
    ).json()["results"][0]["result"]

    assert result["facts"] == cli["facts"]
    assert {(r["code"], r["status"]) for r in result["rules"]} == {
        (r["code"], r["status"]) for r in cli["rules"]
    }


def test_it_takes_100_tiles(alice_api: ApiClient) -> None:
    tile = {"text": page("feed_tile_hourly.txt")}

    response = alice_api.post(URL, {"items": [tile] * 100, "captured_at": CAPTURED_AT})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 100


def test_it_refuses_101_tiles_on_the_items_field(alice_api: ApiClient) -> None:
    response = alice_api.post(URL, {"items": [{"text": "x"}] * 101})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "items": "List should have at most 100 items after validation, not 101"
    }


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"items": "This field is required."}),
        ({"items": []}, {"items": "List should have at least 1 item after validation, not 0"}),
        ({"items": [{"url": TILE_URL}]}, {"items.0.text": "This field is required."}),
        ({"items": [{"text": "a"}, {"text": 5}]}, {"items.1.text": "Give text (a JSON string)."}),
        (
            {"items": [{"text": "a", "url": "not a link"}], "captured_at": "soon"},
            {
                "items.0.url": "Give the job's web address, starting with https://.",
                "captured_at": "Give a date and time in ISO 8601, like 2026-01-12T09:30:00Z.",
            },
        ),
    ],
)
def test_bad_input_gets_a_message_per_field(
    alice_api: ApiClient, payload: dict[str, object], errors: dict[str, str]
) -> None:
    response = alice_api.post(URL, payload)

    assert response.status_code == 422
    assert response.json()["errors"] == errors


def test_a_tile_over_64_kb_is_refused_on_its_field(alice_api: ApiClient) -> None:
    response = alice_api.post(URL, {"items": [{"text": "a"}, {"text": "x" * (64 * 1024 + 1)}]})

    assert response.status_code == 422
    assert response.json()["errors"] == {"items.1.text": "The text is 64.0 KB; the limit is 64 KB."}
