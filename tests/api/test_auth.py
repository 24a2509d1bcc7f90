"""Every /api/v1/ operation wants a live token: none, a wrong one or a revoked one is a 401."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from tests.api.conftest import ApiClient
from tests.api.helpers import page
from vetting.models import Vetting

pytestmark = pytest.mark.django_db


def _operations() -> list[tuple[str, str, object]]:
    """(method, path, body) of every operation the OpenAPI description lists, ids filled in."""
    from api.api import api

    spec = api.get_openapi_schema()
    found = []
    for path, item in spec["paths"].items():
        concrete = re.sub(r"\{month\}", "2026-01", re.sub(r"\{\w+_id\}", "1", path))
        for method in item:
            found.append((method, concrete, None if method == "get" else {"text": "x"}))
    return found


OPERATIONS = _operations()


def test_the_operations_walked_are_all_of_them() -> None:
    assert len(OPERATIONS) == 17


def test_every_api_route_but_the_docs_wants_a_token() -> None:
    from tests.accounts.test_login_required import _concrete, _walk

    routes = [
        (n, _concrete(r)) for n, r in _walk(get_resolver().url_patterns) if n.startswith("api:")
    ]
    public = {"api:docs": 200, "api:openapi-json": 200, "api:api-root": 302, "api:not-found": 404}

    assert {n for n, _ in routes} >= public.keys() | {"api:vet", "api:balance"}
    for name, url in routes:
        client = Client()
        expected = public.get(name, 401)
        for method in ("get", "post", "patch"):
            status = getattr(client, method)(url).status_code
            # 405: the route exists for another method; it still never shows anything.
            assert status in {expected, 405}, (name, method, status)


def _call(api: ApiClient, method: str, path: str, body: object) -> object:
    return api.get(path) if method == "get" else getattr(api, method)(path, body)


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS)
def test_no_token_is_a_401_that_says_how_to_send_one(
    anonymous_api: ApiClient, method: str, path: str, body: object
) -> None:
    response = _call(anonymous_api, method, path, body)

    assert response.status_code == 401
    assert response.json()["code"] == "token_missing"
    assert "Authorization: Bearer <token>" in response.json()["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="bidbook"'


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS)
def test_a_wrong_token_is_a_401(alice: User, method: str, path: str, body: object) -> None:
    response = _call(ApiClient("bb_not-a-token-bidbook-made"), method, path, body)

    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API token is not one Bidbook made: check it was copied whole, or make "
        "a new one.",
        "code": "token_unknown",
    }


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS)
def test_a_revoked_token_is_a_401_that_says_so(
    alice: User, method: str, path: str, body: object
) -> None:
    row, token = api_token_create(owner=alice, name="Old laptop")
    api_token_revoke(owner=alice, token=row)

    response = _call(ApiClient(token), method, path, body)

    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API token was revoked in Settings: make a new one and paste it in.",
        "code": "token_revoked",
    }


@pytest.mark.parametrize(
    "header",
    ["Token abc", "Bearer", "Bearer   ", "Basic YWxpY2U6cGFzcw==", "bearer" + " x" * 150],
)
def test_a_malformed_header_is_a_401_not_a_500(alice: User, header: str) -> None:
    response = ApiClient(None).get("/api/v1/balance", headers={"Authorization": header})

    assert response.status_code == 401


def test_a_logged_in_browser_session_is_not_a_token(alice_client: object) -> None:
    response = alice_client.get("/api/v1/balance")  # type: ignore[attr-defined]

    assert response.status_code == 401


def test_a_session_cookie_cannot_post_either(alice_client: object) -> None:
    response = alice_client.post(  # type: ignore[attr-defined]
        "/api/v1/vet", {"text": "x"}, content_type="application/json"
    )

    assert response.status_code == 401
    assert Vetting.objects.count() == 0


def test_the_scheme_is_case_insensitive(alice_token: str) -> None:
    response = ApiClient(None).get(
        "/api/v1/balance", headers={"Authorization": f"bearer {alice_token}"}
    )

    assert response.status_code == 200


def test_a_token_acts_as_its_owner(bob: User, alice_api: ApiClient, bob_api: ApiClient) -> None:
    response = alice_api.post("/api/v1/vet", {"text": page("job_page_fixed_intermediate.txt")})

    assert response.status_code == 201
    assert [v.owner.username for v in Vetting.objects.all()] == ["alice"]


def test_a_deactivated_users_token_stops_working(alice: User, alice_api: ApiClient) -> None:
    alice.is_active = False
    alice.save()

    response = alice_api.get("/api/v1/balance")

    assert response.status_code == 401


def test_using_a_token_records_when(alice: User, alice_api: ApiClient) -> None:
    before = timezone.now()

    alice_api.get("/api/v1/balance")

    token = ApiToken.objects.get(owner=alice)
    assert token.last_used_at is not None
    assert before <= token.last_used_at <= timezone.now()


def test_last_used_is_written_at_most_once_a_minute(alice: User, alice_api: ApiClient) -> None:
    alice_api.get("/api/v1/balance")
    first = ApiToken.objects.get(owner=alice).last_used_at
    alice_api.get("/api/v1/balance")

    assert ApiToken.objects.get(owner=alice).last_used_at == first

    ApiToken.objects.filter(owner=alice).update(last_used_at=timezone.now() - timedelta(minutes=2))
    alice_api.get("/api/v1/balance")

    assert ApiToken.objects.get(owner=alice).last_used_at > first  # type: ignore[operator]
