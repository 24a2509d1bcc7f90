"""Support's view of tokens in the admin: listed, revocable, never made or shown there."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from api.models import ApiToken
from api.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(db: None) -> Client:
    admin = UserFactory(username="support", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


def test_the_admin_lists_tokens_by_prefix_never_the_token(
    alice: User, staff_client: Client
) -> None:
    row, token = api_token_create(owner=alice, name="Chrome")

    html = staff_client.get("/admin/api/apitoken/").content.decode()

    assert "Chrome" in html and row.prefix in html
    assert token not in html
    assert (
        row.key_hash
        not in staff_client.get(f"/admin/api/apitoken/{row.pk}/change/").content.decode()
    )


def test_the_admin_revokes_the_selected_tokens(alice: User, staff_client: Client) -> None:
    row, _ = api_token_create(owner=alice, name="Chrome")

    staff_client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [str(row.pk)]}
    )

    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None


def test_the_admin_cannot_make_a_token(staff_client: Client) -> None:
    assert staff_client.get("/admin/api/apitoken/add/").status_code == 403
