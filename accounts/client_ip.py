"""The address a request comes from, believing forwarded headers only from our own proxies.

Behind a TLS proxy every connection comes from the proxy, so the client's address is in
`X-Forwarded-For`; but anyone can send that header. django-ipware reads it against
BIDBOOK_TRUSTED_PROXIES, the proxy hops in front of Bidbook, outermost first, each an address
or a network: the chain is the header's entries followed by the connecting address
(`REMOTE_ADDR`), its last hops must match the listed proxies in that order, and the entry just
before them is the client. A connection that does not come from the last listed proxy, or a
chain that does not match, is taken at its word: its own REMOTE_ADDR. Entries further left
were written by the client and are never believed.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

# A placeholder for a request without REMOTE_ADDR (only a misconfigured server sends one).
UNKNOWN = "0.0.0.0"


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the forwarded one when our proxies connected."""
    remote = str(request.META.get("REMOTE_ADDR") or "").strip()
    if not remote:
        return UNKNOWN
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "").strip()
    proxies = list(settings.BIDBOOK_TRUSTED_PROXIES)
    if not forwarded or not proxies:
        return remote
    chain = HttpRequest()
    chain.META = {"HTTP_X_FORWARDED_FOR": f"{forwarded}, {remote}"}
    ip, _routable = get_client_ip(
        chain,
        proxy_trusted_ips=proxies,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return ip or remote
