"""Look-alike keys, and sign-up (and the admin) refusing names that look like a taken one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.usernames import mixed_scripts, username_key
from tests.factories import UserFactory


@pytest.mark.parametrize(
    "spelling",
    ["alice", "ALICE", "Alice", "ａｌｉｃｅ", "аlice", "Аlice", "alіce", "a1ice", " alice "],
)
def test_every_look_alike_of_alice_has_alices_key(spelling: str) -> None:
    assert username_key(spelling) == "alice"


@pytest.mark.parametrize("other", ["alicia", "bob", "malice", "alice2"])
def test_names_that_read_differently_keep_their_own_key(other: str) -> None:
    assert username_key(other) != username_key("alice")


def test_mixed_scripts_names_the_alphabets() -> None:
    assert mixed_scripts("аlice") == ["Cyrillic", "Latin"]
    assert mixed_scripts("alice") == []
    assert mixed_scripts("émile") == []
    assert mixed_scripts("иван") == []  # one alphabet, not Latin: fine


@pytest.mark.django_db
def test_the_key_follows_the_name_when_it_changes() -> None:
    user = UserFactory(username="carol")
    assert user.username_key == "carol"
    user.username = "CAR0L"
    user.save(update_fields=["username"])
    assert User.objects.get(pk=user.pk).username_key == "carol"


def _signup(username: str) -> str:
    response = Client().post(
        reverse("signup"),
        {
            "username": username,
            "email": "new@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 200, "the sign-up should have been refused"
    return response.content.decode()


@pytest.mark.django_db
def test_signup_refuses_a_cyrillic_a_beside_latin_letters(alice: User) -> None:
    page = _signup("аlice")
    assert "“аlice” mixes Cyrillic and Latin letters that look alike." in page
    assert "Choose a name written in one alphabet." in page
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ["a1ice", "ａlice", "ɑlice"])
def test_signup_refuses_a_name_that_reads_like_alice(alice: User, spelling: str) -> None:
    page = _signup(spelling)
    assert "looks the same as the name of an existing account" in page
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_signup_refuses_alice_in_capitals_in_djangos_words(alice: User) -> None:
    assert "A user with that username already exists." in _signup("ALICE")


@pytest.mark.django_db
def test_a_name_in_one_other_alphabet_signs_up(alice: User) -> None:
    response = Client().post(
        reverse("signup"),
        {
            "username": "иван",
            "email": "ivan@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="иван").username_key == username_key("иван")


@pytest.mark.django_db
def test_the_admins_add_user_form_refuses_look_alikes_too(alice: User) -> None:
    from accounts.forms import AdminSignupForm

    form = AdminSignupForm(
        data={
            "username": "аlice",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "usable_password": "true",
        }
    )
    assert not form.is_valid()
    assert form.errors["username"] == [
        "“аlice” mixes Cyrillic and Latin letters that look alike. "
        "Choose a name written in one alphabet."
    ]
