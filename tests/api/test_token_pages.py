"""Settings → API tokens: made with a name, shown once, stored hashed, revoked, "last used"."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from api.services import MAX_ACTIVE_TOKENS, api_token_create
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

URL = "/settings/api-tokens/"
_SHOWN = re.compile(r'data-testid="new-token">(bb_[A-Za-z0-9_-]+)<')


def _shown_token(html: str) -> str | None:
    match = _SHOWN.search(html)
    return match.group(1) if match else None


def test_the_settings_page_links_to_the_tokens(alice_client: Client) -> None:
    html = alice_client.get("/settings/").content.decode()

    assert 'href="/settings/api-tokens/"' in html


def test_making_a_token_shows_it_once_and_stores_only_its_hash(
    alice: User, alice_client: Client
) -> None:
    response = alice_client.post(URL, {"name": "Chrome on my laptop"}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    token = _shown_token(response.content.decode())
    assert token is not None and len(token) == 46  # "bb_" + 43 characters of 32 random bytes
    row = ApiToken.objects.get(owner=alice)
    assert row.name == "Chrome on my laptop"
    assert row.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.prefix == token[:9]
    assert token not in {getattr(row, f.attname) for f in ApiToken._meta.concrete_fields}
    assert response["Cache-Control"].startswith("max-age=0")
    # The page again: the token is gone for good, its prefix stays.
    again = alice_client.get(URL).content.decode()
    assert _shown_token(again) is None
    assert token not in again
    assert f"{row.prefix}…" in again


def test_the_token_shown_works_against_the_api(alice_client: Client) -> None:
    response = alice_client.post(URL, {"name": "Script"}, follow=True)
    token = _shown_token(response.content.decode())

    assert ApiClient(token).get("/api/v1/balance").status_code == 200


def test_the_list_says_when_each_token_was_last_used(alice: User, alice_client: Client) -> None:
    used, _ = api_token_create(owner=alice, name="Chrome")
    api_token_create(owner=alice, name="Unused")
    ApiToken.objects.filter(pk=used.pk).update(last_used_at=timezone.now() - timedelta(hours=3))

    html = alice_client.get(URL).content.decode()

    rows = re.findall(r'<tr data-testid="token-row">(.*?)</tr>', html, re.DOTALL)
    assert len(rows) == 2
    texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in rows]
    assert any(t.startswith("Chrome ") and "3 hours ago" in t for t in texts), texts
    assert any(t.startswith("Unused ") and "Never" in t for t in texts), texts


def test_revoking_stops_the_token_at_once(alice: User, alice_client: Client) -> None:
    row, token = api_token_create(owner=alice, name="Old laptop")

    response = alice_client.post(f"{URL}{row.pk}/revoke/", follow=True)

    assert response.status_code == 200
    assert "Token “Old laptop” revoked" in response.content.decode()
    assert "Revoked" in response.content.decode()
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert ApiClient(token).get("/api/v1/balance").json()["code"] == "token_revoked"


def test_revoking_twice_keeps_the_first_moment(alice: User, alice_client: Client) -> None:
    row, _ = api_token_create(owner=alice, name="Old laptop")
    alice_client.post(f"{URL}{row.pk}/revoke/")
    first = ApiToken.objects.get(pk=row.pk).revoked_at

    alice_client.post(f"{URL}{row.pk}/revoke/")

    assert ApiToken.objects.get(pk=row.pk).revoked_at == first


def test_bob_cannot_revoke_alices_token(alice: User, bob_client: Client) -> None:
    row, _ = api_token_create(owner=alice, name="Chrome")

    response = bob_client.post(f"{URL}{row.pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None


def test_bob_does_not_see_alices_tokens(alice: User, bob_client: Client) -> None:
    api_token_create(owner=alice, name="Alice's Chrome")

    html = bob_client.get(URL).content.decode()

    assert "Alice's Chrome" not in html
    assert "No tokens yet" in html


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Name: This field is required."),
        ("   ", "Name: This field is required."),
        ("x" * 101, "Name: Ensure this value has at most 100 characters (it has 101)."),
    ],
)
def test_a_token_needs_a_name(alice_client: Client, name: str, message: str) -> None:
    response = alice_client.post(URL, {"name": name})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_the_number_of_active_tokens_is_bounded(alice: User, alice_client: Client) -> None:
    for n in range(MAX_ACTIVE_TOKENS):
        api_token_create(owner=alice, name=f"Token {n}")

    response = alice_client.post(URL, {"name": "One more"})

    assert response.status_code == 400
    assert "You have 20 active tokens, the most Bidbook keeps" in response.content.decode()
    assert ApiToken.objects.filter(owner=alice).count() == MAX_ACTIVE_TOKENS


def test_a_revoked_token_frees_its_place(alice: User, alice_client: Client) -> None:
    rows = [api_token_create(owner=alice, name=f"Token {n}")[0] for n in range(MAX_ACTIVE_TOKENS)]
    alice_client.post(f"{URL}{rows[0].pk}/revoke/")

    response = alice_client.post(URL, {"name": "One more"})

    assert response.status_code == 302
