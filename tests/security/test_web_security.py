"""Web security: CSRF on every form, strict headers, no inline code, uploads kept as text.

Forms and pages are found by crawling what alice (with one object of every kind, see
test_isolation_walk) and a visitor who is not logged in can reach, so a new form or page is
covered without anyone adding it here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse
from django.utils.html import escape

from accounts.models import User
from ledger.models import ImportBatch
from tests.security import Crawl, Form, crawl, parse_page, plain_pages, walk_patterns
from tests.security.test_isolation_walk import build_world, rows_of

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
MB = 1024 * 1024
XSS = '<script>alert("xss-7Q")</script>'
XSS_ATTRIBUTE = '<img src=x onerror=alert("xss-7Q")>'
# Only in the uploaded page's markup, never in its text: it must never come back.
PAYLOAD_ONLY = "payload-only-7Q"
UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    cache.clear()  # the login counters live in the cache, shared by every test of the process
    yield
    cache.clear()


def _logged_in(user: User, *, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    return client


@pytest.fixture
def alices_site(alice: User) -> Crawl:
    build_world(alice)
    return crawl(_logged_in(alice, enforce_csrf=True), plain_pages())


def _post_forms(found: Crawl) -> dict[str, Form]:
    """One POST form per (view, action): the same form on fifty rows is one form."""
    forms: dict[str, Form] = {}
    for form in found.forms:
        if form.method == "post":
            forms.setdefault(form.action, form)
    return forms


# ---------------------------------------------------------------------------------------------
# CSRF
# ---------------------------------------------------------------------------------------------
def test_no_view_is_exempt_from_csrf() -> None:
    exempt = [name for name, _, p in walk_patterns() if getattr(p.callback, "csrf_exempt", False)]
    assert exempt == []


def test_every_form_alice_can_reach_refuses_a_post_without_the_token(
    alice: User, alices_site: Crawl
) -> None:
    forms = _post_forms(alices_site)
    views = {resolve(urlsplit(a).path).view_name for a in forms}
    assert len(views) >= 15, sorted(views)  # the crawl found the forms, not a login page
    client = _logged_in(alice, enforce_csrf=True)
    before = rows_of(alice)
    refused = []
    for action, form in forms.items():
        data = {k: v for k, v in form.data().items() if k != "csrfmiddlewaretoken"}
        response = client.post(action, data)
        refused.append((action, response.status_code))
        response = client.post(action, data, HTTP_HX_REQUEST="true")
        refused.append((f"{action} (htmx)", response.status_code))
    assert [r for r in refused if r[1] != 403] == []
    assert rows_of(alice) == before


def test_with_the_token_of_the_page_the_same_posts_are_not_refused(
    alice: User, alices_site: Crawl
) -> None:
    # The control for the test above: the 403s are about the token, not about the URLs.
    client = _logged_in(alice, enforce_csrf=True)
    answers = {}
    for action, form in _post_forms(alices_site).items():
        if resolve(urlsplit(action).path).url_name == "logout":
            continue
        # The page sets the cookie its token goes with.
        page = parse_page(form.page, client.get(form.page).content.decode())
        token = next(
            (f.value for p in page.forms for f in p.fields if f.name == "csrfmiddlewaretoken"),
            "",
        )
        answers[action] = client.post(action, {**form.data(), "csrfmiddlewaretoken": token})
    assert {a: r.status_code for a, r in answers.items() if r.status_code == 403} == {}


def test_the_forms_of_a_visitor_not_logged_in_refuse_a_post_without_the_token() -> None:
    found = crawl(Client(enforce_csrf_checks=True), plain_pages())
    forms = _post_forms(found)
    names = {resolve(urlsplit(a).path).url_name for a in forms}
    assert {"login", "signup", "password_reset"} <= names
    client = Client(enforce_csrf_checks=True)
    for action, form in forms.items():
        data = {k: v for k, v in form.data().items() if k != "csrfmiddlewaretoken"}
        assert client.post(action, data).status_code == 403, action


# ---------------------------------------------------------------------------------------------
# Headers and inline code
# ---------------------------------------------------------------------------------------------
def _csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _assert_strict_headers(url: str, response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    csp = _csp(headers.get("Content-Security-Policy", ""))
    assert csp.get("default-src") == ["'self'"], url
    for directive in ("script-src", "style-src"):
        assert csp.get(directive) == ["'self'"], (url, directive, csp.get(directive))
    for directive, sources in csp.items():
        unsafe = [s for s in sources if s in UNSAFE_SOURCES and directive != "img-src"]
        assert not unsafe, (url, directive, unsafe)
    assert csp.get("frame-ancestors") == ["'none'"], url
    assert csp.get("object-src") == ["'none'"], url
    assert csp.get("base-uri") == ["'self'"], url
    assert csp.get("form-action") == ["'self'"], url
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") in {"same-origin", "strict-origin", "no-referrer"}, url
    assert headers.get("X-Frame-Options") == "DENY", url


def test_every_page_alice_reaches_sends_the_security_headers(alices_site: Crawl) -> None:
    answered = {u: r for u, r in alices_site.pages.items() if r.status_code == 200}
    assert len(answered) >= 25
    for url, response in answered.items():
        _assert_strict_headers(url, response)


def test_pages_without_a_login_and_error_pages_send_them_too(alice_client: Client) -> None:
    anonymous = Client()
    for url in (reverse("login"), reverse("signup"), reverse("password_reset"), "/healthz"):
        _assert_strict_headers(url, anonymous.get(url))
    _assert_strict_headers("a 404", alice_client.get("/applications/999999999/"))
    _assert_strict_headers(
        "a 405", alice_client.get(reverse("ledger:application_status", args=[1]))
    )


def test_no_page_has_inline_scripts_styles_or_event_handlers(
    alices_site: Crawl, bob_client: Client
) -> None:
    anonymous = crawl(Client(), plain_pages())
    bobs = crawl(bob_client, plain_pages())  # the empty states of every page
    findings = {
        url: [f"{i.what}: {i.snippet}" for i in inline]
        for found in (alices_site, anonymous, bobs)
        for url, inline in found.inline.items()
        if inline
    }
    assert len(alices_site.inline) + len(anonymous.inline) + len(bobs.inline) >= 50
    assert findings == {}


def test_the_parser_sees_inline_code_when_there_is_some() -> None:
    # The control for the test above: the crawler's eyes work.
    page = parse_page(
        "/",
        '<div style="color:red" onclick="x()"><script>alert(1)</script>'
        '<script type="application/json">{"a": 1}</script><script src="/static/x.js"></script>'
        '<a href="javascript:alert(1)">x</a><style>p{}</style></div>',
    )
    assert sorted(i.what for i in page.inline) == [
        "<style> element",
        "inline <script>",
        "javascript: URL in href",
        "onclick= handler on <div>",
        "style= attribute on <div>",
    ]


def test_session_and_csrf_cookies_are_secure_in_production() -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "s" * 60,
        "DJANGO_ALLOWED_HOSTS": "bidbook.example.com",
    }
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "DEBUG",
    ]
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "DEBUG": False,
    }


# ---------------------------------------------------------------------------------------------
# Passwords (login throttling is tested in tests/accounts/test_login_throttling.py)
# ---------------------------------------------------------------------------------------------
def test_every_django_password_validator_is_on() -> None:
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert names >= {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }


@pytest.mark.parametrize("password", ["short1", "12345678901", "password123", "carolcarol1"])
def test_signup_refuses_weak_passwords_with_the_validators_message(password: str) -> None:
    response = Client().post(
        reverse("signup"),
        {
            "username": "carolcarol1",
            "email": "carol@example.com",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode() or "errorlist" in response.content.decode()
    assert not User.objects.filter(username="carolcarol1").exists()


# ---------------------------------------------------------------------------------------------
# Uploads
# ---------------------------------------------------------------------------------------------
def _upload_forms(found: Crawl) -> dict[str, Form]:
    return {
        form.action: form
        for form in found.forms
        if form.method == "post" and any(f.type == "file" for f in form.fields)
    }


_ERROR_RE = re.compile(
    r'<(p|div|ul)[^>]*class="[^"]*(?:field-error|form-errors|errorlist)[^"]*"[^>]*>(.*?)</\1>',
    re.DOTALL,
)


def error_text(html: str) -> str:
    """The text of every error a page shows (field errors and the form's own)."""
    return " ".join(re.sub(r"<[^>]+>", " ", m.group(2)) for m in _ERROR_RE.finditer(html))


def _post_upload(client: Client, form: Form, name: str, content: bytes) -> object:
    data: dict[str, object] = {k: v for k, v in form.data().items()}
    file_field = next(f.name for f in form.fields if f.type == "file")
    data[file_field] = SimpleUploadedFile(name, content, content_type="text/html")
    return client.post(form.action, data)


def test_the_crawl_finds_the_three_upload_forms(alices_site: Crawl) -> None:
    names = {resolve(urlsplit(a).path).view_name for a in _upload_forms(alices_site)}
    assert names == {"vetting:vet", "history:import", "ledger:applications_import"}


@pytest.mark.parametrize(
    "size",
    [
        pytest.param(int(5.5 * MB), id="5.5 MB, read by the server"),
        pytest.param(
            7 * MB,
            id="7 MB, past the server's memory limit",
        ),
    ],
)
def test_an_upload_over_5_mb_is_refused_with_a_message_and_nothing_is_kept(
    alice: User, alices_site: Crawl, size: int
) -> None:
    client = _logged_in(alice)
    before, batches = rows_of(alice), ImportBatch.objects.count()
    body = b"<html><body>" + b"<p>Applied to job</p>\n" * (size // 22) + b"</body></html>"
    answers = {}
    for action, form in _upload_forms(alices_site).items():
        response = _post_upload(client, form, "huge.html", body)
        errors = error_text(response.content.decode())  # type: ignore[attr-defined]
        answers[action] = (response.status_code, "5 MB" in errors)  # type: ignore[attr-defined]
    assert answers and all(a == (200, True) for a in answers.values()), answers
    assert rows_of(alice) == before
    assert ImportBatch.objects.count() == batches


def test_uploads_are_read_in_memory_and_nothing_serves_stored_files() -> None:
    assert settings.FILE_UPLOAD_HANDLERS == [
        "django.core.files.uploadhandler.MemoryFileUploadHandler"
    ]
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= 5 * MB
    served = [
        name
        for name, _, p in walk_patterns()
        if getattr(p.callback, "__module__", "") == "django.views.static"
    ]
    assert served == []


def _hostile_history_page() -> str:
    """The sample page saved as HTML, with a title that is a script and markup only a browser
    would run or show."""
    page = (FIXTURES / "history" / "connects_history_sample.html").read_text(encoding="utf-8")
    title = "Senior Full Stack Developer"
    assert title in page
    escaped = XSS.replace("<", "&lt;").replace(">", "&gt;")
    page = page.replace(title, f"{title} {escaped}")
    extra = f"<script>var x = '{PAYLOAD_ONLY}';</script><!-- {PAYLOAD_ONLY} -->{XSS_ATTRIBUTE}"
    return page.replace("<body", f"{extra}<body", 1)


def _hostile_job_page() -> str:
    return (
        f"<html><head><title>job</title><style>.{PAYLOAD_ONLY}{{}}</style></head><body>"
        f"<h1>Django developer {XSS.replace('<', '&lt;')}</h1>{XSS}{XSS_ATTRIBUTE}"
        "<p>Posted 2 hours ago</p><p>Send a proposal for: 16 Connects</p>"
        "<p>Payment method verified</p><p>19 jobs posted</p><p>27% hire rate, 1 open job</p>"
        f"<p>{XSS.replace('<', '&lt;')} wants a site</p></body></html>"
    )


def test_hostile_uploads_and_pastes_never_come_back_as_markup(
    alice: User, alices_site: Crawl, django_capture_on_commit_callbacks: Any
) -> None:
    client = _logged_in(alice)
    forms = {resolve(urlsplit(a).path).view_name: f for a, f in _upload_forms(alices_site).items()}
    answers = []
    # A saved job page, a saved history page, a CSV: each through its own upload form.
    answers.append(
        _post_upload(client, forms["vetting:vet"], "job.html", _hostile_job_page().encode())
    )
    history = _post_upload(
        client, forms["history:import"], "history.html", _hostile_history_page().encode()
    )
    answers.append(history)
    assert history.status_code == 302  # type: ignore[attr-defined]
    preview = client.get(history["Location"])  # type: ignore[index]
    answers.append(preview)
    confirm = parse_page(history["Location"], preview.content.decode())  # type: ignore[index]
    action = next(f.action for f in confirm.forms if f.action.endswith("/confirm/"))
    with django_capture_on_commit_callbacks(execute=True):
        answers.append(client.post(action))
    csv = (
        "submitted_at,job_title,job_url,connects\n"
        f'2026-01-05,"{XSS}",javascript:alert(1),10\n'
        f'2026-01-06,"{XSS_ATTRIBUTE}",https://www.upwork.com/jobs/~01abc,12\n'
    )
    upload = _post_upload(client, forms["ledger:applications_import"], "a.csv", csv.encode())
    answers.append(upload)
    page = parse_page("/applications/import/", upload.content.decode())  # type: ignore[attr-defined]
    batch = next(
        f.value for form in page.forms for f in form.fields if f.name == "batch" and f.value
    )
    answers.append(client.post("/applications/import/", {"batch": batch}))
    # And typed by hand into the form that takes the facts.
    answers.append(
        client.post(
            reverse("vetting:vet_manual"),
            {"title": XSS, "description": XSS_ATTRIBUTE, "client_country": XSS},
        )
    )
    stored = [str(v) for row in rows_of(alice).values() for v in row.values()]
    assert any(XSS in value for value in stored), "the hostile text was not stored: no test"

    everything = crawl(client, plain_pages(), per_view=8)
    responses = {f"answer {n}": r for n, r in enumerate(answers)} | everything.pages
    bodies = {}
    for where, response in responses.items():
        kind = response.get("Content-Type", "")  # type: ignore[attr-defined]
        body = response.content.decode("utf-8", "replace")  # type: ignore[attr-defined]
        assert kind.startswith(("text/html", "text/csv", "application/json")) or not body, kind
        assert response.get("X-Content-Type-Options") == "nosniff", where  # type: ignore[attr-defined]
        if kind.startswith("text/csv"):
            # Data for a spreadsheet, downloaded, never shown by the browser.
            assert response["Content-Disposition"].startswith("attachment"), where  # type: ignore[index]
            continue
        bodies[where] = body
        assert XSS not in body, where
        assert PAYLOAD_ONLY not in body, where
        # No element carries an event handler, a script or a javascript: link: the hostile
        # markup is text on every page (the parser is tested to see these, above).
        assert parse_page("/", body).inline == [], where
    assert any(escape(XSS) in body for body in bodies.values()), "not shown at all: no test"


def test_the_import_payload_is_dropped_once_written(
    alice: User, alices_site: Crawl, django_capture_on_commit_callbacks: Any
) -> None:
    client = _logged_in(alice)
    forms = {resolve(urlsplit(a).path).view_name: f for a, f in _upload_forms(alices_site).items()}
    history = _post_upload(
        client, forms["history:import"], "history.html", _hostile_history_page().encode()
    )
    batch = ImportBatch.objects.get(pk=resolve(history["Location"]).kwargs["pk"])  # type: ignore[index]
    assert PAYLOAD_ONLY in batch.payload  # kept for the worker until the import is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("history:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert batch.payload == ""
