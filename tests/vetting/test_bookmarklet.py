"""The bookmarklet link on Settings and the capture window it opens (the browser side is
tests/e2e/upwork/test_bookmarklet.py)."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.middleware import CONTENT_SECURITY_POLICY
from tests.accounts.test_settings import _manage
from vetting.bookmarklet import bookmarklet_href, bookmarklet_source
from vetting.templatetags.capture_tags import browser_origin

pytestmark = pytest.mark.django_db


def _link_code(page: str) -> str:
    match = re.search(r'data-testid="bookmarklet"', page)
    assert match, "no bookmarklet link on the page"
    href = re.search(r'<a [^>]*href="(javascript:[^"]+)"[^>]*data-testid="bookmarklet"', page)
    assert href, "the bookmarklet link has no javascript: href"
    return unquote(html.unescape(href.group(1)).removeprefix("javascript:"))


class TestTheLink:
    def test_it_opens_the_capture_page_of_this_bidbook_and_answers_only_its_origin(self) -> None:
        code = bookmarklet_source(
            bidbook_origin="https://bidbook.example.com",
            capture_url="https://bidbook.example.com/vet/capture/",
        )
        assert 'var bidbook = "https://bidbook.example.com";' in code
        assert 'window.open("https://bidbook.example.com/vet/capture/", "bidbook-capture")' in code
        assert "event.origin !== bidbook || event.source !== popup" in code
        assert "popup.postMessage(page, bidbook)" in code
        assert "\n" not in code

    def test_it_neither_fetches_nor_injects_a_script(self) -> None:
        code = bookmarklet_source(
            bidbook_origin="https://b.example", capture_url="https://b.example/"
        )
        for banned in ("fetch(", "XMLHttpRequest", "createElement", "eval(", "token", "cookie"):
            assert banned not in code

    def test_an_origin_cannot_break_out_of_its_quotes(self) -> None:
        code = bookmarklet_source(
            bidbook_origin='https://x.example"; alert(1); "', capture_url="https://x.example/"
        )
        assert 'var bidbook = "https://x.example\\"; alert(1); \\"";' in code

    def test_the_href_is_the_code_url_encoded(self) -> None:
        href = bookmarklet_href(
            bidbook_origin="https://b.example", capture_url="https://b.example/c/"
        )
        assert href.startswith("javascript:(function%20()%20{")
        assert unquote(href.removeprefix("javascript:")) == bookmarklet_source(
            bidbook_origin="https://b.example", capture_url="https://b.example/c/"
        )


class TestTheSettingsPage:
    def test_it_offers_the_link_for_the_address_it_was_served_from(
        self, alice_client: Client
    ) -> None:
        page = alice_client.get(reverse("settings")).content.decode()
        code = _link_code(page)
        assert 'var bidbook = "http://testserver";' in code
        assert '"http://testserver/vet/capture/"' in code
        assert "drag this button to your bookmarks bar" in page
        # The extension's set-up starts here too: a token from the API tokens page.
        assert f'href="{reverse("api_tokens:list")}"' in page

    @override_settings(
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        ALLOWED_HOSTS=["bidbook.example.com"],
    )
    def test_the_link_follows_a_tls_proxy(self, alice_client: Client) -> None:
        page = alice_client.get(
            reverse("settings"),
            headers={"x-forwarded-proto": "https", "host": "bidbook.example.com"},
        ).content.decode()
        assert 'var bidbook = "https://bidbook.example.com";' in _link_code(page)

    @pytest.mark.parametrize(
        ("url", "origin"),
        [
            ("https://Bidbook.example.com:443/", "https://bidbook.example.com"),
            ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
            ("http://localhost:80/", "http://localhost"),
            ("https://[::1]:8443/", "https://[::1]:8443"),
        ],
    )
    def test_the_origin_is_written_as_a_browser_writes_it(self, url: str, origin: str) -> None:
        assert browser_origin(url) == origin


class TestTheCaptureWindow:
    def test_it_needs_a_login(self, client: Client) -> None:
        response = client.get(reverse("vetting:capture"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_it_keeps_its_opener_and_the_site_csp(self, alice_client: Client) -> None:
        response = alice_client.get(reverse("vetting:capture"))
        assert response.status_code == 200
        assert response["Cross-Origin-Opener-Policy"] == "unsafe-none"
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        page = response.content.decode()
        assert 'data-allowed-origins="https://www.upwork.com"' in page
        assert f'action="{reverse("vetting:vet")}"' in page
        assert '<script src="/static/js/capture.js" defer></script>' in page
        # No inline script: every <script> has a src.
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []

    def test_other_pages_still_cut_their_opener(self, alice_client: Client) -> None:
        assert (
            alice_client.get(reverse("vetting:vet"))["Cross-Origin-Opener-Policy"] == "same-origin"
        )

    @override_settings(CAPTURE_ALLOWED_ORIGINS=["https://www.upwork.com", "https://upwork.test"])
    def test_it_lists_every_allowed_origin(self, alice_client: Client) -> None:
        page = alice_client.get(reverse("vetting:capture")).content.decode()
        assert 'data-allowed-origins="https://www.upwork.com https://upwork.test"' in page

    def test_a_capture_origin_with_a_path_stops_the_start(self) -> None:
        result = _manage("check", CAPTURE_ALLOWED_ORIGINS="https://www.upwork.com/jobs")
        assert result.returncode != 0
        assert "CAPTURE_ALLOWED_ORIGINS lists origins like https://www.upwork.com" in result.stderr
