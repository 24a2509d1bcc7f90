"""Every form, every field, every bad value: an answer with the field's error, never a 500.

The forms are found by crawling alice's pages (alice has one object of every kind, see
test_isolation_walk), so a new form is fuzzed without anyone adding it here. Each field of each
POST form is sent missing, empty, negative, huge, not a number, the wrong type (a list, a file),
a script, a NUL byte and a 200 KB string, the other fields keeping the values the page gave.
The answer must not be a server error; when it is the form again (200), it must say what is
wrong, and each field error must name its field by its label. GET forms (the filters) are
fuzzed the same way and must not fail either.
"""

from __future__ import annotations

import html
import re
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve

from accounts.models import User
from tests.security import Form, crawl, plain_pages
from tests.security.test_isolation_walk import build_world
from tests.security.test_web_security import error_text

pytestmark = [
    pytest.mark.django_db,
    # The login form's counters use the username in a cache key: a 200 KB or NUL username is
    # fine for the local-memory and Redis caches, and only memcached would warn.
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

HUGE = "x" * 200_000
CASES: dict[str, object] = {
    "missing": None,
    "empty": "",
    "-1": "-1",
    "-99999999999": "-99999999999",
    "1e309": "1e309",
    "NaN": "NaN",
    "abc": "abc",
    "400 nines": "9" * 400,
    "a script": "<script>alert(1)</script>",
    "a NUL byte": "1\x00",
    "a list": ["1", "2"],
    "a file": "FILE",
    "200 KB": HUGE,
}
# Forms the fuzzer must not post: logging out would end the run.
SKIPPED_VIEWS = frozenset({"logout"})
_FIELD_ERROR = re.compile(r'<p class="field-error"[^>]*>(.*?)</p>', re.DOTALL)
# What names a field on the page: its <label>, or the <legend> of a group of checkboxes.
_LABEL = re.compile(r"<(label|legend)\b[^>]*>(.*?)</\1>", re.DOTALL)
# Fuzzed apart, by test_a_next_that_is_not_a_path_sends_back_to_the_form_page below.
NOT_FUZZED_HERE = frozenset({"csrfmiddlewaretoken", "next"})


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    yield
    cache.clear()  # leave no failed-login counts behind for the tests that run after these


@dataclass
class Results:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)
    fields: int = 0
    cases: int = 0  # (field, case) pairs sent


def _view(url: str) -> str:
    return resolve(urlsplit(url).path).view_name


def _unique_forms(forms: list[Form], method: str) -> Iterator[tuple[Form, bool]]:
    """(form, seen before): one form per (view, fields), so the same form on fifty rows is
    fuzzed once; a form class seen under another view (the facts form by hand and as a
    correction) is flagged, to be fuzzed with a sample of the cases."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    field_sets: set[tuple[str, ...]] = set()
    for form in forms:
        if form.method != method or _view(form.action).split(":")[-1] in SKIPPED_VIEWS:
            continue
        names = tuple(sorted(set(form.names) - NOT_FUZZED_HERE))
        key = (_view(form.action), names)
        if key not in seen:
            seen.add(key)
            yield form, names in field_sets
            field_sets.add(names)


def _payload(form: Form, name: str, value: object) -> dict[str, Any]:
    data: dict[str, Any] = dict(form.data())
    data.pop(name, None)
    if value == "FILE":
        data[name] = SimpleUploadedFile("x.txt", b"not what was asked for")
    elif value is not None:
        data[name] = value
    return data


def _check_answer(form: Form, name: str, case: str, response: Any, results: Results) -> None:
    where = f"{form.action} {name}={case}"
    results.statuses[response.status_code] += 1
    if response.status_code >= 500:
        results.failures.append(f"{where}: {response.status_code}")
        return
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return
    body = response.content.decode("utf-8", "replace")
    if f'name="{name}"' not in body:
        return  # not the form again: a page of its own
    if not error_text(body):
        results.failures.append(f"{where}: the form came back without saying what is wrong")
        return
    labels = {_text(m.group(2)) for m in _LABEL.finditer(body)} - {""}
    for message in _FIELD_ERROR.findall(body):
        text = _text(message)
        if not any(text.startswith(f"{label}:") for label in labels):
            results.failures.append(f"{where}: an error that names no field: {text[:120]}")


def _kind(form: Form, name: str) -> tuple[str, str]:
    """What a field looks like to a browser: its tag and input type."""
    f = next(f for f in form.fields if f.name == name)
    return f.tag, f.type


def fuzz(client: Client, forms: list[Form], method: str, results: Results) -> None:
    cases = list(CASES.items())
    for form, seen_before in _unique_forms(forms, method):
        results.forms.add(f"{method.upper()} {form.action}")
        names = [n for n in form.names if n not in NOT_FUZZED_HERE]
        results.fields += len(names)
        kinds_done: set[tuple[str, str]] = set()
        for i, name in enumerate(names):
            # Every case on the first field of each kind (tag and type) of a form; the other
            # fields of that kind, and a form class already fuzzed under another view, get
            # three cases each, turning, so every case still reaches every kind and view.
            full = not seen_before and _kind(form, name) not in kinds_done
            kinds_done.add(_kind(form, name))
            chosen = cases if full else [cases[(3 * i + k) % len(cases)] for k in range(3)]
            for case, value in chosen:
                if method == "get" and value == "FILE":
                    continue
                results.requests += 1
                results.cases += 1
                cache.clear()  # the login limit would otherwise answer 429 after five tries
                try:
                    if method == "post":
                        response = client.post(form.action, _payload(form, name, value))
                    else:
                        path = urlsplit(form.action).path
                        response = client.get(path, _payload(form, name, value))
                except Exception as exc:
                    tail = "".join(traceback.format_exception(exc)[-3:])
                    results.failures.append(f"{form.action} {name}={case}: raised\n{tail}")
                    continue
                _check_answer(form, name, case, response, results)


def _report(results: Results) -> str:
    return (
        f"{len(results.forms)} forms, {results.fields} fields, {len(CASES)} cases, "
        f"{results.requests} requests, statuses {dict(sorted(results.statuses.items()))}"
    )


def test_every_post_form_alice_can_reach_answers_bad_values_with_an_error_never_a_500(
    alice: User, alice_client: Client
) -> None:
    build_world(alice)
    found = crawl(alice_client, plain_pages())
    results = Results()
    fuzz(alice_client, found.forms, "post", results)
    print(f"\nform fuzz (POST, alice): {_report(results)}")
    assert len(results.forms) >= 15, sorted(results.forms)
    assert not results.failures, "\n".join(results.failures[:50])


def test_the_forms_of_a_visitor_not_logged_in_answer_bad_values_too() -> None:
    anonymous = Client()
    found = crawl(anonymous, plain_pages())
    results = Results()
    fuzz(anonymous, found.forms, "post", results)
    print(f"\nform fuzz (POST, logged out): {_report(results)}")
    assert {"/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"} <= {
        f.split()[1] for f in results.forms
    }
    assert not results.failures, "\n".join(results.failures[:50])


def test_every_filter_form_survives_bad_values(alice: User, alice_client: Client) -> None:
    build_world(alice)
    found = crawl(alice_client, plain_pages())
    results = Results()
    fuzz(alice_client, found.forms, "get", results)
    print(f"\nform fuzz (GET filters): {_report(results)}")
    assert len(results.forms) >= 3, sorted(results.forms)
    assert not [f for f in results.failures if "raised" in f or ": 5" in f], results.failures


def test_a_next_that_is_not_a_path_sends_back_to_the_form_page(
    alice: User, alice_client: Client
) -> None:
    build_world(alice)
    found = crawl(alice_client, plain_pages())
    forms = [f for f, _ in _unique_forms(found.forms, "post") if "next" in f.names]
    assert len(forms) >= 4
    failures = []
    for form in forms:
        for value in ("abc", "-1", "1e309", "", "/applications/", "https://evil.example/"):
            try:
                response = alice_client.post(form.action, _payload(form, "next", value))
            except Exception as exc:
                failures.append(f"{form.action} next={value}: {type(exc).__name__}: {exc}")
                continue
            if response.status_code >= 500:
                failures.append(f"{form.action} next={value}: {response.status_code}")
            elif response.status_code == 302:
                assert not response["Location"].startswith("https://evil"), "an open redirect"
    assert failures == []
