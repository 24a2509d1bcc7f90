"""Bob never sees, changes or borrows anything of alice's: a walk over every model and URL.

Alice gets one or more objects of every model of ours (a builder per model; a model without a
builder fails the first test, so a new model cannot be forgotten). Every URL that names one of
her objects is then found twice over: by filling each URL pattern's integer converters with her
primary keys, and by crawling her pages for links, htmx URLs and forms that carry one. Bob
requests each with GET and POST: a 404 every time (405 where the page refuses GET to everyone),
nothing of hers in any answer, nothing of hers changed, and nothing of his pointing at hers. A
visitor who is not logged in is sent to the login page. Alice herself can open each pattern, so
the 404s are about ownership, not about URLs that lead nowhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.db.models import ForeignKey, Model, OneToOneField
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve, reverse
from django.urls.converters import IntConverter

from accounts.models import User
from api.services import api_token_create, api_token_revoke
from ledger.import_progress import batch_finish
from ledger.importers.applications_import import applications_csv_upload
from ledger.importers.history_import import history_import
from ledger.models import Application, ConnectsEntry, ImportBatch, Plan
from ledger.services import (
    application_correct,
    application_remove_duplicate,
    application_set_outcome,
    application_submit,
    connects_adjust,
    connects_grant,
    connects_purchase,
    ledger_settings_update,
)
from tests.security import Crawl, Form, crawl, local_url, plain_pages, walk_patterns
from vetting.facts import JobFacts
from vetting.models import Job, RuleResult, Vetting
from vetting.rules import Thresholds
from vetting.services import decision_skip, vetting_create, vetting_rescore, vetting_settings_save

pytestmark = pytest.mark.django_db

OUR_APPS = ("accounts", "vetting", "ledger", "dashboards", "api")
# The JSON API answers a session with 401 whoever asks: tests/api/test_isolation.py walks it
# with bob's token instead.
TOKEN_AUTHENTICATED = "api:"
# In every text alice types: no answer to bob may contain it.
CANARY = "AlicePrivate7Q"
HISTORY = Path(__file__).resolve().parents[1] / "fixtures" / "history"
NOW = datetime(2026, 1, 12, 12, 0, tzinfo=UTC)
LOGIN = "/accounts/login/"
NOBODYS_PK = 2_000_000_000

Built = dict[str, list[Model]]
Builder = Callable[[User, Built], list[Model]]
BUILDERS: dict[str, Builder] = {}


def builds(label: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        BUILDERS[label] = fn
        return fn

    return register


def our_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


# ---------------------------------------------------------------------------------------------
# One object (or more) of every model, built the way the app builds them: through services
# ---------------------------------------------------------------------------------------------
def _facts(n: int, **changes: object) -> JobFacts:
    facts = JobFacts(
        title=f"{CANARY} job {n}",
        description=f"{CANARY} wants a booking site built with Django.",
        job_url=f"https://www.upwork.com/jobs/~01a11ce{n:08d}",
        connects_required=16,
        proposals_min=5,
        proposals_max=10,
        client_country="Canada",
        client_jobs_posted=10,
        client_hire_rate=80,
        payment_verified=True,
    )
    return dataclasses.replace(facts, **changes)  # type: ignore[arg-type]


@builds("accounts.User")
def _users(alice: User, built: Built) -> list[Model]:
    return [alice]


@builds("vetting.VettingSettings")
def _vetting_settings(alice: User, built: Built) -> list[Model]:
    return [vetting_settings_save(user=alice, thresholds=Thresholds(hire_rate_min=60))]


@builds("vetting.ThresholdChange")
def _threshold_changes(alice: User, built: Built) -> list[Model]:
    # The settings builder saved a change already; "Use these" records the other kind.
    from vetting.models import ThresholdChange

    vetting_settings_save(
        user=alice, thresholds=Thresholds(hire_rate_min=40), source=ThresholdChange.Source.SUGGESTED
    )
    return list(ThresholdChange.objects.filter(user=alice))


@builds("vetting.Job")
def _jobs(alice: User, built: Built) -> list[Model]:
    return [
        vetting_create(
            owner=alice, facts=_facts(n), raw_text=f"{CANARY} paste {n}", source="paste", now=NOW
        ).job
        for n in (1, 2)
    ]


@builds("vetting.Vetting")
def _vettings(alice: User, built: Built) -> list[Model]:
    first = Vetting.objects.filter(owner=alice).order_by("pk").first()
    assert first is not None
    vetting_rescore(owner=alice, vetting=first, facts=_facts(1, interviewing=2))
    return list(Vetting.objects.filter(owner=alice))


@builds("vetting.RuleResult")
def _rule_results(alice: User, built: Built) -> list[Model]:
    return list(RuleResult.objects.filter(vetting__owner=alice))


@builds("vetting.Decision")
def _decisions(alice: User, built: Built) -> list[Model]:
    second_job = built["vetting.Job"][1]
    assert isinstance(second_job, Job)
    vetting = Vetting.objects.filter(job=second_job).first()
    assert vetting is not None
    return [decision_skip(owner=alice, vetting=vetting, on=date(2026, 1, 11))]


@builds("ledger.LedgerSettings")
def _ledger_settings(alice: User, built: Built) -> list[Model]:
    return [ledger_settings_update(owner=alice, plan=Plan.PLUS)]


@builds("ledger.Application")
def _applications(alice: User, built: Built) -> list[Model]:
    job = built["vetting.Job"][0]
    assert isinstance(job, Job)
    vetting = job.vettings.order_by("-pk").first()
    vetted = application_submit(
        owner=alice,
        job_title=f"{CANARY} application",
        job_url=job.url,
        submitted_on=date(2026, 1, 10),
        connects_paid=16,
        boost_connects=40,
        bid_amount=Decimal("450"),
        notes=f"{CANARY} notes",
        job=job,
        vetting=vetting,
    )
    cancelled = application_submit(
        owner=alice,
        job_title=f"{CANARY} cancelled",
        submitted_on=date(2026, 1, 11),
        connects_paid=10,
    )
    application_set_outcome(
        application=cancelled, outcome="client_cancelled", outcome_on=date(2026, 1, 20)
    )
    # Story 6: a corrected application and a removed duplicate (its page keeps its timeline).
    duplicate = application_submit(
        owner=alice,
        job_title=f"{CANARY} duplicate",
        submitted_on=date(2026, 1, 11),
        connects_paid=10,
    )
    application_correct(application=duplicate, connects_paid=12, submitted_on=date(2026, 1, 9))
    application_remove_duplicate(application=duplicate)
    return [vetted, cancelled, duplicate]


@builds("ledger.ConnectsEntry")
def _entries(alice: User, built: Built) -> list[Model]:
    connects_grant(owner=alice, connects=100, occurred_on=date(2026, 1, 1), monthly=True)
    connects_purchase(
        owner=alice,
        connects=80,
        usd_paid=Decimal("12"),
        occurred_on=date(2026, 1, 2),
        note=f"{CANARY} bundle",
    )
    connects_adjust(
        owner=alice, connects=20, note=f"{CANARY} correction", occurred_on=date(2026, 1, 12)
    )
    return list(ConnectsEntry.objects.filter(owner=alice))


@builds("ledger.ImportBatch")
def _import_batches(alice: User, built: Built) -> list[Model]:
    sample = (HISTORY / "connects_history_sample.txt").read_text(encoding="utf-8")
    waiting = ImportBatch.objects.create(
        owner=alice,
        kind=ImportBatch.Kind.HISTORY,
        payload=sample,
        parsed_at=NOW,
        file_name=f"{CANARY}.html",
    )
    done = ImportBatch.objects.create(
        owner=alice,
        kind=ImportBatch.Kind.HISTORY,
        state=ImportBatch.State.RUNNING,
        payload="",
        parsed_at=NOW,
    )
    summary = history_import(owner=alice, text=sample, saved_at=NOW, batch=done)
    batch_finish(done.pk, summary)
    csv_text = (
        "submitted_at,job_title,connects\n"
        f"2026-01-13,{CANARY} from a spreadsheet,12\n"
        f"2026-01-14,{CANARY} another one,14\n"
    )
    csv_batch, _ = applications_csv_upload(
        owner=alice, data=csv_text, file_name=f"{CANARY}.csv", today=date(2026, 2, 1)
    )
    assert csv_batch is not None
    return [waiting, done, csv_batch]


@builds("api.ApiToken")
def _api_tokens(alice: User, built: Built) -> list[Model]:
    active, _ = api_token_create(owner=alice, name=f"Chrome {CANARY}")
    revoked, _ = api_token_create(owner=alice, name="Old laptop")
    api_token_revoke(owner=alice, token=revoked)
    return [active, revoked]


@builds("accounts.SentEmail")
def _sent_emails(alice: User, built: Built) -> list[Model]:
    # Through the claims the digest and report write: one sent, one week closed without mail.
    from django.core.mail import EmailMultiAlternatives

    from accounts.mail import mark_done, send_once
    from dashboards.emails import report_claim
    from ledger.emails import digest_claim

    message = EmailMultiAlternatives(subject=f"{CANARY} report", body="-", to=[alice.email])
    send_once(report_claim(alice.pk, 2025, 12), message)
    mark_done(digest_claim(alice.pk, date(2026, 1, 12)))
    return list(alice.sent_emails.order_by("pk"))


def build_world(alice: User) -> Built:
    built: Built = {}
    for label, builder in BUILDERS.items():
        built[label] = builder(alice, built)
    return built


# ---------------------------------------------------------------------------------------------
# Whose row is it: the shortest chain of foreign keys from a model to the user
# ---------------------------------------------------------------------------------------------
def owner_lookup(model: type[Model]) -> str | None:
    if model is User:
        return "pk"
    queue: list[tuple[type[Model], str]] = [(model, "")]
    seen = {model}
    while queue:
        current, prefix = queue.pop(0)
        relations = [
            f for f in current._meta.concrete_fields if isinstance(f, ForeignKey | OneToOneField)
        ]
        for f in relations:
            if f.related_model is User:
                return f"{prefix}{f.name}"
        for f in relations:
            target = f.related_model
            if isinstance(target, type) and target not in seen and target is not User:
                seen.add(target)
                queue.append((target, f"{prefix}{f.name}__"))
    return None


def rows_of(user: User) -> dict[tuple[str, int], dict[str, object]]:
    """Every column of every row the user owns, keyed by (model, pk)."""
    rows: dict[tuple[str, int], dict[str, object]] = {}
    for model in our_models():
        lookup = owner_lookup(model)
        assert lookup is not None, f"{model._meta.label} has no owner"
        for obj in model._default_manager.filter(**{lookup: user.pk}).distinct():
            rows[(model._meta.label, obj.pk)] = {
                f.attname: f.value_from_object(obj) for f in model._meta.concrete_fields
            }
    return rows


def is_settings_model(model: type[Model]) -> bool:
    """A per-user settings row (one-to-one with the user), which any page may create."""
    return any(
        isinstance(f, OneToOneField) and f.related_model is User
        for f in model._meta.concrete_fields
    )


def links_across_owners(owner: User, other: User) -> list[str]:
    """Rows of `owner` whose foreign keys point at rows of `other`."""
    found = []
    for model in our_models():
        lookup = owner_lookup(model)
        for f in model._meta.concrete_fields:
            if not isinstance(f, ForeignKey) or f.related_model is User:
                continue
            target = f.related_model
            assert isinstance(target, type)
            target_lookup = owner_lookup(target)
            if lookup is None or target_lookup is None or target_lookup == "pk":
                continue
            if lookup.startswith(f"{f.name}__"):
                continue  # the chain that says whose row it is: same owner by definition
            crossing = model._default_manager.filter(
                **{lookup: owner.pk, f"{f.name}__{target_lookup}": other.pk}
            )
            found += [f"{model._meta.label} {pk} -> {f.name}" for pk in crossing.values_list("pk")]
    return found


# ---------------------------------------------------------------------------------------------
# URLs that name an object
# ---------------------------------------------------------------------------------------------
def _model_words() -> dict[str, type[Model]]:
    words: dict[str, type[Model]] = {}
    for model in our_models():
        words.setdefault(model._meta.model_name or "", model)
        words.setdefault(str(model._meta.verbose_name).split()[-1].lower(), model)
    return words


def _singular(word: str) -> str:
    word = word.lower().replace("-", "").replace("_", "")
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def model_named(word: str) -> type[Model] | None:
    """The model a URL segment or parameter names: "applications" -> Application, "vet" ->
    Vetting, "import" -> ImportBatch, "entries" -> ConnectsEntry; None when unclear."""
    word = _singular(word)
    if len(word) < 3:
        return None
    words = _model_words()
    if word in words:
        return words[word]
    candidates = [
        m
        for m in our_models()
        if (name := m._meta.model_name or "").startswith(word) or name.endswith(word)
    ]
    return min(candidates, key=lambda m: len(m._meta.model_name or "")) if candidates else None


def is_reference(name: str) -> bool:
    """Does a URL parameter or a form field of this name carry an object's primary key?"""
    name = name.lower()
    return (
        name in {"pk", "id"} or name.endswith(("_pk", "_id")) or _singular(name) in _model_words()
    )


@dataclass
class ObjectPattern:
    name: str
    route: str
    params: list[str]  # the integer converters that name objects
    model: type[Model] | None  # the model the URL is about, when its words say so
    other: dict[str, str] = field(default_factory=dict)  # values for the other converters

    def url(self, pk: int) -> str:
        return reverse(self.name, kwargs={**dict.fromkeys(self.params, pk), **self.other})


def object_patterns() -> list[ObjectPattern]:
    found = []
    for name, route, pattern in walk_patterns():
        if name.startswith(TOKEN_AUTHENTICATED):
            continue
        converters = getattr(pattern.pattern, "converters", {})
        params = [
            p for p, c in converters.items() if isinstance(c, IntConverter) and is_reference(p)
        ]
        if not params:
            continue
        other = {
            p: ("2026-01" if "month" in p else "1" if isinstance(c, IntConverter) else "x")
            for p, c in converters.items()
            if p not in params
        }
        before = route.split(f"<int:{params[0]}>")[0].strip("/").split("/")
        hint = params[0] if params[0] not in {"pk", "id"} else before[-1]
        found.append(ObjectPattern(name, route, params, model_named(hint), other))
    return found


def _referenced_pks(url: str, pks: set[int]) -> tuple[set[int], set[int]]:
    """(pks in the path's object parameters, pks in the query's object parameters)."""
    parts = urlsplit(url)
    in_path: set[int] = set()
    try:
        match = resolve(parts.path)
    except Exception:
        match = None
    if match is not None:
        for key, value in match.kwargs.items():
            if is_reference(key) and isinstance(value, int) and value in pks:
                in_path.add(value)
    in_query = {
        int(v)
        for k, v in parse_qsl(parts.query)
        if is_reference(k) and v.isdigit() and int(v) in pks
    }
    return in_path, in_query


def form_references(form: Form, pks: set[int]) -> bool:
    return any(
        is_reference(f.name) and f.value.strip().isdigit() and int(f.value) in pks
        for f in form.fields
    )


# ---------------------------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------------------------
@dataclass
class Walk:
    alice: User
    built: Built
    pks: set[int]  # every primary key of every object alice owns
    patterns: list[ObjectPattern]
    crawl: Crawl
    path_links: set[str]  # links whose path names one of her objects
    query_links: set[str]  # links naming one only in the query string
    forms: list[Form]  # POST forms whose action or fields name one

    def pks_of(self, model: type[Model] | None) -> list[int]:
        if model is None:
            return sorted(self.pks)
        lookup = owner_lookup(model)
        assert lookup is not None
        return sorted(
            model._default_manager.filter(**{lookup: self.alice.pk}).values_list("pk", flat=True)
        )


@pytest.fixture
def walk(alice: User, alice_client: Client) -> Walk:
    built = build_world(alice)
    pks = {pk for (_, pk) in rows_of(alice)}
    patterns = object_patterns()
    start = [*plain_pages(), *(p.url(pk) for p in patterns for pk in _hint_pks(p, alice))]
    seen = crawl(alice_client, start)
    path_links, query_links = set(), set()
    for link in seen.links:
        in_path, in_query = _referenced_pks(link, pks)
        if in_path:
            path_links.add(link)
        elif in_query:
            query_links.add(link)
    forms = [
        f
        for f in seen.forms
        if f.method == "post" and (any(_referenced_pks(f.action, pks)) or form_references(f, pks))
    ]
    return Walk(alice, built, pks, patterns, seen, path_links, query_links, forms)


def _hint_pks(pattern: ObjectPattern, owner: User) -> list[int]:
    if pattern.model is None:
        return []
    lookup = owner_lookup(pattern.model)
    return list(
        pattern.model._default_manager.filter(**{lookup or "pk": owner.pk}).values_list(
            "pk", flat=True
        )
    )


def _scrubbed(data: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
    """Alice's form as bob would send it: her references kept, her words replaced, so that any
    of her words in the answer came from the server."""

    def scrub(value: str) -> str:
        return value.replace(CANARY, "typed by bob")

    return {k: scrub(v) if isinstance(v, str) else [scrub(x) for x in v] for k, v in data.items()}


def _describe(response: HttpResponse) -> str:
    where = response.get("Location", "")
    return f"{response.status_code}{' -> ' + where if where else ''}"


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------
def test_every_model_of_ours_has_a_builder() -> None:
    labels = {m._meta.label for m in our_models()}
    missing = sorted(labels - BUILDERS.keys())
    assert not missing, (
        f"Models without a builder in {__name__}: {missing}. Add a @builds(...) function that "
        "gives alice one of them, so the isolation walk covers the new model's pages."
    )
    assert not BUILDERS.keys() - labels, "A builder names a model that no longer exists"


def test_every_model_of_ours_belongs_to_a_user() -> None:
    orphans = [m._meta.label for m in our_models() if owner_lookup(m) is None]
    assert not orphans, f"No chain of foreign keys leads from {orphans} to a user"


def test_alice_owns_at_least_one_object_of_every_model(alice: User) -> None:
    build_world(alice)
    counts = {label: 0 for label in BUILDERS}
    for label, _ in rows_of(alice):
        counts[label] += 1
    assert all(counts.values()), counts


def test_the_walk_finds_the_object_urls_and_alice_can_open_them(
    walk: Walk, alice_client: Client
) -> None:
    names = {p.name for p in walk.patterns}
    # A sanity floor: if these are not found, the walk itself is broken.
    assert {
        "ledger:application_detail",
        "ledger:application_outcome",
        "vetting:vetting_detail",
        "vetting:job_detail",
        "history:preview",
        "history:reclassify",
        "imports:progress",
    } <= names
    assert all(p.model is not None for p in walk.patterns), [
        p.name for p in walk.patterns if p.model is None
    ]
    # Alice's own pages link to her objects, and she can open them.
    assert walk.path_links
    assert any("?vetting=" in link for link in walk.query_links), walk.query_links
    assert any(f.action.startswith("/applications/") for f in walk.forms)
    for pattern in walk.patterns:
        answers = [
            alice_client.get(pattern.url(pk)).status_code for pk in walk.pks_of(pattern.model)
        ]
        assert answers, f"alice has no {pattern.model} for {pattern.name}"
        assert any(code != 404 for code in answers), f"{pattern.name}: alice gets {answers}"


def test_bob_gets_a_404_for_every_url_naming_alices_objects_and_changes_nothing(
    walk: Walk, alice: User, bob: User, bob_client: Client
) -> None:
    before = rows_of(alice)
    failures: list[str] = []
    requests = 0

    def check(method: str, url: str, expected: Iterable[int], **kwargs: object) -> None:
        nonlocal requests
        requests += 1
        response = getattr(bob_client, method)(url, **kwargs)
        body = response.content.decode("utf-8", "replace")
        if response.status_code not in set(expected) or CANARY in body:
            leak = " (shows alice's data)" if CANARY in body else ""
            failures.append(f"bob {method.upper()} {url}: {_describe(response)}{leak}")

    # A method the page refuses to everyone (405 before any lookup, the same for a primary key
    # nobody has) says nothing about alice's objects.
    refused = {
        (p.name, method): getattr(bob_client, method)(p.url(NOBODYS_PK)).status_code == 405
        for p in walk.patterns
        for method in ("get", "post")
    }

    def expected(name: str, method: str) -> list[int]:
        return [405] if refused.get((name, method)) else [404]

    # 1. Every object pattern, filled with every primary key alice has (of any model).
    for pattern in walk.patterns:
        for pk in sorted(walk.pks):
            url = pattern.url(pk)
            check("get", url, expected(pattern.name, "get"))
            check("post", url, expected(pattern.name, "post"))
        for pk in walk.pks_of(pattern.model):
            url = pattern.url(pk)
            check("post", url, expected(pattern.name, "post"), HTTP_HX_REQUEST="true")
    # 2. Every link on alice's pages that names one of her objects.
    for link in sorted(walk.path_links):
        name = resolve(urlsplit(link).path).view_name
        check("get", link, expected(name, "get"))
        check("post", link, expected(name, "post"))
    for link in sorted(walk.query_links):
        check("get", link, [404])
        # A POST does not read the query string: any answer but a 500, nothing of alice's in
        # it and nothing of hers changed (asserted at the end) will do.
        check("post", link, [200, 302, 404])
    # 3. Every form of hers that names one of her objects, replayed with her values.
    for form in walk.forms:
        in_path, _ = _referenced_pks(form.action, walk.pks)
        name = resolve(urlsplit(form.action).path).view_name
        ok = expected(name, "post") if in_path else [200, 302, 404]
        check("post", form.action, ok, data=_scrubbed(form.data()))

    assert not failures, f"{len(failures)} of {requests} requests:\n" + "\n".join(failures)
    assert rows_of(alice) == before, "bob's requests changed alice's data"
    assert links_across_owners(bob, alice) == []
    bobs = [label for label, _ in rows_of(bob) if not is_settings_model(apps.get_model(label))]
    assert bobs == ["accounts.User"], f"bob's requests created {bobs}"
    print(
        f"\nisolation walk: {len(walk.pks)} primary keys of alice over "
        f"{len(rows_of(alice))} rows, {len(walk.patterns)} object URL patterns, "
        f"{len(walk.crawl.pages)} pages crawled, {len(walk.path_links)} + "
        f"{len(walk.query_links)} links and {len(walk.forms)} forms naming her objects, "
        f"{requests} requests as bob"
    )


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(walk: Walk, alice: User) -> None:
    before = rows_of(alice)
    anonymous = Client()
    urls = {p.url(pk) for p in walk.patterns for pk in walk.pks_of(p.model)}
    urls |= walk.path_links | walk.query_links | {f.action for f in walk.forms}
    failures = []
    for url in sorted(urls):
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            if response.status_code != 302 or not response["Location"].startswith(LOGIN):
                failures.append(f"{method.upper()} {url}: {_describe(response)}")
    assert not failures, "\n".join(failures)
    assert rows_of(alice) == before


def test_bobs_own_pages_show_nothing_of_alices(walk: Walk, bob_client: Client) -> None:
    bobs = crawl(bob_client, plain_pages())
    assert len(bobs.pages) >= 15
    leaks = [url for url, r in bobs.pages.items() if CANARY in r.content.decode("utf-8", "replace")]
    assert not leaks, f"bob's pages show alice's data: {leaks}"


def test_alice_reaches_her_own_objects_with_post_so_bobs_404s_mean_something(
    walk: Walk, alice_client: Client
) -> None:
    # Last, because these change her data: the POST-only URLs answer her with something else
    # than a 404, so bob's 404 on the same URL is about ownership.
    for pattern in walk.patterns:
        answers = [
            alice_client.post(pattern.url(pk)).status_code for pk in walk.pks_of(pattern.model)
        ]
        assert any(code != 404 for code in answers), f"{pattern.name}: alice gets {answers}"


def test_the_same_site_filter_keeps_paths_and_drops_other_sites() -> None:
    assert local_url("/applications/3/?next=/x") == "/applications/3/?next=/x"
    assert local_url("http://testserver/jobs/1/") == "/jobs/1/"
    assert local_url("https://www.upwork.com/jobs/~01") is None
    assert local_url("/static/css/bidbook.css") is None
    assert _singular("entries") == "entry"
    assert model_named("applications") is Application
    assert model_named("vet") is Vetting
    assert model_named("import") is ImportBatch
    assert model_named("entries") is ConnectsEntry
