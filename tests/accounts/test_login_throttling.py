"""Failed logins are throttled by django-axes per (look-alike name, client address), on the main
login and the admin's, with the client's address read through our trusted proxies only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
ALICE_AT_HOME = "198.51.100.20"
PROXY = "10.0.0.5"


def _fail(client: Client, username: str, times: int, url: str | None = None) -> list[int]:
    url = url or reverse("login")
    return [
        client.post(url, {"username": username, "password": "wrong"}).status_code
        for _ in range(times)
    ]


def _log_in(client: Client, username: str = "alice", url: str | None = None) -> int:
    return client.post(url or reverse("login"), {"username": username, "password": PASSWORD})


def test_the_fifth_failure_locks_and_says_how_long_to_wait(alice: User, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR=ATTACKER)
    assert _fail(client, "alice", 5) == [200, 200, 200, 200, 429]
    response = _log_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert (
        "Too many failed attempts to log in to this account from your address. "
        "Try again in 10 minutes, or reset your password." in page
    )
    assert "_auth_user_id" not in client.session


def test_the_wait_counts_down_and_tries_while_locked_do_not_extend_it(alice: User) -> None:
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    client = Client(REMOTE_ADDR=ATTACKER)
    _fail(client, "alice", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=7))
    assert "Try again in 3 minutes" in _log_in(client).content.decode()
    wrong = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert "Try again in 3 minutes" in wrong.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_a_locked_pair_is_free_again_after_the_window(alice: User) -> None:
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    client = Client(REMOTE_ADDR=ATTACKER)
    _fail(client, "alice", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=11))
    assert _log_in(client).status_code == 302


def test_a_success_before_the_limit_clears_the_count(alice: User) -> None:
    client = Client(REMOTE_ADDR=ALICE_AT_HOME)
    _fail(client, "alice", 4)
    assert _log_in(client).status_code == 302
    client.post(reverse("logout"))
    assert _fail(client, "alice", 4) == [200, 200, 200, 200]


def test_one_address_guessing_many_names_locks_out_no_one_else(alice: User) -> None:
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for n in range(20):
        _fail(attacker, f"made-up-{n}", 1)
    # Alice, from her own address and even from the attacker's, still logs in: each made-up
    # name was guessed once, far below the limit, and none of them is hers.
    assert _log_in(Client(REMOTE_ADDR=ALICE_AT_HOME)).status_code == 302
    assert _log_in(Client(REMOTE_ADDR=ATTACKER)).status_code == 302


def test_a_locked_account_still_logs_in_from_its_owners_address(alice: User) -> None:
    assert _fail(Client(REMOTE_ADDR=ATTACKER), "alice", 5)[-1] == 429
    assert _log_in(Client(REMOTE_ADDR=ATTACKER)).status_code == 429
    assert _log_in(Client(REMOTE_ADDR=ALICE_AT_HOME)).status_code == 302


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param("ａｌｉｃｅ", id="fullwidth"),
        pytest.param("аlice", id="cyrillic-a"),
        pytest.param("ALICE", id="upper-case"),
    ],
)
def test_look_alike_spellings_count_against_alices_lock(alice: User, spelling: str) -> None:
    client = Client(REMOTE_ADDR=ATTACKER)
    assert _fail(client, spelling, 5)[-1] == 429
    # Neither alice nor any spelling of her may try again from there.
    assert _log_in(client, "alice").status_code == 429
    assert _log_in(client, "ａlice").status_code == 429


def test_a_fullwidth_spelling_does_not_escape_alices_lock(alice: User) -> None:
    client = Client(REMOTE_ADDR=ATTACKER)
    _fail(client, "alice", 5)
    # Login folds fullwidth letters (NFKC), so "ａlice" is alice: it must meet her lock.
    response = _log_in(client, "ａlice")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_account_is_not_locked_with_alice(alice: User, bob: User) -> None:
    client = Client(REMOTE_ADDR=ATTACKER)
    _fail(client, "alice", 5)
    assert _log_in(client, "bob").status_code == 302


# ---------------------------------------------------------------------------------------------
# The admin's login
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def root(db: None) -> User:
    return UserFactory(
        username="root", password=PASSWORD, is_staff=True, is_superuser=True, email="r@x.org"
    )


def test_the_admin_login_is_locked_after_five_failures_even_with_the_right_password(
    root: User,
) -> None:
    url = reverse("admin:login")
    client = Client(REMOTE_ADDR=ATTACKER)
    assert _fail(client, "root", 5, url) == [200, 200, 200, 200, 429]
    response = _log_in(client, "root", url)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Try again in 10 minutes" in page
    assert 'id="id_username"' in page  # the admin's own login page, not ours
    assert client.get(reverse("admin:index")).status_code == 302


def test_failures_on_the_admin_and_the_main_login_add_up(root: User) -> None:
    client = Client(REMOTE_ADDR=ATTACKER)
    _fail(client, "root", 3, reverse("admin:login"))
    assert _fail(client, "root", 2) == [200, 429]


# ---------------------------------------------------------------------------------------------
# Behind a proxy
# ---------------------------------------------------------------------------------------------
def test_behind_the_trusted_proxy_each_client_has_its_own_lock(alice: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BIDBOOK_TRUSTED_PROXIES = [PROXY]
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert _fail(attacker, "alice", 5)[-1] == 429
    # Every request reaches Bidbook from the proxy's address; alice's own is in the header.
    alice_via_proxy = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ALICE_AT_HOME)
    assert _log_in(alice_via_proxy).status_code == 302


def test_a_forged_forwarded_header_through_the_proxy_does_not_shed_the_lock(
    alice: User,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.BIDBOOK_TRUSTED_PROXIES = [PROXY]
    # The proxy appends the address it saw; whatever the client wrote comes before it.
    for n in range(5):
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}").post(
            reverse("login"), {"username": "alice", "password": "wrong"}
        )
    forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{ALICE_AT_HOME}, {ATTACKER}")
    assert _log_in(forged).status_code == 429


def test_a_forwarded_header_from_anyone_but_the_proxy_is_ignored(alice: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BIDBOOK_TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(
            reverse("login"), {"username": "alice", "password": "wrong"}
        )
    assert (
        _log_in(Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")).status_code == 429
    )


def test_without_trusted_proxies_the_header_is_never_believed(alice: User) -> None:
    for n in range(5):
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(
            reverse("login"), {"username": "alice", "password": "wrong"}
        )
    assert _log_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ALICE_AT_HOME)).status_code == 429
