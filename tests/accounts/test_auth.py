from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_newcomer_signs_up_and_lands_logged_in_on_the_dashboard() -> None:
    client = Client()
    response = client.post(
        reverse("signup"),
        {
            "username": "carol",
            "email": "carol@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"].username == "carol"
    assert User.objects.filter(username="carol").exists()


def test_signup_refuses_a_common_password_and_keeps_the_username() -> None:
    response = Client().post(
        reverse("signup"),
        {
            "username": "carol",
            "email": "c@example.com",
            "password1": "password",
            "password2": "password",
        },
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert 'value="carol"' in response.content.decode()


def test_alice_logs_in_and_out(alice: User) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_alice_changes_her_password(alice_client: Client, alice: User) -> None:
    response = alice_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("another-long-passphrase")


def test_a_password_reset_link_is_mailed_and_sets_a_new_password(alice: User) -> None:
    client = Client()
    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/password/reset/\S+/\S+/", mail.outbox[0].body)
    assert link is not None
    response = client.get(link.group(0), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("brand-new-passphrase")
