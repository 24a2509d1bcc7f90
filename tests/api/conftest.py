"""API personas: alice and bob, each with a token, and a client that sends it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from api.services import api_token_create


class ApiClient:
    """Django's test client speaking JSON with a bearer token."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.client = Client()

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        headers = dict(extra)
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return headers

    def get(self, path: str, headers: dict[str, str] | None = None, **query: Any) -> Any:
        return self.client.get(path, query, headers=self._headers(headers or {}))

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body or {})
        return self.client.post(
            path, data, content_type="application/json", headers=self._headers(headers or {})
        )

    def patch(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.patch(
            path,
            json.dumps(body or {}),
            content_type="application/json",
            headers=self._headers(headers or {}),
        )

    def delete(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        # No body: a removal names its object in the path; `body` keeps the walkers' calls alike.
        return self.client.delete(path, headers=self._headers(headers or {}))


@pytest.fixture
def alice_token(alice: User) -> str:
    return api_token_create(owner=alice, name="Chrome")[1]


@pytest.fixture
def bob_token(bob: User) -> str:
    return api_token_create(owner=bob, name="Firefox")[1]


@pytest.fixture
def alice_api(alice_token: str) -> ApiClient:
    return ApiClient(alice_token)


@pytest.fixture
def bob_api(bob_token: str) -> ApiClient:
    return ApiClient(bob_token)


@pytest.fixture
def anonymous_api(db: None) -> ApiClient:
    return ApiClient(None)
