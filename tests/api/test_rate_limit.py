"""Each token may make API_RATE_LIMIT requests per API_RATE_WINDOW seconds; then 429."""

from __future__ import annotations

import pytest
from django.test import override_settings

from accounts.models import User
from api.services import api_token_create
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@override_settings(API_RATE_LIMIT=3, API_RATE_WINDOW=60)
def test_the_request_past_the_limit_is_a_429_with_retry_after(alice_api: ApiClient) -> None:
    statuses = [alice_api.get("/api/v1/balance").status_code for _ in range(3)]
    refused = alice_api.get("/api/v1/balance")

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    assert refused.json() == {
        "detail": f"Too many requests with this token: try again in {wait} seconds.",
        "retry_after": wait,
    }


@override_settings(API_RATE_LIMIT=2, API_RATE_WINDOW=60)
def test_the_limit_is_per_token(alice: User, alice_api: ApiClient, bob_api: ApiClient) -> None:
    for _ in range(2):
        alice_api.get("/api/v1/balance")
    second_token = ApiClient(api_token_create(owner=alice, name="Phone")[1])

    assert alice_api.get("/api/v1/balance").status_code == 429
    assert bob_api.get("/api/v1/balance").status_code == 200
    assert second_token.get("/api/v1/balance").status_code == 200


@override_settings(API_RATE_LIMIT=2, API_RATE_WINDOW=60)
def test_every_operation_counts(alice_api: ApiClient) -> None:
    alice_api.post("/api/v1/vet/batch", {"items": [{"text": "x"}]})
    alice_api.get("/api/v1/vettings/1")

    assert alice_api.post("/api/v1/vet", {"text": "x"}).status_code == 429


@override_settings(API_RATE_LIMIT=1, API_RATE_WINDOW=60)
def test_requests_without_a_valid_token_do_not_use_up_a_tokens_allowance(
    alice_api: ApiClient,
) -> None:
    for _ in range(3):
        ApiClient("bb_wrong").get("/api/v1/balance")

    assert alice_api.get("/api/v1/balance").status_code == 200


@override_settings(API_RATE_LIMIT=1, API_RATE_WINDOW=60)
def test_the_window_starts_again(alice_api: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.auth

    now = 1_800_000_000.0  # a window boundary (divisible by 60)
    monkeypatch.setattr(api.auth, "clock", lambda: now + 30)
    assert alice_api.get("/api/v1/balance").status_code == 200
    refused = alice_api.get("/api/v1/balance")
    assert (refused.status_code, refused["Retry-After"]) == (429, "30")

    monkeypatch.setattr(api.auth, "clock", lambda: now + 60)
    assert alice_api.get("/api/v1/balance").status_code == 200
