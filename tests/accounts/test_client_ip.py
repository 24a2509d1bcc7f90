"""The client's address: X-Forwarded-For believed only from the proxies we were told about."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from accounts.client_ip import UNKNOWN, client_ip


def _ip(remote: str | None, forwarded: str | None = None) -> str:
    meta = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote
    return client_ip(request)


def test_without_trusted_proxies_the_connection_is_the_client(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BIDBOOK_TRUSTED_PROXIES = []
    assert _ip("10.0.0.5", "198.51.100.20") == "10.0.0.5"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.20", "198.51.100.20"),
        # What the client wrote itself comes first; the proxy appended what it saw.
        ("1.2.3.4, 198.51.100.20", "198.51.100.20"),
        ("not-an-address, 198.51.100.20", "198.51.100.20"),
        ("2001:db8::7", "2001:db8::7"),
    ],
)
def test_behind_one_trusted_proxy_the_last_forwarded_entry_is_the_client(
    settings,  # type: ignore[no-untyped-def]
    forwarded: str,
    expected: str,
) -> None:
    settings.BIDBOOK_TRUSTED_PROXIES = ["10.0.0.5"]
    assert _ip("10.0.0.5", forwarded) == expected


def test_a_network_of_proxies_is_trusted_as_one_hop(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BIDBOOK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _ip("10.20.30.40", "198.51.100.20") == "198.51.100.20"


def test_two_proxy_hops_outermost_first(settings) -> None:  # type: ignore[no-untyped-def]
    # A CDN edge in 192.0.2.0/24 forwards to our nginx at 10.0.0.5, which forwards to Bidbook.
    settings.BIDBOOK_TRUSTED_PROXIES = ["192.0.2.0/24", "10.0.0.5"]
    assert _ip("10.0.0.5", "1.2.3.4, 198.51.100.20, 192.0.2.9") == "198.51.100.20"
    # The chain does not pass through the CDN: nothing in the header is believed.
    assert _ip("10.0.0.5", "198.51.100.20, 203.0.113.1") == "10.0.0.5"


def test_a_header_from_a_connection_that_is_not_our_proxy_is_ignored(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BIDBOOK_TRUSTED_PROXIES = ["10.0.0.5"]
    assert _ip("203.0.113.7", "198.51.100.20, 10.0.0.5") == "203.0.113.7"


def test_a_request_without_an_address_gets_a_placeholder() -> None:
    assert _ip(None) == UNKNOWN
