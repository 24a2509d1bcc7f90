"""The error pages (400, 403 CSRF, 404, 500) as production serves them: Bidbook's look, under the
same content-security policy as every page, with nothing inline for the policy to block."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import clear_url_caches, path

from accounts.middleware import CONTENT_SECURITY_POLICY
from config import urls as root_urls

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[2] / "static"


@login_not_required
def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


@pytest.fixture
def broken_page() -> Iterator[str]:
    pattern = path("test-broken/", _broken)
    root_urls.urlpatterns.append(pattern)
    clear_url_caches()
    yield "/test-broken/"
    root_urls.urlpatterns.remove(pattern)
    clear_url_caches()


def _assert_styled_under_the_policy(response: HttpResponse, heading: str) -> None:
    html = response.content.decode()
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert heading in html
    # Nothing the policy would block: no inline style or script, no style attribute.
    assert "<style" not in html
    assert re.search(r"\sstyle=", html) is None
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert re.search(r"\son[a-z]+=", html) is None
    # The stylesheet and the theme script are our own files, and they exist.
    links = re.findall(r'(?:href|src)="/static/([^"?]+)"', html)
    assert "css/bidbook.css" in links and "js/theme.js" in links
    for link in links:
        assert (STATIC / link).is_file(), link


def test_the_404_page(client: Client) -> None:
    response = client.get("/accounts/no-such-page/")
    assert response.status_code == 404
    _assert_styled_under_the_policy(response, "Nothing here")


@override_settings(DEBUG=False)
def test_the_500_page(broken_page: str) -> None:
    response = Client(raise_request_exception=False).get(broken_page)
    assert response.status_code == 500
    _assert_styled_under_the_policy(response, "Something went wrong on our side")


def test_the_csrf_page() -> None:
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    _assert_styled_under_the_policy(response, "This form expired")


def test_the_400_page_of_a_refused_host_header_carries_the_policy_too() -> None:
    # CommonMiddleware refuses the Host before any view: the headers middleware is outside it.
    response = Client().get("/accounts/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    _assert_styled_under_the_policy(response, "That request was too big or malformed")
