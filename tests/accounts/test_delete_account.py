"""Delete my account: the password again, then every row of the user gone from every table."""

from __future__ import annotations

from collections import Counter

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.models import User
from tests.conftest import PASSWORD
from tests.security.test_isolation_walk import build_world, our_models, rows_of

pytestmark = pytest.mark.django_db

URL = "/accounts/delete/"


def _rows_per_table() -> Counter[str]:
    return Counter(
        {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    )


def _login(user: User) -> Client:
    # force_login: django-axes' backend needs the request that Client.login() does not pass.
    client = Client()
    client.force_login(user)
    return client


def test_it_removes_every_row_of_the_user_and_nothing_of_anyone_else(
    alice: User, bob: User
) -> None:
    build_world(alice)
    build_world(bob)
    client = _login(alice)
    bobs_client = _login(bob)
    alices_rows = Counter(label for label, _ in rows_of(alice))
    # Every model of ours has rows of alice's, so the count below proves each one is emptied.
    assert {m._meta.label for m in our_models()} <= set(alices_rows)
    bobs_before = rows_of(bob)
    before = _rows_per_table()

    response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    after = _rows_per_table()
    gone = before - after
    # Exactly alice's rows left (her user row, her own rows in every app and her session), in
    # every table of the project, ours and Django's.
    assert gone == alices_rows + Counter({"sessions.Session": 1})
    assert after - before == Counter()
    assert not User.objects.filter(username="alice").exists()
    assert rows_of(bob) == bobs_before
    assert bobs_client.get("/").status_code == 200
    assert all(
        str(s.get_decoded().get("_auth_user_id")) != str(alice.pk) for s in Session.objects.all()
    )


def test_after_deleting_the_browser_is_logged_out_and_told_so(alice: User) -> None:
    client = _login(alice)

    response = client.post(URL, {"password": PASSWORD}, follow=True)

    assert "Your account and everything in it were deleted." in response.content.decode()
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_a_wrong_password_deletes_nothing_and_says_so(alice: User) -> None:
    build_world(alice)
    client = _login(alice)
    before = _rows_per_table()

    response = client.post(URL, {"password": "not it"})

    assert response.status_code == 200
    assert "That is not your password: nothing was deleted." in response.content.decode()
    assert _rows_per_table() == before


def test_an_empty_password_is_named(alice: User) -> None:
    response = _login(alice).post(URL, {})
    assert response.status_code == 200
    assert "Your password: This field is required." in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_guessing_is_throttled(alice: User, settings: object) -> None:
    client = _login(alice)
    for _ in range(5):
        client.post(URL, {"password": "guess"})

    response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 429
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_page_says_what_goes_and_offers_the_download_first(alice: User) -> None:
    html = _login(alice).get(URL).content.decode()
    assert "everything in it, at once and for good" in html
    assert 'href="/settings/export/"' in html


def test_the_settings_page_links_to_it(alice: User) -> None:
    html = _login(alice).get("/settings/").content.decode()
    assert 'href="/accounts/delete/"' in html
    assert 'href="/settings/export/"' in html
