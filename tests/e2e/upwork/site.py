"""A local HTTPS server answering as https://www.upwork.com, for the extension and bookmarklet
tests.

Chromium is pointed at it with `--host-resolver-rules=MAP www.upwork.com 127.0.0.1:<port>` and
trusts its certificate, made here at start-up for that host name, through
`--ignore-certificate-errors`. It serves the saved pages of tests/fixtures (real Upwork pages,
people's names replaced) with a strict Content-Security-Policy like Upwork's own: none of the
page's inline scripts run, and neither the extension nor the bookmarklet may rely on anything the
page's CSP refuses. Every request is recorded, so a test can prove nothing was fetched again
(no polling, no refresh).
"""

from __future__ import annotations

import datetime as dt
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

STANDIN_CSS = Path(__file__).resolve().parents[2] / "fixtures" / "extension" / "upwork_standin.css"
STYLESHEET = "/static/bidbook-test/upwork-standin.css"
UPWORK_HOST = "www.upwork.com"
OTHER_HOST = "www.not-upwork.example"
# Strict like the real site's: no inline script, no connection to other origins.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'"
)


def make_certificate(directory: Path, hosts: list[str]) -> tuple[Path, Path]:
    """A self-signed certificate for `hosts`, valid for a day: (certificate, key) files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), False)
        .sign(key, hashes.SHA256())
    )
    cert_file = directory / "upwork-test.crt"
    key_file = directory / "upwork-test.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200


@dataclass
class UpworkSite:
    """Pages by (host, path); what was asked for, in order."""

    port: int = 0
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def serve(
        self, path: str, body: str | bytes, *, host: str = UPWORK_HOST, styled: bool = False
    ) -> str:
        """Serve `body` at `path`; returns the page's address.

        `styled` links the stand-in for Upwork's stylesheets (for screenshots only).
        """
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        if styled:
            self.pages[(host, STYLESHEET)] = Page(STANDIN_CSS.read_bytes(), "text/css")
            link = f'<link rel="stylesheet" href="{STYLESHEET}">'
            text = (
                text.replace("</head>", link + "</head>", 1) if "</head>" in text else link + text
            )
        self.pages[(host, path)] = Page(text.encode("utf-8"))
        return self.url(path, host=host)

    def url(self, path: str, *, host: str = UPWORK_HOST) -> str:
        return f"https://{host}{path}"

    def asked(self, path: str) -> int:
        """How many times a page was requested."""
        return sum(1 for seen in self.requests if urlsplit(seen).path == path)

    @property
    def resolver_rules(self) -> str:
        return ", ".join(f"MAP {host} 127.0.0.1:{self.port}" for host in (UPWORK_HOST, OTHER_HOST))


def _handler(site: UpworkSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0]
            site.requests.append(f"https://{host}{self.path}")
            page = site.pages.get((host, urlsplit(self.path).path))
            if page is None:
                # The saved pages' own scripts, styles and images: not kept.
                page = Page(b"Not found", "text/plain", 404)
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.send_header("Content-Security-Policy", PAGE_CSP)
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet test output

    return Handler


def run_site(directory: Path) -> Iterator[UpworkSite]:
    """Start the server in a thread; stops when the generator is closed."""
    site = UpworkSite()
    cert, key = make_certificate(directory, [UPWORK_HOST, OTHER_HOST])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
