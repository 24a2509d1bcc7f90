"""Password reset sends a few e-mails per client address and per e-mail address an hour."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def _reset(client: Client, email: str) -> int:
    return client.post(reverse("password_reset"), {"email": email}).status_code


def test_three_links_an_hour_for_one_e_mail_address_then_a_sentence(alice: User) -> None:
    statuses = [_reset(Client(REMOTE_ADDR=f"192.0.2.{n}"), "alice@example.com") for n in range(3)]
    assert statuses == [302, 302, 302]
    response = Client(REMOTE_ADDR="192.0.2.50").post(
        reverse("password_reset"), {"email": "ALICE@example.com"}
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "A reset link was already requested 3 times for this address recently." in page
    assert "try again in 60 minutes" in page
    assert len(mail.outbox) == 3


def test_ten_requests_an_hour_from_one_address_then_a_sentence(alice: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [_reset(client, f"someone{n}@example.com") for n in range(10)]
    assert statuses == [302] * 10
    response = client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 429
    assert (
        "Too many password reset requests from your address. Try again in 60 minutes."
        in response.content.decode()
    )
    assert mail.outbox == []  # none of the ten had an account; alice's was refused


def test_unknown_addresses_are_counted_like_known_ones(alice: User) -> None:
    # Otherwise the fourth answer would tell whether nobody@example.com has an account.
    statuses = [_reset(Client(REMOTE_ADDR=f"192.0.2.{n}"), "nobody@example.com") for n in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_a_cache_that_is_down_does_not_stop_resets(alice: User) -> None:
    from unittest import mock

    with mock.patch("accounts.throttling.cache.add", side_effect=ConnectionError("down")):
        assert _reset(Client(), "alice@example.com") == 302
    assert len(mail.outbox) == 1
