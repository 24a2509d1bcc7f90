"""Every page but the public auth pages and /healthz asks an anonymous visitor to log in.

The URL patterns are walked, so a new page is covered without anyone remembering to add it.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {
    "signup",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
}
# /api/v1/ answers a missing token with a 401, not the login page: tests/api/test_auth.py walks it.
TOKEN_AUTHENTICATED = "api:"


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or p.app_name == "admin":
                continue  # the admin has its own login, tested below
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found += _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            found.append((f"{namespace}{p.name or ''}", prefix + str(p.pattern)))
    return found


def _concrete(route: str) -> str:
    # Fill every converter with a value that would match: the page must refuse before looking.
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000001", route)
    route = re.sub(r"<(?:str|slug):(\w+)>", lambda m: "2026-01" if "month" in m[1] else "x", route)
    route = re.sub(r"<(\w+)>", "x", route)
    route = route.lstrip("^").rstrip("$").replace("\\", "")
    return "/" + route


def _private_routes() -> list[tuple[str, str]]:
    return [
        (name, _concrete(route))
        for name, route in _walk(get_resolver().url_patterns)
        if name.split(":")[-1] not in PUBLIC and not name.startswith(TOKEN_AUTHENTICATED)
    ]


def test_the_walk_finds_the_pages_it_should() -> None:
    names = {name for name, _ in _private_routes()}
    assert "home" in names
    assert "password_change" in names


@pytest.mark.parametrize(("name", "url"), _private_routes())
def test_it_sends_an_anonymous_visitor_to_the_login_page(name: str, url: str) -> None:
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302, f"{name} {url} {method}: {response.status_code}"
        assert response["Location"].startswith("/accounts/login/"), (name, url)


def test_the_admin_asks_for_its_own_login() -> None:
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("name", ["login", "signup", "password_reset"])
def test_public_auth_pages_open_without_a_login(name: str) -> None:
    from django.urls import reverse

    assert Client().get(reverse(name)).status_code == 200
